"""Indirect statements without a speech verb: "according to" sources and stance verbs (own
sentences; positives and the precision negatives side by side)."""

from __future__ import annotations

import pytest

from quotes.extract import extract_quotes


def _indirect(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [
        (it.text, it.speaker, it.speaker_role, it.rule)
        for it in extract_quotes(text)
        if it.kind == "indirect"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "According to the Herald, city officials looked into closing the depot last year.",
            ("city officials looked into closing the depot last year", "Herald", None,
             "according-to-clause"),
        ),
        (
            "According to Jo Ames, a lawyer for the city, the depot will close next spring.",
            ("the depot will close next spring", "Jo Ames", "a lawyer for the city",
             "according-to-clause"),
        ),
        (
            "The depot was sold to a developer in 2019, according to the county's land records.",
            ("The depot was sold to a developer in 2019", "the county's land records", None,
             "according-to-source"),
        ),
        (
            "Turnout fell by a third, according to figures from the county clerk released on "
            "Monday.",
            ("Turnout fell by a third", "figures from the county clerk", None,
             "according-to-source"),
        ),
        (
            "According to people familiar with the talks, the union will accept the offer.",
            ("the union will accept the offer", "people familiar with the talks", None,
             "according-to-source"),
        ),
    ],
)  # fmt: skip
def test_according_to_names_any_short_source(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    assert _indirect(text) == [expected]


def test_a_clause_after_a_named_source_is_no_role() -> None:
    text = "According to Ames, the depot will close, and the workers will move to Dayton."
    assert _indirect(text) == [
        ("the depot will close, and the workers will move to Dayton", "Ames", None,
         "according-to-clause"),
    ]  # fmt: skip


def test_according_to_plan_is_no_source() -> None:
    assert _indirect("The depot closed in June, according to plan.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mayor Jo Ames believes that the depot will close next spring.",
            ("the depot will close next spring", "Jo Ames", None, "name-believes-that"),
        ),
        (
            "Ruth Kessler thinks the council will delay the vote again.",
            ("the council will delay the vote again", "Ruth Kessler", None,
             "name-believes-that"),
        ),
        (
            "Ruth Kessler chairs the board. She fears that the fund is running out of money.",
            ("the fund is running out of money", "Ruth Kessler", None, "name-believes-that"),
        ),
        (
            "The White House believes the bill will pass the Senate this week.",
            ("the bill will pass the Senate this week", "White House", None,
             "name-believes-that"),
        ),
    ],
)  # fmt: skip
def test_a_named_subject_holds_the_belief(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    assert _indirect(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Many economists think the tax plan will fail in the Senate.",
        "Some officials believe the depot will close next spring.",
        "Economists believe the tax plan will fail in the Senate.",
        "It thinks the council will delay the vote again.",
        "This suggests nothing, and I think the council will delay the vote again.",
        "We believe the council will delay the vote again.",
        "Well, I think the council will delay the vote again.",
        "Jo Ames knew the streets around the old depot very well.",
        "Jo Ames hopes to win the seat in the spring election.",
        "Jo Ames believes in the power of small local businesses.",
    ],
)
def test_the_writers_view_or_no_one_in_particular_is_no_attribution(text: str) -> None:
    assert _indirect(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ames's office denied that she had met the lobbyist.",
            ("she had met the lobbyist", "Ames's office", None, "name-said-that"),
        ),
        (
            "Jo Ames has repeatedly claimed that the count was rigged.",
            ("the count was rigged", "Jo Ames", None, "name-said-that"),
        ),
        (
            "Jo Ames warned that the depot would close by the end of the year.",
            ("the depot would close by the end of the year", "Jo Ames", None, "name-said-that"),
        ),
    ],
)  # fmt: skip
def test_speech_verbs_without_said_already_attribute(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    assert _indirect(text) == [expected]
