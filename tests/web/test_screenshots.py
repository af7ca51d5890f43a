"""The README's screenshots, made by the same browser: only when QUOTES_SCREENSHOTS names a folder.

    QUOTES_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/web/test_screenshots.py

writes check.png (the check page on the seed story) and quote.png (a quote page). Unset (CI),
the test skips, so a test run never changes the tree.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest

from tests.web.conftest import ROOT, Live

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

TARGET = os.environ.get("QUOTES_SCREENSHOTS")
SIZE = (1100, 1000)
MAX_BYTES = 200_000


@pytest.mark.skipif(not TARGET, reason="QUOTES_SCREENSHOTS is not set (a folder to write to)")
def test_screenshots_of_the_check_and_quote_pages(browser: WebDriver, live: Live) -> None:
    assert TARGET is not None
    out = Path(TARGET) if Path(TARGET).is_absolute() else ROOT / TARGET
    out.mkdir(parents=True, exist_ok=True)
    claim = {
        "q": "no such thing as loyalty when it comes to Moscow",
        "speaker": "Aleksander Lukashenko",
    }
    pages = {
        "check.png": f"/?{urlencode(claim)}",
        "quote.png": f"/quotes/{live.world.timeline_quote}",
    }
    browser.set_window_size(*SIZE)
    try:
        for name, path in pages.items():
            browser.get(live.url + path)
            browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
            assert browser.save_screenshot(str(out / name))
            assert (out / name).stat().st_size <= MAX_BYTES, name
    finally:
        browser.set_window_size(1280, 900)  # CHROMIUM_FLAGS' size, for the tests after
