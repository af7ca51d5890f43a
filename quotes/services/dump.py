"""A portable dump of the whole database as JSON Lines, and its restore into an empty database.

The file (plain, or gzip when its name ends in .gz) holds one JSON object per line:

    {"type": "header", "format": "quotes-dump", "version": 1, "schema": "<alembic revision>"}
    {"type": "outlet", "row": {"id": 1, "created_at": "2026-12-01T10:00:00.123456", ...}}
    ...
    {"type": "end", "records": {"outlet": 2, "speaker": 7, ...}}

Every table of the schema is written, found by reflection (so a table added by a later migration,
such as audit_event, comes along without a change here), except the derived matching index
(quote_term, term_df, quote_key, key_df: rebuilt after a restore), the API keys (credentials of
one deployment, not content; `quotes db backup` keeps them) and alembic_version (the header's
schema). Tables come parents first, then by name; rows by primary key; a row's keys are its
primary key columns, then the others by name, so a database and its restore export to the same
bytes. Dates and times are ISO 8601 strings. The end record counts the rows of every table, so a
truncated file is refused instead of half restored.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Date, DateTime, MetaData, Table, Time, bindparam, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from quotes.db import writer
from quotes.errors import Conflict, InvalidInput

FORMAT = "quotes-dump"
VERSION = 1
# Derived (rebuilt from quote.norm), credentials, and the schema's own bookkeeping.
SKIPPED = frozenset({"quote_term", "term_df", "quote_key", "key_df", "api_key", "alembic_version"})
_BATCH = 1000


@dataclass
class DumpReport:
    """What an export or import did: the schema revision and the rows of each table."""

    schema: str
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """Return the counts as one line: "3 outlet, 7 speaker, …"."""
        return ", ".join(f"{n} {table}" for table, n in self.counts.items()) or "no rows"


def dump_tables(conn: Connection) -> list[Table]:
    """Return the tables a dump holds, parents before children (then by name)."""
    metadata = MetaData()
    metadata.reflect(conn)
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED]


def _revision(conn: Connection) -> str:
    revision = MigrationContext.configure(conn).get_current_revision()
    if revision is None:
        raise InvalidInput("the database has no schema: run `quotes db upgrade` first")
    return revision


def _encode(value: object) -> str:
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value.astimezone(dt.UTC).isoformat()  # whatever the session's time zone
    if isinstance(value, dt.date | dt.time):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"cannot write a {type(value).__name__} to a dump")


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_encode) + "\n"


def _columns(table: Table) -> list[str]:
    keys = [c.name for c in table.primary_key.columns]
    return keys + sorted(c.name for c in table.columns if c.name not in keys)


@contextmanager
def _writing(path: Path) -> Iterator[IO[str]]:
    """Write to path.part, then rename: an interrupted export never leaves a file named path."""
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as raw:
        binary: IO[bytes] = raw
        if path.suffix == ".gz":  # mtime 0 and no name: the same rows give the same bytes
            binary = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)  # type: ignore[assignment]
        try:
            with io.TextIOWrapper(binary, encoding="utf-8", newline="\n") as out:
                yield out
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    os.replace(part, path)


def _reading(path: Path) -> IO[str]:
    with open(path, "rb") as probe:
        gz = probe.read(2) == b"\x1f\x8b"
    if gz:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")


def export_dump(
    engine: Engine, path: Path, *, progress: Callable[[str, int], None] | None = None
) -> DumpReport:
    """Write every row of the database behind engine to path, streaming (memory stays flat).

    All tables are read in one transaction (REPEATABLE READ on PostgreSQL, one WAL snapshot on
    SQLite), so a dump taken while the API writes is a consistent picture of one moment.
    progress, if given, is called after each table with (table, rows written).
    """
    conn_engine = engine
    if engine.dialect.name == "postgresql":
        conn_engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with conn_engine.connect() as conn, conn.begin(), _writing(path) as out:
        report = DumpReport(schema=_revision(conn))
        out.write(
            _line({"type": "header", "format": FORMAT, "version": VERSION, "schema": report.schema})
        )
        for table in dump_tables(conn):
            names = _columns(table)
            query = select(*(table.c[n] for n in names)).order_by(*table.primary_key.columns)
            if not table.primary_key.columns:
                query = query.order_by(*(table.c[n] for n in names))
            result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(query)
            count = 0
            for row in result:
                out.write(_line({"type": table.name, "row": dict(zip(names, row, strict=True))}))
                count += 1
            report.counts[table.name] = count
            if progress is not None:
                progress(table.name, count)
        out.write(_line({"type": "end", "records": report.counts}))
    return report


def read_header(path: Path) -> dict[str, Any] | None:
    """Return the header record if path is a quotes dump, else None (e.g. a quotes file)."""
    try:
        with _reading(path) as f:
            first = f.readline(64 * 1024)
        record = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError, EOFError):
        return None
    if (
        isinstance(record, dict)
        and record.get("type") == "header"
        and record.get("format") == FORMAT
    ):
        return record
    return None


def is_dump(path: Path) -> bool:
    """Say whether path is a dump written by export_dump (its first record is the header)."""
    return read_header(path) is not None


def _converters(table: Table) -> dict[str, Callable[[str], object]]:
    """Parsers of the ISO strings a dump holds for date and time columns."""
    out: dict[str, Callable[[str], object]] = {}
    for column in table.columns:
        if isinstance(column.type, DateTime) and column.type.timezone:
            out[column.name] = _utc_datetime
        elif isinstance(column.type, DateTime):
            out[column.name] = dt.datetime.fromisoformat
        elif isinstance(column.type, Date):
            out[column.name] = dt.date.fromisoformat
        elif isinstance(column.type, Time):
            out[column.name] = dt.time.fromisoformat
    return out


def _utc_datetime(value: str) -> dt.datetime:
    """A time for a time-zone-aware column: one written without an offset is UTC."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=dt.UTC)


