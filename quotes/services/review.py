"""What the review page shows beyond the API shapes, and its one write of its own.

Curators settle two kinds of doubt there: suggested merges (quotes.services.suggestions) and
attribution conflicts, one quote whose appearances name different speakers
(quotes.services.curation.list_conflicts). For a conflict the page shows how each speaker's
sources printed the words (`first_printings`), and offers to split off the appearances that
name one speaker into a quote of their own (`split_speaker`): the usual answer to a
misattribution, a split like any other (recorded with who and when, undone by curation.undo).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from quotes.errors import InvalidInput, NotFound
from quotes.models import Appearance, QuoteEvent
from quotes.services.curation import split

__all__ = ["first_printings", "get_event", "speaker_appearances", "split_speaker"]


def speaker_appearances(session: Session, *, quote_id: int, speaker_id: int | None) -> list[int]:
    """Return the ids of a quote's live appearances that name speaker_id (None: name nobody)."""
    speaker = (
        col(Appearance.speaker_id).is_(None)
        if speaker_id is None
        else col(Appearance.speaker_id) == speaker_id
    )
    ids = session.exec(
        select(Appearance.id)
        .where(Appearance.quote_id == quote_id, col(Appearance.deleted_at).is_(None), speaker)
        .order_by(col(Appearance.id))
    )
    return [i for i in ids if i is not None]


def split_speaker(
    session: Session, *, quote_id: int, speaker_id: int | None, actor: str
) -> QuoteEvent:
    """Split off the appearances of a quote that name speaker_id into a new quote.

    InvalidInput when none of its appearances names that speaker, or when all do (a split must
    leave the quote one); NotFound or Conflict from curation.split for a gone or merged quote.
    """
    ids = speaker_appearances(session, quote_id=quote_id, speaker_id=speaker_id)
    if not ids:
        raise InvalidInput(
            f"no appearance of quote {quote_id} names speaker {speaker_id}", field="speaker_id"
        )
    return split(session, quote_id=quote_id, appearance_ids=ids, actor=actor)


def first_printings(
    session: Session, quote_ids: list[int]
) -> dict[tuple[int, int | None], Appearance]:
    """Return, per (quote, speaker named), the earliest live appearance: how that speaker's
    sources printed the words. One query for all the quotes."""
    rows = session.exec(
        select(Appearance)
        .where(col(Appearance.quote_id).in_(quote_ids), col(Appearance.deleted_at).is_(None))
        .order_by(
            col(Appearance.published).is_(None), col(Appearance.published), col(Appearance.id)
        )
    )
    out: dict[tuple[int, int | None], Appearance] = {}
    for a in rows:
        out.setdefault((a.quote_id, a.speaker_id), a)
    return out


def get_event(session: Session, event_id: int) -> QuoteEvent:
    """Return the merge or split with this id or raise NotFound."""
    event = session.get(QuoteEvent, event_id)
    if event is None:
        raise NotFound(f"event {event_id} does not exist", field="event_id")
    return event
