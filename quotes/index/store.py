"""The index tables in the database, on SQLite and PostgreSQL: terms for lookup, keys for dedup.

A stored quote is indexed under index_terms(norm) (QuoteTerm, TermDf: words and word pairs, for
citation lookup of half-remembered versions) and under stored_keys(canonical(norm)) (QuoteKey,
KeyDf: winnowed word 3-grams, the selective keys of the dedup decision). A query reads the
document frequencies of its terms or keys in one statement, keeps the few rarest, reads those
postings in one statement, and ranks quotes by how many they share (rank_candidates): no scan
over all quotes, whatever their number. The tables are derived from Quote.norm and rebuilt by
rebuild().
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from quotes.db import copy_rows, executemany, fetch_ids, fetch_rows, marks, one_of
from quotes.index.keys import ONE_KEY_RUN, select_keys, stored_keys
from quotes.index.terms import (
    RetrievalPlan,
    index_terms,
    query_terms,
    rank_candidates,
    select_terms,
)
from quotes.matching import Prepared
from quotes.models import Quote
from quotes.models.index import KeyDf, QuoteKey, QuoteTerm, TermDf
from quotes.normalize import canonical

_CHUNK = 500  # bound parameters per statement stay far below SQLite's and PostgreSQL's limits


def _chunks(items: Sequence[int], size: int = _CHUNK) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _bump(conn: Connection, table: str, column: str, counts: dict[int, int]) -> None:
    """Add counts (may be negative) to a df table, in key order: writers never deadlock.

    PostgreSQL takes the counts through COPY into a temporary table and one upsert from it.
    """
    rows = [(t, n) for t, n in sorted(counts.items()) if n]
    if not rows:
        return
    upsert = (
        f"INSERT INTO {table} ({column}, df) {{}} "
        f"ON CONFLICT ({column}) DO UPDATE SET df = {table}.df + excluded.df"
    )
    if conn.dialect.name == "postgresql" and len(rows) > _COPY_FROM:
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS df_delta (k bigint, n integer) ON COMMIT DELETE ROWS"
        )
        copy_rows(conn, "df_delta", ["k", "n"], rows)
        conn.exec_driver_sql(upsert.format("SELECT k, n FROM df_delta ORDER BY k"))
        conn.exec_driver_sql("DELETE FROM df_delta")
    else:
        executemany(conn, upsert.format("VALUES ({0}, {1})"), rows)
    negatives = sorted(t for t, n in counts.items() if n < 0)
    for chunk in _chunks(negatives):
        conn.exec_driver_sql(
            f"DELETE FROM {table} WHERE df <= 0 AND {column} IN ({marks(conn, len(chunk))})",
            tuple(chunk),
        )


_COPY_FROM = 50  # rows from which COPY beats an executemany on PostgreSQL


def _insert_postings(
    conn: Connection, table: str, column: str, rows: list[tuple[int, int]]
) -> None:
    """Insert (value, quote_id) postings, sorted: COPY on PostgreSQL for more than a few."""
    if conn.dialect.name == "postgresql" and len(rows) > _COPY_FROM:
        copy_rows(conn, table, [column, "quote_id"], sorted(rows))
    else:
        executemany(
            conn, f"INSERT INTO {table} ({column}, quote_id) VALUES ({{0}}, {{1}})", sorted(rows)
        )


def postings_of(
    items: Sequence[tuple[int, str]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return the (term, quote_id) and (key, quote_id) postings of quotes given as (id, norm)."""
    terms = [(t, qid) for qid, norm in items for t in index_terms(norm)]
    keys = [(k, qid) for qid, norm in items for k in stored_keys(canonical(norm))]
    return terms, keys


