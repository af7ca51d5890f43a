"""FastAPI dependencies: settings, sessions (read / write), API keys and roles, pagination.

Dependencies that do no I/O are `async def`: FastAPI runs sync ones in its thread pool, and a
thread hop per dependency costs more than the work on the hot routes. So is the key check,
which reads a SQLite file on the event loop and PostgreSQL in a thread (KeyReader). Sessions
are made on the event loop (a session connects only when first used, in the route's thread)
and closed there on SQLite (a local rollback), in a thread on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, ClassVar

from fastapi import Depends, Path, Query, Request, Security, params
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from quotes.config import Settings
from quotes.db import SingleWriteSession, make_engine, sqlite_in_memory
from quotes.errors import AuthError, MissingRole
from quotes.index.terms import RetrievalPlan
from quotes.matching import Thresholds
from quotes.models import ApiKey, Role
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


async def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> AsyncIterator[Session]:
    """Open a read session; routes that write use get_write_session instead."""
    session = Session(engine)  # connects on first use, in the route's thread
    try:
        yield session
    finally:
        await close_session(session)


async def get_write_session(
    request: Request, engine: Annotated[Engine, Depends(get_engine)]
) -> AsyncIterator[Session]:
    """Open a write session (the route commits; leaving without commit rolls back).

    On SQLite, where one writer at a time holds the database, the request first waits for its
    turn among the process's writers (WriterTurns): in arrival order, without holding a thread.

    Objects stay loaded after the commit: the route answers with what it just wrote, and
    expiring them would cost one SELECT per object to build the response. The reads after the
    commit take no write lock (SingleWriteSession).
    """
    turns: WriterTurns = request.app.state.writer_turns
    async with turns.turn(engine):
        session = SingleWriteSession(engine, expire_on_commit=False)
        try:
            yield session
        finally:
            await close_session(session)


async def close_session(session: Session) -> None:
    """Close session, giving its connection back to the pool.

    On SQLite that is a local rollback, done in place; a server database may make it wait on
    the network, so it runs in a thread there, never on the event loop.
    """
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        session.close()
    else:
        await run_in_threadpool(session.close)


class WriterTurns:
    """The order in which one process's requests write to a SQLite database: first come, first
    served.

    SQLite admits one writer at a time, so concurrent writers of one process queue anyway (on
    the write lock of quotes.db). A thread lock wakes its waiters in no particular order, and a
    newcomer may take it first: under 16 writers the p99 of a POST was about twice the mean
    (bench/writers.py; 1.4-1.7 times in order). Here they queue on the event loop, whose lock
    wakes its waiters in order, and hold no thread while they wait. PostgreSQL writers are not
    queued: they lock only what they touch.
    """

    def __init__(self) -> None:
        # One lock per event loop: a test process runs apps on several loops in turn.
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._locks = weakref.WeakKeyDictionary()

    @asynccontextmanager
    async def turn(self, engine: Engine) -> AsyncIterator[None]:
        """Wait for this request's turn to write to engine's database (at once, on PostgreSQL)."""
        if engine.dialect.name != "sqlite":
            yield
            return
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        async with lock:
            yield


def bearer_secret(request: Request) -> str | None:
    """Return the key sent as Authorization: Bearer <key>, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


# Declares the scheme in OpenAPI (the Authorize button of /docs); the checks are ours, so a
# missing key is our 401 problem, not FastAPI's.
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key (`quotes keys create NAME --role ROLE`). The scope listed on an "
    "operation is the role it needs; each role includes the ones before it: "
    "reader < writer < curator < admin.",
)


