"""words_diff: what a printing cut, added, changed or elided from the canonical text."""

from __future__ import annotations

import pytest

from quotes.diff import Segment, is_verbatim, words_diff

EQ, CUT, ADD, ELIDED = "equal", "delete", "insert", "elided"


@pytest.mark.parametrize(
    ("canonical", "printed", "expected"),
    [
        ("we will see", "we will see", [(EQ, "we will see")]),
        # Typography, case and punctuation are not differences; the printed form is shown.
        ("“We’ll see — maybe.”", "We'll see, maybe", [(EQ, "We'll see, maybe")]),
        ("the colour of money", "the color of money", [(EQ, "the color of money")]),
        # A word cut, a word added, a word changed.
        ("we will not see", "we will see", [(EQ, "we will"), (CUT, "not"), (EQ, "see")]),
        ("we will see", "we will surely see", [(EQ, "we will"), (ADD, "surely"), (EQ, "see")]),
        (
            "we will see",
            "we shall see",
            [(EQ, "we"), (CUT, "will"), (ADD, "shall"), (EQ, "see")],
        ),
        # Elision marks stand for the words they cut, in every spelling.
        ("one two three four", "one … four", [(EQ, "one"), (ELIDED, "two three"), (EQ, "four")]),
        ("one two three four", "one ... four", [(EQ, "one"), (ELIDED, "two three"), (EQ, "four")]),
        ("a b c d", "a [...] d", [(EQ, "a"), (ELIDED, "b c"), (EQ, "d")]),
        ("a b c d", "a (…) d", [(EQ, "a"), (ELIDED, "b c"), (EQ, "d")]),
        ("one two three four", "one two…four", [(EQ, "one two"), (ELIDED, "three"), (EQ, "four")]),
        ("one two three four", "…three four", [(ELIDED, "one two"), (EQ, "three four")]),
        # A mark where nothing is missing is still shown, cutting nothing.
        ("one two", "one two …", [(EQ, "one two"), (ELIDED, "")]),
        # A fragment: the printing kept the middle only.
        ("one two three four", "two three", [(CUT, "one"), (EQ, "two three"), (CUT, "four")]),
        # Other scripts compare word by word too.
        ("Ես չեմ կարող", "Ես կարող եմ", [(EQ, "Ես"), (CUT, "չեմ"), (EQ, "կարող"), (ADD, "եմ")]),
        ("Я не знаю", "Я знаю", [(EQ, "Я"), (CUT, "не"), (EQ, "знаю")]),
        ("لا أعرف شيئا", "لا أعرف", [(EQ, "لا أعرف"), (CUT, "شيئا")]),
        ("we win 🎉", "we win 🎉", [(EQ, "we win 🎉")]),
        ("", "", []),
        ("", "new words", [(ADD, "new words")]),
    ],
)  # fmt: skip
def test_words_diff(canonical: str, printed: str, expected: list[Segment]) -> None:
    assert words_diff(canonical, printed) == expected


def test_printed_side_of_the_diff_is_the_printed_words() -> None:
    canonical = "It is ridiculous to think these transfers could have taken place without Moscow"
    printed = "It is absurd to think the transfers … took place without Moscow, he said"
    segments = words_diff(canonical, printed)
    shown = " ".join(text for op, text in segments if op in ("equal", "insert"))
    # The mark stays among the added words: it stands beside a change, not for cut words alone.
    assert shown.split() == printed.split()


def test_canonical_side_of_the_diff_is_the_canonical_words() -> None:
    canonical = "It is ridiculous to think these transfers could have taken place without Moscow"
    printed = "It is absurd to think the transfers … took place without Moscow"
    segments = words_diff(canonical, printed)
    kept = " ".join(text for op, text in segments if op in ("equal", "delete", "elided") and text)
    assert len(kept.split()) == len(canonical.split())


def test_markup_is_returned_as_text_for_the_template_to_escape() -> None:
    assert words_diff("a", "a <script>x</script>") == [(EQ, "a"), (ADD, "<script>x</script>")]


@pytest.mark.parametrize(
    ("printed", "verbatim"), [("we will see", True), ("We will see.", True), ("we see", False)]
)
def test_is_verbatim(printed: str, verbatim: bool) -> None:
    assert is_verbatim(words_diff("we will see", printed)) is verbatim
