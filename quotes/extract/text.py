"""Plain-text helpers for the extractor: HTML stripping, paragraphs and quote-aware sentences."""

from __future__ import annotations

import html
import re

from quotes.extract.marks import QuoteSpan

__all__ = ["ABBREVIATIONS", "is_abbreviation", "paragraphs", "sentences", "strip_html"]

_TAG_RE = re.compile(r"<[A-Za-z/!][^<>]*>")
_BLOCK_RE = re.compile(r"<\s*(?:br|/p|/div|/h[1-6]|/li|/blockquote|/tr)\b[^<>]*>", re.IGNORECASE)
_DROP_RE = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_LOOKS_HTML_RE = re.compile(
    r"</?(?:p|div|br|span|a|em|strong|i|b|h[1-6]|li|ul|blockquote)\b[^<>]*>", re.IGNORECASE
)
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
_PARA_RE = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (optionally followed by closing marks, including the '' of NYT copy)
# before whitespace and a capital.
_BOUNDARY_RE = re.compile(r"[.!?]+[”\"’'»)\]]*(?=\s+(?:''|[“\"«‘(\[])?[A-Z0-9])")
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


def strip_html(text: str) -> str:
    """Strip tags and unescape entities if the text looks like HTML, else return it unchanged."""
    if not text or not (_LOOKS_HTML_RE.search(text) or _ENTITY_RE.search(text)):
        return text
    out = _DROP_RE.sub("", text)
    out = _BLOCK_RE.sub("\n", out)
    out = _TAG_RE.sub("", out)
    out = html.unescape(out)
    out = re.sub(r"[ \t\u00a0]+\n", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def is_abbreviation(text: str, dot: int, floor: int = 0) -> bool:
    """Tell whether the period at offset dot ends an abbreviation or an initial ("Sen.", "G.")."""
    word = re.search(r"([\w.]+)$", text[max(floor, dot - 12) : dot])
    if not word:
        return False
    w = word.group(1).lower()
    return (
        w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or bool(re.fullmatch(r"(?:\w\.)+\w", w))
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each non-blank line of text, whitespace trimmed."""
    out = []
    for m in _PARA_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _inside_quote(pos: int, spans: list[QuoteSpan]) -> bool:
    """Tell whether pos lies strictly inside one of the quoted spans."""
    return any(sp.start < pos < sp.end for sp in spans)


def sentences(text: str, start: int, end: int, spans: list[QuoteSpan]) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences, never inside a quote nor after an abbreviation."""
    out = []
    s = start
    local = [sp for sp in spans if sp.start < end and sp.end > start]
    for m in _BOUNDARY_RE.finditer(text, start, end):
        dot = m.start()
        if _inside_quote(dot, local) and _inside_quote(m.end(), local):
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
