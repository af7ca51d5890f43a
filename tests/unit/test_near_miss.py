"""The suggestion tier of quotes.matching (judge, near_miss) and its setting."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from quotes.config import Settings
from quotes.matching import Thresholds, judge, near_miss

STORED = (
    "This equipment was used with devastating effect against Armenian troops and was provided "
    "by a country that is supposed to be an ally of Armenia"
)
# Words dropped here and there: ratio 77.8.
DROPPED = (
    "This equipment was used against troops and was provided by a country supposed to be an ally"
)


@pytest.mark.parametrize(
    ("query", "stored", "method"),
    [
        (DROPPED, STORED, "similar"),
        ("This equipment was used with effect against Armenian troops and was provided by a "
         "country that is an ally", STORED, "similar"),  # 84.7, just under similar
        # one substituted word in a short quote (91.4): a misquote or a sloppy reprint, for a
        # person to judge; the decision wants 93 for that
        ("Minsk knew about these weapons transfers", "Moscow knew about these weapons transfers",
         "substituted"),
    ],
)  # fmt: skip
def test_near_misses_are_suggested(query: str, stored: str, method: str) -> None:
    decision = judge(query, {7: stored})
    assert decision.matches == [] and decision.best is None
    assert decision.near_miss is not None
    assert (decision.near_miss.candidate_id, decision.near_miss.method) == (7, method)
    assert 70 <= decision.near_miss.score < 93


@pytest.mark.parametrize(
    "query",
    [
        STORED,  # the same quote: a match, not a near miss
        STORED.replace("devastating", "devastatng"),  # a typo: a match
        # a figure changed: another claim, never suggested
        "This equipment was used against 5 troops and was provided by a country supposed to be "
        "an ally",
        # two words substituted: a templated claim, another statement
        STORED.replace("Armenian troops", "Georgian soldiers"),
        "Something else entirely, about the weather and the price of eggs in spring.",
    ],
)
def test_no_near_miss(query: str) -> None:
    assert judge(query, {7: STORED}).near_miss is None


def test_a_passing_candidate_leaves_no_near_miss() -> None:
    decision = judge(DROPPED, {1: DROPPED + ".", 2: STORED})
    assert [m.candidate_id for m in decision.matches] == [1]
    assert decision.near_miss is None


def test_the_closest_near_miss_is_chosen() -> None:
    closer = STORED.replace(" devastating", "")
    far, near = (judge(DROPPED, {i: t}).near_miss for i, t in ((1, STORED), (2, closer)))
    assert far is not None and near is not None and near.score > far.score
    assert near_miss(DROPPED, {1: STORED, 2: closer}) == near
    assert near_miss(DROPPED, {2: closer, 1: STORED}) == near


def test_suggest_bounds_the_tier() -> None:
    assert near_miss(DROPPED, {7: STORED}, thresholds=Thresholds(suggest=80)) is None
    # suggest = similar: no tier left, no suggestions
    assert near_miss(DROPPED, {7: STORED}, thresholds=Thresholds(suggest=85)) is None


@pytest.mark.parametrize(
    "overrides", [{"suggest": 90}, {"similar": 60}, {"similar": 80, "suggest": 80.5}]
)
def test_settings_refuse_suggest_above_similar(overrides: dict[str, float]) -> None:
    with pytest.raises(ValidationError, match=r"suggest \(.*\) must not exceed similar"):
        Settings(match_thresholds=overrides)


def test_settings_accept_suggest_up_to_similar() -> None:
    assert Settings(match_thresholds={"suggest": 85}).thresholds().suggest == 85
    assert Settings(match_thresholds={"similar": 80, "suggest": 60}).thresholds().similar == 80


def test_a_negated_reprint_is_suggested_to_a_curator_not_merged() -> None:
    decision = judge(
        "We will win this war before the winter.",
        {1: "We will not win this war before the winter."},
    )
    assert decision.matches == []
    assert decision.near_miss is not None and decision.near_miss.candidate_id == 1
