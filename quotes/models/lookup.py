"""Shapes of citation lookup, duplicate checks and conflicts (no tables)."""

import datetime as dt

from pydantic import BaseModel, Field

from quotes.models._common import Name, VerbatimText
from quotes.models.outlet import OutletRef
from quotes.models.quote import QuoteSummary
from quotes.models.speaker import SpeakerRef


class FirstAppearance(BaseModel):
    """Where and when a quote was first published."""

    outlet: OutletRef | None
    via_outlet: OutletRef | None
    date: dt.date | None
    url: str | None
    speaker_name: str | None
    speaker_role: str | None


class LookupResult(BaseModel):
    """One ranked answer to a lookup: the quote, how well it matched, and how to cite it."""

    quote_id: int
    text: str
    kind: str
    speaker: SpeakerRef | None
    score: float
    method: str
    partial: bool
    span: tuple[int, int] | None = Field(description="Matched [start, end) within text")
    matched_text: str | None
    first_appearance: FirstAppearance | None
    appearance_count: int
    citation: str


class LookupResults(BaseModel):
    """Answer of GET /v1/lookup."""

    query: str
    results: list[LookupResult]


class DuplicateCheck(BaseModel):
    """Body of POST /v1/duplicates/check."""

    text: VerbatimText = Field(max_length=10_000)
    speaker: Name | None = Field(default=None, max_length=300)


class DuplicateMatch(BaseModel):
    """A stored quote the checked text is a version of."""

    quote_id: int
    text: str
    speaker: SpeakerRef | None
    score: float
    method: str
    partial: bool
    fuller: bool
    span: tuple[int, int] | None
    same_speaker: bool | None


class DuplicateReport(BaseModel):
    """Answer of POST /v1/duplicates/check; nothing is stored."""

    duplicate: bool
    matches: list[DuplicateMatch]


class AttributedSpeaker(BaseModel):
    """One speaker a conflicting quote is attributed to, and where."""

    speaker: SpeakerRef | None
    names: list[str]
    appearance_count: int
    first_date: dt.date | None
    outlets: list[str]


class ConflictItem(BaseModel):
    """A quote whose appearances disagree on the speaker (a misattribution candidate)."""

    quote: QuoteSummary
    speakers: list[AttributedSpeaker]


class ConflictList(BaseModel):
    """A page of conflicts."""

    items: list[ConflictItem]
    total: int
    limit: int
    offset: int
