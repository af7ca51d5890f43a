"""Bulk import of quotes from JSON Lines or CSV, through the same dedup path as POST /v1/quotes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from quotes.db import writer
from quotes.errors import QuotesError
from quotes.formats import RecordStream
from quotes.index.terms import RetrievalPlan
from quotes.matching import Thresholds
from quotes.models import QuoteCreate
from quotes.services import audit
from quotes.services.bulk import Resolver, add_batch
from quotes.services.quotes import add_quote

FIELDS = set(QuoteCreate.model_fields)


@dataclass
class ImportReport:
    """What an import did, row by row counted."""

    rows: int = 0
    new_quotes: int = 0
    new_appearances: int = 0
    merged: int = 0
    already_present: int = 0
    suggested: int = 0  # new quotes that nearly are a stored one: merges suggested to curators
    invalid: list[tuple[int, str]] = field(default_factory=list)


def read_rows(path: Path, fmt: str | None = None) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (line number, row) of an import file in any format (quotes.formats); a str row is
    an error."""
    with RecordStream(path, fmt) as stream:
        yield from stream


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {e['msg'].removeprefix('Value error, ')}"
        for e in exc.errors()
    )


def import_file(
    engine: Engine,
    path: Path,
    *,
    actor: str = "import",
    thresholds: Thresholds = Thresholds(),
    plan: RetrievalPlan = RetrievalPlan(),
    batch: int = 5000,
    fmt: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every row of path; each batch commits, so a rerun after an interruption resumes.

    The file is streamed (memory stays flat however large it is) in any format quotes.formats
    reads: JSON Lines, CSV, Quotebank, GDELT, plain or compressed. Rows already stored (same
    outlet, date, url, text, speaker) add nothing, so importing the same file twice adds nothing.
    Invalid rows are reported with their line number and skipped. progress, if given, is called
    after every batch with (bytes of the file read, its size).
    """
    report = ImportReport()
    resolver = Resolver()
    valid: list[tuple[int, QuoteCreate]] = []
    session = Session(writer(engine))
    stream = RecordStream(path, fmt)

    def flush() -> None:
        _store_batch(
            session, valid, report, resolver=resolver, actor=actor, thresholds=thresholds, plan=plan
        )
        session.commit()
        if progress is not None:
            progress(stream.bytes_read, stream.total_bytes)
        valid.clear()

    try:
        with audit.suspended(session):  # one audit event for the run, not one per row
            for line, row in stream:
                report.rows += 1
                try:
                    if isinstance(row, str):
                        raise QuotesError(row)
                    unknown = sorted(set(row) - FIELDS)
                    if unknown:
                        raise QuotesError(f"unknown fields {unknown}")
                    valid.append((line, QuoteCreate.model_validate(row)))
                except ValidationError as exc:
                    report.invalid.append((line, _describe(exc)))
                except QuotesError as exc:
                    report.invalid.append((line, exc.detail))
                if len(valid) >= batch:
                    flush()
            flush()
        audit.record(
            session,
            actor=actor,
            action="import",
            entity="file",
            entity_id=0,
            before=None,
            after={
                "file": path.name,
                "format": stream.format,
                "rows": report.rows,
                "new_quotes": report.new_quotes,
                "merged": report.merged,
                "already_present": report.already_present,
                "suggested": report.suggested,
                "invalid": len(report.invalid),
            },
        )
        session.commit()
    finally:
        stream.close()
        session.close()
    return report


def _store_batch(
    session: Session,
    rows: list[tuple[int, QuoteCreate]],
    report: ImportReport,
    *,
    resolver: Resolver,
    actor: str,
    thresholds: Thresholds,
    plan: RetrievalPlan,
) -> None:
    """Store rows with add_batch; if the batch fails (a bad id, a concurrent writer), row by row.

    In the row-by-row fallback a row the database refuses (a constraint, a value out of range)
    is reported as invalid and the import goes on with the next one.
    """
    if not rows:
        return
    try:
        with session.begin_nested():
            done = add_batch(
                session,
                [d for _, d in rows],
                resolver=resolver,
                created_by=actor,
                thresholds=thresholds,
                plan=plan,
            )
    except (QuotesError, SQLAlchemyError):
        resolver.clear()
        for line, data in rows:
            try:
                with session.begin_nested():
                    added = add_quote(
                        session, data=data, created_by=actor, thresholds=thresholds, plan=plan
                    )
            except QuotesError as exc:
                report.invalid.append((line, exc.detail))
                continue
            except SQLAlchemyError as exc:
                report.invalid.append((line, f"refused by the database: {_db_reason(exc)}"))
                continue
            report.new_quotes += added.quote_created
            report.new_appearances += added.appearance_created
            report.merged += added.appearance_created and not added.quote_created
            report.already_present += not added.appearance_created
            report.suggested += added.suggestion is not None
        return
    report.new_quotes += done.new_quotes
    report.new_appearances += done.new_appearances
    report.merged += done.merged
    report.already_present += done.already_present
    report.suggested += done.suggested


def _db_reason(exc: SQLAlchemyError) -> str:
    """Return the first line of the driver's message (no SQL, no parameters)."""
    orig = getattr(exc, "orig", None)
    return str(orig or exc.__class__.__name__).splitlines()[0][:200]
