"""Routes of suggested merges: the review queue, and a curator's accept or reject."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.deps import Curator, Limit, Offset, PathId, ReadSession, WriteSession, require_reader
from api.routes.quotes import ERRORS
from quotes.db import commit_with_retries
from quotes.models import SuggestionFilter, SuggestionList, SuggestionPublic
from quotes.services import suggestions as svc

router = APIRouter(
    prefix="/v1/suggestions", tags=["curation"], dependencies=[Depends(require_reader)]
)


@router.get("", response_model=SuggestionList, summary="List suggested merges", responses=ERRORS)
def list_suggestions(
    session: ReadSession,
    status: Annotated[
        SuggestionFilter,
        Query(
            description="pending: to review (both quotes live); stale: pending, but a quote was "
            "merged or deleted since; accepted; rejected"
        ),
    ] = "pending",
    limit: Limit = 50,
    offset: Offset = 0,
) -> SuggestionList:
    """List the merges the matcher was unsure of, newest first, each with both quotes' texts,
    speakers and first appearances side by side."""
    rows, total = svc.list_suggestions(session, status=status, limit=limit, offset=offset)
    return SuggestionList(
        items=svc.suggestions_public(session, rows), total=total, limit=limit, offset=offset
    )


@router.get(
    "/{suggestion_id}",
    response_model=SuggestionPublic,
    summary="A suggested merge",
    responses=ERRORS,
)
def get_suggestion(suggestion_id: PathId, session: ReadSession) -> SuggestionPublic:
    """Return one suggested merge, both quotes side by side, and its state."""
    return svc.suggestion_public(session, svc.get_suggestion(session, suggestion_id))


@router.post(
    "/{suggestion_id}/accept",
    response_model=SuggestionPublic,
    summary="Accept a suggested merge",
    responses=ERRORS,
)
def accept(suggestion_id: PathId, session: WriteSession, key: Curator) -> SuggestionPublic:
    """Merge the newer quote into the older one; undo with POST /v1/events/{event_id}/undo.

    409 if it was decided already or is stale (a quote merged or deleted since).
    """
    suggestion = commit_with_retries(
        session, lambda: svc.accept(session, suggestion_id=suggestion_id, actor=key.name)
    )
    return svc.suggestion_public(session, suggestion)


@router.post(
    "/{suggestion_id}/reject",
    response_model=SuggestionPublic,
    summary="Reject a suggested merge",
    responses=ERRORS,
)
def reject(suggestion_id: PathId, session: WriteSession, key: Curator) -> SuggestionPublic:
    """Keep the two quotes apart for good: the pair is never suggested nor merged by dedup again.

    409 if it was decided already.
    """
    suggestion = commit_with_retries(
        session, lambda: svc.reject(session, suggestion_id=suggestion_id, actor=key.name)
    )
    return svc.suggestion_public(session, suggestion)


@router.post(
    "/{suggestion_id}/reopen",
    response_model=SuggestionPublic,
    summary="Undo the rejection of a suggested merge",
    responses=ERRORS,
)
def reopen(suggestion_id: PathId, session: WriteSession, key: Curator) -> SuggestionPublic:
    """Put a rejected suggestion back in the queue (pending); 409 unless it is rejected."""
    suggestion = commit_with_retries(
        session, lambda: svc.reopen(session, suggestion_id=suggestion_id, actor=key.name)
    )
    return svc.suggestion_public(session, suggestion)
