"""Appearance: one place where a quote was published, with the text exactly as printed there."""

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel
from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, Relationship, SQLModel

from quotes.models._common import IsoDate, OptionalText, Url, utcnow
from quotes.models.outlet import OutletRef
from quotes.models.speaker import SpeakerRef

if TYPE_CHECKING:
    from quotes.models.quote import Quote


class Appearance(SQLModel, table=True):
    """A quote as printed by one outlet on one date."""

    __table_args__ = (
        # An outlet's printings newest first (its page): the walk stops after a page's rows
        # instead of sorting all of them. quote_id and deleted_at ride along so counting an
        # outlet's printings reads the index alone. It also serves the foreign key to outlet.
        Index(
            "ix_appearance_outlet_published",
            "outlet_id",
            "published",
            "id",
            "quote_id",
            "deleted_at",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("quote.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    outlet_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("outlet.id", ondelete="RESTRICT"), nullable=True),
    )
    via_outlet_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("outlet.id", ondelete="RESTRICT"), nullable=True, index=True
        ),
    )
    published: dt.date | None = Field(default=None, index=True)
    url: str | None = Field(default=None, max_length=2048)
    text: str = Field(sa_column=Column(Text, nullable=False))
    speaker_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("speaker.id", ondelete="RESTRICT"), nullable=True, index=True
        ),
    )
    # The speaker as named there; None when the source names nobody (speaker unknown).
    speaker_name: str | None = Field(default=None, max_length=300)
    speaker_role: str | None = Field(default=None, max_length=500)
    context: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    partial: bool = Field(default=False)
    # How the appearance was attached to its quote: new, exact, similar, fragment, elision, curator…
    match_method: str | None = Field(default=None, max_length=32)
    match_score: float | None = Field(default=None)
    # The ingested article it was extracted from, and where in its text.
    article_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("article.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    article_start: int | None = None
    article_end: int | None = None
    # Derived: SHA-256 of what makes this appearance itself (outlet, date, url, text, speaker);
    # unique, so posting the same appearance twice stores it once. A deleted appearance holds
    # "deleted:<id>" instead, so the same appearance may be posted again; restore recomputes it.
    fingerprint: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str | None = Field(default=None, max_length=100)
    # Set when it was deleted (alone, or with its quote: then at the quote's deleted_at).
    deleted_at: dt.datetime | None = Field(default=None)
    quote: "Quote" = Relationship(back_populates="appearances")


class AppearanceUpdate(SQLModel):
    """Body of PATCH /v1/appearances/{id}; every field optional."""

    date: IsoDate | None = None
    url: Url | None = Field(default=None, max_length=2048)
    speaker_role: OptionalText | None = Field(default=None, max_length=500)
    context: OptionalText | None = Field(default=None, max_length=10_000)


class AppearancePublic(BaseModel):
    """An appearance as returned by the API."""

    id: int
    quote_id: int
    outlet: OutletRef | None
    via_outlet: OutletRef | None
    date: dt.date | None
    url: str | None
    text: str
    speaker: SpeakerRef | None
    speaker_name: str | None
    speaker_role: str | None
    context: str | None
    partial: bool
    match_method: str | None = None
    match_score: float | None = None
    article_id: int | None = None
    article_start: int | None = None
    article_end: int | None = None
    created_at: dt.datetime
