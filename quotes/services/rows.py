"""Row shapes, built once: a new quote's, a new appearance's and a suggestion's columns, and a
quote's stats.

Every write path (POST through add_quote, the bulk import, curation) takes its values from here,
so an imported quote and a posted one are the same row. A quote's derived statistics follow one
rule, written twice on purpose and tested equal (tests/services/test_import_differential.py): in
SQL for stored quotes (``refresh_stats``), in Python for quotes not stored yet (``quote_stats``):

* ``appearance_count``: its appearances;
* ``first_published``: the earliest date among them;
* ``speaker_id``: unchanged if known; a quote whose speaker is unknown takes the speaker of its
  first appearance (lowest id) that names one;
* ``speaker_conflict``: some appearance names a speaker other than the quote's (an appearance
  naming nobody claims nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, and_, bindparam, exists, func, select, update
from sqlalchemy.sql.dml import Update
from sqlmodel import Session

from quotes.matching import Match, Prepared
from quotes.models import Appearance, Quote, QuoteCreate
from quotes.models._common import utcnow

__all__ = ["appearance_row", "quote_row", "quote_stats", "refresh_stats", "suggestion_row"]

_QUOTE: Table = Quote.__table__  # type: ignore[attr-defined]
_APPEARANCE: Table = Appearance.__table__  # type: ignore[attr-defined]
_CHUNK = 500


def quote_row(
    form: Prepared,
    *,
    speaker_id: int | None,
    kind: str,
    language: str | None,
    variant: int = 0,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Return the columns of a new quote with this text (stats as for no appearance yet)."""
    now = now or utcnow()
    return dict(
        text=form.text,
        norm=form.norm,
        norm_hash=form.norm_hash,
        variant=variant,
        kind=kind,
        language=language,
        speaker_id=speaker_id,
        first_published=None,
        appearance_count=0,
        merged_into_id=None,
        speaker_conflict=False,
        created_at=now,
        updated_at=now,
    )


def appearance_row(
    data: QuoteCreate,
    *,
    quote_id: int,
    outlet_id: int | None,
    via_outlet_id: int | None,
    speaker_id: int | None,
    speaker_name: str | None,
    fingerprint: str,
    match: Match | None,
    created_by: str | None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Return the columns of a new appearance of data's text, attached by match (None: new)."""
    return dict(
        quote_id=quote_id,
        outlet_id=outlet_id,
        via_outlet_id=via_outlet_id,
        published=data.date,
        url=data.url,
        text=data.text,
        speaker_id=speaker_id,
        speaker_name=speaker_name,
        speaker_role=data.speaker_role,
        context=data.context,
        partial=bool(match and match.partial),
        match_method=match.method if match else "new",
        match_score=match.score if match else None,
        fingerprint=fingerprint,
        created_at=now or utcnow(),
        created_by=created_by,
        article_id=None,
        article_start=None,
        article_end=None,
    )


def suggestion_row(
    quote_id: int, match: Match, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Return the columns of a pending suggestion: quote_id nearly is match.candidate_id.

    The pair is stored newer quote first (quote_id > other_quote_id), so one pair is one row
    whichever side it was found from.
    """
    a, b = quote_id, match.candidate_id
    return dict(
        quote_id=max(a, b),
        other_quote_id=min(a, b),
        score=round(match.score, 2),
        method=match.method,
        status="pending",
        created_at=now or utcnow(),
    )


def quote_stats(
    speaker_id: int | None, appearances: Sequence[tuple[dt.date | None, int | None]]
) -> dict[str, Any]:
    """Return a quote's derived columns from its appearances (date, speaker), oldest first."""
    if speaker_id is None:
        speaker_id = next((s for _, s in appearances if s is not None), None)
    dates = [d for d, _ in appearances if d is not None]
    return dict(
        speaker_id=speaker_id,
        appearance_count=len(appearances),
        first_published=min(dates) if dates else None,
        speaker_conflict=any(s is not None and s != speaker_id for _, s in appearances),
    )


def _refresh_stmt() -> Update:
    """UPDATE quote SET <derived columns from live appearances> WHERE id IN :ids (built once)."""
    qt, at = _QUOTE, _APPEARANCE
    first = _APPEARANCE.alias("named_first")
    named_first = (
        select(first.c.speaker_id)
        .where(
            first.c.quote_id == qt.c.id,
            first.c.speaker_id.is_not(None),
            first.c.deleted_at.is_(None),
        )
        .order_by(first.c.id)
        .limit(1)
        .correlate(qt)
        .scalar_subquery()
    )
    speaker = func.coalesce(qt.c.speaker_id, named_first)
    return (
        update(qt)
        .where(qt.c.id.in_(bindparam("ids", expanding=True)))
        .values(
            speaker_id=speaker,
            appearance_count=select(func.count())
            .where(at.c.quote_id == qt.c.id, at.c.deleted_at.is_(None))
            .scalar_subquery(),
            first_published=select(func.min(at.c.published))
            .where(at.c.quote_id == qt.c.id, at.c.deleted_at.is_(None))
            .scalar_subquery(),
            speaker_conflict=exists().where(
                and_(
                    at.c.quote_id == qt.c.id,
                    at.c.deleted_at.is_(None),
                    at.c.speaker_id.is_not(None),
                    at.c.speaker_id != speaker,
                )
            ),
            updated_at=bindparam("now"),
        )
    )


# Built once: every POST that adds an appearance runs it, and building the statement's
# subqueries cost more than running it (1.5 of 3.8 ms per call, cProfile of bench.writers).
_REFRESH = _refresh_stmt()


_REFRESH_ROW = _REFRESH.returning(*_QUOTE.c)


def refresh_row(session: Session, quote_id: int) -> dict[str, Any] | None:
    """Recompute one quote's derived columns and return its whole row (None: no such quote),
    one statement."""
    row = session.connection().execute(_REFRESH_ROW, {"ids": [quote_id], "now": utcnow()}).first()
    return None if row is None else dict(row._mapping)


def refresh_stats(session: Session, quote_ids: Sequence[int]) -> None:
    """Recompute the derived columns of stored quotes from their appearances (one statement per
    500 quotes)."""
    conn = session.connection()
    ids = sorted(set(quote_ids))
    for i in range(0, len(ids), _CHUNK):
        conn.execute(_REFRESH, {"ids": ids[i : i + _CHUNK], "now": utcnow()})
