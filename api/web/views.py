"""What the page templates show, built from the API shapes: pure, no database, no requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quotes.diff import Segment, is_verbatim, words_diff
from quotes.models import Appearance, AppearancePublic, QuotePublic, SuggestionPublic
from quotes.models.citation import CheckedResult, CitationCheck
from quotes.models.lookup import AttributedSpeaker, ConflictItem
from quotes.services.citations import RenderedStyle


@dataclass(frozen=True)
class TimelineEntry:
    """One appearance on a quote's timeline: as printed, its differences, whether it is first."""

    appearance: AppearancePublic
    segments: list[Segment]
    first: bool
    quote_speaker_id: int | None = None

    @property
    def verbatim(self) -> bool:
        """The canonical words exactly (typography and punctuation aside)."""
        return is_verbatim(self.segments)

    @property
    def marks(self) -> list[str]:
        """The kinds of difference found: words cut, added or changed (a cut then an addition
        in its place), elided; and fragment when the printing holds part of the quote."""
        ops = [op for op, _ in self.segments]
        found: set[str] = set()
        for i, op in enumerate(ops):
            before = ops[i - 1] if i else None
            after = ops[i + 1] if i + 1 < len(ops) else None
            if op == "delete":
                found.add("words changed" if after == "insert" else "words cut")
            elif op == "insert" and before != "delete":
                found.add("words added")
            elif op == "elided":
                found.add("elided")
        if self.appearance.partial:
            found.add("fragment")
        order = ["words cut", "words added", "words changed", "elided", "fragment"]
        return [label for label in order if label in found]

    @property
    def other_speaker(self) -> bool:
        """The appearance names someone other than the quote's speaker."""
        named = self.appearance.speaker
        return named is not None and named.id != self.quote_speaker_id


def timeline(quote: QuotePublic) -> list[TimelineEntry]:
    """Return the quote's appearances oldest first (as quote_public orders them), with diffs."""
    speaker_id = quote.speaker.id if quote.speaker else None
    return [
        TimelineEntry(
            appearance=a,
            segments=words_diff(quote.text, a.text),
            first=index == 0,
            quote_speaker_id=speaker_id,
        )
        for index, a in enumerate(quote.appearances)
    ]


def quotation_ld(quote: QuotePublic, *, page_url: str, speaker_url: str | None) -> dict[str, Any]:
    """Return the schema.org Quotation (JSON-LD) of a quote page.

    The speaker is the creator and spokenByCharacter; the first appearance gives dateCreated
    and isBasedOn; every appearance's link is a citation.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": page_url,
        "url": page_url,
        "text": quote.text,
    }
    if quote.language:
        data["inLanguage"] = quote.language
    if quote.speaker is not None:
        person: dict[str, Any] = {"@type": "Person", "name": quote.speaker.name}
        if speaker_url:
            person["url"] = speaker_url
        data["creator"] = person
        data["spokenByCharacter"] = person
    first = quote.first_appearance
    if first is not None and first.date is not None:
        data["dateCreated"] = first.date.isoformat()
    if first is not None and first.url:
        data["isBasedOn"] = first.url
    links = [a.url for a in quote.appearances if a.url]
    if links:
        data["citation"] = links
    return data


# ---- the check page ---------------------------------------------------------------------------

# The styles a quote's citation page (/quotes/{id}/cite) renders beside the plain line. The
# check page shows the plain line only and loads these from that page when asked: a quote not
# rendered before costs citeproc-py 10-40 ms per style, more than the whole check.
CITE_STYLES: dict[RenderedStyle, str] = {"apa": "APA", "mla": "MLA", "chicago": "Chicago"}


VERDICT_LABELS: dict[str, str] = {
    "confirmed": "Confirmed",
    "attributed_elsewhere": "Attributed elsewhere",
    "disputed": "Disputed",
    "not_found": "Not found",
}

# How a result matched the words checked, in the words of the page.
METHOD_LABELS: dict[str, str] = {
    "exact": "Same words",
    "similar": "Nearly the same words",
    "elision": "Same words, some left out",
    "fragment": "Part of a longer quote",
    "fuzzy": "Resembles only: not a match",
}


def highlight(text: str, span: tuple[int, int] | None) -> list[tuple[str, bool]]:
    """Split text into (part, matched) pieces around the matched span; no span: one piece."""
    if span is None:
        return [(text, False)]
    start, end = max(0, span[0]), min(len(text), span[1])
    if start >= end:
        return [(text, False)]
    pieces = [(text[:start], False), (text[start:end], True), (text[end:], False)]
    return [(part, matched) for part, matched in pieces if part]


@dataclass(frozen=True)
class CheckedView:
    """One ranked result of a check as the page shows it."""

    result: CheckedResult
    pieces: list[tuple[str, bool]]
    basis: bool

    @property
    def method(self) -> str:
        """How it matched, in plain words."""
        return METHOD_LABELS.get(self.result.method, self.result.method)

    @property
    def role(self) -> str | None:
        """The speaker's role as first printed."""
        first = self.result.first_appearance
        return first.speaker_role if first else None

    @property
    def named(self) -> list[AttributedSpeaker]:
        """The speakers its sources name (appearances that name nobody left out)."""
        return [a for a in self.result.attributions if a.speaker is not None]

    @property
    def sources_disagree(self) -> bool:
        """Its appearances name more than one speaker."""
        return len({a.speaker.id for a in self.named if a.speaker}) > 1


