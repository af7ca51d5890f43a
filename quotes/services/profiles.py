"""What the speaker and outlet pages show beyond the API shapes: an outlet's printings and
firsts, and the attribution conflicts a speaker is part of.

Each list is one statement capped at `limit` rows (the newest), plus one count.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_
from sqlmodel import Session, col, select

from quotes.models import Appearance, Quote
from quotes.models.lookup import AttributedSpeaker
from quotes.services._db import pk
from quotes.services.curation import attributions


@dataclass(frozen=True)
class Printing:
    """One appearance of a live quote in an outlet, and whether it was first (see _FIRST)."""

    appearance: Appearance
    quote: Quote
    first: bool


@dataclass(frozen=True)
class SpeakerConflict:
    """A quote whose appearances name several speakers, one of them the speaker of the page."""

    quote: Quote
    speakers: list[AttributedSpeaker]


# Newest printing first; undated ones last.
_NEWEST = (
    col(Appearance.published).is_(None),
    col(Appearance.published).desc(),
    col(Appearance.id).desc(),
)
# A printing is a first when it is dated the day its quote first appeared (Quote's stats
# column): a column comparison on rows already joined, so an outlet of 50,000 printings costs a
# join and no subquery per row. Two outlets that printed a quote on that same day are both
# first: the time of day is not recorded. (A quote page marks one: the earliest stored.)
_FIRST = col(Appearance.published) == col(Quote.first_published)


def _printings(outlet_id: int) -> list[ColumnElement[bool]]:
    """The conditions of the outlet's live printings of live, unmerged quotes."""
    return [
        col(Appearance.outlet_id) == outlet_id,
        col(Appearance.deleted_at).is_(None),
        col(Quote.deleted_at).is_(None),
        col(Quote.merged_into_id).is_(None),
    ]


def _page(
    session: Session, conditions: list[ColumnElement[bool]], limit: int
) -> tuple[list[Printing], int]:
    """Return the newest `limit` printings meeting conditions, and how many meet them."""
    joined = col(Quote.id) == col(Appearance.quote_id)
    total = session.exec(
        select(func.count()).select_from(Appearance).join(Quote, joined).where(*conditions)
    ).one()
    rows = session.exec(
        select(Appearance, Quote, _FIRST)
        .join(Quote, joined)
        .where(*conditions)
        .order_by(*_NEWEST)
        .limit(limit)
    )
    return [Printing(a, q, bool(first)) for a, q, first in rows], int(total)


def outlet_printings(
    session: Session, outlet_id: int, *, limit: int = 100
) -> tuple[list[Printing], int]:
    """Return what the outlet printed, newest first (capped at limit), and how many in all."""
    return _page(session, _printings(outlet_id), limit)


def outlet_firsts(
    session: Session, outlet_id: int, *, limit: int = 100
) -> tuple[list[Printing], int]:
    """Return the outlet's printings that were first (see _FIRST), newest first, and a count."""
    return _page(session, [*_printings(outlet_id), _FIRST], limit)


def speaker_conflicts(
    session: Session, speaker_id: int, *, limit: int = 50
) -> list[SpeakerConflict]:
    """Return the conflicting quotes that name the speaker, on the quote or an appearance.

    Newest first, capped at limit; each with every speaker its appearances name, the most
    named first.
    """
    names_speaker = exists().where(
        col(Appearance.quote_id) == col(Quote.id),
        col(Appearance.deleted_at).is_(None),
        col(Appearance.speaker_id) == speaker_id,
    )
    quotes = session.exec(
        select(Quote)
        .where(
            col(Quote.speaker_conflict).is_(True),
            col(Quote.merged_into_id).is_(None),
            col(Quote.deleted_at).is_(None),
            or_(col(Quote.speaker_id) == speaker_id, names_speaker),
        )
        .order_by(col(Quote.first_published).desc(), col(Quote.id).desc())
        .limit(limit)
    ).all()
    named = attributions(session, [pk(q) for q in quotes])
    return [SpeakerConflict(q, named.get(pk(q), [])) for q in quotes]
