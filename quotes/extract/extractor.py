"""Rule-based quote extraction from an article body: direct, partial and indirect quotes.

The pipeline, in the spirit of Quootstrap and the GenderGapTracker quote extractor:

1. find quoted spans (`marks.find_quote_spans`) and quote-aware sentences (`text.sentences`);
2. attribute each quoted span from the text right after it (`,” Stradner told Politico.`,
   `,” said John Smith, a spokesman.`, `,” according to X.`, `” ― Name`), or else from the text
   before it in its sentence (`Smith said: “…`), or from a paragraph ending in a colon;
3. find indirect speech in sentences without a full quote (`X announced that …`, `X said he …`,
   `…, X said.`, `according to X, …`, `X, who … boasted …`);
4. resolve speakers in reading order: surnames to the full name introduced earlier, pronouns to the
   nearest earlier speaker or sentence subject of a fitting gender, and quotes without a cue to
   the speaker of the quote they continue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from quotes.extract.marks import QuoteSpan, find_quote_spans
from quotes.extract.names import NameIndex, clean_name, is_org
from quotes.extract.patterns import (
    ACCORDING_TO_RE,
    CUE_ADVERB,
    CUE_FORMS,
    CUE_RE,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    MIXED_CUE_RE,
    MIXED_CUES,
    NAME,
    OUTLETS,
    PARTIAL_CUE_RE,
    PLAIN_CUES,
    PRONOUNS,
    SENTENCE_STOPWORDS,
    SPEAKER_NP,
    WEAK_CUES,
    cue_form_re,
)
from quotes.extract.text import is_abbreviation, paragraphs, sentences

__all__ = ["ExtractedItem", "extract_quotes"]


@dataclass(frozen=True)
class ExtractedItem:
    """One extracted quote: verbatim span, offsets, kind and attribution."""

    text: str
    start: int
    end: int
    kind: str  # "direct" | "partial" | "indirect"
    speaker: str | None
    speaker_role: str | None
    cue: str | None
    via_outlet: str | None
    confidence: float


@dataclass
class _Attribution:
    """A speaker as written, before resolution."""

    phrase: str
    pos: int  # offset of the phrase in the article
    role: str | None = None
    cue: str | None = None
    via: str | None = None
    score: float = 0.9


@dataclass
class _Pending:
    """An item whose speaker is still to be resolved."""

    start: int
    end: int
    kind: str
    para: int
    attr: _Attribution | None
    span: QuoteSpan | None = None
    continues_prev: bool = False  # the previous span left its quote open into this paragraph
    speaker: str | None = field(default=None)


_CUE_FIND = re.compile(CUE_RE)
_MIXED_FIND = re.compile(MIXED_CUE_RE)
_PARTIAL_FIND = re.compile(PARTIAL_CUE_RE)
# Indirect speech also takes the plain present form after a plural subject ("critics say").
_INDIRECT_FIND = re.compile(
    cue_form_re(tuple(sorted(set(CUE_FORMS) | set(PLAIN_CUES), key=len, reverse=True)))
)
_MIXED = frozenset(MIXED_CUES)
_TITLE_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "on", "to", "for", "at", "with"})
_ACCORDING_FIND = re.compile(ACCORDING_TO_RE)
_SPEAKER_FULL = re.compile(rf"(?P<spk>{SPEAKER_NP})(?:\s*,\s*(?P<role>.{{2,260}}?))?\s*,?\s*")
_SPEAKER_OF_RE = re.compile(
    rf"(?P<spk>{SPEAKER_NP})\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w.\-’']*"
    r"(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w.\-’']*){0,5}"
)
_NAME_ROLE_END = re.compile(
    rf"(?<![\w’'])(?P<name>{NAME}),\s+(?:(?:now|then|also|still)\s+)?(?:the|an?|his|her|their|its)"
    r"\s+[^,“”\"]{2,80}$"
)
_NAME_END = re.compile(
    rf"(?P<name>(?:[Tt]he\s+)?{NAME})(?:\s+of\s+(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)?$"
)
_ADVERB_END = re.compile(rf"\s+{CUE_ADVERB}$")
_GENERIC_NP = re.compile(
    r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Tt]his|[Tt]hat|[Tt]hese|[Ss]ome"
    r"|[Mm]any|[Ss]everal|[Bb]oth|[Tt]wo|[Tt]hree|[A-Z][\w’'\-.]*[’']s)"
    r"(?:\s+[\w’'\-.]+){1,8}"
    # a bare plural of people: "Federal and state officials", "Many Democrats"
    r"|(?:[\w’'\-.]+\s+){0,3}(?:officials|experts|analysts|economists|lawmakers|critics"
    r"|supporters|opponents|advocates|aides|sources|Democrats|Republicans|officers|prosecutors"
    r"|investigators|residents|voters|activists|leaders|scientists|researchers|diplomats)"
)
_LEAD_RE = re.compile(r"^(?:(?:[Bb]ut|[Aa]nd|[Ss]o|[Yy]et|[Ss]till|[Nn]ow|[Tt]hen|[Aa]lso)\s+)+")
_TIME_RE = re.compile(
    r"^(?:\s*,)?\s*(?:(?:on|last|this|early|late|earlier|later)\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week|month|year|night|morning|evening"
    r"|afternoon|today|yesterday|recently|earlier|later|previously|again|then|once"
    r"|in\s+(?:an?|the|his|her|their)\s+(?:[\w\-]+\s+){0,3}?(?:statement|interview|speech|op-ed"
    r"|email|e-mail|letter|post|tweet|release|call|conversation|remarks|debate|address"
    r"|press\s+conference|conference|report|memo|video|appearance|column|book|town\s+hall)"
    r"(?:\s+(?:with|to|on|at)\s+(?:[\w’'.\-]+\s*){1,5}?(?=[,:]|\s+that\b|$))?"
    r"|at\s+(?:an?|the|his|her)\s+(?:[\w\-]+\s+){0,3}?(?:rally|event|hearing|briefing|debate"
    r"|meeting|conference|forum|news\s+conference|press\s+conference|speech))"
    r"(?![\w’'])"
)
_OBJ_RE = re.compile(
    rf"^\s+(?:to\s+)?(?P<obj>reporters|journalists|supporters|voters|the\s+crowd|a\s+crowd"
    rf"|an?\s+audience|the\s+audience|him|her|them|us|me|(?:[Tt]he\s+)?{NAME}(?:[’']s?\s+[\w\s]{{0,30}}?(?=\s+that\b|[,.:]|$))?)"
    r"(?![\w’'])"
)
_INTERVIEW_RE = re.compile(rf"\bin\s+an\s+interview\s+with\s+(?P<via>(?:[Tt]he\s+)?{NAME})")
_SAY_FAMILY = frozenset(
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
_CLAUSE_START_BAD = re.compile(
    r"^(?:in|on|at|of|for|to|with|by|from|about|as|and|or|but|so|than|it\s+was|is|was|were|are"
    r"|more|less|nothing|something|anything|no|yes|goodbye|hello|thanks|sorry)(?![\w’'])",
    re.IGNORECASE,
)
_CONTINUE_CUES = frozenset({None, "added", "adds", "continued", "continues", "went on", "goes on"})
_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?(?:\s*\([^()]{1,30}\))?"
    r"(?:,\s*\w+\.?\s+\d+(?:\s*\([^()]{1,20}\))?)?\s*[—–―-]+\s*"
)
_TRANSCRIPT_RE = re.compile(
    r"(?P<label>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2}):[ \t\u00a0]+(?P<body>\S)"
)
_NOT_SPEAKER_LABELS = frozenset(
    {"update", "updated", "editor's note", "editor’s note", "note", "watch", "read more", "related",
     "photos", "photo", "video", "correction", "clarification", "source", "sources", "credit",
     "q", "a", "disclosure", "warning", "breaking", "exclusive", "opinion", "analysis", "more",
     "see also", "tags", "ps", "p.s.", "contact", "email", "twitter", "follow"}
)  # fmt: skip
_PARTICIPLE_RE = re.compile(
    r",\s+(?P<cue>adding|arguing|noting|saying|insisting|explaining|claiming|warning|stressing"
    r"|suggesting|calling|describing|referring\s+to|urging|promising|vowing)\s+(?:that\s+)?"
    r"(?=[^“”\"]*$)"
)
_CLAUSE_END_RE = re.compile(r"[.!?;](?=\s|$|[”\"])|\n")
_CLAUSE_START_OK = re.compile(
    r"(?:he|she|they|it|we|i|the|a|an|his|her|their|its|there|this|that|these|those|no|nobody"
    r"|none|some|all|if|when|while|because|although)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[\w’']+")
_DASH_SPEAKER_RE = re.compile(
    rf"^\s*[―—–]\s*(?P<spk>{NAME})(?:\s*,\s*(?P<role>[^.;“”\"\n]{{2,160}}))?"
)
# A party and state tag used as an appositive: "Sen. Rand Paul, R-Ky., said".
_PARTY_TAG_RE = re.compile(r"[RDI]-[A-Z][A-Za-z.]{1,12}")
_VIA_OK = re.compile(r"^(?:[Tt]he\s+)?[A-Z]")


def _words(s: str) -> int:
    """Count the words of s."""
    return len(_WORD_RE.findall(s))


def _is_outlet(name: str, names: NameIndex) -> bool:
    """Tell whether an addressee ("told X") is a news outlet or organisation, not a person."""
    low = name.lower()
    if low in OUTLETS or low.removeprefix("the ") in OUTLETS or is_org(name):
        return True
    toks = name.split()
    if len(toks) == 1:
        return not any(m.person and m.name.split()[-1] == name for m in names.mentions)
    return False


def _via_from(rest: str, names: NameIndex) -> str | None:
    """Find the outlet a cue was addressed to in the text following the cue."""
    m = _OBJ_RE.match(rest)
    if m:
        obj = m.group("obj")
        obj = re.split(r"[’']s?\s", obj + " ")[0].strip()
        if _VIA_OK.match(obj):
            cleaned = obj if obj.lower().startswith("the ") else clean_name(obj) or obj
            if _is_outlet(cleaned, names):
                return cleaned
    m2 = _INTERVIEW_RE.search(rest[:120])
    if m2:
        via = re.split(r"[’']s?\s", m2.group("via") + " ")[0].strip()
        if _is_outlet(via, names):
            return via
    return None


# Sentence-initial words that open a speaker rather than a lead phrase ("Mr. Reid, who …, said").
_NOT_LEAD_WORDS = frozenset({"the", "a", "an", "his", "her", "their", "mr."})
# A leading time phrase without a comma: "On Tuesday night he said", "Last week Smith said".
_LEAD_TIME_RE = re.compile(
    r"(?:[Oo]n\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:[Ll]ast|[Tt]his|[Ee]arlier\s+this)"
    r"\s+(?:week|month|year|spring|summer|fall|winter|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
    r"|[Ee]arlier|[Ll]ater|[Yy]esterday|[Tt]oday)(?:\s+(?:morning|afternoon|evening|night))?\s+"
)


def _strip_lead(subject: str) -> tuple[str, int]:
    """Drop a dateline, a leading conjunction or adverbial ("But ", "On Thursday, ")."""
    off = 0
    d = _DATELINE_RE.match(subject)
    if d:
        off = d.end()
    m = _LEAD_RE.match(subject, off)
    if m:
        off = m.end()
    tm = _LEAD_TIME_RE.match(subject, off)
    if tm and subject[tm.end() : tm.end() + 1].isalpha():
        off = tm.end()
    comma = subject.find(",", off)
    if 0 <= comma - off <= 60:
        head = subject[off:comma]
        first = head.split()[0].lower() if head.split() else ""
        if (first in SENTENCE_STOPWORDS and first not in _NOT_LEAD_WORDS) or (
            len(head.split()) == 1 and first.endswith("ly")
        ):  # "Reluctantly, Smith said"
            off = comma + 1
            while off < len(subject) and subject[off].isspace():
                off += 1
            m = _LEAD_RE.match(subject, off)
            if m:
                off = m.end()
    return subject[off:], off


def _parse_subject(subject: str, base: int) -> _Attribution | None:
    """Parse the text before a cue as a speaker (with an optional appositive role).

    Leading adverbials ("On Thursday, ", "Speaking at a rally in Novi, Michigan, ") are skipped by
    retrying after each comma while the skipped part starts with a lead word.
    """
    subject = _ADVERB_END.sub("", " " + subject.rstrip() + " ")[1:] if subject.strip() else ""
    subject = subject.rstrip(" ,")
    if not subject:
        return None
    rest, off = _strip_lead(subject)
    attr = _parse_subject_core(rest, base + off)
    if attr is not None or not rest:
        return attr
    first = rest.split()[0].lower()
    if not (first in SENTENCE_STOPWORDS or first.endswith("ing")):
        return None
    for m in re.finditer(r",\s+", rest):
        sub = rest[m.end() :]
        if not sub or sub.split()[0].lower() in {"who", "which", "whose"}:
            break
        lm = _LEAD_RE.match(sub)
        shift = lm.end() if lm else 0
        attr = _parse_subject_core(sub[shift:], base + off + m.end() + shift)
        if attr is not None:
            return attr
    return None


def _parse_subject_core(rest: str, base: int) -> _Attribution | None:
    """Parse a subject phrase that starts at the speaker (no leading adverbial)."""
    if not rest:
        return None
    # "remarks by X, who … boasted": the speaker is the name before ", who".
    who = rest.rfind(", who ")
    if who > 0:
        head = rest[:who]
        m = _NAME_END.search(head)
        if m and clean_name(m.group("name")):
            return _Attribution(m.group("name"), base + m.start(), score=0.7)
        # "… McConnell, now the Senate majority leader, who said": the name before the appositive
        m = _NAME_ROLE_END.search(head)
        if m and clean_name(m.group("name")) and not is_org(clean_name(m.group("name"))):
            return _Attribution(m.group("name"), base + m.start("name"), score=0.6)
        return None
    if _words(rest) > 40:
        return None
    m = _SPEAKER_FULL.fullmatch(rest)
    if m is None:
        # "Caucus Chairman G.K. Butterfield of North Carolina": a place or body after the name
        om = _SPEAKER_OF_RE.fullmatch(rest)
        if om and clean_name(om.group("spk")) and om.group("spk")[:1].isupper():
            m = _SPEAKER_FULL.fullmatch(om.group("spk"))
    if m:
        spk = m.group("spk")
        role = m.group("role")
        if role is not None:
            role = role.strip().rstrip(",").strip()
            if not role or _words(role) > 30 or role.split()[0].lower() in {"and", "or", "but"}:
                return None
            if not re.search(r"(?<![\w’'])[a-z]", role) and not _PARTY_TAG_RE.fullmatch(role):
                return None
            if not spk[0].isupper() and spk.split()[0].lower() not in PRONOUNS:
                return None
        low = spk.lower()
        if low not in PRONOUNS and not clean_name(spk) and not low.startswith(("the ", "a", "one")):
            return None
        if role and role.split()[0].lower() in {"who", "which", "whose"}:
            role = None
        spk, pre_role, shift = _split_descriptor(spk)
        return _Attribution(spk, base + shift, role=role or pre_role)
    if (
        "," not in rest and _words(rest) <= 7 and _GENERIC_NP.fullmatch(rest)
        and not any(re.search(r"\w(?:ed|ing)$", w) for w in rest.split()[2:])
        and not any(w in _NP_BREAKERS for w in rest.split()[1:])
    ):  # fmt: skip
        first = rest.split()[0]
        possessive = first.endswith(("’s", "'s"))
        if possessive and first[:-2].lower() in SENTENCE_STOPWORDS:
            return None
        return _Attribution(rest, base, score=0.6)
    return None


# Words that cannot be inside a speaker noun phrase: they start a clause or are verbs.
_NP_BREAKERS = frozenset(
    {"that", "when", "by", "can", "will", "would", "if", "to", "began", "is", "was", "are", "were",
     "has", "have", "had", "while", "because", "after", "before", "cheer", "say", "says"}
)  # fmt: skip

_DESCRIPTOR_RE = re.compile(
    r"^(?P<desc>(?:\S+\s+)*?(?:[a-z][\w\-]*))\s+(?P<name>(?:[A-Z][\w.’'\-]*\s*){1,5}(?:\([^()]*\))?)$"
)


_OFFICE_OF_RE = re.compile(r"(?:[A-Z][\w.\-’']*\s+){1,3}of\s+(?:the\s+)?")
_FIRST_NAMES = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES


def _split_descriptor(spk: str) -> tuple[str, str | None, int]:
    """Split "Clinton aide Jesse Lehrich" into ("Jesse Lehrich", "Clinton aide", offset)."""
    if spk.split()[0].lower() in {"the", "a", "an", "one"}:
        return spk, None, 0
    om = _OFFICE_OF_RE.match(spk)
    if om:  # "Secretary of Energy Paul Dunmore": the name starts at a first name, or is the end
        toks = list(re.finditer(r"\S+", spk[om.end() :]))
        start = next(
            (i for i, t in enumerate(toks) if t.group().lower() in _FIRST_NAMES),
            max(0, len(toks) - 2 - (len(toks) >= 3 and len(toks[-2].group()) == 2)),
        )
        if start > 0:
            cut = om.end() + toks[start].start()
            return spk[cut:], spk[:cut].strip(), cut
    m = _DESCRIPTOR_RE.match(spk)
    if not m or not clean_name(m.group("name")):
        return spk, None, 0
    if spk[:1].islower() and len(m.group("name").split()) < 2:
        return spk, None, 0  # "flood survivor Dana Whitfield", not "county officials"
    desc = m.group("desc")
    if desc.lower() in SENTENCE_STOPWORDS or desc.split()[-1].lower() in SENTENCE_STOPWORDS:
        return spk, None, 0
    return m.group("name").strip(), desc, m.start("name")


def _end_of_clause(text: str, pos: int, limit: int) -> int:
    """Return the end of the clause starting at pos: the first sentence stop before limit."""
    for m in _CLAUSE_END_RE.finditer(text, pos, limit):
        if m.group() == "." and is_abbreviation(text, m.start(), pos):
            continue
        return m.start()
    return limit


def _after_attribution(text: str, pos: int, limit: int, names: NameIndex) -> _Attribution | None:
    """Parse an attribution that follows a closing quote mark at pos (up to limit)."""
    end = _end_of_clause(text, pos, limit)
    seg = text[pos:end]
    if not seg.strip():
        return None
    lead = len(seg) - len(seg.lstrip(" ,\u00a0"))
    body = seg[lead:]
    base = pos + lead
    # ” ― Martha Aguilar
    dm = _DASH_SPEAKER_RE.match(seg)
    if dm:
        return _Attribution(dm.group("spk"), pos + dm.start("spk"), role=_role(dm.group("role")),
                            cue=None, score=0.8)  # fmt: skip
    am = _ACCORDING_FIND.match(body)
    if am:
        sm = _SPEAKER_FULL.match(body, am.end() + 1)
        if sm:
            return _Attribution(sm.group("spk"), base + sm.start("spk"),
                                role=_tail_role(body, sm.end("spk")), cue=am.group(),
                                score=0.85)  # fmt: skip
        return None
    cm = _CUE_FIND.search(body)
    if not cm or cm.group() in WEAK_CUES:
        return None
    cue = cm.group()
    before = body[: cm.start()]
    if not before.strip():
        # Inverted: ,” said John Smith, a spokesman for the campaign.
        sm = _SPEAKER_FULL.match(body, cm.end() + 1)
        spk = sm.group("spk") if sm else ""
        if not sm or (not clean_name(spk) and spk.lower() not in PRONOUNS and not spk[0].islower()):
            loose = _loose_speaker(body[cm.end() :], base + cm.end())
            if loose is not None:
                loose.cue = cue
            return loose
        assert sm is not None
        spk, pre_role, shift = _split_descriptor(spk)
        return _Attribution(spk, base + sm.start("spk") + shift,
                            role=_tail_role(body, sm.end("spk")) or pre_role,
                            cue=cue, via=_via_from(body[sm.end("spk"):], names))  # fmt: skip
    if _words(before) > 40:
        return None
    attr = _parse_subject(before, base)
    if attr is None:
        attr = _loose_speaker(_AUX_END_RE.sub("", before), base)
    if attr is None:
        return None
    attr.cue = cue
    attr.via = _via_from(body[cm.end() :], names)
    return attr


# A speaker with a long or unusual description, next to a cue right after a quote: a name that
# opens it ("Jeffrey Lewis of the Middlebury Institute", "Mr. Daniloff, now 81 and retired,") or a
# descriptive noun phrase ("a 2008 Clinton veteran", "a party member who supports Trump").
_LOOSE_NAME_RE = re.compile(
    rf"\s*(?P<spk>{NAME})(?P<rest>(?:\s*,|\s+(?:of|from|at|with|for)\s)[^“”\"]{{0,200}})?\s*,?\s*"
)
_LOOSE_NP_RE = re.compile(
    r"\s*(?P<spk>(?:[Tt]he|[Aa]n?|[Oo]ne)\s+[^,;:“”\"()]{2,90}?)"
    r"(?P<rest>(?:\s*,|\s+who\s)[^“”\"]{0,200})?\s*,?\s*"
)

# A short descriptor before a full name: "9/11 widow Terry Strada", "longtime donor Al Munoz".
_LOOSE_DESC_NAME_RE = re.compile(
    r"\s*(?P<desc>[\w/’'\-]+(?:\s+[a-z][\w/’'\-]*){0,3})\s+"
    r"(?P<spk>[A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){1,2})\s*,?\s*"
)


def _loose_speaker(seg: str, base: int) -> _Attribution | None:
    """Parse a speaker that the strict patterns reject, in a short segment next to a cue."""
    if not seg.strip() or _words(seg) > 30:
        return None
    m = _LOOSE_NAME_RE.fullmatch(seg)
    if m and clean_name(m.group("spk")) and not is_org(clean_name(m.group("spk"))):
        rest = m.group("rest")
        role = _role(rest.lstrip(" ,")) if rest and rest.lstrip().startswith(",") else None
        return _Attribution(m.group("spk"), base + m.start("spk"), role=role, score=0.6)
    m = _LOOSE_DESC_NAME_RE.fullmatch(seg)
    if m and clean_name(m.group("spk")) and not is_org(clean_name(m.group("spk"))):
        return _Attribution(m.group("spk"), base + m.start("spk"), role=m.group("desc"), score=0.6)
    m = _LOOSE_NP_RE.fullmatch(seg)
    if (m and _words(m.group("spk")) <= 10 and not re.search(r"\w(?:ed|ing)\s", m.group("spk"))
            and not any(w in _NP_BREAKERS for w in m.group("spk").split())):  # fmt: skip
        return _Attribution(m.group("spk").strip(), base + m.start("spk"), score=0.5)
    return None


def _tail_role(body: str, name_end: int) -> str | None:
    """Return the appositive after a name that ends the clause (", a Democrat from Virginia")."""
    rest = body[name_end:]
    if not rest.lstrip().startswith(","):
        return None
    return _role(rest.lstrip()[1:])


def _role(role: str | None) -> str | None:
    """Clean an appositive role: trim, drop a trailing comma, reject relative clauses."""
    if not role:
        return None
    role = role.strip().rstrip(",").strip()
    if not role or role.split()[0].lower() in {"who", "which", "whose", "and", "or"}:
        return None
    if _words(role) > 30:
        return None
    return role


# A name that heads a quote after a dash or at the start of its segment: "… - Jane Doe: “…".
_HEADER_NAME_RE = re.compile(
    r"(?:^|\s[-—–―]\s+)(?P<spk>[A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){1,2})"
    r"\s*:\s*$"
)


def _before_attribution(
    text: str, sent_start: int, pos: int, names: NameIndex
) -> _Attribution | None:
    """Parse an attribution that precedes an opening quote mark at pos within its sentence."""
    seg = text[sent_start:pos]
    stripped = seg.rstrip()
    if (
        stripped
        and stripped[-1] not in ":,—–―"
        and not stripped.endswith((" that", " as"))
        and _CUE_FIND.search(stripped[-12:]) is None
    ):
        return None
    ams = list(_ACCORDING_FIND.finditer(seg))
    if ams:
        am = ams[-1]
        sm = _SPEAKER_FULL.match(seg, am.end() + 1)
        if sm:
            return _Attribution(
                sm.group("spk"), sent_start + sm.start("spk"), role=_role(sm.group("role")),
                cue=am.group(), score=0.85,
            )  # fmt: skip
    hm = _HEADER_NAME_RE.search(seg)
    if hm and clean_name(hm.group("spk")) and not is_org(clean_name(hm.group("spk"))):
        # A roundup header: "Pollsters agree - Carl Bialik: “…"
        return _Attribution(hm.group("spk"), sent_start + hm.start("spk"), score=0.6)
    cms = [m for m in _CUE_FIND.finditer(seg) if m.group() not in WEAK_CUES]
    for cm in reversed(cms):
        tail = seg[cm.end() :]
        if _words(tail) > 12:
            continue
        attr = _subject_before(seg[: cm.start()], sent_start)
        left = seg[: cm.start()].rstrip()
        if attr is None and cm.group().endswith("ing") and left.endswith(","):
            # Warren endorsed Clinton on Thursday, saying, “…”: the subject of the main clause
            attr = _main_subject(left[:-1], sent_start)
        if attr is None:
            # ... , said John Smith: “…
            sm = _SPEAKER_FULL.match(seg, cm.end() + 1)
            if sm and clean_name(sm.group("spk")):
                return _Attribution(sm.group("spk"), sent_start + sm.start("spk"),
                                    role=_role(sm.group("role")), cue=cm.group())  # fmt: skip
            continue
        attr.cue = cm.group()
        attr.via = _via_from(tail, names)
        return attr
    return None


def _content_after_cue(
    text: str, cue_end: int, sent_end: int, cue: str, names: NameIndex, mixed: bool = False
) -> tuple[int, str | None] | None:
    """Locate the reported clause after a cue: skip addressee and time phrases, then "that"."""
    pos = cue_end
    via = None
    rest = text[pos:sent_end]
    om = _OBJ_RE.match(rest)
    if om and (cue in {"told", "tells", "telling"} or rest.lstrip().startswith("to ")):
        via = _via_from(rest, names)
        pos += om.end()
    for _ in range(3):
        tm = _TIME_RE.match(text[pos:sent_end])
        if not tm or tm.end() == 0:
            break
        im = _INTERVIEW_RE.match(text[pos:sent_end].lstrip(" ,"))
        if im and via is None and _is_outlet(im.group("via"), names):
            via = im.group("via")
        pos += tm.end()
    rest = text[pos:sent_end]
    lead = len(rest) - len(rest.lstrip(" ,:"))
    pos += lead
    rest = rest[lead:]
    if cue in {"boasted", "boasts", "bragged", "brags"} and rest.startswith("to "):
        m = re.search(r",\s*(?=(?:of|about|that)\b)", rest)
        if not m:
            return None
        pos += m.end()
        rest = text[pos:sent_end]
    that = re.match(r"that\s+", rest)
    if that:
        return pos + that.end(), via
    if cue in {"boasted", "boasts", "bragged", "brags"} and re.match(r"(?:of|about)\s", rest):
        return pos + rest.index(" ") + 1, via
    if mixed and rest and (cue in _MIXED or cue in _SAY_FAMILY):
        return pos, via
    if cue not in _SAY_FAMILY or cue in {"continued", "continues"}:
        return None
    if not rest or _CLAUSE_START_BAD.match(rest) or rest[0] in '“"«‘':
        return None
    if not (rest[0].isupper() or _CLAUSE_START_OK.match(rest)):
        return None
    return pos, via


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, closing punctuation and stray marks from both ends of a content span."""
    while start < end and (text[start].isspace() or text[start] in ",:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


# What may follow a closing attribution ("…, X said"): times, venues, an addressee.
_TAIL_SUFFIX = (
    r"(?:\s+(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|last\s+\w+|this\s+\w+"
    r"|earlier|later|recently|too|as\s+well|(?:morning|night|afternoon|evening)"
    r"|(?:to\s+)?(?:reporters|journalists|supporters|the\s+crowd)"
    r"|on\s+(?:Twitter|Facebook|Instagram|CNN|MSNBC|Fox\s+News|NBC|ABC|CBS|NPR|C-SPAN)"
    r"|in\s+(?:an?|the|his|her|their)\s+(?:[\w\-]+\s+){0,3}?(?:statement|interview|e-?mail"
    r"|speech|release|message|letter|post|tweet|video|call|conversation|remarks|op-ed"
    r"|appearance|address|briefing|news\s+conference|press\s+conference|conference)"
    r"|at\s+(?:an?|the|his|her)\s+(?:[\w\-]+\s+){0,3}?(?:rally|event|hearing|briefing|debate"
    r"|meeting|conference|forum|speech|dinner|luncheon|breakfast)"
    r"|(?:with|to|on|at|in|before|during)\s+(?:(?:the|a|an|his|her|their)\s+)?"
    r"(?:[\w’'\-.]+,?\s+){0,3}?[\w’'\-.]+))*"
)
_TAIL_RE = re.compile(
    rf",[”\"]?\s+(?:(?P<spk1>{SPEAKER_NP})(?:,\s*(?P<role1>[^,]{{2,160}}),)?\s+{CUE_ADVERB}(?P<cue1>{CUE_RE})"
    rf"|(?P<cue2>{CUE_RE})\s+(?P<spk2>{SPEAKER_NP})(?:,\s*(?P<role2>[^,]{{2,160}}))?)"
    rf"{_TAIL_SUFFIX}"
    # an optional participle clause after the attribution: "…, X said, adding that …"
    r"(?:,\s+(?:adding|noting|saying|explaining|arguing|warning|stressing)\b[^“”\"]*"
    r"|,\s+[a-z]+ing\s[^;:]*)?"
    # or an aside in parentheses: "…,” said Mr. Burman (a view echoed by others)."
    r"(?:\s*\([^()]{1,120}\))?"
    r"[.!?]?[”\"]?\s*$"
)
# An attribution set off by commas inside the reported clause: "The weapons, he added, are …".
_MID_RE = re.compile(
    rf",\s+(?:(?P<spk1>{SPEAKER_NP})\s+{CUE_ADVERB}(?P<cue1>{CUE_RE})"
    rf"|(?P<cue2>{CUE_RE})\s+(?P<spk2>{SPEAKER_NP}))"
    r"(?:\s+(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|last\s+\w+|this\s+\w+"
    r"|earlier|later|recently))?,\s+(?=[a-z“\"‘])"
)


def _tail_in_sentence(text: str, s: int, e: int) -> tuple[_Attribution, int, int] | None:
    """Find a closing attribution ("…, X said.", "…, said X.") and the reported words before it."""
    tail = _TAIL_RE.search(text, s, e)
    if not tail:
        return None
    cue = tail.group("cue1") or tail.group("cue2")
    spk = tail.group("spk1") or tail.group("spk2")
    key = "spk1" if tail.group("spk1") else "spk2"
    if cue in _SAY_FAMILY and spk and (clean_name(spk) or spk.lower() in PRONOUNS):
        cs, ce = _trim_content(text, s, tail.start())
        if _words(text[cs:ce]) >= 4:
            role = _role(tail.group("role1") or tail.group("role2"))
            return _Attribution(spk, tail.start(key), role=role, cue=cue, score=0.6), cs, ce
    return None


def _mid_in_sentence(text: str, s: int, e: int) -> tuple[_Attribution, int, int] | None:
    """Find an attribution between commas mid-sentence; the reported words are the whole rest."""
    for m in _MID_RE.finditer(text, s, e):
        cue = m.group("cue1") or m.group("cue2")
        spk = m.group("spk1") or m.group("spk2")
        key = "spk1" if m.group("spk1") else "spk2"
        if cue not in _SAY_FAMILY or not spk or not (clean_name(spk) or spk.lower() in PRONOUNS):
            continue
        lead = _strip_lead(text[s : m.start()])[1]
        cs, ce = _trim_content(text, s + lead, _body_end(text, s, e))
        if _words(text[cs : m.start()]) < 2 or _words(text[m.end() : ce]) < 2:
            continue
        return _Attribution(spk, m.start(key), cue=cue, score=0.6), cs, ce
    return None


def _indirect_in_sentence(
    text: str, s: int, e: int, names: NameIndex, mixed: bool = False
) -> tuple[_Attribution, int, int] | None:
    """Find indirect speech in the sentence text[s:e]; return (attribution, content start, end)."""
    sent = text[s:e]
    body_end = e
    while body_end > s and text[body_end - 1] in '.!?”"’ )':
        body_end -= 1
    # …, according to X.   /   According to X, …
    am = _ACCORDING_FIND.search(sent)
    if am:
        sm = _SPEAKER_FULL.match(sent, am.end() + 1)
        if sm:
            spk = sm.group("spk")
            role = _role(sm.group("role"))
            if am.start() == 0 or sent[: am.start()].strip() in {"But", "And"}:
                comma = sent.find(",", sm.end("spk"))
                if role:
                    comma = sent.find(",", sm.start("role") + len(sm.group("role")))
                if comma < 0:
                    return None
                cs, ce = _trim_content(text, s + comma + 1, body_end)
            else:
                cs, ce = _trim_content(text, s, s + am.start())
                role = _role(sent[sm.end("spk") :].lstrip(" ,").rstrip(" .")) if role else None
            if _words(text[cs:ce]) >= 3:
                return _Attribution(spk, s + sm.start("spk"), role=role, cue=am.group(),
                                    score=0.6), cs, ce  # fmt: skip
    # …, X said.   /   …, said X.
    tail = _tail_in_sentence(text, s, e)
    if tail is not None:
        return tail
    mid = _mid_in_sentence(text, s, e)
    if mid is not None:
        return mid
    # X [, role,] said (to Y) (that) …
    for cm in (_MIXED_FIND if mixed else _INDIRECT_FIND).finditer(sent):
        cue = cm.group()
        if cue in WEAK_CUES or cm.start() == 0:
            continue
        attr = _parse_subject(sent[: cm.start()], s)
        if attr is None:
            continue
        found = _content_after_cue(text, s + cm.end(), body_end, cue, names, mixed)
        if found is None:
            if mixed:
                return None
            continue  # "she continued to suggest that …": a later cue of the same subject
        cs, via = found
        cs, ce = _trim_content(text, cs, body_end)
        if _words(text[cs:ce]) < 3:
            return None
        attr.cue = cue
        attr.via = via
        attr.score = min(attr.score, 0.6)
        return attr, cs, ce
    return None


# Auxiliaries and adverbs between a subject and the verb of a reporter's clause ("is insisting").
_AUX_END_RE = re.compile(
    r"(?:\s+(?:is|was|are|were|been|being|has|have|had|did|does|do|not|then|also|again|soon"
    r"|even|already|now|still|long|recently|repeatedly|publicly|would|will|could|might|may"
    r"|went\s+on\s+to|once|later|quickly|immediately|similarly|gingerly|herself|himself))+\s*$"
)
# Where a subject may start inside a sentence: after a clause boundary or a subordinator.
_SUBJECT_START_RE = re.compile(
    r"(?:[,;:—–][”\"’]?\s*|(?<![\w’'])(?i:because|when|after|that|while|as|since|but|and|if"
    r"|though|although|before|until|where|so|soon|then|whom|what)\s+)(?=\S)"
)
_VERBISH_RE = re.compile(r"(?<![\w’'\-])[a-z][\w’'\-]*(?![\w’'\-])")
_AUX_WORDS = frozenset(
    {"is", "was", "are", "were", "has", "have", "had", "will", "would", "then", "also", "did",
     "does", "could", "can", "may", "might"}
)  # fmt: skip
# Documents that "find" or "show" things: a weak cue counts after one of them.
_DOCUMENT_RE = re.compile(
    r"(?i)\b(?:report|study|poll|survey|analysis|audit|review|investigation|data|memo|paper"
    r"|filing|lawsuit|complaint|indictment|ruling|letter)s?\b"
)
_THAT_PREFIX_WORDS = frozenset(
    {"that", "to", "in", "on", "at", "with", "during", "a", "an", "the", "his", "her", "their",
     "its", "interview", "statement", "email", "letter", "speech", "post", "tweet", "earlier",
     "last", "this", "week", "month", "year", "night", "morning", "recently", "reporters",
     "journalists", "supporters", "voters", "them", "him", "us", "me", "also", "repeatedly",
     "written", "television", "radio", "release", "news", "conference", "briefing"}
)  # fmt: skip
_THAT_AFTER_RE = re.compile(r"(?:[^“”\"«.;:]{0,90}?\s)?that\s+")
_PARTIAL_CUT_RE = re.compile(
    r",\s+(?:[a-z]+ing|and|but|while|which|who|whom|as|although|though|before|after|when)(?![\w’'])"
    r"|;|\s[—–]\s"
)


def _main_subject(head: str, base: int) -> _Attribution | None:
    """Parse the subject of a clause before one of its first lowercase words (its verb)."""
    tried = 0
    prev_end = 0
    for vm in _VERBISH_RE.finditer(head):
        if vm.start() == 0:
            continue
        # the first lowercase word after a comma may end a subject ("…, Warren appeared")
        seg_first = "," in head[prev_end : vm.start()]
        prev_end = vm.end()
        if tried < 4 or seg_first:
            attr = _parse_subject(head[: vm.start()], base)
            if attr is not None:
                return attr
            tried += 1
        if tried >= 8:
            break
    return None


def _subject_before(left: str, base: int) -> _Attribution | None:
    """Parse the speaker right before a verb, also after a lead clause ("because X has said")."""
    left = _AUX_END_RE.sub("", left)
    attr = _parse_subject(left, base)
    if attr is not None:
        return attr
    for bm in _SUBJECT_START_RE.finditer(left):
        if bm.end() >= len(left.rstrip()):
            break
        sub = left[bm.end() :]
        if sub[:1].islower() and sub.split()[0].lower() not in PRONOUNS:
            continue
        attr = _parse_subject_core(sub.rstrip(" ,"), base + bm.end())
        if attr is not None:
            return attr
    return None


def _partial_attribution(
    text: str, s: int, e: int, open_pos: int, close_pos: int
) -> tuple[_Attribution, int, int] | None:
    """Attribute a quoted fragment from the reporter's clause around it.

    "Trump blasted Disney for its “outrageous practices”", "House Speaker Paul Ryan has said he
    is “not ready” to endorse", "Paul interjected, calling the credit “a welfare payment.”": the
    speaker is the subject of the (stance or speech) verb before the fragment. Returns the
    attribution and the reported clause (from after the verb, or its "that", to the clause end).
    """
    pre = text[s:open_pos]
    for cm in reversed(list(_PARTIAL_FIND.finditer(pre))):
        cue = cm.group()
        if cm.start() == 0:
            continue
        left = pre[: cm.start()]
        lm = re.search(r"(?:,|(?<![\w’'])and)\s*$", left)
        if lm and (cue.endswith("ing") or left.rstrip().endswith("and")):
            # a participle or a second verb: the subject of the main clause
            attr = _main_subject(left[: lm.start()], s)
        else:
            attr = _subject_before(left, s)
            if attr is None and cue.endswith("ing"):
                attr = _main_subject(left, s)
        if attr is None:
            continue
        if cue in WEAK_CUES and not _DOCUMENT_RE.search(attr.phrase):
            continue
        pos = s + cm.end()
        rest = text[pos:open_pos]
        tm = _THAT_AFTER_RE.match(rest)
        if tm and all(
            w[:1].isupper() or w.lower() in _THAT_PREFIX_WORDS for w in rest[: tm.end()].split()
        ):  # "told Fox News on Sunday that …", not "said the plan demands that …"
            pos += tm.end()
        end = _body_end(text, s, e)
        cut = _PARTIAL_CUT_RE.search(text, close_pos, end)
        if cut:
            end = cut.start()
        cs, ce = _trim_content(text, pos, max(end, close_pos))
        attr.cue = cue
        attr.score = min(attr.score, 0.6)
        return attr, cs, ce
    return None


# Words after a subject that are not the verb of a stance clause.
_NOT_STANCE_VERBS = frozenset(
    {"is", "was", "are", "were", "be", "been", "being", "and", "or", "but", "who", "which",
     "that", "whose", "in", "on", "at", "of", "for", "to", "with", "by", "from", "as", "the",
     "a", "an", "his", "her", "its", "their", "this", "these", "those", "said", "says", "told"}
)  # fmt: skip
_AUX_SKIP = frozenset(
    {"has", "have", "had", "also", "then", "again", "later", "once", "often", "never", "even",
     "did", "does", "do", "would", "will", "could", "can", "may", "might", "still", "just",
     "repeatedly", "recently", "already", "previously", "openly", "publicly", "frequently"}
)  # fmt: skip
_STANCE_VERB_RE = re.compile(r"[a-z]+(?:ed|es|s)$")


def _subject_verb_partial(
    text: str, s: int, e: int, open_pos: int, close_pos: int
) -> tuple[_Attribution, int, int] | None:
    """Attribute a quoted fragment to a named subject acting on it with any verb.

    "Mr. Ortega exhorted delegates to “vote your conscience”", "She blasted the press for being
    “dishonest”": a person (or pronoun) that opens the sentence, then a verb in the past or third
    person; the reported clause runs from after the verb to the end of the clause.
    """
    pre = text[s:open_pos]
    rest, off = _strip_lead(pre)
    words = list(_VERBISH_RE.finditer(rest))
    if words and words[0].start() == 0 and words[0].group() in {"he", "she", "they"}:
        subj_end = words.pop(0).end()  # "on Monday he blasted …" after a lead phrase
    elif not words or words[0].start() == 0:
        return None
    else:
        subj_end = words[0].start()
    attr = _parse_subject(rest[:subj_end], s + off)
    if attr is None:
        return None
    low = attr.phrase.lower()
    if low not in {"he", "she", "they"} and (not clean_name(attr.phrase) or is_org(attr.phrase)
                                             or not attr.phrase[:1].isupper()):  # fmt: skip
        return None
    i = 0
    while i < len(words) and words[i].group() in _AUX_SKIP:
        i += 1
    if i >= len(words):
        return None
    verb = words[i]
    if verb.group() in _NOT_STANCE_VERBS or not _STANCE_VERB_RE.match(verb.group()):
        return None
    if not re.fullmatch(r"(?:[a-z]+\s+)*", rest[subj_end : verb.start()]):
        return None  # only auxiliaries and adverbs between the subject and its verb
    pos = s + off + verb.end()
    tm = re.match(r"\s+that\s", text[pos:open_pos])
    if tm:
        pos += tm.end()
    end = _body_end(text, s, e)
    cut = _PARTIAL_CUT_RE.search(text, close_pos, end)
    if cut:
        end = cut.start()
    cs, ce = _trim_content(text, pos, max(end, close_pos))
    attr.cue = verb.group()
    attr.score = 0.4
    return attr, cs, ce


# A verb right after a sentence-initial name: "Ham went on to explain", "Smith, 54, argued".
_SUBJECT_VERB_RE = re.compile(
    r"(?:,\s+\d+,)?\s+(?:(?:also|then|later|again|has|had|was|is|quickly|never)\s+)?"
    r"(?!(?:of|and|or|in|on|at|for|to|with|by|from|as|who|which|the|a|an)\b)[a-z]+(?:ed|s|t|w|d)\b"
)


class _Resolver:
    """Resolve speaker phrases to names in reading order, remembering earlier speakers."""

    def __init__(
        self, text: str, names: NameIndex, contents: list[tuple[int, int]] | None = None
    ) -> None:
        self.text = text
        self.names = names
        self.history: list[tuple[int, str, bool]] = []  # (pos, name, is_person)
        # Reported words (quotes and clauses): names inside them are talked about, not speakers.
        self.contents = sorted(contents or [])
        self._content_starts = [c[0] for c in self.contents]
        self._lower_seen: dict[str, bool] = {}  # word -> also written in lowercase

    def _in_content(self, pos: int) -> bool:
        """Tell whether pos lies inside reported words (a quote or a reported clause)."""
        i = bisect_right(self._content_starts, pos) - 1
        while i >= 0:
            cs, ce = self.contents[i]
            if cs <= pos < ce:
                return True
            if pos - cs > 3000:
                break
            i -= 1
        return False

    def resolve(self, attr: _Attribution) -> str | None:
        """Return the speaker name for an attribution phrase."""
        phrase = attr.phrase.strip()
        low = phrase.lower()
        if low in PRONOUNS:
            return self._pronoun(PRONOUNS[low], attr.pos)
        if low.startswith("the "):
            if low in OUTLETS:
                return phrase
            return phrase[4:] if phrase[4:5].isupper() else phrase
        if (
            phrase[0].islower()
            or phrase[0].isdigit()
            or (
                phrase.split()[0]
                in {"A", "An", "One", "His", "Her", "Their", "Its", "This", "Some"}
            )
        ):
            return phrase
        name = clean_name(phrase)
        if not name:
            return None
        if is_org(name):
            return name
        return self.names.full_name(name, attr.pos)

    def record(self, pos: int, name: str) -> None:
        """Remember a resolved speaker at pos for later pronoun resolution."""
        self.history.append((pos, name, not is_org(name) and name[0].isupper()))

    def _is_subject(self, start: int, end: int) -> bool:
        """Tell whether a name opens its sentence and is followed by a verb ("Ham went on …")."""
        before = self.text[max(0, start - 3) : start].rstrip(" ")
        if before and before[-1] not in ".!?\n":
            return False
        if _SUBJECT_VERB_RE.match(self.text, end) is None:
            return False
        # a common word that merely opens a sentence ("Talks stalled") is also written lowercase
        word = self.text[start:end].lower()
        if word not in self._lower_seen:
            pat = rf"(?<![\w’']){re.escape(word)}(?![\w’'])"
            self._lower_seen[word] = re.search(pat, self.text) is not None
        return not self._lower_seen[word]

    def _pronoun(self, kind: str, pos: int) -> str | None:
        """Resolve he/she/they/it to the nearest fitting earlier speaker or sentence subject."""
        if kind == "1":
            return None
        cands: list[tuple[int, str, bool]] = [h for h in self.history if h[0] < pos]
        for men in self.names.mentions_between(max(0, pos - 1500), pos):
            if (men.person and men.name.lower() not in SENTENCE_STOPWORDS
                    and not self._in_content(men.start)):  # fmt: skip
                full = self.names.full_name(men.name, men.start)
                if self.names.is_person(full) or self._is_subject(men.start, men.end):
                    cands.append((men.start, full, True))
        cands.sort(key=lambda c: c[0], reverse=True)
        spoke = {h[1] for h in self.history}
        # Prefer recent speakers over mere mentions: a mention wins only when it is much closer.
        best: str | None = None
        for i, (cpos, name, person) in enumerate(cands):
            if kind in "mf":
                if not person:
                    continue
                g = self.names.gender_of(name)
                if g is not None and g != kind:
                    continue
                if name not in spoke and i + 1 < len(cands):
                    # a mention: accept it if no speaker of this gender is within 400 characters
                    near = [c for c in cands[i + 1 :] if c[1] in spoke and cpos - c[0] < 400
                            and self.names.gender_of(c[1]) in (None, kind)]  # fmt: skip
                    if near:
                        best = near[0][1]
                        break
                best = name
                break
            if kind == "n" and not person:
                best = name
                break
            if kind == "p":
                best = name
                break
        if best and kind in "mf" and self.names.gender_of(best) is None:
            self.names.gender[best] = kind
        return best


def _confidence(p: _Pending) -> float:
    """Score an item from how its speaker was found."""
    if p.attr is None:
        return 0.5 if p.speaker else 0.2
    return p.attr.score if p.speaker else 0.3


def extract_quotes(text: str) -> list[ExtractedItem]:
    """Extract direct, partial and indirect quotes with resolved speakers from an article body."""
    if not text or not text.strip():
        return []
    names = NameIndex(text)
    spans = [sp for sp in find_quote_spans(text) if _WORD_RE.search(text[sp.start : sp.end])]
    paras = paragraphs(text)
    para_starts = [p[0] for p in paras]
    pending: list[_Pending] = []
    sent_of_span: dict[int, tuple[int, int]] = {}
    quoted_sents: set[tuple[int, int]] = set()
    all_sents: list[tuple[int, int, int]] = []
    for pi, (ps, pe) in enumerate(paras):
        for s, e in sentences(text, ps, pe, spans):
            all_sents.append((s, e, pi))
    si = 0
    for idx, sp in enumerate(spans):
        while si < len(all_sents) and all_sents[si][1] <= sp.open_pos:
            si += 1
        if si < len(all_sents):
            sent_of_span[idx] = all_sents[si][:2]
    prev_continues = False
    mixed_sents: set[tuple[int, int]] = set()
    for idx, sp in enumerate(spans):
        pi = _para_index(para_starts, sp.open_pos)
        ps, pe = paras[pi] if pi >= 0 else (0, len(text))
        s, e = sent_of_span.get(idx, (ps, pe))
        cs, ce = _trim_content(text, sp.start, sp.end)
        if cs >= ce:
            prev_continues = sp.continues
            continue
        content = text[cs:ce]
        nwords = _words(content)
        before_in_sent = text[s : sp.open_pos].strip()
        partial = (
            bool(before_in_sent)
            and before_in_sent[-1] not in ":—–―("
            and not (before_in_sent.endswith(",") and (content[:1].isupper() or nwords > 6))
        )
        if before_in_sent and _CUE_FIND.search(before_in_sent[-14:]) and content[:1].isupper():
            partial = False
        split_rest = (
            idx > 0
            and spans[idx - 1].close_pos > s
            and before_in_sent.endswith(",")
            and bool(_CUE_FIND.search(text[spans[idx - 1].close_pos : sp.open_pos]))
        )  # “…,” Mr. Obama said, “and to say that …”
        if before_in_sent and content[:1].islower() and not split_rest:
            partial = True
        attr = None
        pm = _PARTICIPLE_RE.search(before_in_sent) if partial else None
        prev_item = pending[-1] if pending else None
        if (pm is not None and prev_item is not None and prev_item.attr is not None
                and s <= prev_item.start < sp.open_pos):  # fmt: skip
            # “…,” he said, adding that “…”: the speaker of the sentence's first quote.
            a = prev_item.attr
            attr = _Attribution(a.phrase, a.pos, role=a.role, cue=pm.group("cue"), via=a.via,
                                score=0.7)  # fmt: skip
            clause = s + (len(text[s : sp.open_pos]) - len(text[s : sp.open_pos].lstrip()))
            cs2, ce2 = _trim_content(text, clause + pm.end(), _body_end(text, s, e))
            if (s, e) not in mixed_sents and cs2 < sp.open_pos:
                mixed_sents.add((s, e))
                pending.append(_Pending(cs2, ce2, "indirect", pi, attr))
        elif not partial:
            attr = _after_attribution(text, sp.close_pos, pe, names) if sp.closed else None
            if attr is None:
                attr = _before_attribution(text, s, sp.open_pos, names)
            if attr is None and not before_in_sent and pi > 0 and not prev_continues:
                # Smith continued:\n\n“…
                pps, ppe = paras[pi - 1]
                if text[pps:ppe].rstrip().endswith(":"):
                    sents = sentences(text, pps, ppe, spans)
                    attr = _before_attribution(text, sents[-1][0], ppe, names)
            if sp.closed and (s, e) not in mixed_sents:
                # “We are horrified” by the shooting, Smith said: the clause goes on after the quote
                tl = _tail_in_sentence(text, s, e)
                if (tl is not None and tl[1] <= sp.open_pos + 1
                        and _words(text[sp.close_pos : tl[2]]) >= 2):  # fmt: skip
                    mixed_sents.add((s, e))
                    pending.append(_Pending(tl[1], tl[2], "indirect", pi, tl[0]))
        else:
            found = _indirect_in_sentence(text, s, e, names, mixed=True)
            if found is not None and found[1] <= sp.open_pos + 1:
                attr = found[0]
                covers = found[2] >= min(sp.close_pos - 1, _body_end(text, s, e))
                if covers and (s, e) not in mixed_sents:
                    mixed_sents.add((s, e))
                    pending.append(_Pending(found[1], found[2], "indirect", pi, found[0]))
            elif sp.closed:
                attr = _after_attribution(text, sp.close_pos, pe, names)
                tail_words = _words(text[sp.close_pos : _body_end(text, s, e)])
                if (attr is not None and (s, e) not in mixed_sents and tail_words <= 9
                        and not _looks_like_title(content)):  # fmt: skip
                    # “…” fragment, Smith said: the reported clause runs from the sentence start.
                    lead = _strip_lead(text[s : sp.open_pos])[1]
                    c1, c2 = _trim_content(text, s + lead, sp.close_pos)
                    if _words(text[c1 : sp.open_pos]) >= 2:
                        mixed_sents.add((s, e))
                        pending.append(_Pending(c1, c2, "indirect", pi, attr))
            if (s, e) not in mixed_sents and not _looks_like_title(content):
                pf = _partial_attribution(text, s, e, sp.open_pos, sp.close_pos)
                if pf is not None:
                    if attr is None:
                        attr = pf[0]
                    c1, c2 = pf[1], pf[2]
                    outside = _words(text[c1 : sp.open_pos]) + _words(text[sp.close_pos : c2])
                    if outside >= 2:
                        mixed_sents.add((s, e))
                        pending.append(_Pending(c1, c2, "indirect", pi, attr))
            if attr is None and (s, e) not in mixed_sents and not _looks_like_title(content):
                sv = _subject_verb_partial(text, s, e, sp.open_pos, sp.close_pos)
                if sv is not None:
                    attr = sv[0]
                    if _words(text[sv[1] : sp.open_pos]) + _words(text[sp.close_pos : sv[2]]) >= 2:
                        mixed_sents.add((s, e))
                        pending.append(_Pending(sv[1], sv[2], "indirect", pi, attr))
            if attr is None and nwords <= 4:
                prev_continues = sp.continues
                continue
        if _looks_like_title(content):
            prev_continues = sp.continues
            continue
        kind = "partial" if partial else "direct"
        if attr is None and not prev_continues and nwords <= 2:
            prev_continues = sp.continues
            continue
        pending.append(_Pending(cs, ce, kind, pi, attr, sp, continues_prev=prev_continues))
        if partial or attr is not None:
            quoted_sents.add((s, e))
        if not partial:
            quoted_sents.add((s, e))
        prev_continues = sp.continues
    # Indirect speech in sentences without a full quote.
    for s, e, pi in all_sents:
        if (s, e) in quoted_sents and any(p.kind == "direct" and s <= p.start < e for p in pending):
            continue
        if any(p.kind == "direct" and p.start < e and p.end > s for p in pending):
            continue
        if (s, e) in mixed_sents:
            continue
        found = _indirect_in_sentence(text, s, e, names)
        if found is None:
            continue
        attr, cs, ce = found
        pending.append(_Pending(cs, ce, "indirect", pi, attr))
    transcript = _transcript_items(text, paras)
    if transcript:
        pending = [p for p in pending if not any(
            t.start - 20 <= p.start and p.end <= t.end + 2 for t in transcript)]  # fmt: skip
        for t in transcript:
            # A quoted transcript paragraph keeps its quote span (without the label).
            t.end = _trim_content(text, t.start, _body_end(text, t.start, t.end) + 1)[1]
        pending.extend(transcript)
    pending.sort(key=lambda p: (p.start, p.end))
    _resolve_all(text, pending, names)
    items = []
    for p in pending:
        if p.kind != "direct" and p.speaker is None:
            continue
        got = p.attr
        items.append(
            ExtractedItem(
                text=text[p.start : p.end], start=p.start, end=p.end, kind=p.kind,
                speaker=p.speaker, speaker_role=got.role if got else None,
                cue=got.cue if got else None, via_outlet=got.via if got else None,
                confidence=_confidence(p),
            )
        )  # fmt: skip
    return items


def _transcript_items(text: str, paras: list[tuple[int, int]]) -> list[_Pending]:
    """Turn "PENCE: Well, look, …" paragraphs into direct quotes, if the article has two or more."""
    found = []
    for pi, (ps, pe) in enumerate(paras):
        m = _TRANSCRIPT_RE.match(text, ps + (text[ps] in '"“'), pe)
        if m and m.group("label").strip().lower() not in _NOT_SPEAKER_LABELS:
            found.append((pi, m))
    if len(found) < 2:
        return []
    out = []
    for pi, m in found:
        label = m.group("label").strip()
        phrase = " ".join(w.capitalize() for w in label.split())
        attr = _Attribution(phrase, m.start("label"), cue=None, score=0.8)
        out.append(_Pending(m.start("body"), paras[pi][1], "direct", pi, attr))
    return out


def _body_end(text: str, s: int, e: int) -> int:
    """Return the end of a sentence's body, before its closing punctuation and marks."""
    while e > s and text[e - 1] in '.!?”"’ )':
        e -= 1
    return e


def _looks_like_title(content: str) -> bool:
    """Tell whether quoted words are a title ("Face the Nation", “Morning Joe”), not speech."""
    words = content.rstrip(".,!?").split()
    if not words or len(words) > 6 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL or not w[:1].isalpha() for w in words)


