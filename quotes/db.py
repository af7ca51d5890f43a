"""Engines and sessions: make_engine(url) for the app, session_scope() for the CLI and scripts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from quotes.config import Settings, get_settings

IMMEDIATE = "quotes_sqlite_immediate"


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


def _sqlite_begin(conn: Connection) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE): no lock upgrade can fail later."""
    immediate = conn.get_execution_options().get(IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for url; SQLite gets WAL, foreign keys and explicit transactions."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=5,
            max_overflow=5,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def writer(engine: Engine) -> Engine:
    """Return the engine to use for a write transaction (BEGIN IMMEDIATE on SQLite)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{IMMEDIATE: True})
    return engine


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
