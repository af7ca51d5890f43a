"""Candidate retrieval from the inverted index tables (QuoteTerm, TermDf) on SQLite and PostgreSQL.

A stored quote is indexed under index_terms(norm). A query reads the document frequencies of its
terms in one statement, keeps the few rarest (select_terms), reads those postings in one
statement, and ranks quotes by how many selected terms they share (rank_candidates): no scan over
all quotes, whatever their number. The tables are derived from Quote.norm and rebuilt by rebuild().
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from quotes.db import executemany, fetch_rows, marks
from quotes.index.terms import (
    DEFAULT_CANDIDATES,
    DEFAULT_MAX_POSTINGS,
    DEFAULT_MAX_TERMS,
    DEFAULT_MIN_SHARE,
    index_terms,
    query_terms,
    rank_candidates,
    select_terms,
)
from quotes.models import Quote
from quotes.models.index import QuoteTerm, TermDf

_CHUNK = 500  # bound parameters per statement stay far below SQLite's and PostgreSQL's limits


@dataclass(frozen=True)
class RetrievalPlan:
    """How many terms, postings and candidates one query may use."""

    max_terms: int = DEFAULT_MAX_TERMS
    max_postings: int = DEFAULT_MAX_POSTINGS
    candidates: int = DEFAULT_CANDIDATES
    min_share: float = DEFAULT_MIN_SHARE


def _chunks(items: Sequence[int], size: int = _CHUNK) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _bump_df(conn: Connection, counts: dict[int, int]) -> None:
    """Add counts (may be negative) to term_df, in term order: concurrent writers never deadlock."""
    rows = [(t, n) for t, n in sorted(counts.items()) if n]
    if not rows:
        return
    executemany(
        conn,
        "INSERT INTO term_df (term, df) VALUES ({0}, {1}) "
        "ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
        rows,
    )
    negatives = [t for t, n in counts.items() if n < 0]
    table = TermDf.__table__  # type: ignore[attr-defined]
    for chunk in _chunks(sorted(negatives)):
        conn.execute(delete(table).where(table.c.term.in_(chunk), table.c.df <= 0))


def add_many(session: Session, items: Sequence[tuple[int, str]]) -> None:
    """Index quotes given as (quote_id, norm)."""
    postings = [(t, qid) for qid, norm in items for t in index_terms(norm)]
    if not postings:
        return
    conn = session.connection()
    executemany(conn, "INSERT INTO quote_term (term, quote_id) VALUES ({0}, {1})", sorted(postings))
    _bump_df(conn, Counter(t for t, _ in postings))


def add(session: Session, *, quote_id: int, norm: str) -> None:
    """Index one quote under the terms of its matching form."""
    add_many(session, [(quote_id, norm)])


def remove(session: Session, *, quote_id: int, norm: str) -> None:
    """Take one quote out of the index (its terms recomputed from the norm it was indexed by)."""
    terms = sorted(set(index_terms(norm)))
    if not terms:
        return
    conn = session.connection()
    table = QuoteTerm.__table__  # type: ignore[attr-defined]
    removed: list[int] = []
    for chunk in _chunks(terms):
        result = conn.execute(
            delete(table)
            .where(table.c.quote_id == quote_id, table.c.term.in_(chunk))
            .returning(table.c.term)
        )
        removed += [row[0] for row in result]
    _bump_df(conn, {t: -1 for t in removed})


def candidates(session: Session, norm: str, *, plan: RetrievalPlan = RetrievalPlan()) -> list[int]:
    """Return ids of the quotes most likely to match norm, best first (at most plan.candidates).

    Two statements, sent as plain SQL (this is the request path; SQLAlchemy's per-row work
    would cost more than the database): term frequencies, then the chosen terms' postings.
    """
    terms = sorted(set(query_terms(norm)))
    if not terms:
        return []
    conn = session.connection()
    df: dict[int, int] = {}
    for chunk in _chunks(terms):
        sql = f"SELECT term, df FROM term_df WHERE term IN ({marks(conn, len(chunk))})"
        df.update(fetch_rows(conn, sql, chunk))
    chosen = select_terms(terms, df, max_terms=plan.max_terms, max_postings=plan.max_postings)
    if not chosen:
        return []
    sql = (
        f"SELECT quote_id FROM quote_term WHERE term IN ({marks(conn, len(chosen))}) "
        f"LIMIT {int(plan.max_postings)}"
    )
    hits = Counter(row[0] for row in fetch_rows(conn, sql, chosen))
    return rank_candidates(hits, limit=plan.candidates, min_share=plan.min_share)


def rebuild(session: Session, *, batch: int = 5000) -> int:
    """Drop and rebuild the whole index from the live quotes; returns how many were indexed."""
    conn = session.connection()
    conn.execute(delete(QuoteTerm.__table__))  # type: ignore[attr-defined]
    conn.execute(delete(TermDf.__table__))  # type: ignore[attr-defined]
    last, total = 0, 0
    while True:
        rows = session.exec(
            select(col(Quote.id), col(Quote.norm))  # type: ignore[call-overload]
            .where(col(Quote.id) > last, col(Quote.merged_into_id).is_(None))
            .order_by(col(Quote.id))
            .limit(batch)
        ).all()
        if not rows:
            return total
        add_many(session, [(r[0], r[1]) for r in rows])
        last, total = rows[-1][0], total + len(rows)


def stats(session: Session) -> dict[str, int]:
    """Return the index's size: postings and distinct terms."""
    conn = session.connection()
    postings = conn.execute(select(func.count()).select_from(QuoteTerm.__table__)).scalar_one()  # type: ignore[attr-defined]
    terms = conn.execute(select(func.count()).select_from(TermDf.__table__)).scalar_one()  # type: ignore[attr-defined]
    return {"postings": int(postings), "terms": int(terms)}
