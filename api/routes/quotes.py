"""Routes of quotes and their appearances."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from starlette.concurrency import run_in_threadpool

from api.deps import (
    Admin,
    Curator,
    Limit,
    PathId,
    PlanDep,
    ReadSession,
    ThresholdsDep,
    Writer,
    WriteSession,
    require_reader,
)
from api.errors import Problem
from quotes.db import commit_with_retries
from quotes.models import (
    AppearancePublic,
    AppearanceUpdate,
    QuoteCreate,
    QuoteCreated,
    QuoteList,
    QuotePublic,
    QuoteUpdate,
)
from quotes.models._common import IsoDate
from quotes.services import quotes as svc

router = APIRouter(prefix="/v1", tags=["quotes"], dependencies=[Depends(require_reader)])

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": Problem, "content": {"application/problem+json": {}}}
    for code in (401, 403, 404, 409, 422)
}


@router.post(
    "/quotes",
    response_model=QuoteCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Store a quote as printed by an outlet (merges with a known quote)",
    responses={200: {"model": QuoteCreated, "description": "Appearance already stored"}, **ERRORS},
)
async def post_quote(
    body: QuoteCreate,
    key: Writer,
    session: WriteSession,
    response: Response,
    thresholds: ThresholdsDep,
    plan: PlanDep,
) -> QuoteCreated:
    """Store a quote; a version of a stored quote (reprint, fragment…) becomes its appearance."""

    def store() -> tuple[bool, QuoteCreated]:
        # The answer is read in the write's transaction, naming what the write already read.
        added = svc.add_quote(
            session, data=body, created_by=key.name, thresholds=thresholds, plan=plan
        )
        return added.appearance_created, svc.quote_created(session, added)

    # One trip to a thread for the whole write.
    created, answer = await run_in_threadpool(commit_with_retries, session, store)
    if not created:
        response.status_code = status.HTTP_200_OK
    return answer


@router.get("/quotes", response_model=QuoteList, summary="List quotes", responses=ERRORS)
def list_quotes(
    session: ReadSession,
    speaker: Annotated[str | None, Query(max_length=300, description="Speaker id or name")] = None,
    outlet: Annotated[
        str | None, Query(max_length=300, description="Outlet id, name or domain")
    ] = None,
    date_from: Annotated[
        IsoDate | None, Query(description="Appeared on or after (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[
        IsoDate | None, Query(description="Appeared on or before (YYYY-MM-DD)")
    ] = None,
    order: Annotated[
        Literal["newest", "oldest"], Query(description="By first appearance")
    ] = "newest",
    cursor: Annotated[
        str | None, Query(max_length=200, description="next_cursor of the last page")
    ] = None,
    limit: Limit = 50,
) -> QuoteList:
    """Page through quotes, newest first by default; pass next_cursor to continue."""
    rows, next_cursor = svc.list_quotes(
        session,
        speaker=speaker,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        order=order,
        cursor=cursor,
        limit=limit,
    )
    return QuoteList(items=svc.quote_summaries(session, rows), next_cursor=next_cursor, limit=limit)


@router.get(
    "/quotes/{quote_id}", response_model=QuotePublic, summary="Get one quote", responses=ERRORS
)
def get_quote(quote_id: PathId, session: ReadSession) -> QuotePublic:
    """Return a quote with its speaker, first appearance and every appearance."""
    return svc.quote_public(session, svc.get_quote(session, quote_id))


@router.patch(
    "/quotes/{quote_id}", response_model=QuotePublic, summary="Edit a quote", responses=ERRORS
)
def patch_quote(
    quote_id: PathId, body: QuoteUpdate, session: WriteSession, key: Writer
) -> QuotePublic:
    """Change a quote's kind, language or attributed speaker."""
    quote = svc.update_quote(
        session, quote=svc.get_quote(session, quote_id), data=body, actor=key.name
    )
    session.commit()
    return svc.quote_public(session, quote)


