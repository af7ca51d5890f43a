"""Speakers (aliases, detail with quotes, refused deletes) and outlets."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import post_quote


def test_speaker_create_get_with_quotes(client: TestClient, auth: dict[str, str]) -> None:
    spk = client.post(
        "/v1/speakers",
        json={
            "name": "Ivana Stradner",
            "description": "Research fellow, FDD",
            "external_id": "Q0000",
        },
        headers=auth,
    )
    assert spk.status_code == 201
    post_quote(client, auth)
    detail = client.get(f"/v1/speakers/{spk.json()['id']}").json()
    assert detail["quote_count"] == 1 and detail["quotes"][0]["first_outlet"]["name"] == "Politico"
    assert detail["aliases"] == ["Ivana Stradner"]


def test_alias_added_resolves_and_conflicts(client: TestClient, auth: dict[str, str]) -> None:
    a = client.post("/v1/speakers", json={"name": "Aleksander Lukashenko"}, headers=auth).json()
    b = client.post("/v1/speakers", json={"name": "Ilham Aliyev"}, headers=auth).json()
    r = client.post(
        f"/v1/speakers/{a['id']}/aliases", json={"alias": "Alexander Lukashenko"}, headers=auth
    )
    assert r.status_code == 201 and "Alexander Lukashenko" in r.json()["aliases"]
    clash = client.post(
        f"/v1/speakers/{b['id']}/aliases", json={"alias": "alexander lukashenko"}, headers=auth
    )
    assert clash.status_code == 409
    dup = client.post("/v1/speakers", json={"name": "ALEKSANDER lukashenko"}, headers=auth)
    assert dup.status_code == 409
    listed = client.get("/v1/speakers", params={"q": "lukash"}).json()
    assert [s["id"] for s in listed["items"]] == [a["id"]]


def test_rename_keeps_old_name_as_alias(client: TestClient, auth: dict[str, str]) -> None:
    a = client.post("/v1/speakers", json={"name": "Lukashenka"}, headers=auth).json()
    r = client.patch(
        f"/v1/speakers/{a['id']}", json={"name": "Aleksander Lukashenko"}, headers=auth
    )
    assert r.json()["name"] == "Aleksander Lukashenko"
    assert set(r.json()["aliases"]) == {"Lukashenka", "Aleksander Lukashenko"}


def test_delete_speaker_with_quotes_is_refused(client: TestClient, auth: dict[str, str]) -> None:
    q = post_quote(client, auth).json()
    sid = q["quote"]["speaker"]["id"]
    assert client.delete(f"/v1/speakers/{sid}", headers=auth).status_code == 409
    assert client.get(f"/v1/quotes/{q['quote']['id']}").status_code == 200
    lonely = client.post("/v1/speakers", json={"name": "Nobody Quoted"}, headers=auth).json()
    assert client.delete(f"/v1/speakers/{lonely['id']}", headers=auth).status_code == 204
    assert client.get(f"/v1/speakers/{lonely['id']}").status_code == 404


def test_outlets_crud_and_refused_delete(client: TestClient, auth: dict[str, str]) -> None:
    out = client.post(
        "/v1/outlets", json={"name": "Politico", "domain": "https://www.Politico.eu/"}, headers=auth
    )
    assert out.status_code == 201 and out.json()["domain"] == "politico.eu"
    assert client.post("/v1/outlets", json={"name": "politico"}, headers=auth).status_code == 409
    post_quote(client, auth, outlet="Politico")
    got = client.get(f"/v1/outlets/{out.json()['id']}").json()
    assert got["appearance_count"] == 1
    assert client.delete(f"/v1/outlets/{got['id']}", headers=auth).status_code == 409
    renamed = client.patch(
        f"/v1/outlets/{got['id']}", json={"name": "POLITICO Europe"}, headers=auth
    )
    assert renamed.json()["name"] == "POLITICO Europe"
    assert client.get("/v1/outlets", params={"q": "politico"}).json()["total"] == 1
    spare = client.post("/v1/outlets", json={"name": "Spare"}, headers=auth).json()
    assert client.delete(f"/v1/outlets/{spare['id']}", headers=auth).status_code == 204
