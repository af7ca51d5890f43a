"""Routes of article ingestion.

Extraction is CPU work that holds the GIL: it runs in a worker thread, EXTRACTIONS at a time
(others wait without a thread), so the event loop and the other routes keep answering, and it
stops at the extract_timeout_seconds setting with a 422 problem (ExtractionTimeout). The answer,
which can list thousands of items, is serialised in the worker thread too.
"""

from __future__ import annotations

import asyncio
from functools import partial
from weakref import WeakKeyDictionary

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import APIRouter, Depends, Response, status
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.deps import (
    PathId,
    PlanDep,
    ReadSession,
    SettingsDep,
    ThresholdsDep,
    Writer,
    WriteSession,
    require_reader,
)
from api.routes.quotes import ERRORS
from quotes.config import Settings
from quotes.index.terms import RetrievalPlan
from quotes.matching import Thresholds
from quotes.models import ArticleCreate, ArticlePublic, ArticleResult
from quotes.services import articles as svc

router = APIRouter(prefix="/v1/articles", tags=["articles"], dependencies=[Depends(require_reader)])

# Extractions that run at once in a process. Under the GIL a second one would finish no sooner,
# and each makes the event loop (and /healthz) wait longer for its turn: with two, the median
# /healthz took 60-90 ms during four worst-case extractions, with one 13-27 ms. A queued request
# holds no thread of the shared pool; its time limit starts when it runs.
EXTRACTIONS = 1
_limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = WeakKeyDictionary()


def _limiter() -> CapacityLimiter:
    """Return the extraction limiter of the running event loop (a limiter belongs to one)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(EXTRACTIONS)
    return limiter


async def extract_in_worker(data: ArticleCreate, settings: Settings) -> svc.Extraction:
    """Extract off the event loop, within the time limit (ExtractionTimeout past it).

    The article pages (api/web/articles.py) extract through here too, so they share the limit.
    """
    work = partial(svc.extract_article, data=data, timeout=settings.extract_timeout_seconds)
    return await anyio.to_thread.run_sync(work, limiter=_limiter())


def _json(result: ArticleResult, status_code: int) -> Response:
    """Return result as JSON; FastAPI passes a Response through without validating it again."""
    return Response(
        result.model_dump_json(), status_code=status_code, media_type="application/json"
    )


@router.post(
    "",
    response_model=ArticleResult,
    status_code=status.HTTP_201_CREATED,
    summary="Extract (and store) an article's quotes and statements",
    responses=ERRORS,
)
async def post_article(
    body: ArticleCreate,
    session: WriteSession,
    key: Writer,
    thresholds: ThresholdsDep,
    plan: PlanDep,
    settings: SettingsDep,
) -> Response:
    """Find the article's quotes with speakers, roles, cues, via-outlets; store=false: dry run.

    422 when the text takes longer than the extract_timeout_seconds setting to analyse.
    """
    extraction = await extract_in_worker(body, settings)
    return await run_in_threadpool(
        _store, session, body, extraction, created_by=key.name, thresholds=thresholds, plan=plan
    )


def _store(
    session: Session,
    data: ArticleCreate,
    extraction: svc.Extraction,
    *,
    created_by: str,
    thresholds: Thresholds,
    plan: RetrievalPlan,
) -> Response:
    """Store what was found and commit (in a worker thread: the database calls block)."""
    result = svc.store_article(
        session,
        data=data,
        extraction=extraction,
        created_by=created_by,
        thresholds=thresholds,
        plan=plan,
    )
    session.commit()
    created = status.HTTP_201_CREATED if result.article_created else status.HTTP_200_OK
    return _json(result, created)


@router.post(
    "/extract",
    response_model=ArticleResult,
    summary="Extract only (dry run, no key needed)",
    responses=ERRORS,
)
async def extract(body: ArticleCreate, settings: SettingsDep) -> Response:
    """Return what POST /v1/articles would find, storing nothing.

    422 when the text takes longer than the extract_timeout_seconds setting to analyse.
    """
    work = partial(_extract_json, body, timeout=settings.extract_timeout_seconds)
    return await anyio.to_thread.run_sync(work, limiter=_limiter())


def _extract_json(data: ArticleCreate, *, timeout: float) -> Response:
    """Extract and serialise the answer (in a worker thread)."""
    return _json(svc.dry_run(svc.extract_article(data=data, timeout=timeout)), status.HTTP_200_OK)


@router.get(
    "/{article_id}", response_model=ArticlePublic, summary="Get an article", responses=ERRORS
)
def get_article(article_id: PathId, session: ReadSession) -> ArticlePublic:
    """Return an ingested article's outlet, date, url and title."""
    return svc.article_public(session, svc.get_article(session, article_id))
