"""SQLite engines: who checkpoints the write-ahead log, a commit or a thread of the server."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from quotes.db import WalCheckpointer, make_engine

# 1,500 rows of 3,000 bytes: one page each, past SQLite's autocheckpoint of 1,000 pages
BIG_WRITE = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
    "INSERT INTO t SELECT randomblob(3000) FROM n"
)


def _write(engine: Engine, sql: str) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)


def _wal_frames(path: Path) -> int:
    """Return how many frames the WAL holds (a PASSIVE checkpoint reports it)."""
    with closing(sqlite3.connect(path)) as conn:
        _busy, frames, _done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(frames)


@pytest.mark.parametrize(("checkpoint_every", "commits_checkpoint"), [(None, True), (3600, False)])
def test_commits_checkpoint_the_wal_unless_a_thread_does(
    tmp_path: Path, checkpoint_every: float | None, commits_checkpoint: bool
) -> None:
    """By default the commit that takes the WAL past 1,000 pages copies them into the file, and
    the next commit starts the WAL over; the server's engine leaves that to its thread (here
    one that has not run yet), so its commits never wait for it."""
    path = tmp_path / "db.sqlite"
    engine = make_engine(f"sqlite:///{path}", checkpoint_every=checkpoint_every)
    _write(engine, "CREATE TABLE t (x BLOB)")
    _write(engine, BIG_WRITE)
    _write(engine, "INSERT INTO t VALUES (x'00')")
    assert (_wal_frames(path) < 100) == commits_checkpoint
    engine.dispose()


def test_the_checkpointer_copies_the_wal_into_the_database(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    engine = make_engine(f"sqlite:///{path}", checkpoint_every=3600)
    _write(engine, "CREATE TABLE t (x BLOB)")
    _write(engine, BIG_WRITE)
    checkpointer = WalCheckpointer(str(path), interval=3600).start()
    checkpointer.stop()  # checkpoints once on the way out
    _write(engine, "INSERT INTO t VALUES (x'00')")  # all was copied: the WAL starts over
    assert _wal_frames(path) < 100
    engine.dispose()
