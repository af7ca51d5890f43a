"""Fixtures of the page tests: a live server on a SQLite world, and one headless Chromium.

The browser tests share one server (`live`, a uvicorn thread on a free loopback port) and one
browser (`browser`, Debian's chromium driven by Selenium through chromedriver) for the whole
session, which keeps them fast; each test starts with the browser's cookies cleared. Without
chromium, chromedriver or selenium the browser tests skip saying why; under CI=true they fail.
axe-core (for test_a11y) is the npm package, installed by .ci/run into .venv/axe (see AXE_JS).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.main import create_app
from api.web.auth import FormWriter
from api.web.session import csrf_token
from quotes.config import Settings
from quotes.db import make_engine, writer
from quotes.services.keys import create_key
from quotes.testing import free_port
from tests.conftest import IN_CI
from tests.web.world import World, build_world

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("QUOTES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = (
    os.environ.get("QUOTES_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
)
AXE_JS = Path(
    os.environ.get("QUOTES_AXE_JS") or ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"
)
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
]
_names = itertools.count()
# For tests of HTML and protocol that no SQL differs in: the fresh database is SQLite only.
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def unavailable(reason: str) -> None:
    """Skip the test for a missing tool, or fail it under CI=true (where it must run)."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


# A form that changes nothing, guarded as every real write form is: the sign-in and CSRF tests
# post it. Only the test server has it.
probe = APIRouter(include_in_schema=False)


@probe.get("/test/write")
def probe_form(request: Request) -> HTMLResponse:
    token = csrf_token(request)
    return HTMLResponse(
        '<!doctype html><html lang="en"><title>probe</title><main>'
        '<form method="post" action="/test/write">'
        f'<input type="hidden" name="csrf_token" value="{token}">'
        '<button type="submit" id="write">Write</button></form></main></html>'
    )


@probe.post("/test/write")
def probe_write(user: FormWriter) -> HTMLResponse:
    return HTMLResponse(f'<!doctype html><html lang="en"><p id="done">written by {user.name}</p>')


@dataclass(frozen=True)
class Live:
    """The running test server: its address, its database, and what is stored."""

    url: str
    engine: Engine
    world: World

    def key(self, role: str = "writer", *, expires_at: dt.datetime | None = None) -> str:
        """Create a live key with role; return its secret."""
        with Session(writer(self.engine)) as s:
            _, secret = create_key(
                s, name=f"web-{role}-{next(_names)}", role=role, expires_at=expires_at
            )
            s.commit()
        return secret


@pytest.fixture(scope="session")
def live(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app on a SQLite copy holding the page world, served by uvicorn in a thread."""
    path = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(sqlite_template, path)
    settings = Settings(database_url=f"sqlite:///{path}", session_secret="test-" + "s" * 40)
    engine = make_engine(settings.database_url)
    world = build_world(engine)
    app = create_app(settings, engine=engine)
    app.include_router(probe)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield Live(url=f"http://127.0.0.1:{port}", engine=engine, world=world)
    server.should_exit = True
    thread.join(timeout=20)
    engine.dispose()


@pytest.fixture(scope="session")
def _driver() -> Iterator[WebDriver]:
    """One headless Chromium for the session (starting one costs about two seconds)."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed (pip install -e '.[test]')")
    for tool, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not os.access(path, os.X_OK):
            unavailable(f"{tool} not found at {path} (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="quotes-chromium-")
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    try:
        # An explicit driver path: Selenium Manager is not run, so nothing is downloaded.
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as exc:
        unavailable(f"chromium did not start: {exc.msg}")
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def world(engine: Engine) -> World:
    """The page world in the test's fresh database (for TestClient tests: SQLite, PostgreSQL)."""
    return build_world(engine)


@pytest.fixture
def browser(_driver: WebDriver, live: Live) -> WebDriver:
    """The session's browser with no cookies: every test starts signed out."""
    _driver.get(f"{live.url}/static/app.css")  # cookies are per site: be on it to clear them
    _driver.delete_all_cookies()
    return _driver


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script (npm package axe-core), read once."""
    if not AXE_JS.is_file():
        unavailable(
            f"axe-core not found at {AXE_JS} (npm install --prefix .venv/axe axe-core@4.14.1)"
        )
    return AXE_JS.read_text("utf-8")


def click_and_wait(driver: WebDriver, element: Any, timeout: float = 10) -> None:
    """Click element and wait until the page it leads to has replaced this one and loaded."""
    wait_for_page(driver, element.click, timeout)


def wait_for_page(driver: WebDriver, action: Callable[[], Any], timeout: float = 10) -> None:
    """Do action (a click, a key press) and wait until the page it leads to has loaded.

    The old page is marked in its window object, which a new page does not have; polling an
    old element for staleness instead races with chromedriver's own errors mid-navigation.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def arrived(d: WebDriver) -> bool:
        try:
            return bool(
                d.execute_script("return !window.__leaving && document.readyState === 'complete'")
            )
        except WebDriverException:  # between two documents
            return False

    driver.execute_script("window.__leaving = true")
    action()
    WebDriverWait(driver, timeout, poll_frequency=0.02).until(arrived)


def sign_in(driver: WebDriver, live: Live, role: str = "writer", *, next: str = "/") -> None:
    """Sign in through the sign-in form with a new key of role; land on next."""
    from urllib.parse import quote

    from selenium.webdriver.common.by import By

    driver.get(f"{live.url}/signin?next={quote(next)}")
    driver.find_element(By.ID, "key").send_keys(live.key(role))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def run_axe(driver: WebDriver, source: str) -> list[dict[str, Any]]:
    """Run axe-core on the page the browser shows; return its violations (WCAG 2.x A and AA)."""
    driver.execute_script(source)
    result: dict[str, Any] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
        ".then(done, (error) => done({violations: [{id: 'axe-error', impact: 'critical', "
        "help: String(error), nodes: []}]}));"
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def _serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def axe_report(violations: list[dict[str, Any]]) -> str:
    """Say what axe found, a line per violation with its first places."""
    lines = []
    for v in violations:
        targets = [", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:3]]
        lines.append(f"{v['impact']}: {v['id']}: {v['help']} at {targets}")
    return "\n".join(lines)


def serious_violations(driver: WebDriver, source: str) -> list[dict[str, Any]]:
    """Run axe on the page the browser shows; return its serious and critical violations."""
    return _serious(run_axe(driver, source))
