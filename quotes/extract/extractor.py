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

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import TypeVar

from quotes.extract.bounds import (
    CUE_TRIES,
    NO_DEADLINE,
    SUBJECT_CHARS,
    WINDOW_CHARS,
    Deadline,
    MatchIndex,
    last_words_start,
    more_words_than,
)
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
    PARTIAL_CUES,
    PLAIN_CUES,
    PRONOUNS,
    SENTENCE_STOPWORDS,
    SPEAKER_NP,
    WEAK_CUES,
    cue_form_re,
    word_alternation,
)
from quotes.extract.text import is_abbreviation, paragraphs, sentences

__all__ = ["ExtractedItem", "extract_quotes"]

_T = TypeVar("_T")


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

    def copy(self) -> _Attribution:
        """Return a copy to change (cached attributions are shared)."""
        return _Attribution(self.phrase, self.pos, self.role, self.cue, self.via, self.score)


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
# The forms of each cue pattern, by id() of the pattern.
_CUE_FORM_SETS: dict[int, frozenset[str]] = {
    id(_CUE_FIND): frozenset(CUE_FORMS),
    id(_MIXED_FIND): frozenset(MIXED_CUES) | frozenset(CUE_FORMS),
    id(_INDIRECT_FIND): frozenset(CUE_FORMS) | frozenset(PLAIN_CUES),
    id(_PARTIAL_FIND): frozenset(PARTIAL_CUES)
    | frozenset(MIXED_CUES)
    | frozenset(CUE_FORMS)
    | frozenset(PLAIN_CUES),
}
# What `_Scan.index` relies on to derive the cue indexes from one scan.
if {w for f in _CUE_FORM_SETS[id(_PARTIAL_FIND)] for w in f.split()[1:]} & {
    f.split()[0] for f in _CUE_FORM_SETS[id(_PARTIAL_FIND)]
}:  # pragma: no cover
    raise ImportError("a later word of a cue form is the first word of another form")
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
# The same, matched at an offset (a "^" only matches at the start of the string).
_LEAD_AT_RE = re.compile(_LEAD_RE.pattern.removeprefix("^"))
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
# A participle clause (", adding that") after the last quote mark before a quote: the caller
# searches only the text after that mark, so no lookahead to the end has to be tried per match.
_PARTICIPLE_RE = re.compile(
    r",\s+(?P<cue>adding|arguing|noting|saying|insisting|explaining|claiming|warning|stressing"
    r"|suggesting|calling|describing|referring\s+to|urging|promising|vowing)\s+(?:that\s+)?"
)
_QUOTE_MARK_RE = re.compile(r"[“”\"]")
_CLAUSE_END_RE = re.compile(r"[.!?;](?=\s|$|[”\"])|\n")
_CLAUSE_START_OK = re.compile(
    r"(?:he|she|they|it|we|i|the|a|an|his|her|their|its|there|this|that|these|those|no|nobody"
    r"|none|some|all|if|when|while|because|although)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[\w’']+")
# Matched at an offset (pattern.match(text, pos, end)), so it has no "^".
_DASH_SPEAKER_RE = re.compile(
    rf"\s*[―—–]\s*(?P<spk>{NAME})(?:\s*,\s*(?P<role>[^.;“”\"\n]{{2,160}}))?"
)
# A party and state tag used as an appositive: "Sen. Rand Paul, R-Ky., said".
_PARTY_TAG_RE = re.compile(r"[RDI]-[A-Z][A-Za-z.]{1,12}")
_VIA_OK = re.compile(r"^(?:[Tt]he\s+)?[A-Z]")
_FIRST_WORD_RE = re.compile(r"\S+")
_COMMA_RE = re.compile(r",\s+")
# A comma before a relative pronoun: `_parse_subject` stops retrying there.
_WHO_COMMA_RE = re.compile(r",\s+(?i:who|which|whose)(?!\S)")
_THAT_RE = re.compile(r"\s+that\s")
_BOAST_OF_RE = re.compile(r",\s*(?=(?:of|about|that)\b)")
# How much text after a cue an addressee ("told Fox News in an interview") is looked for in.
_VIA_CHARS = 300
# How much of a sentence's start a dateline or lead phrase is looked for in.
_LEAD_CHARS = 300
# The end of a sentence a closing attribution ("…, Smith said, adding that …") is looked for in.
_TAIL_CHARS = 1_000
# The text before a colon a roundup header ("… - Carl Bialik: “") is looked for in.
_HEADER_CHARS = 300
# Distinct cues of one sentence whose subject is parsed (PolNeAR has at most 6 in a sentence).
_CUE_SUBJECTS = 4 * CUE_TRIES
# Earlier speakers and mentions a pronoun is resolved among, nearest first.
_PRONOUN_CANDIDATES = 200


