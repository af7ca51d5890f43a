"""Candidate retrieval reads the index by key, never scanning all quotes."""

from __future__ import annotations

from sqlalchemy import event
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

    def capture(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", capture)
    try:
        assert store.candidates(session, "no such thing as loyalty when it comes to moscow")
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    index_reads = [s for s in statements if "quote_term" in s or "term_df" in s]
    assert len(index_reads) == 2
    for stmt in index_reads:
        params = tuple([0] * stmt.count("?"))
        cursor = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + stmt, params)
        plan = " ".join(str(r[-1]) for r in cursor)
        assert "SEARCH" in plan and "SCAN" not in plan, plan


def test_index_matches_a_rebuild_after_edits(session: Session) -> None:
    load_demo(session)
    session.commit()
    before = store.stats(session)
    store.rebuild(session)
    assert store.stats(session) == before
