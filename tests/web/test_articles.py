"""The article pages: paste an article, untick a quote, store the rest, follow the links."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from quotes.models import Appearance, ArticleCreate, Quote
from quotes.services.articles import extract_article, store_article
from quotes.services.demo import load_demo
from tests.web.conftest import (
    SQLITE_ONLY,
    Live,
    axe_report,
    click_and_wait,
    serious_violations,
    sign_in,
)

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

# Three quotes: a new one, one the demo has (Stradner, as a fragment), and a paraphrase.
ARTICLE = (
    "Ministers met in Brussels on Monday to discuss the harbour bridge.\n\n"
    "“We will build the new harbour bridge by spring, whatever the weather does,” said Marta "
    "Kowalski, the transport minister.\n\n"
    "Analysts were unconvinced. “There is no such thing as loyalty when it comes to Moscow,” "
    "said Ivana Stradner, a research fellow at the Foundation for Defense of Democracies.\n\n"
    "The mayor, Tomas Berg, said the city would pay for half of the works.\n"
)
NEW, KNOWN, PARAPHRASE = (
    "We will build the new harbour bridge by spring, whatever the weather does",
    "There is no such thing as loyalty when it comes to Moscow",
    "the city would pay for half of the works",
)
STORE = "//button[text()='Store the ticked quotes']"
_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _paste(browser: WebDriver, text: str, outlet: str, date: str) -> None:
    """Fill the article form (the text set at once: typing it key by key only costs time)."""
    from selenium.webdriver.common.by import By

    field = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1]", field, text)
    browser.find_element(By.ID, "outlet").send_keys(outlet)
    browser.find_element(By.ID, "date").send_keys(date)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Find quotes']"))


def _count(engine: Engine, text: str) -> int:
    with Session(engine) as s:
        return int(
            s.exec(
                select(func.count()).select_from(Appearance).where(Appearance.text == text)
            ).one()
        )


# ---- in the browser --------------------------------------------------------------------------


def test_article_found_unticked_stored_and_linked(
    browser: WebDriver, live: Live, axe_source: str
) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, live, "writer", next="/articles/new")
    assert browser.current_url == f"{live.url}/articles/new"
    _paste(browser, ARTICLE, "Harbour Times", "2024-07-01")

    # Step 1: every quote highlighted in the text, and listed with a ticked box.
    marks = browser.find_elements(By.CSS_SELECTOR, ".article-text mark")
    assert [m.text[1:] for m in marks] == [NEW, KNOWN, PARAPHRASE]  # after its number
    boxes = browser.find_elements(By.CSS_SELECTOR, "ol.found input[type=checkbox]")
    assert [b.is_selected() for b in boxes] == [True, True, True]
    listed = browser.find_element(By.CSS_SELECTOR, "ol.found").text
    assert "said by Marta Kowalski, the transport minister" in listed
    assert "Indirect: a paraphrase · said by Tomas Berg, the mayor · cue “said”" in listed
    assert _count(live.engine, NEW) == 0  # nothing stored yet
    serious = serious_violations(browser, axe_source)
    assert not serious, axe_report(serious)

    # Step 2: untick the paraphrase, store the rest.
    browser.find_element(By.CSS_SELECTOR, "label[for=item-3]").click()
    assert not boxes[2].is_selected()
    click_and_wait(browser, browser.find_element(By.XPATH, STORE))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Stored 2 quotes"
    assert "You left out 1 quote" in browser.find_element(By.TAG_NAME, "main").text
    stored = browser.find_elements(By.CSS_SELECTOR, "ol.stored > li")
    assert ["New quote" in s.text for s in stored] == [True, False]
    assert "Merged into a known quote" in stored[1].text
    assert _count(live.engine, PARAPHRASE) == 0
    serious = serious_violations(browser, axe_source)
    assert not serious, axe_report(serious)

    # The merged one leads to the quote the demo had, now printed by the Harbour Times too.
    click_and_wait(browser, stored[1].find_element(By.TAG_NAME, "a"))
    assert re.fullmatch(rf"{live.url}/quotes/\d+", browser.current_url)
    assert "Ivana Stradner" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Harbour Times" in browser.find_element(By.CSS_SELECTOR, ".timeline").text


def test_storing_without_a_session_is_sent_to_sign_in(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    words = "Nobody will find this text stored anywhere, not even on the harbour"
    text = f"“{words},” said Lena Holm, the harbourmaster."
    sign_in(browser, live, "writer", next="/articles/new")
    _paste(browser, text, "Harbour Times", "2024-07-02")
    browser.delete_all_cookies()  # the sign-in ends (it expired, or another tab signed out)
    click_and_wait(browser, browser.find_element(By.XPATH, STORE))
    assert browser.current_url == f"{live.url}/signin?next=%2Farticles%2Fstore"
    assert _count(live.engine, words) == 0
    # Signing in again leads back to the form (the text was not kept anywhere).
    browser.find_element(By.ID, "key").send_keys(live.key("writer"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.current_url == f"{live.url}/articles/new"


# ---- the HTML, through TestClient ------------------------------------------------------------


def _token(client: TestClient) -> str:
    found = _CSRF_RE.search(client.get("/articles/new").text)
    assert found is not None
    return found.group(1)


def _form(**overrides: str) -> dict[str, str]:
    return {"text": ARTICLE, "outlet": "Harbour Times", "date": "2024-07-01"} | overrides


@SQLITE_ONLY
def test_anyone_may_see_what_is_found_but_only_a_writer_may_store(client: TestClient) -> None:
    token = _token(client)
    r = client.post("/articles/new", data=_form(csrf_token=token))
    assert r.status_code == 200
    assert r.text.count("<mark ") == 3 and 'action="/articles/store"' not in r.text
    assert "Storing needs a writer’s sign-in" in r.text
    r = client.post(
        "/articles/store", data=_form(csrf_token=token, item="0-10"), follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/signin?next=%2Farticles%2Fstore"


@SQLITE_ONLY
def test_the_page_says_what_storing_would_leave_out(client: TestClient) -> None:
    """The object of a stance ("endorsed Kessler") is shown as found, but marked as not stored."""
    text = ARTICLE + "Mayor Jo Ames endorsed Ruth Kessler on Friday.\n"
    r = client.post("/articles/new", data=_form(text=text, csrf_token=_token(client)))
    assert r.status_code == 200 and r.text.count("<mark ") == 4
    assert r.text.count("not stored: too short to store as a statement") == 1
    assert "said by Tomas Berg" in r.text  # the paraphrase is stored


@SQLITE_ONLY
def test_finding_quotes_needs_the_forms_csrf_token(client: TestClient) -> None:
    _token(client)
    r = client.post("/articles/new", data=_form(csrf_token="forged"))
    assert r.status_code == 403 and "Form refused" in r.text


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": "1 July"}, "date"),
        ({"outlet": "  "}, "outlet"),
        ({"text": " "}, "text"),
        ({"url": "javascript:alert(1)"}, "url"),
    ],
)
def test_a_bad_field_shows_the_form_again_with_the_reason(
    client: TestClient, overrides: dict[str, str], field: str
) -> None:
    r = client.post("/articles/new", data=_form(csrf_token=_token(client), **overrides))
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert f'id="{field}-error"' in r.text and r.text.count('aria-invalid="true"') == 1
    assert "Harbour Times" in r.text or field == "outlet"  # what was typed is kept


# ---- the service: a chosen subset is stored --------------------------------------------------


@SQLITE_ONLY  # the choice is pure; storing is tested on both engines in tests/api/test_articles
def test_store_article_stores_only_the_items_kept(session: Session) -> None:
    load_demo(session)
    data = ArticleCreate(text=ARTICLE, outlet="Harbour Times", date="2024-07-01")
    found = extract_article(data=data)
    assert [i.text for i in found.items] == [NEW, KNOWN, PARAPHRASE]
    kept = found.only([(i.start, i.end) for i in found.items[:2]] + [(0, 3)])
    assert [i.text for i in kept.items] == [NEW, KNOWN] and kept.text == found.text

    result = store_article(session, data=data, extraction=kept, created_by="test")
    assert [(i.text, i.stored, i.merged) for i in result.items] == [
        (NEW, True, False),
        (KNOWN, True, True),
    ]
    texts = set(session.exec(select(Appearance.text)))
    assert NEW in texts and KNOWN in texts and PARAPHRASE not in texts
    stored_quotes = session.exec(
        select(func.count()).select_from(Quote).where(col(Quote.text).contains("half of the"))
    ).one()
    assert stored_quotes == 0