class _Scan:
    """One article as every step reads it: text, names, match indexes, caches and the deadline."""

    def __init__(self, text: str, names: NameIndex, deadline: Deadline) -> None:
        self.text = text
        self.names = names
        self.deadline = deadline
        self._indexes: dict[int, MatchIndex] = {}  # by id() of the (module-level) pattern
        self._body_ends: dict[tuple[int, int], int] = {}
        self._sentence: dict[tuple[str, int, int], object] = {}
        self._stops: tuple[list[int], list[int]] | None = None
        self._trim_left: dict[int, int] = {}
        self._cue_subjects: dict[int, dict[int, _Attribution | None]] = {}
        self._trim_right: dict[int, int] = {}

    def index(self, pattern: re.Pattern[str]) -> MatchIndex:
        """Return the matches of pattern over the whole text (found once).

        The cue patterns share one scan: their forms are subsets of the partial cues', and a
        subset match can only start where a partial cue match does (no later word of a form is
        the first word of one), so each is derived from the partial cue matches.
        """
        idx = self._indexes.get(id(pattern))  # a Pattern hashes its whole source each time
        if idx is None:
            self.deadline.check()
            forms = _CUE_FORM_SETS.get(id(pattern))
            if forms is None or pattern is _PARTIAL_FIND:
                idx = MatchIndex(pattern, self.text)
            else:
                matches = []
                for m in self.index(_PARTIAL_FIND).matches:
                    sub = m if m.group() in forms else pattern.match(self.text, m.start())
                    if sub is not None:
                        matches.append(sub)
                idx = MatchIndex(pattern, self.text, matches)
            self._indexes[id(pattern)] = idx
        return idx

    def body_end(self, s: int, e: int) -> int:
        """Return `_body_end(text, s, e)`, computed once per sentence."""
        got = self._body_ends.get((s, e))
        if got is None:
            got = self._body_ends[(s, e)] = _body_end(self.text, s, e)
        return got

    def end_of_clause(self, pos: int, limit: int) -> int:
        """Return the end of the clause starting at pos: the first sentence stop before limit.

        A period that ends an abbreviation is no stop. Stops come from one scan of the text; a
        run of abbreviations ("A. B. C. …") is jumped over in one step.
        """
        text = self.text
        if self._stops is None:
            stops = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
            ok = [text[p] != "." or not is_abbreviation(text, p, 0) for p in stops]
            nxt = [len(stops)] * (len(stops) + 1)
            for k in range(len(stops) - 1, -1, -1):
                nxt[k] = k if ok[k] else nxt[k + 1]
            self._stops = (stops, nxt)
        stops, nxt = self._stops
        k = bisect_left(stops, pos)
        while k < len(stops) and stops[k] < limit:
            p = stops[k]
            if p - 12 >= pos:  # the abbreviation test does not reach back to pos: precomputed
                k = nxt[k]
                if k < len(stops) and stops[k] < limit:
                    return stops[k]
                break
            if text[p] != "." or not is_abbreviation(text, p, pos):
                return p
            k += 1
        # The regex scan stopped at limit, where "$" lets a final stop count.
        p = limit - 1
        if (
            p >= pos
            and text[p] in ".!?;"
            and (k >= len(stops) or stops[k] != p)
            and (text[p] != "." or not is_abbreviation(text, p, pos))
        ):
            return p
        return limit

    def may_parse_cue(self, start: int, cue_start: int) -> bool:
        """Tell whether the cue at cue_start of the sentence from start may be parsed as a verb.

        Of one sentence, _CUE_SUBJECTS distinct cues are at most: a sentence of news has a
        handful, but in one made of quotes and cue words every quote would parse a new one.
        """
        parsed = self._cue_subjects.setdefault(start, {})
        return cue_start in parsed or len(parsed) < _CUE_SUBJECTS

    def cue_subject(self, start: int, cue_start: int) -> _Attribution | None:
        """Return `_cue_subject(text, start, cue_start)`, parsed once per cue (`may_parse_cue`)."""
        parsed = self._cue_subjects.setdefault(start, {})
        if cue_start not in parsed:
            parsed[cue_start] = _cue_subject(self.text, start, cue_start)
        attr = parsed[cue_start]
        return None if attr is None else attr.copy()

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Return `_trim_content(text, start, end)`; each run of spaces and marks is read once."""
        text = self.text
        left = self._trim_left.get(start)
        if left is None:
            left = start
            while left < len(text) and (text[left].isspace() or text[left] in ",:;"):
                left += 1
            self._trim_left[start] = left
        right = self._trim_right.get(end)
        if right is None:
            right = end
            while right > 0 and (text[right - 1].isspace() or text[right - 1] in ",;:—–-"):
                right -= 1
            self._trim_right[end] = right
        start = min(left, end)
        return start, max(start, right)

    def per_sentence(self, key: str, s: int, e: int, compute: Callable[[], _T]) -> _T:
        """Return compute() for this sentence, computed once (the steps of each quote share it)."""
        k = (key, s, e)
        if k not in self._sentence:
            self._sentence[k] = compute()
        return self._sentence[k]  # type: ignore[return-value]


def _words(s: str) -> int:
    """Count the words of s."""
    return len(_WORD_RE.findall(s))


def _first_word(s: str, pos: int = 0) -> str:
    """Return the first whitespace-separated word of s[pos:] ("" if none), reading only it."""
    m = _FIRST_WORD_RE.search(s, pos)
    return m.group() if m else ""


def _is_outlet(name: str, names: NameIndex) -> bool:
    """Tell whether an addressee ("told X") is a news outlet or organisation, not a person."""
    low = name.lower()
    if low in OUTLETS or low.removeprefix("the ") in OUTLETS or is_org(name):
        return True
    toks = name.split()
    if len(toks) == 1:
        return not names.is_person_surname(name)
    return False


def _via_after(text: str, pos: int, end: int, names: NameIndex) -> str | None:
    """Find the outlet a cue was addressed to in text[pos:end], reading at most _VIA_CHARS."""
    return _via_from(text[pos : min(end, pos + _VIA_CHARS)], names)


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
    retrying after each comma while the skipped part starts with a lead word. A subject longer
    than SUBJECT_CHARS is no speaker phrase (the longest found in PolNeAR is 345 characters).
    """
    if len(subject) > SUBJECT_CHARS:
        return None
    attr = _parse_subject_cached(subject, base)
    return None if attr is None else attr.copy()


@lru_cache(maxsize=4096)
def _parse_subject_cached(subject: str, base: int) -> _Attribution | None:
    """Parse a subject (see `_parse_subject`); the quotes of one sentence share its subjects."""
    subject = _strip_adverb_end(subject) if subject.strip() else ""
    subject = subject.rstrip(" ,")
    if not subject:
        return None
    rest, off = _strip_lead(subject)
    attr = _parse_subject_core(rest, base + off)
    if attr is not None or not rest:
        return attr
    first = _first_word(rest).lower()
    if not (first in SENTENCE_STOPWORDS or first.endswith("ing")):
        return None
    # Retry after each comma, up to one followed by "who", "which" or "whose". Only a rest of at
    # most 40 words, or one with ", who", can be a speaker phrase (`_parse_subject_core`): the
    # commas before those are skipped unread.
    suffixes = _Suffixes(rest)
    stop = _WHO_COMMA_RE.search(rest)
    stop_at = stop.start() if stop else len(rest)
    who_tries = 0
    for m in _COMMA_RE.finditer(rest, suffixes.scan_from, stop_at + 1):
        if m.end() >= len(rest):
            break
        lm = _LEAD_AT_RE.match(rest, m.end())
        start = lm.end() if lm else m.end()
        if not suffixes.has_who_after(start):
            if suffixes.too_long(start):
                continue
        elif (who_tries := who_tries + 1) > CUE_TRIES:
            continue
        attr = _parse_subject_core(rest[start:], base + off + start)
        if attr is not None:
            return attr
    return None


def _strip_adverb_end(subject: str) -> str:
    """Drop the adverbs that end a subject ("Smith also"), reading only its last 200 characters.

    As `_ADVERB_END.sub("", " " + subject.rstrip() + " ")[1:]`: at most three adverbs, which
    the pattern tries from every space of the text.
    """
    subject = " " + subject.rstrip() + " "
    if len(subject) <= 200:
        return _ADVERB_END.sub("", subject)[1:]
    return subject[1:-200] + _ADVERB_END.sub("", subject[-200:])


class _Suffixes:
    """Which suffixes of a string `_parse_subject_core` can take: at most 40 words, or ", who"."""

    def __init__(self, s: str) -> None:
        self.who = s.rfind(", who ")
        # The suffixes from short_from on have at most 40 words.
        self.short_from = last_words_start(s, 40, 0, len(s))
        # Where a scan for clause boundaries must start to see each one that ends at or after
        # short_from (the character before short_from ends a word: no boundary spans it, and
        # none is longer than 64 characters up to it); from the start if ", who" is in s.
        self.scan_from = 0 if self.who > 0 else max(0, self.short_from - 64)

    def too_long(self, start: int) -> bool:
        """Tell whether s[start:] has more than 40 words."""
        return start < self.short_from

    def has_who_after(self, start: int) -> bool:
        """Tell whether s[start:] has ", who " past its first character."""
        return self.who > start


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
    if more_words_than(rest, 40):
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


