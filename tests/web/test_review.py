"""The review page: a curator accepts, rejects, splits and undoes; everyone else only reads."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from quotes.db import writer
from quotes.models import Quote
from quotes.services.keys import create_key
from quotes.services.suggestions import get_suggestion
from tests.web.conftest import (
    SQLITE_ONLY,
    Live,
    axe_report,
    click_and_wait,
    serious_violations,
    sign_in,
)
from tests.web.world import CONFLICT, World

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _button(browser: WebDriver, scope: str, text: str) -> object:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, scope).find_element(
        By.XPATH, f".//button[starts-with(normalize-space(.), '{text}')]"
    )


def _listed(browser: WebDriver, prefix: str) -> list[str]:
    from selenium.webdriver.common.by import By

    found = browser.find_elements(By.CSS_SELECTOR, f"article[id^={prefix}-]")
    return [e.get_attribute("id") or "" for e in found]


# ---- in the browser --------------------------------------------------------------------------


def test_curator_accepts_a_suggestion_and_undoes_it(
    browser: WebDriver, live: Live, axe_source: str
) -> None:
    from selenium.webdriver.common.by import By

    ident = live.world.suggestions[0]
    sign_in(browser, live, "curator", next="/review")
    assert f"suggestion-{ident}" in _listed(browser, "suggestion")
    pair = browser.find_element(By.ID, f"suggestion-{ident}")
    assert "Older, kept" in pair.text and "Eduard Arakelyan" in pair.text
    assert "with devastating effect" in pair.find_element(By.CSS_SELECTOR, ".side del").text

    click_and_wait(browser, _button(browser, f"#suggestion-{ident}", "Accept"))
    assert re.fullmatch(rf"{live.url}/review\?done=\d+", browser.current_url)
    done = browser.find_element(By.ID, "done").text
    assert re.search(r"Quote \d+ was merged into quote \d+ by web-curator-\d+ at ", done), done
    assert f"suggestion-{ident}" not in _listed(browser, "suggestion")
    serious = serious_violations(browser, axe_source)  # the curator's page, with its banner
    assert not serious, axe_report(serious)

    click_and_wait(browser, _button(browser, "#done", "Undo"))
    assert re.fullmatch(rf"{live.url}/review\?undone=\d+", browser.current_url)
    assert browser.find_element(By.ID, "undone").text.startswith("Undone: Quote")
    assert f"suggestion-{ident}" in _listed(browser, "suggestion")  # back in the queue


def test_curator_rejects_a_suggestion_and_undoes_it(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    ident = live.world.suggestions[1]
    sign_in(browser, live, "curator", next="/review")
    click_and_wait(browser, _button(browser, f"#suggestion-{ident}", "Reject"))
    assert browser.current_url == f"{live.url}/review?rejected={ident}"
    assert "will not be suggested or merged again" in browser.find_element(By.ID, "rejected").text
    assert f"suggestion-{ident}" not in _listed(browser, "suggestion")
    with Session(live.engine) as s:
        decided = get_suggestion(s, ident)
    assert decided.status == "rejected" and (decided.decided_by or "").startswith("web-curator-")

    click_and_wait(browser, _button(browser, "#rejected", "Undo"))  # a rejection is undoable too
    assert "back in the queue" in browser.find_element(By.ID, "reopened").text
    assert f"suggestion-{ident}" in _listed(browser, "suggestion")
    with Session(live.engine) as s:
        assert get_suggestion(s, ident).status == "pending"


def test_curator_splits_a_misattribution_off_and_undoes_it(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    quote = live.world.conflict_quote
    sign_in(browser, live, "curator", next="/review")
    conflict = browser.find_element(By.ID, f"conflict-{quote}")
    assert CONFLICT in conflict.text and "Piet Halvorsen" in conflict.text
    click_and_wait(browser, _button(browser, f"#conflict-{quote}", "Split off the 1 naming Piet"))
    done = browser.find_element(By.ID, "done").text
    assert f"1 appearance of quote {quote} was split off into quote" in done
    assert f"conflict-{quote}" not in _listed(browser, "conflict")
    with Session(live.engine) as s:
        assert not s.get(Quote, quote).speaker_conflict  # type: ignore[union-attr]

    click_and_wait(browser, _button(browser, "#done", "Undo"))
    assert f"conflict-{quote}" in _listed(browser, "conflict")  # as the other tests know it


# ---- the HTML, through TestClient ------------------------------------------------------------


def _signed_in(client: TestClient, engine: Engine, role: str) -> str:
    """Sign the client in with a new key of role; return the session's CSRF token."""
    with Session(writer(engine)) as s:
        _, secret = create_key(s, name=f"{role}-review", role=role)  # type: ignore[arg-type]
        s.commit()
    token = _CSRF_RE.search(client.get("/signin").text)
    assert token is not None
    data = {"key": secret, "csrf_token": token.group(1), "next": "/review"}
    r = client.post("/signin", data=data)
    found = _CSRF_RE.search(r.text)
    assert r.status_code == 200 and found is not None
    return found.group(1)