def _check_empty(conn: Connection, tables: list[Table]) -> None:
    for table in tables:
        if conn.execute(select(text("1")).select_from(table).limit(1)).first() is not None:
            raise Conflict(
                f"the database is not empty (table {table.name} has rows): a dump is restored "
                "only into an empty database"
            )


class _TableLoader:
    """Inserts one table's rows in batches; self-references (quote.merged_into_id, which may
    point to a later row) are inserted as NULL and set once the whole table is in."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        self.convert = _converters(table)
        self.self_refs = sorted(
            fk.parent.name for fk in table.foreign_keys if fk.column.table is table
        )
        keys = list(table.primary_key.columns)
        if self.self_refs and len(keys) != 1:
            raise InvalidInput(f"table {table.name}: a self-reference needs a one-column key")
        self.key = keys[0].name if keys else ""
        self.batch: list[dict[str, Any]] = []
        self.later: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        unknown = set(row) - set(self.table.c.keys())
        if unknown:
            raise InvalidInput(f"table {self.table.name} has no columns {sorted(unknown)}")
        for name, parse in self.convert.items():
            if isinstance(row.get(name), str):
                row[name] = parse(row[name])
        if any(row.get(c) is not None for c in self.self_refs):
            self.later.append({"k_" + c: row[c] for c in [self.key, *self.self_refs]})
            row = row | dict.fromkeys(self.self_refs)
        self.batch.append(row)
        self.count += 1
        if len(self.batch) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.conn.execute(self.table.insert(), self.batch)
            self.batch = []

    def finish(self) -> None:
        self.flush()
        if self.later:
            t = self.table
            stmt = (
                update(t)
                .where(t.c[self.key] == bindparam("k_" + self.key))
                .values({c: bindparam("k_" + c) for c in self.self_refs})
            )
            self.conn.execute(stmt, self.later)
            self.later = []


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Move each PostgreSQL id sequence past the largest id restored (ids came from the dump)."""
    quote = conn.dialect.identifier_preparer.quote
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1:
            continue
        name, key = quote(table.name), quote(keys[0].name)
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                f"COALESCE((SELECT MAX({key}) FROM {name}), 0) + 1, false)"
            ),
            {"t": name, "c": keys[0].name},
        )


def import_dump(
    engine: Engine, path: Path, *, progress: Callable[[str, int], None] | None = None
) -> DumpReport:
    """Restore a dump written by export_dump into the empty database behind engine.

    Rows go in as they are (ids kept, no dedup), all in one transaction: a dump that is
    truncated, of another schema revision, or meant for a database that already holds rows is
    refused and nothing is written. The matching index is then rebuilt from the quotes and, on
    PostgreSQL, the id sequences are moved past the restored ids. progress, if given, is called
    after each table with (table, rows inserted).
    """
    from quotes.index.store import rebuild

    with _reading(path) as lines, Session(writer(engine)) as session:
        header = _parse(next(lines, ""), path, 1)
        if header.get("type") != "header" or header.get("format") != FORMAT:
            raise InvalidInput(f"{path} is not a quotes dump (no quotes-dump header)")
        if header.get("version") != VERSION:
            raise InvalidInput(
                f"{path} is a quotes dump of version {header.get('version')}; "
                f"this quotes reads version {VERSION}"
            )
        conn = session.connection()
        report = DumpReport(schema=_revision(conn))
        if header.get("schema") != report.schema:
            raise Conflict(
                f"the dump is of schema revision {header.get('schema')} and the database is at "
                f"{report.schema}: restore it with the quotes version that wrote it, or bring "
                "both to the same revision first"
            )
        tables = dump_tables(conn)
        by_name = {t.name: t for t in tables}
        _check_empty(conn, tables)
        loader: _TableLoader | None = None
        end: dict[str, Any] | None = None

        def close(current: _TableLoader | None) -> None:
            if current is not None:
                current.finish()
                report.counts[current.table.name] = current.count
                if progress is not None:
                    progress(current.table.name, current.count)

        for number, raw in enumerate(lines, start=2):
            record = _parse(raw, path, number)
            kind = record.get("type")
            if kind == "end":
                end = record
                break
            table = by_name.get(str(kind))
            if table is None or not isinstance(record.get("row"), dict):
                raise InvalidInput(f"{path}:{number}: unknown record type {kind!r}")
            if loader is None or loader.table is not table:
                if table.name in report.counts:
                    raise InvalidInput(f"{path}:{number}: rows of {table.name} are not together")
                close(loader)
                loader = _TableLoader(conn, table)
            loader.add(record["row"])
        close(loader)
        if end is None:
            raise InvalidInput(f"{path} is truncated: it has no end record; nothing was imported")
        expected = {t: n for t, n in (end.get("records") or {}).items() if n}
        got = {t: n for t, n in report.counts.items() if n}
        if expected != got:
            raise InvalidInput(
                f"{path}: the end record counts {expected} rows but the file holds {got}; "
                "nothing was imported"
            )
        report.counts = {t.name: report.counts.get(t.name, 0) for t in tables}
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn, tables)
        rebuild(session)
        session.commit()
    return report


def _parse(raw: str, path: Path, number: int) -> dict[str, Any]:
    try:
        record = json.loads(raw)
    except ValueError:
        raise InvalidInput(f"{path}:{number}: not a JSON record; nothing was imported") from None
    if not isinstance(record, dict):
        raise InvalidInput(f"{path}:{number}: not a JSON object; nothing was imported")
    return record
