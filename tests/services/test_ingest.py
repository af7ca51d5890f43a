"""Bulk import decides exactly as POST /v1/quotes does, row after row, across batch boundaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quotes.db import make_engine, writer
from quotes.migrate import upgrade
from quotes.models import Appearance, Quote, QuoteCreate
from quotes.services.ingest import import_file
from quotes.services.quotes import add_quote
from tests.factories import ARAKELYAN, STRADNER

LOYALTY = (
    "There is no such thing as loyalty when it comes to Moscow — it’s all about preserving "
    "their own security even if it’s at the expense of their own allies"
)
ROWS = [
    (STRADNER, "Ivana Stradner", "Politico"),
    (STRADNER.replace("’", "'"), "Ivana Stradner", "Reprint Daily"),  # exact after normalisation
    (
        "no such thing as loyalty when it comes to Moscow",
        "Ivana Stradner",
        "Short News",
    ),  # fragment first
    (ARAKELYAN, "Eduard Arakelyan", "Politico"),
    (ARAKELYAN.replace("devastating", "devastatng"), "Eduard Arakelyan", "Typo Times"),  # typo
    (LOYALTY, "Ivana Stradner", "Politico"),  # the fuller version after its fragment
    (STRADNER, "Eduard Arakelyan", "Misquote Weekly"),  # same words, another speaker
    (
        "A completely different statement about the harvest in the northern valleys",
        "Nikol Pashinyan",
        "Armenpress",
    ),
    (
        "A completely different statement about the harvest in the southern valleys",
        "Nikol Pashinyan",
        "Armenpress",
    ),  # a near miss by the same speaker: a different statement
    (STRADNER, "Ivana Stradner", "Politico"),  # the very same appearance again
    (
        "these transfers could have taken place without Moscow … knowledge",
        "Ivana Stradner",
        "Elided Post",
    ),
]


def _write(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for text, speaker, outlet in ROWS:
            fh.write(
                json.dumps(
                    {
                        "text": text,
                        "speaker": speaker,
                        "outlet": outlet,
                        "date": "2024-06-13",
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return path


def _grouping(engine: Engine) -> tuple[list[list[str]], list[str], list[bool]]:
    with Session(engine) as s:
        quotes = s.exec(select(Quote).where(Quote.merged_into_id == None).order_by(Quote.id)).all()  # noqa: E711
        groups = [
            sorted(
                f"{a.outlet_id}:{a.text}"
                for a in s.exec(select(Appearance).where(Appearance.quote_id == q.id))
            )
            for q in quotes
        ]
        return groups, [q.text for q in quotes], [q.speaker_conflict for q in quotes]


@pytest.mark.parametrize("batch", [3, 500])
def test_import_matches_row_by_row_posting(engine: Engine, tmp_path: Path, batch: int) -> None:
    report = import_file(engine, _write(tmp_path / "rows.jsonl"), batch=batch)
    assert report.rows == len(ROWS) and report.already_present == 1 and not report.invalid
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    upgrade(reference_url)
    reference = make_engine(reference_url)
    with Session(writer(reference)) as s:
        for line in (tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines():
            add_quote(s, data=QuoteCreate.model_validate_json(line))
        s.commit()
    got, want = _grouping(engine), _grouping(reference)
    reference.dispose()
    assert sorted(got[0]) == sorted(want[0])  # the same rows end up together
    assert sorted(got[1]) == sorted(want[1])  # with the same (fullest) texts
    assert sorted(got[2]) == sorted(want[2])  # and the same speaker conflicts
    assert LOYALTY in got[1] and True in got[2]
    assert report.new_quotes == len(got[0])
