"""The quotes command: db upgrade, keys, demo, serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.config import get_settings

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_demo_answers_over_http(tmp_path: Path) -> None:
    """The quick start: `quotes serve --demo`, run from any directory, serves the demo."""
    port = _free_port()
    env = os.environ | {"QUOTES_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotes.cli", "serve", "--demo", "--port", str(port)],
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
