"""Pure quote matching: is a query the same quote as a candidate, and how (rapidfuzz based).

All comparisons run on the spelling-folded matching form ``canonical(normalize(text))`` (see
quotes.normalize), so typography, case, invisible characters, editorial brackets and
British/American spelling never cost score. Methods, tried in this order:

* ``exact``    the two matching forms are equal (score 100);
* ``similar``  whole-text similarity ``fuzz.ratio`` ≥ ``Thresholds.similar`` (typos, a word
  dropped or added, a small elision);
* ``elision``  one side has elision marks / editorial brackets and each of its segments is found,
  in order, in the other side with ``fuzz.partial_ratio_alignment`` ≥ ``Thresholds.segment``;
* ``fragment`` the query (≥ ``min_fragment_words`` words, ≥ ``min_fragment_content`` non-stop
  words) is contained in the candidate: ``partial_ratio_alignment`` ≥ ``Thresholds.fragment``
  (``partial=True``); or the other way round (``fuller=True``: the candidate is a fragment of the
  query, so the query's text is the fuller one).

A query is prepared once (``prepare``) and handed down; stored quotes' forms are cached, bounded
by characters (``prepare_stored``), so re-scoring a popular quote costs only the rapidfuzz calls.
No cache is keyed on caller text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from quotes.fingerprint import match_form, text_hash
from quotes.index.keys import KEY_WORDS, WINDOW, gram_hashes, winnow
from quotes.index.terms import STOP_WORDS, index_terms, telling_terms
from quotes.normalize import _ELLIPSIS_RE, canonical, segments, word_spans

__all__ = [
    "Candidate",
    "Decision",
    "Match",
    "Prepared",
    "Thresholds",
    "decide",
    "judge",
    "near_miss",
    "prepare",
    "prepare_stored",
    "rank",
    "score",
]


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds (rapidfuzz scores 0-100), chosen on the calibration half of LIAR train.

    ``python -m bench.quality --calibrate`` prints the score quantiles quoted here; the evaluation
    half (``python -m bench.quality``) was not used to choose them.

    similar: ``fuzz.ratio`` on whole matching forms. Variants' 1st percentile: typos 93.3, word
      added 91.1, word dropped 87.6 (short quotes), bracket 96.8; different statements of the same
      speaker and subject: 99th pct 60.6, 99.5th 77.5, max 92.3 (templated claims). 85 keeps recall
      ≥ 0.997 per type; the few negatives above it are caught by ``substituted``.
    substituted: when the two texts differ by a word substitution that is no typo ("Congressman
      Duffy" / "Congresswoman Ros-Lehtinen", "Chris Christie" / "I"), the templated-claim pattern,
      the score must reach this instead: 93 is where one substituted word in a ~15-word quote lands,
      i.e. only long quotes with one sloppy word pass. It also gates fragment windows.
    fragment: ``partial_ratio`` of the shorter form inside the longer. Verbatim fragments score 100
      (1st pct 100); fragments of one statement against another of the same speaker and subject:
      99.5th pct 78.8 (max 100 = genuinely shared sentences). 92 leaves room for 1-2 typos in a
      fragment and rejects shared-prefix claims ("flip-flopped on abortion" / "... on the Recovery
      Act", 90.2).
    segment: ``partial_ratio`` each elision segment must reach inside the other text (segments are
      short, so slightly more typo room than ``fragment``: 88); elided-middle variants reach 100.
    min_fragment_words: fewer words are no usable fragment ("the united states" must not match
      everything); 5 is the lower bound fragment lookup promises.
    min_fragment_content: non-stop words a fragment needs: 2, so stop-word runs ("is growing by
      more than") never count as containment; 3 lost 4 % of real 5-8 word fragments.
    max_fragment_cover: above this length ratio the texts are compared whole (``similar``), never
      as containment: partial_ratio on near-equal lengths rewards a substituted prefix (a 93 %
      "fragment" "Says I was the first governor …" inside "Says Chris Christie was …").
    min_segment_words: shorter elision segments ("it is", "and") carry no evidence and are
      skipped; the matched segments together still need min_fragment_words.
    suggest: the lowest whole-text ``fuzz.ratio`` of a near miss, a text no method accepts that
      is stored as a new quote plus a merge suggested to curators (``judge``); at most
      ``similar`` (equal: no suggestions). A near miss keeps the figure rule and allows one
      substituted word, never two (templated claims). Calibration split (the suggestion-tier
      table of ``--calibrate``): of the 14 reprint variants the decision rejects, 6 are near
      misses, scoring 74.3-84.7 (a word added to or dropped from a short quote) and 92.5 (typos
      that read as a substituted word); the other 8 changed a figure (a typo glued to a number)
      or are fragments too short to compare whole. No rejected negative pair (0 of 7,616) is a
      near miss at any value from 50 up; by ratio alone, without those guards, same-speaker
      negatives reach 70 in 3 of 1,791 pairs, 65 in 5, 60 in 9 and 50 in 46. 70 sits below the
      lowest near miss (74.3) with room for one more typo, and above where unguarded different
      statements gather. (Evaluation split, not used to choose: at 70, 4 of the 13 rejected
      reprints are suggested and 0 of 7,837 negatives; 2 hard-fragment negatives appear at 50.)
    """

    similar: float = 85.0
    substituted: float = 93.0
    fragment: float = 92.0
    segment: float = 88.0
    min_fragment_words: int = 5
    min_fragment_content: int = 2
    max_fragment_cover: float = 0.8
    min_segment_words: int = 2
    suggest: float = 70.0


