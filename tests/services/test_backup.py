"""quotes db backup / restore: SQLite through the online backup API, PostgreSQL through pg_dump."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from quotes.cli import app
from quotes.config import get_settings
from quotes.db import make_engine, writer
from quotes.errors import Conflict, InvalidInput, QuotesError
from quotes.services import backup as svc
from quotes.services.demo import load_demo
from tests.factories import post_quote


def _sqlite_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _demo(engine: Engine) -> None:
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_backup_while_a_writer_holds_the_wal(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    _demo(engine)
    source = _path(db_url)
    assert source.with_name(source.name + "-wal").stat().st_size > 0  # committed pages in the WAL
    committed = _sqlite_rows(source)
    open_writer = sqlite3.connect(source, isolation_level=None)
    open_writer.execute("BEGIN IMMEDIATE")
    open_writer.execute(
        "INSERT INTO outlet (name, name_key, created_at) VALUES ('Half', 'half', '2026-01-01')"
    )
    try:
        started = time.monotonic()
        report = svc.backup_sqlite(db_url, tmp_path / "b.bak")
        assert time.monotonic() - started < 10  # the writer's lock did not hold it up
    finally:
        open_writer.execute("ROLLBACK")
        open_writer.close()
    assert report.revision and report.bytes > 0
    assert not (tmp_path / "b.bak-wal").exists()  # one self-contained file
    restored = tmp_path / "restored.db"
    svc.restore_sqlite(f"sqlite:///{restored}", tmp_path / "b.bak")
    assert _sqlite_rows(restored) == committed


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_backup_while_the_api_writes(
    client: TestClient, auth: dict[str, str], engine: Engine, db_url: str, tmp_path: Path
) -> None:
    _demo(engine)
    stop, statuses = threading.Event(), []

    def write() -> None:
        i = 0
        while not stop.is_set():
            r = post_quote(
                client,
                auth,
                text=f"Row {i}: the {['harbour', 'bridge', 'mine', 'school'][i % 4]} budget of "
                f"district {i} was {i * 7 + 3} percent lower than promised in spring.",
                url=f"https://write.example/{i}",
            )
            statuses.append(r.status_code)
            i += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while len(statuses) < 3:
            time.sleep(0.05)
        backups = []
        for k in range(3):
            backups.append(svc.backup_sqlite(db_url, tmp_path / f"b{k}.bak").path)
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    assert set(statuses) <= {200, 201}
    counts = []
    for k, bak in enumerate(backups):
        restored = tmp_path / f"r{k}.db"
        svc.restore_sqlite(f"sqlite:///{restored}", bak)
        conn = sqlite3.connect(restored)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # one moment: every quote's stored count agrees with its appearances
        assert conn.execute(
            "SELECT COUNT(*) FROM quote q WHERE q.merged_into_id IS NULL AND "
            "q.appearance_count != (SELECT COUNT(*) FROM appearance a WHERE a.quote_id = q.id)"
        ).fetchone() == (0,)
        counts.append(conn.execute("SELECT COUNT(*) FROM appearance").fetchone()[0])
        conn.close()
    assert counts == sorted(counts) and counts[0] > 13
    svc.backup_sqlite(db_url, tmp_path / "last.bak")
    svc.restore_sqlite(f"sqlite:///{tmp_path / 'last.db'}", tmp_path / "last.bak")
    assert _sqlite_rows(tmp_path / "last.db") == _sqlite_rows(_path(db_url))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_restore_refuses_a_database_with_rows_unless_forced(
    engine: Engine, db_url: str, other_db_url: str, tmp_path: Path
) -> None:
    _demo(engine)
    svc.backup_sqlite(db_url, tmp_path / "b.bak")
    # an empty migrated database takes it
    svc.restore_sqlite(other_db_url, tmp_path / "b.bak")
    with pytest.raises(Conflict, match="not empty"):
        svc.restore_sqlite(other_db_url, tmp_path / "b.bak")
    svc.restore_sqlite(other_db_url, tmp_path / "b.bak", force=True)
    assert _sqlite_rows(_path(other_db_url)) == _sqlite_rows(_path(db_url))
    (tmp_path / "junk.bak").write_bytes(b"not a database")
    with pytest.raises(InvalidInput, match="not a SQLite backup"):
        svc.restore_sqlite(other_db_url, tmp_path / "junk.bak")


def _pg_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    metadata = MetaData()
    with engine.connect() as conn:
        metadata.reflect(conn)
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
            for t in metadata.sorted_tables
        }


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_postgres_backup_and_restore(
    client: TestClient, auth: dict[str, str], engine: Engine, other_db_url: str, tmp_path: Path
) -> None:
    _demo(engine)
    assert (
        post_quote(client, auth, text="A later quote about the grain harbour.").status_code == 201
    )
    url = engine.url.render_as_string(hide_password=False)
    report = svc.backup(url, tmp_path / "pg.bak")
    assert report.revision and (tmp_path / "pg.bak").read_bytes()[:5] == b"PGDMP"
    svc.restore(other_db_url, tmp_path / "pg.bak")
    other = make_engine(other_db_url)
    try:
        assert _pg_rows(other) == _pg_rows(engine)
        with pytest.raises(Conflict, match="not empty"):
            svc.restore(other_db_url, tmp_path / "pg.bak")
        svc.restore(other_db_url, tmp_path / "pg.bak", force=True)
        assert _pg_rows(other) == _pg_rows(engine)
    finally:
        other.dispose()


def test_missing_pg_tools_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svc.shutil, "which", lambda _name: None)
    monkeypatch.setattr(svc.glob, "glob", lambda _pattern: [])
    with pytest.raises(QuotesError, match="pg_dump not found"):
        svc.pg_binary("pg_dump")


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QUOTES_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_backup_and_restore(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["demo"]).exit_code == 0
    done = runner.invoke(app, ["db", "backup", str(cli_env / "a.bak")])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"backed up to {cli_env / 'a.bak'}")
    monkeypatch.setenv("QUOTES_DATABASE_URL", f"sqlite:///{cli_env / 'b.db'}")
    get_settings.cache_clear()
    restored = runner.invoke(app, ["db", "restore", str(cli_env / "a.bak")])
    assert restored.exit_code == 0, restored.output
    again = runner.invoke(app, ["db", "restore", str(cli_env / "a.bak")])
    assert again.exit_code == 1
    assert again.stderr.splitlines()[-1].startswith("error: ") and "--force" in again.stderr
    assert runner.invoke(app, ["db", "restore", "--force", str(cli_env / "a.bak")]).exit_code == 0
    assert _sqlite_rows(cli_env / "b.db") == _sqlite_rows(cli_env / "a.db")
    (cli_env / "junk").write_text("junk", encoding="utf-8")
    junk = runner.invoke(app, ["db", "restore", str(cli_env / "junk")])
    assert junk.exit_code == 1 and "is not a SQLite backup" in junk.stderr
