"""Routes of curation: merge and split quotes, undo them, and list speaker conflicts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status

from api.deps import Curator, Limit, Offset, PathId, ReadSession, WriteSession, require_reader
from api.routes.quotes import ERRORS
from quotes.db import commit_with_retries
from quotes.models import MergeRequest, QuoteEventPublic, QuoteHistory, SplitRequest
from quotes.models.lookup import ConflictList
from quotes.services import curation as svc

router = APIRouter(prefix="/v1", tags=["curation"], dependencies=[Depends(require_reader)])


@router.post(
    "/quotes/{quote_id}/merge",
    response_model=QuoteEventPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Merge another quote into this one",
    responses=ERRORS,
)
def merge(
    quote_id: PathId, body: MergeRequest, session: WriteSession, key: Curator
) -> QuoteEventPublic:
    """Fold other_id into this quote; every appearance kept; undo with POST /v1/events/{id}/undo."""
    event = commit_with_retries(
        session,
        lambda: svc.merge(session, quote_id=quote_id, other_id=body.other_id, actor=key.name),
    )
    return svc.event_public(event)


@router.post(
    "/quotes/{quote_id}/split",
    response_model=QuoteEventPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Split appearances off into a new quote",
    responses=ERRORS,
)
def split(
    quote_id: PathId, body: SplitRequest, session: WriteSession, key: Curator
) -> QuoteEventPublic:
    """Move the given appearances to a new quote (other_quote_id in the answer)."""
    event = commit_with_retries(
        session,
        lambda: svc.split(
            session, quote_id=quote_id, appearance_ids=body.appearance_ids, actor=key.name
        ),
    )
    return svc.event_public(event)


@router.get(
    "/quotes/{quote_id}/history",
    response_model=QuoteHistory,
    summary="Merges, splits and edits of a quote",
    responses=ERRORS,
)
def history(quote_id: PathId, session: ReadSession) -> QuoteHistory:
    """Return the merges and splits that involved this quote (events), and the audit events of
    the quote and of its appearances (edits), with who and when, oldest first."""
    return svc.history(session, quote_id=quote_id)


@router.post(
    "/events/{event_id}/undo",
    response_model=QuoteEventPublic,
    summary="Undo a merge or split",
    responses=ERRORS,
)
def undo(event_id: PathId, session: WriteSession, key: Curator) -> QuoteEventPublic:
    """Reverse a merge or split; the event records who undid it and when."""
    event = commit_with_retries(
        session, lambda: svc.undo(session, event_id=event_id, actor=key.name)
    )
    return svc.event_public(event)


@router.get(
    "/conflicts",
    response_model=ConflictList,
    summary="Quotes attributed to several speakers",
    responses=ERRORS,
)
def conflicts(session: ReadSession, limit: Limit = 50, offset: Offset = 0) -> ConflictList:
    """List misattribution candidates: the same words attributed to different speakers."""
    items, total = svc.list_conflicts(session, limit=limit, offset=offset)
    return ConflictList(items=items, total=total, limit=limit, offset=offset)
