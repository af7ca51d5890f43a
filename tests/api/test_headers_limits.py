"""Security headers on every answer, docs closed with the reads, rate limits on costly routes."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from api.main import create_app
from quotes.config import Settings

KeyHeaders = Callable[[str], dict[str, str]]
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def _assert_security_headers(r: Response) -> None:
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/quotes", 200),
        ("GET", "/healthz", 200),
        ("GET", "/v1/quotes/424242", 404),
        ("POST", "/v1/quotes", 401),
        ("GET", "/openapi.json", 200),
    ],
)
def test_api_answers_carry_the_security_headers(
    client: TestClient, method: str, path: str, status: int
) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    _assert_security_headers(r)
    assert r.headers["content-security-policy"] == API_CSP
    assert "cache-control" not in r.headers  # anonymous answers may be cached


def test_body_over_the_limit_is_refused_with_the_headers(client: TestClient) -> None:
    r = client.post("/v1/duplicates/check", content=b"x" * 3_000_000)
    assert r.status_code == 413
    _assert_security_headers(r)


@pytest.mark.parametrize(("method", "path"), [("GET", "/v1/quotes"), ("POST", "/v1/outlets")])
def test_answers_to_keyed_requests_are_not_stored(
    client: TestClient, auth: dict[str, str], method: str, path: str
) -> None:
    r = client.request(method, path, json={"name": "Kept Nowhere"}, headers=auth)
    assert r.status_code in (200, 201)
    assert r.headers["cache-control"] == "no-store"
    _assert_security_headers(r)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_under_their_csp(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    _assert_security_headers(r)
    csp = r.headers["content-security-policy"]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert script_src.split()[1:] == ["'self'", "'unsafe-inline'"]  # no other host
    for url in re.findall(r'<script src="([^"]+)"', r.text):
        assert url.startswith("/static/docs/"), (url, csp)  # served by the app (api/web/docs.py)


def _closed(settings: Settings, engine: Engine) -> TestClient:
    return TestClient(
        create_app(settings.model_copy(update={"read_requires_key": True}), engine=engine)
    )


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_docs_are_closed_when_reads_need_a_key(
    settings: Settings, engine: Engine, key_headers: KeyHeaders, path: str
) -> None:
    closed = _closed(settings, engine)
    r = closed.get(path)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    _assert_security_headers(r)
    assert closed.get(path, headers=key_headers("reader")).status_code == 200


def test_closed_openapi_still_declares_the_routes(
    settings: Settings, engine: Engine, key_headers: KeyHeaders
) -> None:
    spec = _closed(settings, engine).get("/openapi.json", headers=key_headers("reader")).json()
    assert "/v1/lookup" in spec["paths"] and "ApiKey" in spec["components"]["securitySchemes"]
    assert "/docs" not in spec["paths"] and "/openapi.json" not in spec["paths"]


# The routes the rate limit applies to, each with a request that succeeds.
LIMITED: list[tuple[str, str, dict[str, object] | None]] = [
    ("GET", "/v1/lookup?q=no+such+thing+as+loyalty", None),
    ("POST", "/v1/duplicates/check", {"text": "There is no such thing as loyalty"}),
    (
        "POST",
        "/v1/articles/extract",
        {"text": '"We will see," she said.', "outlet": "Gazette", "date": "2024-06-14"},
    ),
]


@pytest.fixture
def limited(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A client of an app allowing 3 costly requests a minute per caller."""
    app = create_app(settings.model_copy(update={"rate_limit": "3/minute"}), engine=engine)
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize(("method", "path", "body"), LIMITED)
def test_fourth_costly_request_in_a_minute_is_429_with_retry_after(
    limited: TestClient, method: str, path: str, body: dict[str, object] | None
) -> None:
    for _ in range(3):
        assert limited.request(method, path, json=body).status_code == 200
    r = limited.request(method, path, json=body)
    assert r.status_code == 429
    assert r.headers["content-type"] == "application/problem+json"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    problem = r.json()
    assert problem["status"] == 429 and problem["title"] == "Too many requests"
    assert problem["instance"] == path.split("?")[0] and "3 per 1 minute" in problem["detail"]
    _assert_security_headers(r)


def test_other_routes_are_not_limited(limited: TestClient, auth: dict[str, str]) -> None:
    for _ in range(6):
        assert limited.get("/v1/quotes").status_code == 200
        assert limited.get("/healthz").status_code == 200
    for n in range(4):
        r = limited.post("/v1/outlets", json={"name": f"Outlet {n}"}, headers=auth)
        assert r.status_code == 201


def test_limits_count_per_key_and_per_address(limited: TestClient, key_headers: KeyHeaders) -> None:
    lookup = "/v1/lookup?q=anything+at+all"
    alice, bob = key_headers("reader"), key_headers("reader")
    for _ in range(3):
        assert limited.get(lookup, headers=alice).status_code == 200
    assert limited.get(lookup, headers=alice).status_code == 429
    assert limited.get(lookup, headers=bob).status_code == 200
    assert limited.get(lookup).status_code == 200  # the address has its own count
    # A key that is not valid buys no fresh count: it counts as its address.
    for _ in range(2):
        assert (
            limited.get(lookup, headers={"Authorization": "Bearer qk_made_up"}).status_code == 200
        )
    assert limited.get(lookup).status_code == 429


def test_no_limit_by_default(client: TestClient) -> None:
    for _ in range(10):
        assert client.get("/v1/lookup?q=loyalty").status_code == 200


@pytest.mark.parametrize("value", ["lots", "3 per fortnight"])
def test_unreadable_rate_limit_setting_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="rate_limit"):
        Settings(rate_limit=value)


def test_a_limit_counts_the_last_minute_exactly_across_a_minute_boundary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three requests just before a minute's boundary and a fourth just after: 3/minute refuses
    it (an estimating sliding-window counter let it through)."""
    from limits import parse

    from api.middleware import RateLimit

    now = [60.0 * 29_000_000 + 59.5]  # half a second before a minute's boundary
    monkeypatch.setattr(time, "time", lambda: now[0])
    limit = RateLimit(
        app=lambda scope, receive, send: None,  # type: ignore[arg-type,return-value]
        limits=[parse("3/minute")],
        storage_uri="memory://",
        routes=[],
        identify=lambda request: "caller",
    )
    item = limit.limits[0]
    assert all(limit.limiter.hit(item, "caller") for _ in range(3))
    now[0] += 1.0
    assert not limit.limiter.hit(item, "caller")
    now[0] += 60.0
    assert limit.limiter.hit(item, "caller")
