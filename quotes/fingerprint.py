"""Pure keys derived from texts: the stored matching form, its hash, an appearance's fingerprint."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from quotes.normalize import canonical, normalize


def match_form(text: str) -> str:
    """Return the stored matching form of a quote text; never empty for visible text.

    The normalised text (quotes.normalize) with every word spelling-folded (British forms to
    American), so "colour" and "color" are one form. Text with no letters or digits (emoji only)
    keeps its symbols, case-folded, so that two different emoji quotes do not collapse into one.
    """
    norm = canonical(normalize(text))
    if norm:
        return norm
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if not ch.isspace())


def text_hash(norm: str) -> str:
    """Return the SHA-256 hex digest of a matching form (the exact-dedup key)."""
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def appearance_fingerprint(
    *, outlet_id: int, published: dt.date | None, url: str | None, text: str, speaker_id: int
) -> str:
    """Return what makes an appearance itself: outlet, date, url, verbatim text and speaker."""
    parts = [
        str(outlet_id),
        published.isoformat() if published else "",
        url or "",
        text,
        str(speaker_id),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