def form_postings(
    items: Sequence[tuple[int, Prepared]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return the postings of quotes given as (id, prepared text): what postings_of computes."""
    terms = [(t, qid) for qid, form in items for t in form.terms]
    keys = [(k, qid) for qid, form in items for k in form.stored_keys]
    return terms, keys


def add_postings(
    session: Session, terms: Sequence[tuple[int, int]], keys: Sequence[tuple[int, int]]
) -> None:
    """Insert postings and bump their document frequencies (the one write path of the index)."""
    conn = session.connection()
    if terms:
        _insert_postings(conn, "quote_term", "term", list(terms))
        _bump(conn, "term_df", "term", Counter(t for t, _ in terms))
    if keys:
        _insert_postings(conn, "quote_key", "key", list(keys))
        _bump(conn, "key_df", "key", Counter(k for k, _ in keys))


def add_many(session: Session, items: Sequence[tuple[int, str]]) -> None:
    """Index quotes given as (quote_id, norm)."""
    add_postings(session, *postings_of(items))


def add_forms(session: Session, items: Sequence[tuple[int, Prepared]]) -> None:
    """Index quotes given as (quote_id, prepared text)."""
    add_postings(session, *form_postings(items))


def add(session: Session, *, quote_id: int, norm: str) -> None:
    """Index one quote under the terms and keys of its matching form."""
    add_many(session, [(quote_id, norm)])


def _remove_rows(
    conn: Connection, table: Any, column: Any, quote_id: int, values: list[int]
) -> list[int]:
    removed: list[int] = []
    for chunk in _chunks(values):
        result = conn.execute(
            delete(table).where(table.c.quote_id == quote_id, column.in_(chunk)).returning(column)
        )
        removed += [row[0] for row in result]
    return removed


def remove(session: Session, *, quote_id: int, norm: str) -> None:
    """Take one quote out of the index (its terms and keys recomputed from its indexed norm)."""
    conn = session.connection()
    terms = sorted(set(index_terms(norm)))
    tt = QuoteTerm.__table__  # type: ignore[attr-defined]
    removed = _remove_rows(conn, tt, tt.c.term, quote_id, terms)
    _bump(conn, "term_df", "term", {t: -1 for t in removed})
    keys = sorted(set(stored_keys(canonical(norm))))
    kt = QuoteKey.__table__  # type: ignore[attr-defined]
    removed = _remove_rows(conn, kt, kt.c.key, quote_id, keys)
    _bump(conn, "key_df", "key", {k: -1 for k in removed})


class DbKeys:
    """The dedup keys as stored in the database (plain SQL: this is every write's path)."""

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()

    def key_df(self, keys: Sequence[int]) -> dict[int, int]:
        """Return the document frequency of each known key."""
        df: dict[int, int] = {}
        for chunk in _chunks(sorted(set(keys))):
            key_in, params = one_of(self.conn, "key", chunk)
            df.update(fetch_rows(self.conn, f"SELECT key, df FROM key_df WHERE {key_in}", params))
        return df

    def key_postings(self, keys: Sequence[int], limit: int) -> list[int]:
        """Return the quote ids holding the keys (one per posting), at most limit."""
        if not keys:
            return []
        sql = (
            f"SELECT quote_id FROM quote_key WHERE key IN ({marks(self.conn, len(keys))}) "
            f"LIMIT {int(limit)}"
        )
        return fetch_ids(self.conn, sql, keys, column="quote_id")

    def shared_terms(self, form: Prepared, ids: Sequence[int]) -> dict[int, int]:
        """Return {id: how many of the text's telling words (`telling_terms`) each quote holds}."""
        terms = sorted(set(form.telling_terms))
        out: dict[int, int] = {}
        if not terms or not ids:
            return out
        term_in, term_params = one_of(self.conn, "term", terms)
        for chunk in _chunks(sorted(set(ids)), max(100, _CHUNK - len(terms))):
            id_in, id_params = one_of(self.conn, "quote_id", chunk)
            sql = (
                f"SELECT quote_id, count(*) FROM quote_term WHERE {term_in} AND {id_in} "
                "GROUP BY quote_id"
            )
            out.update(fetch_rows(self.conn, sql, [*term_params, *id_params]))
        return out


def key_hits(source: KeySource, form: Prepared, *, plan: RetrievalPlan) -> list[tuple[int, int]]:
    """Return (quote id, keys shared) of the quotes sharing the rarest dedup keys, best first.

    The one retrieval of the dedup decision: the row path reads the database (DbKeys), the bulk
    import the database plus the quotes of its batch; both rank the same way.
    """
    hits = key_hit_counts(source, form, plan=plan)
    ranked = rank_hits(
        source,
        form,
        hits,
        limit=plan.dedup_candidates,
        share=plan.min_share,
        one_hit_ties=len(form.keys) <= ONE_KEY_RUN,
    )
    return [(qid, hits[qid]) for qid in ranked]


def rank_hits(
    source: KeySource,
    form: Prepared,
    hits: Counter[int],
    *,
    limit: int,
    share: float,
    one_hit_ties: bool = True,
) -> list[int]:
    """Rank hits (most first, at most limit); quotes tied across the cut are ordered by the
    text's telling words they hold (then by id).

    A reprint with typos in one half shares its intact half's keys and words with every quote
    that reprints that half: at a million quotes, a hundred of them tie. Of those, its source is
    the one that also holds its rare words, so the tie at the cut is broken by the words shared,
    not by id alone. Only the tied group is asked, only when a tie straddles the cut. The dedup
    decision passes one_hit_ties=False for a long text: a quote sharing one key with it is kept
    only when short (dedup.retrieve), and sharing long words does not tell a short quote.
    """
    ranked = rank_candidates(hits, limit=limit + 1, min_share=share)
    if len(ranked) <= limit or hits[ranked[limit - 1]] != hits[ranked[limit]]:
        return ranked[:limit]
    tie = hits[ranked[limit - 1]]
    if tie == 1 and not one_hit_ties:
        return ranked[:limit]
    above = [q for q in ranked if hits[q] > tie]
    group = sorted(q for q, n in hits.items() if n == tie)  # all of them pass the share
    words = source.shared_terms(form, group)
    group.sort(key=lambda q: (-words.get(q, 0), q))
    return (above + group)[:limit]


def key_hit_counts(source: KeySource, form: Prepared, *, plan: RetrievalPlan) -> Counter[int]:
    """Return {quote id: how many of the text's rarest dedup keys it holds} (unranked)."""
    return Counter(key_postings(source, form, plan=plan))


def key_postings(source: KeySource, form: Prepared, *, plan: RetrievalPlan) -> list[int]:
    """Return the quote ids holding the text's rarest dedup keys, one per posting."""
    keys = form.keys
    if not keys:
        return []
    df = source.key_df(keys)
    chosen = select_keys(keys, df, max_keys=plan.max_keys, max_postings=plan.key_postings)
    if not chosen:
        return []
    return source.key_postings(chosen, plan.key_postings)


class KeySource(Protocol):
    """Where dedup keys are read: the database, or the database seen through an import batch."""

    def key_df(self, keys: Sequence[int]) -> dict[int, int]:
        """Return the document frequency of each known key."""
        ...

    def key_postings(self, keys: Sequence[int], limit: int) -> list[int]:
        """Return the quote ids holding the keys (one per posting), at most limit."""
        ...

    def shared_terms(self, form: Prepared, ids: Sequence[int]) -> dict[int, int]:
        """Return {id: how many of the text's telling words (`telling_terms`) each quote holds}."""
        ...


def candidates(session: Session, norm: str, *, plan: RetrievalPlan = RetrievalPlan()) -> list[int]:
    """Return ids of the quotes most likely to match norm, best first (at most plan.candidates)."""
    hits = term_hit_counts(session, norm, plan=plan)
    return rank_candidates(hits, limit=plan.candidates, min_share=plan.min_share)


def term_hit_counts(session: Session, norm: str, *, plan: RetrievalPlan) -> Counter[int]:
    """Return {quote id: how many of norm's rarest index terms it holds} (unranked)."""
    return Counter(term_postings(session, norm, plan=plan))


def term_postings(session: Session, norm: str, *, plan: RetrievalPlan) -> list[int]:
    """Return the quote ids holding norm's rarest index terms, one per posting.

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
    return fetch_ids(conn, sql, chosen, column="quote_id")


def rebuild(session: Session, *, batch: int = 5000) -> int:
    """Drop and rebuild the whole index from the live quotes; returns how many were indexed."""
    conn = session.connection()
    for table in ("quote_term", "term_df", "quote_key", "key_df"):
        conn.exec_driver_sql(f"DELETE FROM {table}")
    last, total = 0, 0
    while True:
        rows = session.exec(
            select(col(Quote.id), col(Quote.norm))  # type: ignore[call-overload]
            .where(
                col(Quote.id) > last,
                col(Quote.merged_into_id).is_(None),
                col(Quote.deleted_at).is_(None),
            )
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
    keys = conn.execute(select(func.count()).select_from(QuoteKey.__table__)).scalar_one()  # type: ignore[attr-defined]
    distinct = conn.execute(select(func.count()).select_from(KeyDf.__table__)).scalar_one()  # type: ignore[attr-defined]
    return {
        "postings": int(postings),
        "terms": int(terms),
        "key_postings": int(keys),
        "keys": int(distinct),
    }
