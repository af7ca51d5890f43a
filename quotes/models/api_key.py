"""ApiKey: a named write key; only its SHA-256 is stored."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from quotes.models._common import utcnow


class ApiKey(SQLModel, table=True):
    """A key that may write; revoked keys are kept so their use answers 403."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True, index=True)
    prefix: str = Field(max_length=16)
    key_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    revoked_at: dt.datetime | None = None
