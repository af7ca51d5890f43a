"""Article: a news text as ingested, so each quote's appearance can link back to where it stood."""

import datetime as dt

from pydantic import BaseModel, model_validator
from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from quotes.models._common import MAX_ID, IsoDate, LanguageTag, Name, OptionalText, Url, utcnow
from quotes.models.outlet import OutletRef

MAX_ARTICLE_CHARS = 200_000


class Article(SQLModel, table=True):
    """An article's text (HTML stripped), outlet, date, url and title."""

    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("outlet.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    published: dt.date = Field(index=True)
    url: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, max_length=1000)
    text: str = Field(sa_column=Column(Text, nullable=False))
    # Derived: SHA-256 of outlet, date, url and text: an article ingested twice is stored once.
    fingerprint: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str | None = Field(default=None, max_length=100)


class ArticleCreate(BaseModel):
    """Body of POST /v1/articles: an article's text with where and when it was published."""

    text: OptionalText = Field(
        max_length=MAX_ARTICLE_CHARS, description="Plain text or HTML (tags are stripped)"
    )
    outlet: Name | None = Field(default=None, max_length=300, description="Outlet name or domain")
    outlet_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    date: IsoDate = Field(description="Publication date, YYYY-MM-DD")
    url: Url | None = Field(default=None, max_length=2048)
    title: OptionalText | None = Field(default=None, max_length=1000)
    language: LanguageTag | None = Field(default=None, max_length=35)
    store: bool = Field(default=True, description="false: extract only (dry run), store nothing")

    @model_validator(mode="after")
    def _one_outlet(self) -> "ArticleCreate":
        if (self.outlet is None) == (self.outlet_id is None):
            raise ValueError("outlet: give outlet (a name) or outlet_id, exactly one")
        return self


class ArticlePublic(BaseModel):
    """An article as returned by the API."""

    id: int
    outlet: OutletRef
    date: dt.date
    url: str | None
    title: str | None
    created_at: dt.datetime


class ExtractedItemPublic(BaseModel):
    """One quote or statement found in an article, and what storing it did."""

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_role: str | None
    cue: str | None
    via_outlet: str | None
    confidence: float
    rule: str | None = Field(
        default=None,
        description="Id of the extraction rule that linked the speaker (e.g. quote-name-said); "
        "none when no rule did and the speaker is unknown",
    )
    context_before: str = Field(default="", description="The sentence before the item")
    context_after: str = Field(default="", description="The sentence after the item")
    represented: str | None = Field(
        default=None,
        description='Whom a spokesperson speaks for ("a spokesman for Senator X": Senator X); '
        "the speaker stays the spokesperson",
    )
    quote_id: int | None = None
    appearance_id: int | None = None
    merged: bool | None = None
    match_method: str | None = None
    stored: bool = False
    reason: str | None = None


class ArticleResult(BaseModel):
    """Answer of POST /v1/articles: the stored article (none on a dry run) and its items."""

    article: ArticlePublic | None
    article_created: bool
    items: list[ExtractedItemPublic]
