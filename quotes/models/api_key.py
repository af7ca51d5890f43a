"""ApiKey: a named key with a role and an optional expiry; only its SHA-256 is stored."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from sqlmodel import Field, SQLModel

from quotes.models._common import utcnow

Role = Literal["reader", "writer", "curator", "admin"]
# Each role includes the ones before it: a curator may do what a writer may.
ROLES: tuple[Role, ...] = get_args(Role)
_RANK: dict[str, int] = {role: rank for rank, role in enumerate(ROLES)}


class ApiKey(SQLModel, table=True):
    """A key and what it may do; revoked and expired keys are kept so their use answers 403."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True, index=True)
    prefix: str = Field(max_length=16)
    key_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    revoked_at: dt.datetime | None = None
    role: str = Field(
        default="writer", max_length=16, sa_column_kwargs={"server_default": "writer"}
    )
    expires_at: dt.datetime | None = None

    def allows(self, role: str) -> bool:
        """Say whether this key's role includes role (admin includes curator, and so on)."""
        return _RANK.get(self.role, -1) >= _RANK[role]

    def is_live(self, now: dt.datetime) -> bool:
        """Say whether the key may be used at now: neither revoked nor expired."""
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


class KeyCreate(SQLModel):
    """What an admin sends to create a key: a name, a role, and optionally an expiry."""

    name: str = Field(min_length=1, max_length=100)
    role: Role = "writer"
    expires_at: dt.datetime | None = Field(
        default=None, description="When the key stops working (ISO 8601; UTC if no offset)"
    )


class KeyPublic(SQLModel):
    """A key as listed: never its secret or hash, only the first characters to recognise it."""

    name: str
    prefix: str
    role: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class KeyCreated(KeyPublic):
    """A key just created, with its secret: shown once, never stored."""

    secret: str