@dataclass(frozen=True)
class Match:
    """A passing decision: candidate, score 0-100, method, fragment flags and verbatim span."""

    candidate_id: int
    score: float
    method: str
    partial: bool = False
    fuller: bool = False
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Prepared:
    """A text's matching forms, computed once and handed down: stored form, words, segments.

    norm is the stored matching form (``quotes.fingerprint.match_form``: normalised and
    spelling-folded), its SHA-256 the exact key of the database. key is what every score is
    computed on: norm itself, or empty for a text with no word at all (emoji only), which then
    matches only itself, exactly. The rest is computed when first asked for: a stored quote
    offered as a candidate usually needs its key only.
    """

    text: str
    norm: str

    @cached_property
    def key(self) -> str:
        """The form scores are computed on (norm, or empty for a text without words)."""
        return self.norm if _WORDISH.search(self.norm) else ""

    @cached_property
    def nwords(self) -> int:
        """Words in key."""
        return self.key.count(" ") + 1 if self.key else 0

    @cached_property
    def ncontent(self) -> int:
        """Words in key that are not stop words."""
        return sum(1 for w in self.key.split() if w not in STOP_WORDS)

    @cached_property
    def segments(self) -> tuple[str, ...]:
        """The matching forms of its elision segments; empty unless it has ≥ 2 of them."""
        text = self.text
        if "[" in text or "(" in text or _ELLIPSIS_RE.search(text):
            parts = [canonical(s) for s in segments(text)]
            if len(parts) >= 2:
                return tuple(parts)
        return ()

    @cached_property
    def numbers(self) -> tuple[str, ...]:
        """Words holding a digit, sorted ("5", "2016", "3rd")."""
        return _digits(self.key)

    @cached_property
    def norm_hash(self) -> str:
        """The exact-dedup key of the database (SHA-256 of norm)."""
        return text_hash(self.norm)

    @cached_property
    def word_starts(self) -> tuple[int, ...]:
        """Char offsets in key where each word starts."""
        starts = [0]
        starts += [m.end() for m in _SPACE_RE.finditer(self.key)]
        return tuple(starts)

    @cached_property
    def grams(self) -> list[int]:
        """Hashes of its word 3-grams, in order (quotes.index.keys)."""
        return gram_hashes(self.key, KEY_WORDS)

    @cached_property
    def keys(self) -> list[int]:
        """The dedup keys a query with this text looks up: all its grams, once each."""
        return list(dict.fromkeys(self.grams))

    @cached_property
    def stored_keys(self) -> list[int]:
        """The dedup keys a stored quote with this text is indexed by: its winnowed grams."""
        return winnow(self.grams, WINDOW)

    @cached_property
    def terms(self) -> list[int]:
        """The lookup index terms of this text (quotes.index.terms)."""
        return index_terms(self.norm)

    @cached_property
    def telling_terms(self) -> list[int]:
        """The terms of its longest words, which break a dedup tie (quotes.index.store)."""
        return telling_terms(self.norm)

    @cached_property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Verbatim (start, end) of each word of the text (empty if unknown)."""
        return word_spans(self.text)

    def word_index(self, pos: int) -> int:
        """Return the index of the key word containing (or starting after) char position pos."""
        return max(0, bisect_right(self.word_starts, pos) - 1)

    def verbatim_span(self, first_word: int, last_word: int) -> tuple[int, int] | None:
        """Return the verbatim (start, end) covering words first_word..last_word, if known."""
        spans = self.spans
        if not spans or last_word >= len(spans):
            return None
        return spans[first_word][0], spans[last_word][1]


_SPACE_RE = re.compile(" ")
_WORDISH = re.compile(r"\w")
_DIGIT = re.compile(r"\d")


def _digits(key: str) -> tuple[str, ...]:
    """Return the words of key holding a digit, sorted (a search per word: linear in the text,
    where ``\\S*\\d\\S*`` over the whole text backtracks quadratically on a long word)."""
    has = _DIGIT.search
    if not has(key):
        return ()
    return tuple(sorted(w for w in key.split() if has(w)))


def prepare(text: str, norm: str | None = None) -> Prepared:
    """Return the matching forms of a verbatim text (norm: its stored matching form, if known).

    Not cached: a query's forms are computed once by the caller and handed down; only stored
    quotes' forms are cached (``prepare_stored``), so no caller text fills memory.
    """
    return Prepared(text=text, norm=match_form(text) if norm is None else norm)


class _StoredForms:
    """A cache of stored quotes' prepared forms, bounded by the characters it holds.

    Stored quotes are re-scored again and again (a popular quote is a candidate of every reprint),
    so their forms are worth keeping; the bound is in characters, not entries, because a text may
    be 10,000 characters long.
    """

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self._items: OrderedDict[tuple[str, str], Prepared] = OrderedDict()

    def get(self, text: str, norm: str) -> Prepared:
        """Return the prepared forms of a stored text and its stored norm."""
        k = (text, norm)
        found = self._items.get(k)
        if found is not None:
            self._items.move_to_end(k)
            return found
        p = prepare(text, norm)
        self._items[k] = p
        self.chars += 2 * (len(text) + len(norm))
        while self.chars > self.max_chars and self._items:
            (t, n), _ = self._items.popitem(last=False)
            self.chars -= 2 * (len(t) + len(n))
        return p


_STORED = _StoredForms(max_chars=16_000_000)  # about 100 MB at worst, ~60k typical quotes


def prepare_stored(text: str, norm: str) -> Prepared:
    """Return the (cached) matching forms of a stored quote from its text and stored norm."""
    return _STORED.get(text, norm)


@dataclass(frozen=True)
class Candidate:
    """A stored quote offered to the decision: id, text, stored norm, speaker, split variant."""

    id: int
    text: str
    norm: str
    speaker_id: int | None = None
    variant: int = 0
    prepared: Prepared | None = None  # set for quotes not stored yet (a batch's new quotes)

    def forms(self) -> Prepared:
        """Return the candidate's prepared forms."""
        return self.prepared or prepare_stored(self.text, self.norm)


