"""The article pages: paste an article, see the quotes found in it, store the ones kept.

Two steps and no server state: the text and its details are posted again with each step.

1. `POST /articles/new` finds the quotes (extraction only, nothing stored) and shows them
   highlighted in the text, each with a ticked box. Anyone who may read may do this, as anyone
   may call POST /v1/articles/extract; the form still carries the CSRF token.
2. `POST /articles/store` (a writer) extracts the same text again, keeps the items whose boxes
   stayed ticked (by their offsets) and stores them with the article; the page lists each quote
   stored, merged into a known quote or new. Storing the same article again adds nothing.

Extraction runs off the event loop under the API's limit and time limit (api/routes/articles).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import PlanDep, SettingsDep, ThresholdsDep, WriteSession
from api.routes.articles import extract_in_worker
from api.web.auth import FormWriter, csrf_checked, page_reader
from api.web.forms import blank_to_none, field_errors
from api.web.render import render, url
from api.web.views import marked_article
from quotes.config import Settings
from quotes.db import commit_with_retries
from quotes.errors import InvalidInput
from quotes.models import ArticleCreate, ArticleResult
from quotes.services import articles as svc

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_reader)])

FIELDS = ("text", "outlet", "date", "url", "title")
KIND_LABELS = {
    "direct": "Direct quote",
    "partial": "Partial quote",
    "indirect": "Indirect: a paraphrase",
}

FormText = Annotated[str, Form()]


def _form(text: str, outlet: str, date: str, url: str, title: str) -> dict[str, str]:
    # Browsers send line breaks as CRLF; one form of the text keeps both steps' offsets equal.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return {"text": text, "outlet": outlet, "date": date, "url": url, "title": title}


def _article(form: dict[str, str]) -> tuple[ArticleCreate | None, dict[str, str]]:
    """Validate the form as the API's article body; return it, or the errors by field."""
    if blank_to_none(form["outlet"]) is None:
        return None, {"outlet": "Name the outlet that published the article."}
    try:
        data = ArticleCreate.model_validate(
            {
                "text": form["text"],
                "outlet": form["outlet"],
                "date": form["date"].strip(),
                "url": blank_to_none(form["url"]),
                "title": blank_to_none(form["title"]),
            }
        )
    except ValidationError as exc:
        errors = field_errors(exc, whole="outlet")
        if "date" in errors:
            errors["date"] = "Give the date as YYYY-MM-DD, for example 2024-06-13."
        return None, errors
    if not data.text.strip():
        return None, {"text": "Paste the text of the article."}
    return data, {}


def _form_page(request: Request, form: dict[str, str], errors: dict[str, str]) -> Response:
    context = {"nav": "articles", "form": form, "errors": errors, "kinds": KIND_LABELS}
    return render(request, "article_new.html", context, status=422 if errors else 200)


async def _extract(
    request: Request, form: dict[str, str], settings: Settings
) -> tuple[ArticleCreate, svc.Extraction] | Response:
    """Validate and extract; a bad field or a text too slow to analyse: the form, with why."""
    data, errors = _article(form)
    if data is None:
        return _form_page(request, form, errors)
    try:
        extraction = await extract_in_worker(data, settings)
    except InvalidInput as exc:  # ExtractionTimeout: the text takes too long to analyse
        return _form_page(request, form, {"text": f"{str(exc)[:1].upper()}{str(exc)[1:]}."})
    return data, extraction


@router.get("/articles/new")
def article_form(request: Request) -> Response:
    """The article form: text, outlet, date, link and title."""
    return _form_page(request, _form("", "", "", "", ""), {})


@router.post("/articles/new", dependencies=[Depends(csrf_checked)])
async def article_preview(
    request: Request,
    settings: SettingsDep,
    text: FormText = "",
    outlet: FormText = "",
    date: FormText = "",
    url: FormText = "",
    title: FormText = "",
) -> Response:
    """Step 1: the quotes found in the article, highlighted in its text; nothing is stored."""
    form = _form(text, outlet, date, url, title)
    found = await _extract(request, form, settings)
    if isinstance(found, Response):
        return found
    data, extraction = found
    items = svc.dry_run(extraction).items  # each says why storing would leave it out, if so
    context = {
        "nav": "articles",
        "form": form,
        "article": data,
        "items": items,
        "pieces": marked_article(extraction.text, [(i.start, i.end) for i in items]),
        "kinds": KIND_LABELS,
    }
    return render(request, "article_preview.html", context)


@router.get("/articles/store")
def article_store_again(request: Request) -> Response:
    """Where signing in after an interrupted store leads: back to the form (nothing is kept)."""
    return RedirectResponse(url(request, "/articles/new"), status_code=303)


@router.post("/articles/store")
async def article_store(
    request: Request,
    user: FormWriter,
    session: WriteSession,
    settings: SettingsDep,
    thresholds: ThresholdsDep,
    plan: PlanDep,
    text: FormText = "",
    outlet: FormText = "",
    date: FormText = "",
    url: FormText = "",
    title: FormText = "",
    item: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Step 2: store the ticked quotes (items "start-end") and the article; list what it did."""
    form = _form(text, outlet, date, url, title)
    found = await _extract(request, form, settings)
    if isinstance(found, Response):
        return found
    data, extraction = found
    chosen = extraction.only(_spans(item or []))

    def store() -> ArticleResult | None:
        if not chosen.items:  # nothing kept: the article alone is not worth storing
            return None
        return commit_with_retries(
            session,
            lambda: svc.store_article(
                session,
                data=data,
                extraction=chosen,
                created_by=user.name,
                thresholds=thresholds,
                plan=plan,
            ),
        )

    result = await run_in_threadpool(store)
    context = {
        "nav": "articles",
        "article": data,
        "result": result,
        "left_out": len(extraction.items) - len(chosen.items),
        "kinds": KIND_LABELS,
    }
    return render(request, "article_stored.html", context)


def _spans(values: list[str]) -> set[tuple[int, int]]:
    """Parse the ticked boxes' values ("start-end"); anything else is ignored."""
    spans = set()
    for value in values:
        start, _, end = value.partition("-")
        if start.isascii() and start.isdigit() and end.isascii() and end.isdigit():
            spans.add((int(start), int(end)))
    return spans
