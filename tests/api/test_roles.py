"""Keys carry roles (reader < writer < curator < admin) and may expire; the API checks both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api.main import create_app
from quotes.config import Settings
from quotes.db import make_engine, writer
from quotes.migrate import upgrade
from quotes.models import ApiKey
from quotes.services.keys import create_key, revoke_key
from tests.factories import post_quote

KeyHeaders = Callable[[str], dict[str, str]]
ROLES = ("reader", "writer", "curator", "admin")


def _outlet(client: TestClient, auth: dict[str, str]) -> int:
    r = client.post(
        "/v1/outlets", json={"name": "Gazette", "domain": "gazette.example"}, headers=auth
    )
    return int(r.json()["id"])


def _two_quotes(client: TestClient, auth: dict[str, str]) -> tuple[int, int]:
    a = post_quote(client, auth, text="Nothing was agreed at the summit today.")
    b = post_quote(client, auth, text="Everyone left the table before dinner was served.")
    return a.json()["quote"]["id"], b.json()["quote"]["id"]


Call = Callable[[TestClient, dict[str, str], dict[str, str]], int]


def _create(c: TestClient, key: dict[str, str], _admin: dict[str, str]) -> int:
    return c.post("/v1/outlets", json={"name": "New Outlet"}, headers=key).status_code


def _edit(c: TestClient, key: dict[str, str], admin: dict[str, str]) -> int:
    quote_id, _ = _two_quotes(c, admin)
    return c.patch(f"/v1/quotes/{quote_id}", json={"kind": "indirect"}, headers=key).status_code


def _delete(c: TestClient, key: dict[str, str], admin: dict[str, str]) -> int:
    return c.delete(f"/v1/outlets/{_outlet(c, admin)}", headers=key).status_code


def _merge(c: TestClient, key: dict[str, str], admin: dict[str, str]) -> int:
    a, b = _two_quotes(c, admin)
    return c.post(f"/v1/quotes/{a}/merge", json={"other_id": b}, headers=key).status_code


def _manage_keys(c: TestClient, key: dict[str, str], _admin: dict[str, str]) -> int:
    return c.get("/v1/keys", headers=key).status_code


# One representative route per class of action: the least role it needs, its success code.
ACTIONS: dict[str, tuple[str, int, Call]] = {
    "create": ("writer", 201, _create),
    "edit": ("writer", 200, _edit),
    "delete": ("curator", 204, _delete),
    "merge": ("curator", 201, _merge),
    "manage keys": ("admin", 200, _manage_keys),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_its_actions_and_those_below(
    client: TestClient, auth: dict[str, str], key_headers: KeyHeaders, role: str, action: str
) -> None:
    needed, ok, call = ACTIONS[action]
    status = call(client, key_headers(role), auth)
    if ROLES.index(role) >= ROLES.index(needed):
        assert status == ok
    else:
        assert status == 403


def test_too_small_a_role_is_403_naming_the_role_needed(
    client: TestClient, auth: dict[str, str], key_headers: KeyHeaders
) -> None:
    outlet_id = _outlet(client, auth)
    r = client.delete(f"/v1/outlets/{outlet_id}", headers=key_headers("writer"))
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"] == "this action needs the curator role"
    assert client.get(f"/v1/outlets/{outlet_id}").status_code == 200  # nothing deleted


def test_reader_key_reads_closed_api_but_cannot_write(
    settings: Settings, engine: Engine, key_headers: KeyHeaders
) -> None:
    closed = TestClient(
        create_app(settings.model_copy(update={"read_requires_key": True}), engine=engine)
    )
    reader = key_headers("reader")
    assert closed.get("/v1/quotes").status_code == 401
    assert closed.get("/v1/quotes", headers=reader).status_code == 200
    r = closed.post("/v1/outlets", json={"name": "Nope"}, headers=reader)
    assert r.status_code == 403 and r.json()["detail"] == "this action needs the writer role"


def _expire(engine: Engine, name: str) -> None:
    with Session(writer(engine)) as s:
        row = s.exec(select(ApiKey).where(ApiKey.name == name)).one()
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        s.add(row)
        s.commit()


def _revoke(engine: Engine, name: str) -> None:
    with Session(writer(engine)) as s:
        revoke_key(s, name=name)
        s.commit()


@pytest.mark.parametrize("spoil", [_expire, _revoke])
def test_expired_and_revoked_keys_get_one_generic_403(
    client: TestClient, engine: Engine, spoil: Callable[[Engine, str], None]
) -> None:
    with Session(writer(engine)) as s:
        _, secret = create_key(
            s,
            name="Jane Roe",
            role="admin",
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
        )
        s.commit()
    key = {"Authorization": f"Bearer {secret}"}
    assert client.post("/v1/outlets", json={"name": "Before"}, headers=key).status_code == 201
    spoil(engine, "Jane Roe")
    r = client.post("/v1/outlets", json={"name": "After"}, headers=key)
    unknown = client.post(
        "/v1/outlets", json={"name": "After"}, headers={"Authorization": "Bearer qk_x"}
    )
    assert r.status_code == unknown.status_code == 403
    assert r.json()["detail"] == unknown.json()["detail"] == "this key is not valid"
    assert "Jane" not in r.text


def test_missing_key_is_still_401(client: TestClient) -> None:
    r = client.delete("/v1/outlets/1")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_admin_creates_lists_and_revokes_keys(client: TestClient, auth: dict[str, str]) -> None:
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(days=90)).isoformat()
    r = client.post(
        "/v1/keys", json={"name": "bob", "role": "curator", "expires_at": until}, headers=auth
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["role"] == "curator" and created["secret"].startswith(created["prefix"])
    bob = {"Authorization": f"Bearer {created['secret']}"}
    outlet_id = _outlet(client, auth)
    assert client.delete(f"/v1/outlets/{outlet_id}", headers=bob).status_code == 204
    assert client.get("/v1/keys", headers=bob).status_code == 403  # a curator is no admin
    listed = client.get("/v1/keys", headers=auth).json()
    assert [k["name"] for k in listed][-1] == "bob"
    assert all("secret" not in k and "key_hash" not in k for k in listed)
    assert client.delete("/v1/keys/bob", headers=auth).status_code == 204
    assert client.post("/v1/outlets", json={"name": "Late"}, headers=bob).status_code == 403
    assert client.delete("/v1/keys/nobody", headers=auth).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "x", "role": "owner"}, 422, "role"),
        ({"name": "x", "expires_at": "2001-01-01T00:00:00Z"}, 422, "expires_at"),
        ({"name": ""}, 422, "name"),
    ],
)
def test_key_creation_refuses_bad_role_expiry_or_name(
    client: TestClient, auth: dict[str, str], body: dict[str, str], status: int, field: str
) -> None:
    r = client.post("/v1/keys", json=body, headers=auth)
    assert r.status_code == status
    assert field in {e["field"] for e in r.json()["errors"]}


def test_key_names_are_unique(client: TestClient, auth: dict[str, str]) -> None:
    assert client.post("/v1/keys", json={"name": "twin"}, headers=auth).json()["role"] == "writer"
    assert client.post("/v1/keys", json={"name": "twin"}, headers=auth).status_code == 409


def test_openapi_declares_the_bearer_scheme_and_each_route_its_role(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["ApiKey"]["type"] == "http"
    assert spec["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    paths = spec["paths"]
    assert paths["/v1/quotes"]["post"]["security"] == [{"ApiKey": ["writer"]}]
    assert paths["/v1/articles"]["post"]["security"] == [{"ApiKey": ["writer"]}]
    assert paths["/v1/outlets/{outlet_id}"]["delete"]["security"] == [{"ApiKey": ["curator"]}]
    assert paths["/v1/quotes/{quote_id}/merge"]["post"]["security"] == [{"ApiKey": ["curator"]}]
    assert paths["/v1/keys"]["get"]["security"] == [{"ApiKey": ["admin"]}]
    assert "security" not in paths["/v1/quotes"]["get"]  # reads are open by default


def test_healthz_names_the_database_to_admins_only(
    client: TestClient, auth: dict[str, str], key_headers: KeyHeaders
) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/healthz", headers=key_headers("curator")).json() == {"status": "ok"}
    assert client.get("/healthz", headers={"Authorization": "Bearer qk_x"}).json() == {
        "status": "ok"
    }
    detailed = client.get("/healthz", headers=auth).json()
    assert detailed["status"] == "ok" and {"database", "version"} <= set(detailed)


def test_upgrade_makes_existing_keys_curators_and_new_ones_writers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "f104ecdea0df")  # the revision before roles
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO api_key (name, prefix, key_hash, created_at) "
                "VALUES ('old', 'qk_old', :h, '2026-01-01 00:00:00')"
            ),
            {"h": "0" * 64},
        )
    upgrade(url)
    with Session(writer(engine)) as s:
        create_key(s, name="new")
        s.commit()
        roles = {k.name: k.role for k in s.exec(select(ApiKey))}
    engine.dispose()
    assert roles == {"old": "curator", "new": "writer"}
