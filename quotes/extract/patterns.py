"""Rules as data for the article quote extractor: cue verbs, titles, pronouns and the regexes built
from them, and the id of every rule an extracted item can carry (`RULES`).

Everything the extractor recognises lives here as plain tables, so a rule can be tested on its own
and extended without touching the control flow of the pipeline's modules (`text`, `marks`,
`names`, `spans`, `attribution`, `phrases`, `indirect`, `resolve`): every regular expression and
word list they use is defined here.
"""

from __future__ import annotations

import re

__all__ = [
    "ABBREVIATIONS",
    "ACCORDING_FIND",
    "ACCORDING_SOURCE_CUT_RE",
    "ACCORDING_SOURCE_RE",
    "ACCORDING_TO_RE",
    "ADVERB_END",
    "AND_SAID_END_RE",
    "APPOSITIVE_RE",
    "APPOSITIVE_START_RE",
    "ASIDE_MARK_RE",
    "ASIDE_OPENERS",
    "ASKED_BY_RE",
    "ASKED_LEAD_RE",
    "ASKED_OBJECT_RE",
    "ASKED_QUESTION_RE",
    "ASK_CUES",
    "AUX_END_RE",
    "AUX_END_WORDS",
    "AUX_LAST_WORDS",
    "AUX_SKIP",
    "AUX_WORDS",
    "BOAST_OF_RE",
    "CAPITALISED_WORD_RE",
    "CLAUSE_END_RE",
    "CLAUSE_START_BAD",
    "CLAUSE_START_OK",
    "CLOSERS",
    "COLON_NAME_RE",
    "COMMA_RE",
    "CONTINUE_CUES",
    "CONTRACTION_RE",
    "COUNTRY_NAMES",
    "CUE_ADVERB",
    "CUE_FIND",
    "CUE_FORMS",
    "CUE_FORM_SETS",
    "CUE_RE",
    "CUE_SCAN",
    "CUE_SCAN_FORMS",
    "CUE_VERBS",
    "DASH_SPEAKER_RE",
    "DATELINE_RE",
    "DESCRIBED_NAME_RE",
    "DESCRIPTOR_RE",
    "DOCUMENT_CUES",
    "DOCUMENT_FIND",
    "DOCUMENT_RE",
    "DOCUMENT_TRAILING_WORDS",
    "FEMALE_FIRST_NAMES",
    "FEMALE_WORDS",
    "FIRST_NAMES_ALL",
    "FIRST_WORD_RE",
    "FROM_HEADER_RE",
    "FRONTED_PRONOUN_RE",
    "GENDER_PRONOUN_RE",
    "GENERIC_NP",
    "HEADER_NAME_RE",
    "HEADLINE_NAME_RE",
    "HEADLINE_SAYS_CUE_RE",
    "HEADLINE_SAYS_RE",
    "HONORIFICS",
    "HTML_BLOCK_RE",
    "HTML_DROP_CLOSE_RE",
    "HTML_DROP_OPEN_RE",
    "HTML_ENTITY_RE",
    "HTML_TAG_RE",
    "INDIRECT_FIND",
    "INITIALS_RE",
    "INTERVIEW_RE",
    "LAST_WORDS_TEMPLATE",
    "LEAD_AT_RE",
    "LEAD_RE",
    "LEAD_TIME_HEAD_RE",
    "LEAD_TIME_RE",
    "LOOKS_HTML_RE",
    "LOOSE_DESC_NAME_RE",
    "LOOSE_NAME_RE",
    "LOOSE_NP_RE",
    "LOOSE_SUBJECT_RE",
    "LOWER_WORDS_RE",
    "LOWER_WORD_RE",
    "LY_ADVERB_RE",
    "MALE_FIRST_NAMES",
    "MALE_WORDS",
    "MID_RE",
    "MIXED",
    "MIXED_CUES",
    "MIXED_CUE_RE",
    "MIXED_FIND",
    "NAME",
    "NAMED_BODY_RE",
    "NAME_END",
    "NAME_MENTION_RE",
    "NAME_ROLE_END",
    "NOT_BEFORE_SUBJECT",
    "NOT_CLAUSE_START",
    "NOT_HOLDERS",
    "NOT_LEAD_WORDS",
    "NOT_SOURCES",
    "NOT_SPEAKER_LABELS",
    "NOT_STANCE_VERBS",
    "NOT_VERBS",
    "NP_BREAKERS",
    "OBJECT_CUES",
    "OBJECT_END_RE",
    "OBJECT_FIND",
    "OBJECT_PARTICIPLES",
    "OBJECT_PARTICIPLE_RE",
    "OBJECT_TIME_END_RE",
    "OBJ_RE",
    "OFFICE_OF_RE",
    "OF_ABOUT_RE",
    "OF_PLACE_END_RE",
    "OPENERS",
    "ORG_WORDS",
    "OUTLETS",
    "PARA_RE",
    "PARENTHETICAL_END",
    "PARTIAL_CUES",
    "PARTIAL_CUE_RE",
    "PARTIAL_CUT_RE",
    "PARTIAL_FIND",
    "PARTICIPLE_AFTER_RE",
    "PARTICIPLE_END_RE",
    "PARTICIPLE_JOINT_RE",
    "PARTICIPLE_RE",
    "PARTICIPLE_SAY",
    "PARTICIPLE_WORD_RE",
    "PARTY_TAG_RE",
    "PASSIVE_BY_RE",
    "PEOPLE_PLURALS",
    "PLACE_NAMES",
    "PLAIN_CUES",
    "POSSESSIVE_END_RE",
    "POSSESSIVE_SPLIT_RE",
    "PRESENT_CUES",
    "PROGRESSIVE_RE",
    "PRONOUNS",
    "QUOTED_AS_RE",
    "QUOTE_MARK_ANY_RE",
    "QUOTE_MARK_RE",
    "QUOTE_NAME_VERBED_RE",
    "QUOTE_VERBED_NAME_RE",
    "REFLEXIVE_CUES",
    "RELATIVE_WORD_RE",
    "REPORTEDLY_RE",
    "ROLE_NOUNS",
    "ROLE_THEN_NAME_RE",
    "RULES",
    "SAID_ASIDE_RE",
    "SAY_FAMILY",
    "SCARE_QUOTE_LAST_WORDS",
    "SCARE_QUOTE_LEAD_RE",
    "SCARE_QUOTE_WORDS",
    "SENTENCE_BOUNDARY_RE",
    "SENTENCE_END_WORD_RE",
    "SENTENCE_OPENERS",
    "SENTENCE_OPENER_EXCEPTIONS",
    "SENTENCE_STOPWORDS",
    "SIGNATURE_RE",
    "SPACES_NL_RE",
    "SPACES_RE",
    "SPEAKER_FULL",
    "SPEAKER_NP",
    "SPEAKER_OF_RE",
    "SPEECH_FORMS",
    "SPEECH_SUBJECT_CUES",
    "SPOKESPERSON_FOR_RE",
    "STANCE_CUES",
    "STANCE_FIND",
    "STANCE_PRONOUNS",
    "STANCE_THAT_ONLY",
    "STANCE_VERB_RE",
    "SUBJECT_START_RE",
    "SUBJECT_VERB_RE",
    "SUBJECT_WHEN_END",
    "SUBORDINATORS",
    "TAIL_RE",
    "TAIL_SUFFIX",
    "THAT_AFTER_RE",
    "THAT_PREFIX_WORDS",
    "THAT_RE",
    "THAT_START_RE",
    "TIME_RE",
    "TITLES",
    "TITLE_SMALL",
    "TOKEN_RE",
    "TRAILING_NAME_RE",
    "TRANSCRIPT_ANSWER",
    "TRANSCRIPT_QUESTION",
    "TRANSCRIPT_RE",
    "VERBISH_RE",
    "VIA_OK",
    "WEAK_CUES",
    "WHO_APPOSITIVE_END_RE",
    "WHO_COMMA_RE",
    "WHO_CUE_RE",
    "WHO_HEAD_RE",
    "WITH_SUBJECT_END_RE",
    "WORD_RE",
    "cue_form_re",
    "word_alternation",
]

# Reporting verbs: lemma -> (past, third person singular, -ing); the past is also the participle.
CUE_VERBS: dict[str, tuple[str, str, str]] = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "add": ("added", "adds", "adding"),
    "write": ("wrote", "writes", "writing"),
    "ask": ("asked", "asks", "asking"),
    "explain": ("explained", "explains", "explaining"),
    "note": ("noted", "notes", "noting"),
    "argue": ("argued", "argues", "arguing"),
    "claim": ("claimed", "claims", "claiming"),
    "insist": ("insisted", "insists", "insisting"),
    "warn": ("warned", "warns", "warning"),
    "stress": ("stressed", "stresses", "stressing"),
    "continue": ("continued", "continues", "continuing"),
    "recall": ("recalled", "recalls", "recalling"),
    "report": ("reported", "reports", "reporting"),
    "announce": ("announced", "announces", "announcing"),
    "boast": ("boasted", "boasts", "boasting"),
    "declare": ("declared", "declares", "declaring"),
    "state": ("stated", "states", "stating"),
    "acknowledge": ("acknowledged", "acknowledges", "acknowledging"),
    "admit": ("admitted", "admits", "admitting"),
    "remark": ("remarked", "remarks", "remarking"),
    "reply": ("replied", "replies", "replying"),
    "respond": ("responded", "responds", "responding"),
    "answer": ("answered", "answers", "answering"),
    "tweet": ("tweeted", "tweets", "tweeting"),
    "post": ("posted", "posts", "posting"),
    "quip": ("quipped", "quips", "quipping"),
    "joke": ("joked", "jokes", "joking"),
    "complain": ("complained", "complains", "complaining"),
    "suggest": ("suggested", "suggests", "suggesting"),
    "observe": ("observed", "observes", "observing"),
    "emphasize": ("emphasized", "emphasizes", "emphasizing"),
    "emphasise": ("emphasised", "emphasises", "emphasising"),
    "concede": ("conceded", "concedes", "conceding"),
    "counter": ("countered", "counters", "countering"),
    "predict": ("predicted", "predicts", "predicting"),
    "promise": ("promised", "promises", "promising"),
    "pledge": ("pledged", "pledges", "pledging"),
    "vow": ("vowed", "vows", "vowing"),
    "confirm": ("confirmed", "confirms", "confirming"),
    "deny": ("denied", "denies", "denying"),
    "allege": ("alleged", "alleges", "alleging"),
    "maintain": ("maintained", "maintains", "maintaining"),
    "contend": ("contended", "contends", "contending"),
    "conclude": ("concluded", "concludes", "concluding"),
    "lament": ("lamented", "laments", "lamenting"),
    "caution": ("cautioned", "cautions", "cautioning"),
    "urge": ("urged", "urges", "urging"),
    "shout": ("shouted", "shouts", "shouting"),
    "yell": ("yelled", "yells", "yelling"),
    "chant": ("chanted", "chants", "chanting"),
    "whisper": ("whispered", "whispers", "whispering"),
    "exclaim": ("exclaimed", "exclaims", "exclaiming"),
    "recount": ("recounted", "recounts", "recounting"),
    "testify": ("testified", "testifies", "testifying"),
    "verify": ("verified", "verifies", "verifying"),
    "reveal": ("revealed", "reveals", "revealing"),
    "disclose": ("disclosed", "discloses", "disclosing"),
    "muse": ("mused", "muses", "musing"),
    "wonder": ("wondered", "wonders", "wondering"),
    "blast": ("blasted", "blasts", "blasting"),
    "charge": ("charged", "charges", "charging"),
    "assert": ("asserted", "asserts", "asserting"),
    "agree": ("agreed", "agrees", "agreeing"),
    "indicate": ("indicated", "indicates", "indicating"),
    "mention": ("mentioned", "mentions", "mentioning"),
    "signal": ("signaled", "signals", "signaling"),
    "point out": ("pointed out", "points out", "pointing out"),
    "go on": ("went on", "goes on", "going on"),
    "put": ("put it", "puts it", "putting it"),
    "tout": ("touted", "touts", "touting"),
    "brag": ("bragged", "brags", "bragging"),
    "insinuate": ("insinuated", "insinuates", "insinuating"),
    "boom": ("boomed", "booms", "booming"),
    "scoff": ("scoffed", "scoffs", "scoffing"),
    "sigh": ("sighed", "sighs", "sighing"),
    "snap": ("snapped", "snaps", "snapping"),
    "cry out": ("cried out", "cries out", "crying out"),
    "retort": ("retorted", "retorts", "retorting"),
    "demand": ("demanded", "demands", "demanding"),
    "proclaim": ("proclaimed", "proclaims", "proclaiming"),
    "speculate": ("speculated", "speculates", "speculating"),
    "estimate": ("estimated", "estimates", "estimating"),
    "read": ("read", "reads", "reads"),  # "…,” the letter read.
    "assure": ("assured", "assures", "assuring"),
    "find": ("found", "finds", "finding"),
    "show": ("showed", "shows", "showing"),
}

# Cues that need an object before a that-clause ("told Politico that", "assured voters that").
REFLEXIVE_CUES: frozenset[str] = frozenset({"told", "tells", "telling", "assured", "reminded"})

CUE_FORMS: tuple[str, ...] = tuple(
    sorted({form for forms in CUE_VERBS.values() for form in forms}, key=len, reverse=True)
)
# The plain present of the commonest speech verbs, after a plural subject: "…, analysts say.",
# "“…,” say officials at the bank", "The bill will fail, Democrats warn." (a subset of
# PLAIN_CUES, which the indirect rules also read before a clause).
PRESENT_CUES: tuple[str, ...] = (
    "say", "tell", "argue", "insist", "warn", "add", "write", "explain", "contend", "predict",
    "acknowledge", "admit", "concede", "complain", "allege", "assert", "declare", "recall",
    "stress",
)  # fmt: skip
# The cue forms of attributions before or after a quote and of closing clauses.
SPEECH_FORMS: tuple[str, ...] = tuple(
    sorted(set(CUE_FORMS) | set(PRESENT_CUES), key=len, reverse=True)
)

