"""Every item says which rule found its speaker, and a quote nobody is named for is kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from quotes.extract import extract_quotes
from quotes.extract.patterns import RULES

ARTICLE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "belarus-azerbaijan-article.txt"
).read_text(encoding="utf-8")

UNATTRIBUTED = (
    "The hall fell silent after the count.\n\n"
    "“Nobody here will forget what happened tonight in this city.”\n\n"
    "The mayor left the building at ten."
)


# A rule id written in the extractor's code: `.by("…")`, `rule="…"`, `rule = "…"`, ….
_RULE_LITERAL = re.compile(
    r'(?:\.by\(\s*|rule=|rule = |rule, read_as = |ASK_CUES else )"([a-z-]+)"'
)


def test_every_rule_id_in_the_extractor_is_documented_in_rules() -> None:
    package = Path(extract_quotes.__code__.co_filename).parent
    named = {m for f in package.glob("*.py") for m in _RULE_LITERAL.findall(f.read_text())}
    assert "name-said-that" in named  # the pattern finds the literals
    assert named <= set(RULES), named - set(RULES)


def test_every_item_of_an_article_names_a_known_rule() -> None:
    items = extract_quotes(ARTICLE)
    assert items
    assert {i.rule for i in items} - {None} <= set(RULES)
    assert all(i.rule is not None for i in items if i.speaker is not None)


@pytest.mark.parametrize(
    ("text", "rule", "cue"),
    [
        ("“We will win this fight,” Smith said.", "quote-name-said", "said"),
        ("“We will win this fight,” said John Smith.", "quote-said-name", "said"),
        ("John Smith said: “We will win this fight.”", "name-said-quote", "said"),
        ("“We will win this fight.” — Martha Aguilar", "quote-dash-name", None),
        (
            "“We will win this fight,” according to John Smith.",
            "quote-according-to",
            "according to",
        ),
        ("John Smith said that the plan would fail next year.", "name-said-that", "said"),
        ("The plan will fail next year, John Smith said.", "clause-then-said", "said"),
    ],
)
def test_item_carries_the_rule_and_cue_that_found_its_speaker(
    text: str, rule: str, cue: str | None
) -> None:
    (item,) = extract_quotes(text)
    assert (item.rule, item.cue) == (rule, cue)


def test_quote_without_a_speaker_is_kept_with_the_sentences_around_it() -> None:
    (item,) = extract_quotes(UNATTRIBUTED)
    assert item.speaker is None and item.rule is None
    assert item.text == "Nobody here will forget what happened tonight in this city."
    assert UNATTRIBUTED[item.start : item.end] == item.text
    assert item.context_before == "The hall fell silent after the count."
    assert item.context_after == "The mayor left the building at ten."


def test_fragment_whose_speaker_does_not_resolve_is_kept_with_speaker_unknown() -> None:
    """Nothing is dropped for want of a speaker: "I" names no one the article knows, so the
    fragment comes back with speaker unknown and the rule that fired."""
    text = "I told the board that the merger was “a historic mistake for everyone involved here”."
    (frag,) = [i for i in extract_quotes(text) if i.kind == "partial"]
    assert frag.text == "a historic mistake for everyone involved here"
    assert frag.speaker is None and frag.rule == "name-said-that"


def test_fragment_nobody_is_said_to_have_said_is_kept_unless_it_is_a_scare_quote() -> None:
    text = (
        "The hall was quiet. The plan, once “a bold promise to every family in the valley,” now "
        "sits in a drawer. The so-called “woke” budget had a “total disaster” of a rollout."
    )
    items = extract_quotes(text)
    assert [(i.kind, i.text, i.speaker, i.rule) for i in items] == [
        ("partial", "a bold promise to every family in the valley", None, None)
    ]
    assert items[0].context_before == "The hall was quiet."


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        (
            "The mayor met Jo Ames on Monday. Ames is planning a new bridge “for every family "
            "that crosses the river twice a day.”",
            "Jo Ames",
            "is planning",
        ),
        (
            "Sen. Maria Lopez will push for “the cleanest and safest production line in the "
            "state” by Friday.",
            "Maria Lopez",
            "push",
        ),
        # not a person: a word that opens the sentence, a body, a pronoun
        ("Guns are “the ultimate public health crisis of our time” in this country.", None, None),
        ("The ministry published “a plan for every region of the country” on Monday.", None, None),
        ("Ana Ruiz spoke. She now faces “the hardest winter this town has ever seen.”", None, None),
    ],
)
def test_fragment_takes_the_named_person_who_opens_its_sentence(
    text: str, speaker: str | None, cue: str | None
) -> None:
    (frag,) = [i for i in extract_quotes(text) if i.kind == "partial"]
    assert (frag.speaker, frag.cue) == (speaker, cue)
    assert frag.rule == ("fragment-sentence-subject" if speaker else None)


def _body(text: str, **extra: Any) -> dict[str, Any]:
    return {"text": text, "outlet": "Example Post", "date": "2024-06-14", **extra}


def test_extract_endpoint_answers_rule_and_context(client: TestClient) -> None:
    r = client.post("/v1/articles/extract", json=_body("Intro line here.\n\n" + ARTICLE))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert items and all({"rule", "context_before", "context_after"} <= i.keys() for i in items)
    assert any(i["rule"] == "quote-name-said" for i in items)


def test_storing_keeps_a_quote_without_speaker(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/v1/articles", json=_body(UNATTRIBUTED), headers=auth)
    assert r.status_code == 201, r.text
    (item,) = r.json()["items"]
    assert item["stored"] is True and item["speaker"] is None and item["quote_id"]
    quote = client.get(f"/v1/quotes/{item['quote_id']}").json()
    assert quote["speaker"] is None


def test_fragment_takes_the_speaker_of_its_sentence_unless_a_name_comes_between() -> None:
    text = (
        "Netanyahu rallied supporters by warning darkly that “the rule of the right is in "
        "danger” because “Arab voters are coming out in droves to the polls.”"
    )
    *_, second = extract_quotes(text)
    assert second.text.startswith("Arab voters")
    assert (second.speaker, second.rule) == ("Netanyahu", "fragment-same-sentence")
    text = (
        "Netanyahu rallied supporters by warning that “the rule of the right is in danger,” "
        "but Herzog answered with “a call for calm and unity among all citizens.”"
    )
    *_, last = extract_quotes(text)
    assert last.text.startswith("a call for calm") and last.speaker is None


def test_storing_keeps_a_fragment_without_speaker_and_lookup_finds_it(
    client: TestClient, auth: dict[str, str]
) -> None:
    text = "A hall. The plan, once “a bold promise to every family in the valley,” sits."
    r = client.post("/v1/articles", json=_body(text), headers=auth)
    assert r.status_code == 201, r.text
    (item,) = r.json()["items"]
    assert item["kind"] == "partial" and item["stored"] is True and item["speaker"] is None
    found = client.get("/v1/lookup", params={"q": "a bold promise to every family"}).json()
    assert found["results"][0]["quote_id"] == item["quote_id"]
    assert found["results"][0]["speaker"] is None


def test_extract_endpoint_names_whom_a_spokesperson_represents(client: TestClient) -> None:
    text = "“We will appeal the ruling,” a spokesman for Senator Jane Doe said on Tuesday."
    r = client.post("/v1/articles/extract", json=_body(text))
    assert r.status_code == 200, r.text
    (item,) = r.json()["items"]
    assert item["represented"] == "Senator Jane Doe"
