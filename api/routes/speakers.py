"""Routes of speakers and their aliases."""

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
from quotes.models import (
    AliasCreate,
    SpeakerCreate,
    SpeakerDetail,
    SpeakerList,
    SpeakerPublic,
    SpeakerUpdate,
)
from quotes.services import quotes as quote_svc
from quotes.services import speakers as svc

router = APIRouter(prefix="/v1/speakers", tags=["speakers"], dependencies=[Depends(require_reader)])


def _detail(session: ReadSession, speaker_id: int) -> SpeakerDetail:
    speaker = svc.get_speaker(session, speaker_id)
    quotes, total = quote_svc.quotes_of_speaker(session, speaker_id)
    return SpeakerDetail(
        **svc.speaker_public(speaker).model_dump(),
        quote_count=total,
        quotes=quote_svc.quote_summaries(session, quotes),
    )


@router.get("", response_model=SpeakerList, summary="List speakers", responses=ERRORS)
def list_speakers(
    session: ReadSession,
    q: Annotated[str | None, Query(max_length=300, description="Part of a name or alias")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> SpeakerList:
    """Page through speakers by name."""
    rows, total = svc.list_speakers(session, q=q, limit=limit, offset=offset)
    return SpeakerList(
        items=[svc.speaker_public(s) for s in rows], total=total, limit=limit, offset=offset
    )


@router.post(
    "",
    response_model=SpeakerPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Create a speaker",
    responses=ERRORS,
)
def post_speaker(body: SpeakerCreate, session: WriteSession, key: Writer) -> SpeakerPublic:
    """Create a speaker with aliases; 409 if a name already names someone."""
    speaker = svc.create_speaker(session, data=body, actor=key.name)
    session.commit()
    return svc.speaker_public(speaker)


@router.get(
    "/{speaker_id}",
    response_model=SpeakerDetail,
    summary="Get a speaker and their quotes",
    responses=ERRORS,
)
def get_speaker(speaker_id: PathId, session: ReadSession) -> SpeakerDetail:
    """Return a speaker with their newest 100 quotes and their quote count."""
    return _detail(session, speaker_id)


@router.patch(
    "/{speaker_id}", response_model=SpeakerPublic, summary="Edit a speaker", responses=ERRORS
)
def patch_speaker(
    speaker_id: PathId, body: SpeakerUpdate, session: WriteSession, key: Writer
) -> SpeakerPublic:
    """Rename a speaker (the old name stays an alias) or change their description or external id."""
    speaker = svc.update_speaker(
        session, speaker=svc.get_speaker(session, speaker_id), data=body, actor=key.name
    )
    session.commit()
    return svc.speaker_public(speaker)


@router.delete(
    "/{speaker_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a speaker (restorable)",
    responses=ERRORS,
)
def delete_speaker(speaker_id: PathId, session: WriteSession, key: Curator) -> Response:
    """Hide a speaker with no quotes; 409 while quotes are attributed to them."""
    svc.delete_speaker(session, speaker=svc.get_speaker(session, speaker_id), actor=key.name)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{speaker_id}/restore",
    response_model=SpeakerPublic,
    summary="Restore a deleted speaker",
    responses=ERRORS,
)
def restore_speaker(speaker_id: PathId, session: WriteSession, key: Curator) -> SpeakerPublic:
    """Bring a deleted speaker back with their aliases; 409 if not deleted."""
    speaker = svc.restore_speaker(
        session, speaker=svc.get_speaker(session, speaker_id, include_deleted=True), actor=key.name
    )
    session.commit()
    return svc.speaker_public(speaker)


@router.post(
    "/{speaker_id}/purge",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Purge a deleted speaker for good",
    responses=ERRORS,
)
def purge_speaker(speaker_id: PathId, session: WriteSession, key: Admin) -> Response:
    """Remove a deleted speaker for good; 409 if not deleted, or while deleted quotes name them."""
    svc.purge_speaker(
        session, speaker=svc.get_speaker(session, speaker_id, include_deleted=True), actor=key.name
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{speaker_id}/aliases",
    response_model=SpeakerPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Add an alias",
    responses=ERRORS,
)
def post_alias(
    speaker_id: PathId, body: AliasCreate, session: WriteSession, key: Writer
) -> SpeakerPublic:
    """Add another spelling of a speaker's name; 409 if it names someone else."""
    speaker = svc.add_alias(
        session, speaker=svc.get_speaker(session, speaker_id), alias=body.alias, actor=key.name
    )
    session.commit()
    return svc.speaker_public(speaker)


@router.delete(
    "/{speaker_id}/aliases/{alias_id}",
    response_model=SpeakerPublic,
    summary="Remove an alias",
    responses=ERRORS,
)
def delete_alias(
    speaker_id: PathId, alias_id: PathId, session: WriteSession, key: Curator
) -> SpeakerPublic:
    """Remove an alias (not the canonical name)."""
    speaker = svc.remove_alias(
        session, speaker=svc.get_speaker(session, speaker_id), alias_id=alias_id, actor=key.name
    )
    session.commit()
    return svc.speaker_public(speaker)