def _para_index(starts: list[int], pos: int) -> int:
    """Return the index of the paragraph containing pos."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _resolve_all(text: str, pending: list[_Pending], names: NameIndex) -> None:
    """Resolve speakers in reading order; cue-less quotes continue an adjacent speaker."""
    res = _Resolver(text, names, [(p.start, p.end) for p in pending])
    roles: dict[str, str] = {}
    by_para: dict[int, list[_Pending]] = {}
    for p in pending:
        by_para.setdefault(p.para, []).append(p)
    for p in pending:
        if p.attr is not None:
            p.speaker = res.resolve(p.attr)
        if p.speaker is not None:
            res.record(p.start, p.speaker)
    # Second pass for quotes without a cue of their own.
    for i, p in enumerate(pending):
        if p.attr is not None or p.kind != "direct":
            continue
        same = by_para.get(p.para, [])
        j = same.index(p)
        nxt = same[j + 1] if j + 1 < len(same) else None
        if (nxt is not None and nxt.attr is not None and nxt.speaker and nxt.kind == "direct"
                and p.span is not None and nxt.span is not None
                and not _WORD_RE.search(text[p.span.close_pos : nxt.span.open_pos])):  # fmt: skip
            _inherit(p, nxt)
            continue
        prev = next((q for q in reversed(pending[:i]) if q.speaker), None)
        if prev is None:
            continue
        if prev.para == p.para or (
            prev.para == p.para - 1 and (p.continues_prev or prev.kind == "direct"
                                         or _starts_para(text, p, names))
        ):  # fmt: skip
            _inherit(p, prev)
    # Roles and outlets carry over to later items of the same speaker.
    last: _Pending | None = None
    for p in pending:
        if p.speaker is None or p.attr is None:
            continue
        if p.attr.role and p.speaker not in roles:
            roles[p.speaker] = p.attr.role
        elif not p.attr.role and p.speaker in roles:
            p.attr.role = roles[p.speaker]
        if (last is not None and last.speaker == p.speaker and last.attr is not None
                and p.attr.via is None and p.attr.cue in _CONTINUE_CUES):  # fmt: skip
            p.attr.via = last.attr.via
        last = p


def _starts_para(text: str, p: _Pending, names: NameIndex) -> bool:
    """Tell whether a quote opens its paragraph (nothing but whitespace before its mark)."""
    if p.span is None:
        return False
    ls = text.rfind("\n", 0, p.span.open_pos) + 1
    return not text[ls : p.span.open_pos].strip()


def _inherit(p: _Pending, src: _Pending) -> None:
    """Give p the speaker, role and outlet of src (a continuation of the same speaker)."""
    p.speaker = src.speaker
    if src.attr is not None:
        p.attr = _Attribution(src.attr.phrase, src.attr.pos, role=src.attr.role, cue=None,
                              via=src.attr.via, score=0.6)  # fmt: skip
