"""The quote, speaker and outlet pages: in a real browser, and their HTML through TestClient."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import SQLITE_ONLY, Live, click_and_wait
from tests.web.world import CANON, CONFLICT, UNICODE, XSS_OUTLET, XSS_SPEAKER, World

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


# ---- in the browser --------------------------------------------------------------------------


def _spoken(browser: WebDriver, selector: str) -> list[str]:
    """The text of the elements, hidden labels included (what a screen reader says)."""
    from selenium.webdriver.common.by import By

    found = browser.find_elements(By.CSS_SELECTOR, selector)
    return [" ".join((e.get_attribute("textContent") or "").split()) for e in found]


def test_following_a_quote_shows_its_appearances_oldest_first(
    browser: WebDriver, live: Live
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/speakers/{live.world.vance}")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, CANON[:30]))
    assert browser.current_url == f"{live.url}/quotes/{live.world.timeline_quote}"
    assert "Nora Vance" in browser.find_element(By.TAG_NAME, "h1").text

    dates = [
        e.get_attribute("datetime")
        for e in browser.find_elements(By.CSS_SELECTOR, ".timeline > li h3 time")
    ]
    assert dates == ["2024-01-15", "2024-02-10", "2024-03-01"]
    entries = browser.find_elements(By.CSS_SELECTOR, ".timeline > li")
    assert [("first" in (e.get_attribute("class") or "")) for e in entries] == [True, False, False]
    assert "First appearance" in entries[0].text and "Morning Post" in entries[0].text

    # The oldest printing changed a word; the third elided half the sentence, told the Ledger.
    assert _spoken(browser, ".timeline > li:nth-child(1) ins") == ["[added: soldiers]"]
    assert _spoken(browser, ".timeline > li:nth-child(1) del") == ["[cut: troops]"]
    [elided] = _spoken(browser, ".timeline > li:nth-child(2) .elided")
    assert elided.startswith("…[elided: until the talks in Geneva")
    assert "Words changed" in entries[0].text and "Elided" in entries[1].text
    assert "told Evening Ledger" in entries[1].text and "N. Vance" in entries[1].text
    assert "As above" in entries[2].text


def test_copy_button_copies_or_selects_the_citation(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live.url}/quotes/{live.world.timeline_quote}")
    button = browser.find_element(By.CSS_SELECTOR, "button[data-copy-target]")
    assert button.is_displayed()  # app.js ran under the pages' CSP and showed it
    button.click()
    status = browser.find_element(By.CSS_SELECTOR, "[data-copy-status]")
    WebDriverWait(browser, 5, poll_frequency=0.02).until(lambda _: status.text)
    assert status.text.startswith(("Copied to the clipboard.", "Selected: press Ctrl+C"))


def test_citation_page_copies_each_style(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live.url}/quotes/{live.world.timeline_quote}")
    click_and_wait(
        browser, browser.find_element(By.LINK_TEXT, "Cite it in APA, MLA or Chicago style")
    )
    assert browser.current_url == f"{live.url}/quotes/{live.world.timeline_quote}/cite"
    buttons = browser.find_elements(By.CSS_SELECTOR, "button[data-copy-target]")
    targets = [b.get_attribute("data-copy-target") for b in buttons]
    assert targets == ["cite-plain", "cite-apa", "cite-mla", "cite-chicago"]
    assert all(b.is_displayed() for b in buttons)
    buttons[2].click()
    status = buttons[2].find_element(By.XPATH, "ancestor::*[@data-copy-box]//*[@data-copy-status]")
    WebDriverWait(browser, 5, poll_frequency=0.02).until(lambda _: status.text)
    assert status.text.startswith(("Copied to the clipboard.", "Selected: press Ctrl+C"))
    others = browser.find_elements(By.CSS_SELECTOR, "[data-copy-status]")
    assert [o.text for o in others if o != status] == ["", "", ""]  # only its own box speaks


def test_speaker_page_shows_aliases_quotes_and_conflicts(browser: WebDriver, live: Live) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/speakers/{live.world.vance}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Nora Vance"
    assert "N. Vance" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    conflicts = browser.find_element(By.CSS_SELECTOR, "[aria-labelledby=conflicts-heading]")
    assert CONFLICT[:20] in conflicts.text and "Piet Halvorsen" in conflicts.text
    click_and_wait(browser, conflicts.find_element(By.LINK_TEXT, "Piet Halvorsen"))
    assert browser.current_url == f"{live.url}/speakers/{live.world.halvorsen}"


def test_outlet_page_shows_what_it_printed_and_printed_first(
    browser: WebDriver, live: Live
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live.url}/outlets/{live.world.ledger}")
    firsts = browser.find_element(By.CSS_SELECTOR, "[aria-labelledby=firsts-heading]").text
    printed = browser.find_element(By.CSS_SELECTOR, "[aria-labelledby=printed-heading]").text
    assert CONFLICT[:20] in firsts and CANON[:20] not in firsts  # the Post had it first
    assert CONFLICT[:20] in printed and CANON[:20] in printed

    browser.get(f"{live.url}/outlets/{live.world.post}")
    firsts = browser.find_element(By.CSS_SELECTOR, "[aria-labelledby=firsts-heading]")
    assert "soldiers" in firsts.text  # as the Post printed it
    click_and_wait(browser, firsts.find_element(By.PARTIAL_LINK_TEXT, "We will not send"))
    assert browser.current_url.startswith(f"{live.url}/quotes/{live.world.timeline_quote}#")


# ---- the HTML, through TestClient (SQLite and PostgreSQL) ------------------------------------


@SQLITE_ONLY
@pytest.mark.parametrize(
    "path",
    [
        "/quotes/424242",
        "/quotes/abc",
        "/quotes/0",
        "/quotes/99999999999",
        "/quotes/٣",
        "/speakers/424242",
        "/outlets/424242",
    ],
)
def test_unknown_page_is_an_html_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>No such " in r.text and '<html lang="en">' in r.text


def test_deleted_quote_is_an_html_404(
    client: TestClient, world: World, auth: dict[str, str]
) -> None:
    path = f"/quotes/{world.conflict_quote}"
    assert client.get(path).status_code == 200
    r = client.delete(f"/v1{path}", params={"with_appearances": True}, headers=auth)
    assert r.status_code == 204
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


def test_merged_quote_page_sends_to_the_quote_it_joined(
    client: TestClient, world: World, auth: dict[str, str]
) -> None:
    target, other = world.timeline_quote, world.conflict_quote
    r = client.post(f"/v1/quotes/{target}/merge", json={"other_id": other}, headers=auth)
    assert r.status_code == 201
    r = client.get(f"/quotes/{other}", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == f"/quotes/{target}"


def test_citation_page_gives_every_style_without_javascript(
    client: TestClient, world: World
) -> None:
    r = client.get(f"/quotes/{world.timeline_quote}/cite")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for style in ("plain", "apa", "mla", "chicago"):
        found = re.search(rf'id="cite-{style}" dir="auto">(.*?)</p>', r.text)
        assert found is not None, style
        assert "Nora Vance" in found.group(1) and "Morning Post" in found.group(1), style
    assert "<i>Morning Post</i>" in r.text  # APA's italics, as citeproc-py renders them
    assert r.text.count("data-cite-styles") == 1  # the block the check page loads
    assert f'href="/quotes/{world.timeline_quote}"' in r.text  # back to the quote
    quote_page = client.get(f"/quotes/{world.timeline_quote}").text
    assert f'href="/quotes/{world.timeline_quote}/cite"' in quote_page
    check_page = client.get("/", params={"q": CANON}).text
    assert f'data-cite-from="/quotes/{world.timeline_quote}/cite"' in check_page
    assert f'<a href="/quotes/{world.timeline_quote}/cite">' in check_page  # without JavaScript
    assert 'id="cite-apa"' not in check_page


@SQLITE_ONLY
def test_citation_page_of_unknown_or_merged_quote(
    client: TestClient, world: World, auth: dict[str, str]
) -> None:
    for path in ("/quotes/424242/cite", "/quotes/abc/cite"):
        r = client.get(path)
        assert r.status_code == 404 and "<h1>No such quote" in r.text, path
    target, other = world.timeline_quote, world.conflict_quote
    r = client.post(f"/v1/quotes/{target}/merge", json={"other_id": other}, headers=auth)
    assert r.status_code == 201
    r = client.get(f"/quotes/{other}/cite", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == f"/quotes/{target}/cite"


def test_quote_page_embeds_a_schema_org_quotation(client: TestClient, world: World) -> None:
    r = client.get(f"/quotes/{world.timeline_quote}")
    assert r.status_code == 200
    found = _LD_RE.search(r.text)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Quotation"
    assert data["text"] == CANON
    assert data["creator"]["name"] == data["spokenByCharacter"]["name"] == "Nora Vance"
    assert data["creator"]["url"].endswith(f"/speakers/{world.vance}")
    assert data["dateCreated"] == "2024-01-15"  # the first appearance, not the first posted
    assert data["isBasedOn"] == "https://post.example/border"
    assert data["citation"] == ["https://post.example/border", "https://ledger.example/geneva"]
    assert data["url"].endswith(f"/quotes/{world.timeline_quote}")


@SQLITE_ONLY
def test_markup_in_stored_text_is_shown_as_text(client: TestClient, world: World) -> None:
    r = client.get(f"/quotes/{world.xss_quote}")
    assert r.status_code == 200
    body = r.text
    assert "<script>alert" not in body and "<b>Mallory" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; is what the note said" in body
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in body
    assert "Evil &lt;img src=x onerror=alert(1)&gt;" in body
    ld = _LD_RE.search(body)
    assert ld is not None and "<" not in ld.group(1)  # \u003c inside the JSON-LD block
    assert json.loads(ld.group(1))["creator"]["name"] == XSS_SPEAKER
    for page in ("/speakers", "/outlets"):
        ident = _first_link(body, page)
        listed = client.get(f"{page}/{ident}").text
        assert "<script>alert" not in listed and "<img src=x" not in listed
    assert XSS_OUTLET not in client.get("/").text
    cite = client.get(f"/quotes/{world.xss_quote}/cite").text
    assert "<script>alert" not in cite and "<b>Mallory" not in cite and "<img src=x" not in cite
    assert cite.count("&lt;script&gt;alert(") >= 5  # the quote and its four citations


def _first_link(html: str, prefix: str) -> int:
    found = re.search(rf'href="{prefix}/(\d+)"', html)
    assert found is not None, prefix
    return int(found.group(1))


@SQLITE_ONLY
@pytest.mark.parametrize("lang", sorted(UNICODE))
def test_quotes_in_other_scripts_render_with_their_language(
    client: TestClient, world: World, lang: str
) -> None:
    text, speaker = UNICODE[lang]
    r = client.get(f"/quotes/{world.unicode_quotes[lang]}")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert f'dir="auto" lang="{lang}">\n    <p>{text}</p>' in r.text
    assert speaker in r.text
    speaker_page = client.get(f"/speakers/{_first_link(r.text, '/speakers')}")
    assert text in speaker_page.text and f'lang="{lang}"' in speaker_page.text


@SQLITE_ONLY
def test_pages_carry_their_own_csp_and_anonymous_pages_may_be_cached(
    client: TestClient, world: World
) -> None:
    r = client.get(f"/quotes/{world.timeline_quote}")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "cache-control" not in r.headers and "set-cookie" not in r.headers
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', r.text):
        assert client.get(asset).status_code == 200, asset


def test_speaker_and_outlet_pages_list_their_quotes(client: TestClient, world: World) -> None:
    vance = client.get(f"/speakers/{world.vance}").text
    conflicts, quotes = vance.split('id="quotes-heading"')
    assert CONFLICT in conflicts and f'href="/speakers/{world.halvorsen}"' in conflicts
    assert CANON[:40] in quotes and CONFLICT in quotes
    ledger = client.get(f"/outlets/{world.ledger}").text
    firsts, printed = ledger.split('id="printed-heading"')
    assert CONFLICT in firsts and CANON[:40] not in firsts  # the Post printed it first
    assert CONFLICT in printed and CANON[:40] in printed
    post = client.get(f"/outlets/{world.post}").text.split('id="printed-heading"')[0]
    assert f'href="/quotes/{world.timeline_quote}#appearance-' in post
