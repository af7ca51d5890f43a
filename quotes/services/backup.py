"""Backups of the whole database file or cluster database, taken while the server runs.

SQLite: the online backup API (sqlite3.Connection.backup) copies the pages under one read
snapshot, so writers through the API go on while it runs (WAL: readers don't block the writer)
and the copy is one consistent moment. It is copied in a single step on purpose: a backup done
in increments restarts whenever another connection writes, and might never end on a busy
server. The copy is checked (PRAGMA quick_check) and turned into a self-contained file
(journal_mode=DELETE), then renamed into place, so FILE is either a whole backup or absent.

PostgreSQL: pg_dump in its custom format, and pg_restore in one transaction. The binaries are
taken from PATH, else from the newest /usr/lib/postgresql/*/bin.

Restores refuse a target that holds rows unless force is given, and restore over a live SQLite
file through the same backup API (never by copying the file under an open WAL).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from quotes.errors import Conflict, InvalidInput, QuotesError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


@dataclass
class BackupReport:
    """What a backup or restore did: where, how big, and the schema revision it holds."""

    path: Path
    bytes: int
    revision: str | None


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise InvalidInput("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def _magic(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(16)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def _nonempty_sqlite(conn: sqlite3.Connection) -> str | None:
    """Return the name of a table holding rows (alembic's own table aside), else None."""
    tables: list[str] = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for name in sorted(tables):
        if name == "alembic_version":
            continue
        quoted = '"' + name.replace('"', '""') + '"'
        if conn.execute(f"SELECT 1 FROM {quoted} LIMIT 1").fetchone():
            return name
    return None


def _check(conn: sqlite3.Connection, what: str) -> None:
    problems = [r[0] for r in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise QuotesError(f"{what} failed its integrity check: {'; '.join(problems[:3])}")


def backup_sqlite(url: str, dest: Path) -> BackupReport:
    """Copy the SQLite database at url to dest with the online backup API (see the module)."""
    source_path = _sqlite_path(url)
    if not source_path.exists():
        raise InvalidInput(f"no database at {source_path}")
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    try:
        target = sqlite3.connect(part)
        try:
            source.backup(target)  # pages=-1: one step, one snapshot (see the module docstring)
            target.execute("PRAGMA journal_mode=DELETE")
            _check(target, "the backup")
            revision = _revision(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        part.unlink(missing_ok=True)
        raise QuotesError(f"backup of {source_path} failed: {exc}") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    os.replace(part, dest)
    return BackupReport(path=dest, bytes=dest.stat().st_size, revision=revision)


def restore_sqlite(url: str, source: Path, *, force: bool = False) -> BackupReport:
    """Copy the SQLite backup at source into the database at url (refused if it has rows)."""
    target_path = _sqlite_path(url)
    if _magic(source) != SQLITE_MAGIC:
        raise InvalidInput(f"{source} is not a SQLite backup (quotes db backup of a SQLite URL)")
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _check(backup, f"the backup {source}")
        revision = _revision(backup)
        if revision is None:
            raise InvalidInput(f"{source} is not a quotes database (no schema revision)")
        target = sqlite3.connect(target_path, timeout=30)
        try:
            busy = _nonempty_sqlite(target)
            if busy is not None and not force:
                raise Conflict(
                    f"{target_path} is not empty (table {busy} has rows): "
                    "restore into a new database, or pass --force to replace it"
                )
            backup.backup(target)
            _check(target, "the restored database")
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise QuotesError(f"restore into {target_path} failed: {exc}") from None
    finally:
        backup.close()
    return BackupReport(path=target_path, bytes=target_path.stat().st_size, revision=revision)


def pg_binary(name: str) -> Path:
    """Return the path of a PostgreSQL client program (PATH first, then /usr/lib/postgresql)."""
    found = shutil.which(name)
    if found:
        return Path(found)
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        candidate = Path(bindir) / name
        if candidate.exists():
            return candidate
    raise QuotesError(
        f"{name} not found on PATH nor in /usr/lib/postgresql/*/bin: install the PostgreSQL "
        "client programs (Debian: postgresql-client)"
    )


def _version(bindir: str) -> tuple[int, ...]:
    number = Path(bindir).parent.name
    return tuple(int(p) for p in number.split(".") if p.isdigit())


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """Return a libpq URI for url (no password in it) and the environment carrying the password."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain: URL = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise QuotesError(f"{what}: cannot run {argv[0]}: {exc.strerror}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise QuotesError(f"{what} failed: {lines[-1] if lines else f'exit {done.returncode}'}")


def _pg_state(url: str) -> tuple[str | None, str | None]:
    """Return (a table of the public schema holding rows, the schema revision) of url."""
    from sqlalchemy import inspect, text

    from quotes.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            revision = None
            if "alembic_version" in names:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            for name in sorted(names):
                if name == "alembic_version":
                    continue
                quoted = conn.dialect.identifier_preparer.quote(name)
                if conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():
                    return name, revision
            return None, revision
    finally:
        engine.dispose()


def backup_postgres(
    url: str, dest: Path, *, announce: Callable[[str], None] | None = None
) -> BackupReport:
    """Dump the PostgreSQL database at url to dest with pg_dump (custom format)."""
    _, revision = _pg_state(url)
    pg_dump = pg_binary("pg_dump")
    uri, env = _libpq(url)
    if announce is not None:
        announce(f"running {pg_dump}")
    part = dest.with_name(dest.name + ".part")
    try:
        _run(
            [
                str(pg_dump),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={part}",
                uri,
            ],
            env,
            "pg_dump",
        )
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, dest)
    return BackupReport(path=dest, bytes=dest.stat().st_size, revision=revision)


def restore_postgres(
    url: str,
    source: Path,
    *,
    force: bool = False,
    announce: Callable[[str], None] | None = None,
) -> BackupReport:
    """Restore a pg_dump custom-format file into the database at url, in one transaction.

    Objects of the dump that exist in the target are dropped first (--clean --if-exists), so an
    empty migrated database takes it as well as a new one; with rows in it, only with force.
    """
    if _magic(source)[:5] != PGDUMP_MAGIC:
        raise InvalidInput(f"{source} is not a pg_dump custom-format backup")
    busy, _ = _pg_state(url)
    if busy is not None and not force:
        raise Conflict(
            f"the target database is not empty (table {busy} has rows): restore into a new "
            "database, or pass --force to replace it"
        )
    pg_restore = pg_binary("pg_restore")
    uri, env = _libpq(url)
    if announce is not None:
        announce(f"running {pg_restore}")
    _run(
        [
            str(pg_restore),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={uri}",
            str(source),
        ],
        env,
        "pg_restore",
    )
    _, revision = _pg_state(url)
    return BackupReport(path=source, bytes=source.stat().st_size, revision=revision)


def backup(url: str, dest: Path, *, announce: Callable[[str], None] | None = None) -> BackupReport:
    """Back up the database at url (SQLite or PostgreSQL) to dest."""
    if url.startswith("sqlite"):
        return backup_sqlite(url, dest)
    if url.startswith("postgresql"):
        return backup_postgres(url, dest, announce=announce)
    raise InvalidInput(f"cannot back up a {make_url(url).get_backend_name()} database")


def restore(
    url: str, source: Path, *, force: bool = False, announce: Callable[[str], None] | None = None
) -> BackupReport:
    """Restore the backup at source into the database at url (SQLite or PostgreSQL)."""
    if url.startswith("sqlite"):
        return restore_sqlite(url, source, force=force)
    if url.startswith("postgresql"):
        return restore_postgres(url, source, force=force, announce=announce)
    raise InvalidInput(f"cannot restore into a {make_url(url).get_backend_name()} database")
