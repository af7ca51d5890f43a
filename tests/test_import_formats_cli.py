"""`quotes import` reads the real formats, compressed, end to end into the database."""

from __future__ import annotations

import bz2
import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import zstandard
from sqlalchemy import text
from typer.testing import CliRunner

from quotes.cli import app
from quotes.config import get_settings
from quotes.db import make_engine

FIXTURES = Path(__file__).parent / "fixtures" / "import"
runner = CliRunner()


@pytest.fixture
def env_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("QUOTES_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _compress(src: Path, suffix: str, folder: Path) -> Path:
    out = folder / (src.name + suffix)
    data = src.read_bytes()
    if suffix == ".gz":
        out.write_bytes(gzip.compress(data))
    elif suffix == ".bz2":
        out.write_bytes(bz2.compress(data))
    elif suffix == ".zst":
        out.write_bytes(zstandard.ZstdCompressor().compress(data))
    else:
        shutil.copy(src, out)
    return out


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("suffix", ["", ".gz", ".bz2", ".zst"])
def test_quotebank_import_keeps_unattributed_quotes_and_qids(
    env_db: str, tmp_path: Path, suffix: str
) -> None:
    path = _compress(FIXTURES / "quotebank-quotes.jsonl", suffix, tmp_path)
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    unknown = _rows(env_db, "SELECT count(*) FROM quote WHERE speaker_id IS NULL")[0][0]
    assert unknown >= 1  # "None" speakers are kept, with speaker unknown
    qids = _rows(env_db, "SELECT external_id FROM speaker WHERE external_id IS NOT NULL")
    assert qids  # a single QID is the speaker's external id
    outlets = {r[0] for r in _rows(env_db, "SELECT name FROM outlet")}
    assert outlets and not any(o.startswith("www.") for o in outlets)
    again = runner.invoke(app, ["import", str(path)])
    assert "0 new quotes, 0 merged" in again.output


def test_gdelt_import_finds_speakers_in_the_context(env_db: str) -> None:
    result = runner.invoke(app, ["import", str(FIXTURES / "gdelt-quotes.jsonl")])
    assert result.exit_code == 0, result.output
    named = _rows(env_db, "SELECT count(*) FROM appearance WHERE speaker_id IS NOT NULL")[0][0]
    unnamed = _rows(env_db, "SELECT count(*) FROM appearance WHERE speaker_id IS NULL")[0][0]
    assert named >= 1 and unnamed >= 1


def test_forced_format_that_does_not_fit_is_reported(env_db: str) -> None:
    result = runner.invoke(app, ["import", str(FIXTURES / "gdelt-quotes.jsonl"), "--format", "csv"])
    assert result.exit_code == 1


def test_quotes_import_reads_back_an_export(
    env_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    first = tmp_path / "first.jsonl"
    assert runner.invoke(app, ["export", str(first)]).exit_code == 0
    monkeypatch.setenv("QUOTES_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    result = runner.invoke(app, ["import", str(first)])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.jsonl"
    assert runner.invoke(app, ["export", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
