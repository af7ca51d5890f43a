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
from collections import deque
from collections.abc import Mapping, Sequence

from quotes.index.terms import STOP_WORDS

__all__ = [
    "KEY_WORDS",
    "ONE_KEY_RUN",
    "WINDOW",
    "gram_hashes",
    "query_keys",
    "select_keys",
    "stored_keys",
    "winnow",
]

#: Words per gram: 3 keeps grams clear of typos better than 4 or 5 (bench.keys).
KEY_WORDS = 3
#: Winnowing window: every shared run of KEY_WORDS + WINDOW - 1 words (4, below the shortest usable
#: fragment) shares a key.
WINDOW = 2
#: A quote sharing one key only with a text shares with it a run of at most 5 words (any shared
#: run of 6 or more words holds two keys): it can be the same quote only if one of the two is that
#: short, i.e. a text of at most this many keys, or a stored quote of at most ONE_KEY_RUN + 2 words.
ONE_KEY_RUN = 3

_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_MAX = 1 << 18
_WORD_CACHE_CHARS = 40
_MASK = (1 << 63) - 1
_MIX = 0x9E3779B97F4A7C15  # odd: multiplying by it modulo 2**64 loses nothing


def _word_hash(word: str) -> int:
    """Return a stable 64-bit hash of a word (blake2b, 8 bytes).

    Cached for words of up to 40 characters and up to 2**18 of them: the cache is bounded in
    bytes however long or many the texts a caller sends.
    """
    h = _WORD_CACHE.get(word)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")
        if len(word) <= _WORD_CACHE_CHARS and len(_WORD_CACHE) < _WORD_CACHE_MAX:
            _WORD_CACHE[word] = h
    return h


def gram_hashes(key: str, k: int = 3) -> list[int]:
    """Return the signed 63-bit hashes of the word k-grams of key, in order.

    A gram's hash combines its words' hashes (a polynomial in a fixed odd multiplier), so each
    word is hashed once however many grams hold it; stable across processes and machines.
    Grams of stop words only are skipped; a text shorter than k words is one gram.
    """
    words = key.split()
    if not words:
        return []
    cache = _WORD_CACHE
    hashes = [cache.get(w) or _word_hash(w) for w in words]
    if len(words) < k:
        return [_combine(hashes)]
    if k != 3:
        content = [w not in STOP_WORDS for w in words]
        return [
            _combine(hashes[i : i + k])
            for i in range(len(words) - k + 1)
            if any(content[i : i + k])
        ]
    # k = 3, the product's case, unrolled: this runs for every row of an import
    out: list[int] = []
    m, mask = _MIX, 0xFFFFFFFFFFFFFFFF
    stop = [w in STOP_WORDS for w in words]
    for i in range(len(words) - 2):
        if stop[i] and stop[i + 1] and stop[i + 2]:
            continue
        acc = ((3 * m + hashes[i]) & mask) * m + hashes[i + 1]
        acc = ((acc & mask) * m + hashes[i + 2]) & mask
        out.append(acc & _MASK)
    return out


def _combine(hashes: Sequence[int]) -> int:
    acc = len(hashes)
    for h in hashes:
        acc = (acc * _MIX + h) & 0xFFFFFFFFFFFFFFFF
    return acc & _MASK


def winnow(hashes: Sequence[int], window: int) -> list[int]:
    """Return the winnowed fingerprints of hashes: the minimum of each window, once each.

    Linear in the number of hashes (a monotone deque); ties keep the rightmost minimum, as in
    the paper, so a run of equal hashes yields one fingerprint.
    """
    if window <= 1 or len(hashes) <= window:
        return list(dict.fromkeys(hashes)) if window <= 1 else ([min(hashes)] if hashes else [])
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
    return winnow(gram_hashes(key, k), window)


def query_keys(key: str, *, k: int = KEY_WORDS) -> list[int]:
    """Return the distinct keys a query (its spelling-folded matching form) may look up."""
    return list(dict.fromkeys(gram_hashes(key, k)))


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
