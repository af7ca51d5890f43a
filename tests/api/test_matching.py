"""Dedup on POST, lookup, duplicate checks, conflicts: the example article and its reprints."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from quotes.db import writer
from quotes.services.demo import demo_data, load_demo
from tests.factories import ARAKELYAN, STRADNER, post_quote

STRADNER_2 = (
    "There is no such thing as loyalty when it comes to Moscow — it’s all about preserving their "
    "own security even if it’s at the expense of their own allies"
)


@pytest.fixture
def demo(engine: Engine) -> dict[str, int]:
    """The demo article loaded; returns {first words of text: quote id}."""
    with Session(writer(engine)) as s:
        load_demo(s)
        s.commit()
        from sqlmodel import select

        from quotes.models import Quote

        return {q.text[:30]: q.id or 0 for q in s.exec(select(Quote))}


def _id_of(demo: dict[str, int], text: str) -> int:
    return demo[text[:30]]


REPRINTS = [
    # (variant text, source text, expected partial)
    (STRADNER.replace("’", "'"), STRADNER, False),  # straight instead of curly
    (STRADNER.upper(), STRADNER, False),
    (
        "It’s ridiculous to think these transfers could have taken place … without Moscow’s "
        "knowledge",
        STRADNER,
        True,
    ),  # elided, cut down
    ("these transfers could have taken place without Moscow's knowledge", STRADNER, True),
    (STRADNER_2.replace(" — ", " - "), STRADNER_2, False),
    (
        "It's all about preserving their own security even if it's at the expense of their own "
        "allies",
        STRADNER_2,
        True,
    ),
    (ARAKELYAN.replace("devastating", "devastatng"), ARAKELYAN, False),  # typo
    (
        "This equipment was used with devastating effect against Armenian troops ... provided by a "
        "country that is supposed to be an ally of Armenia",
        ARAKELYAN,
        True,
    ),
    ("provided by a country that is supposed to be an ally of [Armenia]", ARAKELYAN, True),
]


@pytest.mark.parametrize(("variant", "source", "partial"), REPRINTS)
def test_reprint_of_example_quote_merges(
    client: TestClient,
    auth: dict[str, str],
    demo: dict[str, int],
    variant: str,
    source: str,
    partial: bool,
) -> None:
    speaker = "Ivana Stradner" if source in (STRADNER, STRADNER_2) else "Eduard Arakelyan"
    r = post_quote(
        client,
        auth,
        text=variant,
        speaker=speaker,
        outlet="Reprint Daily",
        date="2024-06-20",
        url="https://reprint.example/x",
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["quote_created"] is False
    assert body["match"]["merged"] is True
    assert body["quote"]["id"] == _id_of(demo, source)
    assert body["match"]["partial"] is partial and body["appearance"]["partial"] is partial
    assert body["match"]["score"] > 0 and body["match"]["method"] != "new"
    assert body["quote"]["text"] == source  # the stored text stays the fuller version
    assert body["appearance"]["text"] == variant  # verbatim as printed there


@pytest.mark.parametrize(
    ("fragment", "speaker"),
    [
        ("ridiculous to think these transfers", "Ivana Stradner"),
        ("no such thing as loyalty when it comes to Moscow", "Ivana Stradner"),
        ("a complete breach of the CSTO alliance", "Eduard Arakelyan"),
        ("supposed to be an ally of Armenia", "Eduard Arakelyan"),
        ("modernizing older artillery equipment", "Politico"),
        ("Minsk's support for Baku during the war", "Aleksander Lukashenko"),
        ("it is ridiculous to think that Russia could not have stopped them", "Ivana Stradner"),
    ],
)
def test_lookup_by_fragment_returns_the_speaker(
    client: TestClient, demo: dict[str, int], fragment: str, speaker: str
) -> None:
    r = client.get("/v1/lookup", params={"q": fragment, "limit": 3})
    assert r.status_code == 200, r.text
    top = r.json()["results"][0]
    assert top["speaker"]["name"] == speaker
    assert top["first_appearance"]["outlet"]["name"] in {"Politico", "Example News"}
    assert top["citation"].startswith(speaker)
    assert top["appearance_count"] >= 1


def test_lookup_result_carries_span_first_appearance_and_citation(
    client: TestClient, demo: dict[str, int]
) -> None:
    top = client.get("/v1/lookup", params={"q": "no such thing as loyalty"}).json()["results"][0]
    assert top["quote_id"] == _id_of(demo, STRADNER_2)
    start, end = top["span"]
    assert top["text"][start:end].lower() == "no such thing as loyalty"
    assert top["matched_text"] == top["text"][start:end]
    first = top["first_appearance"]
    assert first["outlet"]["name"] == "Politico" and first["date"] == "2024-06-13"
    assert "a research fellow at the Foundation for Defense of Democracies" in top["citation"]
    assert "2024-06-13" in top["citation"]


def test_lookup_filters(client: TestClient, demo: dict[str, int]) -> None:
    q = "no such thing as loyalty when it comes to Moscow"
    assert (
        client.get("/v1/lookup", params={"q": q, "speaker": "Eduard Arakelyan"}).json()["results"]
        == []
    )
    assert client.get("/v1/lookup", params={"q": q, "speaker": "ivana stradner"}).json()["results"]
    assert client.get("/v1/lookup", params={"q": q, "outlet": "politico.eu"}).json()["results"]
    assert (
        client.get("/v1/lookup", params={"q": q, "date_to": "2024-01-01"}).json()["results"] == []
    )
    assert client.get("/v1/lookup", params={"q": q, "date_from": "2024-06-14"}).json()["results"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": ""}, 422),
        ({"q": "   "}, 422),
        ({}, 422),
        ({"q": "x", "limit": 0}, 422),
        ({"q": "x", "date_from": "2024-02-30"}, 422),
        ({"q": "zzzz qqqq"}, 200),
        ({"q": "' OR 1=1; DROP TABLE quote_term; --"}, 200),
        ({"q": "Բարեւ 🙂 привет"}, 200),
    ],
)
def test_lookup_bad_or_odd_queries(
    client: TestClient, demo: dict[str, int], params: dict[str, Any], status: int
) -> None:
    r = client.get("/v1/lookup", params=params)
    assert r.status_code == status, r.text
    if status == 200:
        assert r.json()["results"] == []


def test_fragment_first_then_full_quote_keeps_both(
    client: TestClient, auth: dict[str, str]
) -> None:
    fragment = "no such thing as loyalty when it comes to Moscow"
    first = post_quote(client, auth, text=fragment, speaker="Ivana Stradner", outlet="Short News")
    qid = first.json()["quote"]["id"]
    full = post_quote(client, auth, text=STRADNER_2, speaker="Ivana Stradner", outlet="Politico")
    assert full.json()["quote"]["id"] == qid and full.json()["match"]["fuller"] is True
    quote = client.get(f"/v1/quotes/{qid}").json()
    assert quote["text"] == STRADNER_2  # the quote's text became the fuller version
    assert {a["text"] for a in quote["appearances"]} == {fragment, STRADNER_2}  # nothing lost
    # the index follows the new text: a fragment of the full version finds it
    top = client.get("/v1/lookup", params={"q": "at the expense of their own allies"}).json()
    assert top["results"][0]["quote_id"] == qid


HARD_NEGATIVES = [
    (
        "It’s ridiculous to think these transfers could have taken place without Minsk’s "
        "knowledge, and that Belarus couldn’t have stopped them if it wanted to"
    ),
    "It’s ridiculous to think the alliance could survive another war without Moscow’s help",
    "There is no such thing as security when it comes to Baku — it’s all about oil",
]


@pytest.mark.parametrize("other", HARD_NEGATIVES)
def test_same_speaker_different_statement_stays_separate(
    client: TestClient, auth: dict[str, str], other: str
) -> None:
    a = post_quote(client, auth, text=STRADNER).json()["quote"]["id"]
    if other.startswith("There"):
        post_quote(client, auth, text=STRADNER_2)
    b = post_quote(client, auth, text=other, outlet="Another Outlet").json()
    assert b["quote_created"] is True and b["quote"]["id"] != a


def test_same_words_by_another_speaker_is_one_quote_listed_as_conflict(
    client: TestClient, auth: dict[str, str]
) -> None:
    a = post_quote(client, auth).json()["quote"]
    b = post_quote(client, auth, speaker="Eduard Arakelyan", outlet="Misquote Weekly").json()
    assert b["quote"]["id"] == a["id"]
    quote = client.get(f"/v1/quotes/{a['id']}").json()
    assert quote["speaker_conflict"] is True
    assert {x["speaker"]["name"] for x in quote["appearances"]} == {
        "Ivana Stradner",
        "Eduard Arakelyan",
    }
    conflicts = client.get("/v1/conflicts").json()
    assert conflicts["total"] == 1
    item = conflicts["items"][0]
    assert item["quote"]["id"] == a["id"]
    assert {s["speaker"]["name"] for s in item["speakers"]} == {
        "Ivana Stradner",
        "Eduard Arakelyan",
    }
    misquote = next(s for s in item["speakers"] if s["speaker"]["name"] == "Eduard Arakelyan")
    assert misquote["outlets"] == ["Misquote Weekly"]


def test_duplicates_check_stores_nothing(client: TestClient, auth: dict[str, str]) -> None:
    qid = post_quote(client, auth).json()["quote"]["id"]
    r = client.post(
        "/v1/duplicates/check",
        json={"text": STRADNER.replace("’", "'"), "speaker": "Ivana Stradner"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["duplicate"] is True
    m = body["matches"][0]
    assert m["quote_id"] == qid and m["score"] >= 85 and m["method"] in {"exact", "similar"}
    assert m["same_speaker"] is True
    other = client.post(
        "/v1/duplicates/check", json={"text": "A sentence nobody ever said about anything."}
    )
    assert other.json() == {"duplicate": False, "matches": []}
    assert client.get(f"/v1/quotes/{qid}").json()["appearance_count"] == 1
    bad = client.post("/v1/duplicates/check", json={"text": ""})
    assert bad.status_code == 422


def test_merge_split_undo_loses_no_appearance(client: TestClient, auth: dict[str, str]) -> None:
    a = post_quote(client, auth).json()
    b = post_quote(client, auth, text=ARAKELYAN, speaker="Eduard Arakelyan").json()
    qa, qb = a["quote"]["id"], b["quote"]["id"]
    merged = client.post(f"/v1/quotes/{qa}/merge", json={"other_id": qb}, headers=auth)
    assert merged.status_code == 201 and merged.json()["actor"].startswith("tester")
    assert client.get(f"/v1/quotes/{qa}").json()["appearance_count"] == 2
    assert client.get(f"/v1/quotes/{qb}").json()["merged_into_id"] == qa
    listed = [q["id"] for q in client.get("/v1/quotes").json()["items"]]
    assert qb not in listed
    # the merged quote left the index: a lookup finds the surviving quote
    top = client.get("/v1/lookup", params={"q": "an ally of Armenia supposed to be"}).json()[
        "results"
    ]
    assert all(r["quote_id"] != qb for r in top)
    undone = client.post(f"/v1/events/{merged.json()['id']}/undo", headers=auth)
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert client.get(f"/v1/quotes/{qb}").json()["appearance_count"] == 1
    assert client.get(f"/v1/quotes/{qa}").json()["appearance_count"] == 1
    assert client.post(f"/v1/events/{merged.json()['id']}/undo", headers=auth).status_code == 409
    top = client.get("/v1/lookup", params={"q": "supposed to be an ally of Armenia"}).json()[
        "results"
    ]
    assert top[0]["quote_id"] == qb
    # split: the misattributed appearance becomes its own quote; undo folds it back
    mis = post_quote(client, auth, speaker="Eduard Arakelyan", outlet="Misquote Weekly").json()
    split = client.post(
        f"/v1/quotes/{qa}/split", json={"appearance_ids": [mis["appearance"]["id"]]}, headers=auth
    )
    assert split.status_code == 201, split.text
    new_id = split.json()["other_quote_id"]
    new = client.get(f"/v1/quotes/{new_id}").json()
    assert new["speaker"]["name"] == "Eduard Arakelyan" and new["appearance_count"] == 1
    assert client.get(f"/v1/quotes/{qa}").json()["speaker_conflict"] is False
    # after the split the same words by Arakelyan go to his quote, by Stradner to hers
    again = post_quote(client, auth, speaker="Eduard Arakelyan", outlet="Third Paper").json()
    assert again["quote"]["id"] == new_id
    history = client.get(f"/v1/quotes/{qa}/history").json()
    assert [e["kind"] for e in history["events"]] == ["merge", "split"]
    assert client.post(f"/v1/events/{split.json()['id']}/undo", headers=auth).status_code == 200
    assert client.get(f"/v1/quotes/{qa}").json()["appearance_count"] == 3


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/v1/quotes/1/merge", {"other_id": 1}, 422),
        ("/v1/quotes/1/merge", {"other_id": 999}, 404),
        ("/v1/quotes/999/split", {"appearance_ids": [1]}, 404),
        ("/v1/quotes/1/split", {"appearance_ids": []}, 422),
        ("/v1/quotes/1/split", {"appearance_ids": [1]}, 422),
        ("/v1/events/999/undo", None, 404),
    ],
)
def test_curation_bad_requests(
    client: TestClient, auth: dict[str, str], path: str, body: dict[str, Any] | None, status: int
) -> None:
    post_quote(client, auth)
    r = client.post(path, json=body, headers=auth)
    assert r.status_code == status, r.text
    assert client.get("/v1/quotes/1").json()["appearance_count"] == 1


def test_deleted_quote_leaves_the_index(client: TestClient, auth: dict[str, str]) -> None:
    qid = post_quote(client, auth).json()["quote"]["id"]
    assert client.get("/v1/lookup", params={"q": "ridiculous to think these transfers"}).json()[
        "results"
    ]
    client.delete(f"/v1/quotes/{qid}", headers=auth)
    assert (
        client.get("/v1/lookup", params={"q": "ridiculous to think these transfers"}).json()[
            "results"
        ]
        == []
    )
    again = post_quote(client, auth).json()
    assert again["quote_created"] is True


def test_index_survives_restart(settings: Any, auth: dict[str, str], engine: Engine) -> None:
    from api.main import create_app
    from quotes.db import make_engine

    with TestClient(create_app(settings, engine=engine)) as c:
        post_quote(c, auth)
    fresh = make_engine(settings.database_url)
    try:
        with TestClient(create_app(settings, engine=fresh)) as c:
            results = c.get("/v1/lookup", params={"q": "without Moscow's knowledge"}).json()[
                "results"
            ]
            assert results and results[0]["speaker"]["name"] == "Ivana Stradner"
    finally:
        fresh.dispose()


def test_demo_quotes_are_all_findable(client: TestClient, demo: dict[str, int]) -> None:
    for item in demo_data()["quotes"]:
        words = item["text"].split()
        middle = " ".join(words[len(words) // 4 : len(words) // 4 + 6])
        top = client.get("/v1/lookup", params={"q": middle}).json()["results"][0]
        assert top["speaker"]["name"] == item["speaker"], middle
