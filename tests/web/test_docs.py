"""/docs and /redoc work offline: every file they load is served by the app itself."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import SQLITE_ONLY, Live

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

_ASSET_RE = re.compile(r'(?:src|href|spec-url)="([^"]+)"')
_URL_RE = re.compile(r"\b(?:https?:)?//[\w.-]+", re.IGNORECASE)


@SQLITE_ONLY
@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_load_nothing_from_another_host(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert _URL_RE.findall(r.text) == [], "the page names another host"
    assets = _ASSET_RE.findall(r.text)
    assert any(a.endswith(".js") for a in assets), assets
    for asset in assets:
        got = client.get(asset)
        assert got.status_code == 200, asset
        if asset.endswith(".js"):
            assert got.headers["content-type"].startswith(
                ("text/javascript", "application/javascript")
            )


@SQLITE_ONLY
def test_swagger_ui_is_told_not_to_call_the_online_validator(client: TestClient) -> None:
    assert '"validatorUrl": null' in client.get("/docs").text


@SQLITE_ONLY
def test_swagger_oauth2_redirect_page_is_served(client: TestClient) -> None:
    r = client.get("/docs/oauth2-redirect")
    assert r.status_code == 200 and "oauth2" in r.text.lower()


@pytest.mark.parametrize(("path", "ready"), [("/docs", ".opblock-tag"), ("/redoc", "redoc h1")])
def test_docs_render_in_the_browser_from_this_site_only(
    browser: WebDriver, live: Live, path: str, ready: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live.url + path)
    located = expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ready))
    WebDriverWait(browser, 15, poll_frequency=0.05).until(located)
    loaded = dict(
        browser.execute_script(
            "return performance.getEntriesByType('resource').map((e) => [e.name, e.responseStatus])"
        )
    )
    assert loaded.get(f"{live.url}/openapi.json") == 200, loaded
    # ReDoc's sidebar names a logo on cdn.redoc.ly: the docs CSP blocks it (status 0, no bytes).
    fetched = {name for name, status in loaded.items() if status}
    assert all(name.startswith(live.url) for name in fetched), loaded
