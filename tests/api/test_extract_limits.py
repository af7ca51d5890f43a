"""Extraction cannot stall the service: it runs off the event loop and stops at a time limit."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from api.main import create_app
from quotes.config import Settings, get_settings
from quotes.extract import ExtractionTimeout
from quotes.models import ArticleCreate
from quotes.models.article import MAX_ARTICLE_CHARS
from quotes.services.articles import extract_article
from quotes.testing import free_port

# One of the slowest shapes to extract (tests/unit/test_extract_linear.py), as long as allowed.
WORST = ("“A,” said " * (MAX_ARTICLE_CHARS // 10 + 1))[:MAX_ARTICLE_CHARS]
ARTICLE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "belarus-azerbaijan-article.txt"
).read_text(encoding="utf-8")


def _body(text: str) -> dict[str, str]:
    return {"text": text, "outlet": "Asbarez", "date": "2024-06-14"}


@pytest.fixture
def server(db_url: str) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, in a process of its own.

    Not in a thread of the test process: the server's latency would then include the test
    session's own work on the GIL, and its garbage collections over every object of the session.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
    env["QUOTES_DATABASE_URL"] = db_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=Path(__file__).resolve().parents[2], env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _healthz_latencies_while(server: str, posts: int) -> tuple[list[float], list[int]]:
    """Post WORST to /v1/articles/extract posts times at once; time GET /healthz meanwhile."""
    statuses: list[int] = []

    def post() -> None:
        with httpx.Client(base_url=server, timeout=120) as c:
            statuses.append(c.post("/v1/articles/extract", json=_body(WORST)).status_code)

    posters = [threading.Thread(target=post) for _ in range(posts)]
    latencies: list[float] = []
    with httpx.Client(base_url=server, timeout=30) as c:
        assert c.get("/healthz").status_code == 200  # connected before the clock runs
        for t in posters:
            t.start()
        time.sleep(0.3)  # the bodies are sent and extraction has started
        while any(t.is_alive() for t in posters):
            started = time.perf_counter()
            assert c.get("/healthz").status_code == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.05)
    for t in posters:
        t.join()
    return latencies, statuses


def test_healthz_answers_while_a_worst_case_article_is_extracted(server: str) -> None:
    latencies, statuses = _healthz_latencies_while(server, posts=1)
    assert statuses[0] in (200, 422)  # done, or stopped at the time limit
    assert len(latencies) >= 3, f"extraction ended before healthz could be timed: {latencies}"
    assert max(latencies) < 1.0, latencies


def test_healthz_answers_while_several_worst_case_articles_are_extracted(server: str) -> None:
    # They run one at a time (api.routes.articles.EXTRACTIONS) and wait without a thread. On a
    # busy shared machine a single answer can be slow; most answers must stay fast.
    latencies, statuses = _healthz_latencies_while(server, posts=4)
    assert sorted(set(statuses)) in ([200], [422], [200, 422])
    p90 = statistics.quantiles(latencies, n=10)[-1]
    assert statistics.median(latencies) < 0.25 and p90 < 1.0, latencies


@pytest.fixture
def hasty(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A test client of an app whose extraction time limit no article can meet."""
    hasty = settings.model_copy(update={"extract_timeout_seconds": 1e-9})
    with TestClient(create_app(hasty, engine=engine)) as c:
        yield c


def test_extraction_past_the_time_limit_is_a_422_problem(hasty: TestClient) -> None:
    r = hasty.post("/v1/articles/extract", json=_body(ARTICLE))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["title"] == "Invalid input" and problem["status"] == 422
    assert "took too long to analyse" in problem["detail"]
    assert problem["errors"] == [{"field": "text", "message": problem["detail"]}]
    assert problem["instance"] == "/v1/articles/extract"


def test_storing_an_article_past_the_time_limit_stores_nothing(
    hasty: TestClient, auth: dict[str, str]
) -> None:
    r = hasty.post("/v1/articles", json=_body(ARTICLE), headers=auth)
    assert r.status_code == 422 and "took too long to analyse" in r.json()["detail"]
    assert hasty.get("/v1/outlets").json()["total"] == 0
    assert hasty.get("/v1/quotes").json()["items"] == []


def test_extraction_within_the_time_limit_answers_as_before(client: TestClient) -> None:
    r = client.post("/v1/articles/extract", json=_body(ARTICLE))
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json()["article"] is None and len(r.json()["items"]) >= 7


def test_the_cli_and_other_callers_get_the_configured_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUOTES_EXTRACT_TIMEOUT_SECONDS", "1e-9")
    get_settings.cache_clear()
    try:
        with pytest.raises(ExtractionTimeout):
            extract_article(data=ArticleCreate.model_validate(_body(ARTICLE)))
    finally:
        get_settings.cache_clear()
