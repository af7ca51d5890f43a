"""Suggested merges for curators: list them, accept one (a merge) or reject it (remembered).

The dedup decision records them (quotes.services.dedup.propose): a text that nearly is a stored
quote is stored as a new quote, paired with that quote. Accepting merges the newer quote into
the older through quotes.services.curation.merge, so it is recorded and undone like any merge;
undoing that merge puts the suggestion back in the queue. Rejecting remembers the pair: it is
never suggested again and ``quotes dedup`` never merges it. Both are in the audit log with who
and when (entity ``suggestion``), and on the suggestion itself (decided_by, decided_at).

Stale suggestions: a pending suggestion whose quotes have since been merged (into each other or
elsewhere), deleted or purged is *stale*. Staleness is computed when read, never stored, so an
undo or a restore makes it pending again. Stale ones leave the default (pending) list and are
listed with ``status="stale"``, each with its reason; they cannot be accepted (Conflict) but
may be rejected.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import and_, exists, func, not_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from quotes.errors import Conflict, NotFound
from quotes.models import Quote, Suggestion, SuggestionPublic, SuggestionStatus
from quotes.models._common import utcnow
from quotes.services import audit
from quotes.services._db import pk
from quotes.services.curation import merge
from quotes.services.quotes import quote_summaries

SUGGESTION_FIELDS = ("status", "decided_by", "decided_at", "event_id")


def get_suggestion(session: Session, suggestion_id: int, *, for_update: bool = False) -> Suggestion:
    """Return the suggestion with this id or raise NotFound; for_update locks it (PostgreSQL)."""
    found = session.get(Suggestion, suggestion_id, with_for_update=for_update or None)
    if found is None:
        raise NotFound(f"suggestion {suggestion_id} does not exist", field="suggestion_id")
    return found


def _live(quote_id: Any) -> Any:
    """SQL: the quote with this id exists, is neither merged nor deleted."""
    q = aliased(Quote)
    return exists().where(
        q.id == quote_id, col(q.merged_into_id).is_(None), col(q.deleted_at).is_(None)
    )


# Built once: an aliased Quote costs milliseconds to build, more than the query it is part of.
_BOTH_LIVE = and_(_live(Suggestion.quote_id), _live(Suggestion.other_quote_id))


def list_suggestions(
    session: Session, *, status: str = "pending", limit: int = 50, offset: int = 0
) -> tuple[list[Suggestion], int]:
    """Return a page of suggestions with this status (newest first) and how many there are.

    status: pending (the review queue: both quotes live), stale (pending, but a quote has since
    been merged or deleted), accepted or rejected.
    """
    stored = "pending" if status == "stale" else status
    cond: list[Any] = [col(Suggestion.status) == stored]
    if status == "pending":
        cond.append(_BOTH_LIVE)
    elif status == "stale":
        cond.append(not_(_BOTH_LIVE))
    total = session.exec(select(func.count()).select_from(Suggestion).where(*cond)).one()
    rows = session.exec(
        select(Suggestion)
        .where(*cond)
        .order_by(col(Suggestion.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return list(rows), int(total)


def stale_reason(session: Session, suggestion: Suggestion) -> str | None:
    """Say why a pending suggestion can no longer be accepted as it stands (None: it can)."""
    if suggestion.status != "pending":
        return None
    reasons = []
    for quote_id in (suggestion.quote_id, suggestion.other_quote_id):
        quote = session.get(Quote, quote_id)
        if quote is None:
            reasons.append(f"quote {quote_id} no longer exists")
        elif quote.deleted_at is not None:
            reasons.append(f"quote {quote_id} is deleted")
        elif quote.merged_into_id is not None:
            reasons.append(f"quote {quote_id} was merged into quote {quote.merged_into_id}")
    return "; ".join(reasons) or None


def _undecided(session: Session, suggestion_id: int) -> Suggestion:
    """Lock a suggestion for a decision; NotFound, or Conflict if it was decided already."""
    locked = get_suggestion(session, suggestion_id, for_update=True)
    if locked.status != "pending":
        raise Conflict(
            f"suggestion {locked.id} was already {locked.status} by {locked.decided_by}",
            field="suggestion_id",
        )
    return locked


def _record(session: Session, suggestion: Suggestion, action: str, actor: str) -> None:
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="suggestion",
        entity_id=pk(suggestion),
        before={"status": "pending"},
        after={
            **audit.values(suggestion, SUGGESTION_FIELDS),
            "quote_id": suggestion.quote_id,
            "other_quote_id": suggestion.other_quote_id,
        },
    )


def accept(session: Session, *, suggestion_id: int, actor: str) -> Suggestion:
    """Merge the suggestion's newer quote into the older one (a merge like any: undoable).

    Conflict if it was decided already, or if it is stale (a quote merged or deleted since).
    """
    suggestion = _undecided(session, suggestion_id)
    reason = stale_reason(session, suggestion)
    if reason is not None:
        raise Conflict(f"suggestion {suggestion_id} is stale: {reason}", field="suggestion_id")
    event = merge(
        session, quote_id=suggestion.other_quote_id, other_id=suggestion.quote_id, actor=actor
    )
    suggestion.status = "accepted"
    suggestion.decided_by = actor
    suggestion.decided_at = utcnow()
    suggestion.event_id = event.id
    session.add(suggestion)
    session.flush()
    _record(session, suggestion, "accept", actor)
    return suggestion


def reject(session: Session, *, suggestion_id: int, actor: str) -> Suggestion:
    """Refuse the merge: the pair is remembered, never suggested again nor merged by dedup.

    Conflict if it was decided already; a stale suggestion may be rejected.
    """
    suggestion = _undecided(session, suggestion_id)
    suggestion.status = "rejected"
    suggestion.decided_by = actor
    suggestion.decided_at = utcnow()
    session.add(suggestion)
    session.flush()
    _record(session, suggestion, "reject", actor)
    return suggestion


def reopen(session: Session, *, suggestion_id: int, actor: str) -> Suggestion:
    """Undo a rejection: the suggestion is pending again (and the pair may be suggested and
    merged again). Conflict unless it is rejected; an accepted one is undone by undoing its
    merge (POST /v1/events/{event_id}/undo)."""
    suggestion = get_suggestion(session, suggestion_id, for_update=True)
    if suggestion.status != "rejected":
        raise Conflict(
            f"suggestion {suggestion_id} is {suggestion.status}, not rejected: nothing to reopen",
            field="suggestion_id",
        )
    before = audit.values(suggestion, SUGGESTION_FIELDS)
    suggestion.status = "pending"
    suggestion.decided_by = None
    suggestion.decided_at = None
    session.add(suggestion)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="undo",
        entity="suggestion",
        entity_id=pk(suggestion),
        before=before,
        after=audit.values(suggestion, SUGGESTION_FIELDS),
    )
    return suggestion


def suggestions_public(session: Session, suggestions: list[Suggestion]) -> list[SuggestionPublic]:
    """Return the API shape of suggestions: both quotes side by side (a few queries in all)."""
    ids = {i for s in suggestions for i in (s.quote_id, s.other_quote_id)}
    quotes = list(session.exec(select(Quote).where(col(Quote.id).in_(ids)))) if ids else []
    summaries = {s.id: s for s in quote_summaries(session, quotes)}
    out = []
    for s in suggestions:
        reason = stale_reason(session, s)
        out.append(
            SuggestionPublic(
                id=pk(s),
                status=cast(SuggestionStatus, s.status),
                stale=reason is not None,
                stale_reason=reason,
                score=s.score,
                method=s.method,
                quote=summaries.get(s.quote_id),
                other_quote=summaries.get(s.other_quote_id),
                created_at=s.created_at,
                decided_by=s.decided_by,
                decided_at=s.decided_at,
                event_id=s.event_id,
            )
        )
    return out


def suggestion_public(session: Session, suggestion: Suggestion) -> SuggestionPublic:
    """Return the API shape of one suggestion."""
    return suggestions_public(session, [suggestion])[0]


__all__ = [
    "accept",
    "get_suggestion",
    "list_suggestions",
    "reject",
    "stale_reason",
    "suggestion_public",
    "suggestions_public",
]