# Verbs that only count as a cue when the clause has a subject which can hold an opinion: the weak
# ones ("found", "showed") appear in reports and polls but not after a quote.
WEAK_CUES: frozenset[str] = frozenset(
    {"found", "finds", "finding", "showed", "shows", "showing", "estimated", "estimates"}
    | {"estimating", "posted", "posts", "posting", "demanded", "demands", "demanding"}
)

# Adverbs and auxiliaries allowed between a speaker and the cue ("also said", "has long said").
CUE_ADVERB = (
    r"(?:(?:also|later|then|previously|recently|once|has|had|have|reportedly|publicly|repeatedly"
    r"|further|again|flatly|simply|bluntly|first|last|earlier|often|frequently|would|will|has"
    r"|privately|angrily|quietly|proudly|openly|explicitly|initially|subsequently|separately"
    r"|sarcastically|forcefully|famously|memorably|falsely|correctly|wrongly|never|even|just"
    r"|told\s+\w+\s+and|once\s+again|privately|still|now|continued\s+to|continues\s+to"
    r"|went\s+on\s+to|began\s+to|tried\s+to|seemed\s+to|appeared\s+to|did\s+not|does\s+not"
    r"|do\s+not|however|though|too|meanwhile|instead|indeed|likewise|similarly)\s+){0,3}"
)
# A parenthetical between a subject and its verb: "Ayotte's campaign, for example, said".
PARENTHETICAL_END = re.compile(
    r",\s*(?:for\s+example|for\s+instance|however|though|meanwhile|in\s+turn|too|instead"
    r"|in\s+fact|in\s+response|in\s+contrast|by\s+contrast|for\s+(?:its|his|her|their)\s+part)"
    r"\s*,?\s*$"
)

# Honorifics and offices that may precede a name; they are dropped from the resolved speaker.
TITLES: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt",
        "prof", "rev", "pres", "adm", "maj", "cmdr", "gens", "sens", "reps", "amb", "atty",
        "president", "vice", "prime", "minister", "senator", "secretary", "governor", "mayor",
        "representative", "congressman", "congresswoman", "chairman", "chairwoman", "judge",
        "justice", "general", "ambassador", "director", "professor", "former", "sir", "dame",
        "lord", "lady", "king", "queen", "prince", "princess", "pope", "attorney", "speaker",
        "leader", "chancellor", "commissioner", "sheriff", "chief", "candidate", "nominee",
        "gop", "democratic", "republican", "presidential", "state", "foreign", "defense",
        "defence", "deputy", "acting", "first", "officer", "spokesman", "spokeswoman",
        "spokesperson", "sergeant", "captain", "colonel", "lieutenant", "admiral", "pastor",
        "father", "bishop", "cardinal", "rabbi", "imam", "sheikh", "emir", "sultan", "sheik",
        "ag", "del", "u.s.", "us", "house", "senate", "majority", "minority", "whip", "democrat",
        "assistant", "associate", "executive", "managing", "federal", "district", "county",
        "supreme", "court", "council", "councilman", "councilwoman", "delegate", "agent",
    }
)  # fmt: skip

# Honorifics right before a surname: after one, a title word is the surname ("Mr. King").
HONORIFICS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "prof", "rev", "sir", "dame"}
)
FEMALE_WORDS: frozenset[str] = frozenset(
    {"mrs", "ms", "miss", "she", "her", "hers", "herself", "congresswoman", "chairwoman",
     "spokeswoman", "dame", "lady", "queen", "princess", "councilwoman", "businesswoman"}
)  # fmt: skip
MALE_WORDS: frozenset[str] = frozenset(
    {"mr", "he", "him", "his", "himself", "congressman", "chairman", "spokesman", "sir",
     "lord", "king", "prince", "councilman", "father", "businessman"}
)  # fmt: skip

PRONOUNS: dict[str, str] = {
    "he": "m", "she": "f", "they": "p", "it": "n", "i": "1", "we": "1",
}  # fmt: skip

# Words that make a capitalised phrase an organisation rather than a person.
ORG_WORDS: frozenset[str] = frozenset(
    {
        "department", "ministry", "times", "post", "news", "journal", "committee", "party",
        "campaign", "agency", "office", "council", "foundation", "institute", "university",
        "inc", "corp", "company", "group", "association", "center", "centre", "house", "senate",
        "congress", "court", "administration", "commission", "bureau", "service", "services",
        "network", "press", "radio", "television", "tv", "magazine", "review", "tribune",
        "herald", "guardian", "daily", "channel", "wire", "union", "bank", "fund", "board",
        "organization", "organisation", "coalition", "alliance", "pac", "government", "army",
        "police", "school", "college", "club", "society", "project", "report", "poll",
        "survey", "study", "gazette", "observer", "telegraph", "independent", "express",
        "mirror", "examiner", "monitor", "chronicle", "today", "politifact", "blog", "website",
        "force", "forces", "navy", "command", "embassy", "kremlin", "pentagon", "parliament",
        "assembly", "cabinet", "staff", "team", "institution", "federation", "league",
    }
)  # fmt: skip

# News outlets that may be a speaker ("Politico reported") or the addressee of "told".
OUTLETS: frozenset[str] = frozenset(
    {
        "politico", "reuters", "cnn", "nbc", "abc", "cbs", "msnbc", "fox", "fox news", "ap",
        "afp", "bbc", "bloomberg", "axios", "breitbart", "npr", "pbs", "the associated press",
        "associated press", "the new york times", "the washington post", "the wall street journal",
        "usa today", "the hill", "buzzfeed", "buzzfeed news", "huffpost", "the huffington post",
        "the guardian", "the atlantic", "vox", "slate", "time", "newsweek", "the daily beast",
        "the intercept", "mother jones", "the economist", "financial times", "the times",
        "tass", "ria novosti", "interfax", "armenpress", "azatutyun", "al jazeera", "cnbc",
        "c-span", "univision", "telemundo", "the new yorker", "forbes", "yahoo news",
        "the daily caller", "the blaze", "national review", "salon", "the nation", "rt",
        "sputnik", "the western journal", "western journal", "politifact", "factcheck.org",
    }
)  # fmt: skip

# Capitalised words that start a sentence but are not part of a name.
# Places that read like names ("South Carolina is …"): states and cities never speak in the news,
# so they are never a speaker's name nor what a "he" or "she" refers to. (Not "Washington",
# "Georgia" or "Virginia": also people's names.)
PLACE_NAMES: frozenset[str] = frozenset(
    [
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
        "delaware", "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
        "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
        "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon",
        "pennsylvania", "tennessee", "texas", "utah", "vermont", "wisconsin", "wyoming",
        "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
        "south carolina", "south dakota", "rhode island", "west virginia", "iowa city",
        "las vegas", "los angeles", "san francisco", "chicago", "boston", "new york city",
        "manhattan", "brooklyn", "houston", "dallas", "miami", "detroit", "philadelphia",
        "baltimore", "atlanta", "paris", "london", "brussels", "berlin",
    ]
)  # fmt: skip
# Countries speak for their governments ("Japan called it an outlaw nation"), but a "he" or a
# "she" never refers to one.
COUNTRY_NAMES: frozenset[str] = frozenset(
    [
        "united states", "america", "u.s.", "britain", "great britain", "united kingdom",
        "england", "scotland", "ireland", "france", "germany", "italy", "spain", "russia",
        "ukraine", "china", "japan", "india", "pakistan", "afghanistan", "iraq", "iran",
        "syria", "israel", "egypt", "mexico", "canada", "brazil", "cuba", "turkey",
        "saudi arabia", "north korea", "south korea", "europe", "asia", "africa",
        "middle east",
    ]
)  # fmt: skip
SENTENCE_STOPWORDS: frozenset[str] = frozenset(
    {
        "the", "a", "an", "but", "and", "or", "so", "yet", "in", "on", "at", "as", "when",
        "after", "before", "while", "meanwhile", "however", "still", "also", "then", "now",
        "if", "though", "although", "because", "since", "this", "that", "these", "those",
        "his", "her", "their", "its", "our", "my", "your", "there", "here", "for", "with",
        "without", "from", "by", "of", "to", "about", "during", "under", "over", "last",
        "next", "speaking", "asked", "told", "said", "says", "according", "indeed", "instead",
        "later", "earlier", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december",
        "even", "only", "just", "both", "all", "some", "many", "most", "few", "other",
        "another", "each", "every", "no", "not", "yes", "why", "what", "who", "where", "how",
        "which", "whether", "writing", "like", "unlike", "despite", "until", "once",
        "perhaps", "maybe", "nor", "thus", "hence", "moreover", "furthermore", "besides",
        "overall", "finally", "first", "second", "third", "again", "please", "mr.", "update",
        "read", "comments", "photo", "video", "watch", "related", "advertisement", "i", "we",
        "you", "he", "she", "they", "it", "one", "two", "three", "among", "between", "against",
        "through", "into", "onto", "upon", "within", "via", "per", "amid", "regarding",
        "afterwards", "afterward", "subsequently", "separately", "similarly", "likewise",
        "nevertheless", "nonetheless", "additionally", "previously", "recently", "initially",
        "eventually", "ultimately", "tonight", "notably",
    }
)  # fmt: skip