def _full_span(p: Prepared) -> tuple[int, int] | None:
    """Whole-text matches span the whole verbatim candidate."""
    return (0, len(p.text))


def _key_span(p: Prepared, start: int, end: int) -> tuple[int, int] | None:
    """Map a key char range [start, end) of p to the verbatim span of the words it touches."""
    if end <= start:
        return None
    return p.verbatim_span(p.word_index(start), p.word_index(end - 1))


def _substitutions(a: Iterable[str], b: Iterable[str], enough: int | None = None) -> int:
    """Count the words of a absent from b that are no typo of a word b has and a lacks.

    Those are word substitutions ("Congressman Duffy" vs "Congresswoman Ros-Lehtinen", "Chris
    Christie" vs "I", "Moscow" vs "Minsk"), the mark of a templated different statement rather
    than a reprint. A typo is within OSA distance 1 (words ≤ 4 chars) or 2; each word of b is
    the typo of at most one word of a. A word replaces another only if b has one left over too:
    words a merely has in addition (a cut-down reprint with a typo) are no substitution.

    enough: the count callers need to tell apart; once reached, and b is sure to keep a word
    left over, counting stops (texts sharing only a phrase differ by dozens of words).
    """
    ca, cb = Counter(a), Counter(b)  # multisets: "was" typo'd once while "was" recurs
    only_a, only_b = sorted(ca - cb), sorted(cb - ca)
    if not only_a or not only_b:
        return 0
    unpaired = 0
    for n, w in enumerate(only_a):
        if enough is not None and unpaired >= enough and len(only_b) > len(only_a) - n:
            return unpaired  # each word still to come pairs with at most one of b's
        cutoff = 1 if len(w) <= 4 else 2
        for i, x in enumerate(only_b):
            if OSA.distance(w, x, processor=None, score_cutoff=cutoff) <= cutoff:
                del only_b[i]
                break
        else:
            unpaired += 1
    return unpaired if only_b else 0