def _after_attribution(scan: _Scan, pos: int, limit: int) -> _Attribution | None:
    """Parse an attribution that follows a closing quote mark at pos (up to limit).

    The clause is read up to its end, at most WINDOW_CHARS; offsets stay those of the article.
    """
    text = scan.text
    end = scan.end_of_clause(pos, min(limit, pos + WINDOW_CHARS))
    i = pos
    while i < end and text[i].isspace():
        i += 1
    if i >= end:
        return None
    base = pos  # the clause body, after spaces and commas
    while base < end and text[base] in " ,\u00a0":
        base += 1
    # ” ― Martha Aguilar
    dm = _DASH_SPEAKER_RE.match(text, pos, end)
    if dm:
        return _Attribution(dm.group("spk"), dm.start("spk"), role=_role(dm.group("role")),
                            cue=None, score=0.8)  # fmt: skip
    am = _ACCORDING_FIND.match(text, base, end)
    if am:
        sm = _SPEAKER_FULL.match(text, am.end() + 1, end)
        if sm:
            return _Attribution(sm.group("spk"), sm.start("spk"),
                                role=_tail_role(text, sm.end("spk"), end), cue=am.group(),
                                score=0.85)  # fmt: skip
        return None
    cm = scan.index(_CUE_FIND).first(base, end)
    if not cm or cm.group() in WEAK_CUES:
        return None
    cue = cm.group()
    before = text[base : cm.start()]
    if not before.strip():
        # Inverted: ,” said John Smith, a spokesman for the campaign.
        sm = _SPEAKER_FULL.match(text, cm.end() + 1, end)
        spk = sm.group("spk") if sm else ""
        if not sm or (not clean_name(spk) and spk.lower() not in PRONOUNS and not spk[0].islower()):
            loose = _loose_speaker(text[cm.end() : end], cm.end())
            if loose is not None:
                loose.cue = cue
            return loose
        assert sm is not None
        spk, pre_role, shift = _split_descriptor(spk)
        via = _via_after(text, sm.end("spk"), end, scan.names)
        return _Attribution(spk, sm.start("spk") + shift,
                            role=_tail_role(text, sm.end("spk"), end) or pre_role,
                            cue=cue, via=via)  # fmt: skip
    if more_words_than(before, 40):
        return None
    attr = _parse_subject(before, base)
    if attr is None:
        attr = _loose_speaker(_AUX_END_RE.sub("", before), base)
    if attr is None:
        return None
    attr.cue = cue
    attr.via = _via_after(text, cm.end(), end, scan.names)
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
    if not seg.strip() or more_words_than(seg, 30):
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


def _tail_role(text: str, name_end: int, end: int) -> str | None:
    """Return the appositive after a name that ends the clause (", a Democrat from Virginia")."""
    i = name_end
    while i < end and text[i].isspace():
        i += 1
    if i >= end or text[i] != ",":
        return None
    return _role(text[i + 1 : end])


def _role(role: str | None) -> str | None:
    """Clean an appositive role: trim, drop a trailing comma, reject relative clauses."""
    if not role:
        return None
    role = role.strip().rstrip(",").strip()
    if not role or _first_word(role).lower() in {"who", "which", "whose", "and", "or"}:
        return None
    if more_words_than(role, 30):
        return None
    return role


# A name that heads a quote after a dash or at the start of its segment: "… - Jane Doe: “…".
_HEADER_NAME_RE = re.compile(
    r"(?:^|\s[-—–―]\s+)(?P<spk>[A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){1,2})"
    r"\s*:\s*$"
)


def _before_attribution(scan: _Scan, sent_start: int, pos: int) -> _Attribution | None:
    """Parse an attribution that precedes an opening quote mark at pos within its sentence.

    Reads at most WINDOW_CHARS before the mark.
    """
    text = scan.text
    j = pos  # the end of the text before the mark, spaces trimmed
    while j > sent_start and text[j - 1].isspace():
        j -= 1
    if j <= sent_start:
        return None
    tail = text[max(sent_start, j - 12) : j]
    if (
        tail[-1] not in ":,—–―"
        and not tail.endswith((" that", " as"))
        and _CUE_FIND.search(tail) is None
    ):
        return None
    a = max(sent_start, pos - WINDOW_CHARS)
    ams = scan.index(_ACCORDING_FIND).between(a, pos)
    if ams:
        am = ams[-1]
        sm = _SPEAKER_FULL.match(text, am.end() + 1, pos)
        if sm:
            return _Attribution(
                sm.group("spk"), sm.start("spk"), role=_role(sm.group("role")),
                cue=am.group(), score=0.85,
            )  # fmt: skip
    if text[j - 1] == ":":  # the header pattern ends in a colon
        h = max(a, j - _HEADER_CHARS)
        hm = _HEADER_NAME_RE.search(text[h:pos])
        if hm and clean_name(hm.group("spk")) and not is_org(clean_name(hm.group("spk"))):
            # A roundup header: "Pollsters agree - Carl Bialik: “…"
            return _Attribution(hm.group("spk"), h + hm.start("spk"), score=0.6)
    near = -1  # cues that end before it have more than 12 words after them
    for cm in scan.index(_CUE_FIND).backward(a, pos):
        if cm.group() in WEAK_CUES:
            continue
        if near < 0:
            near = last_words_start(text, 12, a, pos)
        if cm.end() < near:
            break  # an earlier cue is further still
        if not scan.may_parse_cue(sent_start, cm.start()):
            continue
        attr = scan.cue_subject(sent_start, cm.start())
        left = cm.start()
        while left > a and text[left - 1].isspace():
            left -= 1
        if attr is None and cm.group().endswith("ing") and left > a and text[left - 1] == ",":
            # Warren endorsed Clinton on Thursday, saying, “…”: the subject of the main clause
            attr = _main_subject(_head(text, sent_start, left - 1), sent_start)
        if attr is None:
            # ... , said John Smith: “…
            sm = _SPEAKER_FULL.match(text, cm.end() + 1, pos)
            if sm and clean_name(sm.group("spk")):
                return _Attribution(sm.group("spk"), sm.start("spk"),
                                    role=_role(sm.group("role")), cue=cm.group())  # fmt: skip
            continue
        attr.cue = cm.group()
        attr.via = _via_after(text, cm.end(), pos, scan.names)
        return attr
    return None


def _head(text: str, start: int, end: int) -> str:
    """Return text[start:end] for `_main_subject`, which reads no further than SUBJECT_CHARS + 1."""
    return text[start : min(end, start + SUBJECT_CHARS + 1)]


