"""Routes of API keys, for admin keys only: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.deps import Admin, ReadSession, WriteSession
from api.routes.quotes import ERRORS
from quotes.models import KeyCreate, KeyCreated, KeyPublic
from quotes.services import keys as svc

router = APIRouter(prefix="/v1/keys", tags=["keys"])

KeyName = Annotated[str, Path(min_length=1, max_length=100, description="The key's name")]


@router.get("", response_model=list[KeyPublic], summary="List API keys", responses=ERRORS)
def list_keys(session: ReadSession, _key: Admin) -> list[KeyPublic]:
    """Return every key, oldest first, with its role, expiry and revocation (never a secret)."""
    return [svc.key_public(k) for k in svc.list_keys(session)]


@router.post(
    "",
    response_model=KeyCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Create an API key (its secret is shown once)",
    responses=ERRORS,
)
def post_key(body: KeyCreate, session: WriteSession, key: Admin) -> KeyCreated:
    """Create a key with a role and an optional expiry; 409 if the name is taken."""
    row, secret = svc.create_key(
        session, name=body.name, role=body.role, expires_at=body.expires_at, actor=key.name
    )
    session.commit()
    return KeyCreated(**svc.key_public(row).model_dump(), secret=secret)


@router.delete(
    "/{name}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an API key",
    responses=ERRORS,
)
def delete_key(name: KeyName, session: WriteSession, key: Admin) -> Response:
    """Revoke the key; it is kept, and its use answers 403 from now on."""
    svc.revoke_key(session, name=name, actor=key.name)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
