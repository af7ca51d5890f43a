"""Deletes hide and keep: a curator restores, an admin purges; hidden rows take part in nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import ARAKELYAN, STRADNER, post_quote

KeyHeaders = Callable[[str], dict[str, str]]
FRAGMENT = "ridiculous to think these transfers could have taken place"


def _lookup_ids(client: TestClient, q: str = FRAGMENT) -> list[int]:
    return [r["quote_id"] for r in client.get("/v1/lookup", params={"q": q}).json()["results"]]


def _duplicate_ids(client: TestClient, text: str = STRADNER) -> list[int]:
    report = client.post("/v1/duplicates/check", json={"text": text}).json()
    return [m["quote_id"] for m in report["matches"]]


def _listed(client: TestClient, **params: Any) -> list[int]:
    return [q["id"] for q in client.get("/v1/quotes", params=params).json()["items"]]


def test_deleted_quote_is_hidden_from_reads_lists_lookup_and_duplicates(
    client: TestClient, auth: dict[str, str]
) -> None:
    q = post_quote(client, auth).json()
    qid, aid = q["quote"]["id"], q["appearance"]["id"]
    sid = q["quote"]["speaker"]["id"]
    assert _lookup_ids(client) == [qid] and _duplicate_ids(client) == [qid]
    assert client.delete(f"/v1/quotes/{qid}", headers=auth).status_code == 204
    assert client.get(f"/v1/quotes/{qid}").status_code == 404
    assert client.get(f"/v1/appearances/{aid}").status_code == 404
    assert client.get(f"/v1/quotes/{qid}/history").status_code == 404
    assert client.patch(f"/v1/quotes/{qid}", json={"kind": "indirect"}, headers=auth).is_error
    assert _listed(client) == [] and _listed(client, speaker=str(sid)) == []
    assert _lookup_ids(client) == [] and _duplicate_ids(client) == []
    assert client.get(f"/v1/speakers/{sid}").json()["quote_count"] == 0
    assert client.get("/v1/outlets").json()["items"][0]["appearance_count"] == 0


def test_restore_brings_the_quote_back_everywhere(
    client: TestClient, auth: dict[str, str], key_headers: KeyHeaders
) -> None:
    q = post_quote(client, auth).json()
    post_quote(client, auth, outlet="Example News", date="2024-06-14")
    qid = q["quote"]["id"]
    client.delete(f"/v1/quotes/{qid}", params={"with_appearances": "true"}, headers=auth)
    restored = client.post(f"/v1/quotes/{qid}/restore", headers=key_headers("curator"))
    assert restored.status_code == 200, restored.text
    assert restored.json()["appearance_count"] == 2
    assert client.get(f"/v1/quotes/{qid}").json()["first_appearance"]["date"] == "2024-06-13"
    assert _lookup_ids(client) == [qid] and _duplicate_ids(client) == [qid] and _listed(client)
    again = post_quote(client, auth, outlet="Third Paper").json()
    assert again["quote"]["id"] == qid  # reprints merge into it again
    assert client.post(f"/v1/quotes/{qid}/restore", headers=auth).status_code == 409


def test_restore_needs_a_curator(
    client: TestClient, auth: dict[str, str], key_headers: KeyHeaders
) -> None:
    qid = post_quote(client, auth).json()["quote"]["id"]
    client.delete(f"/v1/quotes/{qid}", headers=auth)
    writer = key_headers("writer")
    assert client.post(f"/v1/quotes/{qid}/restore", headers=writer).status_code == 403
    assert client.get(f"/v1/quotes/{qid}").status_code == 404


def test_the_words_of_a_deleted_quote_make_a_new_quote(
    client: TestClient, auth: dict[str, str]
) -> None:
    old = post_quote(client, auth).json()["quote"]["id"]
    client.delete(f"/v1/quotes/{old}", headers=auth)
    again = post_quote(client, auth, outlet="Example News").json()
    assert again["quote_created"] is True and again["quote"]["id"] != old
    # Both live after a restore: the same words may stand twice; a curator may merge them.
    assert client.post(f"/v1/quotes/{old}/restore", headers=auth).status_code == 200
    assert sorted(_listed(client)) == sorted([old, again["quote"]["id"]])
    assert set(_duplicate_ids(client)) == {old, again["quote"]["id"]}


def test_restore_is_refused_when_the_same_appearance_was_posted_again(
    client: TestClient, auth: dict[str, str]
) -> None:
    old = post_quote(client, auth).json()["quote"]["id"]
    client.delete(f"/v1/quotes/{old}", headers=auth)
    new = post_quote(client, auth).json()
    assert new["quote_created"] is True and new["appearance_created"] is True
    refused = client.post(f"/v1/quotes/{old}/restore", headers=auth)
    assert refused.status_code == 409 and f"appearance {new['appearance']['id']}" in refused.text
    assert client.get(f"/v1/quotes/{old}").status_code == 404


def test_deleted_appearance_is_hidden_and_restorable(
    client: TestClient, auth: dict[str, str]
) -> None:
    first = post_quote(client, auth).json()
    second = post_quote(client, auth, outlet="Example News", date="2024-06-10").json()
    qid, aid = first["quote"]["id"], second["appearance"]["id"]
    assert client.delete(f"/v1/appearances/{aid}", headers=auth).status_code == 204
    assert client.get(f"/v1/appearances/{aid}").status_code == 404
    quote = client.get(f"/v1/quotes/{qid}").json()
    assert [a["id"] for a in quote["appearances"]] == [first["appearance"]["id"]]
    assert quote["first_appearance"]["date"] == "2024-06-13"
    assert _listed(client, outlet="Example News") == []
    last = client.delete(f"/v1/appearances/{first['appearance']['id']}", headers=auth)
    assert last.status_code == 409  # still: a quote's last appearance goes only with the quote
    assert client.post(f"/v1/appearances/{aid}/restore", headers=auth).status_code == 200
    quote = client.get(f"/v1/quotes/{qid}").json()
    assert quote["appearance_count"] == 2 and quote["first_appearance"]["date"] == "2024-06-10"
    assert _listed(client, outlet="Example News") == [qid]


def test_lists_and_lookup_count_live_appearances_only(
    client: TestClient, auth: dict[str, str]
) -> None:
    post_quote(client, auth)
    second = post_quote(client, auth, outlet="Example News", date="2024-06-10").json()
    client.delete(f"/v1/appearances/{second['appearance']['id']}", headers=auth)
    listed = client.get("/v1/quotes").json()["items"][0]
    assert listed["appearance_count"] == 1 and listed["first_published"] == "2024-06-13"
    found = client.get("/v1/lookup", params={"q": FRAGMENT}).json()["results"][0]
    assert found["appearance_count"] == 1


def test_a_deleted_appearance_may_be_posted_again(client: TestClient, auth: dict[str, str]) -> None:
    post_quote(client, auth)
    second = post_quote(client, auth, outlet="Example News").json()
    client.delete(f"/v1/appearances/{second['appearance']['id']}", headers=auth)
    again = post_quote(client, auth, outlet="Example News").json()
    assert again["appearance_created"] is True
    assert again["appearance"]["id"] != second["appearance"]["id"]
    restore = client.post(f"/v1/appearances/{second['appearance']['id']}/restore", headers=auth)
    assert restore.status_code == 409


def test_appearance_of_a_deleted_quote_is_restored_with_the_quote(
    client: TestClient, auth: dict[str, str]
) -> None:
    q = post_quote(client, auth).json()
    client.delete(f"/v1/quotes/{q['quote']['id']}", headers=auth)
    r = client.post(f"/v1/appearances/{q['appearance']['id']}/restore", headers=auth)
    assert r.status_code == 409 and "restore the quote" in r.json()["detail"]
    purge = client.post(f"/v1/appearances/{q['appearance']['id']}/purge", headers=auth)
    assert purge.status_code == 409 and "purge the quote" in purge.json()["detail"]


def test_purge_is_for_admins_and_deleted_rows_only(
    client: TestClient, auth: dict[str, str], key_headers: KeyHeaders
) -> None:
    qid = post_quote(client, auth).json()["quote"]["id"]
    live = client.post(f"/v1/quotes/{qid}/purge", headers=auth)
    assert live.status_code == 409 and "delete it first" in live.json()["detail"]
    client.delete(f"/v1/quotes/{qid}", headers=auth)
    curator = key_headers("curator")
    assert client.post(f"/v1/quotes/{qid}/purge", headers=curator).status_code == 403
    assert client.post(f"/v1/quotes/{qid}/purge", headers=auth).status_code == 204
    assert client.post(f"/v1/quotes/{qid}/restore", headers=auth).status_code == 404
    assert client.post(f"/v1/quotes/{qid}/purge", headers=auth).status_code == 404
    assert post_quote(client, auth).json()["quote_created"] is True


def test_merge_events_outlive_a_purged_quote(client: TestClient, auth: dict[str, str]) -> None:
    qa = post_quote(client, auth).json()["quote"]["id"]
    qb = post_quote(client, auth, text=ARAKELYAN, speaker="Eduard Arakelyan").json()["quote"]["id"]
    merged = client.post(f"/v1/quotes/{qa}/merge", json={"other_id": qb}, headers=auth).json()
    client.delete(f"/v1/quotes/{qa}", params={"with_appearances": "true"}, headers=auth)
    assert client.post(f"/v1/quotes/{qa}/purge", headers=auth).status_code == 204
    assert client.get(f"/v1/quotes/{qb}").status_code == 404  # merged into qa: purged with it
    events = client.get("/v1/audit", params={"action": "merge"}, headers=auth).json()["items"]
    assert [e["after"]["event_id"] for e in events] == [merged["id"]]
    undo = client.post(f"/v1/events/{merged['id']}/undo", headers=auth)
    assert undo.status_code == 404


def test_deleting_a_quote_hides_the_quotes_merged_into_it(
    client: TestClient, auth: dict[str, str]
) -> None:
    qa = post_quote(client, auth).json()["quote"]["id"]
    qb = post_quote(client, auth, text=ARAKELYAN, speaker="Eduard Arakelyan").json()["quote"]["id"]
    merged = client.post(f"/v1/quotes/{qa}/merge", json={"other_id": qb}, headers=auth).json()
    client.delete(f"/v1/quotes/{qa}", params={"with_appearances": "true"}, headers=auth)
    assert client.get(f"/v1/quotes/{qb}").status_code == 404
    assert _duplicate_ids(client, ARAKELYAN) == []
    undo = client.post(f"/v1/events/{merged['id']}/undo", headers=auth)
    assert undo.status_code == 409 and "restore it first" in undo.json()["detail"]
    new = post_quote(client, auth, text=ARAKELYAN, outlet="Example News").json()
    assert new["quote_created"] is True
    assert client.post(f"/v1/quotes/{qa}/restore", headers=auth).status_code == 200
    assert client.get(f"/v1/quotes/{qb}").json()["merged_into_id"] == qa
    assert client.get(f"/v1/quotes/{qa}").json()["appearance_count"] == 2
    assert client.post(f"/v1/events/{merged['id']}/undo", headers=auth).status_code == 200
    assert client.get(f"/v1/quotes/{qb}").json()["appearance_count"] == 1


def test_deleted_speaker_is_hidden_restorable_and_comes_back_when_named(
    client: TestClient, auth: dict[str, str]
) -> None:
    spk = client.post("/v1/speakers", json={"name": "Nobody Quoted"}, headers=auth).json()
    assert client.delete(f"/v1/speakers/{spk['id']}", headers=auth).status_code == 204
    assert client.get(f"/v1/speakers/{spk['id']}").status_code == 404
    assert client.get("/v1/speakers", params={"q": "nobody"}).json()["total"] == 0
    taken = client.post("/v1/speakers", json={"name": "nobody quoted"}, headers=auth)
    assert taken.status_code == 409 and "restore" in taken.json()["detail"]
    restored = client.post(f"/v1/speakers/{spk['id']}/restore", headers=auth)
    assert restored.status_code == 200 and restored.json()["aliases"] == ["Nobody Quoted"]
    client.delete(f"/v1/speakers/{spk['id']}", headers=auth)
    named = post_quote(client, auth, speaker="Nobody Quoted").json()
    assert named["quote"]["speaker"]["id"] == spk["id"]
    assert client.get(f"/v1/speakers/{spk['id']}").status_code == 200
    actions = [
        e["action"]
        for e in client.get(
            "/v1/audit", params={"entity": "speaker", "entity_id": spk["id"]}, headers=auth
        ).json()["items"]
    ]
    assert actions == ["restore", "delete", "restore", "delete", "create"]


def test_speaker_of_a_deleted_quote_may_go_and_must_come_back_first(
    client: TestClient, auth: dict[str, str]
) -> None:
    q = post_quote(client, auth).json()
    qid, sid = q["quote"]["id"], q["quote"]["speaker"]["id"]
    assert client.delete(f"/v1/speakers/{sid}", headers=auth).status_code == 409
    client.delete(f"/v1/quotes/{qid}", headers=auth)
    assert client.delete(f"/v1/speakers/{sid}", headers=auth).status_code == 204
    purge = client.post(f"/v1/speakers/{sid}/purge", headers=auth)
    assert purge.status_code == 409  # the deleted quote still names them
    refused = client.post(f"/v1/quotes/{qid}/restore", headers=auth)
    assert refused.status_code == 409 and f"speaker {sid}" in refused.json()["detail"]
    assert client.post(f"/v1/speakers/{sid}/restore", headers=auth).status_code == 200
    assert client.post(f"/v1/quotes/{qid}/restore", headers=auth).status_code == 200


def test_speaker_purge(client: TestClient, auth: dict[str, str], key_headers: KeyHeaders) -> None:
    spk = client.post("/v1/speakers", json={"name": "Passing Name"}, headers=auth).json()
    client.delete(f"/v1/speakers/{spk['id']}", headers=auth)
    purge = f"/v1/speakers/{spk['id']}/purge"
    assert client.post(purge, headers=key_headers("curator")).status_code == 403
    assert client.post(purge, headers=auth).status_code == 204
    assert client.post(f"/v1/speakers/{spk['id']}/restore", headers=auth).status_code == 404
    again = client.post("/v1/speakers", json={"name": "Passing Name"}, headers=auth)
    assert again.status_code == 201


def test_deleted_outlet_is_hidden_restorable_and_purgeable(
    client: TestClient, auth: dict[str, str]
) -> None:
    out = client.post(
        "/v1/outlets", json={"name": "Spare", "domain": "spare.example"}, headers=auth
    ).json()
    assert client.delete(f"/v1/outlets/{out['id']}", headers=auth).status_code == 204
    assert client.get(f"/v1/outlets/{out['id']}").status_code == 404
    assert client.get("/v1/outlets", params={"q": "spare"}).json()["total"] == 0
    taken = client.post(
        "/v1/outlets", json={"name": "Other", "domain": "spare.example"}, headers=auth
    )
    assert taken.status_code == 409 and "restore" in taken.json()["detail"]
    assert client.post(f"/v1/outlets/{out['id']}/restore", headers=auth).status_code == 200
    assert client.get(f"/v1/outlets/{out['id']}").status_code == 200
    client.delete(f"/v1/outlets/{out['id']}", headers=auth)
    named = post_quote(client, auth, outlet="Spare").json()  # a quote naming it brings it back
    assert named["appearance"]["outlet"]["id"] == out["id"]
    client.delete(f"/v1/quotes/{named['quote']['id']}", headers=auth)
    assert client.delete(f"/v1/outlets/{out['id']}", headers=auth).status_code == 204
    assert client.post(f"/v1/outlets/{out['id']}/purge", headers=auth).status_code == 409
    client.post(f"/v1/quotes/{named['quote']['id']}/purge", headers=auth)
    assert client.post(f"/v1/outlets/{out['id']}/purge", headers=auth).status_code == 204


def test_merge_and_split_ignore_deleted_rows(client: TestClient, auth: dict[str, str]) -> None:
    qa = post_quote(client, auth).json()["quote"]["id"]
    second = post_quote(client, auth, outlet="Example News").json()["appearance"]["id"]
    qb = post_quote(client, auth, text=ARAKELYAN, speaker="Eduard Arakelyan").json()["quote"]["id"]
    client.delete(f"/v1/appearances/{second}", headers=auth)
    split = client.post(f"/v1/quotes/{qa}/split", json={"appearance_ids": [second]}, headers=auth)
    assert split.status_code == 422
    client.delete(f"/v1/quotes/{qb}", headers=auth)
    merge = client.post(f"/v1/quotes/{qa}/merge", json={"other_id": qb}, headers=auth)
    assert merge.status_code == 404