def _cue_subject(text: str, start: int, cue_start: int) -> _Attribution | None:
    """Parse the speaker right before a cue at cue_start, in a sentence (or window) from start.

    Only the last SUBJECT_CHARS before the cue are read: a subject is never longer.
    """
    lo = max(start, cue_start - SUBJECT_CHARS)
    return _subject_before(text[lo:cue_start], lo, clipped=lo > start)


def _content_after_cue(
    text: str, cue_end: int, sent_end: int, cue: str, names: NameIndex, mixed: bool = False
) -> tuple[int, str | None] | None:
    """Locate the reported clause after a cue: skip addressee and time phrases, then "that".

    Reads at most WINDOW_CHARS after the cue.
    """
    stop = min(sent_end, cue_end + WINDOW_CHARS)
    pos = cue_end
    via = None
    rest = text[pos:stop]
    om = _OBJ_RE.match(rest)
    if om and (cue in {"told", "tells", "telling"} or rest.lstrip().startswith("to ")):
        via = _via_after(text, pos, stop, names)
        pos += om.end()
    for _ in range(3):
        tm = _TIME_RE.match(text[pos:stop])
        if not tm or tm.end() == 0:
            break
        im = _INTERVIEW_RE.match(text[pos:stop].lstrip(" ,"))
        if im and via is None and _is_outlet(im.group("via"), names):
            via = im.group("via")
        pos += tm.end()
    rest = text[pos:stop]
    lead = len(rest) - len(rest.lstrip(" ,:"))
    pos += lead
    rest = rest[lead:]
    if cue in {"boasted", "boasts", "bragged", "brags"} and rest.startswith("to "):
        m = _BOAST_OF_RE.search(text, pos, stop)
        if not m:
            return None
        pos = m.end()
        rest = text[pos:stop]
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


def _tail_in_sentence(scan: _Scan, s: int, e: int) -> tuple[_Attribution, int, int] | None:
    """Find a closing attribution ("…, X said.", "…, said X.") and the reported words before it.

    The attribution is looked for in the last _TAIL_CHARS of the sentence (the longest in PolNeAR
    is about 700): the pattern may read to the end of the sentence from each comma it tries.
    """
    found = scan.per_sentence("tail", s, e, lambda: _tail_at_end(scan, s, e))
    return None if found is None else (found[0].copy(), found[1], found[2])


def _tail_at_end(scan: _Scan, s: int, e: int) -> tuple[_Attribution, int, int] | None:
    """Compute `_tail_in_sentence`."""
    text = scan.text
    tail = _TAIL_RE.search(text, max(s, e - _TAIL_CHARS), e)
    if not tail:
        return None
    cue = tail.group("cue1") or tail.group("cue2")
    spk = tail.group("spk1") or tail.group("spk2")
    key = "spk1" if tail.group("spk1") else "spk2"
    if cue in _SAY_FAMILY and spk and (clean_name(spk) or spk.lower() in PRONOUNS):
        cs, ce = _trim_content(text, s, tail.start())
        if more_words_than(text, 3, cs, ce):
            role = _role(tail.group("role1") or tail.group("role2"))
            return _Attribution(spk, tail.start(key), role=role, cue=cue, score=0.6), cs, ce
    return None


def _mid_in_sentence(scan: _Scan, s: int, e: int) -> tuple[_Attribution, int, int] | None:
    """Find an attribution between commas mid-sentence; the reported words are the whole rest."""
    text = scan.text
    tries = 0
    for m in _MID_RE.finditer(text, s, e):
        cue = m.group("cue1") or m.group("cue2")
        spk = m.group("spk1") or m.group("spk2")
        key = "spk1" if m.group("spk1") else "spk2"
        if cue not in _SAY_FAMILY or not spk or not (clean_name(spk) or spk.lower() in PRONOUNS):
            continue
        tries += 1
        if tries > CUE_TRIES:
            break
        lead = _strip_lead(text[s : min(m.start(), s + _LEAD_CHARS)])[1]
        cs, ce = scan.trim(s + lead, scan.body_end(s, e))
        if not more_words_than(text, 1, cs, m.start()) or not more_words_than(text, 1, m.end(), ce):
            continue
        return _Attribution(spk, m.start(key), cue=cue, score=0.6), cs, ce
    return None


def _indirect_in_sentence(
    scan: _Scan, s: int, e: int, mixed: bool = False
) -> tuple[_Attribution, int, int] | None:
    """Find indirect speech in the sentence text[s:e]; return (attribution, content start, end).

    Computed once per sentence. Of the cues, those that start within SUBJECT_CHARS of the
    sentence start can have a subject; CUE_TRIES of them are tried.
    """
    if scan.index(_PARTIAL_FIND).first(s, e) is None and (
        scan.index(_ACCORDING_FIND).first(s, e) is None
    ):
        return None  # every way below needs a cue word or "according to"
    found = scan.per_sentence(
        "mixed" if mixed else "indirect", s, e, lambda: _indirect_at(scan, s, e, mixed)
    )
    if found is None:
        return None
    attr, cs, ce = found
    return attr.copy(), cs, ce


def _indirect_at(scan: _Scan, s: int, e: int, mixed: bool) -> tuple[_Attribution, int, int] | None:
    """Compute `_indirect_in_sentence`."""
    text = scan.text
    names = scan.names
    body_end = scan.body_end(s, e)
    # …, according to X.   /   According to X, …
    am = scan.index(_ACCORDING_FIND).first(s, e)
    if am:
        sm = _SPEAKER_FULL.match(text, am.end() + 1, e)
        if sm:
            spk = sm.group("spk")
            role = _role(sm.group("role"))
            if am.start() == s or _is_but_and(text, s, am.start()):
                comma = text.find(",", sm.end("spk"), e)
                if role:
                    comma = text.find(",", sm.start("role") + len(sm.group("role")), e)
                if comma < 0:
                    return None
                cs, ce = _trim_content(text, comma + 1, body_end)
            else:
                cs, ce = _trim_content(text, s, am.start())
                role = _role(text[sm.end("spk") : e].lstrip(" ,").rstrip(" .")) if role else None
            if more_words_than(text, 2, cs, ce):
                return _Attribution(spk, sm.start("spk"), role=role, cue=am.group(),
                                    score=0.6), cs, ce  # fmt: skip
    # …, X said.   /   …, said X.
    tail = _tail_in_sentence(scan, s, e)
    if tail is not None:
        return tail
    mid = _mid_in_sentence(scan, s, e)
    if mid is not None:
        return mid
    # X [, role,] said (to Y) (that) …
    tries = 0
    for cm in scan.index(_MIXED_FIND if mixed else _INDIRECT_FIND).between(s, e):
        cue = cm.group()
        if cue in WEAK_CUES or cm.start() == s:
            continue
        if cm.start() - s > SUBJECT_CHARS:
            break  # a longer subject is no speaker phrase (`_parse_subject`)
        tries += 1
        if tries > CUE_TRIES:
            break
        attr = _parse_subject(text[s : cm.start()], s)
        if attr is None:
            continue
        found = _content_after_cue(text, cm.end(), body_end, cue, names, mixed)
        if found is None:
            if mixed:
                return None
            continue  # "she continued to suggest that …": a later cue of the same subject
        cs, via = found
        cs, ce = _trim_content(text, cs, body_end)
        if not more_words_than(text, 2, cs, ce):
            return None
        attr.cue = cue
        attr.via = via
        attr.score = min(attr.score, 0.6)
        return attr, cs, ce
    return None


