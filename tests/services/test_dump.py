"""quotes export / restore-dump: a database written as JSON Lines and read back, ids and all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from quotes.cli import app
from quotes.config import get_settings
from quotes.db import make_engine, writer
from quotes.errors import Conflict, InvalidInput
from quotes.index.store import stats
from quotes.services.demo import load_demo
from quotes.services.dump import export_dump, import_dump, is_dump
from tests.factories import post_quote

ARTICLE = (
    'The minister defended the plan on Monday. "We will build the new bridge before the '
    'winter comes, whatever the opposition says," Minister Hana Novak told reporters in the '
    "capital. The opposition disagreed."
)


def _build(client: TestClient, auth: dict[str, str], engine: Engine) -> None:
    """Demo data, a speaker with aliases and an external id, a merge, a split (undone and not),
    an unattributed quote, a deleted quote and an article, all through the API (which also
    writes the audit log, where the schema has one)."""
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()
    r = client.post(
        "/v1/speakers",
        json={"name": "Hana Novak", "aliases": ["H. Novak"], "external_id": "Q123"},
        headers=auth,
    )
    assert r.status_code == 201, r.text
    a = post_quote(client, auth, text="The harbour will reopen in May, and not a day later.")
    b = post_quote(client, auth, text="Grain exports doubled because the harbour reopened early.")
    qa, qb = a.json()["quote"]["id"], b.json()["quote"]["id"]
    # merge the lower id into the higher: merged_into_id points forward (a later row)
    r = client.post(f"/v1/quotes/{max(qa, qb)}/merge", json={"other_id": min(qa, qb)}, headers=auth)
    assert r.status_code == 201, r.text
    two = next(
        q
        for q in client.get("/v1/quotes", params={"limit": 100}).json()["items"]
        if q["appearance_count"] >= 2
    )
    appearances = client.get(f"/v1/quotes/{two['id']}").json()["appearances"]
    r = client.post(
        f"/v1/quotes/{two['id']}/split",
        json={"appearance_ids": [appearances[-1]["id"]]},
        headers=auth,
    )
    assert r.status_code == 201, r.text
    undo = client.post(f"/v1/events/{r.json()['id']}/undo", headers=auth)
    assert undo.status_code == 200, undo.text
    r = client.post(
        f"/v1/quotes/{two['id']}/split",
        json={"appearance_ids": [appearances[0]["id"]]},
        headers=auth,
    )
    assert r.status_code == 201, r.text
    r = post_quote(
        client, auth, text="Nobody here knows who said this, but it was said.", speaker=None
    )
    assert r.status_code == 201 and r.json()["quote"]["speaker"] is None, r.text
    gone = post_quote(client, auth, text="This statement is deleted again by a curator soon.")
    assert client.delete(f"/v1/quotes/{gone.json()['quote']['id']}", headers=auth).is_success
    r = client.post(
        "/v1/articles",
        json={"text": ARTICLE, "outlet": "Coastal Star", "date": "2024-07-01"},
        headers=auth,
    )
    assert r.status_code == 201, r.text


def test_export_import_export_is_byte_identical(
    client: TestClient, auth: dict[str, str], engine: Engine, other_db_url: str, tmp_path: Path
) -> None:
    _build(client, auth, engine)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    report = export_dump(engine, first)
    assert report.counts["quote_event"] == 3 and report.counts["article"] == 1
    other = make_engine(other_db_url)
    try:
        imported = import_dump(other, first)
        assert imported.counts == report.counts
        export_dump(other, second)
        with Session(engine) as a, Session(other) as b:
            assert stats(a) == stats(b)  # the rebuilt index is the one kept up by the writes
        # new ids follow the restored ones (on PostgreSQL: the sequences were moved past them)
        with Session(writer(other)) as s:
            conn = s.connection()
            top = conn.execute(text("SELECT MAX(id) FROM outlet")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO outlet (name, name_key, created_at) "
                    "VALUES ('Later', 'later', CURRENT_TIMESTAMP)"
                )
            )
            new = conn.execute(text("SELECT id FROM outlet WHERE name_key = 'later'")).scalar_one()
            assert new == top + 1
            s.rollback()
    finally:
        other.dispose()
    assert first.read_bytes() == second.read_bytes()
    lines = first.read_text(encoding="utf-8").splitlines()
    header, end = json.loads(lines[0]), json.loads(lines[-1])
    assert header["type"] == "header" and header["format"] == "quotes-dump"
    assert header["version"] == 1 and header["schema"]
    assert end["type"] == "end" and sum(end["records"].values()) == len(lines) - 2
    types = [json.loads(line)["type"] for line in lines[1:-1]]
    assert "api_key" not in types and "quote_term" not in types
    with engine.connect() as conn:
        if "audit_event" in inspect(conn).get_table_names():  # the table is found by reflection
            assert "audit_event" in end["records"]
    assert types.index("outlet") < types.index("quote") < types.index("appearance")


def test_restored_database_takes_new_quotes(
    client: TestClient, auth: dict[str, str], engine: Engine, other_db_url: str, tmp_path: Path
) -> None:
    from api.main import create_app
    from quotes.config import Settings

    _build(client, auth, engine)
    export_dump(engine, tmp_path / "d.jsonl")
    other = make_engine(other_db_url)
    try:
        import_dump(other, tmp_path / "d.jsonl")
        from quotes.services.keys import create_key

        with Session(writer(other)) as s:
            _, secret = create_key(s, name="restored", role="admin")
            s.commit()
        headers = {"Authorization": f"Bearer {secret}"}
        with TestClient(create_app(Settings(database_url=other_db_url), engine=other)) as c:
            same = post_quote(
                c, headers, text="The harbour will reopen in May, and not a day later."
            )
            assert same.status_code == 200 and not same.json()["appearance_created"], same.text
            again = post_quote(
                c,
                headers,
                text="The harbour will reopen in May, and not a day later.",
                url="https://reprint.example/harbour",
            )
            assert again.status_code == 201 and not again.json()["quote_created"], again.text
            new = post_quote(c, headers, text="A wholly new statement about the river crossing.")
            assert new.status_code == 201 and new.json()["quote_created"], new.text
    finally:
        other.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_import_refuses_a_database_with_rows(engine: Engine, tmp_path: Path) -> None:
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()
    export_dump(engine, tmp_path / "d.jsonl")
    with pytest.raises(Conflict, match="not empty"):
        import_dump(engine, tmp_path / "d.jsonl")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_import_refuses_other_schema_and_truncated_files(
    engine: Engine, other_db_url: str, tmp_path: Path
) -> None:
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()
    path = tmp_path / "d.jsonl"
    export_dump(engine, path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    other = make_engine(other_db_url)
    try:
        old = tmp_path / "old.jsonl"
        header = json.loads(lines[0]) | {"schema": "0123456789ab"}
        old.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
        with pytest.raises(Conflict, match="schema revision 0123456789ab"):
            import_dump(other, old)
        cut = tmp_path / "cut.jsonl"
        cut.write_text("".join(lines[:-3]), encoding="utf-8")
        with pytest.raises(InvalidInput, match="truncated"):
            import_dump(other, cut)
        with other.connect() as conn:  # nothing was written by the refused imports
            assert conn.execute(text("SELECT COUNT(*) FROM outlet")).scalar_one() == 0
            assert conn.execute(text("SELECT COUNT(*) FROM quote")).scalar_one() == 0
        import_dump(other, path)
    finally:
        other.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_gzip_dump_and_is_dump(engine: Engine, other_db_url: str, tmp_path: Path) -> None:
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()
    plain, gz = tmp_path / "d.jsonl", tmp_path / "d.jsonl.gz"
    export_dump(engine, plain)
    export_dump(engine, gz)
    assert is_dump(plain) and is_dump(gz) and gz.stat().st_size < plain.stat().st_size
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "x", "outlet": "y", "date": "2024-01-01"}\n', encoding="utf-8")
    assert not is_dump(rows)
    other = make_engine(other_db_url)
    try:
        assert import_dump(other, gz).counts["appearance"] == 13
    finally:
        other.dispose()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QUOTES_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_export_then_restore_dump(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["demo"]).exit_code == 0
    out = runner.invoke(app, ["export", str(cli_env / "d.jsonl")])
    assert out.exit_code == 0, out.output
    assert "13 appearance" in out.stdout
    monkeypatch.setenv("QUOTES_DATABASE_URL", f"sqlite:///{cli_env / 'b.db'}")
    get_settings.cache_clear()
    restored = runner.invoke(app, ["restore-dump", str(cli_env / "d.jsonl")])
    assert restored.exit_code == 0, restored.output
    assert "13 appearance" in restored.stdout
    again = runner.invoke(app, ["restore-dump", str(cli_env / "d.jsonl")])
    assert again.exit_code == 1
    assert again.stderr.startswith("error: the database is not empty")
    assert again.stderr.count("\n") == 1
    rows = cli_env / "rows.jsonl"
    rows.write_text("{}\n", encoding="utf-8")
    wrong = runner.invoke(app, ["restore-dump", str(rows)])
    assert wrong.exit_code == 1 and "is not a quotes dump" in wrong.stderr
