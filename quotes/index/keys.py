"""Pure dedup keys: winnowed fingerprints of word k-grams, the selective index of the decision.

A stored quote is keyed by a *winnowed* subset of the hashes of its word k-grams (Schleimer,
Wilkerson and Aiken, "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003): of
every ``window`` consecutive k-gram hashes the smallest is kept. Any run of at least
``k + window - 1`` words that a query shares with a stored quote therefore contains one of the
stored quote's keys, so fragments are found as well as reprints, while only about
``2 / (window + 1)`` of the k-grams are stored.

A query looks up *all* its k-gram hashes (it does not know which ones the stored side kept),
reads their document frequencies in one statement, and then reads the postings of the rarest
known ones only, within a small budget (``select_keys``): a k-gram shared by many quotes ("one of
the most") says little about which quote this is, and reading its postings would cost the most.

The hashes are computed on the spelling-folded matching form (``Prepared.key``), words of stop
words only are skipped (they are the long posting lists), and a text shorter than k words is
keyed by all its words as one gram, so short quotes are found too. The choice of k and window
was measured against the alternatives (min-hash bands; other k and window) by
``python -m bench.keys``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from quotes.index.terms import STOP_WORDS

__all__ = ["KEY_WORDS", "WINDOW", "query_keys", "select_keys", "stored_keys", "winnow"]

#: Words per gram: 3 keeps grams clear of typos better than 4 or 5 (bench.keys).
KEY_WORDS = 3
#: Winnowing window: every shared run of KEY_WORDS + WINDOW - 1 words (4, below the shortest usable
#: fragment) shares a key.
WINDOW = 2

_HASH_CACHE: dict[str, int] = {}
_HASH_CACHE_MAX = 1 << 18
_HASH_CACHE_TERM_CHARS = 60


def _hash(gram: str) -> int:
    """Return the stable signed 63-bit hash of a gram (blake2b, 8 bytes, >> 1).

    Cached for short grams only, and up to a fixed number of entries: the cache is bounded in
    bytes however long or many the texts a caller sends.
    """
    h = _HASH_CACHE.get(gram)
    if h is None:
        digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
        h = int.from_bytes(digest, "big", signed=True) >> 1
        if len(gram) <= _HASH_CACHE_TERM_CHARS and len(_HASH_CACHE) < _HASH_CACHE_MAX:
            _HASH_CACHE[gram] = h
    return h


def _gram_hashes(key: str, k: int) -> list[int]:
    """Return the hashes of the word k-grams of key, in order (stop-word-only grams skipped)."""
    words = key.split()
    if not words:
        return []
    if len(words) < k:
        return [_hash("k:" + " ".join(words))]
    out: list[int] = []
    for i in range(len(words) - k + 1):
        gram = words[i : i + k]
        if all(w in STOP_WORDS for w in gram):
            continue
        out.append(_hash("k:" + " ".join(gram)))
    return out


def winnow(hashes: Sequence[int], window: int) -> list[int]:
    """Return the winnowed fingerprints of hashes: the minimum of each window, once each.

    Linear in the number of hashes (a monotone deque); ties keep the rightmost minimum, as in
    the paper, so a run of equal hashes yields one fingerprint.
    """
    if window <= 1 or len(hashes) <= window:
        return list(dict.fromkeys(hashes)) if window <= 1 else ([min(hashes)] if hashes else [])
    from collections import deque

    dq: deque[int] = deque()  # indexes of increasing hashes
    chosen: dict[int, None] = {}
    for i, h in enumerate(hashes):
        while dq and hashes[dq[-1]] >= h:
            dq.pop()
        dq.append(i)
        if dq[0] <= i - window:
            dq.popleft()
        if i >= window - 1:
            chosen[hashes[dq[0]]] = None
    return list(chosen)


def stored_keys(key: str, *, k: int = KEY_WORDS, window: int = WINDOW) -> list[int]:
    """Return the distinct keys a stored quote (its spelling-folded matching form) is indexed by."""
    return winnow(_gram_hashes(key, k), window)


def query_keys(key: str, *, k: int = KEY_WORDS) -> list[int]:
    """Return the distinct keys a query (its spelling-folded matching form) may look up."""
    return list(dict.fromkeys(_gram_hashes(key, k)))


def select_keys(
    keys: Sequence[int], df: Mapping[int, int], *, max_keys: int, max_postings: int
) -> list[int]:
    """Pick the rarest known keys: at most max_keys, their postings together at most max_postings.

    Keys unknown to the index (df 0: a typo'd or new gram) are skipped. Unlike term selection,
    no key is forced in when even the rarest one exceeds the budget: such a text shares only
    common phrases with the store, and its exact form is still checked by its hash.
    """
    known = sorted({t for t in keys if df.get(t, 0) > 0}, key=lambda t: (df[t], t))
    chosen: list[int] = []
    total = 0
    for t in known:
        if len(chosen) >= max_keys or total + df[t] > max_postings:
            break
        chosen.append(t)
        total += df[t]
    return chosen
