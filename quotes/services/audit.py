"""The audit log: record every change in its own transaction, and read it back.

Every service that changes a quote, appearance, speaker, outlet or key calls ``record`` once per
change, after the change and before its final flush: the event is written in the same
transaction, so a change that fails (or a request that is rolled back) leaves no event, and a
change that commits always has one. Events are never updated or deleted. Derived columns
(appearance counts, first dates, conflict flags, index postings) are not recorded: they follow
from the recorded changes.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import insert, or_
from sqlmodel import Session, SQLModel, col, select

from quotes.errors import InvalidInput
from quotes.models import Appearance, AuditEvent, AuditEventPublic
from quotes.models._common import MAX_ID, utcnow
from quotes.services._db import pk

# session.info key: while set, record() writes nothing (see suspended()).
_SUSPENDED = "quotes.audit.suspended"


_INSERT = insert(AuditEvent.__table__)  # type: ignore[attr-defined]  # Core: no ORM flush


def record(
    session: Session,
    *,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append one event (who, what, before, after) in the session's transaction."""
    if session.info.get(_SUSPENDED):
        return
    session.connection().execute(
        _INSERT,
        {
            "created_at": utcnow(),
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "before": to_jsonable_python(before) if before is not None else None,
            "after": to_jsonable_python(after) if after is not None else None,
        },
    )


@contextmanager
def suspended(session: Session) -> Iterator[None]:
    """Record nothing per change inside the block: for bulk writers that record one event per
    run instead (e.g. ``quotes import``), so an import of a million rows is not a million events.
    """
    before = session.info.get(_SUSPENDED, False)
    session.info[_SUSPENDED] = True
    try:
        yield
    finally:
        session.info[_SUSPENDED] = before


def values(row: SQLModel, fields: Iterable[str]) -> dict[str, Any]:
    """Return {field: value} of a row for an event (JSON-ready when recorded)."""
    return {f: getattr(row, f) for f in fields}


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the fields whose value differs, as (before, after): what an edit records."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def encode_cursor(event_id: int) -> str:
    """Return the opaque cursor that continues a listing after this event."""
    return base64.urlsafe_b64encode(f"a|{event_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Return the event id of a cursor, or raise InvalidInput."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, ident = raw.split("|")
        event_id = int(ident)
        if tag != "a" or not 0 <= event_id <= MAX_ID:
            raise ValueError("not an audit cursor")
        return event_id
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("is not a cursor returned by this API", field="cursor") from None


def _utc(value: dt.datetime, *, field: str) -> dt.datetime:
    """Return value in UTC (a naive time is UTC); InvalidInput if UTC cannot hold it."""
    if value.utcoffset() is None:
        return value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00 is before year 1 in UTC
        raise InvalidInput("is out of the range of dates", field=field) from None


def list_events(
    session: Session,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[AuditEvent], str | None]:
    """Return a page of events, newest first, and the cursor of the next page (None at the end).

    Ordered by id (events are numbered as they are written), so pages are stable while events
    are added. since is inclusive, until exclusive; a time without offset is UTC.
    """
    stmt = select(AuditEvent)
    if entity is not None:
        stmt = stmt.where(AuditEvent.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    if actor is not None:
        stmt = stmt.where(AuditEvent.actor == actor)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    if since is not None:
        stmt = stmt.where(col(AuditEvent.created_at) >= _utc(since, field="since"))
    if until is not None:
        stmt = stmt.where(col(AuditEvent.created_at) < _utc(until, field="until"))
    if cursor:
        stmt = stmt.where(col(AuditEvent.id) < decode_cursor(cursor))
    rows = list(session.exec(stmt.order_by(col(AuditEvent.id).desc()).limit(limit + 1)))
    next_cursor = encode_cursor(pk(rows[limit - 1])) if len(rows) > limit else None
    return rows[:limit], next_cursor


def quote_edits(session: Session, *, quote_id: int) -> list[AuditEvent]:
    """Return the events of a quote and of its appearances (deleted ones too), oldest first."""
    mine = select(Appearance.id).where(Appearance.quote_id == quote_id)
    return list(
        session.exec(
            select(AuditEvent)
            .where(
                or_(
                    (col(AuditEvent.entity) == "quote") & (col(AuditEvent.entity_id) == quote_id),
                    (col(AuditEvent.entity) == "appearance") & col(AuditEvent.entity_id).in_(mine),
                )
            )
            .order_by(col(AuditEvent.id))
        )
    )


def event_public(event: AuditEvent) -> AuditEventPublic:
    """Return the API shape of an audit event."""
    return AuditEventPublic.model_validate(event, from_attributes=True)