def _sloppy_words(a: list[str], b: list[str]) -> int:
    """Return 0, 1 or 2: how many words of either side are substituted (2 meaning two or more)."""
    first = _substitutions(a, b, enough=2)
    if first >= 2:
        return 2
    return min(2, max(first, _substitutions(b, a, enough=2)))


def _substituted(a: Iterable[str], b: Iterable[str]) -> bool:
    """Return True if a has at least one word substituted with respect to b."""
    return _substitutions(a, b, enough=1) > 0


def _numbers_differ(short: Iterable[str], long: Iterable[str]) -> bool:
    """Return True if short has a number long lacks: "5 percent" vs "6 percent" is another claim.

    A reprint may drop words but does not change figures; a changed figure is a different
    statement (or a misquote that a fact-checker must see as such), never a silent merge.
    """
    have = list(long)
    for n in short:
        if n in have:
            have.remove(n)
        else:
            return True
    return False


# Words that turn a statement into its opposite, in matching form (apostrophes dropped).
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "wouldnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "havent",
        "hasnt",
        "hadnt",
        "shouldnt",
        "couldnt",
        "mustnt",
        "aint",
        "neednt",
    ]
)


# Words one typo away from a negation that are words of their own: "ever" is no typo of "never".
NOT_NEGATION_TYPOS = frozenset(["ever", "either", "one", "now", "note", "to", "on", "so"])


def _negations_differ(a: Iterable[str], b: Iterable[str]) -> bool:
    """Return True if a and b do not hold as many negations: "We will win this war" and "We
    will not win this war" differ by one word and say opposite things, so they are never one
    quote (a misquote a fact-checker must see; at most a suggested merge for a curator). Only
    the number counts: "not one of them" and "none of them" say the same. A negation of five
    letters or more that the other side has with a typo ("nobody" / "noboy") still counts
    there."""
    wa, wb = list(a), list(b)
    na = [w for w in wa if w in NEGATIONS]
    nb = [w for w in wb if w in NEGATIONS]
    if len(na) == len(nb):
        return False
    more, other = (na, wb) if len(na) > len(nb) else (nb, wa)
    extra = list((Counter(more) - Counter(w for w in other if w in NEGATIONS)).elements())
    typos = [w for w in other if w not in NEGATIONS and w not in NOT_NEGATION_TYPOS]
    missing = abs(len(na) - len(nb))
    for w in extra:
        if len(w) < 5:
            continue
        for i, x in enumerate(typos):
            if OSA.distance(w, x, processor=None, score_cutoff=1) <= 1:
                del typos[i]
                missing -= 1
                break
    return missing > 0


