"""SQLite engines: when the write-ahead log is checkpointed, by the commit that fills it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from api.main import create_app
from quotes.config import Settings
from quotes.db import SERVER_WAL_PAGES, make_engine, writer

# 1,500 rows of 3,000 bytes: one page each, past SQLite's autocheckpoint of 1,000 pages
BIG_WRITE = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
    "INSERT INTO t SELECT randomblob(3000) FROM n"
)


def _write(engine: Engine, sql: str) -> None:
    with writer(engine).begin() as conn:
        conn.exec_driver_sql(sql)


def _wal_frames(path: Path) -> int:
    """Return how many frames the WAL holds (a PASSIVE checkpoint reports it)."""
    with closing(sqlite3.connect(path)) as conn:
        _busy, frames, _done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(frames)


@pytest.mark.parametrize(("wal_pages", "checkpointed"), [(None, True), (SERVER_WAL_PAGES, False)])
def test_the_commit_that_fills_the_wal_checkpoints_it(
    tmp_path: Path, wal_pages: int | None, checkpointed: bool
) -> None:
    """By default the commit that takes the WAL past 1,000 pages copies them into the file, and
    the next commit starts the WAL over; the server's engine lets the WAL grow to
    SERVER_WAL_PAGES first, so a POST waits for that copy and sync ten times less often."""
    path = tmp_path / "db.sqlite"
    engine = make_engine(f"sqlite:///{path}", wal_pages=wal_pages)
    _write(engine, "CREATE TABLE t (x BLOB)")
    _write(engine, BIG_WRITE)
    _write(engine, "INSERT INTO t VALUES (x'00')")
    assert (_wal_frames(path) < 100) == checkpointed
    engine.dispose()


def test_the_servers_engine_checkpoints_less_often(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    app = create_app(Settings(database_url=f"sqlite:///{path}"))
    engine: Engine = app.state.engine
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == SERVER_WAL_PAGES
    engine.dispose()
