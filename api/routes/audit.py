"""Routes of the audit log: every recorded change, for curators and admins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Curator, Limit, ReadSession
from api.routes.quotes import ERRORS
from quotes.models import AuditAction, AuditEntity, AuditList
from quotes.models._common import MAX_ID
from quotes.services import audit as svc

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("", response_model=AuditList, summary="List recorded changes", responses=ERRORS)
def list_audit(
    session: ReadSession,
    _key: Curator,
    entity: Annotated[AuditEntity | None, Query(description="What changed")] = None,
    entity_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Its id")] = None,
    actor: Annotated[
        str | None, Query(max_length=100, description="Who: a key's name, or cli, import…")
    ] = None,
    action: Annotated[AuditAction | None, Query(description="What was done")] = None,
    since: Annotated[
        dt.datetime | None, Query(description="At or after (ISO 8601; UTC if no offset)")
    ] = None,
    until: Annotated[
        dt.datetime | None, Query(description="Before (ISO 8601; UTC if no offset)")
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=200, description="next_cursor of the last page")
    ] = None,
    limit: Limit = 50,
) -> AuditList:
    """Page through the audit log, newest first: who changed what, when, before and after."""
    rows, next_cursor = svc.list_events(
        session,
        entity=entity,
        entity_id=entity_id,
        actor=actor,
        action=action,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
    )
    return AuditList(
        items=[svc.event_public(e) for e in rows], next_cursor=next_cursor, limit=limit
    )
