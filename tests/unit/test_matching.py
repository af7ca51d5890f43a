"""Unit tables for quotes.matching."""

from __future__ import annotations

import pytest

from quotes.matching import Match, Thresholds, decide, score

FULL = "We will not raise taxes on working families while I am the governor of this state."
SAME_SPEAKER_OTHER = "We will not cut funding for schools while I am the governor of this state."


@pytest.mark.parametrize(
    ("query", "method"),
    [
        (FULL, "exact"),
        ("“We will not raise taxes on working families while I’m the governor of this state.”",
         "similar"),
        (FULL.upper(), "exact"),
        ("We will not raise taxes on working famlies while I am the govenor of this state.",
         "similar"),
        ("We will not raise taxes on families while I am the governor of this state.", "similar"),
        ("We will not raise taxes on working families … of this state.", "elision"),
        ("We will not raise taxes on working families while I am [the governor] of this state.",
         "elision"),
        ("We will not raise taxes [sic] on working families while I am the governor of this state.",
         "exact"),
        ("We will not raise taxes on working families (Azerbaijan.- Ed.) while I am the "
         "governor of this state.", "exact"),
    ],
)  # fmt: skip
def test_variants_match(query: str, method: str) -> None:
    m = score(query, FULL)
    assert m is not None
    assert m.method == method
    assert not m.fuller


def test_fragment_matches_partial_with_span() -> None:
    m = score("raise taxes on working families", FULL)
    assert m is not None
    assert (m.method, m.partial, m.fuller) == ("fragment", True, False)
    assert m.span is not None
    assert FULL[m.span[0] : m.span[1]] == "raise taxes on working families"


def test_full_query_is_fuller_than_stored_fragment() -> None:
    m = score(FULL, "raise taxes on working families while I am")
    assert m is not None
    assert (m.method, m.partial, m.fuller) == ("fragment", False, True)


def test_elided_stored_quote_is_fuller_side() -> None:
    m = score(FULL, "We will not raise taxes on working families ... of this state.")
    assert m is not None
    assert (m.method, m.fuller) == ("elision", True)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        (SAME_SPEAKER_OTHER, FULL),
        ("Says Chris Christie was the first governor in America to endorse Mitt Romney.",
         "Says I was the first governor in America to endorse Mitt Romney."),
        ("Congressman Duffy has long record of voting against VA backlog fixes.",
         "Congresswoman Ros-Lehtinen has long record of voting against VA backlog fixes."),
        ("the united states", "The united states has the highest corporate tax rate."),
        ("governor of this state", FULL),
        ("Says Mitt Romney flip-flopped on abortion.",
         "Says Mitt Romney flip-flopped on supporting the presidents Recovery Act."),
        ("The Walton family of Walmart owns more wealth than the bottom 40 percent.",
         "The Walton family ... This one family owns more wealth than 40 percent of people."),
        # a negation added or dropped says the opposite: never one quote
        ("We will win this war.", "We will not win this war."),
        ("I have ever taken money from that firm.", "I have never taken money from that firm."),
        ("We can afford to wait for the report.", "We can't afford to wait for the report."),
        ("our troops will leave the country before winter",
         "The minister said our troops will not leave the country before winter, come what may."),
    ],
)  # fmt: skip
def test_different_statements_do_not_match(query: str, candidate: str) -> None:
    assert score(query, candidate) is None


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # a typo in the negation itself is still the negation
        ("Nobody in this government has read the report, and it shows in every decision",
         "Noody in this government has read the report, and it shows in every decision"),
        ("The bridge was built on time and under budget, which noboy believed we could do",
         "The bridge was built on time and under budget, which nobody believed we could do"),
        # a reprint cut down at one end that also carries a typo: dropped words, no substitution
        ("promised compensation for the drought and most of them are still waiting",
         "Farmers were promised compensation for the drougt and most of them are still waiting"),
        ("The new line will cut the commute in half for forty thousand people",
         "The new line will cut the commue in half for forty thousand people every morning"),
    ],
)  # fmt: skip
def test_reprints_with_typos_match(query: str, candidate: str) -> None:
    assert score(query, candidate) is not None
    assert score(candidate, query) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Հայաստանի Հանրապետությունը ինքնիշխան, ժողովրդավարական պետություն է։",
        "Мы будем строить новую экономику для всех граждан страны.",
    ],
)
def test_other_scripts_match_themselves(text: str) -> None:
    m = score(text, text)
    assert m is not None and m.method == "exact" and m.span == (0, len(text))
    assert score(text.upper(), text) is not None


@pytest.mark.parametrize(
    ("uk", "us"),
    [
        ("The colour of the labour centre will be analysed and organised.",
         "The color of the labor center will be analyzed and organized."),
    ],
)  # fmt: skip
def test_british_american_spelling_is_exact(uk: str, us: str) -> None:
    m = score(uk, us)
    assert m is not None and m.method == "exact"


def test_decide_orders_best_first_and_filters() -> None:
    cands = {
        1: SAME_SPEAKER_OTHER,
        2: FULL,
        3: FULL.replace("working", "wroking"),
        4: "Something else entirely, about the weather and the price of eggs in spring.",
    }
    out = decide(FULL, cands)
    assert [m.candidate_id for m in out] == [2, 3]
    assert all(isinstance(m, Match) for m in out)


def test_thresholds_are_respected() -> None:
    q = FULL.replace("working", "wroking")
    assert score(q, FULL, thresholds=Thresholds(similar=99.9, substituted=99.9)) is None
    assert score(q, FULL, candidate_id=7) == Match(7, score(q, FULL).score, "similar",  # type: ignore[union-attr]
                                                   span=(0, len(FULL)))  # fmt: skip


def test_empty_texts_never_match() -> None:
    assert score("", "") is None
    assert score("...", FULL) is None


def test_a_long_word_is_prepared_in_linear_time() -> None:
    import time

    from quotes.matching import prepare

    timings = []
    for n in (10_000, 40_000):
        word = "a" * n + " 5 percent"
        t = time.perf_counter()
        assert prepare(word).numbers == ("5",)
        timings.append(time.perf_counter() - t)
    # quadratic backtracking (\S*\d\S*) took about a second at 10,000 letters
    assert timings[1] < 0.5


def test_stored_forms_cache_is_bounded_in_characters() -> None:
    from quotes.matching import _StoredForms

    cache = _StoredForms(max_chars=10_000)
    for i in range(50):
        cache.get(f"quote number {i} " + "x" * 500, f"quote number {i} " + "x" * 500)
    assert cache.chars <= 10_000
    assert len(cache._items) < 50


def test_counting_substituted_words_stops_early_without_changing_the_verdict() -> None:
    """Texts that share only a phrase differ by dozens of words; the decision needs to know
    0, 1 or "two or more", and stopping there must give the same verdict as counting them all."""
    import random

    from quotes.matching import _sloppy_words, _substitutions

    rng = random.Random(7)
    vocab = ["tax", "taxes", "cut", "cuts", "jobs", "job", "the", "a", "never", "ever", "plan"]
    vocab += [f"word{i}" for i in range(30)]
    for _ in range(3000):
        a = [rng.choice(vocab) for _ in range(rng.randint(0, 14))]
        b = [rng.choice(vocab) for _ in range(rng.randint(0, 14))]
        full = max(_substitutions(a, b), _substitutions(b, a))
        assert _sloppy_words(a, b) == min(2, full)
        assert (_substitutions(a, b, enough=1) > 0) == (_substitutions(a, b) > 0)
