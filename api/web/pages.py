"""The server-rendered pages: each route reads through quotes/services and renders a template.

The check page (`/`: a verdict on a claimed quote, quotes.services.check) and the quote (with
its citation page), speaker and outlet pages are here; the article pages are in
api/web/articles.py, the review page in api/web/review.py.

`router` holds the read pages (behind page_reader: open, or signed-in only under the
read_requires_key setting); `signin_router` the sign-in and sign-out forms, which must stay
reachable without a sign-in. Both load the signed-in user first (the nav shows who it is). An
unknown or deleted quote, speaker or outlet is an HTML 404 page (`found`, `page_id`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api.deps import PlanDep, ReadSession, SettingsDep, ThresholdsDep
from api.web.auth import csrf_checked, load_user, page_reader
from api.web.forms import blank_to_none, field_errors
from api.web.render import PageError, render, url
from api.web.session import end_session, start_session
from api.web.views import (
    CITE_STYLES,
    VERDICT_LABELS,
    checked_views,
    quotation_ld,
    timeline,
)
from quotes.errors import AuthError, NotFound
from quotes.models import CitationClaim
from quotes.models._common import MAX_ID
from quotes.services import outlets as outlet_svc
from quotes.services import quotes as quote_svc
from quotes.services import speakers as speaker_svc
from quotes.services.check import check_citation
from quotes.services.citations import cite_quote, cite_quote_styles
from quotes.services.keys import check_key
from quotes.services.profiles import (
    outlet_counts,
    outlet_firsts,
    outlet_printings,
    speaker_conflicts,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_reader)])
signin_router = APIRouter(include_in_schema=False, dependencies=[Depends(load_user)])


@contextmanager
def found(what: str) -> Iterator[None]:
    """Turn a service's NotFound into the HTML 404 page naming what was looked for."""
    try:
        yield
    except NotFound:
        raise PageError(
            404, f"No such {what}", f"There is no {what} with this number, or it was deleted."
        ) from None


def page_id(raw: str, what: str) -> int:
    """Return the id of a page's path; anything but a possible id is a 404 page, not a 422."""
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        raise PageError(404, f"No such {what}", f"“{raw}” is not the number of a {what}.")
    return int(raw)


DATE_HINT = "Give the date as YYYY-MM-DD, for example 2024-06-13."


@router.get("/")
def check_page(
    request: Request,
    session: ReadSession,
    settings: SettingsDep,
    thresholds: ThresholdsDep,
    plan: PlanDep,
    q: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
) -> Response:
    """Check a quote: the verdict on the words (and the claimed speaker, outlet and date), the
    notes saying why, and the ranked results with their one-line citations. Without words: the
    form alone. The styled citations are on the quote's citation page (cite_page), which the
    check page links to and, with JavaScript, loads into itself when asked."""
    form = {"q": q or "", "speaker": speaker or "", "outlet": outlet or "", "date": date or ""}
    context: dict[str, Any] = {
        "nav": "check",
        "form": form,
        "errors": {},
        "check": None,
        "verdict_labels": VERDICT_LABELS,
    }
    if blank_to_none(q) is None:
        return render(request, "check.html", context)
    try:
        claim = CitationClaim.model_validate(
            {
                "text": q,
                "speaker": blank_to_none(speaker),
                "outlet": blank_to_none(outlet),
                "date": blank_to_none(date),
            }
        )
    except ValidationError as exc:
        errors = field_errors(exc, names={"text": "q"})
        if "date" in errors:
            errors["date"] = DATE_HINT
        return render(request, "check.html", {**context, "errors": errors}, status=422)
    check = check_citation(
        session,
        text=claim.text,
        speaker=claim.speaker,
        outlet=claim.outlet,
        date=claim.date,
        thresholds=thresholds,
        plan=plan,
        min_score=settings.lookup_min_score,
    )
    views = checked_views(check)
    context |= {
        "claim": claim,
        "check": check,
        "results": views,
        "basis": next((v for v in views if v.basis), None),
    }
    return render(request, "check.html", context)


