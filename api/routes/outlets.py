"""Routes of outlets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from api.deps import (
    Admin,
    Curator,
    Limit,
    Offset,
    PathId,
    ReadSession,
    Writer,
    WriteSession,
    require_reader,
)
from api.routes.quotes import ERRORS
from quotes.models import OutletCreate, OutletList, OutletPublic, OutletUpdate
from quotes.services import outlets as svc

router = APIRouter(prefix="/v1/outlets", tags=["outlets"], dependencies=[Depends(require_reader)])


@router.get("", response_model=OutletList, summary="List outlets", responses=ERRORS)
def list_outlets(
    session: ReadSession,
    q: Annotated[str | None, Query(max_length=300, description="Part of a name or domain")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> OutletList:
    """Page through outlets by name."""
    rows, total = svc.list_outlets(session, q=q, limit=limit, offset=offset)
    return OutletList(
        items=[svc.outlet_public(session, o) for o in rows], total=total, limit=limit, offset=offset
    )


@router.post(
    "",
    response_model=OutletPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Create an outlet",
    responses=ERRORS,
)
def post_outlet(body: OutletCreate, session: WriteSession, key: Writer) -> OutletPublic:
    """Create an outlet; 409 if its name or domain is taken."""
    outlet = svc.create_outlet(session, data=body, actor=key.name)
    session.commit()
    return svc.outlet_public(session, outlet)


@router.get("/{outlet_id}", response_model=OutletPublic, summary="Get an outlet", responses=ERRORS)
def get_outlet(outlet_id: PathId, session: ReadSession) -> OutletPublic:
    """Return an outlet with its appearance count."""
    return svc.outlet_public(session, svc.get_outlet(session, outlet_id))


@router.patch(
    "/{outlet_id}", response_model=OutletPublic, summary="Edit an outlet", responses=ERRORS
)
def patch_outlet(
    outlet_id: PathId, body: OutletUpdate, session: WriteSession, key: Writer
) -> OutletPublic:
    """Rename an outlet or change its domain."""
    outlet = svc.update_outlet(
        session, outlet=svc.get_outlet(session, outlet_id), data=body, actor=key.name
    )
    session.commit()
    return svc.outlet_public(session, outlet)


@router.delete(
    "/{outlet_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an outlet (restorable)",
    responses=ERRORS,
)
def delete_outlet(outlet_id: PathId, session: WriteSession, key: Curator) -> Response:
    """Hide an outlet with no appearances and no articles; 409 otherwise."""
    svc.delete_outlet(session, outlet=svc.get_outlet(session, outlet_id), actor=key.name)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{outlet_id}/restore",
    response_model=OutletPublic,
    summary="Restore a deleted outlet",
    responses=ERRORS,
)
def restore_outlet(outlet_id: PathId, session: WriteSession, key: Curator) -> OutletPublic:
    """Bring a deleted outlet back; 409 if it is not deleted."""
    outlet = svc.restore_outlet(
        session, outlet=svc.get_outlet(session, outlet_id, include_deleted=True), actor=key.name
    )
    session.commit()
    return svc.outlet_public(session, outlet)


@router.post(
    "/{outlet_id}/purge",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Purge a deleted outlet for good",
    responses=ERRORS,
)
def purge_outlet(outlet_id: PathId, session: WriteSession, key: Admin) -> Response:
    """Remove a deleted outlet for good; 409 if not deleted, or while appearances use it."""
    svc.purge_outlet(
        session, outlet=svc.get_outlet(session, outlet_id, include_deleted=True), actor=key.name
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
