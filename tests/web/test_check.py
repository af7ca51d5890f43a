"""The check page (GET /): the verdict on a claimed quote, in a real browser and as HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import SQLITE_ONLY, Live, click_and_wait, wait_for_page
from tests.web.world import CONFLICT, XSS_TEXT, World

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

SEED = "no such thing as loyalty when it comes to Moscow"
NOWHERE = "The harbour cranes will be painted orange before the regatta"
VERDICTS = {
    "confirmed": {"q": SEED, "speaker": "Ivana Stradner"},
    "attributed-elsewhere": {"q": SEED, "speaker": "Aleksander Lukashenko"},
    "disputed": {"q": CONFLICT},
    "not-found": {"q": NOWHERE},
}


def _check(browser: WebDriver, live: Live, **query: str) -> None:
    browser.get(f"{live.url}/?{urlencode(query)}")


def _verdict(browser: WebDriver) -> tuple[str, str, str]:
    """The verdict box: its class, heading (as a screen reader says it) and lead sentence."""
    from selenium.webdriver.common.by import By

    box = browser.find_element(By.CSS_SELECTOR, "section.verdict")
    return (
        (box.get_attribute("class") or "").split()[-1],
        " ".join((box.find_element(By.TAG_NAME, "h2").get_attribute("textContent") or "").split()),
        box.find_element(By.CSS_SELECTOR, ".verdict-lead").text,
    )


# ---- in the browser --------------------------------------------------------------------------


def test_seed_story_shows_who_said_it_first_where_and_when(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    _check(browser, live, q=SEED)
    kind, heading, lead = _verdict(browser)
    assert (kind, heading) == ("verdict-confirmed", "Verdict: Confirmed")
    assert lead == "These words are in our records, attributed to Ivana Stradner."
    facts = browser.find_element(By.CSS_SELECTOR, "section.verdict dl.facts").text
    assert "Ivana Stradner, a research fellow" in facts
    assert "Politico, 13 June 2024" in facts
    first = browser.find_element(By.CSS_SELECTOR, ".results > li")
    assert first.find_element(By.TAG_NAME, "mark").text == SEED  # inside the longer quote
    assert first.find_element(By.TAG_NAME, "blockquote").text.startswith("There is no such")
    assert "Part of a longer quote" in first.text
    plain = browser.find_element(By.ID, "cite-plain").text
    assert "Stradner" in plain and "Politico" in plain
    assert browser.find_elements(By.ID, "cite-apa") == []  # the styles come when asked
    _open_styles(browser)
    for style in ("apa", "mla", "chicago"):
        citation = browser.find_element(By.ID, f"cite-{style}").text
        assert "Stradner" in citation and "Politico" in citation, style
    button = browser.find_element(By.CSS_SELECTOR, "button[data-copy-target=cite-apa]")
    assert button.is_displayed()


def _open_styles(browser: WebDriver) -> None:
    """Open the check page's citation styles and wait until app.js has loaded them."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    details = browser.find_element(By.CSS_SELECTOR, "details.cite-styles")
    details.find_element(By.TAG_NAME, "summary").click()
    WebDriverWait(browser, 10, poll_frequency=0.02).until(
        lambda _: details.get_attribute("data-cite-state") == "loaded"
    )


def test_citation_styles_load_from_the_keyboard_and_copy(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    _check(browser, live, q=SEED, speaker="Ivana Stradner")
    summary = browser.find_element(By.CSS_SELECTOR, "details.cite-styles > summary")
    browser.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10, poll_frequency=0.02).until(
        lambda d: d.find_elements(By.ID, "cite-chicago")
    )
    assert len(browser.find_elements(By.ID, "cite-plain")) == 1  # the page's own, once
    mla = browser.find_element(By.ID, "cite-mla")
    assert "Stradner" in mla.text and mla.find_element(By.TAG_NAME, "i").text == "Politico"
    button = browser.find_element(By.CSS_SELECTOR, "button[data-copy-target=cite-mla]")
    button.click()
    status = button.find_element(By.XPATH, "ancestor::*[@data-copy-box]//*[@data-copy-status]")
    WebDriverWait(browser, 5, poll_frequency=0.02).until(lambda _: status.text)
    assert status.text.startswith(("Copied to the clipboard.", "Selected: press Ctrl+C"))
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Every citation style")
    assert link.get_attribute("href") == f"{live.url}/quotes/{_seed_quote(browser)}/cite"


def _seed_quote(browser: WebDriver) -> str:
    """The id of the quote the verdict rests on, from its link in the verdict box."""
    from selenium.webdriver.common.by import By

    link = browser.find_element(By.CSS_SELECTOR, "section.verdict a[href*='/quotes/']")
    return (link.get_attribute("href") or "").rsplit("/", 1)[-1]


