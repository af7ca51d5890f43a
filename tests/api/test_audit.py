"""The audit log: every change recorded with who, when, what, before and after; append-only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from quotes.db import writer
from quotes.models import AuditEvent, OutletCreate
from quotes.services import audit
from quotes.services.outlets import create_outlet
from tests.factories import ARAKELYAN, post_quote

KeyHeaders = Callable[[str], dict[str, str]]


def _key(client: TestClient, auth: dict[str, str], name: str, role: str) -> dict[str, str]:
    """Create a key named name (so events name it) and return the headers that send it."""
    r = client.post("/v1/keys", json={"name": name, "role": role}, headers=auth)
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['secret']}"}


def _events(client: TestClient, auth: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    r = client.get("/v1/audit", params={"limit": 500, **params}, headers=auth)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def _count(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).select_from(AuditEvent)).one())


def test_post_quote_records_what_it_created_for_the_key(
    client: TestClient, auth: dict[str, str]
) -> None:
    alice = _key(client, auth, "alice", "writer")
    created = post_quote(client, alice).json()
    events = _events(client, auth, actor="alice")
    assert {(e["entity"], e["action"]) for e in events} == {
        ("speaker", "create"),
        ("outlet", "create"),
        ("quote", "create"),
        ("appearance", "create"),
    }
    quote = next(e for e in events if e["entity"] == "quote")
    assert quote["entity_id"] == created["quote"]["id"] and quote["before"] is None
    assert quote["after"]["text"] == created["quote"]["text"]
    appearance = next(e for e in events if e["entity"] == "appearance")
    assert appearance["after"]["published"] == "2024-06-13"
    assert appearance["after"]["quote_id"] == created["quote"]["id"]
    speaker = next(e for e in events if e["entity"] == "speaker")
    assert speaker["after"]["aliases"] == ["Ivana Stradner"]


def test_posting_the_same_appearance_again_records_nothing(
    client: TestClient, auth: dict[str, str], engine: Engine
) -> None:
    post_quote(client, auth)
    before = _count(engine)
    assert post_quote(client, auth).status_code == 200
    assert _count(engine) == before


def test_an_edit_records_only_the_changed_fields(client: TestClient, auth: dict[str, str]) -> None:
    bob = _key(client, auth, "bob", "writer")
    q = post_quote(client, auth).json()
    qid, aid = q["quote"]["id"], q["appearance"]["id"]
    client.patch(f"/v1/quotes/{qid}", json={"kind": "indirect", "language": None}, headers=bob)
    client.patch(f"/v1/appearances/{aid}", json={"date": "2024-06-15"}, headers=bob)
    edits = _events(client, auth, actor="bob", action="edit")
    assert [(e["entity"], e["entity_id"], e["before"], e["after"]) for e in edits] == [
        ("appearance", aid, {"published": "2024-06-13"}, {"published": "2024-06-15"}),
        ("quote", qid, {"kind": "direct"}, {"kind": "indirect"}),
    ]


def test_an_edit_that_changes_nothing_records_nothing(
    client: TestClient, auth: dict[str, str], engine: Engine
) -> None:
    qid = post_quote(client, auth).json()["quote"]["id"]
    before = _count(engine)
    assert client.patch(f"/v1/quotes/{qid}", json={"kind": "direct"}, headers=auth).is_success
    assert _count(engine) == before


def test_speakers_outlets_aliases_and_keys_are_recorded(
    client: TestClient, auth: dict[str, str]
) -> None:
    carol = _key(client, auth, "carol", "admin")
    spk = client.post("/v1/speakers", json={"name": "Lukashenka"}, headers=carol).json()
    client.patch(f"/v1/speakers/{spk['id']}", json={"name": "Lukashenko"}, headers=carol)
    with_alias = client.post(
        f"/v1/speakers/{spk['id']}/aliases", json={"alias": "Lukashenko A."}, headers=carol
    ).json()
    alias_id = 3  # Lukashenka, Lukashenko, Lukashenko A.
    client.delete(f"/v1/speakers/{spk['id']}/aliases/{alias_id}", headers=carol)
    out = client.post("/v1/outlets", json={"name": "Gazette"}, headers=carol).json()
    client.patch(f"/v1/outlets/{out['id']}", json={"domain": "gazette.example"}, headers=carol)
    client.post("/v1/keys", json={"name": "dave", "role": "reader"}, headers=carol)
    client.delete("/v1/keys/dave", headers=carol)
    got = [
        (e["entity"], e["action"], e["before"], e["after"])
        for e in reversed(_events(client, auth, actor="carol"))
    ]
    assert got[0] == (
        "speaker",
        "create",
        None,
        {"name": "Lukashenka", "description": None, "external_id": None, "aliases": ["Lukashenka"]},
    )
    assert got[1] == (
        "speaker",
        "edit",
        {"name": "Lukashenka", "aliases": ["Lukashenka"]},
        {"name": "Lukashenko", "aliases": ["Lukashenka", "Lukashenko"]},
    )
    assert got[2][3] == {"aliases": with_alias["aliases"]}
    assert got[3][2] == {"aliases": with_alias["aliases"]}
    assert got[3][3] == {"aliases": ["Lukashenka", "Lukashenko"]}
    assert got[4] == ("outlet", "create", None, {"name": "Gazette", "domain": None})
    assert got[5] == ("outlet", "edit", {"domain": None}, {"domain": "gazette.example"})
    assert got[6] == ("key", "create", None, {"name": "dave", "role": "reader", "expires_at": None})
    assert got[7][:2] == ("key", "revoke") and got[7][3]["revoked_at"]
    assert len(got) == 8


def test_merge_split_and_undo_are_recorded_with_their_event(
    client: TestClient, auth: dict[str, str]
) -> None:
    ed = _key(client, auth, "ed", "curator")
    qa = post_quote(client, auth).json()["quote"]["id"]
    qb = post_quote(client, auth, text=ARAKELYAN, speaker="Eduard Arakelyan").json()["quote"]["id"]
    merged = client.post(f"/v1/quotes/{qa}/merge", json={"other_id": qb}, headers=ed).json()
    client.post(f"/v1/events/{merged['id']}/undo", headers=ed)
    events = _events(client, auth, actor="ed")
    assert [(e["action"], e["entity"], e["entity_id"]) for e in events] == [
        ("undo", "quote", qa),
        ("merge", "quote", qa),
    ]
    assert events[1]["after"]["event_id"] == merged["id"]
    assert events[1]["after"]["other_quote_id"] == qb
    assert events[1]["after"]["appearance_ids"] == merged["appearance_ids"]


def test_a_failed_write_records_nothing(
    client: TestClient, auth: dict[str, str], engine: Engine
) -> None:
    post_quote(client, auth)
    before = _count(engine)
    # The new speaker is created (and recorded) before the unknown outlet id fails the request.
    r = post_quote(client, auth, speaker="Somebody New", outlet=None, outlet_id=999)
    assert r.status_code == 404
    assert client.post("/v1/speakers", json={"name": "Ivana Stradner"}, headers=auth).is_error
    assert _count(engine) == before
    assert client.get("/v1/speakers", params={"q": "somebody"}).json()["total"] == 0


def test_events_outlive_the_deleted_and_purged_quote(
    client: TestClient, auth: dict[str, str]
) -> None:
    q = post_quote(client, auth).json()
    qid = q["quote"]["id"]
    assert client.delete(f"/v1/quotes/{qid}", headers=auth).status_code == 204
    assert client.post(f"/v1/quotes/{qid}/purge", headers=auth).status_code == 204
    events = _events(client, auth, entity="quote", entity_id=qid)
    assert [e["action"] for e in events] == ["purge", "delete", "create"]
    purge = events[0]
    assert purge["after"] is None and purge["before"]["text"] == q["quote"]["text"]
    assert [a["id"] for a in purge["before"]["appearances"]] == [q["appearance"]["id"]]
    assert _events(client, auth, entity="appearance", entity_id=q["appearance"]["id"])


def test_audit_filters(client: TestClient, auth: dict[str, str]) -> None:
    fay = _key(client, auth, "fay", "writer")
    one = post_quote(client, fay).json()["quote"]["id"]
    two = post_quote(client, auth, text=ARAKELYAN).json()["quote"]["id"]
    assert {e["entity_id"] for e in _events(client, auth, entity="quote")} == {one, two}
    assert [e["entity_id"] for e in _events(client, auth, entity="quote", entity_id=two)] == [two]
    assert {e["actor"] for e in _events(client, auth, actor="fay")} == {"fay"}
    assert _events(client, auth, action="purge") == []
    everything = _events(client, auth)
    middle = everything[len(everything) // 2]
    since = _events(client, auth, since=middle["created_at"])
    until = _events(client, auth, until=middle["created_at"])
    assert middle in since and middle not in until
    assert {e["id"] for e in since} | {e["id"] for e in until} == {e["id"] for e in everything}


def test_audit_pages_newest_first_by_cursor(client: TestClient, auth: dict[str, str]) -> None:
    for n in range(3):
        client.post("/v1/outlets", json={"name": f"Paper {n}"}, headers=auth)
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/audit", params=params, headers=auth).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen))
    assert len(seen) == len(_events(client, auth))
    bad = client.get("/v1/audit", params={"cursor": "nonsense"}, headers=auth)
    assert bad.status_code == 422


def test_audit_needs_a_curator(client: TestClient, key_headers: KeyHeaders) -> None:
    assert client.get("/v1/audit").status_code == 401
    assert client.get("/v1/audit", headers=key_headers("writer")).status_code == 403
    assert client.get("/v1/audit", headers=key_headers("curator")).status_code == 200


def test_audit_refuses_unknown_filters(client: TestClient, auth: dict[str, str]) -> None:
    assert client.get("/v1/audit", params={"entity": "nope"}, headers=auth).status_code == 422
    assert client.get("/v1/audit", params={"action": "nope"}, headers=auth).status_code == 422
    early = {"since": "0001-01-01T00:00:00+01:00"}  # before year 1 in UTC
    assert client.get("/v1/audit", params=early, headers=auth).status_code == 422


def test_history_shows_the_quotes_edits(client: TestClient, auth: dict[str, str]) -> None:
    q = post_quote(client, auth).json()
    qid, aid = q["quote"]["id"], q["appearance"]["id"]
    second = post_quote(client, auth, outlet="Example News").json()["appearance"]["id"]
    client.patch(f"/v1/quotes/{qid}", json={"language": "en"}, headers=auth)
    client.patch(f"/v1/appearances/{aid}", json={"url": "https://example.org/a"}, headers=auth)
    client.delete(f"/v1/appearances/{second}", headers=auth)
    history = client.get(f"/v1/quotes/{qid}/history").json()
    assert history["quote_id"] == qid and history["events"] == []
    assert [(e["entity"], e["entity_id"], e["action"]) for e in history["edits"]] == [
        ("quote", qid, "create"),
        ("appearance", aid, "create"),
        ("appearance", second, "create"),
        ("quote", qid, "edit"),
        ("appearance", aid, "edit"),
        ("appearance", second, "delete"),
    ]


def test_cli_actor_and_suspended_recording(engine: Engine) -> None:
    with Session(writer(engine)) as s:
        create_outlet(s, data=OutletCreate(name="Recorded"), actor="cli")
        with audit.suspended(s):
            create_outlet(s, data=OutletCreate(name="Bulk"), actor="import")
        create_outlet(s, data=OutletCreate(name="Recorded again"), actor="cli")
        s.commit()
        rows = s.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    assert [(r.actor, r.after["name"] if r.after else None) for r in rows] == [
        ("cli", "Recorded"),
        ("cli", "Recorded again"),
    ]
