"""FastAPI dependencies: settings, sessions (read / write), API-key checks, pagination.

Dependencies that do no I/O are `async def`: FastAPI runs sync ones in its thread pool, and a
thread hop per dependency costs more than the work on the hot routes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from quotes.config import Settings
from quotes.db import writer
from quotes.index.store import RetrievalPlan
from quotes.matching import Thresholds
from quotes.models import ApiKey
from quotes.models._common import MAX_ID
from quotes.services.keys import check_key


async def get_settings_dep(request: Request) -> Settings:
    """Return the settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    """Return the app's engine."""
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """Open a read session; routes that write use get_write_session instead."""
    with Session(engine) as session:
        yield session


def get_write_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """Open a write session (the route commits; leaving without commit rolls back).

    Objects stay loaded after the commit: the route answers with what it just wrote, and
    expiring them would cost one SELECT per object to build the response.
    """
    with Session(writer(engine), expire_on_commit=False) as session:
        yield session


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_writer(request: Request, engine: Annotated[Engine, Depends(get_engine)]) -> ApiKey:
    """Check the request's API key (401 without one, 403 if revoked or unknown)."""
    return _check(engine, _bearer(request))


async def require_reader(
    request: Request,
    engine: Annotated[Engine, Depends(get_engine)],
    settings: Annotated[Settings, Depends(get_settings_dep)],
) -> None:
    """Check the API key on reads only when the read_requires_key setting is on."""
    if settings.read_requires_key:
        await run_in_threadpool(_check, engine, _bearer(request))


def _check(engine: Engine, secret: str | None) -> ApiKey:
    with Session(engine) as session:
        return check_key(session, secret=secret)


async def get_thresholds(settings: Annotated[Settings, Depends(get_settings_dep)]) -> Thresholds:
    """Return the matching thresholds of the settings."""
    return settings.thresholds()


async def get_plan(settings: Annotated[Settings, Depends(get_settings_dep)]) -> RetrievalPlan:
    """Return the retrieval budget of the settings."""
    return settings.plan()


ThresholdsDep = Annotated[Thresholds, Depends(get_thresholds)]
PlanDep = Annotated[RetrievalPlan, Depends(get_plan)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ReadSession = Annotated[Session, Depends(get_session)]
WriteSession = Annotated[Session, Depends(get_write_session)]
Writer = Annotated[ApiKey, Depends(require_writer)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip")]
# An id in the path: bounded, so an id no row can have is a 422, never a database error.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
