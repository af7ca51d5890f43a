"""Routes of article ingestion."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status

from api.deps import PlanDep, ReadSession, ThresholdsDep, Writer, WriteSession, require_reader
from api.routes.quotes import ERRORS
from quotes.models import ArticleCreate, ArticlePublic, ArticleResult
from quotes.services import articles as svc

router = APIRouter(prefix="/v1/articles", tags=["articles"], dependencies=[Depends(require_reader)])


@router.post(
    "",
    response_model=ArticleResult,
    status_code=status.HTTP_201_CREATED,
    summary="Extract (and store) an article's quotes and statements",
    responses=ERRORS,
)
def post_article(
    body: ArticleCreate,
    session: WriteSession,
    key: Writer,
    response: Response,
    thresholds: ThresholdsDep,
    plan: PlanDep,
) -> ArticleResult:
    """Find the article's quotes with speakers, roles, cues, via-outlets; store=false: dry run."""
    result = svc.ingest_article(
        session, data=body, created_by=key.name, thresholds=thresholds, plan=plan
    )
    session.commit()
    if not result.article_created:
        response.status_code = status.HTTP_200_OK
    return result


@router.post(
    "/extract",
    response_model=ArticleResult,
    summary="Extract only (dry run, no key needed)",
    responses=ERRORS,
)
def extract(body: ArticleCreate, session: ReadSession) -> ArticleResult:
    """Return what POST /v1/articles would find, storing nothing."""
    return svc.ingest_article(session, data=body.model_copy(update={"store": False}))


@router.get(
    "/{article_id}", response_model=ArticlePublic, summary="Get an article", responses=ERRORS
)
def get_article(article_id: int, session: ReadSession) -> ArticlePublic:
    """Return an ingested article's outlet, date, url and title."""
    return svc.article_public(session, svc.get_article(session, article_id))
