"""Signing in to the pages with an API key, signing out, and guarded forms (session, CSRF)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api.main import create_app
from api.web.session import SESSION_COOKIE
from quotes.config import Settings
from quotes.db import writer
from quotes.models import ApiKey
from quotes.services.keys import create_key, revoke_key
from tests.web.conftest import SQLITE_ONLY, Live, click_and_wait, probe

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


# ---- in the browser --------------------------------------------------------------------------


def _sign_in(browser: WebDriver, secret: str) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.ID, "key").send_keys(secret)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def test_sign_in_with_a_key_and_out(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    secret = live.key("writer")
    browser.get(f"{live.url}/quotes/{live.world.timeline_quote}")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in"))
    _sign_in(browser, secret)
    assert browser.current_url == f"{live.url}/"
    nav = browser.find_element(By.CSS_SELECTOR, "header nav").text
    assert re.search(r"Signed in as web-writer-\d+ \(writer\)", nav) and "Sign out" in nav

    cookie = browser.get_cookie(SESSION_COOKIE)
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert secret not in cookie["value"]
    assert browser.execute_script("return document.cookie") == ""  # out of reach of scripts

    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Sign out']"))
    nav = browser.find_element(By.CSS_SELECTOR, "header nav").text
    assert "Sign in" in nav and "Signed in" not in nav


def test_write_form_without_a_session_sends_to_sign_in_and_back(
    browser: WebDriver, live: Live
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/test/write")
    click_and_wait(browser, browser.find_element(By.ID, "write"))
    assert browser.current_url == f"{live.url}/signin?next=%2Ftest%2Fwrite"
    assert browser.find_elements(By.ID, "done") == []
    _sign_in(browser, live.key("writer"))
    assert browser.current_url == f"{live.url}/test/write"
    click_and_wait(browser, browser.find_element(By.ID, "write"))
    assert browser.find_element(By.ID, "done").text.startswith("written by web-writer-")


def test_write_form_with_a_wrong_csrf_token_is_refused(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/signin?next=/test/write")
    _sign_in(browser, live.key("writer"))
    browser.execute_script(
        "document.querySelector('input[name=csrf_token]').value = 'forged-by-another-site'"
    )
    click_and_wait(browser, browser.find_element(By.ID, "write"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Form refused"
    assert browser.find_elements(By.ID, "done") == []


def test_a_wrong_key_shows_the_form_again_with_the_reason(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/signin")
    _sign_in(browser, "qk_not-a-key")
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert alert.text == "This key is not valid."
    field = browser.find_element(By.ID, "key")
    assert field.get_attribute("aria-invalid") == "true"
    assert "Sign in" in browser.find_element(By.CSS_SELECTOR, "header nav").text


# ---- the protocol, through TestClient --------------------------------------------------------


@pytest.fixture
def web(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A client of the app with the probe write form (see conftest)."""
    app = create_app(
        settings.model_copy(update={"session_secret": SecretStr("x" * 40)}), engine=engine
    )
    app.include_router(probe)
    with TestClient(app) as c:
        yield c


def _key(engine: Engine, role: str, **kwargs: object) -> str:
    with Session(writer(engine)) as s:
        _, secret = create_key(s, name=f"{role}-signin", role=role, **kwargs)  # type: ignore[arg-type]
        s.commit()
    return secret


def _token(client: TestClient, path: str = "/signin") -> str:
    found = _CSRF_RE.search(client.get(path).text)
    assert found is not None
    return found.group(1)


def _signed_in(client: TestClient, secret: str) -> None:
    r = client.post(
        "/signin",
        data={"key": secret, "csrf_token": _token(client), "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


@SQLITE_ONLY
def test_session_cookie_holds_the_key_name_and_role_only(web: TestClient, engine: Engine) -> None:
    secret = _key(engine, "writer")
    _token(web)
    r = web.post(
        "/signin",
        data={"key": secret, "csrf_token": _token(web), "next": "/"},
        follow_redirects=False,
    )
    header = r.headers["set-cookie"]
    assert header.startswith(f"{SESSION_COOKIE}=") and "httponly" in header.lower()
    assert "samesite=lax" in header.lower() and "path=/" in header.lower()
    payload = web.cookies[SESSION_COOKIE].split(".")[0]
    data = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(data) == {"key_id", "key_name", "role", "csrf"} and data["role"] == "writer"
    assert secret not in json.dumps(data)


@SQLITE_ONLY
def test_signin_without_its_csrf_token_is_refused(web: TestClient, engine: Engine) -> None:
    r = web.post("/signin", data={"key": _key(engine, "writer")})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert "Form refused" in r.text


@SQLITE_ONLY
def test_signout_needs_the_csrf_token(web: TestClient, engine: Engine) -> None:
    _signed_in(web, _key(engine, "writer"))
    r = web.post("/signout", data={"csrf_token": "guess"})
    assert r.status_code == 403
    assert "Sign out" in web.get("/").text  # still signed in
    r = web.post("/signout", data={"csrf_token": _token(web, "/")}, follow_redirects=False)
    assert r.status_code == 303 and "Sign out" not in web.get("/").text


def test_the_session_ends_when_its_key_is_revoked(web: TestClient, engine: Engine) -> None:
    _signed_in(web, _key(engine, "writer"))
    token = _token(web, "/test/write")
    with Session(writer(engine)) as s:
        revoke_key(s, name="writer-signin")
        s.commit()
    assert "Sign out" not in web.get("/").text
    r = web.post("/test/write", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/signin?next=%2Ftest%2Fwrite"


@SQLITE_ONLY
def test_an_expired_key_cannot_sign_in(web: TestClient, engine: Engine) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    secret = _key(engine, "writer", expires_at=soon)
    with Session(writer(engine)) as s:  # let it expire without waiting
        row = s.exec(select(ApiKey).where(ApiKey.name == "writer-signin")).one()
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        s.add(row)
        s.commit()
    r = web.post("/signin", data={"key": secret, "csrf_token": _token(web)})
    assert r.status_code == 400 and "This key is not valid." in r.text


@SQLITE_ONLY
def test_a_reader_may_not_send_write_forms(web: TestClient, engine: Engine) -> None:
    _signed_in(web, _key(engine, "reader"))
    r = web.post("/test/write", data={"csrf_token": _token(web, "/test/write")})
    assert r.status_code == 403 and "needs the writer role" in r.text


@SQLITE_ONLY
@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_sign_in_never_sends_to_another_site(web: TestClient, engine: Engine, target: str) -> None:
    r = web.post(
        "/signin",
        data={"key": _key(engine, "writer"), "csrf_token": _token(web), "next": target},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_closed_reads_send_pages_to_sign_in_and_open_docs_to_the_session(
    settings: Settings, engine: Engine
) -> None:
    closed = settings.model_copy(
        update={"read_requires_key": True, "session_secret": SecretStr("y" * 40)}
    )
    with TestClient(create_app(closed, engine=engine)) as c:
        r = c.get("/speakers/1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/signin?next=%2Fspeakers%2F1"
        assert c.get("/docs").status_code == 401  # no session, no key
        assert c.get("/signin").status_code == 200 and c.get("/static/app.css").status_code == 200
        _signed_in(c, _key(engine, "reader"))
        assert c.get("/speakers/424242").status_code == 404  # read, and not found
        assert c.get("/docs").status_code == 200 and c.get("/openapi.json").status_code == 200
