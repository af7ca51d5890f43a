"""API keys: create (printed once), check, revoke. Only SHA-256 digests are stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Table, bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from quotes.db import fetch_rows, marks
from quotes.errors import Conflict, InvalidInput, MissingKey, NotFound, RevokedKey
from quotes.models import ROLES, ApiKey, KeyPublic
from quotes.models._common import utcnow
from quotes.services._db import pk
from quotes.services.audit import record

# One answer for an unknown, a revoked and an expired key: a caller holding someone's old key
# learns neither whose it was nor what became of it.
NOT_VALID = "this key is not valid"

KEY_PREFIX = "qk_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(
    session: Session,
    *,
    name: str,
    role: str = "writer",
    expires_at: dt.datetime | None = None,
    actor: str | None = None,
) -> tuple[ApiKey, str]:
    """Create a named key; returns the row and the secret, which is never stored or shown again.

    A naive expires_at is taken as UTC; one that is not in the future is refused. The audit
    event records its name, role and expiry (never the secret or its hash).
    """
    name = name.strip()
    if not name or len(name) > 100:
        raise Conflict("a key name must have 1 to 100 characters", field="name")
    if role not in ROLES:
        raise InvalidInput(f"the role must be one of {', '.join(ROLES)}", field="role")
    if expires_at is not None:
        if expires_at.utcoffset() is None:
            expires_at = expires_at.replace(tzinfo=dt.UTC)
        if expires_at <= utcnow():
            raise InvalidInput("the expiry must be in the future", field="expires_at")
    if session.exec(select(ApiKey).where(ApiKey.name == name)).first() is not None:
        raise Conflict(f"a key named {name!r} exists", field="name")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        name=name, prefix=secret[:10], key_hash=_digest(secret), role=role, expires_at=expires_at
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity="key",
        entity_id=pk(row),
        before=None,
        after={"name": row.name, "role": row.role, "expires_at": row.expires_at},
    )
    return row, secret


# The key check runs on every request that sends a key: one prebuilt statement, no ORM load.
_KEYS: Table = ApiKey.__table__  # type: ignore[attr-defined]
_KEY_BY_HASH = sa_select(_KEYS).where(_KEYS.c.key_hash == bindparam("h"))
_KEY_COLUMNS = ", ".join(c.name for c in _KEYS.columns)
# The keys seen lately, by their row as the driver returns it. Building an ApiKey (SQLModel) and
# reading it through SQLAlchemy cost 0.6 ms of a POST's 7.9 (py-spy, ASGI in-process); the row
# itself is read on every check, so a key revoked or changed since is a new row, never a stale
# hit. Only stored keys get in (an unknown secret reads no row), and few are kept.
_SEEN: dict[tuple[object, ...], ApiKey] = {}
_SEEN_MAX = 256


def check_key(db: Session | Connection, *, secret: str | None) -> ApiKey:
    """Return the live key for secret; MissingKey if none, else RevokedKey if not live.

    An unknown, a revoked and an expired key share one message (NOT_VALID). The key returned
    is detached: read it, do not change it.
    """
    if not secret:
        raise MissingKey("this request needs an API key: Authorization: Bearer <key>")
    digest = _digest(secret)
    conn = db if isinstance(db, Connection) else db.connection()
    sql = f"SELECT {_KEY_COLUMNS} FROM api_key WHERE key_hash = {marks(conn, 1)}"
    found = fetch_rows(conn, sql, [digest])
    if not found:
        raise RevokedKey(NOT_VALID)
    key = _SEEN.get(found[0])
    if key is None:
        row = conn.execute(_KEY_BY_HASH, {"h": digest}).first()
        if row is None:
            raise RevokedKey(NOT_VALID)
        key = ApiKey(**row._mapping)
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        _SEEN[found[0]] = key
    if not key.is_live(utcnow()):
        raise RevokedKey(NOT_VALID)
    return key


def revoke_key(session: Session, *, name: str, actor: str | None = None) -> ApiKey:
    """Revoke the key with this name; its use then answers 403."""
    row = session.exec(select(ApiKey).where(ApiKey.name == name)).first()
    if row is None:
        raise NotFound(f"no key named {name!r}", field="name")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()
        record(
            session,
            actor=actor,
            action="revoke",
            entity="key",
            entity_id=pk(row),
            before={"name": row.name, "revoked_at": None},
            after={"name": row.name, "revoked_at": row.revoked_at},
        )
    return row


def list_keys(session: Session) -> list[ApiKey]:
    """Return every key, oldest first."""
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id))))


def key_public(row: ApiKey) -> KeyPublic:
    """Return what may be shown of a key: never its hash."""
    return KeyPublic.model_validate(row, from_attributes=True)