async def require_key(
    security_scopes: SecurityScopes,
    request: Request,
    engine: Annotated[Engine, Depends(get_engine)],
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ApiKey:
    """Return the request's live key if its role includes the scopes (use require_role).

    401 without a key, 403 for a key that is unknown, revoked or expired (one message), 403
    naming the role needed for a key whose role is too small. `bearer` is here to declare the
    scheme; the key is read by bearer_secret, as every other check reads it.
    """
    key = await request_key(request, engine, bearer_secret(request))
    for role in security_scopes.scopes:
        if not key.allows(role):
            raise MissingRole(f"this action needs the {role} role")
    return key


def require_role(role: Role) -> params.Security:
    """Depend on a live key whose role includes role; OpenAPI lists the role as the scope."""
    dependency: params.Security = Security(require_key, scopes=[role])
    return dependency


async def require_reader(
    request: Request,
    engine: Annotated[Engine, Depends(get_engine)],
    settings: Annotated[Settings, Depends(get_settings_dep)],
) -> None:
    """Check the API key on reads only when the read_requires_key setting is on.

    Any live key may read (reader is the smallest role). The check reads the header itself
    rather than through `bearer`, so that reads do not claim in OpenAPI to need a key when they
    do not; when they do, the docs are closed (api/main.py).
    """
    if settings.read_requires_key:
        await request_key(request, engine, bearer_secret(request))


class KeyReader:
    """Reads API keys of a SQLite database file on the event loop, on a connection of its own.

    Every keyed request checks its key. In a thread that cost a trip there and back, about
    0.65 ms of CPU on our 2-core machine, more than the lookup (0.25 ms): a tenth of a POST. A
    SQLite read of the small api_key table does not wait on writers (WAL), and only the event
    loop uses this engine, one statement at a time, so it never waits for a pooled connection
    either. On PostgreSQL, where a read crosses the network, keys are read in a thread.
    """

    _of: ClassVar[weakref.WeakKeyDictionary[Engine, KeyReader | None]] = weakref.WeakKeyDictionary()

    def __init__(self, engine: Engine) -> None:
        self.engine = make_engine(engine.url.render_as_string(hide_password=False))

    @classmethod
    def of(cls, engine: Engine) -> KeyReader | None:
        """The reader of engine's database when it is a SQLite file (made once), else None."""
        if engine not in cls._of:
            file = engine.dialect.name == "sqlite" and not sqlite_in_memory(str(engine.url))
            cls._of[engine] = cls(engine) if file else None
        return cls._of[engine]


async def request_key(request: Request, engine: Engine, secret: str | None) -> ApiKey:
    """Return the request's live key (check_request_key), read on the event loop on a SQLite
    file (KeyReader), in a thread otherwise."""
    reader = KeyReader.of(engine)
    if reader is not None:
        return check_request_key(request, reader.engine, secret)
    return await run_in_threadpool(check_request_key, request, engine, secret)


def check_request_key(request: Request, engine: Engine, secret: str | None) -> ApiKey:
    """Return the live key for secret, looked up once per request (the limiter asks too)."""
    seen: tuple[str | None, ApiKey] | None = getattr(request.state, "api_key", None)
    if seen is not None and seen[0] == secret:
        return seen[1]
    with engine.connect() as conn:
        key = check_key(conn, secret=secret)
    request.state.api_key = (secret, key)
    return key


def caller_identity(request: Request) -> str:
    """Name the caller for the rate limiter: its key's name if the key is live, else its address.

    A key that is not live counts as no key (its route refuses it if it needs one), so made-up
    keys cannot buy fresh counts. Behind a proxy the address is the proxy's unless the server
    trusts its X-Forwarded-For (uvicorn: --forwarded-allow-ips).
    """
    secret = bearer_secret(request)
    if secret:
        try:
            key = check_request_key(request, request.app.state.engine, secret)
        except AuthError:
            pass
        else:
            return f"key:{key.name}"
    return f"address:{request.client.host if request.client else 'unknown'}"


async def get_thresholds(settings: Annotated[Settings, Depends(get_settings_dep)]) -> Thresholds:
    """Return the matching thresholds of the settings."""
    return settings.thresholds()


async def get_plan(settings: Annotated[Settings, Depends(get_settings_dep)]) -> RetrievalPlan:
    """Return the retrieval budget of the settings."""
    return settings.plan()


ThresholdsDep = Annotated[Thresholds, Depends(get_thresholds)]
PlanDep = Annotated[RetrievalPlan, Depends(get_plan)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# Closed as soon as the route returns (scope "function"), before the answer is sent.
ReadSession = Annotated[Session, Depends(get_session, scope="function")]
WriteSession = Annotated[Session, Depends(get_write_session, scope="function")]
Writer = Annotated[ApiKey, require_role("writer")]
Curator = Annotated[ApiKey, require_role("curator")]
Admin = Annotated[ApiKey, require_role("admin")]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip")]
# An id in the path: bounded, so an id no row can have is a 422, never a database error.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
