"""Unit tables for quotes.normalize."""

from __future__ import annotations

import pytest

from quotes.normalize import canonical, normalize, segments, spelling_key, tokens, word_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We’ll see.", "well see"),
        ("We'll see.", "well see"),
        ("“Quoted”  text", "quoted text"),
        ("a\u00a0b\u200bc — d–e", "a bc d e"),
        ("HELLO World", "hello world"),
        ("soft\u00adhyphen", "softhyphen"),
        ("It is [the government] that … must act", "it is that must act"),
        ("[W]e will act", "we will act"),
        ("Baku (Azerbaijan.- Ed.) is calm", "baku is calm"),
        ("Ես եմ, Հայաստան։", "ես եմ հայաստան"),
        ("Привет, мир!", "привет мир"),
        ("Καλημέρα κόσμε", "καλημέρα κόσμε"),
        ("ﬁne café", "fine café"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is [the government] that … must act", ["it is", "that", "must act"]),
        ("one ... two. . . three", ["one", "two", "three"]),
        ("no marks here", ["no marks here"]),
    ],
)
def test_segments(text: str, expected: list[str]) -> None:
    assert segments(text) == expected


def test_tokens() -> None:
    assert tokens("We’ll see, then.") == ["well", "see", "then"]


@pytest.mark.parametrize(
    "text",
    [
        "“We’ll see…” — she [Obama] said (Azerbaijan.- Ed.) and left.",
        "Ես եմ, Привет мир, ﬁne café x\u200by",
        "  leading and trailing  ",
        "e\u0301cole combining",
        "[W]e will see (Azerbaijan.- Ed.) … it’s done",
    ],
)
def test_word_spans_point_at_verbatim_words(text: str) -> None:
    spans = word_spans(text)
    words = normalize(text).split()
    assert len(spans) == len(words)
    for (a, b), w in zip(spans, words, strict=True):
        assert normalize(text[a:b]) == w


@pytest.mark.parametrize(
    ("uk", "us"),
    [
        ("colour", "color"),
        ("favourite", "favorite"),
        ("neighbourhood", "neighborhood"),
        ("organise", "organize"),
        ("organisation", "organization"),
        ("analysed", "analyzed"),
        ("centre", "center"),
        ("theatres", "theaters"),
        ("defence", "defense"),
        ("travelled", "traveled"),
        ("programme", "program"),
    ],
)
def test_spelling_key_folds_uk_to_us(uk: str, us: str) -> None:
    assert spelling_key(uk) == spelling_key(us)


@pytest.mark.parametrize("word", ["four", "your", "hour", "tour", "the", "president", "мир"])
def test_spelling_key_keeps_other_words(word: str) -> None:
    assert spelling_key(word) == word


def test_canonical_keeps_word_count() -> None:
    n = normalize("The colour of the centre")
    assert canonical(n) == "the color of the center"