# Words that open a sentence and are no one's name when they stand alone as a subject (with
# SENTENCE_STOPWORDS), and the stopwords that do name someone: the pronouns.
SENTENCE_OPENERS = frozenset({"a", "an", "there", "here", "early", "late", "this", "that"})
SENTENCE_OPENER_EXCEPTIONS = frozenset(
    {"i", "we", "you", "he", "she", "they", "it", "me", "us", "him", "her", "them"}
)
# A capitalised word of a proper name: "Stradner", "O'Neill", "McCain", "J.", "AFP", "al-Assad".
_TITLE_ABBR = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Gen|Col|Sgt|Capt|Prof|Rev|Adm|Maj|St|Del|Amb|Atty)"
_CAP = rf"(?:{_TITLE_ABBR}\.(?=[ \t])|(?:[A-Z]\.){{2,}}|[A-Z][\w’'\-]*\w|[A-Z]\.|[A-Z])"
_SP = r"[ \t\u00a0]+"
_PARTICLE = r"(?:de|del|della|van|von|der|den|da|di|la|le|du|bin|ibn|al|el)"
# Particles that may open a name as written mid-sentence ("de Blasio said"): not the ones that
# are also common words (la, le, al, el, der, den, da).
_LEAD_PARTICLE = r"(?<![\w’'])(?:de|del|della|van|von|di|du|bin|ibn)"
# A proper name: optional abbreviated titles, up to six capitalised words with name particles.
NAME = (
    rf"(?:(?:{_TITLE_ABBR}|Supt|Cmdr|Gens|Sens|Reps)\.{_SP})*"
    rf"(?:{_LEAD_PARTICLE}{_SP}(?=[A-Z]))?{_CAP}(?:{_SP}(?:{_PARTICLE}{_SP})?{_CAP}){{0,6}}"
    r"(?:,?[ \t\u00a0]+(?:Jr\.|Sr\.|II|III|IV))?"
    r"(?:[ \t\u00a0]+\([A-Z][\w.\-–]{0,12}\))?"
)
# Nouns that end a descriptor before a name ("Clinton campaign manager Robby Mook").
ROLE_NOUNS: tuple[str, ...] = (
    "nominee", "candidate", "spokesman", "spokeswoman", "spokesperson", "chairman",
    "chairwoman", "chair", "senator", "sen\\.", "rep\\.", "gov\\.", "leader", "president",
    "secretary", "governor", "adviser", "advisor", "aide", "director", "manager", "analyst",
    "official", "lawyer", "attorney", "professor", "economist", "strategist", "pollster",
    "chief", "minister", "mayor", "congressman", "congresswoman", "representative", "speaker",
    "commissioner", "ambassador", "general", "gen\\.", "officer", "founder", "ceo", "head",
    "executive", "editor", "columnist", "host", "anchor", "reporter", "correspondent",
    "surrogate", "activist", "organizer", "author", "historian", "expert", "researcher",
    "fellow", "judge", "justice", "sheriff", "mate", "vice-president", "delegate", "del\\.",
    "contender", "hopeful", "rival", "opponent", "challenger", "incumbent", "partner",
    "friend", "wife", "husband", "daughter", "son", "mother", "father", "niece", "nephew",
    "counsel", "veteran", "operative", "consultant", "commentator", "pundit", "scholar",
    "lobbyist", "donor", "businessman", "businesswoman", "billionaire", "mogul", "actor",
    "actress", "comedian", "singer", "star", "player", "coach", "cleric", "envoy", "diplomat",
    "widow", "widower", "resident", "voter", "student", "parent", "worker", "owner", "member",
    "volunteer", "supporter", "critic", "survivor", "victim", "officer", "nurse", "doctor",
    "democrat", "republican", "prosecutor", "investigator", "lawmaker", "legislator",
    "councilman", "councilwoman", "commander", "scientist", "teacher", "pastor", "priest",
    "rabbi", "bishop", "physician", "psychologist", "deputy", "agent", "detective",
    "speechwriter", "writer", "surgeon", "neurosurgeon", "entrepreneur", "investor", "banker",
    "journalist", "blogger", "novelist", "filmmaker", "producer", "musician", "rapper", "artist",
    "sociologist", "demographer", "publisher",
)  # fmt: skip
# What sets off an aside or a clause inside a subject: a comma, a dash, a parenthesis.
ASIDE_MARK_RE = re.compile(r"[,;:()―—–]|--|\s-\s")
# The period that ends a sentence after a lowercase word ("… Republican strategist."), not an
# abbreviation's ("Jr.", "U.S.").
SENTENCE_END_WORD_RE = re.compile(r"((?<![\w.])[a-z]{3,})\.\s*$")
# A role and then the name in apposition: "Ms. Merkel's spokesman, Steffen Seibert", "The
# company's chief executive, Jo Ames" (the role ends in a role noun).
ROLE_THEN_NAME_RE = re.compile(
    rf"(?P<role>(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[A-Z][\w.\-’']*(?:\s+[A-Z][\w.\-’']*)*"
    rf"[’']s)(?:\s+[\w\-’']+){{0,4}}?\s+(?i:{'|'.join(ROLE_NOUNS)})),\s+(?P<spk>{NAME}),?\s*"
)
# People in the plural who speak as a group without a name: "officials said", "experts say".
PEOPLE_PLURALS: tuple[str, ...] = (
    "officials", "aides", "advisers", "advisors", "strategists", "analysts", "experts",
    "economists", "lawmakers", "sources", "spokesmen", "spokespeople", "investigators",
    "prosecutors", "diplomats", "organizers", "observers", "insiders", "operatives", "allies",
    "critics", "supporters", "opponents", "advocates", "donors", "staffers", "forecasters",
    "pollsters", "officers", "residents", "voters", "activists", "leaders", "scientists",
    "researchers", "historians", "scholars", "doctors", "witnesses", "organisers",
    "respondents", "participants", "delegates", "protesters", "demonstrators", "senators",
    "governors", "parents", "students", "workers", "employees", "relatives", "friends",
    "colleagues", "neighbors", "neighbours", "candidates", "attendees", "speakers",
    "fans", "followers", "backers", "loyalists", "members", "veterans", "police",
)  # fmt: skip
_ROLE_CAPS = "|".join(r.capitalize() for r in ROLE_NOUNS)
# A descriptor ending in a role noun, then a name: "Republican presidential nominee Donald Trump".
# No preposition among the descriptor's words: "Speaking to journalist Matei Rosca" is no
# speaker phrase (the name is an object).
_DESCRIPTOR_PREPOSITIONS = "to|with|by|at|in|on|from|about|against|than|like"
_NOT_DESCRIPTOR = rf"(?!(?i:{_DESCRIPTOR_PREPOSITIONS})\s)"
_DESCRIBED_NAME = (
    rf"(?:{_NOT_DESCRIPTOR}(?:[A-Z][\w.\-’']*|[a-z][\w\-]*){_SP}){{0,4}}"
    rf"(?i:{'|'.join(ROLE_NOUNS)}){_SP}{NAME}"
)
# The same alone, tried before SPEAKER_FULL after an inverted cue: SPEAKER_NP takes a lone
# capitalised word first ("said Democratic pollster Geoff Garin" would give "Democratic").
DESCRIBED_NAME_RE = re.compile(rf"(?P<spk>{_DESCRIBED_NAME})(?![\w’'])")
# A speaker as written: a pronoun, a name (possibly "the"-prefixed organisation), or a short noun
# phrase such as "a White House official" or "the spokesman".
SPEAKER_NP = (
    r"(?:(?:he|she|they|it|I|we|He|She|They|It|We)(?![\w’'])"
    rf"|(?:[Tt]he\s+)?{NAME}(?:[’']s?\s+{_CAP}(?:\s+{_CAP}){{0,3}})?"
    # a descriptor before a name: "Republican presidential nominee Donald Trump"
    rf"|{_DESCRIBED_NAME}"
    # an office "of" something before a name: "Secretary of State John F. Kerry"
    rf"|(?:[A-Z][\w.\-’']*{_SP}){{0,2}}(?:{_ROLE_CAPS}){_SP}of{_SP}"
    rf"(?:the{_SP})?(?:[A-Z][\w.\-’']*{_SP}){{1,3}}{NAME}"
    # a share of a poll: "63 percent", "Only 52 percent of registered voters", "About four in 10"
    r"|(?:(?:[Oo]nly|[Aa]bout|[Nn]early|[Aa]lmost|[Jj]ust|[Mm]ore\s+than|[Ff]ewer\s+than|[Ll]ess"
    r"\s+than|[Rr]oughly|[Oo]nly\s+about)\s+)?(?:\d[\d.]*\s*(?:percent|%)|(?:\d+|[a-z]+)\s+in\s+"
    r"(?:10|ten|\d+))(?:\s+of\s+(?:[\w\-’']+\s+){0,4}?[\w\-’']+)?"
    # a bare plural of people: "officials", "former officials", "Senate aides"
    r"|(?:(?:[A-Z][\w.\-’']*|former|senior|top|local|federal|state|current|other|some|many"
    r"|several|administration|campaign|party|military|intelligence|health|election|government"
    r"|congressional|industry|security|law\s+enforcement|city|county|town|school|company"
    r"|hospital|union|police|border|emergency|rescue|defense|defence|foreign|western)\s+){0,3}"
    rf"(?:{'|'.join(PEOPLE_PLURALS)})(?![\w’'])"
    r"|(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne)\s+(?:[\w’'\-.]+\s+){0,5}?"
    r"(?:spokesman|spokeswoman|spokesperson|official|officials|aide|aides|source|sources"
    r"|statement|report|memo|letter|release|analyst|expert|adviser|advisor|lawyer|attorney"
    r"|campaign|ministry|department|office|agency|government|president|minister|senator"
    r"|candidate|nominee|governor|mayor|leader|chairman|director|secretary|representative"
    r"|group|organization|committee|poll|survey|study|document|documents|communication"
    r"|communications|website|post|tweet|article|editorial|newspaper|paper|magazine"
    r"|researcher|researchers|economist|economists|professor|scientist|critics|supporters"
    r"|activists|people|voters|residents|witnesses|police|prosecutors|investigators|judge"
    r"|court|lawmakers|republicans|democrats|members|experts|analysts|officers|reporters"
    r"|authorities|administration|white\s+house|friend|friends|colleague|colleagues|relative"
    r"|relatives|neighbor|neighbour|family|wife|husband|mother|father|son|daughter|brother"
    r"|sister|partner|company|firm|airline|carrier|automaker|retailer|insurer|lender|regulator"
    r"|manufacturer|maker|operator|utility|council|union|party|bank|commission|board|army"
    r"|military|navy|school|university|hospital|club|team|league|embassy|federation"
    r"|association|coalition|alliance|institute|foundation|network|channel|station|prosecutor"
    r"|officer|teacher|coach|pastor|priest|doctor|nurse|witness|victim|owner|employer"
    r"|employee|employees|worker|workers|driver|pilot|passenger|student|students|parent"
    r"|parents|site|outlet|broadcaster|tabloid|daily|wire\s+service|news\s+service)(?![\w’'])"
    # the body's name after it: "the news site RTL Info", "the newspaper Le Monde"
    rf"(?:\s+(?=[A-Z])(?:{_CAP})(?:\s+{_CAP}){{0,3}})?"
    # "a source close to him", "people familiar with the talks"
    r"(?:\s+(?:close\s+to|familiar\s+with)\s+(?:him|her|them|the\s+[\w\-]+|[A-Z][\w’'\-]+)"
    r"(?:\s+[A-Z][\w’'\-]+)?)?"
    r")"
)


def cue_form_re(forms: tuple[str, ...] = CUE_FORMS) -> str:
    """Return a regex alternation (no group name) matching any of the cue forms as whole words.

    The alternation is a trie ("sa(?:id|ys|ying)…"), longer forms first: it matches what the flat
    "said|says|…" of the forms sorted longest first matches, but tries one branch per letter
    instead of every form at every offset (several times faster on a long text).
    """
    return r"(?<![\w’'\-])" + word_alternation(forms) + r"(?![\w’'\-])"


_Trie = dict[str, "_Trie"]


