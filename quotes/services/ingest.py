"""Bulk import of quotes from JSON Lines or CSV, through the same dedup path as POST /v1/quotes."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from quotes.db import writer
from quotes.errors import QuotesError
from quotes.index.store import RetrievalPlan
from quotes.matching import Thresholds
from quotes.models import QuoteCreate
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
    invalid: list[tuple[int, str]] = field(default_factory=list)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (line number, row) of a JSON Lines or .csv file; a str row is an error."""
    suffix = path.suffix.lower()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        if suffix == ".csv":
            for i, rec in enumerate(csv.DictReader(fh), start=2):
                yield i, {k: v for k, v in rec.items() if k and v not in (None, "")}
            return
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield i, f"malformed JSON: {exc.msg}"
                continue
            yield i, obj if isinstance(obj, dict) else "a line must be a JSON object"


def count_rows(path: Path) -> int:
    """Return the number of data rows (for progress bars)."""
    with path.open("rb") as fh:
        lines = sum(1 for line in fh if line.strip())
    return max(0, lines - 1) if path.suffix.lower() == ".csv" else lines


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
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every row of path; each batch commits, so a rerun after an interruption resumes.

    Rows already stored (same outlet, date, url, text, speaker) add nothing, so importing the
    same file twice adds nothing. Invalid rows are reported with their line number and skipped.
    """
    report = ImportReport()
    resolver = Resolver()
    valid: list[tuple[int, QuoteCreate]] = []
    session = Session(writer(engine))

    def flush() -> None:
        _store_batch(
            session, valid, report, resolver=resolver, actor=actor, thresholds=thresholds, plan=plan
        )
        session.commit()
        if progress is not None:
            progress(len(valid))
        valid.clear()

    try:
        for line, row in read_rows(path):
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
                progress(1) if progress is not None else None
            except QuotesError as exc:
                report.invalid.append((line, exc.detail))
                progress(1) if progress is not None else None
            if len(valid) >= batch:
                flush()
        flush()
    finally:
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
    """Store rows with add_batch; if the batch fails (a bad id, a concurrent writer), row by row."""
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
    except (QuotesError, IntegrityError):
        resolver.speakers.clear()
        resolver.outlets.clear()
        for line, data in rows:
            try:
                with session.begin_nested():
                    added = add_quote(
                        session, data=data, created_by=actor, thresholds=thresholds, plan=plan
                    )
            except QuotesError as exc:
                report.invalid.append((line, exc.detail))
                continue
            report.new_quotes += added.quote_created
            report.new_appearances += added.appearance_created
            report.merged += added.appearance_created and not added.quote_created
            report.already_present += not added.appearance_created
        return
    report.new_quotes += done.new_quotes
    report.new_appearances += done.new_appearances
    report.merged += done.merged
    report.already_present += done.already_present
