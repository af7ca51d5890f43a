"""Pure index-term logic for candidate retrieval (no database code)."""

from quotes.index.terms import (
    DEFAULT_CANDIDATES,
    DEFAULT_MAX_POSTINGS,
    DEFAULT_MAX_TERMS,
    RetrievalPlan,
    index_terms,
    query_terms,
    rank_candidates,
    select_terms,
    term_hash,
)

__all__ = [
    "DEFAULT_CANDIDATES",
    "DEFAULT_MAX_POSTINGS",
    "DEFAULT_MAX_TERMS",
    "RetrievalPlan",
    "index_terms",
    "query_terms",
    "rank_candidates",
    "select_terms",
    "term_hash",
]