def _is_but_and(text: str, s: int, end: int) -> bool:
    """Tell whether text[s:end], stripped, is "But" or "And" (reading at most its end)."""
    while end > s and text[end - 1].isspace():
        end -= 1
    return end - s == 3 and text[s:end] in {"But", "And"}


# Auxiliaries and adverbs between a subject and the verb of a reporter's clause ("is insisting").
_AUX_END_WORDS = (
    "is", "was", "are", "were", "been", "being", "has", "have", "had", "did", "does", "do", "not",
    "then", "also", "again", "soon", "even", "already", "now", "still", "long", "recently",
    "repeatedly", "publicly", "would", "will", "could", "might", "may", "once", "later",
    "quickly", "immediately", "similarly", "gingerly", "herself", "himself",
)  # fmt: skip
_AUX_END_RE = re.compile(
    r"(?:\s+(?:"
    + "|".join(_AUX_END_WORDS[:30])
    + r"|went\s+on\s+to|"
    + "|".join(_AUX_END_WORDS[30:])
    + r"))+\s*$"
)
# The last word of a text that `_AUX_END_RE` can strip ("went on to" ends in "to").
_AUX_LAST_WORDS = frozenset(_AUX_END_WORDS) | {"to"}
# Where a subject may start inside a sentence: after a clause boundary or a subordinator.
_SUBORDINATORS = (
    "because", "when", "after", "that", "while", "as", "since", "but", "and", "if", "though",
    "although", "before", "until", "where", "so", "soon", "then", "whom", "what",
)  # fmt: skip
_SUBJECT_START_RE = re.compile(
    rf"(?:[,;:—–][”\"’]?\s*|(?<![\w’'])(?i:{word_alternation(_SUBORDINATORS)})\s+)(?=\S)"
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
    pos = 0
    while tried < 8:
        vm = _VERBISH_RE.search(head, pos)
        if vm is None or vm.start() > SUBJECT_CHARS:  # a longer subject is no speaker phrase
            return None
        pos = vm.end()
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
            if tried >= 4:  # from now on only a word after a comma is tried: go to the next one
                comma = head.find(",", prev_end)
                if comma < 0:
                    return None
                pos = comma
    return None


def _subject_before(left: str, base: int, clipped: bool = False) -> _Attribution | None:
    """Parse the speaker right before a verb, also after a lead clause ("because X has said").

    clipped: left does not start where its sentence does, so only a subject after a clause
    boundary or subordinator in it is looked for.
    """
    left = _strip_aux_end(left)
    if not clipped:
        attr = _parse_subject(left, base)
        if attr is not None:
            return attr
    end = len(left.rstrip())
    rs = left.rstrip(" ,")
    # `_parse_subject_core` only takes a rest of at most 40 words or one with ", who".
    suffixes = _Suffixes(rs)
    who_tries = 0
    for bm in _SUBJECT_START_RE.finditer(left, suffixes.scan_from):
        if bm.end() >= end:
            break
        who = suffixes.has_who_after(bm.end())
        if not who and suffixes.too_long(bm.end()):
            continue
        if left[bm.end()].islower() and _first_word(left, bm.end()).lower() not in PRONOUNS:
            continue
        if who and (who_tries := who_tries + 1) > CUE_TRIES:
            continue
        attr = _parse_subject_core(rs[bm.end() :], base + bm.end())
        if attr is not None:
            return attr
    return None


def _strip_aux_end(left: str) -> str:
    """Drop auxiliaries and adverbs that end left ("is", "has long"), reading its last 300 chars.

    `_AUX_END_RE` backtracks through a run of them once per start: the window bounds that.
    """
    last = left.rsplit(None, 1)
    if not last or last[-1] not in _AUX_LAST_WORDS:
        return left  # the pattern needs an auxiliary (or "went on to") as the last word
    if len(left) <= 300:
        return _AUX_END_RE.sub("", left)
    return left[:-300] + _AUX_END_RE.sub("", left[-300:])


def _joint_before(text: str, lo: int, hi: int) -> int | None:
    r"""Return where text[lo:hi] ends in a comma or "and" (then spaces), or None.

    As `re.search(r"(?:,|(?<![\w’'])and)\s*$", text[lo:hi])`, reading only the end.
    """
    k = hi
    while k > lo and text[k - 1].isspace():
        k -= 1
    if k > lo and text[k - 1] == ",":
        return k - 1
    if (
        k - 3 >= lo
        and text[k - 3 : k] == "and"
        and (k - 3 == lo or not _WORD_RE.match(text[k - 4]))
    ):
        return k - 3
    return None


def _partial_attribution(
    scan: _Scan, s: int, e: int, open_pos: int, close_pos: int
) -> tuple[_Attribution, int, int] | None:
    """Attribute a quoted fragment from the reporter's clause around it.

    "Trump blasted Disney for its “outrageous practices”", "House Speaker Paul Ryan has said he
    is “not ready” to endorse", "Paul interjected, calling the credit “a welfare payment.”": the
    speaker is the subject of the (stance or speech) verb before the fragment. Returns the
    attribution and the reported clause (from after the verb, or its "that", to the clause end).
    The CUE_TRIES verbs nearest the fragment, within WINDOW_CHARS before it, are tried.
    """
    text = scan.text
    a = max(s, open_pos - WINDOW_CHARS)
    tries = 0
    for cm in scan.index(_PARTIAL_FIND).backward(a, open_pos):
        cue = cm.group()
        if cm.start() == s:
            continue
        tries += 1
        if tries > CUE_TRIES:
            break
        if not scan.may_parse_cue(s, cm.start()):
            continue
        joint = _joint_before(text, s, cm.start())
        if joint is not None and (cue.endswith("ing") or text[joint] == "a"):
            # a participle or a second verb: the subject of the main clause
            attr = _main_subject(_head(text, s, joint), s)
        else:
            attr = scan.cue_subject(s, cm.start())
            if attr is None and cue.endswith("ing"):
                attr = _main_subject(_head(text, s, cm.start()), s)
        if attr is None:
            continue
        if cue in WEAK_CUES and not _DOCUMENT_RE.search(attr.phrase):
            continue
        pos = cm.end()
        tm = _THAT_AFTER_RE.match(text, pos, open_pos)
        if tm and all(
            w[:1].isupper() or w.lower() in _THAT_PREFIX_WORDS for w in text[pos : tm.end()].split()
        ):  # "told Fox News on Sunday that …", not "said the plan demands that …"
            pos = tm.end()
        end = scan.body_end(s, e)
        cut = scan.index(_PARTIAL_CUT_RE).first(close_pos, end)
        if cut:
            end = cut.start()
        cs, ce = scan.trim(pos, max(end, close_pos))
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
    scan: _Scan, s: int, e: int, open_pos: int, close_pos: int
) -> tuple[_Attribution, int, int] | None:
    """Attribute a quoted fragment to a named subject acting on it with any verb.

    "Mr. Ortega exhorted delegates to “vote your conscience”", "She blasted the press for being
    “dishonest”": a person (or pronoun) that opens the sentence, then a verb in the past or third
    person; the reported clause runs from after the verb to the end of the clause. At most
    CUE_TRIES auxiliaries and adverbs may stand between them ("has also repeatedly").
    """
    pre_end = min(open_pos, s + 2 * SUBJECT_CHARS)  # the subject and verb lie well within it
    found = scan.per_sentence("subject-verb", s, pre_end, lambda: _subject_verb(scan, s, pre_end))
    if found is None:
        return None
    subject, verb_end, verb = found
    text = scan.text
    pos = verb_end
    tm = _THAT_RE.match(text, pos, open_pos)
    if tm:
        pos = tm.end()
    end = scan.body_end(s, e)
    cut = scan.index(_PARTIAL_CUT_RE).first(close_pos, end)
    if cut:
        end = cut.start()
    cs, ce = scan.trim(pos, max(end, close_pos))
    attr = subject.copy()
    attr.cue = verb
    attr.score = 0.4
    return attr, cs, ce


