"""Quotes whose source names nobody are kept, claim nobody, and gain a speaker later."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import STRADNER, quote_body


def test_a_quote_without_a_speaker_is_stored_with_speaker_unknown(
    client: TestClient, auth: dict[str, str]
) -> None:
    r = client.post("/v1/quotes", json=quote_body(speaker=None), headers=auth)
    assert r.status_code == 201, r.text
    quote = r.json()["quote"]
    assert quote["speaker"] is None
    assert r.json()["appearance"]["speaker_name"] is None
    found = client.get("/v1/lookup", params={"q": "ridiculous to think these transfers"}).json()
    assert found["results"][0]["quote_id"] == quote["id"]
    assert found["results"][0]["speaker"] is None


def test_a_later_appearance_that_names_the_speaker_gives_the_quote_its_speaker(
    client: TestClient, auth: dict[str, str]
) -> None:
    first = client.post("/v1/quotes", json=quote_body(speaker=None), headers=auth).json()
    later = client.post(
        "/v1/quotes",
        json=quote_body(outlet="Asbarez", url="https://asbarez.example/1", date="2024-06-14"),
        headers=auth,
    ).json()
    assert later["quote"]["id"] == first["quote"]["id"]
    assert later["quote"]["speaker"]["name"] == "Ivana Stradner"
    # unknown is no claim: no speaker conflict
    assert later["quote"]["speaker_conflict"] is False
    assert client.get("/v1/conflicts").json()["items"] == []


def test_unknown_speaker_never_conflicts_but_two_named_speakers_do(
    client: TestClient, auth: dict[str, str]
) -> None:
    client.post("/v1/quotes", json=quote_body(speaker=None), headers=auth)
    client.post("/v1/quotes", json=quote_body(url="https://b.example/2"), headers=auth)
    r = client.post(
        "/v1/quotes",
        json=quote_body(speaker="Aleksander Lukashenko", url="https://c.example/3"),
        headers=auth,
    )
    assert r.json()["quote"]["speaker"]["name"] == "Ivana Stradner"
    assert r.json()["quote"]["speaker_conflict"] is True


def test_a_wikidata_qid_finds_its_speaker_whatever_the_spelling(
    client: TestClient, auth: dict[str, str]
) -> None:
    a = client.post(
        "/v1/quotes",
        json=quote_body(speaker="Ivana Stradner", speaker_external_id="Q90000001"),
        headers=auth,
    ).json()
    b = client.post(
        "/v1/quotes",
        json=quote_body(
            text=STRADNER + " Really.",
            speaker="I. Stradner",
            speaker_external_id="Q90000001",
            url="https://d.example/4",
        ),
        headers=auth,
    ).json()
    assert b["quote"]["speaker"]["id"] == a["quote"]["speaker"]["id"]
    speaker = client.get(f"/v1/speakers/{a['quote']['speaker']['id']}").json()
    assert speaker["external_id"] == "Q90000001"


def test_an_external_id_without_a_name_is_refused(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post(
        "/v1/quotes", json=quote_body(speaker=None, speaker_external_id="Q1"), headers=auth
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "speaker_external_id"
