"""What the speaker and outlet pages show beyond the API shapes: an outlet's printings and
firsts, and the attribution conflicts a speaker is part of.

Each list is one statement capped at `limit` rows (the newest); an outlet's two counts are one
more. The outlet's rows come newest first from ix_appearance_outlet_published, which stops the
walk after `limit` rows; counting its printings reads that index and looks up each one's quote
(on the 100k benchmark, its busiest outlet: about 7 ms for the counts and 1 ms per list, where
sorting all 2,900 printings took 10 ms per list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from quotes.models import Appearance, Quote
from quotes.models.lookup import AttributedSpeaker
from quotes.services._db import pk
from quotes.services.curation import attributions


@dataclass(frozen=True)
class Printing:
    """One appearance of a live quote in an outlet, and whether it was first (see _FIRST): the
    columns its line on the outlet page shows."""

    appearance_id: int
    quote_id: int
    language: str | None  # the quote's
    text: str  # as printed there
    speaker_name: str | None
    published: dt.date | None
    url: str | None
    first: bool


@dataclass(frozen=True)
class SpeakerConflict:
    """A quote whose appearances name several speakers, one of them the speaker of the page."""

    quote: Quote
    speakers: list[AttributedSpeaker]


# Newest printing first; undated ones last (in SQLite's own DESC order, so its index serves).
_NEWEST = (col(Appearance.published).desc().nulls_last(), col(Appearance.id).desc())
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


_JOINED = col(Quote.id) == col(Appearance.quote_id)


def _page(session: Session, conditions: list[ColumnElement[bool]], limit: int) -> list[Printing]:
    """Return the newest `limit` printings meeting conditions (columns, not ORM objects: these
    would cost more than the query)."""
    rows = session.connection().execute(
        sa_select(
            col(Appearance.id),
            col(Appearance.quote_id),
            col(Quote.language),
            col(Appearance.text),
            col(Appearance.speaker_name),
            col(Appearance.published),
            col(Appearance.url),
            _FIRST,
        )
        .join(Quote, _JOINED)
        .where(*conditions)
        .order_by(*_NEWEST)
        .limit(limit)
    )
    return [
        Printing(a_id, q_id, lang, text, name, date, link, bool(first))
        for a_id, q_id, lang, text, name, date, link, first in rows
        if a_id is not None  # a primary key: always
    ]


def outlet_counts(session: Session, outlet_id: int) -> tuple[int, int]:
    """Return how many printings the outlet has (see outlet_printings) and how many were first,
    in one pass over them."""
    printed, first = session.exec(
        select(func.count(), func.count().filter(_FIRST))
        .select_from(Appearance)
        .join(Quote, _JOINED)
        .where(*_printings(outlet_id))
    ).one()
    return int(printed), int(first)


def outlet_printings(session: Session, outlet_id: int, *, limit: int = 100) -> list[Printing]:
    """Return what the outlet printed, newest first (capped at limit; outlet_counts counts)."""
    return _page(session, _printings(outlet_id), limit)


def outlet_firsts(session: Session, outlet_id: int, *, limit: int = 100) -> list[Printing]:
    """Return the outlet's printings that were first (see _FIRST), newest first (capped)."""
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
