"""The outlet page's lists: newest first, undated last, firsts counted; read from the index."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from quotes.models import QuoteCreate
from quotes.services.outlets import find_outlet
from quotes.services.profiles import outlet_counts, outlet_firsts, outlet_printings
from quotes.services.quotes import add_quote, refresh_quote_stats

# (text, outlet, date): the Wire printed four quotes (one undated); it was first with two.
PRINTINGS = [
    ("The harbour will reopen in the spring after the dredging", "Wire", "2024-01-01"),
    ("Nobody on the council saw the report before the vote", "Post", "2024-02-01"),
    ("Nobody on the council saw the report before the vote", "Wire", "2024-03-01"),
    ("We have no timetable for the new bridge and never had one", "Wire", None),
    ("The ferry fares stay where they are until the autumn", "Wire", "2024-02-15"),
]


def _wire(session: Session) -> int:
    for text, outlet, date in PRINTINGS:
        added = add_quote(
            session,
            data=QuoteCreate(
                text=text, speaker="Mara Lind", outlet=outlet, date=date or "2024-01-01"
            ),
        )
        if date is None:  # posted appearances have a date; imported ones may not
            added.appearance.published = None
            refresh_quote_stats(session, added.quote)
    session.commit()
    wire = find_outlet(session, "Wire")
    assert wire is not None and wire.id is not None
    return wire.id


def test_outlet_printings_come_newest_first_undated_last_with_firsts_marked(
    session: Session,
) -> None:
    wire = _wire(session)
    printed = outlet_printings(session, wire)
    assert [p.published.isoformat() if p.published else None for p in printed] == [
        "2024-03-01",
        "2024-02-15",
        "2024-01-01",
        None,
    ]
    assert [p.first for p in printed] == [False, True, True, False]  # the Post had it first
    assert [p.text[:10] for p in outlet_printings(session, wire, limit=2)] == [
        "Nobody on ",
        "The ferry ",
    ]
    firsts = outlet_firsts(session, wire)
    assert [p.published.isoformat() for p in firsts if p.published] == ["2024-02-15", "2024-01-01"]
    assert len(firsts) == 2  # an undated printing is first of nothing
    assert outlet_counts(session, wire) == (4, 2)


def test_outlet_printings_walk_the_outlet_index_without_sorting(
    session: Session, engine: Engine
) -> None:
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL's planner may seq-scan tiny tables; the SQL is the same
    wire = _wire(session)
    statements: list[str] = []
    raw = session.connection().connection.dbapi_connection
    raw.set_trace_callback(statements.append)  # parameters inlined
    try:
        outlet_printings(session, wire)
        outlet_firsts(session, wire)
        outlet_counts(session, wire)
    finally:
        raw.set_trace_callback(None)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 3
    for stmt in reads:
        cursor = raw.execute("EXPLAIN QUERY PLAN " + stmt)
        plan = " ".join(str(r[-1]) for r in cursor.fetchall())
        assert "ix_appearance_outlet_published" in plan and "TEMP B-TREE" not in plan, plan