def checked_views(check: CitationCheck) -> list[CheckedView]:
    """Return the check's results in rank order, with their matched words marked."""
    return [
        CheckedView(
            result=r,
            pieces=highlight(r.text, r.span),
            basis=r.quote_id == check.quote_id,
        )
        for r in check.results
    ]


# ---- articles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of an article's text, and the number of the found quote it is (0: none)."""

    text: str
    number: int = 0


def marked_article(text: str, spans: list[tuple[int, int]]) -> list[Piece]:
    """Split an article's text into pieces, numbering those at spans (1-based, in span order).

    A span overlapping an earlier one is not marked again (its quote keeps its number in the
    list); spans are offsets into text.
    """
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    pieces: list[Piece] = []
    at = 0
    for i in order:
        start, end = spans[i]
        if start < at or start >= end or end > len(text):
            continue
        if start > at:
            pieces.append(Piece(text[at:start]))
        pieces.append(Piece(text[start:end], i + 1))
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


# ---- the review page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionView:
    """A suggested merge side by side: the older quote (kept), the newer, their differences."""

    suggestion: SuggestionPublic
    segments: list[Segment]


def suggestion_views(suggestions: list[SuggestionPublic]) -> list[SuggestionView]:
    """Return the suggestions with the newer quote's differences from the older one."""
    return [
        SuggestionView(
            suggestion=s,
            segments=words_diff(s.other_quote.text, s.quote.text)
            if s.quote and s.other_quote
            else [],
        )
        for s in suggestions
    ]


@dataclass(frozen=True)
class ConflictSide:
    """One speaker a conflicting quote is attributed to, and how their sources printed it."""

    attributed: AttributedSpeaker
    printed: Appearance | None
    segments: list[Segment]
    splittable: bool  # not the quote's own speaker: their appearances may go to a quote of theirs

    @property
    def speaker_id(self) -> int | None:
        """The speaker's id (None: appearances that name nobody)."""
        return self.attributed.speaker.id if self.attributed.speaker else None


@dataclass(frozen=True)
class ConflictView:
    """A quote whose appearances name different speakers, a side per speaker."""

    item: ConflictItem
    sides: list[ConflictSide]


def conflict_views(
    items: list[ConflictItem], printings: dict[tuple[int, int | None], Appearance]
) -> list[ConflictView]:
    """Return the conflicts with, per speaker, their first printing and its differences."""
    out = []
    for item in items:
        own = item.quote.speaker.id if item.quote.speaker else None
        sides = []
        for a in item.speakers:
            speaker_id = a.speaker.id if a.speaker else None
            printed = printings.get((item.quote.id, speaker_id))
            sides.append(
                ConflictSide(
                    attributed=a,
                    printed=printed,
                    segments=words_diff(item.quote.text, printed.text) if printed else [],
                    splittable=speaker_id != own,
                )
            )
        out.append(ConflictView(item=item, sides=sides))
    return out
