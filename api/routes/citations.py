"""Routes of citations: a stored quote cited in a style, and the check of a claimed quote."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.deps import PathId, PlanDep, ReadSession, SettingsDep, ThresholdsDep, require_reader
from api.routes.quotes import ERRORS
from quotes.models import Citation, CitationCheck, CitationClaim, CitationStyle
from quotes.services.check import check_citation
from quotes.services.citations import cite_quote

router = APIRouter(prefix="/v1", tags=["citations"], dependencies=[Depends(require_reader)])


@router.get(
    "/quotes/{quote_id}/citation",
    response_model=Citation,
    summary="Cite a quote (plain, APA, MLA, Chicago or CSL-JSON)",
    responses=ERRORS,
)
def quote_citation(
    quote_id: PathId,
    session: ReadSession,
    style: Annotated[
        CitationStyle,
        Query(description="plain line, APA 7, MLA 9, Chicago (notes-bibliography), or CSL-JSON"),
    ] = "plain",
) -> Citation:
    """Return a citation of the quote from its first appearance, with its CSL-JSON item."""
    return cite_quote(session, quote_id=quote_id, style=style)


@router.post(
    "/citations/check",
    response_model=CitationCheck,
    summary="Did they really say it? A verdict on a claimed quote (stores nothing)",
    responses=ERRORS,
)
def citations_check(
    body: CitationClaim,
    session: ReadSession,
    settings: SettingsDep,
    thresholds: ThresholdsDep,
    plan: PlanDep,
) -> CitationCheck:
    """Check the words against the stored quotes: confirmed, attributed elsewhere, disputed or
    not found, with notes and the ranked results."""
    return check_citation(
        session,
        text=body.text,
        speaker=body.speaker,
        outlet=body.outlet,
        date=body.date,
        thresholds=thresholds,
        plan=plan,
        min_score=settings.lookup_min_score,
    )
