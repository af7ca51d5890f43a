"""Test worlds: a fresh database per test on SQLite and on a throwaway PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from quotes.config import Settings
from quotes.db import make_engine, writer
from quotes.migrate import upgrade
from quotes.services.keys import create_key
from tests.pgserver import PgServer, PgUnavailable

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_counter = itertools.count()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


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


def _pg_database(server: PgServer) -> tuple[str, Engine]:
    name = f"t_{os.getpid()}_{next(_counter)}"
    admin = make_engine(server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE quotes_template"))
    admin.dispose()
    return name, admin


def _fresh_database(request: pytest.FixtureRequest, kind: str, path: Path) -> Iterator[str]:
    """Yield the URL of a fresh migrated database of kind (sqlite: at path), dropped after."""
    if kind == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name, _ = _pg_database(server)
    yield server.url(name)
    admin = make_engine(server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


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


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A test client of the app on the fresh database."""
    from api.main import create_app

    with TestClient(create_app(settings, engine=engine)) as c:
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
