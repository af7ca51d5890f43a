"""POST /v1/articles: the example article's quotes, stored through the dedup path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from quotes.db import writer
from quotes.services.demo import load_demo

ARTICLE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "belarus-azerbaijan-article.txt"
).read_text(encoding="utf-8")


def _body(**overrides: Any) -> dict[str, Any]:
    body = {
        "text": ARTICLE,
        "outlet": "Asbarez",
        "date": "2024-06-14",
        "title": "Belarus Delivered Advanced Weapons",
        "url": "https://asbarez.example/belarus-weapons",
    }
    body.update(overrides)
    return body


def _by_speaker(
    items: list[dict[str, Any]], kind: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for i in items:
        if kind is None or i["kind"] == kind:
            out.setdefault(i["speaker"], []).append(i)
    return out


def test_example_article_yields_its_quotes(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/v1/articles", json=_body(), headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    direct = _by_speaker(body["items"], "direct")
    assert {k: len(v) for k, v in direct.items()} == {
        "Eduard Arakelyan": 2,
        "Ivana Stradner": 2,
        "Politico": 2,
    }
    for name, role in [
        (
            "Eduard Arakelyan",
            "a military analyst at Yerevan’s Regional Center for Democracy and Security",
        ),
        ("Ivana Stradner", "a research fellow at the Foundation for Defense of Democracies"),
    ]:
        assert all(
            i["via_outlet"] == "Politico" and i["speaker_role"] == role for i in direct[name]
        )
    indirect = _by_speaker(body["items"], "indirect")
    (luka,) = indirect["Aleksander Lukashenko"]
    assert "Minsk’s support for Baku" in luka["text"]
    # a diplomatic communication, not a person, said it: kept and stored, speaker unknown
    (unknown,) = [i for i in body["items"] if i["speaker"] is None]
    assert unknown["kind"] == "partial" and unknown["text"].startswith("in the restoration of")
    for item in body["items"]:
        assert ARTICLE[item["start"] : item["end"]] == item["text"]
        assert item is unknown or item["speaker"] in {
            "Eduard Arakelyan",
            "Ivana Stradner",
            "Politico",
            "Aleksander Lukashenko",
            "Nikol Pashinyan",  # "… when he announced that Yerevan would freeze …"
        }
        assert item["stored"] is True and item["quote_id"]
    # each stored quote's appearance links back to the article
    article_id = body["article"]["id"]
    quote = client.get(f"/v1/quotes/{direct['Ivana Stradner'][0]['quote_id']}").json()
    appearance = quote["appearances"][0]
    assert appearance["article_id"] == article_id and appearance["outlet"]["name"] == "Asbarez"
    assert appearance["via_outlet"]["name"] == "Politico"
    assert (
        client.get(f"/v1/articles/{article_id}").json()["title"]
        == "Belarus Delivered Advanced Weapons"
    )


def test_ingesting_the_same_article_twice_adds_nothing(
    client: TestClient, auth: dict[str, str]
) -> None:
    first = client.post("/v1/articles", json=_body(), headers=auth).json()
    n_quotes = len(client.get("/v1/quotes", params={"limit": 500}).json()["items"])
    again = client.post("/v1/articles", json=_body(), headers=auth)
    assert again.status_code == 200 and again.json()["article_created"] is False
    assert [i["quote_id"] for i in again.json()["items"]] == [i["quote_id"] for i in first["items"]]
    assert len(client.get("/v1/quotes", params={"limit": 500}).json()["items"]) == n_quotes
    for i in again.json()["items"]:
        assert client.get(f"/v1/quotes/{i['quote_id']}").json()["appearance_count"] == 1


def test_article_after_demo_merges_with_demo_quotes(
    client: TestClient, auth: dict[str, str], engine: Engine
) -> None:
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()
    before = len(client.get("/v1/quotes", params={"limit": 500}).json()["items"])
    items = client.post("/v1/articles", json=_body(), headers=auth).json()["items"]
    merged = {i["speaker"] for i in items if i["merged"]}
    assert {"Eduard Arakelyan", "Ivana Stradner", "Politico", "Aleksander Lukashenko"} <= merged
    assert all(i["merged"] for i in items if i["kind"] == "direct")
    new_quotes = len(client.get("/v1/quotes", params={"limit": 500}).json()["items"]) - before
    assert new_quotes == sum(1 for i in items if not i["merged"])


def test_dry_run_stores_nothing(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/v1/articles", json=_body(store=False), headers=auth)
    assert r.status_code == 200 and r.json()["article"] is None and len(r.json()["items"]) >= 7
    assert client.get("/v1/quotes").json()["items"] == []
    extract = client.post("/v1/articles/extract", json=_body())  # no key needed for a dry run
    assert extract.status_code == 200 and [i["text"] for i in extract.json()["items"]] == [
        i["text"] for i in r.json()["items"]
    ]
    assert client.get("/v1/quotes").json()["items"] == []


def test_the_object_of_a_stance_is_found_but_not_stored_as_a_quote(
    client: TestClient, auth: dict[str, str]
) -> None:
    """ "Ames endorsed Kessler" is found ("Kessler", by Ames), but a one-word statement is no quote
    to look up, and every endorsement of Kessler would merge into one; the longer one is."""
    text = (
        "Mayor Jo Ames endorsed Ruth Kessler on Friday. "
        "Ruth Kessler criticized the budget office for hiding the deficit from voters."
    )
    r = client.post("/v1/articles", json=_body(text=text), headers=auth)
    assert r.status_code == 201, r.text
    items = {i["text"]: i for i in r.json()["items"]}
    short = items["Ruth Kessler"]
    assert short["speaker"] == "Jo Ames" and short["rule"] == "name-endorsed"
    assert short["quote_id"] is None and short["reason"] == "too short to store as a statement"
    long = items["the budget office for hiding the deficit from voters"]
    assert long["speaker"] == "Ruth Kessler" and long["quote_id"] is not None
    stored = [q["text"] for q in client.get("/v1/quotes").json()["items"]]
    assert stored == ["the budget office for hiding the deficit from voters"]
    # a dry run says the same of what storing would leave out
    dry = client.post("/v1/articles/extract", json=_body(text=text)).json()["items"]
    assert [(i["text"], i["reason"]) for i in dry] == [
        ("Ruth Kessler", "too short to store as a statement"),
        ("the budget office for hiding the deficit from voters", None),
    ]


@pytest.mark.parametrize(
    "text", ["", "   ", "The council met on Tuesday. It adjourned without a vote."]
)
def test_no_quotes_is_an_empty_list(client: TestClient, auth: dict[str, str], text: str) -> None:
    r = client.post("/v1/articles", json=_body(text=text), headers=auth)
    assert r.status_code in (200, 201) and r.json()["items"] == []


def test_html_is_stripped_and_unbalanced_marks_do_not_crash(
    client: TestClient, auth: dict[str, str]
) -> None:
    html = (
        "<html><body><p>&ldquo;We will rebuild every bridge,&rdquo; said Mayor Ana Petrosyan.</p>"
        "<p>“This sentence never closes, she added.</p><script>var x = '\"';</script></body></html>"
    )
    r = client.post("/v1/articles", json=_body(text=html), headers=auth)
    assert r.status_code == 201, r.text
    first = r.json()["items"][0]
    assert first["text"] == "We will rebuild every bridge," or first["text"].startswith(
        "We will rebuild every bridge"
    )
    assert first["speaker"] == "Ana Petrosyan"


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"text": "x" * 200_001}, 422, "text"),
        ({"date": "2024-02-30"}, 422, "date"),
        ({"outlet": None}, 422, "outlet"),
        ({"text": "a\x00b"}, 422, "text"),
        ({"url": "ftp://x"}, 422, "url"),
    ],
)
def test_article_bad_input(
    client: TestClient, auth: dict[str, str], overrides: dict[str, Any], status: int, field: str
) -> None:
    body = {k: v for k, v in _body(**overrides).items() if v is not None}
    r = client.post("/v1/articles", json=body, headers=auth)
    assert r.status_code == status, r.text
    assert any(e["field"] == field for e in r.json()["errors"])
    assert client.get("/v1/outlets").json()["total"] == 0  # nothing written


def test_huge_article_body_is_413(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/v1/articles", json=_body(text="word " * 500_000), headers=auth)
    assert r.status_code == 413


def test_unknown_outlet_is_created(client: TestClient, auth: dict[str, str]) -> None:
    client.post("/v1/articles", json=_body(outlet="Brand New Gazette"), headers=auth)
    assert client.get("/v1/outlets", params={"q": "brand new"}).json()["total"] == 1