@router.get("/quotes/{quote_id}")
def quote_page(request: Request, quote_id: str, session: ReadSession) -> Response:
    """A quote: its canonical text, speaker, citation and every appearance, oldest first."""
    ident = page_id(quote_id, "quote")
    with found("quote"):
        quote = quote_svc.get_quote(session, ident)
    if quote.merged_into_id is not None:  # a curator merged it: its appearances moved there
        return RedirectResponse(url(request, f"/quotes/{quote.merged_into_id}"), status_code=302)
    shaped = quote_svc.quote_public(session, quote)
    page_url = str(request.url.replace(query=None, fragment=None))
    speaker_url = (
        str(request.url_for("speaker_page", speaker_id=str(shaped.speaker.id)))
        if shaped.speaker
        else None
    )
    context = {
        "quote": shaped,
        "timeline": timeline(shaped),
        "citation": cite_quote(session, quote_id=ident, style="plain").text,
        "jsonld": quotation_ld(shaped, page_url=page_url, speaker_url=speaker_url),
    }
    return render(request, "quote.html", context)


@router.get("/quotes/{quote_id}/cite")
def cite_page(request: Request, quote_id: str, session: ReadSession) -> Response:
    """A quote's citation, ready to paste: the plain line, APA, MLA and Chicago, each with a
    copy button. The check page loads its [data-cite-styles] block (static/app.js)."""
    ident = page_id(quote_id, "quote")
    with found("quote"):
        quote = quote_svc.get_quote(session, ident)
    if quote.merged_into_id is not None:
        return RedirectResponse(
            url(request, f"/quotes/{quote.merged_into_id}/cite"), status_code=302
        )
    cites = cite_quote_styles(session, quote_id=ident, styles=["plain", *CITE_STYLES])
    context = {
        "quote": quote,
        "plain": cites.pop("plain"),
        "styles": cites,
        "style_names": CITE_STYLES,
    }
    return render(request, "cite.html", context)


@router.get("/speakers/{speaker_id}")
def speaker_page(request: Request, speaker_id: str, session: ReadSession) -> Response:
    """A speaker: names, quotes (newest first) and the attribution conflicts they are part of."""
    ident = page_id(speaker_id, "speaker")
    with found("speaker"):
        speaker = speaker_svc.get_speaker(session, ident)
    quotes, total = quote_svc.quotes_of_speaker(session, ident, limit=100)
    context = {
        "speaker": speaker_svc.speaker_public(speaker),
        "quotes": quote_svc.quote_summaries(session, quotes),
        "quote_total": total,
        "conflicts": speaker_conflicts(session, ident),
    }
    return render(request, "speaker.html", context)


@router.get("/outlets/{outlet_id}")
def outlet_page(request: Request, outlet_id: str, session: ReadSession) -> Response:
    """An outlet: what it printed (newest first) and the quotes it was first to print."""
    ident = page_id(outlet_id, "outlet")
    with found("outlet"):
        outlet = outlet_svc.get_outlet(session, ident)
    printed_total, first_total = outlet_counts(session, ident)
    printings = outlet_printings(session, ident, limit=100)
    firsts = outlet_firsts(session, ident, limit=100)
    context = {
        "outlet": outlet,
        "printings": printings,
        "printed_total": printed_total,
        "firsts": firsts,
        "first_total": first_total,
    }
    return render(request, "outlet.html", context)


# ---- signing in ------------------------------------------------------------------------------


def safe_next(target: str | None) -> str:
    """Return target if it is a path of this site, else "/" (no open redirect)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ord(c) < 32 for c in target)
    ):
        return "/"
    return target


@signin_router.get("/signin")
def signin_form(request: Request, next: str | None = None) -> Response:
    """The sign-in form: an API key is exchanged for a session cookie."""
    return render(request, "signin.html", {"nav": "signin", "next": safe_next(next)})


@signin_router.post("/signin", dependencies=[Depends(csrf_checked)])
def signin(
    request: Request,
    session: ReadSession,
    key: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Sign in with a live key; a wrong one shows the form again with the reason."""
    try:
        row = check_key(session, secret=key.strip() or None)
    except AuthError:
        context = {"nav": "signin", "next": safe_next(next), "error": "This key is not valid."}
        return render(request, "signin.html", context, status=400)
    start_session(request, row)
    return RedirectResponse(url(request, safe_next(next)), status_code=303)


@signin_router.post("/signout", dependencies=[Depends(csrf_checked)])
def signout(request: Request) -> Response:
    """Sign out (a POST carrying the CSRF token, so no other site can sign anyone out)."""
    end_session(request)
    return RedirectResponse(url(request, "/"), status_code=303)
