"""Candidate retrieval reads the index by key, never scanning all quotes."""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quotes.index import store
from quotes.models import Quote, QuoteCreate
from quotes.services.bulk import Resolver, add_batch
from quotes.services.demo import load_demo


def _words(i: int) -> str:
    """Six words no other row has."""
    return " ".join(f"{c}{i}{c}" for c in "bdfgkm")


def _row(text: str, i: int) -> QuoteCreate:
    return QuoteCreate(
        text=text, speaker="A Speaker", outlet="Wire", date="2024-01-01",
        url=f"https://x.example/{i}",
    )  # fmt: skip


def _store(session: Session, texts: list[str]) -> None:
    """Import texts as one batch, through the bulk path, and commit."""
    add_batch(session, [_row(t, i) for i, t in enumerate(texts)], resolver=Resolver())
    session.commit()


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
        scanned = set(re.findall(r"SCAN (\w+)", plan))  # the ids a subquery hands on, no table
        assert "SEARCH" in plan and scanned <= {"ids"}, plan


def test_index_matches_a_rebuild_after_edits(session: Session) -> None:
    load_demo(session)
    session.commit()
    before = store.stats(session)
    store.rebuild(session)
    assert store.stats(session) == before


def test_lookup_weighs_shared_runs_and_shared_words_together(session: Session) -> None:
    """A reprint with typos in one half: its intact half is reprinted in many stored quotes
    (found by the runs of words they share), its rare word is in many others (found by the
    words); only its source holds both, and lookup must rank it first even when each family's
    own top candidates leave it out (budgets as a large store would impose)."""
    from quotes.index.terms import RetrievalPlan
    from quotes.services.lookup import lookup

    half = "and the United States by three trillion dollars over the next ten years"

    # quotes holding the rare word "adoption", stored first (lower ids), then quotes reprinting
    # the same half after words of their own
    rows = [f"Adoption {_words(i)} is what the county board reported" for i in range(60)]
    rows += [f"Says {_words(100 + i)} {half}" for i in range(100)]
    rows.append(f"On adoption by gay couples, {half}")
    _store(session, rows)
    target = rows[-1]
    plan = RetrievalPlan(max_postings=80, key_postings=256, candidates=10)
    found = lookup(session, f"On adoption by gya cuoples, {half}", limit=5, plan=plan)
    assert found and found[0].text == target, [r.text for r in found]


def test_a_typod_reprint_joins_its_source_among_many_quotes_sharing_its_other_half(
    session: Session,
) -> None:
    """The dedup decision scores 8 candidates; when a hundred quotes tie on the runs of words a
    reprint shares (its intact half), the ones scored are those holding its telling words too,
    so a reprint with typos in its other half joins its source instead of becoming new."""
    from quotes.services.quotes import add_quote

    half = "and the United States by three trillion dollars over the next ten years"

    rows = [f"Says {_words(i)} {half}" for i in range(100)]
    rows.append(f"On adoption by gay couples in Massachusetts, {half}")
    _store(session, rows)
    source = session.exec(
        select(Quote).where(col(Quote.text).startswith("On adoption"))  # type: ignore[attr-defined]
    ).one()
    added = add_quote(
        session, data=_row(f"On adoptoin by gya couples in Massachusettts, {half}", 101)
    )
    assert not added.quote_created
    assert added.quote.id == source.id


def test_lookup_finds_a_typod_reprint_whose_source_ties_with_a_hundred_on_its_other_half(
    session: Session,
) -> None:
    """Typos in the first half leave a query with its intact half, which a hundred stored
    quotes reprint, and with common words only ("weve got a" begins 300 others): within the
    budgets a large store imposes, its source ties with the hundred on runs and words alike.
    Lookup breaks the tie at the cut by the query's telling words, of which the source holds
    one more, instead of by id (the source, stored last, was cut)."""
    from quotes.index.terms import RetrievalPlan
    from quotes.services.lookup import lookup

    half = "that led to our war for independence from the crown"

    rows = [f"Weve got a {_words(i)} in the county" for i in range(300)]
    rows += [f"Says {_words(1000 + i)} {half}" for i in range(100)]
    rows.append(f"Weve got a personal tax, {half}")
    _store(session, rows)
    plan = RetrievalPlan(max_postings=450, key_postings=256)
    found = lookup(session, f"Weve got a perxsonal taex, {half}", limit=5, plan=plan)
    assert found and found[0].text == rows[-1], [r.text for r in found]
