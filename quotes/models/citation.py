"""Shapes of citations and of the citation check (is it real, who said it); no tables."""

from typing import Any, Literal

from pydantic import BaseModel, Field

from quotes.models._common import IsoDate, Name, VerbatimText
from quotes.models.lookup import AttributedSpeaker, LookupResult

# plain: the one-line form of lookup results; apa, mla, chicago: rendered by a CSL processor
# from the CSL-JSON item; csl-json: the item itself, for reference managers (Zotero and others).
CitationStyle = Literal["plain", "apa", "mla", "chicago", "csl-json"]
Verdict = Literal["confirmed", "attributed_elsewhere", "disputed", "not_found"]


class Citation(BaseModel):
    """A ready-to-paste citation of a stored quote, built from its first appearance."""

    quote_id: int
    style: CitationStyle
    text: str = Field(
        description="The citation as plain text (for csl-json: the CSL-JSON array, as text)"
    )
    html: str | None = Field(
        default=None,
        description="The citation as an HTML fragment, escaped, with the style's italics "
        "(apa, mla and chicago only)",
    )
    csl: dict[str, Any] = Field(
        description="The CSL-JSON item every style is rendered from (type article-newspaper)"
    )


class CitationClaim(BaseModel):
    """Body of POST /v1/citations/check: the words, and optionally who, where and when."""

    text: VerbatimText = Field(max_length=10_000, description="The quote as you have it")
    speaker: Name | None = Field(
        default=None, max_length=300, description="Who it is said to be by (name or alias)"
    )
    outlet: Name | None = Field(
        default=None, max_length=300, description="Where it is said to have been printed"
    )
    date: IsoDate | None = Field(default=None, description="When it is said to have been said")


class CheckedResult(LookupResult):
    """A ranked lookup result of a check, with whether it counts and who its sources name."""

    evidence: bool = Field(
        description="The words match this quote (exact, similar, elision or fragment); a "
        "merely resembling (fuzzy) result is listed but is no evidence"
    )
    attributions: list[AttributedSpeaker] = Field(
        description="Who its appearances name, most often named first (speaker null: "
        "appearances that name nobody)"
    )


class CitationCheck(BaseModel):
    """Answer of POST /v1/citations/check: a verdict on the claim, notes, ranked results."""

    verdict: Verdict
    quote_id: int | None = Field(description="The stored quote the verdict rests on, if any")
    notes: list[str] = Field(description="Plain sentences saying why, and what else we noticed")
    results: list[CheckedResult]
