"""Pure word-level differences between a quote's canonical text and one printing of it.

`words_diff(canonical, printed)` returns segments (op, text), in reading order:

- ``equal``: words both texts have, as printed;
- ``delete``: canonical words the printing left out (cut);
- ``insert``: printed words the canonical text does not have (added); a change of wording is a
  ``delete`` directly followed by an ``insert``;
- ``elided``: canonical words the printing replaced by an elision mark (``…``, ``...``,
  ``[…]``); the text is the words cut, empty when the mark stands where nothing is missing.

Words are compared on their matching form (quotes.normalize, British and American spellings
folded), so case, curly or straight quotes, punctuation and spelling variants are not marked
as differences. Punctuation-only tokens (a dash) ride along with the word before them. The
alignment is the longest common subsequence of words (rapidfuzz Indel), so the words kept
are as many as possible.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import Indel

from quotes.normalize import canonical as spelling_folded
from quotes.normalize import normalize

Op = Literal["equal", "delete", "insert", "elided"]
Segment = tuple[Op, str]

# An elision mark, alone or in brackets: "…", "...", ". . .", "[…]", "(...)".
_MARK = r"(?:\u2026|\.\s?\.\s?\.)"
_ELISION_RE = re.compile(rf"\[\s*{_MARK}\s*\]|\(\s*{_MARK}\s*\)|{_MARK}")
_ELISION_KEY = "\u2026"


@lru_cache(maxsize=65_536)
def _key(word: str) -> str:
    """Return a word's comparison key (its matching form, spellings folded; "" for punctuation).

    Kept for the most recent words: a page diffs dozens of printings of the same words, and
    the matching form costs a dozen regular expressions per word (half the review page's time).
    """
    return spelling_folded(normalize(word))


def _tokens(text: str) -> list[tuple[str, str]]:
    """Return (word as written, comparison key) pairs; punctuation joins the word before it."""
    spaced = _ELISION_RE.sub(lambda m: f" {m.group()} ", text)
    out: list[tuple[str, str]] = []
    pending = ""  # punctuation seen before the first word
    for raw in spaced.split():
        if _ELISION_RE.fullmatch(raw):
            out.append((raw, _ELISION_KEY))
            continue
        key = _key(raw)
        if not key:
            if out and out[-1][1] != _ELISION_KEY:
                out[-1] = (f"{out[-1][0]} {raw}", out[-1][1])
            else:
                pending = f"{pending} {raw}".strip()
            continue
        out.append((f"{pending} {raw}".strip(), key))
        pending = ""
    if pending:
        out.append((pending, pending))
    return out


def _region(deleted: list[str], inserted: list[str]) -> list[Segment]:
    """Return the segments of one stretch where the texts differ (cut words, then added)."""
    words = [w for w in inserted if not _ELISION_RE.fullmatch(w)]
    if inserted and not words:  # only elision marks stand where canonical words are
        return [("elided", " ".join(deleted))]
    segments: list[Segment] = []
    if deleted:
        segments.append(("delete", " ".join(deleted)))
    if inserted:
        segments.append(("insert", " ".join(inserted)))
    return segments


def words_diff(canonical: str, printed: str) -> list[Segment]:
    """Return the segments that turn canonical into printed, word by word (see the module doc).

    >>> words_diff("we will see it", "we shall see …")
    [('equal', 'we'), ('delete', 'will'), ('insert', 'shall'), ('equal', 'see'), ('elided', 'it')]
    """
    source = _tokens(canonical)
    target = _tokens(printed)
    opcodes = Indel.opcodes([k for _, k in source], [k for _, k in target], processor=None)
    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op in opcodes:
        kept = [w for w, _ in target[op.dest_start : op.dest_end]]
        if op.tag == "equal":
            segments += _region(deleted, inserted)
            deleted, inserted = [], []
            segments.append(("equal", " ".join(kept)))
        else:  # Indel knows delete and insert only; a stretch of both is a change
            deleted += [w for w, _ in source[op.src_start : op.src_end]]
            inserted += kept
    segments += _region(deleted, inserted)
    return _merged(segments)


def _merged(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same op (equal words split by an empty region)."""
    out: list[Segment] = []
    for op, text in segments:
        if out and out[-1][0] == op and op != "elided":
            out[-1] = (op, f"{out[-1][1]} {text}")
        else:
            out.append((op, text))
    return out


def is_verbatim(segments: list[Segment]) -> bool:
    """Say whether the printing has the canonical words exactly (no cut, addition or elision)."""
    return all(op == "equal" for op, _ in segments)
