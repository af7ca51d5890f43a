"""Acceptance test: the demo article (Belarus arms to Azerbaijan) yields the expected quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.extract import ExtractedItem, extract_quotes

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "belarus-azerbaijan-article.txt"
ARAKELYAN_ROLE = "a military analyst at Yerevan’s Regional Center for Democracy and Security"
STRADNER_ROLE = "a research fellow at the Foundation for Defense of Democracies"


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def items(article: str) -> list[ExtractedItem]:
    return extract_quotes(article)


def _find(items: list[ExtractedItem], opening: str) -> ExtractedItem:
    found = [it for it in items if it.text.startswith(opening)]
    assert len(found) == 1, f"expected one item starting {opening!r}, got {found}"
    return found[0]


@pytest.mark.parametrize(
    ("opening", "speaker", "role", "via", "cue"),
    [
        ("This equipment was used", "Eduard Arakelyan", ARAKELYAN_ROLE, "Politico", "told"),
        ("In formal terms, it’s a complete breach", "Eduard Arakelyan", ARAKELYAN_ROLE,
         "Politico", None),
        ("It’s ridiculous to think", "Ivana Stradner", STRADNER_ROLE, "Politico", "told"),
        ("There is no such thing as loyalty", "Ivana Stradner", STRADNER_ROLE, "Politico",
         "added"),
        ("The services offered included", "Politico", None, None, "said"),
        ("The documents include letters", "Politico", None, None, "reported"),
    ],
)  # fmt: skip
def test_direct_quotes_of_demo_article(
    items: list[ExtractedItem], opening: str, speaker: str, role: str | None, via: str | None,
    cue: str | None,
) -> None:  # fmt: skip
    item = _find(items, opening)
    assert item.kind == "direct"
    assert (item.speaker, item.speaker_role, item.via_outlet, item.cue) == (speaker, role, via, cue)


def test_lukashenko_reported_remark_is_indirect(items: list[ExtractedItem]) -> None:
    item = next(it for it in items if "Minsk’s support for Baku" in it.text)
    assert item.kind == "indirect"
    assert item.speaker == "Aleksander Lukashenko"
    assert item.cue == "boasted"


def test_items_are_verbatim_sorted_spans(article: str, items: list[ExtractedItem]) -> None:
    assert [it.start for it in items] == sorted(it.start for it in items)
    for it in items:
        assert article[it.start : it.end] == it.text
        assert 0.0 <= it.confidence <= 1.0
        assert it.kind in {"direct", "partial", "indirect"}


def test_no_item_has_a_wrong_speaker(items: list[ExtractedItem]) -> None:
    allowed = {
        "Eduard Arakelyan", "Ivana Stradner", "Politico", "Aleksander Lukashenko",
        "Nikol Pashinyan",  # "… when he announced that Yerevan would freeze …"
    }  # fmt: skip
    for it in items:
        if "restoration of de-occupied territories" in it.text or "Belarusian companies" in it.text:
            # A communication seen by Politico: not a person, and not Arakelyan or Stradner.
            assert it.speaker not in {"Eduard Arakelyan", "Ivana Stradner", "Aleksander Lukashenko"}
            continue
        assert it.speaker in allowed, it


def test_the_indirect_items_of_the_demo_article(items: list[ExtractedItem]) -> None:
    indirect = {(it.speaker, it.cue) for it in items if it.kind == "indirect"}
    assert ("Politico", "reported") in indirect
    assert ("Eduard Arakelyan", "verified") in indirect
    assert ("Nikol Pashinyan", "announced") in indirect  # after a subordinator: "when he announced"