@router.delete(
    "/quotes/{quote_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a quote (restorable)",
    responses=ERRORS,
)
def delete_quote(
    quote_id: PathId,
    session: WriteSession,
    key: Curator,
    with_appearances: Annotated[
        bool, Query(description="Needed when it has several appearances")
    ] = False,
) -> Response:
    """Hide a quote and its appearances; one with several needs with_appearances=true.

    It answers 404 from then on and leaves lists, lookups and duplicate checks; POST
    /v1/quotes/{id}/restore brings it back, POST /v1/quotes/{id}/purge (admin) removes it.
    """
    svc.delete_quote(
        session,
        quote=svc.get_quote(session, quote_id, for_update=True),
        with_appearances=with_appearances,
        actor=key.name,
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/quotes/{quote_id}/restore",
    response_model=QuotePublic,
    summary="Restore a deleted quote",
    responses=ERRORS,
)
def restore_quote(quote_id: PathId, session: WriteSession, key: Curator) -> QuotePublic:
    """Bring a deleted quote back with the appearances deleted with it; 409 if not deleted."""
    quote = svc.restore_quote(
        session,
        quote=svc.get_quote(session, quote_id, for_update=True, include_deleted=True),
        actor=key.name,
    )
    session.commit()
    return svc.quote_public(session, quote)


@router.post(
    "/quotes/{quote_id}/purge",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Purge a deleted quote for good",
    responses=ERRORS,
)
def purge_quote(quote_id: PathId, session: WriteSession, key: Admin) -> Response:
    """Remove a deleted quote and its appearances for good; 409 if it is not deleted first.

    The audit log keeps its last values.
    """
    svc.purge_quote(
        session,
        quote=svc.get_quote(session, quote_id, for_update=True, include_deleted=True),
        actor=key.name,
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/appearances/{appearance_id}",
    response_model=AppearancePublic,
    summary="Get one appearance",
    responses=ERRORS,
)
def get_appearance(appearance_id: PathId, session: ReadSession) -> AppearancePublic:
    """Return one appearance."""
    return svc.appearance_public(session, svc.get_appearance(session, appearance_id))


@router.patch(
    "/appearances/{appearance_id}",
    response_model=AppearancePublic,
    summary="Edit an appearance",
    responses=ERRORS,
)
def patch_appearance(
    appearance_id: PathId, body: AppearanceUpdate, session: WriteSession, key: Writer
) -> AppearancePublic:
    """Correct an appearance's date, url, speaker role or context."""
    appearance = svc.update_appearance(
        session, appearance=svc.get_appearance(session, appearance_id), data=body, actor=key.name
    )
    session.commit()
    return svc.appearance_public(session, appearance)


@router.delete(
    "/appearances/{appearance_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an appearance (restorable)",
    responses=ERRORS,
)
def delete_appearance(appearance_id: PathId, session: WriteSession, key: Curator) -> Response:
    """Hide one appearance; a quote's last appearance goes only with the quote."""
    svc.delete_appearance(
        session, appearance=svc.get_appearance(session, appearance_id), actor=key.name
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/appearances/{appearance_id}/restore",
    response_model=AppearancePublic,
    summary="Restore a deleted appearance",
    responses=ERRORS,
)
def restore_appearance(
    appearance_id: PathId, session: WriteSession, key: Curator
) -> AppearancePublic:
    """Bring a deleted appearance back onto its quote; 409 if its quote is deleted."""
    appearance = svc.restore_appearance(
        session,
        appearance=svc.get_appearance(session, appearance_id, include_deleted=True),
        actor=key.name,
    )
    session.commit()
    return svc.appearance_public(session, appearance)


@router.post(
    "/appearances/{appearance_id}/purge",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Purge a deleted appearance for good",
    responses=ERRORS,
)
def purge_appearance(appearance_id: PathId, session: WriteSession, key: Admin) -> Response:
    """Remove a deleted appearance for good; 409 if it is not deleted first."""
    svc.purge_appearance(
        session,
        appearance=svc.get_appearance(session, appearance_id, include_deleted=True),
        actor=key.name,
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
