"""POST/GET/PATCH/DELETE of quotes and appearances."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import ARAKELYAN, STRADNER, post_quote


def test_post_quote_stores_speaker_outlet_and_date(
    client: TestClient, auth: dict[str, str]
) -> None:
    r = post_quote(client, auth, via_outlet=None)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["quote_created"] is True and body["appearance_created"] is True
    quote, appearance = body["quote"], body["appearance"]
    assert quote["text"] == STRADNER
    assert quote["speaker"]["name"] == "Ivana Stradner"
    assert appearance["outlet"]["name"] == "Politico"
    assert appearance["date"] == "2024-06-13"
    assert (
        appearance["speaker_role"]
        == "a research fellow at the Foundation for Defense of Democracies"
    )
    got = client.get(f"/v1/quotes/{quote['id']}").json()
    assert got["first_appearance"]["outlet"]["name"] == "Politico"
    assert got["appearances"][0]["text"] == STRADNER


def test_post_quote_merges_curly_quote_reprint(client: TestClient, auth: dict[str, str]) -> None:
    first = post_quote(client, auth).json()
    straight = STRADNER.replace("’", "'").upper()
    second = post_quote(
        client,
        auth,
        text="  " + straight + "  ",
        outlet="Example News",
        date="2024-06-14",
        url="https://example.org/a",
        via_outlet="Politico",
    )
    assert second.status_code == 201
    assert second.json()["quote_created"] is False
    assert second.json()["quote"]["id"] == first["quote"]["id"]
    quote = client.get(f"/v1/quotes/{first['quote']['id']}").json()
    assert quote["appearance_count"] == 2
    texts = {a["text"] for a in quote["appearances"]}
    assert "  " + straight + "  " in texts and STRADNER in texts  # verbatim kept per appearance
    reprint = next(a for a in quote["appearances"] if a["outlet"]["name"] == "Example News")
    assert reprint["via_outlet"]["name"] == "Politico"


def test_same_appearance_posted_twice_is_stored_once(
    client: TestClient, auth: dict[str, str]
) -> None:
    first = post_quote(client, auth)
    again = post_quote(client, auth)
    assert again.status_code == 200
    assert again.json()["appearance_created"] is False
    assert again.json()["appearance"]["id"] == first.json()["appearance"]["id"]
    assert client.get(f"/v1/quotes/{first.json()['quote']['id']}").json()["appearance_count"] == 1


def test_first_appearance_is_earliest_date_not_first_posted(
    client: TestClient, auth: dict[str, str]
) -> None:
    later = post_quote(client, auth, outlet="Example News", date="2024-06-20").json()
    post_quote(client, auth, outlet="Politico", date="2024-06-13")
    quote = client.get(f"/v1/quotes/{later['quote']['id']}").json()
    assert quote["first_appearance"]["date"] == "2024-06-13"
    assert quote["first_appearance"]["outlet"]["name"] == "Politico"


def test_speaker_resolves_through_alias_case_and_accents(
    client: TestClient, auth: dict[str, str]
) -> None:
    created = client.post(
        "/v1/speakers",
        json={"name": "Aleksander Lukashenko", "aliases": ["Lukashenka"]},
        headers=auth,
    ).json()
    r = post_quote(
        client, auth, speaker="aleksánder LUKASHENKO", text="Minsk supported Baku in the war"
    )
    assert r.json()["quote"]["speaker"]["id"] == created["id"]
    r2 = post_quote(client, auth, speaker="lukashenka", text="Another statement on the war")
    assert r2.json()["quote"]["speaker"]["id"] == created["id"]
    assert r2.json()["appearance"]["speaker_name"] == "lukashenka"  # as named there


def test_outlet_resolves_by_domain(client: TestClient, auth: dict[str, str]) -> None:
    outlet = client.post(
        "/v1/outlets", json={"name": "Politico", "domain": "politico.eu"}, headers=auth
    ).json()
    r = post_quote(client, auth, outlet="www.politico.eu")
    assert r.json()["appearance"]["outlet"]["id"] == outlet["id"]


def test_post_by_ids(client: TestClient, auth: dict[str, str]) -> None:
    spk = client.post("/v1/speakers", json={"name": "Eduard Arakelyan"}, headers=auth).json()
    out = client.post("/v1/outlets", json={"name": "Politico"}, headers=auth).json()
    r = client.post(
        "/v1/quotes",
        json={
            "text": ARAKELYAN,
            "speaker_id": spk["id"],
            "outlet_id": out["id"],
            "date": "2024-06-13",
        },
        headers=auth,
    )
    assert r.status_code == 201, r.text
    assert r.json()["quote"]["speaker"]["id"] == spk["id"]


SEED_TEXTS = [
    "The alliance has failed its smallest member when it mattered most.",
    "We will keep buying gas from whoever sells it cheapest this winter.",
    "Nobody in Yerevan believed the treaty would protect the border villages.",
    "Our farmers cannot wait another season for the new irrigation canal.",
    "Parliament will vote on the budget before the summer recess begins.",
]


def _seed_list(client: TestClient, auth: dict[str, str]) -> None:
    for i, (spk, outlet, date) in enumerate(
        [
            ("Ivana Stradner", "Politico", "2024-06-13"),
            ("Ivana Stradner", "Example News", "2024-06-15"),
            ("Eduard Arakelyan", "Politico", "2024-06-14"),
            ("Eduard Arakelyan", "Reuters", "2023-01-02"),
            ("Nikol Pashinyan", "Reuters", "2024-06-13"),
        ]
    ):
        post_quote(
            client,
            auth,
            text=SEED_TEXTS[i],
            speaker=spk,
            outlet=outlet,
            date=date,
        )


def test_list_quotes_filters(client: TestClient, auth: dict[str, str]) -> None:
    _seed_list(client, auth)
    by_speaker = client.get("/v1/quotes", params={"speaker": "ivana stradner"}).json()["items"]
    assert {q["speaker"]["name"] for q in by_speaker} == {"Ivana Stradner"} and len(by_speaker) == 2
    by_outlet = client.get("/v1/quotes", params={"outlet": "Reuters"}).json()["items"]
    assert len(by_outlet) == 2
    ranged = client.get(
        "/v1/quotes", params={"date_from": "2024-06-13", "date_to": "2024-06-14"}
    ).json()
    assert sorted(q["first_published"] for q in ranged["items"]) == [
        "2024-06-13",
        "2024-06-13",
        "2024-06-14",
    ]
    unknown = client.get("/v1/quotes", params={"speaker": "Nobody Atall"}).json()
    assert unknown["items"] == []


def test_list_quotes_newest_first_and_stable_cursor(
    client: TestClient, auth: dict[str, str]
) -> None:
    _seed_list(client, auth)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/quotes", params=params).json()
        seen += [q["first_published"] for q in page["items"]]
        if cursor is None:  # a quote added after the first page must not shift later pages
            post_quote(client, auth, text="A brand new statement", date="2025-01-01")
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True) and len(seen) == 5
    oldest = client.get("/v1/quotes", params={"order": "oldest", "limit": 1}).json()["items"][0]
    assert oldest["first_published"] == "2023-01-02"


def test_patch_quote_kind_and_speaker(client: TestClient, auth: dict[str, str]) -> None:
    q = post_quote(client, auth).json()["quote"]
    other = client.post("/v1/speakers", json={"name": "Someone Else"}, headers=auth).json()
    r = client.patch(
        f"/v1/quotes/{q['id']}", json={"kind": "indirect", "speaker_id": other["id"]}, headers=auth
    )
    assert r.status_code == 200
    assert r.json()["kind"] == "indirect" and r.json()["speaker"]["id"] == other["id"]


def test_delete_quote_with_several_appearances_needs_explicit_flag(
    client: TestClient, auth: dict[str, str]
) -> None:
    q = post_quote(client, auth).json()["quote"]
    post_quote(client, auth, outlet="Example News")
    refused = client.delete(f"/v1/quotes/{q['id']}", headers=auth)
    assert refused.status_code == 409
    assert client.get(f"/v1/quotes/{q['id']}").json()["appearance_count"] == 2
    ok = client.delete(f"/v1/quotes/{q['id']}", params={"with_appearances": "true"}, headers=auth)
    assert ok.status_code == 204
    assert client.get(f"/v1/quotes/{q['id']}").status_code == 404


def test_appearance_edit_and_delete(client: TestClient, auth: dict[str, str]) -> None:
    first = post_quote(client, auth).json()
    second = post_quote(client, auth, outlet="Example News", date="2024-06-10").json()
    qid = first["quote"]["id"]
    assert client.get(f"/v1/quotes/{qid}").json()["first_appearance"]["date"] == "2024-06-10"
    r = client.patch(
        f"/v1/appearances/{second['appearance']['id']}", json={"date": "2024-06-20"}, headers=auth
    )
    assert r.status_code == 200 and r.json()["date"] == "2024-06-20"
    assert client.get(f"/v1/quotes/{qid}").json()["first_appearance"]["date"] == "2024-06-13"
    assert (
        client.delete(f"/v1/appearances/{second['appearance']['id']}", headers=auth).status_code
        == 204
    )
    last = client.delete(f"/v1/appearances/{first['appearance']['id']}", headers=auth)
    assert last.status_code == 409  # a quote's last appearance goes only with the quote
    assert client.get(f"/v1/quotes/{qid}").json()["appearance_count"] == 1


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_openapi_docs_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/quotes", "/v1/quotes/{quote_id}", "/v1/speakers", "/v1/outlets"} <= set(paths)
