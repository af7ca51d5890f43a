"""Engines and sessions: make_engine(url) for the app, session_scope() for the CLI and scripts."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event, make_url
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, create_engine

from quotes.config import Settings, get_settings

IMMEDIATE = "quotes_sqlite_immediate"
log = logging.getLogger("quotes.db")


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    """Foreign keys on, WAL so readers don't block the writer, a busy timeout for writers."""
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    # 32 MB of page cache per connection (default 2 MB): the index's hot pages stay in process.
    # With at most 10 pooled connections (make_engine) that bounds the caches to 320 MB.
    cur.execute("PRAGMA cache_size=-32768")
    cur.close()


# The server's WAL checkpoint threshold in pages (4 KB each), ten times SQLite's default. The
# commit that takes the WAL past it copies and syncs the WAL into the database file, and its
# request waits for the sync: at 1M quotes with the default, 83 of 1,200 POSTs (in-process)
# took over 15 ms and the p99 was 22-26 ms; with this, 10 of 1,200 and 8.0-8.4 ms (two runs
# each, alternated). The WAL then grows to about 40 MB before it starts over. Imports and the
# CLI keep SQLite's default.
SERVER_WAL_PAGES = 10_000


def _wal_autocheckpoint(pages: int) -> Callable[[Any, Any], None]:
    def connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")

    return connect


class _WriterQueue:
    """The writers of one SQLite database wait in turn on locks that wake them, not in SQLite.

    SQLite admits one writer at a time. A writer that finds the lock taken sleeps in SQLite's
    busy handler and looks again after 1, 2, 5 … 100 ms, so under 16 concurrent writers a POST
    that needs 10 ms waited up to seconds (bench/writers.py). Here a writer first takes a lock of
    its process (threads wake the moment the last one commits), then, for a database file, an
    exclusive flock on ``<file>.write-lock`` (the other worker processes of ``--workers N``; it
    goes with the file descriptor, so a killed process never leaves it held), and only then
    BEGIN IMMEDIATE, which then finds SQLite's lock free.
    """

    POLL = 0.0005  # seconds between tries of the flock held by another process

    def __init__(self, timeout: float, lock_path: str | None) -> None:
        self.timeout = timeout
        self.lock_path = lock_path
        self._lock = threading.Lock()
        self._holders: dict[int, int | None] = {}  # DB-API connection -> lock file descriptor

    def begin(self, conn: Connection) -> None:
        """Wait for the write lock of the process and of the file, then BEGIN IMMEDIATE."""
        deadline = time.monotonic() + self.timeout
        if not self._lock.acquire(timeout=self.timeout):
            raise _locked()
        try:
            fd = self._lock_file(deadline)
        except BaseException:
            self._lock.release()
            raise
        self._holders[_dbapi_id(conn)] = fd
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.end(conn)
            raise

    def _lock_file(self, deadline: float) -> int | None:
        if self.lock_path is None:
            return None
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise _locked() from None
                time.sleep(self.POLL)

    def end(self, conn: Connection) -> None:
        """Let the next writer in once this connection's transaction ends (commit or rollback)."""
        self._release(_dbapi_id(conn))

    def returned(self, dbapi_conn: Any, *_: Any) -> None:
        """A connection back in the pool holds no transaction: release it if it still held one."""
        self._release(id(dbapi_conn))

    def _release(self, key: int) -> None:
        if key in self._holders:
            fd = self._holders.pop(key)
            if fd is not None:
                os.close(fd)  # releases the flock
            self._lock.release()


def _locked() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", None, Exception("database is locked"))


def sqlite_in_memory(url: str) -> bool:
    """Say whether a SQLite URL names an in-memory database (one per connection), not a file."""
    database = make_url(url).database
    return not database or database == ":memory:" or database.startswith("file::memory:")


def _write_lock_path(url: str) -> str | None:
    """The lock file beside a SQLite database file; None for an in-memory database."""
    return None if sqlite_in_memory(url) else f"{make_url(url).database}.write-lock"


def _dbapi_id(conn: Connection) -> int:
    return id(conn.connection.dbapi_connection)


def _sqlite_begin(queue: _WriterQueue) -> Callable[[Connection], None]:
    """Writers take the write lock up front (BEGIN IMMEDIATE): no lock upgrade can fail later."""

    def begin(conn: Connection) -> None:
        if conn.get_execution_options().get(IMMEDIATE, False):
            queue.begin(conn)
        else:
            conn.exec_driver_sql("BEGIN")

    return begin


