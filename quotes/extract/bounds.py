"""What keeps extraction linear in the length of the text and bounded in time.

Extraction reads an article in one pass of small, local steps. Any step that looks at "the text
before the quote" or "the rest of the sentence" would be quadratic on a long sentence full of
quotes or cue words (16,000 periods took seconds), so each such step reads a bounded window, tries
a bounded number of candidates, and finds regex matches through a `MatchIndex` built once per
article. The bounds are far above what news prose needs (PolNeAR's longest sentence is about 1,500
characters), so on real articles they change nothing.

A `Deadline` is checked in the extractor's loops: a Python thread cannot be stopped from outside,
so the extractor stops itself and raises `ExtractionTimeout`.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Iterator

from quotes.errors import InvalidInput
from quotes.extract.patterns import LAST_WORDS_TEMPLATE, WORD_RE

__all__ = [
    "ASIDE_CHARS",
    "CONTEXT_CHARS",
    "CUE_SUBJECTS",
    "CUE_TRIES",
    "HEADER_CHARS",
    "LEAD_CHARS",
    "NO_DEADLINE",
    "PREVIOUS_SENTENCE_WORDS",
    "PRONOUN_CANDIDATES",
    "QUESTION_CHARS",
    "SUBJECT_CHARS",
    "SUBJECT_WORD_TRIES",
    "TAIL_CHARS",
    "TRAILING_NAME_CHARS",
    "VIA_CHARS",
    "WINDOW_CHARS",
    "Deadline",
    "ExtractionTimeout",
    "MatchIndex",
    "last_words_start",
    "more_words_than",
]

# The longest text before a cue that is parsed as the cue's subject ("On Monday, Smith said").
SUBJECT_CHARS = 1_000
# The text before or after a quote that is searched for its attribution.
WINDOW_CHARS = 2_000
# Cue words tried as the verb of an attribution per sentence or per quote, nearest first.
CUE_TRIES = 12
# Lowercase words tried as the end of a subject that names a person ("Former Republican
# presidential candidate Jeb Bush broke …": the third).
SUBJECT_WORD_TRIES = 4
# The longest aside between a subject and its verb ("Sims — a teacher from Mount Pleasant — says"),
# and the words before the verb searched for the name that ends them.
ASIDE_CHARS = 200
TRAILING_NAME_CHARS = 160
# The longest sentence that introduces the quote after it in its paragraph ("Jo Ames agreed.").
PREVIOUS_SENTENCE_WORDS = 20
# The longest question read after "asked whether" (PolNeAR's are under 300 characters).
QUESTION_CHARS = 400

_LAST_WORDS_RE: dict[int, re.Pattern[str]] = {}


class ExtractionTimeout(InvalidInput):
    """The text took longer to analyse than the time limit allows."""


class Deadline:
    """A time limit for one extraction, checked cooperatively by the extractor's loops."""

    __slots__ = ("_at", "seconds")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._at = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        """Raise ExtractionTimeout once the time limit has passed."""
        if self._at is not None and time.monotonic() > self._at:
            raise ExtractionTimeout(
                f"the text took too long to analyse (limit {self.seconds:g} s); "
                "send a shorter or less repetitive text",
                field="text",
            )


NO_DEADLINE = Deadline(None)


class MatchIndex:
    """Every match of one pattern over a text, found in a single pass and looked up by offset.

    `pattern.finditer(text, a, b)` on many overlapping ranges costs the sum of their lengths;
    the index answers the same question for any [a, b) by bisection. Its matches are those of
    one scan of the whole text. They equal those of a scan of [a, b) when no match of the whole
    text starts before a and ends after it, and when what the pattern looks at around a match
    (lookbehind, lookahead) reads the same inside the range as in the text: true for the
    patterns indexed, word-bounded and cut at sentence, clause or quote boundaries. A match that
    starts in the range and runs past b is matched again within the range by `first`.
    """

    __slots__ = ("_pattern", "_starts", "_text", "matches")

    def __init__(
        self, pattern: re.Pattern[str], text: str, matches: list[re.Match[str]] | None = None
    ) -> None:
        self._pattern = pattern
        self._text = text
        self.matches = list(pattern.finditer(text)) if matches is None else matches
        self._starts = [m.start() for m in self.matches]

    def between(self, a: int, b: int) -> list[re.Match[str]]:
        """Return the matches that lie within [a, b), in text order."""
        i = bisect_left(self._starts, a)
        j = bisect_left(self._starts, b, lo=i)
        while j > i and self.matches[j - 1].end() > b:
            j -= 1
        return self.matches[i:j]

    def backward(self, a: int, b: int) -> Iterator[re.Match[str]]:
        """Yield the matches that lie within [a, b), the last first."""
        j = bisect_left(self._starts, b) - 1
        while j >= 0 and self._starts[j] >= a:
            if self.matches[j].end() <= b:
                yield self.matches[j]
            j -= 1

    def first(self, a: int, b: int) -> re.Match[str] | None:
        """Return the first match within [a, b) (`pattern.search(text, a, b)`), or None."""
        i = bisect_left(self._starts, a)
        if i < len(self.matches) and self._starts[i] < b:
            m = self.matches[i]
            return m if m.end() <= b else self._pattern.match(self._text, m.start(), b)
        return None


def more_words_than(text: str, limit: int, start: int = 0, end: int | None = None) -> bool:
    """Tell whether text[start:end] has more than limit words, reading at most limit + 1 of them."""
    for n, _ in enumerate(WORD_RE.finditer(text, start, len(text) if end is None else end)):
        if n >= limit:
            return True
    return False


def last_words_start(text: str, limit: int, start: int, end: int) -> int:
    """Return the least p >= start such that text[p:end] has at most limit words.

    Reads the words from the end: the (limit + 1)th word from the end ends at p.
    """
    pattern = _LAST_WORDS_RE.get(limit)
    if pattern is None:  # limit words, then what precedes the next, in the reversed text
        pattern = re.compile(LAST_WORDS_TEMPLATE.format(limit=limit))
        _LAST_WORDS_RE[limit] = pattern
    m = pattern.match(text[start:end][::-1])
    return end - m.end() if m else start


# How much text after a cue an addressee ("told Fox News in an interview") is looked for in.
VIA_CHARS = 300
# How much of a sentence's start a dateline or lead phrase is looked for in.
LEAD_CHARS = 300
# The end of a sentence a closing attribution ("…, Smith said, adding that …") is looked for in.
TAIL_CHARS = 1_000
# The text before a colon a roundup header ("… - Carl Bialik: “") is looked for in.
HEADER_CHARS = 300
# Distinct cues of one sentence whose subject is parsed (PolNeAR has at most 6 in a sentence).
CUE_SUBJECTS = 4 * CUE_TRIES
# Earlier speakers and mentions a pronoun is resolved among, nearest first.
PRONOUN_CANDIDATES = 200
# The most of each sentence around an item that it carries as context.
CONTEXT_CHARS = 400