def _subject_verb(scan: _Scan, s: int, pre_end: int) -> tuple[_Attribution, int, str] | None:
    """Find the subject of text[s:pre_end] and its verb: (subject, end of the verb, verb)."""
    rest, off = _strip_lead(scan.text[s:pre_end])
    words = _VERBISH_RE.finditer(rest)
    word = next(words, None)
    if word is not None and word.start() == 0 and word.group() in {"he", "she", "they"}:
        subj_end = word.end()  # "on Monday he blasted …" after a lead phrase
        word = next(words, None)
    elif word is None or word.start() == 0:
        return None
    else:
        subj_end = word.start()
    attr = _parse_subject(rest[:subj_end], s + off)
    if attr is None:
        return None
    low = attr.phrase.lower()
    if low not in {"he", "she", "they"} and (not clean_name(attr.phrase) or is_org(attr.phrase)
                                             or not attr.phrase[:1].isupper()):  # fmt: skip
        return None
    skipped = 0
    while word is not None and word.group() in _AUX_SKIP:
        word = next(words, None)
        skipped += 1
        if skipped > CUE_TRIES:
            return None
    if word is None:
        return None
    verb = word
    if verb.group() in _NOT_STANCE_VERBS or not _STANCE_VERB_RE.match(verb.group()):
        return None
    if not re.fullmatch(r"(?:[a-z]+\s+)*", rest[subj_end : verb.start()]):
        return None  # only auxiliaries and adverbs between the subject and its verb
    return attr, s + off + verb.end(), verb.group()


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
        self.history: list[tuple[int, str, bool]] = []  # (pos, name, is_person), pos ascending
        self._history_pos: list[int] = []
        self._spoke: set[str] = set()
        # Reported words (quotes and clauses): names inside them are talked about, not speakers.
        self.contents = sorted(contents or [])
        self._content_starts = [c[0] for c in self.contents]
        self._content_ends: _RangeMax | None = None
        self._lower_seen: dict[str, bool] = {}  # word -> also written in lowercase
        self._tokens: frozenset[str] | None = None
        self._mentions: dict[int, tuple[str, bool] | None] = {}  # mention start -> candidate

    def _in_content(self, pos: int) -> bool:
        """Tell whether pos lies inside reported words (a quote or a reported clause).

        Of the contents that start at or before pos, those back to the first that starts more
        than 3000 characters before it are looked at (the latest end among them, in one step).
        """
        i = bisect_right(self._content_starts, pos) - 1
        if i < 0:
            return False
        if self._content_ends is None:
            self._content_ends = _RangeMax([c[1] for c in self.contents])
        lo = bisect_left(self._content_starts, pos - 3000) - 1
        return self._content_ends.max(max(lo, 0), i) > pos

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
        self._history_pos.append(pos)
        self._spoke.add(name)

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
            self._lower_seen[word] = self._written(word)
        return not self._lower_seen[word]

    def _written(self, word: str) -> bool:
        r"""Tell whether word occurs in the text as whole words (not inside a longer word).

        As `re.search(rf"(?<![\w’']){re.escape(word)}(?![\w’'])", text)`, without a scan of the
        text per word: each of its own words must occur as a whole word (a set built once).
        """
        if self._tokens is None:
            self._tokens = frozenset(_WORD_RE.findall(self.text))
        runs = _WORD_RE.findall(word)
        if not all(r in self._tokens for r in runs):
            return False
        if len(runs) == 1 and runs[0] == word:
            return True
        text = self.text
        i = text.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not _WORD_RE.match(text[i - 1])) and (
                j >= len(text) or not _WORD_RE.match(text[j])
            ):
                return True
            i = text.find(word, i + 1)
        return False

    def _speaker_after(
        self, cands: Iterator[tuple[int, str, bool]], floor: int, kind: str
    ) -> str | None:
        """Return the first of cands (nearest first) after floor who spoke, of a fitting gender."""
        for cpos, name, _ in cands:
            if cpos <= floor:
                return None
            if name in self._spoke and self.names.gender_of(name) in (None, kind):
                return name
        return None

    def _history_before(self, pos: int) -> Iterator[tuple[int, str, bool]]:
        """Yield the speakers recorded before pos, nearest first (in recorded order on a tie)."""
        i = bisect_left(self._history_pos, pos)
        while i > 0:
            k = bisect_left(self._history_pos, self._history_pos[i - 1], 0, i - 1)
            yield from self.history[k:i]
            i = k

    def _mentions_before(self, pos: int) -> Iterator[tuple[int, str, bool]]:
        """Yield the person mentions of the 1500 characters before pos, nearest first."""
        for men in reversed(self.names.mentions_between(max(0, pos - 1500), pos)):
            if men.start not in self._mentions:
                cand = None
                if (men.person and men.name.lower() not in SENTENCE_STOPWORDS
                        and not self._in_content(men.start)):  # fmt: skip
                    full = self.names.full_name(men.name, men.start)
                    cand = (full, self._is_subject(men.start, men.end))
                self._mentions[men.start] = cand
            cand = self._mentions[men.start]
            # a name is a person once its gender is known (learnt while resolving)
            if cand is not None and (self.names.is_person(cand[0]) or cand[1]):
                yield men.start, cand[0], True

    def _pronoun(self, kind: str, pos: int) -> str | None:
        """Resolve he/she/they/it to the nearest fitting earlier speaker or sentence subject."""
        if kind == "1":
            return None
        # Earlier speakers and recent mentions, nearest first (speakers first on a tie); at most
        # _PRONOUN_CANDIDATES of them are looked at.
        cands = islice(
            heapq.merge(
                self._history_before(pos), self._mentions_before(pos),
                key=lambda c: c[0], reverse=True,
            ),
            _PRONOUN_CANDIDATES,
        )  # fmt: skip
        spoke = self._spoke
        # Prefer recent speakers over mere mentions: a mention wins only when it is much closer.
        best: str | None = None
        for cpos, name, person in cands:
            if kind in "mf":
                if not person:
                    continue
                g = self.names.gender_of(name)
                if g is not None and g != kind:
                    continue
                if name not in spoke:
                    # a mention: accept it if no speaker of this gender is within 400 characters
                    near = self._speaker_after(cands, cpos - 400, kind)
                    if near:
                        best = near
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