def make_engine(url: str, *, echo: bool = False, wal_pages: int | None = None) -> Engine:
    """Create an engine for url; SQLite gets WAL, foreign keys and explicit transactions.

    wal_pages (SQLite): the WAL is checkpointed by the commit that takes it past this many
    pages (SQLite's wal_autocheckpoint; its default 1,000), see SERVER_WAL_PAGES.
    """
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=5,
            max_overflow=5,
        )
        queue = _WriterQueue(timeout=30, lock_path=_write_lock_path(url))
        event.listen(engine, "connect", _sqlite_connect)
        if wal_pages is not None:
            event.listen(engine, "connect", _wal_autocheckpoint(wal_pages))
        event.listen(engine, "begin", _sqlite_begin(queue))
        # Fired just before COMMIT/ROLLBACK: the next writer's BEGIN IMMEDIATE then finds the
        # lock free or about to be, a 1 ms retry at most (the busy handler's first step).
        event.listen(engine, "commit", queue.end)
        event.listen(engine, "rollback", queue.end)
        event.listen(engine, "checkin", queue.returned)  # never left held by a lost connection
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def writer(engine: Engine) -> Engine:
    """Return the engine to use for a write transaction (BEGIN IMMEDIATE on SQLite)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{IMMEDIATE: True})
    return engine


class SingleWriteSession(Session):
    """A session for one write and the answer built from it (an API request).

    Its transaction takes the write lock (BEGIN IMMEDIATE on SQLite); once committed, the
    reads that build the answer run as plain readers, so the next writer need not wait for
    them. Not for sessions that commit several times (the CLI's session_scope).
    """

    def __init__(self, engine: Engine, **kwargs: Any) -> None:
        super().__init__(writer(engine), **kwargs)
        self._reader = engine

    def commit(self) -> None:
        """Commit; later transactions of this session only read."""
        super().commit()
        self.bind = self._reader


# PostgreSQL's "try again" errors: a deadlock broken by the server, a serialization failure.
RETRYABLE = frozenset({"40P01", "40001"})
T = TypeVar("T")


def retryable(error: BaseException) -> bool:
    """Say whether a database error means "run the transaction again" (it did not apply)."""
    return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) in RETRYABLE


def commit_with_retries(session: Session, work: Callable[[], T], *, attempts: int = 4) -> T:
    """Run work in session and commit; after a deadlock or serialization failure, roll back and
    run it again (up to attempts times, with a short random pause that grows).

    Work must do all of its writing through session, so a rolled-back attempt leaves nothing.
    """
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            session.commit()
            return result
        except DBAPIError as error:
            if attempt == attempts or not retryable(error):
                raise
            session.rollback()
            log.info("transaction retried", extra={"attempt": attempt, "error": str(error.orig)})
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
    raise AssertionError("unreachable")


@contextmanager
def session_scope(
    settings: Settings | None = None, *, engine: Engine | None = None, write: bool = True
) -> Iterator[Session]:
    """Open a session, commit on success, roll back on error (for the CLI and scripts)."""
    settings = settings or get_settings()
    owned = engine is None
    engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
    try:
        with Session(writer(engine) if write else engine) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        if owned:
            engine.dispose()


def marks(conn: Connection, n: int) -> str:
    """Return n bound-parameter marks in the driver's style ("?, ?" or "%s, %s")."""
    return ", ".join(["?" if conn.dialect.paramstyle == "qmark" else "%s"] * n)


def one_of(conn: Connection, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """Return (condition, parameters) that test column against values, for plain SQL.

    SQLite: `column IN (?, ?, …)`. PostgreSQL: `column = ANY(%s)` with the values as one array
    parameter, so the statement's text is the same whatever their number: psycopg parses it once
    (its cache skips long statements, and parsing hundreds of marks took ~1 ms each time) and the
    server prepares it once, which matters for statements sent once per imported row.
    """
    if conn.dialect.name == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({marks(conn, len(values))})", list(values)


def fetch_rows(conn: Connection, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Run plain SQL on the connection's own DB-API cursor (same transaction) and return tuples.

    For the hot read paths (index postings, candidate texts) where SQLAlchemy's per-row
    result handling costs more than the database itself.
    """
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, tuple(params))
        return [tuple(r) for r in cursor.fetchall()]
    finally:
        cursor.close()


def fetch_ids(conn: Connection, sql: str, params: Sequence[Any], *, column: str) -> list[int]:
    """Return the integer column of plain SQL's rows, sent as one comma-separated string.

    For posting lists of thousands of ids: the driver makes one string instead of a row each
    (a lookup's term postings at 1M quotes, 3,400 on average: 0.8-1.2 ms instead of 1.1-1.5 ms
    on SQLite, the same queries alternated).
    """
    if conn.dialect.name == "postgresql":
        agg = f"string_agg({column}::text, ',')"
    else:
        agg = f"group_concat({column})"
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"SELECT {agg} FROM ({sql}) AS ids", tuple(params))
        row = cursor.fetchone()
    finally:
        cursor.close()
    joined = row[0] if row else None
    return json.loads(f"[{joined}]") if joined else []  # C parser: 0.18 ms for 3,400, int() 0.31


def executemany(conn: Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Send one statement for many rows straight to the driver (no per-row SQLAlchemy work).

    sql holds {0}, {1} … where the parameters go; SQLite and PostgreSQL share the upsert
    syntax used with it (ON CONFLICT … DO UPDATE, SQLite ≥ 3.24).
    """
    if rows:
        conn.exec_driver_sql(sql.format(*marks(conn, len(rows[0])).split(", ")), list(rows))


def insert_rows(conn: Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts with the same keys) into table: COPY on PostgreSQL, one executemany
    elsewhere. The bulk import's write path: no per-row statement on either database."""
    if not rows:
        return
    columns = list(rows[0])
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, columns, [tuple(r[c] for c in columns) for r in rows])
        return
    names = ", ".join(columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks(conn, len(columns))})"
    conn.exec_driver_sql(sql, [tuple(r[c] for c in columns) for r in rows])


def copy_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """COPY rows into a PostgreSQL table through psycopg, inside the connection's transaction."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()
