"""Quote: a statement and its verbatim text; its appearances say where it was published."""

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, model_validator
from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from quotes.models._common import (
    MAX_ID,
    IsoDate,
    LanguageTag,
    Name,
    OptionalText,
    Url,
    VerbatimText,
    utcnow,
)
from quotes.models.appearance import AppearancePublic
from quotes.models.outlet import OutletRef
from quotes.models.speaker import SpeakerRef

if TYPE_CHECKING:
    from quotes.models.appearance import Appearance

QuoteKind = Literal["direct", "indirect"]


class QuoteBase(SQLModel):
    """Fields of a quote that clients set."""

    kind: QuoteKind = Field(
        default="direct",
        sa_type=String(16),
        description="direct quote, or indirect statement/paraphrase",
    )
    language: LanguageTag | None = Field(
        default=None, max_length=35, description="Language tag such as en, hy, ru"
    )


class Quote(QuoteBase, table=True):
    """A statement, stored once however many outlets printed it."""

    __table_args__ = (
        Index("ix_quote_first_published_id", "first_published", "id"),
        Index("ix_quote_speaker_first_published", "speaker_id", "first_published", "id"),
        # One quote per matching form, except those a curator split off (variant > 0): the
        # same words can then stand for two statements, e.g. by two speakers.
        UniqueConstraint("norm_hash", "variant", name="uq_quote_norm_hash_variant"),
    )

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    # Derived, set by services only: the matching form of text and its SHA-256.
    norm: str = Field(sa_column=Column(Text, nullable=False))
    norm_hash: str = Field(max_length=64, index=True)
    variant: int = Field(default=0)
    speaker_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("speaker.id", ondelete="RESTRICT"), nullable=True),
    )
    first_published: dt.date | None = Field(default=None)
    appearance_count: int = Field(default=0)
    # Set when a curator merged this quote into another; it then leaves lists and the index.
    merged_into_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("quote.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    # True while its appearances name more than one speaker (a misattribution candidate).
    speaker_conflict: bool = Field(default=False, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # Set when a curator deleted it: hidden everywhere, kept, restorable (an admin may purge it).
    # A deleted quote's variant is -id, which frees its (norm_hash, variant) slot for a new
    # quote with the same words; a restore takes the lowest free variant again.
    deleted_at: dt.datetime | None = Field(default=None)
    appearances: list["Appearance"] = Relationship(
        back_populates="quote",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Appearance.id"},
    )


class QuoteCreate(QuoteBase):
    """Body of POST /v1/quotes: a quote as printed somewhere, with who, where and when."""

    text: VerbatimText = Field(
        max_length=10_000, description="The quote exactly as printed (max 10,000 characters)"
    )
    speaker: Name | None = Field(
        default=None,
        max_length=300,
        description="Speaker name or alias (created if new); omit both speaker and speaker_id "
        "when the source names nobody: the quote is stored with speaker unknown",
    )
    speaker_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    speaker_external_id: Name | None = Field(
        default=None,
        max_length=100,
        description="The speaker's id elsewhere, e.g. a Wikidata QID; finds the speaker first",
    )
    outlet: Name | None = Field(
        default=None, max_length=300, description="Outlet name or domain (created if new)"
    )
    outlet_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    date: IsoDate = Field(description="Publication date, YYYY-MM-DD")
    url: Url | None = Field(default=None, max_length=2048)
    speaker_role: OptionalText | None = Field(
        default=None, max_length=500, description="The speaker's role as given there"
    )
    via_outlet: Name | None = Field(
        default=None, max_length=300, description="Outlet the speaker told it to (told Politico)"
    )
    via_outlet_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    context: OptionalText | None = Field(default=None, max_length=10_000)

    # Model-level errors start with "<field>: " so the problem names the field (api/errors.py).
    @model_validator(mode="after")
    def _one_of_each(self) -> "QuoteCreate":
        for field in ("speaker", "outlet"):
            by_name, by_id = getattr(self, field), getattr(self, f"{field}_id")
            if by_name is None and by_id is None and field == "outlet":
                raise ValueError(f"{field}: give {field} (a name) or {field}_id")
            if by_name is not None and by_id is not None:
                raise ValueError(f"{field}: give {field} or {field}_id, not both")
        if self.speaker_external_id is not None and self.speaker is None:
            raise ValueError("speaker_external_id: give the speaker's name with it")
        if self.via_outlet is not None and self.via_outlet_id is not None:
            raise ValueError("via_outlet: give via_outlet or via_outlet_id, not both")
        return self


class QuoteUpdate(SQLModel):
    """Body of PATCH /v1/quotes/{id}; every field optional."""

    kind: QuoteKind | None = None
    language: LanguageTag | None = Field(default=None, max_length=35)
    speaker_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class QuoteSummary(BaseModel):
    """A quote in lists: text, speaker and first appearance."""

    id: int
    text: str
    kind: str
    language: str | None
    speaker: SpeakerRef | None
    first_published: dt.date | None
    first_outlet: OutletRef | None
    appearance_count: int
    speaker_conflict: bool = False


class QuotePublic(BaseModel):
    """A quote with its speaker, first appearance and every appearance."""

    id: int
    text: str
    kind: str
    language: str | None
    speaker: SpeakerRef | None
    appearance_count: int
    speaker_conflict: bool = False
    merged_into_id: int | None = None
    first_appearance: AppearancePublic | None
    appearances: list[AppearancePublic]
    created_at: dt.datetime
    updated_at: dt.datetime


class MatchInfo(BaseModel):
    """How a posted text was matched: merged into which quote, by which method, how well.

    suggestion_id is set when the text was stored as a new quote that nearly is a stored one:
    the merge suggested to curators (GET /v1/suggestions/{id}).
    """

    merged: bool
    quote_id: int
    score: float | None
    method: str
    partial: bool
    fuller: bool
    suggestion_id: int | None = None


class QuoteCreated(BaseModel):
    """Answer of POST /v1/quotes: the quote, the appearance, what was created, how it matched.

    The quote comes as a summary: a reprint of a quote printed a thousand times answers as
    fast as the first print (GET /v1/quotes/{id} lists every appearance).
    """

    quote: QuoteSummary
    appearance: AppearancePublic
    quote_created: bool
    appearance_created: bool
    match: MatchInfo


class QuoteList(BaseModel):
    """A page of quotes; pass next_cursor as cursor for the next page."""

    items: list[QuoteSummary]
    next_cursor: str | None
    limit: int
