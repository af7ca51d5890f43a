"""Bad input gets a clear 4xx problem naming the field, or is stored exactly; never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import post_quote, quote_body


def _assert_problem(r: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["title"] and body["detail"]
    if field is not None:
        assert any(e["field"] == field for e in body["errors"]), body
    return body


def _count_quotes(client: TestClient) -> int:
    return len(client.get("/v1/quotes", params={"limit": 500}).json()["items"])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": None}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   \n\t "}, "text"),
        ({"text": "\u200b\u200d\u2060"}, "text"),  # only zero-width characters
        ({"text": "a\x00b"}, "text"),
        ({"text": "x" * 1_000_001}, None),  # 1 MB: over the body limit or the text limit
        ({"text": "x" * 10_001}, "text"),
        ({"date": "2024-02-30"}, "date"),
        ({"date": "2024-13-01"}, "date"),
        ({"date": "13/06/2024"}, "date"),
        ({"date": "2024-06-13T10:00:00"}, "date"),
        ({"date": 20240613}, "date"),
        ({"date": None}, "date"),
        ({"speaker": "   "}, "speaker"),
        ({"outlet": None}, "outlet"),
        ({"kind": "rumour"}, "kind"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"language": "english!"}, "language"),
        ({"speaker_id": 1}, None),  # both speaker and speaker_id
    ],
)
def test_post_quote_rejects_bad_field(
    client: TestClient, auth: dict[str, str], overrides: dict[str, Any], field: str | None
) -> None:
    body = quote_body(**{k: v for k, v in overrides.items() if v is not None})
    for k, v in overrides.items():
        if v is None:
            body.pop(k, None)
    r = client.post("/v1/quotes", json=body, headers=auth)
    assert r.status_code in (413, 422), r.text
    _assert_problem(r, r.status_code, field if r.status_code == 422 else None)
    assert _count_quotes(client) == 0  # nothing partially written


def test_malformed_json_is_422_problem(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post(
        "/v1/quotes",
        content=b'{"text": "unterminated',
        headers=auth | {"content-type": "application/json"},
    )
    body = _assert_problem(r, 422)
    assert "JSON" in body["detail"]


def test_non_object_body_is_422(client: TestClient, auth: dict[str, str]) -> None:
    _assert_problem(client.post("/v1/quotes", json=["a", "list"], headers=auth), 422)


@pytest.mark.parametrize(
    "path",
    ["/v1/quotes/999999", "/v1/speakers/999999", "/v1/outlets/999999", "/v1/appearances/999999"],
)
def test_unknown_ids_are_404_problem(client: TestClient, path: str) -> None:
    _assert_problem(client.get(path), 404)


def test_non_integer_id_is_422(client: TestClient) -> None:
    _assert_problem(client.get("/v1/quotes/abc"), 422, "path.quote_id")


def test_unknown_speaker_id_is_404_and_writes_nothing(
    client: TestClient, auth: dict[str, str]
) -> None:
    r = client.post("/v1/quotes", json=quote_body(speaker=None, speaker_id=424242), headers=auth)
    _assert_problem(r, 404, "speaker_id")
    assert client.get("/v1/outlets").json()["total"] == 0  # the outlet was not created either
    assert _count_quotes(client) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Բարեւ, սա հայերեն մեջբերում է՝ «Արցախ»։",
        "Это цитата по-русски: «ёлка» — и всё.",
        "Emoji quote 🇦🇲🕊️ with ZWJ 👩‍👩‍👧 family",
        "RTL: \u202bשלום עולם\u202c and العربية",
        "NBSP\u00a0inside and zero\u200bwidth",
        "Robert'); DROP TABLE quote;-- and % _ \\ LIKE wildcards",
        "🙂",
    ],
)
def test_unicode_and_sql_text_round_trips_exactly(
    client: TestClient, auth: dict[str, str], text: str
) -> None:
    r = post_quote(client, auth, text=text, speaker="Ана Петросян", outlet="Ազատություն")
    assert r.status_code == 201, r.text
    quote = client.get(f"/v1/quotes/{r.json()['quote']['id']}").json()
    assert quote["text"] == text
    assert quote["appearances"][0]["text"] == text
    assert quote["speaker"]["name"] == "Ана Петросян"
    assert quote["appearances"][0]["outlet"]["name"] == "Ազատություն"


def test_different_emoji_quotes_stay_different(client: TestClient, auth: dict[str, str]) -> None:
    a = post_quote(client, auth, text="🙂").json()["quote"]["id"]
    b = post_quote(client, auth, text="🙁").json()["quote"]["id"]
    assert a != b


def test_sql_metacharacters_in_filters_are_harmless(
    client: TestClient, auth: dict[str, str]
) -> None:
    post_quote(client, auth)
    for value in ["' OR 1=1 --", "%", "_", "Robert'); DROP TABLE quote;--"]:
        r = client.get("/v1/quotes", params={"speaker": value})
        assert r.status_code == 200 and r.json()["items"] == []
        assert client.get("/v1/speakers", params={"q": value}).status_code == 200
    assert _count_quotes(client) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2024-02-31"}, "query.date_from"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 100000}, "query.limit"),
        ({"order": "sideways"}, "query.order"),
        ({"cursor": "not-a-cursor!"}, "cursor"),
    ],
)
def test_bad_list_parameters_are_422(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    _assert_problem(client.get("/v1/quotes", params=params), 422, field)


def test_huge_body_is_413(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post(
        "/v1/quotes",
        content=b"{" + b" " * 3_000_000 + b"}",
        headers=auth | {"content-type": "application/json"},
    )
    _assert_problem(r, 413)


def test_speaker_and_outlet_bad_bodies(client: TestClient, auth: dict[str, str]) -> None:
    _assert_problem(client.post("/v1/speakers", json={"name": ""}, headers=auth), 422, "name")
    _assert_problem(client.post("/v1/speakers", json={"name": "a\x00"}, headers=auth), 422, "name")
    _assert_problem(
        client.post("/v1/outlets", json={"name": "X", "domain": "not a domain"}, headers=auth),
        422,
        "domain",
    )
