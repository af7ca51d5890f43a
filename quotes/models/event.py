"""QuoteEvent: the record of a curator's merge or split, with who and when, so it can be undone."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from quotes.models._common import MAX_ID, Id, utcnow
from quotes.models.audit import AuditEventPublic

EventKind = Literal["merge", "split"]


class QuoteEvent(SQLModel, table=True):
    """One merge (other quote folded into quote) or split (appearances moved to other quote)."""

    __tablename__ = "quote_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    # Plain ids, no foreign keys: history outlives the quotes it names (a purge keeps it).
    quote_id: int = Field(index=True)
    other_quote_id: int = Field(index=True)
    appearance_ids: list[int] = Field(sa_column=Column(JSON, nullable=False))
    actor: str = Field(max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow)
    undone_at: dt.datetime | None = None
    undone_by: str | None = Field(default=None, max_length=100)


class MergeRequest(SQLModel):
    """Body of POST /v1/quotes/{id}/merge: fold other_id into this quote."""

    other_id: int = Field(ge=1, le=MAX_ID, description="The quote to fold into this one")


class SplitRequest(SQLModel):
    """Body of POST /v1/quotes/{id}/split: move these appearances to a new quote."""

    appearance_ids: list[Id] = Field(min_length=1, max_length=10_000)


class QuoteEventPublic(BaseModel):
    """A merge or split as returned by the API."""

    id: int
    kind: str
    quote_id: int
    other_quote_id: int
    appearance_ids: list[int]
    actor: str
    created_at: dt.datetime
    undone_at: dt.datetime | None
    undone_by: str | None


class QuoteHistory(BaseModel):
    """Answer of GET /v1/quotes/{id}/history: its merges and splits, and every recorded change.

    edits are the audit events of the quote and of its appearances (created, edited, deleted,
    restored, merged…), oldest first.
    """

    quote_id: int
    events: list[QuoteEventPublic]
    edits: list[AuditEventPublic]
