"""Candidate retrieval reads the index by key, never scanning all quotes."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from quotes.index import store
from quotes.services.demo import load_demo


def test_lookup_queries_use_index_seeks_on_sqlite(session: Session, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL's planner may seq-scan tiny tables; the SQL is the same
    load_demo(session)
    session.commit()
    statements: list[str] = []
    raw = session.connection().connection.dbapi_connection
    raw.set_trace_callback(statements.append)  # sees plain-SQL reads too, parameters inlined
    try:
        assert store.candidates(session, "no such thing as loyalty when it comes to moscow")
    finally:
        raw.set_trace_callback(None)
    index_reads = [s for s in statements if "quote_term" in s or "term_df" in s]
    assert len(index_reads) == 2
    for stmt in index_reads:
        cursor = raw.execute("EXPLAIN QUERY PLAN " + stmt)
        plan = " ".join(str(r[-1]) for r in cursor.fetchall())
        assert "SEARCH" in plan and "SCAN" not in plan, plan


def test_index_matches_a_rebuild_after_edits(session: Session) -> None:
    load_demo(session)
    session.commit()
    before = store.stats(session)
    store.rebuild(session)
    assert store.stats(session) == before
