"""Find quoted spans in plain text: straight "…", curly “…”, low „…“ and «guillemet» marks.

Single quotes (‘…’) are not tracked at the top level, so apostrophes never open a quote and a
‘nested’ quote stays inside its parent. A quote left open at the end of a paragraph continues into
the next paragraph when that one opens with a quote mark (the newspaper convention for
multi-paragraph quotes); otherwise it is closed at the paragraph end and flagged `closed=False`.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotes.extract.patterns import (
    CLOSERS,
    OPENERS,
    QUOTE_MARK_ANY_RE,
    SPACES_RE,
)

__all__ = ["QuoteSpan", "find_quote_spans"]


@dataclass(frozen=True)
class QuoteSpan:
    """One quoted piece: content offsets (marks excluded) and the offsets of the marks."""

    start: int  # first character after the opening mark
    end: int  # the closing mark (or the paragraph end when unclosed)
    open_pos: int  # offset of the opening mark (its first character for a two-character mark)
    close_pos: int  # offset just after the closing mark (== end when unclosed)
    closed: bool  # a closing mark was found in the same paragraph
    continues: bool  # open at the paragraph end, and the next paragraph re-opens the quote


def _para_end(text: str, pos: int) -> int:
    """Return the offset of the next newline at or after pos (or len(text))."""
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


def _next_para_reopens(text: str, nl: int) -> bool:
    """Tell whether the paragraph after the newline at nl starts with an opening quote mark."""
    m = SPACES_RE.match(text, nl)
    j = m.end() if m else nl
    return j < len(text) and text[j] in '“„«"'


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return the quoted spans of text in order; unbalanced marks are handled best effort."""
    spans: list[QuoteSpan] = []
    open_pos = -1  # last character of the open mark
    open_at = -1  # first character of the open mark
    open_char = ""
    depth = 0
    for m in QUOTE_MARK_ANY_RE.finditer(text):
        ch = m.group()
        pos = m.start()
        width = len(ch)
        if ch == "''":
            ch = '"'
        if ch == "\n":
            if open_pos >= 0:
                end = pos
                while end > open_pos + 1 and text[end - 1].isspace():
                    end -= 1
                reopens = _next_para_reopens(text, pos)
                spans.append(QuoteSpan(open_pos + 1, end, open_at, end, False, reopens))
                open_pos, depth = -1, 0
            continue
        if open_pos < 0:
            if ch in CLOSERS:
                # A closing mark used as an opener ("”Yes”") only counts before a word.
                prev = text[pos - 1] if pos else " "
                nxt = text[pos + 1] if pos + 1 < len(text) else " "
                if not (prev.isspace() or prev in "(—–-:") or nxt.isspace():
                    continue
            elif ch == '"':
                nxt = text[pos + width] if pos + width < len(text) else " "
                if nxt.isspace():
                    continue
            open_pos, open_char, depth = pos + width - 1, ch, 1
            open_at = pos
            continue
        # A quote is open.
        if open_char == '"':
            if ch == '"':
                spans.append(QuoteSpan(open_pos + 1, pos, open_at, pos + width, True, False))
                open_pos, depth = -1, 0
            continue
        if ch in OPENERS:
            if open_char == "„" and ch == "“":
                spans.append(QuoteSpan(open_pos + 1, pos, open_at, pos + 1, True, False))
                open_pos, depth = -1, 0
            elif (ch == "«") == (open_char == "«"):
                depth += 1
        elif ch in CLOSERS:
            if (ch == "»") != (open_char == "«"):
                continue
            depth -= 1
            if depth == 0:
                spans.append(QuoteSpan(open_pos + 1, pos, open_at, pos + 1, True, False))
                open_pos = -1
    if open_pos >= 0:
        end = len(text)
        while end > open_pos + 1 and text[end - 1].isspace():
            end -= 1
        spans.append(QuoteSpan(open_pos + 1, end, open_at, end, False, False))
    return spans
