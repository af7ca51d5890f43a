"""Pure inverted-index terms of citation lookup: the words a stored quote is found by.

Terms are computed on the stored matching form (normalised, spelling-folded): ``u:<word>`` for
every word that is not a stop word (a text of stop words only is one ``f:`` term, so it can
still be found). Word pairs and runs are the dedup keys' business (quotes.index.keys: winnowed
word 3-grams), which lookup reads too; the terms are what finds a half-remembered version that
shares words but no run of words with the quote. Word pairs were dropped from the terms when the
keys came: they cost two thirds of the index writes of an import and added no recall beside the
keys (README, Performance).

Every term is hashed to a signed 63-bit integer (the first 8 bytes of a blake2b digest, shifted
right by one), stable across processes, Python versions and machines, so it fits a SQL
``BIGINT`` on SQLite and PostgreSQL alike.

A query uses the same terms (`query_terms`), then `select_terms` keeps the few rarest ones
(bounded count and bounded total postings); an unknown term (df 0, e.g. a typo'd word) is
skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quotes.normalize import spelling_key

__all__ = [
    "DEFAULT_CANDIDATES",
    "DEFAULT_MAX_POSTINGS",
    "DEFAULT_MAX_TERMS",
    "STOP_WORDS",
    "RetrievalPlan",
    "index_terms",
    "query_terms",
    "rank_candidates",
    "select_terms",
    "telling_terms",
    "term_hash",
]

#: Suggested defaults for the DB layer (see bench/quality.py for the measured recall).
DEFAULT_MAX_TERMS = 8
DEFAULT_MAX_POSTINGS = 5_000
DEFAULT_CANDIDATES = 30
DEFAULT_MIN_SHARE = 0.5


@dataclass(frozen=True)
class RetrievalPlan:
    """How many terms, postings and candidates one query may use (lookup and dedup alike)."""

    max_terms: int = DEFAULT_MAX_TERMS
    max_postings: int = DEFAULT_MAX_POSTINGS
    candidates: int = DEFAULT_CANDIDATES
    min_share: float = DEFAULT_MIN_SHARE
    max_keys: int = 8  # dedup keys read per decision (quotes.index.keys)
    key_postings: int = 256  # dedup key postings read per decision, at most
    dedup_candidates: int = 8  # quotes scored per dedup decision


STOP_WORDS = frozenset(
    """a about after again all also am an and any are as at be been before being but by can
    could did do does doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its just me more most my no nor not now of off on
    once only or other our ours out over own same she should so some such than that thats the
    their theirs them then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours s t ll re
    ve d m dont""".split()  # noqa: SIM905
)


_TERM_CACHE: dict[str, int] = {}
_TERM_CACHE_MAX = 1 << 18
_TERM_CACHE_CHARS = 48


def term_hash(term: str) -> int:
    """Return the stable signed 63-bit hash of a term string (blake2b, 8 bytes, >> 1).

    Cached for short terms only, and up to a fixed number: bounded in bytes whatever callers send.
    """
    h = _TERM_CACHE.get(term)
    if h is None:
        digest = hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest()
        h = int.from_bytes(digest, "big", signed=True) >> 1
        if len(term) <= _TERM_CACHE_CHARS and len(_TERM_CACHE) < _TERM_CACHE_MAX:
            _TERM_CACHE[term] = h
    return h


def _term_strings(norm: str) -> list[str]:
    words = [spelling_key(w) for w in norm.split()]
    out = list(dict.fromkeys("u:" + w for w in words if w not in STOP_WORDS))
    if not out and words:  # all stop words: index the whole text so it can still be found
        out.append("f:" + " ".join(words))
    return out


def index_terms(norm: str) -> list[int]:
    """Return the distinct term hashes a stored quote (as normalize(text)) is indexed under."""
    return list(dict.fromkeys(term_hash(t) for t in _term_strings(norm)))


def telling_terms(norm: str, n: int = 4) -> list[int]:
    """Return the terms of the n longest words of norm (long words are the rare ones), ties by
    order: the words a dedup tie is broken by (quotes.index.store), cheap to ask of a group."""
    strings = _term_strings(norm)
    ranked = sorted(range(len(strings)), key=lambda i: (-len(strings[i]), i))[:n]
    return [term_hash(strings[i]) for i in sorted(ranked)]


def query_terms(norm: str) -> list[int]:
    """Return the distinct term hashes a query (given as normalize(text)) may look up."""
    return index_terms(norm)


def select_terms(
    terms: Sequence[int], df: Mapping[int, int], *, max_terms: int, max_postings: int
) -> list[int]:
    """Pick the rarest known terms: at most max_terms, total df at most max_postings (min one).

    Terms with df 0 or missing (unknown to the index, e.g. a typo'd word) are skipped. If even the
    rarest known term exceeds max_postings, that single term is returned (the caller may cap it).
    """
    known = sorted({t for t in terms if df.get(t, 0) > 0}, key=lambda t: (df[t], t))
    chosen: list[int] = []
    total = 0
    for t in known:
        if len(chosen) >= max_terms or total + df[t] > max_postings:
            break
        chosen.append(t)
        total += df[t]
    if not chosen and known:
        chosen.append(known[0])
    return chosen


def rank_candidates(
    hits: Mapping[int, int], *, limit: int, min_share: float = DEFAULT_MIN_SHARE
) -> list[int]:
    """Return up to limit quote ids, most hits first (ties by smaller id, for determinism).

    Ids with fewer than min_share of the best id's hits are dropped: a quote sharing one of
    eight selected terms with the query is no version of it, and scoring it costs time.
    """
    if not hits:
        return []
    floor = min_share * max(hits.values())
    ids = sorted([q for q, n in hits.items() if n >= floor])
    ids.sort(key=hits.__getitem__, reverse=True)  # stable: most hits first, then smaller id
    return ids[:limit]