def word_alternation(words: tuple[str, ...], *, not_after: str | None = None) -> str:
    r"""Return a non-capturing regex matching any of words, the longest matching one first.

    not_after: a character class that must not come just before a match. Its lookbehind goes
    after each first letter ("S(?<![\w]S)(?:a(?:id|ys))…"), so that a scan skips from one
    possible first letter to the next: a pattern that opens with a lookbehind is tried at every
    offset. (Only worth it when few letters open the words, as capitals do: with most of the
    alphabet it is slower.)
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: _Trie) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: a longer word is tried first

    if not_after is None:
        return "(?:" + emit(trie) + ")"
    firsts = sorted(k for k in trie if k)
    guarded = (f"{re.escape(c)}(?<!{not_after}{re.escape(c)}){emit(trie[c])}" for c in firsts)
    return "(?:" + "|".join(guarded) + ")"


CUE_RE = cue_form_re(SPEECH_FORMS)
# The lookbehind comes after the first letter, so that a scan skips to each "a" or "A" at once.
ACCORDING_TO_RE = r"[Aa](?<![\w’'][Aa])(?:ccording\s+to|s\s+reported\s+by)(?![\w’'])"


# Common first names with a clear gender (US/UK/European news); a hint, never a rule.
def _wordlist(words: str) -> frozenset[str]:
    """Return the whitespace-separated words of a block as a set."""
    return frozenset(words.split())


FEMALE_FIRST_NAMES: frozenset[str] = _wordlist(
    """
    abby abigail aisha alexis alice alicia alison alisyn allison amanda amber amy ana
    anastasia andrea angela ann anna anne annie ariana ashley aubrey aung ava barbara becky
    benazir bernadette betsy betty beverly brenda brianna brittany brooke carly carmen carol
    carolyn catherine cathy charlotte chelsea cheryl christina christine claire condoleezza
    cory courtney cynthia dana danielle debbie deborah debra denise diana diane dianne donna
    doris dorothy ekaterina elaine eleanor elena elizabeth ella ellen emily emma erin evelyn
    fatima federica fiorina frances gabrielle gina gloria golda grace gretchen gwen haley
    hannah heather heidi helen hilary hillary hoda huma indira irina isabel isabella ivana
    ivanka jacinda jacqueline jane janet janice jean jeanine jeanne jeannie jennifer jessica
    jill joan joanna joanne jodi jody joyce judith judy julia julie kamala karen kate
    katherine kathleen kathryn kathy katie katy kayla kelly kellyanne kimberly kirsten
    kristen kristi kristin laura lauren layla leila leslie lily linda lisa loretta lucia
    lynn lynne madison margaret maria marie marilyn marine marta martha mary maxine mazie
    megan meghan megyn melania melinda melissa mia michelle mika monica nadia nancy natalia
    natalie nicole nikki norah olga olivia pamela patricia patty paula peggy penny pilar
    rachel rebecca regina renee rita roberta robin robyn rosa rosalind rosalynn rose ruth
    sally samantha samira sandra sara sarah savannah shannon sharon sheila shirley sofia
    sonia sonya sophia stacey stacy stephanie susan suu svetlana sylvia tamara tammy tatiana
    teresa terri theresa tina tracey tracy tulsi ursula valerie veronica victoria virginia
    wendy whitney yasmin yulia yvonne zeynep
    """
)
MALE_FIRST_NAMES: frozenset[str] = _wordlist(
    """
    aaron abdul abraham adam ahmed al alain alan albert aleksander alexander alexei alexey
    ali anderson andrew andrzej andy angelo anthony antonio arthur austin barack barry
    bashar beau ben benjamin bernie bill billy bob bobby boris brandon brian bruce bryan
    calvin carl carlos charles charlie chris christian christopher chuck corey dan daniel
    darrell dave david dennis dick diego dmitry donald doug douglas dwight dylan ed eduard
    edward elijah emmanuel eric ethan eugene fernando francisco francois frank franklin fred
    friedrich fritz gabriel gary gavin george gerald gerhard giuseppe gore greg gregory
    grover hamid hans harold harry hassan heinz helmut henry herbert hunter igor ilham ivan
    jack jacob jacques jake james jared jason javier jean-claude jean-marc jeb jeff jeffrey
    jeremy jerry jesse jim joe john jon jonathan jordan jorge jose joseph josh joshua juan
    jurgen justin keith ken kenneth kevin kim klaus kyle lamar larry lawrence lindsay
    lindsey logan lou louis luigi luis lyndon manuel marco mario mark mason matt matthew
    michael michel miguel mike mitch mitt mo mohammed muhammad narendra nathan newt nicholas
    nick nikol nikolai noah olaf omar orrin pablo pat patrick paul pedro pete peter petro
    philip pierre rafael ralph rand randy ray raymond recep reid reince rex ricardo richard
    rick robert roberto rod roger ron ronald roy rudy rush russell ryan sam samuel scott
    sean sergei sergey shinzo stephen steve steven ted terry thad thomas tim timothy tom
    tony trey tucker tyler ulysses viktor vincent vladimir volodymyr walter warren wayne
    william willie wolf wolfgang woodrow xi zach zachary
    """
)

# Cues that introduce a reporter's clause with quoted words ("called Trump a “con artist”").
# They only count in sentences that contain a partial quote.
MIXED_CUES: tuple[str, ...] = (
    "called", "calls", "calling", "described", "describes", "describing", "referred to",
    "refers to", "referring to", "labeled", "labelled", "labels", "dubbed", "dubs", "branded",
    "brands", "accused", "accuses", "praised", "praises", "criticized", "criticised",
    "criticizes", "condemned", "condemns", "slammed", "slams", "mocked", "mocks", "dismissed",
    "dismisses", "hailed", "hails", "denounced", "denounces", "characterized", "characterizes",
    "defended", "defends", "lauded", "decried", "derided", "likened", "compared", "urged",
    "urges", "called for", "calls for", "promised", "vowed", "pledged", "asked", "asks",
    "thanked", "blamed", "blames", "attacked", "attacks", "rated", "rates", "ruled", "deemed",
)  # fmt: skip
MIXED_CUE_RE = cue_form_re(tuple(sorted(set(MIXED_CUES) | set(CUE_FORMS), key=len, reverse=True)))

# Further verbs of stance or speech that attribute a partial quote in the reporter's clause
# ("Cruz railed against what he calls the “Washington cartel”", "chiding the media for “…”").
# Like MIXED_CUES they only count in a sentence that holds a quoted fragment.
PARTIAL_CUES: tuple[str, ...] = (
    "railed against", "rails against", "railing against", "chided", "chides", "chiding",
    "questioned", "questions", "questioning", "expressed", "expresses", "expressing", "cited",
    "cites", "citing", "advised", "advises", "advising", "reminded", "reminds", "reminding",
    "assured", "assures", "assuring", "interjected", "elaborated", "lashed out at",
    "took credit for", "takes credit for", "hinted", "hints", "intimated", "proposed",
    "proposes", "proposing", "labeling", "labelling", "dubbing", "branding", "accusing",
    "praising", "criticizing", "criticising", "condemning", "slamming", "mocking", "dismissing",
    "hailing", "denouncing", "characterizing", "defending", "lauding", "blaming", "attacking",
    "thanking", "deeming", "comparing", "likening", "decrying", "deriding", "blasting",
    "ridiculed", "ridicules", "ridiculing", "scolded", "scolds", "scolding", "lambasted",
    "lambasting", "touted", "touting", "invoked", "invokes", "invoking", "quoted", "quotes",
    "quoting", "repeated", "repeats", "repeating", "echoed", "echoes", "echoing", "vowing",
    "pledging", "promising", "predicting", "declaring", "recalling", "conceding", "admitting",
    "acknowledging", "stating", "lamenting", "complaining", "boasting", "bragging", "joking",
    "promised", "described", "insisting", "hoped", "hopes", "hoping", "believes", "believed",
    "thinks", "thought", "feels", "felt", "worried", "worries", "fears", "feared", "pointed to",
    "points to", "pointing to", "spoke of", "speaks of", "speaking of", "talked about",
    "talks about", "talking about", "wrote of", "writes of", "pushed back on", "took aim at",
    "takes aim at", "taking aim at", "went after", "goes after", "warned of", "warns of",
    "apologized for", "apologizes for", "apologizing for", "signed off", "weighed in",
    "applauded", "applauds", "applauding", "emailed", "emails", "emailing", "texted",
)  # fmt: skip
# The plain (present plural) form of each reporting verb: "Police say they have …".
PLAIN_CUES: tuple[str, ...] = (
    "say", "tell", "argue", "insist", "warn", "add", "write", "explain", "contend", "predict",
    "suggest", "acknowledge", "admit", "agree", "maintain", "concede", "complain", "allege",
    "believe", "fear", "worry", "assert", "declare", "deny", "recall", "stress", "urge",
)  # fmt: skip
PARTIAL_CUE_RE = cue_form_re(
    tuple(
        sorted(
            set(PARTIAL_CUES) | set(MIXED_CUES) | set(CUE_FORMS) | set(PLAIN_CUES),
            key=len,
            reverse=True,
        )
    )
)

CUE_FIND = re.compile(CUE_RE)
MIXED_FIND = re.compile(MIXED_CUE_RE)
PARTIAL_FIND = re.compile(PARTIAL_CUE_RE)
# Indirect speech also takes the plain present form after a plural subject ("critics say").
INDIRECT_FIND = re.compile(
    cue_form_re(tuple(sorted(set(CUE_FORMS) | set(PLAIN_CUES), key=len, reverse=True)))
)
MIXED = frozenset(MIXED_CUES)
# A second subject coordinated into a reported clause: "“…,” but Herzog answered with …",
# "“…” and Pelosi mocked …". What follows is the reporter's next statement, not the first
# speaker's. "and" counts only after a closing mark ("Smith and Jones said" is one subject; so
# is a list "Smith, Jones, and Lee said"), "but", "while", "whereas" and "yet" after a comma too.
_CONTRASTING = "but|while|whereas|yet"
_COORDINATING = f"and|{_CONTRASTING}"
SECOND_SUBJECT_RE = re.compile(
    rf"(?:[”\"]\s*,?\s*(?:{_COORDINATING})|,\s*(?:{_CONTRASTING}))\s+"
    r"(?P<spk>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+$"
)
# A conjunction and a name opening the words between a closing mark and a cue ("“…,” but Herzog
# answered"); not a pronoun ("“…,” and he vowed" goes on about the same speaker).
COORDINATED_RE = re.compile(rf"(?:{_COORDINATING})\s+(?!(?:He|She|They|We|I)\b)[A-Z]")
# Where a reported clause was cut before a second subject: what follows its end.
SECOND_SUBJECT_AT_RE = re.compile(rf"[”\"]?\s*,?\s*(?:{_COORDINATING})\s+[A-Z]")
# The forms of each cue pattern, by id() of the pattern.
CUE_FORM_SETS: dict[int, frozenset[str]] = {
    id(CUE_FIND): frozenset(SPEECH_FORMS),
    id(MIXED_FIND): frozenset(MIXED_CUES) | frozenset(CUE_FORMS),
    id(INDIRECT_FIND): frozenset(CUE_FORMS) | frozenset(PLAIN_CUES),
    id(PARTIAL_FIND): frozenset(PARTIAL_CUES)
    | frozenset(MIXED_CUES)
    | frozenset(CUE_FORMS)
    | frozenset(PLAIN_CUES),
}
if not set(PRESENT_CUES) <= set(PLAIN_CUES):  # pragma: no cover
    raise ImportError("a present cue is not a plain cue: the partial cue scan would miss it")
TITLE_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "on", "to", "for", "at", "with"})
ACCORDING_FIND = re.compile(ACCORDING_TO_RE)
SPEAKER_FULL = re.compile(rf"(?P<spk>{SPEAKER_NP})(?:\s*,\s*(?P<role>.{{2,260}}?))?\s*,?\s*")
SPEAKER_OF_RE = re.compile(
    rf"(?P<spk>{SPEAKER_NP})\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w.\-’']*"
    r"(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w.\-’']*){0,5}"
)
NAME_ROLE_END = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME}),\s+(?:(?:now|then|also|still)\s+)?(?:the|an?|his|her|their|its)"
    r"\s+[^,“”\"]{2,80}$"
)
NAME_END = re.compile(
    rf"(?P<name>(?:[Tt]he\s+)?{NAME})(?:\s+of\s+(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)?$"
)
ADVERB_END = re.compile(rf"\s+{CUE_ADVERB}$")
# The name that ends the words before a speech verb when they are no subject as a whole (rule
# "trailing-name-said"): "Saturday at the convention Sen. Elizabeth Warren said", "retired
# neurosurgeon Ben Carson told". Searched in the last bounds.TRAILING_NAME_CHARS of the words.
# A body or place after a name ("Baker of Columbia"), cut before the name is read.
OF_PLACE_END_RE = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*$")
TRAILING_NAME_RE = re.compile(rf"(?<![\w’'.\-])(?P<name>(?:[Tt]he\s+)?{NAME})\s*$")
# A word just before such a name that makes the name an object or a complement, not the
# subject: "voters who like Hillary Clinton said", "a poll by CNN says".
NOT_BEFORE_SUBJECT: frozenset[str] = frozenset(
    {"like", "unlike", "with", "for", "about", "to", "against", "of", "by", "than", "as", "from",
     "and", "or", "nor", "but", "on", "at", "in", "into", "over", "under", "that", "who", "whom",
     "which", "whose", "if", "when", "while", "because", "after", "before", "since", "until",
     "whether", "where", "told", "asked", "called", "named", "met", "meet", "beat", "defeat",
     "backed", "endorsed", "supported", "supports", "support", "attacked", "joined", "tapped",
     "nominated", "appointed", "hired", "fired", "interviewed", "thanked", "urged", "behind",
     "between", "among", "toward", "towards", "via", "including", "vs.", "versus", "said"}
)  # fmt: skip
# Relative words between a clause boundary and such a name: the name is inside a relative
# clause ("the man who shot President Kennedy said"), and the subject is the clause's head.
RELATIVE_WORD_RE = re.compile(r"(?<![\w’'])(?:who|whom|whose|which|that)(?![\w’'])", re.I)
# A second speech verb joined to the first just before a quote ("said … but added, “"), read in
# the 40 characters before the quote's words.
AND_SAID_END_RE = re.compile(
    r"(?<![\w’'])(?:and|but)\s+(?:then\s+|also\s+)?(?:said|added|says|adds)\s*[,:]?\s*[“\"‘']*$"
)
# A body described, then named: "the news site RTL Info", "the newspaper Le Monde".
NAMED_BODY_RE = re.compile(
    r"[Tt]he\s+(?:[a-z\-]+\s+){1,3}(?P<name>[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*){0,3})$"
)
# The cues whose subject may be read past asides or as the name ending the words before them
# (`phrases.aside_subject`).
SPEECH_SUBJECT_CUES = frozenset({"said", "says", "told", "tells", "added", "say", "tell"})
# The closing marks of an aside between a subject and its verb, with their openers:
# "Sims — a teacher from Mount Pleasant — says", "Warren (D-Mass.) said", "Sanders, meanwhile,".
ASIDE_OPENERS: dict[str, str] = {",": ",", "—": "—", "–": "–", ")": "(", "-": "-"}
# When and where a subject spoke, between it and its verb: "Spicer on Thursday evening said",
# "Jeb Bush in a Medium post said", "Sanders at a rally in Iowa said" (up to two of them).
_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_SAID_WHERE = (
    r"(?:in|at|during)\s+(?:an?|the|his|her|their|its)\s+(?:[\w\-’']+\s+){0,3}?(?:statement|interview"
    r"|speech|op-ed|email|e-mail|letter|post|tweet|release|call|conversation|remarks|debate|address"
    r"|conference|report|memo|video|appearance|column|rally|event|hearing|meeting|briefing|forum"
    r"|town\s+hall|fundraiser|stop|broadcast|session)"
    r"(?:\s+(?:in|on|with)\s+(?:[A-Z][\w’'\-.]*(?:,?\s+|$)){1,3})?"
)
# "two weeks ago", "less than a month earlier", "a day later"
_AGO = (
    r"(?:(?:less|more)\s+than\s+)?(?:an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|several|a\s+few|\d+)\s+(?:hours?|days?|weeks?|months?|years?)\s+(?:ago|earlier|later)"
)
SUBJECT_WHEN_END = re.compile(
    rf"(?:\s+(?:{_AGO}|(?:on|late|early)\s+{_DAY}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:last|this)\s+(?:week|weekend|month|year|spring|summer|fall|autumn|winter|{_DAY})"
    rf"|yesterday|today|tonight|{_SAID_WHERE})){{1,2}}\s*$"
)
# A fronted phrase without its comma, then a pronoun subject: "At the town hall this week she
# said", "Asked about it later he said" (the pronoun is the speaker, resolved later).
FRONTED_PRONOUN_RE = re.compile(
    r"(?:[Aa]t|[Ii]n|[Oo]n|[Dd]uring|[Aa]fter|[Bb]efore|[Ss]ince|[Ll]ater|[Ee]arlier|[Aa]sked"
    r"|[Ss]peaking)\s[^,.;:“”\"]{0,80}?\s(?P<pro>he|she|they|we|I)"
)
GENERIC_NP = re.compile(
    r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Aa]nother|[Tt]his|[Tt]hat|[Tt]hese|[Ss]ome"
    r"|[Mm]any|[Ss]everal|[Bb]oth|[Tt]wo|[Tt]hree|[A-Z][\w’'\-.]*[’']s)"
    r"(?:\s+[\w’'\-.]+){1,8}"
    # a bare plural of people: "Federal and state officials", "Many Democrats"
    rf"|(?:[\w’'\-.]+\s+){{0,3}}(?:{'|'.join(PEOPLE_PLURALS)}|Democrats|Republicans)"
)
LEAD_RE = re.compile(
    r"^(?:(?:[Bb]ut|[Aa]nd|[Ss]o|[Yy]et|[Ss]till|[Nn]ow|[Tt]hen|[Aa]lso|[Ee]ven)\s+)+"
)
# The same, matched at an offset (a "^" only matches at the start of the string).
LEAD_AT_RE = re.compile(LEAD_RE.pattern.removeprefix("^"))
TIME_RE = re.compile(
    r"^(?:\s*,)?\s*(?:(?:on|last|this|early|late|earlier|later)\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week|month|year|night|morning|evening"
    r"|afternoon|today|yesterday|recently|earlier|later|previously|again|then|once"
    rf"|repeatedly|publicly|privately|for\s+the\s+first\s+time|at\s+the\s+time|{_AGO}"
    r"|in\s+(?:an?|the|his|her|their)\s+(?:[\w\-]+\s+){0,3}?(?:statement|interview|speech|op-ed"
    r"|email|e-mail|letter|post|tweet|release|call|conversation|remarks|debate|address"
    r"|press\s+conference|conference|report|memo|video|appearance|column|book|town\s+hall"
    r"|memoir|essay|article|blog|podcast|testimony|filing|lawsuit|editorial|newsletter|message)"
    r"(?:\s+(?:with|to|on|at)\s+(?:[\w’'.\-]+\s*){1,5}?(?=[,:]|\s+that\b|$))?"
    r"|(?:at|during)\s+(?:an?|the|his|her)\s+(?:[\w\-]+\s+){0,3}?(?:rally|event|hearing|briefing|debate"
    r"|meeting|conference|forum|news\s+conference|press\s+conference|speech))"
    r"(?![\w’'])"
)
OBJ_RE = re.compile(
    rf"^\s+(?:to\s+)?(?P<obj>reporters|journalists|supporters|voters|the\s+crowd|a\s+crowd"
    rf"|an?\s+audience|the\s+audience"
    # someone's people: "told his closest advisers as …", "told her husband she …"
    r"|(?:his|her|their|its|our|my)\s+(?:[a-z\-]+\s+){0,2}?[a-z\-]+(?=\s+(?:that|he|she|they|it|we"
    r"|i|the|a|an|as|if|when|there|this|his|her|their)\b|[,.:])"
    rf"|him|her|them|us|me|(?:[Tt]he\s+)?{NAME}(?:[’']s?\s+[\w\s]{{0,30}}?(?=\s+that\b|[,.:]|$))?)"
    r"(?![\w’'])"
)
INTERVIEW_RE = re.compile(rf"\bin\s+an\s+interview\s+with\s+(?P<via>(?:[Tt]he\s+)?{NAME})")
SAY_FAMILY = frozenset(
    {"said", "says", "told", "tells", "added", "adds", "argued", "argues", "claimed", "claims",
     "insisted", "insists", "warned", "warns", "noted", "notes", "explained", "explains", "wrote",
     "writes", "stressed", "stresses", "acknowledged", "acknowledges", "conceded", "concedes",
     "predicted", "predicts", "suggested", "suggests", "admitted", "admits", "maintained",
     "maintains", "contended", "contends", "recalled", "recalls", "reported", "reports",
     "announced", "announces", "declared", "declares", "asserted", "asserts", "boasted",
     "boasts", "tweeted", "tweets", "complained", "complains", "emphasized", "emphasizes",
     "confirmed", "confirms", "revealed", "reveals", "stated", "states", "continued",
     "continues", "agreed", "agrees", "promised", "promises", "vowed", "vows", "testified",
     "say", "argue", "insist", "warn", "claim", "contend", "predict", "suggest", "acknowledge",
     "admit", "agree", "maintain", "concede", "assert", "stress", "explain", "note", "add"}
)  # fmt: skip
CLAUSE_START_BAD = re.compile(
    r"^(?:in|on|at|of|for|to|with|by|from|about|as|and|or|but|so|than|is|was|were|are"
    r"|more|less|nothing|something|anything|no|yes|goodbye|hello|thanks|sorry)(?![\w’'])",
    re.IGNORECASE,
)
CONTINUE_CUES = frozenset({None, "added", "adds", "continued", "continues", "went on", "goes on"})
DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?(?:\s*\([^()]{1,30}\))?"
    r"(?:,\s*\w+\.?\s+\d+(?:\s*\([^()]{1,20}\))?)?\s*[—–―-]+\s*"
)
# A labelled transcript paragraph: "PENCE: …", "Q: …", "A: …", or a name in bold ("**Jane Doe:** …",
# "__Q__: …"), which may be in mixed case.
TRANSCRIPT_RE = re.compile(
    r"(?P<bold>\*\*|__)?(?P<label>[QA](?=\W)|[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2}"
    r"|(?<=\*\*|__)[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})"
    r"(?:\*\*|__)?:(?:\*\*|__)?[ \t\u00a0]+(?P<body>\S)"
)
# The labels of a question-and-answer transcript: the questions are the interviewer's, the answers
# the interviewee's (a name in a label of the transcript, or the person last named before it).
TRANSCRIPT_QUESTION = "Q"
TRANSCRIPT_ANSWER = "A"
# "From Senator Jane Doe:" ending a paragraph before a block quote (also "A statement from …").
FROM_HEADER_RE = re.compile(
    rf"(?:^|(?<=\s))(?:[Ff]rom|FROM)\s+(?P<spk>(?:[Tt]he\s+)?{NAME})"
    r"(?:,\s*(?P<role>[^:\n,]{2,120}))?\s*:$"
)
# Text ending in "was quoted as" before the cue "saying".
QUOTED_AS_RE = re.compile(r"\squoted\s+as\s*$")
NOT_SPEAKER_LABELS = frozenset(
    {"update", "updated", "editor's note", "editor’s note", "note", "watch", "read more", "related",
     "photos", "photo", "video", "correction", "clarification", "source", "sources", "credit",
     "q", "a", "disclosure", "warning", "breaking", "exclusive", "opinion", "analysis", "more",
     "see also", "tags", "ps", "p.s.", "contact", "email", "twitter", "follow"}
)  # fmt: skip
# A participle clause (", adding that") after the last quote mark before a quote: the caller
# searches only the text after that mark, so no lookahead to the end has to be tried per match.
PARTICIPLE_RE = re.compile(
    r",\s+(?P<cue>adding|arguing|noting|saying|insisting|explaining|claiming|warning|stressing"
    r"|suggesting|calling|describing|referring\s+to|urging|promising|vowing)\s+(?:that\s+)?"
)
QUOTE_MARK_RE = re.compile(r"[“”\"]")
CLAUSE_END_RE = re.compile(r"[.!?;](?=\s|$|[”\"])|\n")
# Words that may open a reported clause after a cue without "that" ("said much of it was …").
CLAUSE_START_OK = re.compile(
    r"(?:he|she|they|it|we|i|the|a|an|his|her|their|its|there|this|that|these|those|no|nobody"
    r"|none|some|all|if|when|while|because|although|much|many|most|several|both|each|every"
    r"|everyone|everybody|anyone|any|only|one|two|three|our|my|your|you|such|what|how|why"
    r"|whether|neither|either|another|other|others|someone|somebody|even|just|too"
    # an adverb of degree before a quantity: "said nearly every donor …", "roughly half …"
    r"|(?:nearly|roughly|virtually|approximately|fully|barely|exactly|merely|largely|mostly)"
    r"\s+(?:every|all|half|a|an|the|one|two|three|\d))\b",
    re.IGNORECASE,
)
# After a speech verb without "that", any other lowercase word may open the reported clause
# ("said allies were rattled", "said legalizing it could …") but these and adverbs in -ly.
NOT_CLAUSE_START = frozenset(
    {"so", "yes", "no", "nothing", "goodbye", "hello", "thanks", "earlier", "later", "then",
     "too", "again", "once", "previously", "during", "after", "before", "into", "onto", "upon",
     "over", "under", "through", "via", "amid", "against", "between", "among", "within",
     "without", "not", "also", "well", "very", "here", "there", "now",
     "today", "yesterday", "tonight", "last", "next", "little", "enough",
     "instead", "afterward", "afterwards", "otherwise", "privately", "publicly", "recently"}
)  # fmt: skip
WORD_RE = re.compile(r"[\w’']+")
# Matched at an offset (pattern.match(text, pos, end)), so it has no "^".
DASH_SPEAKER_RE = re.compile(
    rf"\s*(?:[―—–]|--)\s*(?P<spk>{NAME})(?:\s*,\s*(?P<role>[^.;“”\"\n]{{2,160}}))?"
)
# A subordinator right before a participle that says something: "… before saying, “…”".
PARTICIPLE_JOINT_RE = re.compile(r"(?<![\w’'])(?:before|after|while)\s*$")
# The subject of a participle after "with", right before it: "…, with Sen. John McCain calling
# it …", "with the campaign of the former senator saying …" (an adverb may follow it).
WITH_SUBJECT_END_RE = re.compile(
    r"(?<![\w’'])with\s+(?P<spk>[^,;:“”\"()\s][^,;:“”\"()]{0,80}?)\s+(?:[a-z]+ly\s+)?$"
)
# A signature line: a paragraph after a quote that is a dash and a name, with at most a short
# role or place ("- Bernie Sanders.", "—Michelle Marks, Philadelphia.").
SIGNATURE_RE = re.compile(
    rf"\s*(?:[-―—–~]|--)\s*(?P<spk>{NAME})(?:\s*,\s*(?P<role>[^.;“”\"\n]{{2,80}}))?\.?\s*"
)
# A sentence that is a speaker and a colon before a quote (rule "name-colon-quote"): a dash may
# lead, a party tag or short parenthetical may follow ("Rep. Trey Gowdy (R-S.C.)"). At most
# 12 words: a whole clause before a colon is no name.
COLON_NAME_RE = re.compile(
    r"\s*(?:[-―—–]\s*)?(?P<spk>[A-Z][\w.\-’']*(?:[ \u00a0]+[\w.\-’']+){0,11}?)"
    r"(?:\s*\([^()\n]{1,40}\))?\s*"
)
# A verb in the past after a quote that ends in a comma, "!" or "?", with its subject before or
# after it, when the verb is no listed cue (rule "quote-name-verbed"): "“Go back,” Trump
# barked", "“This is fantastic!” beamed Jo Ames".
_PAST_SPEECH = (
    r"(?:[a-z]{2,}ed|shot\s+back|fired\s+back|hit\s+back|struck\s+back|wrote\s+back|broke\s+in"
    r"|cut\s+in|chimed\s+in|spoke\s+up|went\s+on)"
)
QUOTE_NAME_VERBED_RE = re.compile(
    r"(?:(?:an?|the)[ \t\u00a0]+(?:[a-z\-]+[ \t\u00a0]+){0,2}(?=[A-Z]))?"
    rf"(?P<spk>{NAME}|he|she|they)[ \t\u00a0]+(?:[a-z]+ly[ \t\u00a0]+)?(?P<cue>{_PAST_SPEECH})"
    r"(?![\w’'])"
)
QUOTE_VERBED_NAME_RE = re.compile(rf"(?P<cue>[a-z]{{2,}}ed)[ \t\u00a0]+(?P<spk>{NAME})")
# A party and state tag used as an appositive: "Sen. Rand Paul, R-Ky., said".
PARTY_TAG_RE = re.compile(r"[RDI]-[A-Z][A-Za-z.]{1,12}")
VIA_OK = re.compile(r"^(?:[Tt]he\s+)?[A-Z]")
FIRST_WORD_RE = re.compile(r"\S+")
COMMA_RE = re.compile(r",\s+")
# A comma before a relative pronoun: `parse_subject` stops retrying there.
WHO_COMMA_RE = re.compile(r",\s+(?i:who|which|whose)(?!\S)")
THAT_RE = re.compile(r"\s+that\s")
BOAST_OF_RE = re.compile(r",\s*(?=(?:of|about|that)\b)")
# Sentence-initial words that open a speaker rather than a lead phrase ("Mr. Reid, who …, said").
NOT_LEAD_WORDS = frozenset({"the", "a", "an", "his", "her", "their", "mr."})
# A leading time phrase without a comma: "On Tuesday night he said", "Last week Smith said".
LEAD_TIME_RE = re.compile(
    r"(?:[Oo]n\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:[Ll]ast|[Tt]his|[Ee]arlier\s+this)"
    r"\s+(?:week|month|year|spring|summer|fall|winter|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
    r"|[Ee]arlier|[Ll]ater|[Yy]esterday|[Tt]oday)(?:\s+(?:morning|afternoon|evening|night))?\s+"
)
# A time phrase before a comma at the start of a sentence: "Late last year, the ministry said …".
LEAD_TIME_HEAD_RE = re.compile(
    r"(?i:(?:late|early|earlier|later|last|this|next)\s+){1,2}(?i:year|week|month|spring|summer"
    r"|fall|autumn|winter|night|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
)
# Words that cannot be inside a speaker noun phrase: they start a clause or are verbs.
NP_BREAKERS = frozenset(
    {"that", "when", "by", "can", "will", "would", "if", "to", "began", "is", "was", "are", "were",
     "has", "have", "had", "while", "because", "after", "before", "cheer", "say", "says"}
)  # fmt: skip
DESCRIPTOR_RE = re.compile(
    r"^(?P<desc>(?:\S+\s+)*?(?:[a-z][\w\-]*))\s+(?P<name>(?:[A-Z][\w.’'\-]*\s*){1,5}(?:\([^()]*\))?)$"
)
OFFICE_OF_RE = re.compile(r"(?:[A-Z][\w.\-’']*\s+){1,3}of\s+(?:the\s+)?")
FIRST_NAMES_ALL = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES
# A speaker with a long or unusual description, next to a cue right after a quote: a name that
# opens it ("Jeffrey Lewis of the Middlebury Institute", "Mr. Daniloff, now 81 and retired,") or a
# descriptive noun phrase ("a 2008 Clinton veteran", "a party member who supports Trump").
LOOSE_NAME_RE = re.compile(
    rf"\s*(?P<spk>{NAME})(?P<rest>(?:\s*,|\s+(?:of|from|at|with|for)\s)[^“”\"]{{0,200}})?\s*,?\s*"
)
LOOSE_NP_RE = re.compile(
    r"\s*(?P<spk>(?:[Tt]he|[Aa]n?|[Oo]ne)\s+[^,;:“”\"()]{2,90}?)"
    r"(?P<rest>(?:\s*,|\s+who\s)[^“”\"]{0,200})?\s*,?\s*"
)
# A short descriptor before a full name: "9/11 widow Terry Strada", "longtime donor Al Munoz".
LOOSE_DESC_NAME_RE = re.compile(
    rf"\s*(?P<desc>(?!(?i:{_DESCRIPTOR_PREPOSITIONS}|of|for)\s)[\w/’'\-]+(?:\s+[a-z][\w/’'\-]*){{0,3}})\s+"
    r"(?P<spk>[A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){1,2})"
    r"(?P<rest>\s*,[^“”\"]{0,200})?\s*,?\s*"
)
# A name that heads a quote after a dash or at the start of its segment: "… - Jane Doe: “…".
HEADER_NAME_RE = re.compile(
    r"(?:^|\s[-—–―]\s+)(?P<spk>[A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){1,2})"
    r"\s*:\s*$"
)
# What may follow a closing attribution ("…, X said"): times, venues, an addressee.
TAIL_SUFFIX = (
    r"(?:\s+(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|last\s+\w+|this\s+\w+"
    r"|earlier|later|recently|too|as\s+well|(?:morning|night|afternoon|evening)"
    r"|(?:to\s+)?(?:reporters|journalists|supporters|the\s+crowd)"
    r"|on\s+(?:Twitter|Facebook|Instagram|CNN|MSNBC|Fox\s+News|NBC|ABC|CBS|NPR|C-SPAN)"
    r"|in\s+(?:an?|the|his|her|their)\s+(?:[\w\-]+\s+){0,3}?(?:statement|interview|e-?mail"
    r"|speech|release|message|letter|post|tweet|video|call|conversation|remarks|op-ed"
    r"|appearance|address|briefing|news\s+conference|press\s+conference|conference)"
    r"|(?:at|during)\s+(?:an?|the|his|her)\s+(?:[\w\-]+\s+){0,3}?(?:rally|event|hearing|briefing|debate"
    r"|meeting|conference|forum|speech|dinner|luncheon|breakfast)"
    r"|(?:with|to|on|at|in|before|during)\s+(?:(?:the|a|an|his|her|their)\s+)?"
    r"(?:[\w’'\-.]+,?\s+){0,3}?[\w’'\-.]+"
    # whom "told" addresses: "told The Wall Street Journal", "told the court in his filing"
    r"|(?:[Tt]he\s+)?(?:[A-Z][\w’'\-.]*\s+){0,3}[A-Z][\w’'\-.]*"
    r"|(?:the|a|an|his|her|their)\s+(?:[\w’'\-]+\s+){0,2}?(?:court|committee|panel|audience"
    r"|crowd|newspaper|station|network|judge|jury|senators|lawmakers|voters|students|group"
    r"|magazine|paper|reporter|interviewer|host)))*"
)
TAIL_RE = re.compile(
    rf",[”\"]?\s+(?:(?P<spk1>{SPEAKER_NP})(?:,\s*(?P<role1>[^,]{{2,160}}),)?\s+{CUE_ADVERB}(?P<cue1>{CUE_RE})"
    rf"|(?P<cue2>{CUE_RE})\s+(?P<spk2>{SPEAKER_NP})(?:,\s*(?P<role2>[^,]{{2,160}}))?)"
    rf"{TAIL_SUFFIX}"
    # an optional participle clause after the attribution: "…, X said, adding that …"
    r"(?:,\s+(?:adding|noting|saying|explaining|arguing|warning|stressing)\b[^“”\"]*"
    r"|,\s+[a-z]+ing\s[^;:]*)?"
    # or an aside in parentheses: "…,” said Mr. Burman (a view echoed by others)."
    r"(?:\s*\([^()]{1,120}\))?"
    r"[.!?]?[”\"]?\s*$"
)
# An attribution set off by commas inside the reported clause: "The weapons, he added, are …".
MID_RE = re.compile(
    rf",\s+(?:(?P<spk1>{SPEAKER_NP})\s+{CUE_ADVERB}(?P<cue1>{CUE_RE})"
    rf"|(?P<cue2>{CUE_RE})\s+(?P<spk2>{SPEAKER_NP}))"
    r"(?:\s+(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|last\s+\w+|this\s+\w+"
    r"|earlier|later|recently))?,\s+(?=[a-z“\"‘])"
)
# An object that is an agent: the verb was a passive participle ("Assad, opposed by the U.S.").
PASSIVE_BY_RE = re.compile(r"by(?![\w’'])")
# Auxiliaries and adverbs between a subject and the verb of a reporter's clause ("is insisting").
AUX_END_WORDS = (
    "is", "was", "are", "were", "been", "being", "has", "have", "had", "did", "does", "do", "not",
    "then", "also", "again", "soon", "even", "already", "now", "still", "long", "recently",
    "repeatedly", "publicly", "would", "will", "could", "might", "may", "once", "later",
    "quickly", "immediately", "similarly", "gingerly", "herself", "himself",
)  # fmt: skip
AUX_END_RE = re.compile(
    r"(?:\s+(?:"
    + "|".join(AUX_END_WORDS[:30])
    + r"|went\s+on\s+to|quoted\s+as|[a-z]{2,}ly|"
    + "|".join(AUX_END_WORDS[30:])
    + r"))+\s*$"
)
# An adverb in -ly ("increasingly"), which `AUX_END_RE` also strips.
LY_ADVERB_RE = re.compile(r"[a-z]{2,}ly")
# The last word of a text that `AUX_END_RE` can strip ("went on to" ends in "to", "was quoted as"
# in "as").
AUX_LAST_WORDS = frozenset(AUX_END_WORDS) | {"to", "as"}
# Where a subject may start inside a sentence: after a clause boundary or a subordinator.
SUBORDINATORS = (
    "because", "when", "after", "that", "while", "as", "since", "but", "and", "if", "though",
    "although", "before", "until", "where", "so", "soon", "then", "whom", "what", "which",
)  # fmt: skip
SUBJECT_START_RE = re.compile(
    rf"(?:[,;:—–][”\"’]?\s*|(?<![\w’'])(?i:{word_alternation(SUBORDINATORS)})\s+)(?=\S)"
)
VERBISH_RE = re.compile(r"(?<![\w’'\-])[a-z][\w’'\-]*(?![\w’'\-])")
AUX_WORDS = frozenset(
    {"is", "was", "are", "were", "has", "have", "had", "will", "would", "then", "also", "did",
     "does", "could", "can", "may", "might"}
)  # fmt: skip
# Documents that "find" or "show" things: a weak cue counts after one of them.
DOCUMENT_RE = re.compile(
    r"(?i)\b(?:report|study|poll|survey|analysis|audit|review|investigation|data|memo|paper"
    r"|filing|lawsuit|complaint|indictment|ruling|letter|record|figure|result|footage|article"
    r"|estimate|census|forecast|research|document|exit\s+poll|count|tally)s?\b"
)
# Verbs with which a document states something (rule "document-shows-that"): "The poll found
# that …", "FEC records show he backed …". The subject must be a document (`DOCUMENT_RE`).
DOCUMENT_CUES: tuple[str, ...] = (
    "found", "finds", "find", "showed", "shows", "show", "shown", "suggests", "suggested",
    "suggest", "indicates", "indicated", "indicate", "estimates", "estimated", "concluded",
    "concludes", "revealed", "reveals", "reveal", "says", "said", "say", "stated", "states",
    "concluded", "projects", "projected", "predicts", "predicted",
)  # fmt: skip
# Words that end a document subject but are not part of it ("A new Gallup poll also found").
DOCUMENT_TRAILING_WORDS = frozenset(
    {"also", "actually", "however", "has", "have", "had", "now", "still", "already", "further",
     "similarly", "likewise", "too", "again", "recently", "previously", "earlier", "which"}
)  # fmt: skip
DOCUMENT_FIND = re.compile(cue_form_re(tuple(sorted(set(DOCUMENT_CUES), key=len, reverse=True))))
THAT_PREFIX_WORDS = frozenset(
    {"that", "to", "in", "on", "at", "with", "during", "a", "an", "the", "his", "her", "their",
     "its", "interview", "statement", "email", "letter", "speech", "post", "tweet", "earlier",
     "last", "this", "week", "month", "year", "night", "morning", "recently", "reporters",
     "journalists", "supporters", "voters", "them", "him", "us", "me", "also", "repeatedly",
     "written", "television", "radio", "release", "news", "conference", "briefing"}
)  # fmt: skip
# The start of an aside between a speech verb and "that": a time, place or medium, a dash.
SAID_ASIDE_RE = re.compile(
    r"\s*(?:[—–(,]|(?:in|on|at|during|after|before|last|this|earlier|later|while|from|via"
    r"|through|over|under)\s)"
)
THAT_AFTER_RE = re.compile(r"(?:[^“”\"«.;:]{0,90}?\s)?that\s+")
PARTIAL_CUT_RE = re.compile(
    r",\s+(?:[a-z]+ing|and|but|while|which|who|whom|as|although|though|before|after|when)(?![\w’'])"
    r"|;|\s[—–]\s"
)
# Words after a subject that are not the verb of a stance clause.
NOT_STANCE_VERBS = frozenset(
    {"is", "was", "are", "were", "be", "been", "being", "and", "or", "but", "who", "which",
     "that", "whose", "in", "on", "at", "of", "for", "to", "with", "by", "from", "as", "the",
     "a", "an", "his", "her", "its", "their", "this", "these", "those", "said", "says", "told"}
)  # fmt: skip
# Words after a subject that are no verb at all (`previous-paragraph-subject` takes any other).
NOT_VERBS = frozenset(
    {"and", "or", "but", "who", "which", "that", "whose", "in", "on", "at", "of", "for", "to",
     "with", "by", "from", "as", "the", "a", "an", "his", "her", "its", "their", "this", "these",
     "those"}
)  # fmt: skip
AUX_SKIP = frozenset(
    {"has", "have", "had", "also", "then", "again", "later", "once", "often", "never", "even",
     "did", "does", "do", "would", "will", "could", "can", "may", "might", "still", "just",
     "repeatedly", "recently", "already", "previously", "openly", "publicly", "frequently"}
)  # fmt: skip
STANCE_VERB_RE = re.compile(r"[a-z]+(?:ed|es|s)$")
# A verb right after a sentence-initial name: "Ham went on to explain", "Smith, 54, argued".
SUBJECT_VERB_RE = re.compile(
    r"(?:,\s+\d+,)?\s+(?:(?:also|then|later|again|has|had|was|is|quickly|never)\s+)?"
    r"(?!(?:of|and|or|in|on|at|for|to|with|by|from|as|who|which|the|a|an)\b)[a-z]+(?:ed|s|t|w|d)\b"
)
# The possessive that ends an addressee's name: "Fox News's Sunday show" -> "Fox News".
POSSESSIVE_SPLIT_RE = re.compile(r"[’']s?\s")
# A word in lowercase: an appositive role has one ("R-Ky." has none, a name has none).
LOWER_WORD_RE = re.compile(r"(?<![\w’'])[a-z]")
# A word ending like a participle ("Officials briefed", "voters opposing"): no noun phrase goes on.
PARTICIPLE_END_RE = re.compile(r"\w(?:ed|ing)$")
PARTICIPLE_WORD_RE = re.compile(r"\w(?:ed|ing)\s")
# Only lowercase words (auxiliaries and adverbs) between a subject and its verb.
LOWER_WORDS_RE = re.compile(r"(?:[a-z]+\s+)*")
# The reported clause after a cue opens with "that", or "of"/"about" after a boast.
THAT_START_RE = re.compile(r"that\s+")
OF_ABOUT_RE = re.compile(r"(?:of|about)\s")

# The source after "according to" when no speaker phrase matches it: up to 20 words, read to the
# next comma, colon or the end of the sentence ("the state's business records", "people familiar
# with the plans", "a count by The Associated Press"). Words and spaces alternate: linear.
ACCORDING_SOURCE_RE = re.compile(
    r"[^\s,;:“”\"()—–.?!]+(?:[ \t\u00a0]+[^\s,;:“”\"()—–?!]+){0,19}(?=\s*[,;:.?!]|\s*$)"
)
# Where such a source ends before a participle or time phrase: "a CNN poll released on Thursday".
ACCORDING_SOURCE_CUT_RE = re.compile(
    r"\s+(?:released|published|conducted|issued|obtained|filed|reviewed|seen|out|at\s+the\s+time"
    r"|(?:on|this|last)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week|month|year)"
    r"|in\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December))(?![\w’'])"
)
# Last words of an "according to" phrase that name a plan, not a source ("according to plan").
NOT_SOURCES = frozenset(
    {"plan", "plans", "schedule", "script", "tradition", "custom", "form", "rumor", "rumors"}
)  # fmt: skip
# An appositive after a named source and its comma, ended by a comma: "According to Jo Ames,
# a lawyer for the city, …". No auxiliary in it: "According to Ames, the plan will fail, …".
APPOSITIVE_RE = re.compile(
    r"\s*(?P<role>(?:an?|the|[RDI]-[A-Z][A-Za-z.]{1,12})(?![\w’'])"
    r"(?:(?!(?<![\w’'])(?:is|was|are|were|has|have|had|will|would|can|could|did|does|may"
    r"|might|should)(?![\w’']))[^,;:“”\"\n]){0,120}),"
)
# How an appositive that is a role starts ("a Syrian engineer", "the party's chairman", "R-Ohio"),
# unlike a participle phrase after a name ("asked about his claims").
APPOSITIVE_START_RE = re.compile(r"(?:an?|the|his|her|their|[A-Z][\w.\-’']*)(?![\w’'])")

# A subject of a speech verb that `SPEAKER_NP` does not take (rule "np-said-that"): a share of a
# poll ("Seventy-four percent of registered voters", "Six in 10", "Majorities of Democrats"),
# names joined by "and" ("Jo Ames and Tim Roe"), a name's body ("Jo Ames's campaign"), or people
# of someone ("Aides to Clinton", "Lawyers for the city"). Each word is bounded: linear.
_SHARE = (
    r"(?:(?:[Oo]nly|[Aa]bout|[Nn]early|[Aa]lmost|[Jj]ust|[Mm]ore\s+than|[Ff]ewer\s+than"
    r"|[Ll]ess\s+than|[Rr]oughly|[Aa]round|[Oo]nly\s+about)\s+)?"
    r"(?:\d[\d.,]*\s*(?:percent|%)|[A-Za-z]+(?:-[a-z]+)?\s+percent"
    r"|(?:\d+|[A-Za-z]+)\s+(?:in|out\s+of)\s+(?:10|ten|\d+|[a-z]+)"
    r"|[Hh]alf|[Aa]\s+(?:third|quarter|fifth|majority|plurality|minority)|[Tt]wo-thirds"
    r"|[Tt]hree-quarters|[Tt]hree\s+quarters|[Mm]ajorities|[Tt]he\s+majority)"
    r"(?:\s+(?:of\s+)?[\w’'\-]+(?:\s+[\w’'\-]+){0,8})?"
    r"|(?:[\w’'\-]+\s+){0,3}(?:[Rr]espondents|[Vv]oters|[Aa]mericans|[Dd]emocrats|[Rr]epublicans"
    r"|[Ii]ndependents|[Ll]ikely\s+voters)"
)
_PEOPLE_NOUN = (
    r"(?:[Pp]ersons?|[Pp]eople|[Ss]ources?|[Oo]fficials?|[Aa]ides?|[Ll]awyers?|[Aa]ttorneys"
    r"|[Aa]dvis[eo]rs?|[Aa]llies|[Ss]upporters|[Cc]ritics|[Ss]pokesmen|[Mm]embers|[Ll]eaders"
    r"|[Rr]epresentatives|[Ff]riends|[Oo]fficers|[Ee]xperts|[Aa]nalysts|[Pp]oliticians"
    r"|[Ll]awmakers|[Rr]esidents|[Ww]orkers|[Ee]conomists|[Ss]trategists|[Oo]rganizations"
    r"|[Gg]roups|[Ee]xecutives|[Ii]nvestors|[Oo]bservers|[Ss]cientists|[Rr]esearchers"
    r"|[Dd]iplomats|[Aa]ctivists|[Dd]onors|[Tt]echnologists|[Pp]rosecutors|[Ii]nvestigators"
    r"|[Oo]thers|[Aa]dvocates|[Oo]pponents|[Ss]taffers|[Ee]mployees|[Dd]elegates)"
)
# People, optionally of someone or described: "Aides to Clinton", "A person familiar with the
# planning", "people who have battled online threats", "Politicians and even some technologists".
_PEOPLE = (
    r"(?:(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Mm]any|[Ss]ome|[Mm]ultiple|[Oo]ther|[Tt]he"
    r"|[Mm]ost|[Oo]ther)\s+)?(?:[\w’'\-]+\s+){0,3}?" + _PEOPLE_NOUN
)
_PEOPLE_OF = (
    rf"{_PEOPLE}(?:\s+and\s+(?:even\s+)?{_PEOPLE})?"
    r"(?:\s+(?:to|for|of|at|with|in|from|on|close\s+to|familiar\s+with|briefed\s+on"
    r"|involved\s+in|privy\s+to|knowledgeable\s+about|inside|within|around|who|that)"
    r"\s+[\w’'\-.]+(?:\s+[\w’'\-.]+){0,12})?"
)
_DESC = r"(?:(?:[A-Z][\w.\-’']*|[a-z][\w\-]*)\s+){0,4}"
LOOSE_SUBJECT_RE = re.compile(
    r"(?:(?:[Ee]ven|[Oo]nly|[Aa]lso)\s+)?"
    rf"(?P<np>{_SHARE}"
    rf"|(?:[Tt]he\s+)?{NAME}"
    rf"|{_DESC}{NAME}(?:\s*,\s*{NAME}){{0,3}},?\s+and\s+{NAME}"
    rf"|(?:[Tt]he\s+)?{_DESC}{NAME}[’']s?\s+(?:(?:presidential|re-?election|Senate|House"
    r"|gubernatorial|press|legal|political|communications)\s+)?(?:campaign|office|spokesman"
    r"|spokeswoman|spokesperson|team|aides|lawyers|lawyer|attorneys|attorney|staff|advisers"
    r"|allies|administration|government|ministry|party|camp|foundation|company|family"
    r"|secretary|manager|chairman|chairwoman|director|adviser|advisor|aide)"
    # a second role noun: "Donald Trump's campaign manager", "Clinton's campaign chairman"
    r"(?:\s+(?:manager|chairman|chairwoman|director|spokesman|spokeswoman|spokesperson"
    r"|secretary|adviser|advisor|aides?|lawyers?|officials?))?"
    rf"|{_PEOPLE_OF})"
)
# "asked (someone) whether/if/how … / to …": a question or request reported after "asked" (rule
# "name-asked-whether"): an optional addressee of at most four words, then the question word.
ASK_CUES = frozenset({"asked", "asks", "asking"})
ASKED_OBJECT_RE = re.compile(
    r"[ \t\u00a0]*(?P<obj>(?:[\w’'\-.]+[ \t\u00a0]+){0,4}?)"
    r"(?P<q>whether|if|how|what|who|whom|why|when|where|which|to)(?![\w’'])"
)
# The asker named after a passive "asked" ("Sanders was asked by host John Dickerson whether …",
# rule "asked-by-whether"): the question is the asker's words.
ASKED_BY_RE = re.compile(
    rf"(?<![\w’'])(?:was|were|is|are|been|being|when)\s+asked\s+by\s+(?P<spk>{SPEAKER_NP})"
    r"(?:\s+(?:on|in|at|during)\s+[^,;:.]{1,60}?)?,?\s+(?P<q>whether|if|why|how|what|who|where)"
    r"(?![\w’'])"
)
# A question put to someone by an asker the article does not name ("Asked whether he would run,
# Ames said …", "When asked if …", "Trump was asked what …"; rule "asked-question"): the
# question is reported speech of an unknown speaker. "asked" opens the sentence, or follows
# "when"/"after being"/"if" or a passive auxiliary; up to 60 characters of when and where may
# come before the question word, which must follow within the sentence's first clause.
# The lookbehind comes after the first letter, so that a scan skips to each "a" or "A" at once;
# the words that may come before "asked" are read by ASKED_LEAD_RE.
ASKED_QUESTION_RE = re.compile(
    r"(?P<cue>[Aa](?<![\w’'][Aa])sked)(?:\s+(?:on|in|at|during|later|again|repeatedly|directly"
    r"|specifically|last|this|earlier|recently|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday)(?![\w’'])[^,;:.?!“”\"\n]{0,60}?)?,?\s+"
    r"(?P<q>(?:whether|if|why|how|what|which|who|where|when)(?![\w’']))"
)
ASKED_LEAD_RE = re.compile(
    r"(?<![\w’'])(?:[Ww]hen|[Aa]fter\s+being|[Ii]f|[Oo]nce|was|were|is|are|been|being)\s+$"
)
# "reportedly" in the reporter's words (rule "reportedly"): the sentence is reported speech of a
# source the article does not name.
REPORTEDLY_RE = re.compile(r"[Rr](?<![\w’'][Rr])eportedly(?![\w’'])")
# A speech verb as a participle after a comma ("Ames attacked Roe, saying he would …"): the
# subject is the main clause's (rule "clause-saying-that"); the clause after it reads as after
# the finite form.
PARTICIPLE_SAY: dict[str, str] = {
    "saying": "said", "adding": "added", "arguing": "argued", "noting": "noted",
    "insisting": "insisted", "explaining": "explained", "claiming": "claimed",
    "warning": "warned", "stressing": "stressed", "suggesting": "suggested",
    "acknowledging": "acknowledged", "predicting": "predicted", "asserting": "asserted",
    "contending": "contended", "declaring": "declared", "telling": "told", "asking": "asked",
}  # fmt: skip
# A participle clause after a quote's attribution ("“…,” he said, adding that …"; rule
# "quote-then-participle"): the quote's speaker said the clause too.
PARTICIPLE_AFTER_RE = re.compile(
    rf",\s+(?:(?P<cue>{'|'.join(sorted(PARTICIPLE_SAY, key=len, reverse=True))})"
    # or a relative clause of the speaker: "“…,” said Ann Lee, 24, who said …"
    r"|who\s+(?:also\s+|later\s+|has\s+|had\s+)?(?P<who_cue>said|says|added|argued|noted"
    r"|explained|insisted|warned|claimed|believes|thinks))(?![\w’'])"
    r"(?:\s+that(?![\w’']))?\s+(?=[\w‘])"
)
# A title "Name: words" (rule "headline-name-colon"): a name of at most four words or "X camp",
# then what they said.
HEADLINE_NAME_RE = re.compile(
    r"(?P<spk>[A-Z][\w’'\-.]*(?:[ \t]+(?:[A-Z][\w’'\-.]*|camp|campaign)){0,3}):[ \t]+"
    r"(?P<body>[A-Z‘“'\"][^\n]{3,200})"
)
# A relative clause's speech verb: "…, Jeb Bush, who announced he is …" (rule "who-said-that").
WHO_CUE_RE = re.compile(
    r",\s+who\s+(?:(?:also|has|have|had|then|later|now|previously|recently"
    r"|repeatedly|publicly)\s+){0,3}$"
)
# The noun phrase a relative clause is about, at the end of the text before ", who": a name or
# a short phrase of people ("the protesters", "business leaders").
WHO_HEAD_RE = re.compile(
    rf"(?<![\w’'])(?P<spk>(?:[Tt]he\s+)?{NAME}|(?:[Tt]he|[Tt]heir|[Hh]is|[Hh]er|[Ii]ts|[Aa]n?)\s+[a-z][\w’'\-]*(?:\s+[a-z][\w’'\-]*){{0,3}}"
    r"|(?:(?!(?:and|or|but)\s)[\w’'\-]+\s+){0,2}(?:leaders|officials|voters|critics|supporters|opponents|experts"
    r"|analysts|lawmakers|activists|groups|residents|members|democrats|republicans|people"
    r"|advocates|economists|protesters|candidates|rivals))$"
)
# An age or a home town between a name and ", who": "Nicky Driscoll, 24, from Manchester, who".
WHO_APPOSITIVE_END_RE = re.compile(
    r"(?:,\s+\d{1,3})?(?:,\s+(?:of|from)\s+[A-Z][\w’'.\-]*(?:,?\s+[A-Z][\w’'.\-]*){0,3})?$"
)
# A headline in title case, "Mayor Ames Says He Will Not Run Again" (rule "headline-name-says").
HEADLINE_SAYS_RE = re.compile(
    rf"(?P<spk>{NAME})[ \t]+(?P<cue>Says|Said|Warns|Claims|Insists|Admits|Thinks|Believes"
    r"|Predicts|Vows|Promises|Tells[ \t]+[A-Z][\w’'\-.]*(?:[ \t]+[A-Z][\w’'\-.]*){0,3})"
    r"[ \t]+(?=[A-Z‘“'\"\d])"
)
# The cue words of such a headline (a cheap test before the pattern: they are rare).
HEADLINE_SAYS_CUE_RE = re.compile(
    word_alternation(
        ("Says", "Said", "Warns", "Claims", "Insists", "Admits", "Thinks", "Believes", "Predicts",
         "Vows", "Promises", "Tells"),
        not_after=r"[\w’']",
    )
    + r"(?![\w’'])"
)  # fmt: skip
# Verbs of belief, not speech: "Smith believes (that) …". They attribute a clause only to a named
# subject (`indirect._stance_clause`); those of STANCE_THAT_ONLY also take a plain object
# ("knew the area", "expects 5,000 people") and count only before "that".
STANCE_CUES: tuple[str, ...] = (
    "believes", "believed", "believe", "thinks", "thought", "think", "hopes", "hoped", "fears",
    "feared", "suspects", "suspected", "feels", "felt", "knows", "knew", "expects", "expected",
    "doubts", "doubted",
)  # fmt: skip
STANCE_THAT_ONLY = frozenset(
    {"feels", "felt", "knows", "knew", "expects", "expected", "doubts", "doubted"}
)  # fmt: skip
STANCE_FIND = re.compile(cue_form_re(tuple(sorted(STANCE_CUES, key=len, reverse=True))))
# Verbs of a stance taken toward what follows them, not of speech: "Christie endorsed Trump",
# "She urged the administration to join …", "Cook declined to say whether …". They attribute their
# object, read to the end of its clause (`indirect._object_clause`), only to a named subject.
# Chosen from the verbs after a named subject in PolNeAR train (840 articles): those whose object
# lay in a gold attribution 7 times in 10 or more ("wants": 6), and their other forms; "compared"
# (0.55) and "won", "made", "took" (below 0.5) are left out.
OBJECT_CUES: tuple[str, ...] = (
    "accused", "accuses", "agreed to", "agrees to", "applauded", "applauds", "attacked",
    "blamed", "blames", "blasted", "called", "calls", "called for", "calls for", "called on",
    "calls on", "challenged", "cited", "cites", "condemned", "condemns", "criticized",
    "criticizes", "criticised", "decried", "decries", "declined to", "declines to", "defended",
    "defends", "demanded", "demands", "described", "describes", "dismissed", "dismisses",
    "endorsed", "endorses", "expressed", "expresses", "hailed", "hails", "mentioned",
    "mentions", "opposed", "opposes", "plans to", "planned to", "pledged to", "pledges to",
    "pointed to", "points to", "praised", "praises", "promised to", "promises to", "proposed",
    "proposes", "questioned", "referred to", "refers to", "refused to", "refuses to",
    "rejected", "rejects", "reminded", "reminds", "slammed", "slams", "sought to", "seeks to",
    "spoke about", "speaks about", "supported", "supports", "talked about", "talks about",
    "touted", "touts", "urged", "urges", "vowed to", "vows to", "wants", "wanted", "welcomed",
    "welcomes",
)  # fmt: skip
OBJECT_FIND = re.compile(cue_form_re(tuple(sorted(OBJECT_CUES, key=len, reverse=True))))
CUE_FORM_SETS.update(
    {
        id(STANCE_FIND): frozenset(STANCE_CUES),
        id(OBJECT_FIND): frozenset(OBJECT_CUES),
        id(DOCUMENT_FIND): frozenset(DOCUMENT_CUES),
    }
)
# One scan finds every cue word of an article, and the matches of each cue pattern (those of
# CUE_FORM_SETS) are derived from it (`Scan.index`): a subset's match can only start where a
# match of the whole set does, as long as no later word of a form is the first word of one.
CUE_SCAN_FORMS: frozenset[str] = frozenset().union(*CUE_FORM_SETS.values())
CUE_SCAN = re.compile(cue_form_re(tuple(sorted(CUE_SCAN_FORMS, key=len, reverse=True))))
if {w for f in CUE_SCAN_FORMS for w in f.split()[1:]} & {
    f.split()[0] for f in CUE_SCAN_FORMS
}:  # pragma: no cover
    raise ImportError("a later word of a cue form is the first word of another form")
# The same stances as a participle after the main clause: "Clinton canceled the rally, citing the
# attack", "…, calling Trump unhinged" (the main clause's subject takes the stance).
OBJECT_PARTICIPLES: tuple[str, ...] = (
    "accusing", "applauding", "attacking", "blaming", "blasting", "calling", "calling for",
    "calling on", "citing", "comparing", "condemning", "criticizing", "criticising", "decrying",
    "defending", "demanding", "describing", "dismissing", "endorsing", "hailing", "pledging to",
    "pointing to", "praising", "promising to", "questioning", "referring to", "rejecting",
    "slamming", "touting", "urging", "vowing to", "welcoming",
)  # fmt: skip
OBJECT_PARTICIPLE_RE = re.compile(
    r",\s+(?:also\s+)?(?P<cue>" + word_alternation(OBJECT_PARTICIPLES) + r")(?![\w’'])"
)
# A time phrase that ends such an object, not part of it: "endorsed Kessler on Friday".
OBJECT_TIME_END_RE = re.compile(
    r"\s+(?:(?:on|last|this|early|late|earlier|later)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur"
    r"|Sun)day|week|month|year|morning|afternoon|evening|night)(?:\s+(?:morning|afternoon"
    r"|evening|night))?|today|yesterday|recently|again)$"
)
# Where the object of such a verb ends: a comma, colon, semicolon, parenthesis or dash, or a
# conjunction ("and has appeared at her rallies", "but", "while", "because", …).
OBJECT_END_RE = re.compile(
    r"\s*(?:[,;:(]|\s[—–-]+\s|\s(?:and|but|while|because|after|before|as|when)\s)"
)
# Subjects that hold a view only once resolved to a person or body.
STANCE_PRONOUNS = frozenset({"he", "she", "they"})
# First words of a subject that make it no one in particular, or the writer.
NOT_HOLDERS = frozenset(
    {"some", "many", "most", "few", "several", "both", "all", "no", "none", "nobody", "one",
     "it", "this", "that", "these", "those", "i", "we", "you", "everyone", "everybody",
     "anyone", "someone", "people", "others", "a", "an", "our", "my", "your", "well", "oh",
     "nevertheless", "okay", "sure"}
)  # fmt: skip

# Every rule that links an item to its speaker, by the id an extracted item carries (`rule`).
RULES: dict[str, str] = {
    # a full quote, the speaker after it
    "quote-dash-name": "“…” — Martha Aguilar",
    "quote-signature-line": "“…” / - Martha Aguilar, Tucson. (a paragraph that signs the quote)",
    "quote-according-to": "“…,” according to X",
    "quote-said-name": "“…,” said John Smith (inverted cue)",
    "quote-said-speaker": "“…,” said a longtime donor (inverted cue, loose speaker phrase)",
    "quote-name-said": "“…,” Smith said / “…,” a spokesman for X said",
    "quote-adding-that": "…, he said, adding that “…” (the speaker of the sentence's first quote)",
    # a full quote, the speaker before it
    "according-to-quote": "According to X, “…”",
    "header-name-colon": "Pollsters agree - Carl Bialik: “…”",
    "name-colon-quote": "Clinton: “…” / Rep. Jo Ames (R-Ohio): “…” (a sentence that is a name)",
    "name-said-quote": "Smith said: “…” / Smith told reporters “…”",
    "clause-saying-quote": "Warren endorsed Clinton, saying, “…”",
    "said-name-quote": "…, said John Smith: “…”",
    "colon-paragraph": "a paragraph ending in “Smith said:” before the quote's paragraph",
    "from-name-colon": "From Senator Jane Doe: / “…” (a header paragraph before a block quote)",
    "name-quoted-as-saying": "Smith was quoted as saying, “…”",
    "previous-paragraph-subject": "Smith spoke on Monday. / “…” (a quote alone in its paragraph)",
    "transcript-answer": "Q: … / A: … (the interviewee: the named label or the last person named)",
    "transcript-label": "SMITH: … (two or more labelled paragraphs)",
    "continues-speaker": "a quote without a cue, next to a quote of the same speaker",
    # a fragment or a reported clause
    "fragment-stance-verb": "Trump blasted Disney for its “outrageous practices”",
    "fragment-subject-verb": "Mr. Ortega exhorted delegates to “vote your conscience”",
    "fragment-same-sentence": "Ames warned that “…” because “…” (the sentence's earlier speaker)",
    "fragment-sentence-subject": "Jo Ames is questioning whether … “…” (a named person opens it)",
    "clause-then-said": "…, Smith said. / …, said Smith.",
    "clause-said-mid": "The weapons, he added, are …",
    "according-to-clause": "According to X, … / …, according to X.",
    "according-to-source": "…, according to the state's business records. (any short source)",
    "name-said-that": "Smith said (to Y) (that) …",
    "name-asked-whether": "Smith asked (reporters) whether … / to …",
    "asked-by-whether": "Sanders was asked by host John Dickerson whether …",
    "asked-question": "Asked whether he would run, … (a question; the asker is not named)",
    "quote-then-participle": "“…,” he said, adding that … / “…,” said X, who said … (by X)",
    "reportedly": "The firm reportedly cut 600 jobs (a source the article does not name)",
    "clause-saying-that": "Ames attacked Roe, saying (that) … (the subject of the main clause)",
    "headline-name-colon": "Ames: Council Plan Threatens Jobs (the title paragraph)",
    "clause-subject-said": "The crowd booed when Ames said … (a subject after a subordinator)",
    "aside-subject-said": "Sims — a teacher from Mount Pleasant — says … (a subject before asides)",
    "quote-name-verbed": "“Go back,” Ames barked. / “Great!” beamed Jo Ames (any verb in the past)",
    "comma-subject-quote": "Jo Ames issued a statement, “…” (the last clause's named subject)",
    "clause-and-said-quote": "Ames urged her to resign and said, “…” (the first verb's subject)",
    "previous-sentence-subject": "Jo Ames agreed. “…” (the named subject of the sentence before)",
    "clause-asking-whether": "…, asking Ames why he … (the main clause's subject asks)",
    "colon-subject-quote": "Ames leaned in and boomed: “…” (the named subject before a colon)",
    "trailing-name-said": "Saturday at the convention Sen. Jo Ames said … (the name before it)",
    "document-shows-that": "The poll found that … / FEC records show … (a document subject)",
    "who-said-that": "…, Jo Ames, who announced (that) … (the head of the relative clause)",
    "headline-name-says": "Mayor Ames Says He Will Not Run Again (a title-case headline)",
    "clause-and-said": "Ames survived a long campaign and says … (the subject of the first verb)",
    "np-said-that": "Six in 10 voters say … / Ames's campaign says … / Aides to Ames say …",
    "name-believes-that": "Smith believes (that) … / He fears that … (a named subject only)",
    "quote-then-citing": "“…,” he said, referring to Obama (the quote's speaker)",
    "clause-citing": "She canceled the rally, citing the attack (the main clause's subject)",
    "name-endorsed": "Christie endorsed Trump / She urged the party to … (a named subject only)",
}
# A quoted fragment of this many words or fewer that no rule attributes is a scare quote or a
# label (the “orange prince”), not a statement; a longer one is returned, speaker unknown.
SCARE_QUOTE_WORDS = 4
# A capitalised word: between two fragments of a sentence, a new subject may be speaking.
CAPITALISED_WORD_RE = re.compile(r"\b[A-Z][a-z]")
# The -ing verb after "is" / "was" that opens a fragment's sentence ("Ames is questioning").
PROGRESSIVE_RE = re.compile(r"\s+([a-z]+ing)\b")
# Words before a short quoted fragment that make it a label, not speech: so-called "woke"
# policies, the film "Oppenheimer", a group dubbed "the Squad".
SCARE_QUOTE_NAMING = ("so-called", "dubbed", "nicknamed", "titled", "entitled", "termed", "labeled",
                      "labelled")  # fmt: skip
SCARE_QUOTE_WORKS = ("film", "movie", "book", "novel", "song", "album", "show", "series", "play",
                     "documentary", "podcast", "slogan", "hashtag", "phrase", "word", "term",
                     "program", "programme", "campaign")  # fmt: skip
SCARE_QUOTE_LEAD_RE = re.compile(
    rf"(?i:{'|'.join(SCARE_QUOTE_NAMING)}|known\s+as"
    rf"|(?:the|a|an|his|her|their)\s+(?:{'|'.join(SCARE_QUOTE_WORKS)}))\s*$"
)
# The last word of every lead SCARE_QUOTE_LEAD_RE finds: a set lookup rules out most quotes
# before the search (a text of 66,000 short quotes spent a sixth of its time in it).
SCARE_QUOTE_LAST_WORDS = frozenset([*SCARE_QUOTE_NAMING, "as", *SCARE_QUOTE_WORKS])
# A spokesperson speaking for someone: the represented is the person or body after "for".
SPOKESPERSON_FOR_RE = re.compile(
    r"(?i:spokes(?:man|woman|person)|press\s+secretary|representative|aide|lawyer|attorney"
    r"|adviser|advisor)\s+(?:for|to)\s+(?P<represented>the\s+[^,;:()]{2,80}?|[A-Z][^,;:()]{1,80}?)\s*$"
)

# Text preparation (`text`): HTML tags and entities, paragraphs and sentence boundaries.
HTML_TAG_RE = re.compile(r"<[A-Za-z/!][^<>]*>")
HTML_BLOCK_RE = re.compile(
    r"<\s*(?:br|/p|/div|/h[1-6]|/li|/blockquote|/tr)\b[^<>]*>", re.IGNORECASE
)
# <script>/<style> elements are dropped with their content. Not one `<(script|style)…>.*?</\1>`
# regex: with no closing tag it scans to the end of the text once per opening tag (quadratic).
HTML_DROP_OPEN_RE = re.compile(r"<(script|style)\b[^<>]*>", re.IGNORECASE)
HTML_DROP_CLOSE_RE = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
# Spaces before a newline; the lookbehind starts a match only at the start of a run of spaces.
SPACES_NL_RE = re.compile(r"(?<![ \t\u00a0])[ \t\u00a0]+\n")
LOOKS_HTML_RE = re.compile(
    r"</?(?:p|div|br|span|a|em|strong|i|b|h[1-6]|li|ul|blockquote)\b[^<>]*>", re.IGNORECASE
)
HTML_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
PARA_RE = re.compile(r"[^\n]+")
INITIALS_RE = re.compile(r"(?:\w\.)+\w")
# A sentence ends at . ! ? (optionally followed by closing marks, including the '' of NYT copy)
# before whitespace and a capital. Possessive, and only from the start of a run of stops: a long
# run ("........") is tried once, not once per character with backtracking (quadratic).
SENTENCE_BOUNDARY_RE = re.compile(
    r"(?<![.!?])[.!?]++[”\"’'»)\]]*+(?=\s+(?:''|[“\"«‘(\[])?[A-Z0-9])"
)
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt", "prof",
        "rev", "st", "jr", "sr", "adm", "maj", "no", "vs", "v", "inc", "corp", "co", "ltd",
        "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k",
        "u.n", "d.c", "a.m", "p.m", "e.g", "i.e", "etc", "pres", "gop", "ft", "mt", "ave",
        "reps", "sens", "gens", "govs", "dept", "est", "fig", "approx", "n.y", "l.a", "calif",
        "fla", "mass", "penn", "wash", "ill", "mich", "ariz", "tenn", "ky", "va", "md", "ga",
        "ala", "la", "conn", "del", "colo", "minn", "wis", "mo", "ind", "okla", "ore", "nev",
    }
)  # fmt: skip

# Quote marks (`marks`).
OPENERS = "“„«"
CLOSERS = "”»"
# Two apostrophes ('') stand in for a double quote mark in some wire and NYT copy.
# Two apostrophes as a quote mark (NYT style). Of three, an opening pair is the first two
# ("'''Hey,' he said''": the third opens a nested quote) and a closing pair the last two
# ("… of us,''' Mr. English said": the first closes the nested quote).
QUOTE_MARK_ANY_RE = re.compile(r"(?<![\w,.!?;:])''(?='\w)|''(?!')|[\"“”„«»]|\n")
SPACES_RE = re.compile(r"\s*")

# Names and their mentions (`names`).
NAME_MENTION_RE = re.compile(rf"(?<![\w’'])(?:[Tt]he\s+)?{NAME}")
TOKEN_RE = re.compile(r"[^\s]+")
GENDER_PRONOUN_RE = re.compile(r"(?<![\w’'])(he|she|his|her|him|hers)(?![\w’'])", re.IGNORECASE)
CONTRACTION_RE = re.compile(r"\w[’'](?:t|m|re|ve|ll|d)$", re.IGNORECASE)
POSSESSIVE_END_RE = re.compile(r"[’']s?$")

# What `bounds.last_words_start` matches in a reversed text: limit words, then what precedes the
# next (possessive quantifiers: one pass, no backtracking).
LAST_WORDS_TEMPLATE = r"(?:[^\w’']*+[\w’']++){{{limit}}}[^\w’']*+(?=[\w’'])"