def extract_quotes(text: str, *, deadline: Deadline | None = None) -> list[ExtractedItem]:
    """Extract direct, partial and indirect quotes with resolved speakers from an article body.

    The work grows linearly with the length of the text, whatever its shape; with a deadline,
    ExtractionTimeout is raised once it has passed.
    """
    if not text or not text.strip():
        return []
    deadline = deadline or NO_DEADLINE
    names = NameIndex(text)
    scan = _Scan(text, names, deadline)
    spans = [sp for sp in find_quote_spans(text) if _WORD_RE.search(text, sp.start, sp.end)]
    span_starts = [sp.start for sp in spans]
    paras = paragraphs(text)
    para_starts = [p[0] for p in paras]
    pending: list[_Pending] = []
    sent_of_span: dict[int, tuple[int, int]] = {}
    quoted_sents: set[tuple[int, int]] = set()
    all_sents: list[tuple[int, int, int]] = []
    for pi, (ps, pe) in enumerate(paras):
        deadline.check()
        for s, e in sentences(text, ps, pe, spans, span_starts):
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
        deadline.check()
        pi = _para_index(para_starts, sp.open_pos)
        ps, pe = paras[pi] if pi >= 0 else (0, len(text))
        s, e = sent_of_span.get(idx, (ps, pe))
        cs, ce = _trim_content(text, sp.start, sp.end)
        if cs >= ce:
            prev_continues = sp.continues
            continue
        content = text[cs:ce]
        nwords = _words(content)
        title = _looks_like_title(content)
        # The sentence before the quote mark, stripped, is text[s:before_end] (s is no space).
        before_end = sp.open_pos
        while before_end > s and text[before_end - 1].isspace():
            before_end -= 1
        has_before = before_end > s
        before_tail = text[max(s, before_end - 14) : before_end]  # its last 14 characters
        partial = (
            has_before
            and before_tail[-1] not in ":—–―("
            and not (before_tail.endswith(",") and (content[:1].isupper() or nwords > 6))
        )
        if has_before and _CUE_FIND.search(before_tail) and content[:1].isupper():
            partial = False
        split_rest = (
            idx > 0
            and spans[idx - 1].close_pos > s
            and before_tail.endswith(",")
            and bool(_CUE_FIND.search(text[spans[idx - 1].close_pos : sp.open_pos]))
        )  # “…,” Mr. Obama said, “and to say that …”
        if has_before and content[:1].islower() and not split_rest:
            partial = True
        attr = None
        pm = _participle_before(scan, s, before_end) if partial else None
        prev_item = pending[-1] if pending else None
        if (pm is not None and prev_item is not None and prev_item.attr is not None
                and s <= prev_item.start < sp.open_pos):  # fmt: skip
            # “…,” he said, adding that “…”: the speaker of the sentence's first quote.
            a = prev_item.attr
            attr = _Attribution(a.phrase, a.pos, role=a.role, cue=pm.group("cue"), via=a.via,
                                score=0.7)  # fmt: skip
            cs2, ce2 = scan.trim(pm.end(), scan.body_end(s, e))
            if (s, e) not in mixed_sents and cs2 < sp.open_pos:
                mixed_sents.add((s, e))
                pending.append(_Pending(cs2, ce2, "indirect", pi, attr))
        elif not partial:
            attr = _after_attribution(scan, sp.close_pos, pe) if sp.closed else None
            if attr is None:
                attr = _before_attribution(scan, s, sp.open_pos)
            if attr is None and not has_before and pi > 0 and not prev_continues:
                # Smith continued:\n\n“…
                attr = _colon_paragraph_attribution(scan, paras[pi - 1], spans, span_starts)
            if sp.closed and (s, e) not in mixed_sents:
                # “We are horrified” by the shooting, Smith said: the clause goes on after the quote
                tl = _tail_in_sentence(scan, s, e)
                if (tl is not None and tl[1] <= sp.open_pos + 1
                        and more_words_than(text, 1, sp.close_pos, tl[2])):  # fmt: skip
                    mixed_sents.add((s, e))
                    pending.append(_Pending(tl[1], tl[2], "indirect", pi, tl[0]))
        else:
            found = _indirect_in_sentence(scan, s, e, mixed=True)
            if found is not None and found[1] <= sp.open_pos + 1:
                attr = found[0]
                covers = found[2] >= min(sp.close_pos - 1, scan.body_end(s, e))
                if covers and (s, e) not in mixed_sents:
                    mixed_sents.add((s, e))
                    pending.append(_Pending(found[1], found[2], "indirect", pi, found[0]))
            elif sp.closed:
                attr = _after_attribution(scan, sp.close_pos, pe)
                if (attr is not None and (s, e) not in mixed_sents
                        and not more_words_than(text, 9, sp.close_pos, scan.body_end(s, e))
                        and not title):  # fmt: skip
                    # “…” fragment, Smith said: the reported clause runs from the sentence start.
                    lead = _strip_lead(text[s : min(sp.open_pos, s + _LEAD_CHARS)])[1]
                    c1, c2 = scan.trim(s + lead, sp.close_pos)
                    if more_words_than(text, 1, c1, sp.open_pos):
                        mixed_sents.add((s, e))
                        pending.append(_Pending(c1, c2, "indirect", pi, attr))
            if (s, e) not in mixed_sents and not title:
                pf = _partial_attribution(scan, s, e, sp.open_pos, sp.close_pos)
                if pf is not None:
                    if attr is None:
                        attr = pf[0]
                    c1, c2 = pf[1], pf[2]
                    if _words_outside(text, c1, sp.open_pos, sp.close_pos, c2) >= 2:
                        mixed_sents.add((s, e))
                        pending.append(_Pending(c1, c2, "indirect", pi, attr))
            if attr is None and (s, e) not in mixed_sents and not title:
                sv = _subject_verb_partial(scan, s, e, sp.open_pos, sp.close_pos)
                if sv is not None:
                    attr = sv[0]
                    if _words_outside(text, sv[1], sp.open_pos, sp.close_pos, sv[2]) >= 2:
                        mixed_sents.add((s, e))
                        pending.append(_Pending(sv[1], sv[2], "indirect", pi, attr))
            if attr is None and nwords <= 4:
                prev_continues = sp.continues
                continue
        if title:
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
    # Indirect speech in sentences without a full quote. Direct items are disjoint and in text
    # order, so the one that could overlap a sentence is the last that starts before its end.
    direct = [p for p in pending if p.kind == "direct"]
    direct_starts = [p.start for p in direct]
    for s, e, pi in all_sents:
        deadline.check()
        i = bisect_left(direct_starts, e) - 1
        if i >= 0 and direct[i].end > s:
            continue
        if (s, e) in mixed_sents:
            continue
        found = _indirect_in_sentence(scan, s, e)
        if found is None:
            continue
        attr, cs, ce = found
        pending.append(_Pending(cs, ce, "indirect", pi, attr))
    transcript = _transcript_items(text, paras)
    if transcript:
        # Transcript paragraphs are in text order, so their starts and ends both increase: the
        # one that can hold an item is the last that starts at most 20 characters after it.
        t_starts = [t.start for t in transcript]

        def in_transcript(p: _Pending) -> bool:
            i = bisect_right(t_starts, p.start + 20) - 1
            return i >= 0 and p.end <= transcript[i].end + 2

        pending = [p for p in pending if not in_transcript(p)]
        for t in transcript:
            # A quoted transcript paragraph keeps its quote span (without the label).
            # (min: a paragraph that ends the text has no newline after it)
            end = min(len(text), _body_end(text, t.start, t.end) + 1)
            t.end = _trim_content(text, t.start, end)[1]
        pending.extend(transcript)
    pending.sort(key=lambda p: (p.start, p.end))
    deadline.check()
    _resolve_all(text, pending, names, deadline)
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


