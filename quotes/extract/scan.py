"""One article as every extraction step reads it: text, names, match indexes built once,
per-sentence caches and the deadline.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import TypeVar

from quotes.extract.bounds import (
    CUE_SUBJECTS,
    Deadline,
    MatchIndex,
)
from quotes.extract.items import Attribution
from quotes.extract.names import NameIndex
from quotes.extract.patterns import (
    CLAUSE_END_RE,
    CUE_FORM_SETS,
    CUE_SCAN,
)
from quotes.extract.phrases import subject_before_cue
from quotes.extract.text import (
    is_abbreviation,
    sentence_body_end,
)

_T = TypeVar("_T")


class Scan:
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
        self._cue_subjects: dict[int, dict[int, Attribution | None]] = {}
        self._trim_right: dict[int, int] = {}
        self._starts: dict[tuple[int, ...], list[int]] = {}

    def index(self, pattern: re.Pattern[str]) -> MatchIndex:
        """Return the matches of pattern over the whole text (found once).

        The cue patterns share one scan (`CUE_SCAN`, every cue form): a subset match can only
        start where a match of the whole set does (no later word of a form is the first word of
        one), so each is derived from the matches of that scan.
        """
        idx = self._indexes.get(id(pattern))  # a Pattern hashes its whole source each time
        if idx is None:
            self.deadline.check()
            forms = CUE_FORM_SETS.get(id(pattern))
            if forms is None:
                idx = MatchIndex(pattern, self.text)
            else:
                matches = []
                for m in self.index(CUE_SCAN).matches:
                    sub = m if m.group() in forms else pattern.match(self.text, m.start())
                    if sub is not None:
                        matches.append(sub)
                idx = MatchIndex(pattern, self.text, matches)
            self._indexes[id(pattern)] = idx
        return idx

    def may_match(self, patterns: tuple[re.Pattern[str], ...], s: int, e: int) -> bool:
        """Tell whether a match of one of patterns may lie in [s, e): one starts there.

        A cheap test before the work that needs such a match (which checks its end itself): the
        starts of all the patterns' matches are merged once per article.
        """
        key = tuple(id(p) for p in patterns)
        starts = self._starts.get(key)
        if starts is None:
            starts = self._starts[key] = sorted(
                m.start() for p in patterns for m in self.index(p).matches
            )
        i = bisect_left(starts, s)
        return i < len(starts) and starts[i] < e

    def body_end(self, s: int, e: int) -> int:
        """Return `sentence_body_end(text, s, e)`, computed once per sentence."""
        got = self._body_ends.get((s, e))
        if got is None:
            got = self._body_ends[(s, e)] = sentence_body_end(self.text, s, e)
        return got

    def end_of_clause(self, pos: int, limit: int) -> int:
        """Return the end of the clause starting at pos: the first sentence stop before limit.

        A period that ends an abbreviation is no stop. Stops come from one scan of the text; a
        run of abbreviations ("A. B. C. …") is jumped over in one step.
        """
        text = self.text
        if self._stops is None:
            stops = [m.start() for m in CLAUSE_END_RE.finditer(text)]
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

        Of one sentence, CUE_SUBJECTS distinct cues are at most: a sentence of news has a
        handful, but in one made of quotes and cue words every quote would parse a new one.
        """
        parsed = self._cue_subjects.setdefault(start, {})
        return cue_start in parsed or len(parsed) < CUE_SUBJECTS

    def cue_subject(self, start: int, cue_start: int) -> Attribution | None:
        """Return `subject_before_cue(text, start, cue_start)`, parsed once per cue."""
        parsed = self._cue_subjects.setdefault(start, {})
        if cue_start not in parsed:
            parsed[cue_start] = subject_before_cue(self.text, start, cue_start)
        attr = parsed[cue_start]
        return None if attr is None else attr.copy()

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Return `trim_content(text, start, end)`; each run of spaces and marks is read once."""
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
