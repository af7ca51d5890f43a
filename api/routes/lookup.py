"""Routes of citation lookup and duplicate checks (read-only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.deps import PlanDep, ReadSession, SettingsDep, ThresholdsDep, require_reader
from api.routes.quotes import ERRORS
from quotes.models._common import IsoDate, VerbatimText
from quotes.models.lookup import DuplicateCheck, DuplicateReport, LookupResults
from quotes.services import lookup as svc
from quotes.services.dedup import check_duplicates

router = APIRouter(prefix="/v1", tags=["lookup"], dependencies=[Depends(require_reader)])


@router.get(
    "/lookup",
    response_model=LookupResults,
    summary="Find a quote from any fragment",
    responses=ERRORS,
)
def lookup(
    session: ReadSession,
    settings: SettingsDep,
    thresholds: ThresholdsDep,
    plan: PlanDep,
    q: Annotated[
        VerbatimText, Query(max_length=10_000, description="A quote, fragment or version")
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="Results at most")] = 10,
    speaker: Annotated[
        str | None, Query(max_length=300, description="Speaker name or alias")
    ] = None,
    outlet: Annotated[
        str | None, Query(max_length=300, description="Outlet name or domain")
    ] = None,
    date_from: Annotated[IsoDate | None, Query(description="Appeared on or after")] = None,
    date_to: Annotated[IsoDate | None, Query(description="Appeared on or before")] = None,
) -> LookupResults:
    """Rank the stored quotes q most likely comes from, with speaker, first appearance, citation."""
    results = svc.lookup(
        session,
        q,
        limit=limit,
        speaker=speaker,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        thresholds=thresholds,
        plan=plan,
        min_score=settings.lookup_min_score,
    )
    return LookupResults(query=q, results=results)


@router.post(
    "/duplicates/check",
    response_model=DuplicateReport,
    summary="Is this text a quote we have? (stores nothing)",
    responses=ERRORS,
)
def duplicates_check(
    body: DuplicateCheck, session: ReadSession, thresholds: ThresholdsDep, plan: PlanDep
) -> DuplicateReport:
    """Return the stored quotes the text is a version of, with scores and methods."""
    return check_duplicates(
        session, body.text, speaker=body.speaker, thresholds=thresholds, plan=plan
    )