@SQLITE_ONLY
def test_review_lists_pairs_and_conflicts_and_anyone_may_read_it(
    client: TestClient, world: World
) -> None:
    r = client.get("/review")
    assert r.status_code == 200
    for ident in world.suggestions:
        assert f'id="suggestion-{ident}"' in r.text
    assert f'id="conflict-{world.conflict_quote}"' in r.text
    assert "<form" not in r.text.split('id="main"')[1]  # no buttons for a reader
    assert "sign in</a> with a curator’s key" in r.text
    for odd in ("99999999999999999999", "x", "424242"):  # a banner that is not one: no banner
        r = client.get("/review", params={"done": odd, "undone": odd})
        assert r.status_code == 200 and 'role="status"' not in r.text


@SQLITE_ONLY
def test_review_actions_need_a_curator(client: TestClient, world: World, engine: Engine) -> None:
    ident = world.suggestions[0]
    r = client.post(f"/review/suggestions/{ident}/accept", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/signin?next=%2Freview%2Fsuggestions%2F{ident}%2Faccept"
    # after signing in, the sign-in form sends to that action's GET: back to the page
    again = client.get(f"/review/suggestions/{ident}/accept", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/review"
    token = _signed_in(client, engine, "writer")
    r = client.post(f"/review/suggestions/{ident}/accept", data={"csrf_token": token})
    assert r.status_code == 403 and "needs the curator role" in r.text
    with Session(engine) as s:
        assert get_suggestion(s, ident).status == "pending"


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("path", "data", "status", "says"),
    [
        ("/review/suggestions/424242/accept", {}, 404, "Suggestion 424242 does not exist."),
        ("/review/events/424242/undo", {}, 404, "Event 424242 does not exist."),
        ("/review/conflicts/{quote}/merge", {"other_id": "{quote}"}, 422, "cannot be merged"),
        ("/review/conflicts/{quote}/merge", {"other_id": "x"}, 404, "is not the number"),
        ("/review/conflicts/{quote}/split", {"speaker_id": "424242"}, 422, "names speaker"),
    ],
)
def test_a_refused_action_says_why_on_a_page(
    client: TestClient,
    world: World,
    engine: Engine,
    path: str,
    data: dict[str, str],
    status: int,
    says: str,
) -> None:
    token = _signed_in(client, engine, "curator")
    quote = str(world.conflict_quote)
    filled = {k: v.replace("{quote}", quote) for k, v in data.items()}
    r = client.post(path.replace("{quote}", quote), data={"csrf_token": token, **filled})
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert says in r.text


@SQLITE_ONLY
def test_a_decided_suggestion_cannot_be_decided_again(
    client: TestClient, world: World, engine: Engine
) -> None:
    token = _signed_in(client, engine, "curator")
    ident = world.suggestions[1]
    r = client.post(f"/review/suggestions/{ident}/reject", data={"csrf_token": token})
    assert r.status_code == 200 and "will not be suggested or merged again" in r.text
    r = client.post(f"/review/suggestions/{ident}/accept", data={"csrf_token": token})
    assert r.status_code == 409 and "Could not accept the suggestion" in r.text
    assert "was already rejected by curator-review" in r.text
