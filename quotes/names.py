"""Pure helpers for names of speakers and outlets: display clean-up and lookup keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_PUNCT_KEEP = {"-", "'"}


def clean_name(name: str) -> str:
    """Return name with invisible characters dropped and whitespace collapsed (for display)."""
    name = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", name))
    return _SPACE_RE.sub(" ", name).strip()


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """Return the lookup key of a name: case- and accent-insensitive, punctuation-light.

    >>> name_key("  Aleksander  LUKASHENKO ") == name_key("Aleksánder Lukashenko")
    True
    """
    text = unicodedata.normalize("NFKD", clean_name(name).casefold())
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Mn":
            continue  # accents
        if cat[0] in "LN" or ch == " ":
            out.append(ch)
        elif ch in _PUNCT_KEEP or cat[0] in "PS":
            out.append(" " if ch not in "'’" else "")
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", "".join(out))).strip()


def domain_key(domain: str) -> str:
    """Return a web domain in lookup form: lower case, no scheme, no www., no path."""
    d = domain.strip().casefold()
    d = re.sub(r"^[a-z]+://", "", d)
    d = d.split("/", 1)[0].split(":", 1)[0]
    return d.removeprefix("www.")