def _contained(short: Prepared, long: Prepared, th: Thresholds) -> tuple[float, int, int] | None:
    """Return (score, start, end in long.key) if short is a usable fragment found in long.

    The aligned window is widened to whole words; if it differs from short by a word
    substitution (not a typo), the score must reach ``substituted`` instead.
    """
    if short.nwords < th.min_fragment_words or short.ncontent < th.min_fragment_content:
        return None
    if len(short.key) > th.max_fragment_cover * len(long.key):
        return None
    al = fuzz.partial_ratio_alignment(short.key, long.key, processor=None, score_cutoff=th.fragment)
    if al is None or al.score < th.fragment:
        return None
    starts = long.word_starts
    first = long.word_index(al.dest_start)
    last = long.word_index(max(al.dest_start, al.dest_end - 1))
    end = starts[last + 1] - 1 if last + 1 < len(starts) else len(long.key)
    window = long.key[starts[first] : end].split()
    if _negations_differ(short.key.split(), window):
        return None
    if al.score < th.substituted and _substituted(short.key.split(), window):
        return None
    if short.numbers and _numbers_differ(
        short.numbers, _digits(long.key[al.dest_start : al.dest_end])
    ):
        return None
    return al.score, al.dest_start, al.dest_end


def _elided(elided: Prepared, full: Prepared, th: Thresholds) -> tuple[float, int, int] | None:
    """Return (score, start, end in full.key) if every segment of elided is found, in order."""
    pos = 0
    start = -1
    words = 0
    weighted = 0.0
    chars = 0
    for seg in elided.segments:
        n = seg.count(" ") + 1
        if n < th.min_segment_words:
            continue
        rest = full.key[pos:]
        if len(seg) > len(rest):  # partial_ratio would slide rest inside seg: not containment
            return None
        al = fuzz.partial_ratio_alignment(seg, rest, processor=None, score_cutoff=th.segment)
        if al is None or al.score < th.segment:
            return None
        if start < 0:
            start = pos + al.dest_start
        pos += al.dest_end
        words += n
        weighted += al.score * len(seg)
        chars += len(seg)
    if words < th.min_fragment_words or chars == 0:
        return None
    return weighted / chars, start, pos


def _score(q: Prepared, c: Prepared, cid: int, th: Thresholds) -> Match | None:
    if (q.norm and q.norm == c.norm) or (q.key and q.key == c.key):
        return Match(cid, 100.0, "exact", span=_full_span(c))
    if not q.key or not c.key:
        return None
    similar: Match | None = None
    if (q.numbers or c.numbers) and (
        _numbers_differ(q.numbers, c.numbers) and _numbers_differ(c.numbers, q.numbers)
    ):
        return None  # a figure was changed, not merely dropped
    qw, cw = q.key.split(), c.key.split()
    r = fuzz.ratio(q.key, c.key, processor=None, score_cutoff=th.similar)
    if r >= th.similar and not _negations_differ(qw, cw):
        subs = _sloppy_words(qw, cw)
        # One sloppy word in a long quote may pass; two substituted words never do.
        if subs == 0 or (subs == 1 and r >= th.substituted):
            similar = Match(cid, r, "similar", span=_full_span(c))
    # An elided side is compared segment by segment even when the whole texts are similar, so
    # the true source of an elided quote scores as high as a candidate merely containing it.
    if q.segments:
        e = _elided(q, c, th)
        if e is not None and (similar is None or e[0] > similar.score):
            return Match(cid, e[0], "elision", partial=True, span=_key_span(c, e[1], e[2]))
    if c.segments:
        e = _elided(c, q, th)
        if e is not None and (similar is None or e[0] > similar.score):
            return Match(cid, e[0], "elision", fuller=True, span=_full_span(c))
    if similar is not None:
        return similar
    lq, lc = len(q.key), len(c.key)
    if lq < lc:
        f = _contained(q, c, th)
        if f is not None:
            return Match(cid, f[0], "fragment", partial=True, span=_key_span(c, f[1], f[2]))
    elif lc < lq:
        f = _contained(c, q, th)
        if f is not None:
            return Match(cid, f[0], "fragment", fuller=True, span=_full_span(c))
    return None


def score(
    query: str, candidate: str, *, thresholds: Thresholds = Thresholds(), candidate_id: int = 0
) -> Match | None:
    """Return the match of query against one candidate (verbatim texts), or None if none passes.

    Pass the candidate's verbatim text to get a span in it and to use its own elision marks; an
    already normalised text also works (the span is then in that text).
    """
    return _score(prepare(query), prepare(candidate), candidate_id, thresholds)


