"""Speaker: who said it; found by any alias, case- and accent-insensitively."""

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel
from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, Relationship, SQLModel

from quotes.models._common import Name, OptionalText, utcnow

if TYPE_CHECKING:
    from quotes.models.quote import QuoteSummary


class SpeakerBase(SQLModel):
    """Fields a client may set on a speaker."""

    name: Name = Field(max_length=300, description="Canonical display name")
    description: OptionalText | None = Field(
        default=None, max_length=2000, description="Role or short description"
    )
    external_id: OptionalText | None = Field(
        default=None, max_length=100, description="External id, e.g. a Wikidata QID (Q7747)"
    )


class Speaker(SpeakerBase, table=True):
    """A person or organisation quotes are attributed to."""

    __table_args__ = (Index("ix_speaker_external_id", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Set when a curator deleted them: hidden, kept with their aliases (which stay theirs).
    deleted_at: dt.datetime | None = Field(default=None)
    aliases: list["SpeakerAlias"] = Relationship(
        back_populates="speaker",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "SpeakerAlias.id"},
    )


class SpeakerAlias(SQLModel, table=True):
    """One spelling of a speaker's name; the canonical name is an alias too."""

    __tablename__ = "speaker_alias"

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("speaker.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    alias: str = Field(max_length=300)
    alias_key: str = Field(max_length=300, unique=True, index=True)
    speaker: "Speaker" = Relationship(back_populates="aliases")


class SpeakerCreate(SpeakerBase):
    """Body of POST /v1/speakers."""

    aliases: list[Name] = Field(default_factory=list, max_length=50)


class SpeakerUpdate(SQLModel):
    """Body of PATCH /v1/speakers/{id}; every field optional."""

    name: Name | None = Field(default=None, max_length=300)
    description: OptionalText | None = Field(default=None, max_length=2000)
    external_id: OptionalText | None = Field(default=None, max_length=100)


class AliasCreate(SQLModel):
    """Body of POST /v1/speakers/{id}/aliases."""

    alias: Name = Field(max_length=300)


class SpeakerRef(BaseModel):
    """A speaker as embedded in other resources."""

    id: int
    name: str


class SpeakerPublic(SpeakerBase):
    """A speaker as returned by the API."""

    id: int
    aliases: list[str]
    created_at: dt.datetime


class SpeakerDetail(SpeakerPublic):
    """A speaker with their quotes (newest first, capped)."""

    quote_count: int
    quotes: list["QuoteSummary"]


class SpeakerList(BaseModel):
    """A page of speakers."""

    items: list[SpeakerPublic]
    total: int
    limit: int
    offset: int
