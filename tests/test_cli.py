"""The quotes command: db upgrade, keys, demo, serve."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.config import get_settings
from quotes.testing import free_port

runner = CliRunner()


@pytest.fixture
def env_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("QUOTES_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_db_upgrade_then_current(env_db: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    out = runner.invoke(app, ["db", "current"]).output
    current, head = out.split("current: ")[1].split("  head: ")
    assert current.strip() == head.strip() != "None"


def test_keys_create_prints_key_once_and_revoke(env_db: str) -> None:
    created = runner.invoke(app, ["keys", "create", "alice"])
    assert created.exit_code == 0 and created.output.startswith("qk_")
    dup = runner.invoke(app, ["keys", "create", "alice"])
    assert dup.exit_code == 1 and "exists" in dup.output
    assert "alice" in runner.invoke(app, ["keys", "list"]).output
    assert runner.invoke(app, ["keys", "revoke", "alice"]).exit_code == 0
    assert "revoked: 20" in runner.invoke(app, ["keys", "list"]).output
    missing = runner.invoke(app, ["keys", "revoke", "bob"])
    assert missing.exit_code == 1


def test_demo_loads_example_article_once(env_db: str) -> None:
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "13 new appearances" in first.output
    assert "0 new appearances" in runner.invoke(app, ["demo"]).output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_demo_answers_over_http(tmp_path: Path, workers: str) -> None:
    """The quick start: `quotes serve --demo`, run from any directory, serves the demo (also
    with several worker processes)."""
    port = free_port()
    env = os.environ | {"QUOTES_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    cmd = [sys.executable, "-m", "quotes.cli", "serve", "--demo", "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--workers", workers],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(
                    f"http://127.0.0.1:{port}/v1/quotes", params={"speaker": "Eduard Arakelyan"}
                )
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(
                        proc.stdout.read().decode() if proc.stdout else "no output"
                    ) from None
                time.sleep(0.2)
        items = r.json()["items"]
        assert len(items) == 2
        assert all(q["first_published"] == "2024-06-13" for q in items)
        assert all(q["first_outlet"]["name"] == "Politico" for q in items)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    import json

    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    return path


REPRINT_ROWS: list[dict[str, object]] = [
    {
        "text": "It’s ridiculous to think these transfers could have taken place without Moscow’s "
        "knowledge",
        "speaker": "Ivana Stradner",
        "outlet": "Politico",
        "date": "2024-06-13",
    },
    {
        "text": "It's ridiculous to think these transfers could have taken place without Moscow's "
        "knowledge",
        "speaker": "Ivana Stradner",
        "outlet": "Reprint Daily",
        "date": "2024-06-14",
    },
    {
        "text": "these transfers could have taken place without Moscow's knowledge",
        "speaker": "Ivana Stradner",
        "outlet": "Short News",
        "date": "2024-06-15",
    },
    {
        "text": "The bloc was more supportive of Azerbaijan than of its own ally",
        "speaker": "Eduard Arakelyan",
        "outlet": "Politico",
        "date": "2024-06-13",
    },
]


def test_import_dedups_and_is_idempotent(env_db: str, tmp_path: Path) -> None:
    f = _write_jsonl(tmp_path / "q.jsonl", REPRINT_ROWS)
    first = runner.invoke(app, ["import", str(f)])
    assert first.exit_code == 0, first.output
    assert (
        "4 rows: 2 new quotes, 2 merged into known quotes, 0 already present, 0 invalid"
        in first.output
    )
    again = runner.invoke(app, ["import", str(f)])
    assert "4 rows: 0 new quotes, 0 merged into known quotes, 4 already present" in again.output
    found = runner.invoke(app, ["lookup", "without Moscow's knowledge"])
    assert found.exit_code == 0 and "Ivana Stradner" in found.output


def test_import_csv_reports_invalid_rows_and_keeps_valid_ones(env_db: str, tmp_path: Path) -> None:
    f = tmp_path / "q.csv"
    f.write_text(
        "text,speaker,outlet,date\n"
        '"We will not leave, not now and not later",Nikol Pashinyan,Armenpress,2024-06-12\n'
        ",Nobody,Nowhere,2024-06-12\n"
        '"A statement with a bad date here",Nikol Pashinyan,Armenpress,2024-02-30\n',
        encoding="utf-8",
    )
    r = runner.invoke(app, ["import", str(f)])
    assert r.exit_code == 1
    assert "3 rows: 1 new quotes" in r.output and "2 invalid" in r.output
    assert f"{f}:3: text" in r.output and f"{f}:4: date" in r.output


def test_import_malformed_jsonl_line(env_db: str, tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text('{"text": "unterminated\n[1, 2]\n', encoding="utf-8")
    r = runner.invoke(app, ["import", str(f)])
    assert r.exit_code == 1 and "malformed JSON" in r.output and "JSON object" in r.output


def test_dedup_reports_then_applies_clusters(env_db: str, tmp_path: Path) -> None:
    from quotes.db import make_engine, session_scope
    from quotes.fingerprint import match_form, text_hash
    from quotes.index import store
    from quotes.models import Quote

    runner.invoke(app, ["db", "upgrade"])
    engine = make_engine(env_db)
    with session_scope(engine=engine) as s:  # two copies stored without dedup (e.g. an old import)
        for i, text in enumerate([REPRINT_ROWS[0]["text"], REPRINT_ROWS[1]["text"]]):
            q = Quote(text=str(text), norm=match_form(str(text)), norm_hash=text_hash(f"{i}"))
            s.add(q)
            s.flush()
            store.add(s, quote_id=q.id or 0, norm=q.norm)
    engine.dispose()
    dry = runner.invoke(app, ["dedup"])
    assert "quote 1 <- 2 (" in dry.output and "1 clusters (dry run)" in dry.output
    applied = runner.invoke(app, ["dedup", "--apply"])
    assert "1 quotes merged" in applied.output
    assert "0 clusters" in runner.invoke(app, ["dedup"]).output


def test_index_rebuild_and_stats(env_db: str) -> None:
    runner.invoke(app, ["demo"])
    before = runner.invoke(app, ["index", "stats"]).output
    assert runner.invoke(app, ["index", "rebuild"]).output.startswith("indexed 7 quotes")
    assert runner.invoke(app, ["index", "stats"]).output == before


ARTICLE_FILE = Path(__file__).resolve().parent / "fixtures" / "belarus-azerbaijan-article.txt"


def test_extract_prints_items_without_storing(env_db: str) -> None:
    r = runner.invoke(
        app, ["extract", str(ARTICLE_FILE), "--outlet", "Asbarez", "--date", "2024-06-14"]
    )
    assert r.exit_code == 0, r.output
    role = "a research fellow at the Foundation for Defense of Democracies"
    assert f"Ivana Stradner ({role}, via Politico)" in r.output
    as_json = runner.invoke(
        app, ["extract", str(ARTICLE_FILE), "--outlet", "Asbarez", "--date", "2024-06-14", "--json"]
    )
    import json

    items = json.loads(as_json.output[: as_json.output.rindex("}") + 1])["items"]
    assert {i["speaker"] for i in items} >= {
        "Eduard Arakelyan",
        "Politico",
        "Aleksander Lukashenko",
    }
    bad = runner.invoke(
        app, ["extract", str(ARTICLE_FILE), "--outlet", "Asbarez", "--date", "2024-13-01"]
    )
    assert bad.exit_code == 1 and "date" in bad.output


def test_import_articles_jsonl_then_again(env_db: str, tmp_path: Path) -> None:
    import json

    text = ARTICLE_FILE.read_text(encoding="utf-8")
    f = tmp_path / "articles.jsonl"
    f.write_text(
        json.dumps({"text": text, "outlet": "Asbarez", "date": "2024-06-14"})
        + "\n"
        + json.dumps({"text": text, "outlet": "Armenian Weekly", "date": "2024-06-15"})
        + "\n"
        + "{not json\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["import-articles", str(f)])
    assert (
        r.exit_code == 1 and "3 articles read, 2 new" in r.output and "malformed JSON" in r.output
    )
    again = runner.invoke(app, ["import-articles", str(f)])
    assert "0 new" in again.output
    out = runner.invoke(app, ["lookup", "no such thing as loyalty"]).output
    assert "Ivana Stradner" in out


def test_import_articles_folder_needs_outlet_and_date(env_db: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(app, ["import-articles", str(tmp_path)]).exit_code == 1
    ok = runner.invoke(
        app, ["import-articles", str(tmp_path), "--outlet", "Asbarez", "--date", "2024-06-14"]
    )
    assert ok.exit_code == 0 and "1 articles read, 1 new" in ok.output


def test_keys_create_with_role_and_expiry_shows_them_in_list(env_db: str) -> None:
    created = runner.invoke(
        app, ["keys", "create", "carol", "--role", "curator", "--expires", "2099-01-31"]
    )
    assert created.exit_code == 0, created.output
    assert created.stdout.strip().startswith("qk_") and "\n" not in created.stdout.strip()
    assert runner.invoke(app, ["keys", "create", "dan"]).exit_code == 0
    assert runner.invoke(app, ["keys", "create", "erin", "--expires-in-days", "90"]).exit_code == 0
    lines = runner.invoke(app, ["keys", "list"]).output.splitlines()
    carol, dan, erin = (
        next(line for line in lines if line.startswith(n)) for n in ("carol", "dan", "erin")
    )
    assert "role: curator" in carol and "expires: 2099-01-31T00:00:00+00:00" in carol
    assert "role: writer" in dan and "expires: -" in dan  # writer is the default
    assert "role: writer" in erin and "expires: 20" in erin


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "owner"], "role must be one of reader, writer, curator, admin"),
        (["--expires", "2001-01-01"], "expiry must be in the future"),
        (["--expires", "next week"], "not an ISO 8601 date"),
        (["--expires", "2099-01-01", "--expires-in-days", "3"], "not both"),
    ],
)
def test_keys_create_refuses_bad_role_or_expiry(env_db: str, args: list[str], message: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["keys", "create", "frank", *args])
    assert result.exit_code == 1 and message in result.output
    listed = runner.invoke(app, ["keys", "list"])
    assert listed.exit_code == 0 and "frank" not in listed.output
