"""AuditEvent: the append-only record of every change, with who, when, what, before and after.

Written by the services through quotes.services.audit.record, in the transaction of the change
(a change that fails leaves no event); never updated or deleted, so it outlives what it describes,
purged rows included. before/after hold the columns' values as JSON: for a create the new row,
for an edit only the changed fields, for a delete or restore ``deleted_at``, for a purge the
whole row (its last copy), for a merge, split or undo the id of the quote_event that holds which
appearances moved, for a suggestion accepted or rejected its status (and the merge's event).
"""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from quotes.models._common import utcnow

AuditAction = Literal[
    "create",
    "edit",
    "delete",
    "restore",
    "purge",
    "merge",
    "split",
    "undo",
    "revoke",
    "accept",
    "reject",
]
AuditEntity = Literal["quote", "appearance", "speaker", "outlet", "key", "suggestion"]


class AuditEvent(SQLModel, table=True):
    """One change: who (a key's name, or a CLI actor such as "cli"), when, what, before, after."""

    __tablename__ = "audit_event"
    # The history of one entity (and GET /v1/audit?entity=…&entity_id=…), newest first.
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str | None = Field(default=None, max_length=100, index=True)
    action: str = Field(max_length=16)
    entity: str = Field(max_length=16)
    entity_id: int
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class AuditEventPublic(BaseModel):
    """An audit event as returned by the API."""

    id: int
    created_at: dt.datetime
    actor: str | None
    action: str
    entity: str
    entity_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditList(BaseModel):
    """A page of audit events, newest first; pass next_cursor as cursor for the next page."""

    items: list[AuditEventPublic]
    next_cursor: str | None
    limit: int