def _participle_before(scan: _Scan, s: int, end: int) -> re.Match[str] | None:
    """Find ", adding that" in text[s:end] after its last quote mark (before_in_sent)."""
    last_mark = next(iter(scan.index(_QUOTE_MARK_RE).backward(s, end)), None)
    start = s if last_mark is None else last_mark.end()
    # A participle match holds a single comma, at its start: none hides another.
    return scan.index(_PARTICIPLE_RE).first(start, end)


def _colon_paragraph_attribution(
    scan: _Scan, para: tuple[int, int], spans: list[QuoteSpan], span_starts: list[int]
) -> _Attribution | None:
    """Attribute a quote that opens a paragraph from the previous one ending in a colon."""
    pps, ppe = para
    if scan.text[ppe - 1] != ":":  # paragraphs are trimmed
        return None

    def compute() -> _Attribution | None:
        last = sentences(scan.text, pps, ppe, spans, span_starts)[-1][0]
        return _before_attribution(scan, last, ppe)

    attr = scan.per_sentence("colon", pps, ppe, compute)
    return None if attr is None else attr.copy()


def _words_outside(text: str, c1: int, open_pos: int, close_pos: int, c2: int) -> int:
    """Return min(2, words of text[c1:open_pos] + words of text[close_pos:c2])."""
    n = 0
    for a, b in ((c1, open_pos), (close_pos, c2)):
        for _ in _WORD_RE.finditer(text, a, max(a, b)):
            n += 1
            if n >= 2:
                return n
    return n


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


def _resolve_all(
    text: str, pending: list[_Pending], names: NameIndex, deadline: Deadline = NO_DEADLINE
) -> None:
    """Resolve speakers in reading order; cue-less quotes continue an adjacent speaker."""
    res = _Resolver(text, names, [(p.start, p.end) for p in pending])
    roles: dict[str, str] = {}
    by_para: dict[int, list[_Pending]] = {}
    in_para: dict[int, int] = {}  # id(item) -> its index among its paragraph's items
    for p in pending:
        same = by_para.setdefault(p.para, [])
        in_para[id(p)] = len(same)
        same.append(p)
    for p in pending:
        deadline.check()
        if p.attr is not None:
            p.speaker = res.resolve(p.attr)
        if p.speaker is not None:
            res.record(p.start, p.speaker)
    # Second pass for quotes without a cue of their own.
    prev: _Pending | None = None  # the latest item so far with a speaker
    for p in pending:
        if p.attr is None and p.kind == "direct":
            _continue_speaker(text, p, by_para[p.para], in_para[id(p)], prev)
        if p.speaker:
            prev = p
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


def _continue_speaker(
    text: str, p: _Pending, same: list[_Pending], j: int, prev: _Pending | None
) -> None:
    """Give a quote without a cue the speaker of the quote it continues, if any.

    same: the items of p's paragraph, p at index j; prev: the latest earlier item with a speaker.
    """
    nxt = same[j + 1] if j + 1 < len(same) else None
    if (nxt is not None and nxt.attr is not None and nxt.speaker and nxt.kind == "direct"
            and p.span is not None and nxt.span is not None
            and not _WORD_RE.search(text, p.span.close_pos, nxt.span.open_pos)):  # fmt: skip
        _inherit(p, nxt)
        return
    if prev is None:
        return
    if prev.para == p.para or (
        prev.para == p.para - 1 and (p.continues_prev or prev.kind == "direct"
                                     or _starts_para(text, p))
    ):  # fmt: skip
        _inherit(p, prev)


def _starts_para(text: str, p: _Pending) -> bool:
    """Tell whether a quote opens its paragraph (nothing but whitespace before its mark)."""
    if p.span is None:
        return False
    k = p.span.open_pos
    while k > 0 and text[k - 1] != "\n" and text[k - 1].isspace():
        k -= 1
    return k == 0 or text[k - 1] == "\n"


class _RangeMax:
    """The largest of values[lo..hi] in one step (a sparse table, built once)."""

    def __init__(self, values: list[int]) -> None:
        self._levels = [values]
        width = 1
        while 2 * width <= len(values):
            prev = self._levels[-1]
            self._levels.append([max(prev[i], prev[i + width]) for i in range(len(prev) - width)])
            width *= 2

    def max(self, lo: int, hi: int) -> int:
        """Return max(values[lo : hi + 1]) (lo <= hi)."""
        k = (hi - lo + 1).bit_length() - 1
        level = self._levels[k]
        return max(level[lo], level[hi - (1 << k) + 1])


def _inherit(p: _Pending, src: _Pending) -> None:
    """Give p the speaker, role and outlet of src (a continuation of the same speaker)."""
    p.speaker = src.speaker
    if src.attr is not None:
        p.attr = _Attribution(src.attr.phrase, src.attr.pos, role=src.attr.role, cue=None,
                              via=src.attr.via, score=0.6)  # fmt: skip
