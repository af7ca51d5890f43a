"""API keys: create (printed once), check, revoke. Only SHA-256 digests are stored."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, col, select

from quotes.errors import Conflict, MissingKey, NotFound, RevokedKey
from quotes.models import ApiKey
from quotes.models._common import utcnow

KEY_PREFIX = "qk_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, *, name: str) -> tuple[ApiKey, str]:
    """Create a named key; returns the row and the secret, which is never stored or shown again."""
    name = name.strip()
    if not name or len(name) > 100:
        raise Conflict("a key name must have 1 to 100 characters", field="name")
    if session.exec(select(ApiKey).where(ApiKey.name == name)).first() is not None:
        raise Conflict(f"a key named {name!r} exists", field="name")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name, prefix=secret[:10], key_hash=_digest(secret))
    session.add(row)
    session.flush()
    return row, secret


def check_key(session: Session, *, secret: str | None) -> ApiKey:
    """Return the live key for secret; MissingKey if none, RevokedKey if unknown or revoked."""
    if not secret:
        raise MissingKey("this request needs an API key: Authorization: Bearer <key>")
    row = session.exec(select(ApiKey).where(ApiKey.key_hash == _digest(secret))).first()
    if row is None:
        raise RevokedKey("the API key is not valid")
    if row.revoked_at is not None:
        raise RevokedKey(f"the API key {row.name!r} was revoked")
    return row


def revoke_key(session: Session, *, name: str) -> ApiKey:
    """Revoke the key with this name; its use then answers 403."""
    row = session.exec(select(ApiKey).where(ApiKey.name == name)).first()
    if row is None:
        raise NotFound(f"no key named {name!r}", field="name")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()
    return row


def list_keys(session: Session) -> list[ApiKey]:
    """Return every key, oldest first."""
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id))))
