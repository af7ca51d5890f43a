"""Suggestion: a merge the dedup decision suggests but does not make, for a curator to settle.

A text whose best candidate scores between ``Thresholds.suggest`` and the automatic thresholds
is stored as a new quote, and a suggestion pairs it with that candidate. A curator accepts it
(the newer quote is merged into the older, as any merge: recorded and undoable) or rejects it
(the pair is remembered: never suggested again, never merged by ``quotes dedup``).
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from quotes.models._common import utcnow
from quotes.models.quote import QuoteSummary

SuggestionStatus = Literal["pending", "accepted", "rejected"]
# What GET /v1/suggestions?status= lists: stale ones are pending ones whose quotes have since
# been merged or deleted (computed when read, so an undone merge makes them pending again).
SuggestionFilter = Literal["pending", "stale", "accepted", "rejected"]


class Suggestion(SQLModel, table=True):
    """A suggested merge: quote_id (the newer quote) nearly is other_quote_id (the older one).

    A pair is stored once, newer first, whatever order it was found in, so the unique pair
    also remembers a rejection from either side. Plain ids, no foreign keys: like quote_event,
    a decision outlives the quotes it names (a purged quote makes its suggestions stale).
    """

    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("quote_id", "other_quote_id", name="uq_suggestion_pair"),
        CheckConstraint("quote_id > other_quote_id", name="ck_suggestion_pair_order"),
        # The review queue (pending ones, newest first) and the rejected pairs dedup skips.
        Index("ix_suggestion_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int
    other_quote_id: int
    score: float
    method: str = Field(max_length=16)
    status: str = Field(default="pending", max_length=16)
    created_at: dt.datetime = Field(default_factory=utcnow)
    decided_by: str | None = Field(default=None, max_length=100)
    decided_at: dt.datetime | None = None
    # The merge an accept made (POST /v1/events/{event_id}/undo reverses it).
    event_id: int | None = None


class SuggestionPublic(BaseModel):
    """A suggested merge as the API returns it: both quotes side by side, score and state.

    quote is the newer quote, which an accept merges into other_quote; either is None only if
    it was purged. stale: still pending, but a quote has since been merged or deleted (see
    stale_reason); it cannot be accepted until that is undone, and may be rejected.
    """

    id: int
    status: SuggestionStatus
    stale: bool
    stale_reason: str | None
    score: float
    method: str
    quote: QuoteSummary | None
    other_quote: QuoteSummary | None
    created_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    event_id: int | None


class SuggestionList(BaseModel):
    """A page of suggestions (newest first) and how many match the filter."""

    items: list[SuggestionPublic]
    total: int
    limit: int
    offset: int