@pytest.mark.parametrize("verdict", sorted(VERDICTS))
def test_each_verdict_is_shown_in_plain_words(browser: WebDriver, live: Live, verdict: str) -> None:
    from selenium.webdriver.common.by import By

    _check(browser, live, **VERDICTS[verdict])
    kind, heading, lead = _verdict(browser)
    assert kind == f"verdict-{verdict}"
    expected = {
        "confirmed": ("Verdict: Confirmed", "attribute these words to Ivana Stradner, as claimed"),
        "attributed-elsewhere": (
            "Verdict: Attributed elsewhere",
            "attribute these words to Ivana Stradner, not to Aleksander Lukashenko",
        ),
        "disputed": ("Verdict: Disputed", "Our sources disagree on who said these words."),
        "not-found": ("Verdict: Not found", "that is no evidence either way"),
    }[verdict]
    assert heading == expected[0] and expected[1] in lead, lead
    notes = browser.find_elements(By.CSS_SELECTOR, "section.verdict .notes li")
    assert notes, "the notes say why"
    if verdict == "disputed":
        assert "Nora Vance" in notes[0].text and "Piet Halvorsen" in notes[0].text
    if verdict == "not-found":
        assert browser.find_elements(By.ID, "cite-heading") == []  # nothing to cite


def test_a_result_leads_to_its_quote_page(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    _check(browser, live, q="Sanctions are a slow poison", speaker="Piet Halvorsen")
    result = browser.find_element(By.CSS_SELECTOR, ".results > li")
    click_and_wait(browser, result.find_element(By.PARTIAL_LINK_TEXT, "See the quote"))
    assert browser.current_url == f"{live.url}/quotes/{live.world.conflict_quote}"
    assert CONFLICT in browser.find_element(By.CSS_SELECTOR, "blockquote.canonical").text


def test_check_form_is_filled_and_sent_with_the_keyboard_alone(
    browser: WebDriver, live: Live
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def keys(*sent: str) -> None:
        ActionChains(browser).send_keys(*sent).perform()

    browser.get(f"{live.url}/")
    keys(Keys.TAB, Keys.ENTER)  # the skip link, to the content
    keys(Keys.TAB, SEED)
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    keys(Keys.TAB, "Aleksander Lukashenko", Keys.TAB, Keys.TAB, "2024-06-12")
    assert browser.switch_to.active_element.get_attribute("id") == "date"
    wait_for_page(browser, lambda: keys(Keys.ENTER))
    assert browser.current_url.startswith(f"{live.url}/?q=no+such+thing")
    assert _verdict(browser)[1] == "Verdict: Attributed elsewhere"
    notes = browser.find_element(By.CSS_SELECTOR, "section.verdict .notes").text
    assert "2024-06-12 is earlier than the first appearance we have, 2024-06-13" in notes
    # and on to the button: Tab from the date reaches Check, Enter sends the form again
    browser.execute_script("document.getElementById('date').focus()")
    keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Check"


def test_a_date_that_is_no_date_is_shown_at_its_field(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    _check(browser, live, q=SEED, date="13/06/2024")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check a quote"
    field = browser.find_element(By.ID, "date")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("value") == "13/06/2024"  # kept, to correct
    error = browser.find_element(By.ID, "date-error")
    assert "YYYY-MM-DD" in error.text and "date-error" in (
        field.get_attribute("aria-describedby") or ""
    )
    assert browser.find_elements(By.CSS_SELECTOR, "section.verdict") == []


# ---- the HTML, through TestClient ------------------------------------------------------------


@SQLITE_ONLY
def test_check_page_without_words_is_the_form_and_what_it_does(client: TestClient) -> None:
    for params in ({}, {"q": "   ", "speaker": "Nora Vance"}):
        r = client.get("/", params=params)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert 'role="search"' in r.text and "Did this person really say" in r.text
        assert 'class="verdict' not in r.text


def test_check_page_keeps_the_claim_in_the_form_and_gives_the_verdict(
    client: TestClient, world: World
) -> None:
    claim = {"q": "Sanctions are a slow poison", "speaker": "Nora Vance", "outlet": "Wire"}
    r = client.get("/", params=claim)
    assert r.status_code == 200
    assert 'value="Sanctions are a slow poison"' in r.text and 'value="Nora Vance"' in r.text
    assert 'class="visually-hidden">Verdict: </span>Disputed</h2>' in r.text
    assert "We have no record of Wire printing it" in r.text
    assert f'href="/quotes/{world.conflict_quote}"' in r.text


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": SEED, "date": "2024-02-30"}, "date"),
        ({"q": SEED, "date": "yesterday"}, "date"),
        ({"q": "x" * 10_001}, "q"),
        ({"q": SEED, "speaker": "a\x00b"}, "speaker"),
    ],
)
def test_bad_input_is_shown_at_its_field_not_as_json(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    r = client.get("/", params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert f'id="{field}-error"' in r.text and 'aria-invalid="true"' in r.text
    assert r.text.count('aria-invalid="true"') == 1


@SQLITE_ONLY
def test_markup_in_a_checked_quote_is_shown_as_text(client: TestClient, world: World) -> None:
    r = client.get("/", params={"q": XSS_TEXT})
    assert r.status_code == 200 and "Confirmed" in r.text
    assert "<script>alert" not in r.text and "<b>Mallory" not in r.text
    assert "<img src=x" not in r.text  # the outlet, in the facts and in the citation
    assert r.text.count("&lt;script&gt;alert(") >= 3  # the title, the result and the citation
