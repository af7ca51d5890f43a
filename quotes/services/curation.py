"""Curators' merges and splits (recorded with who and when, reversible) and speaker conflicts.

Each merge, split and undo is a quote_event (which appearances moved between which quotes) and
an audit event pointing at it. Deleted quotes take no part: they cannot be merged or split, and
an undo that would touch one is refused until it is restored. Undoing a merge made by accepting
a suggested merge puts the suggestion back in the review queue (quotes.services.suggestions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from quotes.errors import Conflict, InvalidInput, NotFound
from quotes.fingerprint import match_form, text_hash
from quotes.index import store
from quotes.models import (
    Appearance,
    Outlet,
    Quote,
    QuoteEvent,
    QuoteEventPublic,
    QuoteHistory,
    Speaker,
    SpeakerRef,
    Suggestion,
)
from quotes.models._common import utcnow
from quotes.models.lookup import AttributedSpeaker, ConflictItem
from quotes.services import audit
from quotes.services._db import pk
from quotes.services.quotes import (
    free_variant,
    get_quote,
    quote_summaries,
    refresh_quote_stats,
)


def _live(session: Session, quote_id: int, *, field: str) -> Quote:
    quote = session.get(Quote, quote_id, with_for_update=True)
    if quote is None or quote.deleted_at is not None:
        raise NotFound(f"quote {quote_id} does not exist", field=field)
    if quote.merged_into_id is not None:
        raise Conflict(
            f"quote {quote_id} was merged into quote {quote.merged_into_id}", field=field
        )
    return quote


def _move(session: Session, appearance_ids: list[int], *, to: int) -> None:
    if appearance_ids:
        session.connection().execute(
            update(Appearance).where(col(Appearance.id).in_(appearance_ids)).values(quote_id=to)
        )
        session.expire_all()


def _record(session: Session, event: QuoteEvent, action: str, actor: str) -> None:
    """Record a merge, split or undo: the quote it is about, and the event that holds the rest."""
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="quote",
        entity_id=event.quote_id,
        before=None,
        after={
            "event_id": event.id,
            "kind": event.kind,
            "other_quote_id": event.other_quote_id,
            "appearance_ids": event.appearance_ids,
        },
    )


def merge(session: Session, *, quote_id: int, other_id: int, actor: str) -> QuoteEvent:
    """Fold quote other_id into quote_id: its appearances move, it leaves lists and the index."""
    if quote_id == other_id:
        raise InvalidInput("a quote cannot be merged into itself", field="other_id")
    first, second = sorted([quote_id, other_id])  # lock in id order: no deadlock between merges
    locked = {
        q: _live(session, q, field="quote_id" if q == quote_id else "other_id")
        for q in (first, second)
    }
    other = locked[other_id]
    moved = list(session.exec(select(Appearance.id).where(Appearance.quote_id == other.id)))
    _move(session, [m for m in moved if m is not None], to=quote_id)
    store.remove(session, quote_id=other_id, norm=other.norm)
    other = get_quote(session, other_id)
    other.merged_into_id = quote_id
    event = QuoteEvent(
        kind="merge",
        quote_id=quote_id,
        other_quote_id=other_id,
        appearance_ids=[m for m in moved if m is not None],
        actor=actor,
    )
    session.add_all([other, event])
    session.flush()
    refresh_quote_stats(session, get_quote(session, quote_id))
    refresh_quote_stats(session, other)
    session.flush()
    _record(session, event, "merge", actor)
    return event


def split(session: Session, *, quote_id: int, appearance_ids: list[int], actor: str) -> QuoteEvent:
    """Move some appearances of a quote to a new quote (text and speaker of the earliest one)."""
    quote = _live(session, quote_id, field="quote_id")
    wanted = sorted(set(appearance_ids))
    rows = list(
        session.exec(
            select(Appearance).where(
                col(Appearance.id).in_(wanted), col(Appearance.deleted_at).is_(None)
            )
        )
    )
    foreign = sorted(set(wanted) - {a.id for a in rows if a.quote_id == quote_id})
    if foreign:
        raise InvalidInput(
            f"appearances {foreign} are not appearances of quote {quote_id}", field="appearance_ids"
        )
    remaining = session.exec(
        select(func.count())
        .select_from(Appearance)
        .where(Appearance.quote_id == quote_id, col(Appearance.deleted_at).is_(None))
    ).one()
    if len(rows) >= remaining:
        raise InvalidInput(
            "a split must leave the quote at least one appearance", field="appearance_ids"
        )
    source = min(rows, key=lambda a: (a.published is None, a.published, a.id))
    norm = match_form(source.text)
    norm_hash = text_hash(norm)
    variant = free_variant(session, norm_hash)
    new = Quote(
        text=source.text,
        norm=norm,
        norm_hash=norm_hash,
        variant=variant,
        kind=quote.kind,
        language=quote.language,
        speaker_id=source.speaker_id,
    )
    session.add(new)
    session.flush()
    store.add(session, quote_id=pk(new), norm=norm)
    _move(session, wanted, to=pk(new))
    event = QuoteEvent(
        kind="split",
        quote_id=quote_id,
        other_quote_id=pk(new),
        appearance_ids=wanted,
        actor=actor,
    )
    session.add(event)
    session.flush()
    refresh_quote_stats(session, get_quote(session, quote_id))
    refresh_quote_stats(session, get_quote(session, pk(new)))
    session.flush()
    _record(session, event, "split", actor)
    return event


def _merged_since(session: Session, quote: Quote) -> Conflict:
    """Refuse an undo that would move appearances onto quote, which is merged (hidden) now."""
    later = session.exec(
        select(QuoteEvent.id)
        .where(
            QuoteEvent.kind == "merge",
            QuoteEvent.other_quote_id == quote.id,
            col(QuoteEvent.undone_at).is_(None),
        )
        .order_by(col(QuoteEvent.id).desc())
    ).first()
    how = f" by event {later}; undo that first" if later is not None else ""
    return Conflict(
        f"quote {quote.id} has since been merged into quote {quote.merged_into_id}{how}",
        field="event_id",
    )


def undo(session: Session, *, event_id: int, actor: str) -> QuoteEvent:
    """Reverse a merge (the merged quote comes back with its appearances) or a split.

    Refused (Conflict) when later curation stands in the way, rather than guessed around: the
    event's quote was merged into another since (its appearances would land on a hidden quote),
    or every appearance a merge moved has left since. Undoing the later events first, newest
    first, always works and restores each quote exactly.
    """
    event = session.get(QuoteEvent, event_id, with_for_update=True)
    if event is None:
        raise NotFound(f"event {event_id} does not exist", field="event_id")
    if event.undone_at is not None:
        raise Conflict(f"event {event_id} was already undone", field="event_id")
    locked = {  # in id order, as merge and split lock them: no deadlock between them
        q: get_quote(session, q, for_update=True, include_deleted=True)
        for q in sorted({event.quote_id, event.other_quote_id})
    }
    quote, other = locked[event.quote_id], locked[event.other_quote_id]
    for q in (quote, other):
        if q.deleted_at is not None:
            raise Conflict(f"quote {q.id} is deleted; restore it first", field="event_id")
    if quote.merged_into_id is not None:
        raise _merged_since(session, quote)
    if event.kind == "merge":
        if other.merged_into_id != quote.id:
            raise Conflict(
                f"quote {other.id} is no longer merged into quote {quote.id}", field="event_id"
            )
        still_there = list(
            session.exec(
                select(Appearance.id).where(
                    col(Appearance.id).in_(event.appearance_ids), Appearance.quote_id == quote.id
                )
            )
        )
        if event.appearance_ids and not still_there:
            now = sorted(
                set(
                    session.exec(
                        select(Appearance.quote_id).where(
                            col(Appearance.id).in_(event.appearance_ids)
                        )
                    )
                )
            )
            where = "now on " + ", ".join(f"quote {q}" for q in now) if now else "deleted"
            raise Conflict(
                f"no appearance merged from quote {other.id} is left on quote {quote.id} "
                f"({where}); undo what moved them first",
                field="event_id",
            )
        _move(session, [a for a in still_there if a is not None], to=pk(other))
        other = get_quote(session, event.other_quote_id)
        other.merged_into_id = None
        session.add(other)
        session.flush()
        store.add(session, quote_id=pk(other), norm=other.norm)
        _reopen_suggestion(session, event, actor)
    else:
        if other.merged_into_id is not None:
            raise _merged_since(session, other)
        left = list(session.exec(select(Appearance.id).where(Appearance.quote_id == other.id)))
        _move(session, [a for a in left if a is not None], to=pk(quote))
        store.remove(session, quote_id=pk(other), norm=other.norm)
        other = get_quote(session, event.other_quote_id)
        other.merged_into_id = quote.id
        session.add(other)
    event = session.get(QuoteEvent, event_id) or event
    event.undone_at = utcnow()
    event.undone_by = actor
    session.add(event)
    session.flush()
    refresh_quote_stats(session, get_quote(session, event.quote_id))
    refresh_quote_stats(session, get_quote(session, event.other_quote_id))
    session.flush()
    _record(session, event, "undo", actor)
    return event


def _reopen_suggestion(session: Session, event: QuoteEvent, actor: str) -> None:
    """Put back in the review queue the suggestion whose accept made this merge, if any."""
    suggestion = session.exec(
        select(Suggestion).where(
            Suggestion.quote_id == event.other_quote_id,
            Suggestion.other_quote_id == event.quote_id,
            Suggestion.event_id == event.id,
        )
    ).first()
    if suggestion is None:
        return
    fields = ("status", "decided_by", "decided_at", "event_id")
    before = audit.values(suggestion, fields)
    suggestion.status = "pending"
    suggestion.decided_by = suggestion.decided_at = suggestion.event_id = None
    session.add(suggestion)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="undo",
        entity="suggestion",
        entity_id=pk(suggestion),
        before=before,
        after=audit.values(suggestion, fields),
    )


def history(session: Session, *, quote_id: int) -> QuoteHistory:
    """Return the merges and splits that involved a quote, and the audit events of the quote
    and of its appearances, oldest first."""
    get_quote(session, quote_id)
    events = session.exec(
        select(QuoteEvent)
        .where(
            (col(QuoteEvent.quote_id) == quote_id) | (col(QuoteEvent.other_quote_id) == quote_id)
        )
        .order_by(col(QuoteEvent.id))
    )
    return QuoteHistory(
        quote_id=quote_id,
        events=[event_public(e) for e in events],
        edits=[audit.event_public(e) for e in audit.quote_edits(session, quote_id=quote_id)],
    )


def event_public(event: QuoteEvent) -> QuoteEventPublic:
    """Return the API shape of an event."""
    return QuoteEventPublic.model_validate(event, from_attributes=True)


def attributions(session: Session, quote_ids: Sequence[int]) -> dict[int, list[AttributedSpeaker]]:
    """Return, per quote, who its live appearances name: count, first date, outlets; most first.

    One grouped query for all the quotes (rows: one per quote, speaker and outlet), so a quote
    printed thousands of times costs no more than one printed twice.
    """
    if not quote_ids:
        return {}
    rows = (
        session.connection()
        .execute(
            sa_select(
                col(Appearance.quote_id),
                col(Appearance.speaker_id),
                col(Appearance.speaker_name),
                col(Appearance.outlet_id),
                func.count(),
                func.min(col(Appearance.published)),
            )
            .where(col(Appearance.quote_id).in_(quote_ids), col(Appearance.deleted_at).is_(None))
            .group_by(
                col(Appearance.quote_id),
                col(Appearance.speaker_id),
                col(Appearance.speaker_name),
                col(Appearance.outlet_id),
            )
        )
        .all()
    )
    speaker_ids = {r[1] for r in rows if r[1] is not None}
    outlet_ids = {r[3] for r in rows if r[3] is not None}
    speakers = {
        i: SpeakerRef(id=i, name=name)
        for i, name in session.exec(
            select(col(Speaker.id), Speaker.name).where(col(Speaker.id).in_(speaker_ids))
        )
    }
    outlets = {
        i: name
        for i, name in session.exec(
            select(col(Outlet.id), Outlet.name).where(col(Outlet.id).in_(outlet_ids))
        )
    }
    groups: dict[tuple[int, int | None], list[tuple[str | None, int | None, int, dt.date | None]]]
    groups = {}
    for quote_id, speaker_id, name, outlet_id, count, first in rows:
        groups.setdefault((quote_id, speaker_id), []).append((name, outlet_id, count, first))
    out: dict[int, list[AttributedSpeaker]] = {}
    for (quote_id, speaker_id), parts in groups.items():
        dates = [d for *_, d in parts if d is not None]
        out.setdefault(quote_id, []).append(
            AttributedSpeaker(
                speaker=speakers.get(speaker_id) if speaker_id is not None else None,
                names=sorted({n for n, *_ in parts if n}),
                appearance_count=sum(c for _, _, c, _ in parts),
                first_date=min(dates) if dates else None,
                outlets=sorted({outlets[o] for _, o, _, _ in parts if o in outlets}),
            )
        )
    for found in out.values():
        found.sort(
            key=lambda a: (-a.appearance_count, a.first_date or dt.date.max, a.speaker is None)
        )
    return out


def list_conflicts(
    session: Session, *, limit: int = 50, offset: int = 0
) -> tuple[list[ConflictItem], int]:
    """Return quotes whose appearances name different speakers (newest first) and their count.

    Three statements however many quotes and appearances: the page of conflicting quotes (a
    partial index holds just those), their summaries, and who their appearances name.
    """
    base = select(Quote).where(
        Quote.speaker_conflict == True,  # noqa: E712
        col(Quote.merged_into_id).is_(None),
        col(Quote.deleted_at).is_(None),
    )
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    quotes = list(
        session.exec(
            base.order_by(col(Quote.first_published).desc(), col(Quote.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
    )
    summaries = quote_summaries(session, quotes)
    named = attributions(session, [s.id for s in summaries])
    return [ConflictItem(quote=s, speakers=named.get(s.id, [])) for s in summaries], int(total)
