"""Plain-text helpers for the extractor: HTML stripping, paragraphs and quote-aware sentences."""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right

from quotes.extract.bounds import SUBJECT_CHARS
from quotes.extract.marks import QuoteSpan
from quotes.extract.patterns import (
    ABBREVIATIONS,
    FIRST_WORD_RE,
    HTML_BLOCK_RE,
    HTML_DROP_CLOSE_RE,
    HTML_DROP_OPEN_RE,
    HTML_ENTITY_RE,
    HTML_TAG_RE,
    INITIALS_RE,
    LOOKS_HTML_RE,
    PARA_RE,
    SENTENCE_BOUNDARY_RE,
    SPACES_NL_RE,
    WORD_RE,
)

__all__ = ["is_abbreviation", "paragraphs", "sentences", "strip_html"]


def strip_html(text: str) -> str:
    """Strip tags and unescape entities if the text looks like HTML, else return it unchanged."""
    if not text or not (LOOKS_HTML_RE.search(text) or HTML_ENTITY_RE.search(text)):
        return text
    out = _drop_elements(text)
    out = HTML_BLOCK_RE.sub("\n", out)
    out = HTML_TAG_RE.sub("", out)
    out = html.unescape(out)
    out = SPACES_NL_RE.sub("\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _drop_elements(text: str) -> str:
    """Remove <script> and <style> elements with their content, in one pass over the text.

    An opening tag whose closing tag never comes is kept (as the tag regex will strip it); once a
    closing tag is missing, no later opening tag of that name can be closed either.
    """
    parts: list[str] = []
    pos = 0
    unclosed: set[str] = set()
    search = 0
    while m := HTML_DROP_OPEN_RE.search(text, search):
        name = m.group(1).lower()
        close = None if name in unclosed else HTML_DROP_CLOSE_RE[name].search(text, m.end())
        if close is None:
            unclosed.add(name)
            search = m.start() + 1
            continue
        parts.append(text[pos : m.start()])
        pos = search = close.end()
    parts.append(text[pos:])
    return "".join(parts)


def is_abbreviation(text: str, dot: int, floor: int = 0) -> bool:
    """Tell whether the period at offset dot ends an abbreviation or an initial ("Sen.", "G.").

    The word is the run of word characters and periods that ends at dot (or at a newline just
    before it), within the 12 characters before it and not before floor.
    """
    lo = max(floor, dot - 12)
    end = dot - 1 if dot > lo and text[dot - 1] == "\n" else dot
    start = end
    while start > lo and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    if start == end:
        return False
    w = text[start:end].lower()
    return w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or bool(INITIALS_RE.fullmatch(w))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each non-blank line of text, whitespace trimmed."""
    out = []
    for m in PARA_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _inside_quote(pos: int, spans: list[QuoteSpan], starts: list[int]) -> bool:
    """Tell whether pos lies strictly inside one of the quoted spans (sorted, disjoint)."""
    i = bisect_left(starts, pos) - 1
    return i >= 0 and pos < spans[i].end


def sentences(
    text: str, start: int, end: int, spans: list[QuoteSpan], starts: list[int] | None = None
) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences, never inside a quote nor after an abbreviation.

    spans are in text order and disjoint (as `find_quote_spans` returns them); starts, their
    start offsets, may be passed to save rebuilding them for each paragraph.
    """
    out = []
    s = start
    if starts is None:
        starts = [sp.start for sp in spans]
    lo, hi = bisect_right(starts, start), bisect_left(starts, end)
    lo = max(0, lo - 1)  # a span that opened before start may reach into it
    local, local_starts = spans[lo:hi], starts[lo:hi]
    for m in SENTENCE_BOUNDARY_RE.finditer(text, start, end):
        dot = m.start()
        if _inside_quote(dot, local, local_starts) and _inside_quote(m.end(), local, local_starts):
            continue
        if m.group()[0] == "." and is_abbreviation(text, dot, s):
            continue
        e = m.end()
        if e > s:
            out.append((s, e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return out


def count_words(s: str) -> int:
    """Count the words of s."""
    return len(WORD_RE.findall(s))


def first_word(s: str, pos: int = 0) -> str:
    """Return the first whitespace-separated word of s[pos:] ("" if none), reading only it."""
    m = FIRST_WORD_RE.search(s, pos)
    return m.group() if m else ""


def subject_head(text: str, start: int, end: int) -> str:
    """Return text[start:end] for `main_subject`, which reads no further than SUBJECT_CHARS + 1."""
    return text[start : min(end, start + SUBJECT_CHARS + 1)]


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, closing punctuation and stray marks from both ends of a content span."""
    while start < end and (text[start].isspace() or text[start] in ",:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def is_but_and(text: str, s: int, end: int) -> bool:
    """Tell whether text[s:end], stripped, is "But" or "And" (reading at most its end)."""
    while end > s and text[end - 1].isspace():
        end -= 1
    return end - s == 3 and text[s:end] in {"But", "And"}


def joint_before(text: str, lo: int, hi: int) -> int | None:
    r"""Return where text[lo:hi] ends in a comma or "and" (then spaces), or None.

    As `re.search(r"(?:,|(?<![\w’'])and)\s*$", text[lo:hi])`, reading only the end.
    """
    k = hi
    while k > lo and text[k - 1].isspace():
        k -= 1
    if k > lo and text[k - 1] == ",":
        return k - 1
    if k - 3 >= lo and text[k - 3 : k] == "and" and (k - 3 == lo or not WORD_RE.match(text[k - 4])):
        return k - 3
    return None


def words_outside(text: str, c1: int, open_pos: int, close_pos: int, c2: int) -> int:
    """Return min(2, words of text[c1:open_pos] + words of text[close_pos:c2])."""
    n = 0
    for a, b in ((c1, open_pos), (close_pos, c2)):
        for _ in WORD_RE.finditer(text, a, max(a, b)):
            n += 1
            if n >= 2:
                return n
    return n


def sentence_body_end(text: str, s: int, e: int) -> int:
    """Return the end of a sentence's body, before its closing punctuation and marks."""
    while e > s and text[e - 1] in '.!?”"’ )':
        e -= 1
    return e


def para_index(starts: list[int], pos: int) -> int:
    """Return the index of the paragraph containing pos."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1
