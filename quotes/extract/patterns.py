"""Rules as data for the article quote extractor: cue verbs, titles, pronouns and the regexes built
from them.

Everything the extractor recognises lives here as plain tables, so a rule can be tested on its own
and extended without touching the control flow in `extractor.py`.
"""

from __future__ import annotations

import re

__all__ = [
    "ACCORDING_TO_RE",
    "CUE_ADVERB",
    "CUE_FORMS",
    "CUE_RE",
    "CUE_VERBS",
    "FEMALE_FIRST_NAMES",
    "FEMALE_WORDS",
    "MALE_FIRST_NAMES",
    "MALE_WORDS",
    "MIXED_CUES",
    "MIXED_CUE_RE",
    "NAME",
    "ORG_WORDS",
    "OUTLETS",
    "PARTIAL_CUES",
    "PARTIAL_CUE_RE",
    "PLAIN_CUES",
    "PRONOUNS",
    "REFLEXIVE_CUES",
    "ROLE_NOUNS",
    "SENTENCE_STOPWORDS",
    "SPEAKER_NP",
    "TITLES",
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
    r"|do\s+not)\s+){0,3}"
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
    }
)  # fmt: skip

# A capitalised word of a proper name: "Stradner", "O'Neill", "McCain", "J.", "AFP", "al-Assad".
_TITLE_ABBR = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Gen|Col|Sgt|Capt|Prof|Rev|Adm|Maj|St|Del|Amb|Atty)"
_CAP = rf"(?:{_TITLE_ABBR}\.(?=[ \t])|(?:[A-Z]\.){{2,}}|[A-Z][\w’'\-]*\w|[A-Z]\.|[A-Z])"
_SP = r"[ \t\u00a0]+"
_PARTICLE = r"(?:de|del|della|van|von|der|den|da|di|la|le|du|bin|ibn|al|el)"
# A proper name: optional abbreviated titles, up to six capitalised words with name particles.
NAME = (
    rf"(?:(?:{_TITLE_ABBR}|Supt|Cmdr|Gens|Sens|Reps)\.{_SP})*"
    rf"{_CAP}(?:{_SP}(?:{_PARTICLE}{_SP})?{_CAP}){{0,6}}"
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
)  # fmt: skip
_ROLE_CAPS = "|".join(r.capitalize() for r in ROLE_NOUNS)
# A speaker as written: a pronoun, a name (possibly "the"-prefixed organisation), or a short noun
# phrase such as "a White House official" or "the spokesman".
SPEAKER_NP = (
    r"(?:(?:he|she|they|it|I|we|He|She|They|It|We)(?![\w’'])"
    rf"|(?:[Tt]he\s+)?{NAME}(?:[’']s?\s+{_CAP}(?:\s+{_CAP}){{0,3}})?"
    # a descriptor before a name: "Republican presidential nominee Donald Trump"
    rf"|(?:(?:[A-Z][\w.\-’']*|[a-z][\w\-]*){_SP}){{0,4}}(?i:{'|'.join(ROLE_NOUNS)}){_SP}"
    rf"{NAME}"
    # an office "of" something before a name: "Secretary of State John F. Kerry"
    rf"|(?:[A-Z][\w.\-’']*{_SP}){{0,2}}(?:{_ROLE_CAPS}){_SP}of{_SP}"
    rf"(?:the{_SP})?(?:[A-Z][\w.\-’']*{_SP}){{1,3}}{NAME}"
    # a share of a poll: "63 percent", "Only 52 percent of registered voters", "About four in 10"
    r"|(?:(?:[Oo]nly|[Aa]bout|[Nn]early|[Aa]lmost|[Jj]ust|[Mm]ore\s+than|[Ff]ewer\s+than|[Ll]ess"
    r"\s+than|[Rr]oughly|[Oo]nly\s+about)\s+)?(?:\d[\d.]*\s*(?:percent|%)|(?:\d+|[a-z]+)\s+in\s+"
    r"(?:10|ten|\d+))(?:\s+of\s+(?:[\w\-’']+\s+){0,4}?[\w\-’']+)?"
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
    r"|authorities|administration|white\s+house)(?![\w’'])"
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


def word_alternation(words: tuple[str, ...]) -> str:
    """Return a non-capturing regex matching any of words, the longest matching one first."""
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

    return "(?:" + emit(trie) + ")"


CUE_RE = cue_form_re()
# The lookbehind comes after the first letter, so that a scan skips to each "a" or "A" at once.
ACCORDING_TO_RE = r"[Aa](?<![\w’'][Aa])ccording\s+to(?![\w’'])"


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
