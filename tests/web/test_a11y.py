"""Accessibility: axe-core finds no serious or critical violation; the keyboard reaches all."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from tests.web.conftest import Live, axe_report, click_and_wait, serious_violations
from tests.web.world import World

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

PAGES: dict[str, Callable[[World], str]] = {
    "check": lambda w: "/",
    "check-verdict": lambda w: (
        "/?q=no+such+thing+as+loyalty+when+it+comes+to+Moscow&speaker=Aleksander+Lukashenko"
    ),
    "check-bad-date": lambda w: "/?q=Sanctions+are+a+slow+poison&date=2024-02-30",
    "article-form": lambda w: "/articles/new",
    "review": lambda w: "/review",
    "quote": lambda w: f"/quotes/{w.timeline_quote}",
    "quote-citation": lambda w: f"/quotes/{w.timeline_quote}/cite",
    "quote-in-arabic": lambda w: f"/quotes/{w.unicode_quotes['ar']}",
    "quote-with-markup": lambda w: f"/quotes/{w.xss_quote}",
    "speaker": lambda w: f"/speakers/{w.vance}",
    "outlet": lambda w: f"/outlets/{w.ledger}",
    "signin": lambda w: "/signin",
    "not-found": lambda w: "/quotes/424242",
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_axe_finds_no_serious_violation(
    browser: WebDriver, live: Live, axe_source: str, page: str
) -> None:
    browser.get(live.url + PAGES[page](live.world))
    serious = serious_violations(browser, axe_source)
    assert not serious, axe_report(serious)


def test_axe_finds_no_serious_violation_with_the_citation_styles_open(
    browser: WebDriver, live: Live, axe_source: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live.url + PAGES["check-verdict"](live.world))
    browser.find_element(By.CSS_SELECTOR, "details.cite-styles > summary").click()
    WebDriverWait(browser, 10, poll_frequency=0.02).until(
        lambda d: d.find_elements(By.ID, "cite-chicago")
    )
    serious = serious_violations(browser, axe_source)
    assert not serious, axe_report(serious)


def test_axe_finds_no_serious_violation_when_signed_in(
    browser: WebDriver, live: Live, axe_source: str
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/signin?next=/quotes/{live.world.timeline_quote}")
    browser.find_element(By.ID, "key").send_keys("qk_wrong")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    serious = serious_violations(browser, axe_source)  # the form with its error
    assert not serious, axe_report(serious)
    browser.find_element(By.ID, "key").send_keys(live.key("writer"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    assert "Sign out" in browser.find_element(By.TAG_NAME, "header").text
    serious = serious_violations(browser, axe_source)
    assert not serious, axe_report(serious)


def _tab(browser: WebDriver) -> Any:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(browser).send_keys(Keys.TAB).perform()
    return browser.switch_to.active_element


def test_skip_link_comes_first_shows_and_jumps_to_the_content(
    browser: WebDriver, live: Live
) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{live.url}/quotes/{live.world.timeline_quote}")
    skip = _tab(browser)
    assert skip.text == "Skip to main content" and skip.is_displayed()
    assert skip.location["y"] >= 0  # moved into view when focused
    outline = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth]", skip
    )
    assert outline[0] != "none" and float(outline[1].rstrip("px")) >= 2  # visible focus
    skip.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.activeElement.id") == "main"
    after = _tab(browser)
    assert after.text == "Nora Vance"  # the first control of the content, not the nav


def test_every_control_is_reached_with_tab_and_shows_focus(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/quotes/{live.world.timeline_quote}")
    controls = browser.find_elements(By.CSS_SELECTOR, "a[href], button:not([hidden])")
    expected = {c.id for c in controls if c.is_displayed()}
    reached: dict[str, Any] = {}
    for _ in range(len(controls) + 5):
        element = _tab(browser)
        if element.id in reached or element.tag_name == "body":  # past the last control
            break
        reached[element.id] = element
        style = browser.execute_script(
            "return getComputedStyle(arguments[0]).outlineStyle", element
        )
        assert style != "none", element.get_attribute("outerHTML")
    assert expected <= set(reached), [
        c.get_attribute("outerHTML") for c in controls if c.id not in reached
    ]
    names = [e.text for e in reached.values()]
    for label in ("Check", "Review", "Add article", "API docs", "Sign in", "Copy citation"):
        assert label in names, names


def test_axe_reports_what_it_finds(browser: WebDriver, axe_source: str) -> None:
    # The check above is only worth something if axe runs: a page with known faults.
    browser.get("data:text/html,<html><title>t</title><img src='data:,'></html>")
    found = {v["id"] for v in serious_violations(browser, axe_source)}
    assert {"html-has-lang", "image-alt"} <= found, found