_METHOD_RANK = {"exact": 0, "similar": 1, "elision": 2, "fragment": 3}


def _as_prepared(query: str | Prepared) -> Prepared:
    return query if isinstance(query, Prepared) else prepare(query)


def _as_candidates(
    candidates: Iterable[Candidate] | Mapping[int, str], norms: Mapping[int, str] | None
) -> list[Candidate]:
    if isinstance(candidates, Mapping):
        return [
            Candidate(cid, text, (norms or {}).get(cid) or match_form(text))
            for cid, text in candidates.items()
        ]
    return list(candidates)


def decide(
    query: str | Prepared,
    candidates: Iterable[Candidate] | Mapping[int, str],
    *,
    speaker_id: int | None = None,
    thresholds: Thresholds = Thresholds(),
    norms: Mapping[int, str] | None = None,
) -> list[Match]:
    """Decide which stored quotes the query is the same quote as: passing matches, best first.

    This is the one dedup decision of the product: POST /v1/quotes, ``quotes import``, article
    ingestion, ``quotes dedup`` and the duplicate check all call it; they differ only in how they
    fetch the candidates. The first match, if any, is the quote the query belongs to.

    Order: score; then method (exact, similar, elision, fragment); then the claimed speaker's
    quote before another's (the same words split per speaker go to the speaker named; an unknown
    speaker, None, claims nobody); then coverage (the length ratio of the two matching forms: of
    quotes containing a fragment equally well, the one it covers most); then the lower split
    variant; then the smaller id. A candidate offered twice (an id reached through two stored
    forms) counts once, with its best match.
    """
    return _ranked(
        _as_prepared(query), _as_candidates(candidates, norms), _score, speaker_id, thresholds
    )


def _ranked(
    q: Prepared,
    candidates: Iterable[Candidate],
    scorer: Callable[[Prepared, Prepared, int, Thresholds], Match | None],
    speaker_id: int | None,
    thresholds: Thresholds,
) -> list[Match]:
    """Score every candidate with scorer; return the matches in decide's order, once per id."""
    scored: list[tuple[tuple[float, int, bool, float, int, int], Match]] = []
    for cand in candidates:
        c = cand.forms()
        m = scorer(q, c, cand.id, thresholds)
        if m is None:
            continue
        lq, lc = len(q.key), len(c.key)
        coverage = min(lq, lc) / max(lq, lc) if lq and lc else 1.0
        other = speaker_id is None or cand.speaker_id != speaker_id
        order = (-m.score, _METHOD_RANK.get(m.method, 9), other, -coverage, cand.variant, cand.id)
        scored.append((order, m))
    scored.sort(key=lambda om: om[0])
    seen: set[int] = set()
    out: list[Match] = []
    for _, m in scored:
        if m.candidate_id not in seen:
            seen.add(m.candidate_id)
            out.append(m)
    return out


def _near(q: Prepared, c: Prepared, cid: int, th: Thresholds) -> Match | None:
    """Return the near miss of q and c: a whole-text resemblance no method accepted, or None.

    Scored only where ``_score`` said no. The figure rule still holds (a changed figure is
    another claim); one substituted word is allowed (a misquote or a sloppy reprint: a person
    decides), two are not (templated claims). Method ``similar``, or ``substituted`` when the
    score reached ``similar`` and only the substituted word kept the texts apart.
    """
    if th.suggest >= th.similar or not q.key or not c.key or q.key == c.key:
        return None
    if (q.numbers or c.numbers) and (
        _numbers_differ(q.numbers, c.numbers) and _numbers_differ(c.numbers, q.numbers)
    ):
        return None
    r = fuzz.ratio(q.key, c.key, processor=None, score_cutoff=th.suggest)
    if r < th.suggest:
        return None
    qw, cw = q.key.split(), c.key.split()
    subs = _sloppy_words(qw, cw)
    if subs > 1:
        return None
    method = "substituted" if subs and r >= th.similar else "similar"
    return Match(cid, r, method, span=_full_span(c))


