"""Writes need a live API key; reads are open unless the setting closes them."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.main import create_app
from quotes.config import Settings
from quotes.db import writer
from quotes.services.keys import revoke_key
from tests.factories import quote_body


def test_write_without_key_is_401(client: TestClient) -> None:
    r = client.post("/v1/quotes", json=quote_body())
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.headers["content-type"].startswith("application/problem+json")


def test_write_with_unknown_key_is_403(client: TestClient) -> None:
    r = client.post("/v1/quotes", json=quote_body(), headers={"Authorization": "Bearer qk_nope"})
    assert r.status_code == 403


def test_revoked_key_is_403(client: TestClient, engine: Engine, auth: dict[str, str]) -> None:
    assert client.post("/v1/quotes", json=quote_body(), headers=auth).status_code == 201
    with Session(writer(engine)) as s:
        from quotes.models import ApiKey

        name = s.query(ApiKey).one().name
        revoke_key(s, name=name)
        s.commit()
    r = client.post("/v1/quotes", json=quote_body(text="Another one entirely"), headers=auth)
    assert r.status_code == 403 and r.json()["detail"] == "this key is not valid"


def test_keys_are_stored_hashed(engine: Engine, api_key: str) -> None:
    with Session(engine) as s:
        from quotes.models import ApiKey

        row = s.query(ApiKey).one()
    assert api_key not in (row.key_hash, row.prefix) and len(row.key_hash) == 64


def test_reads_open_by_default_and_closable(
    settings: Settings, engine: Engine, auth: dict[str, str]
) -> None:
    open_client = TestClient(create_app(settings, engine=engine))
    assert open_client.get("/v1/quotes").status_code == 200
    closed = TestClient(
        create_app(settings.model_copy(update={"read_requires_key": True}), engine=engine)
    )
    assert closed.get("/v1/quotes").status_code == 401
    assert closed.get("/v1/quotes", headers=auth).status_code == 200
    assert closed.get("/healthz").status_code == 200
