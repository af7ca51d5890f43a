"""The review page: suggested merges and attribution conflicts, settled by curators.

`GET /review` is a read page like the others (the same lists are open at GET /v1/suggestions
and /v1/conflicts); its buttons show only to a curator. Each action is a POST form (a curator,
with the CSRF token) calling the services with the user's name as the actor, so the service
records who and when; it then redirects back to the review page (`?done=<event>` after an
accept, merge or split, whose banner carries the Undo button; `?rejected=` and `?undone=`).
A refused action (decided already, stale, gone) is an HTML error page saying why.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import ReadSession, WriteSession
from api.web.auth import FormCurator, page_reader
from api.web.pages import page_id
from api.web.render import PageError, render, url
from api.web.views import conflict_views, suggestion_views
from quotes.db import commit_with_retries
from quotes.errors import Conflict, NotFound, QuotesError
from quotes.models import QuoteEvent
from quotes.models._common import MAX_ID
from quotes.services import curation, review, suggestions

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_reader)])

LISTED = 50  # of each kind, newest first


@contextmanager
def refused(action: str) -> Iterator[None]:
    """Turn a service's refusal of an action into the HTML error page saying why."""
    try:
        yield
    except QuotesError as exc:
        status = 404 if isinstance(exc, NotFound) else 409 if isinstance(exc, Conflict) else 422
        detail = f"{exc.detail[:1].upper()}{exc.detail[1:]}."
        raise PageError(status, f"Could not {action}", detail) from None


def _event(session: ReadSession, raw: str | None) -> QuoteEvent | None:
    """The event a ?done= or ?undone= names, if it is one (the banner is a courtesy)."""
    if raw is None or not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        return None
    try:
        return review.get_event(session, int(raw))
    except NotFound:
        return None


@router.get("/review")
def review_page(
    request: Request,
    session: ReadSession,
    done: str | None = None,
    undone: str | None = None,
    rejected: str | None = None,
    reopened: str | None = None,
) -> Response:
    """Pending suggested merges and attribution conflicts, side by side, with their actions."""
    rows, suggestion_total = suggestions.list_suggestions(session, limit=LISTED)
    conflicts, conflict_total = curation.list_conflicts(session, limit=LISTED)
    printings = review.first_printings(session, [c.quote.id for c in conflicts])
    context = {
        "nav": "review",
        "suggestions": suggestion_views(suggestions.suggestions_public(session, rows)),
        "suggestion_total": suggestion_total,
        "conflicts": conflict_views(conflicts, printings),
        "conflict_total": conflict_total,
        "done": _event(session, done),
        "undone": _event(session, undone),
        "rejected": _suggestion_id(rejected),
        "reopened": _suggestion_id(reopened),
    }
    return render(request, "review.html", context)


def _suggestion_id(raw: str | None) -> int | None:
    """The suggestion a banner is about (None for a missing or malformed id: no banner)."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _back(request: Request, query: str = "") -> RedirectResponse:
    return RedirectResponse(url(request, f"/review{query}"), status_code=303)


@router.post("/review/suggestions/{suggestion_id}/accept")
def accept_suggestion(
    request: Request, suggestion_id: str, user: FormCurator, session: WriteSession
) -> Response:
    """Accept a suggested merge: the newer quote is merged into the older (undoable)."""
    ident = page_id(suggestion_id, "suggestion")
    with refused("accept the suggestion"):
        accepted = commit_with_retries(
            session,
            lambda: suggestions.accept(session, suggestion_id=ident, actor=user.name),
        )
    return _back(request, f"?done={accepted.event_id}")


@router.post("/review/suggestions/{suggestion_id}/reject")
def reject_suggestion(
    request: Request, suggestion_id: str, user: FormCurator, session: WriteSession
) -> Response:
    """Reject a suggested merge: the two quotes stay apart, and the pair is remembered."""
    ident = page_id(suggestion_id, "suggestion")
    with refused("reject the suggestion"):
        commit_with_retries(
            session,
            lambda: suggestions.reject(session, suggestion_id=ident, actor=user.name),
        )
    return _back(request, f"?rejected={ident}")


@router.post("/review/suggestions/{suggestion_id}/reopen")
def reopen_suggestion(
    request: Request, suggestion_id: str, user: FormCurator, session: WriteSession
) -> Response:
    """Undo a rejection: the suggestion is back in the queue."""
    ident = page_id(suggestion_id, "suggestion")
    with refused("reopen the suggestion"):
        commit_with_retries(
            session,
            lambda: suggestions.reopen(session, suggestion_id=ident, actor=user.name),
        )
    return _back(request, f"?reopened={ident}")


@router.post("/review/conflicts/{quote_id}/split")
def split_conflict(
    request: Request,
    quote_id: str,
    user: FormCurator,
    session: WriteSession,
    speaker_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Split off the appearances naming one speaker into a quote of their own (undoable)."""
    ident = page_id(quote_id, "quote")
    speaker = page_id(speaker_id, "speaker") if speaker_id else None
    with refused("split the quote"):
        event = commit_with_retries(
            session,
            lambda: review.split_speaker(
                session, quote_id=ident, speaker_id=speaker, actor=user.name
            ),
        )
    return _back(request, f"?done={event.id}")


@router.post("/review/conflicts/{quote_id}/merge")
def merge_into_conflict(
    request: Request,
    quote_id: str,
    user: FormCurator,
    session: WriteSession,
    other_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Merge another quote (by its number) into this one (undoable)."""
    ident = page_id(quote_id, "quote")
    other = page_id(other_id.strip(), "quote")
    with refused("merge the quotes"):
        event = commit_with_retries(
            session,
            lambda: curation.merge(session, quote_id=ident, other_id=other, actor=user.name),
        )
    return _back(request, f"?done={event.id}")


@router.post("/review/events/{event_id}/undo")
def undo_event(
    request: Request, event_id: str, user: FormCurator, session: WriteSession
) -> Response:
    """Undo a merge or split (an accepted suggestion goes back in the queue)."""
    ident = page_id(event_id, "event")
    with refused("undo it"):
        commit_with_retries(
            session, lambda: curation.undo(session, event_id=ident, actor=user.name)
        )
    return _back(request, f"?undone={ident}")


@router.get("/review/{rest:path}")
def review_action_again(request: Request, rest: str) -> Response:
    """Where signing in after an interrupted action leads: back to the review page."""
    return _back(request)