def near_miss(
    query: str | Prepared,
    candidates: Iterable[Candidate] | Mapping[int, str],
    *,
    speaker_id: int | None = None,
    thresholds: Thresholds = Thresholds(),
    norms: Mapping[int, str] | None = None,
) -> Match | None:
    """Return the candidate the query nearly is (a merge to suggest), or None; pure.

    None as well when a candidate passes the decision: the query then is that quote. The best
    near miss is chosen in decide's order. Shorthand for ``judge(...).near_miss``.
    """
    return judge(
        query, candidates, speaker_id=speaker_id, thresholds=thresholds, norms=norms
    ).near_miss


@dataclass(frozen=True)
class Decision:
    """The one dedup decision about a text: the quotes it is, or else the one it nearly is.

    matches are decide's passing matches, best first (the first is the quote the text belongs
    to); near_miss is set only when there is none: the stored quote to suggest merging with.
    """

    matches: list[Match]
    near_miss: Match | None = None

    @property
    def best(self) -> Match | None:
        """Return the quote the text belongs to (the first match), or None: a new quote."""
        return self.matches[0] if self.matches else None


def judge(
    query: str | Prepared,
    candidates: Iterable[Candidate] | Mapping[int, str],
    *,
    speaker_id: int | None = None,
    thresholds: Thresholds = Thresholds(),
    norms: Mapping[int, str] | None = None,
) -> Decision:
    """Decide (``decide``) and, when nothing passes, find the near miss among the same candidates.

    What every path that stores a text calls: POST /v1/quotes, ``quotes import``, article
    ingestion and ``quotes dedup``. A candidate is scored a second time only if it failed the
    decision, and only when nothing passed (a new quote): a few rapidfuzz calls.
    """
    q = _as_prepared(query)
    cands = _as_candidates(candidates, norms)
    matches = decide(q, cands, speaker_id=speaker_id, thresholds=thresholds)
    if matches:
        return Decision(matches)
    near = _ranked(q, cands, _near, speaker_id, thresholds)  # every candidate failed decide
    return Decision([], near[0] if near else None)


def rank(
    query: str | Prepared,
    candidates: Iterable[Candidate] | Mapping[int, str],
    *,
    thresholds: Thresholds = Thresholds(),
    min_score: float = 60.0,
    limit: int | None = None,
    norms: Mapping[int, str] | None = None,
) -> list[Match]:
    """Rank candidates for a lookup: passing decisions first, then looser "fuzzy" resemblance.

    A lookup query may be a half-remembered version that no dedup method accepts; such
    candidates still rank, by the better of ``token_set_ratio`` (shared words) and
    ``partial_ratio`` (the query inside the candidate), if that reaches min_score. Only the
    first limit results get their verbatim span computed (the costly part), the rest none.
    """
    q = _as_prepared(query)
    cands = _as_candidates(candidates, norms)
    passing = decide(q, cands, thresholds=thresholds)
    seen = {m.candidate_id for m in passing}
    forms: dict[int, Prepared] = {}
    loose: list[tuple[float, int, bool, tuple[int, int] | None]] = []
    for cand in cands:
        if cand.id in seen or cand.id in forms or not q.key:
            continue
        c = forms[cand.id] = cand.forms()
        shared = fuzz.token_set_ratio(q.key, c.key, processor=None, score_cutoff=min_score)
        where: tuple[int, int] | None = None
        inside = 0.0
        if len(q.key) <= len(c.key):
            al = fuzz.partial_ratio_alignment(q.key, c.key, processor=None, score_cutoff=min_score)
            if al is not None:
                inside, where = al.score, (al.dest_start, al.dest_end)
        best = max(shared, inside)
        if best >= min_score:
            loose.append((round(best, 2), cand.id, inside >= shared, where))
    loose.sort(key=lambda x: (-x[0], x[1]))
    room = len(loose) if limit is None else max(0, limit - len(passing))
    return passing + [
        Match(
            cid,
            score,
            "fuzzy",
            partial=partial,
            span=_key_span(forms[cid], *where) if where and n < room else None,
        )
        for n, (score, cid, partial, where) in enumerate(loose)
    ]
