"""Test worlds: a fresh database per test on SQLite and on a throwaway PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from quotes.config import Settings
from quotes.db import make_engine, writer
from quotes.migrate import upgrade
from quotes.services.keys import create_key
from quotes.testing import PgServer, PgUnavailable

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_counter = itertools.count()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


class _PgDatabases:
    """Fresh copies of the migrated template, made ahead of the tests that take them.

    A thread keeps AHEAD databases ready (CREATE DATABASE … TEMPLATE) and drops the ones given
    back, so the server does that work while the tests run, not before and after each of them.
    """

    AHEAD = 2

    def __init__(self, server: PgServer) -> None:
        self.server = server
        self.ready: queue.Queue[str | BaseException] = queue.Queue(maxsize=self.AHEAD)
        self.returned: queue.Queue[str | None] = queue.Queue()
        self.admin = make_engine(server.url("postgres")).execution_options(
            isolation_level="AUTOCOMMIT"
        )
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._work, name="pg-databases", daemon=True)
        self.thread.start()

    def _drop_returned(self, conn: Connection, *, wait: float = 0) -> None:
        while True:
            try:
                name = self.returned.get(timeout=wait) if wait else self.returned.get_nowait()
            except queue.Empty:
                return
            if name is None:
                return
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            wait = 0

    def _work(self) -> None:
        try:
            with self.admin.connect() as conn:
                while not self.stopping.is_set():
                    self._drop_returned(conn)
                    name = f"t_{os.getpid()}_{next(_counter)}"
                    conn.execute(
                        text(f"CREATE DATABASE {name} TEMPLATE quotes_template STRATEGY FILE_COPY")
                    )
                    while not self.stopping.is_set():
                        try:
                            self.ready.put(name, timeout=0.05)
                            break
                        except queue.Full:
                            self._drop_returned(conn, wait=0.05)
        except BaseException as exc:  # the tests waiting for a database get it
            self.ready.put(exc)

    def take(self) -> str:
        """Return the name of a fresh database (waits for the thread to make one)."""
        got = self.ready.get(timeout=300)
        if isinstance(got, BaseException):
            self.ready.put(got)  # for the next test too
            raise RuntimeError(f"could not create a test database: {got}") from got
        return got

    def give_back(self, name: str) -> None:
        """Drop the database name (in the thread, soon)."""
        self.returned.put(name)

    def stop(self) -> None:
        self.stopping.set()
        self.returned.put(None)
        self.thread.join(timeout=60)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session, with a migrated template database."""
    try:
        server = PgServer().start()
    except PgUnavailable as exc:
        if IN_CI:
            pytest.fail(f"CI=true but PostgreSQL could not start: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    admin = make_engine(server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE quotes_template"))
    admin.dispose()
    upgrade(server.url("quotes_template"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_databases(pg_server: PgServer) -> Iterator[_PgDatabases]:
    """Fresh PostgreSQL databases, made in the background (see _PgDatabases)."""
    databases = _PgDatabases(pg_server)
    yield databases
    databases.stop()


def _fresh_database(request: pytest.FixtureRequest, kind: str, path: Path) -> Iterator[str]:
    """Yield the URL of a fresh migrated database of kind (sqlite: at path), dropped after."""
    if kind == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    databases: _PgDatabases = request.getfixturevalue("pg_databases")
    name = databases.take()
    try:
        yield databases.server.url(name)
    finally:
        databases.give_back(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated database: SQLite, then PostgreSQL."""
    yield from _fresh_database(request, request.param, tmp_path / "quotes.db")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the fresh database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the fresh database (tests commit when they mean to)."""
    with Session(writer(engine)) as s:
        yield s


@pytest.fixture
def settings(db_url: str) -> Settings:
    """Settings pointing at the fresh database."""
    return Settings(database_url=db_url)


# Apps built by the client fixture, with the settings they were built for (database_url
# aside). FastAPI prepares each route (its dependencies' models) on the first request that
# reaches it, per app: about 0.2 s a test when every test built its own app. Everything an app
# holds from its settings is the same for settings equal but for database_url; the settings
# and engine it serves are read from app.state, set afresh for each test.
_apps: list[tuple[Settings, FastAPI]] = []


def app_for(settings: Settings, engine: Engine) -> FastAPI:
    """The app of settings serving engine: built once per distinct settings, then reused."""
    from api.main import create_app

    like = settings.model_copy(update={"database_url": ""})
    app = next((a for s, a in _apps if s == like), None)
    if app is None:
        app = create_app(settings, engine=engine)
        _apps.append((like, app))
    app.state.settings = settings
    app.state.engine = engine
    return app


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A test client of the app on the fresh database."""
    with TestClient(app_for(settings, engine)) as c:
        yield c


@pytest.fixture
def api_key(engine: Engine) -> str:
    """A live admin key: it may do everything (role tests use key_headers for the others)."""
    with Session(writer(engine)) as s:
        _, secret = create_key(s, name=f"tester-{next(_counter)}", role="admin")
        s.commit()
    return secret


@pytest.fixture
def auth(api_key: str) -> dict[str, str]:
    """Headers that authorise every action (an admin key)."""
    return {"Authorization": f"Bearer {api_key}"}


@pytest.fixture
def key_headers(engine: Engine) -> Callable[[str], dict[str, str]]:
    """Make a live key with the given role; returns the headers that send it."""

    def make(role: str) -> dict[str, str]:
        with Session(writer(engine)) as s:
            _, secret = create_key(s, name=f"{role}-{next(_counter)}", role=role)
            s.commit()
        return {"Authorization": f"Bearer {secret}"}

    return make


@pytest.fixture
def shared() -> Path:
    """The ../shared data folder; tests that need it skip without it (and fail in CI)."""
    if not SHARED.exists():
        if IN_CI:
            pytest.fail(f"CI=true but {SHARED} is missing")
        pytest.skip(f"{SHARED} not present")
    return SHARED


@pytest.fixture
def other_db_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second fresh, migrated database of the same kind as db_url (for A/B comparisons)."""
    kind = "sqlite" if db_url.startswith("sqlite") else "postgres"
    yield from _fresh_database(request, kind, tmp_path / "other.db")


# Under pytest-xdist (.ci/run: -n auto --dist loadgroup), the tests that time themselves or keep
# several processes busy run one after another on one worker: the browser tests (one Chromium
# and one live server per worker that runs them), the crash test (two imports at once), the
# served-app tests, the extraction timings, and the PostgreSQL differential (the longest test,
# which keeps the server busy too; here it also evens out the two workers' shares).
ONE_WORKER = (
    "tests/test_crash.py",
    "tests/unit/test_extract_linear.py",
    "tests/api/test_extract_limits.py",
    "tests/api/test_concurrency.py",
    "tests/test_cli.py::test_serve_demo_answers_over_http",
    "tests/services/test_import_differential.py::test_import_equals_posting_row_by_row[postgres]",
)
ONE_WORKER_FIXTURES = frozenset({"live", "_driver"})
# Started first, so that no worker is left running one of them alone at the end.
LONGEST = (
    "tests/services/test_import_differential.py",
    "tests/test_crash.py",
    "tests/api/test_fuzz.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group and order the tests for pytest-xdist (see ONE_WORKER and LONGEST)."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.nodeid.startswith(ONE_WORKER) or fixtures & ONE_WORKER_FIXTURES:
            item.add_marker(pytest.mark.xdist_group("one-worker"))
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: not item.nodeid.startswith(LONGEST))
