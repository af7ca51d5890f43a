"""Each extraction rule, shown on a short news-style passage written for the test."""

from __future__ import annotations

import pytest

from quotes.extract import ExtractedItem, extract_quotes, strip_html
from quotes.extract.marks import find_quote_spans
from quotes.extract.names import NameIndex, clean_name
from quotes.extract.patterns import CUE_FORMS, CUE_VERBS


def _by_text(items: list[ExtractedItem]) -> dict[str, ExtractedItem]:
    return {it.text: it for it in items}


def _speakers(text: str) -> list[tuple[str, str, str | None]]:
    return [(it.kind, it.text, it.speaker) for it in extract_quotes(text)]


# --- quote marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ('"We will not back down," Mayor Anne Hidalgo said.', "We will not back down",
         "Anne Hidalgo"),
        ("“We will not back down,” Mayor Anne Hidalgo said.", "We will not back down",
         "Anne Hidalgo"),
        ("«We will not back down», Mayor Anne Hidalgo said.", "We will not back down",
         "Anne Hidalgo"),
        ("“He told me ‘never again’ and I believed him,” Mayor Anne Hidalgo said.",
         "He told me ‘never again’ and I believed him", "Anne Hidalgo"),
        ("„Wir schaffen das“, said Chancellor Angela Merkel.", "Wir schaffen das",
         "Angela Merkel"),
    ],
)  # fmt: skip
def test_quote_marks_of_every_style(text: str, quote: str, speaker: str) -> None:
    items = extract_quotes(text)
    assert [(it.text, it.kind, it.speaker) for it in items] == [(quote, "direct", speaker)]


def test_item_offsets_are_code_points_of_the_input() -> None:
    text = "Préambule — “Ça suffit,” said Jean-Luc Mélenchon, the party leader."
    (item,) = extract_quotes(text)
    assert text[item.start : item.end] == item.text == "Ça suffit"
    assert item.speaker_role == "the party leader"


def test_find_quote_spans_reopens_a_multi_paragraph_quote() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    spans = find_quote_spans(text)
    assert [(text[s.start : s.end], s.closed, s.continues) for s in spans] == [
        ("First paragraph of the quote.", False, True),
        ("Second paragraph,", True, False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He said “this never ends. And nobody closed it",
        "Stray ” closing mark and “ opening ” “ marks",
        '"""',
        "«»“”„",
        "“" * 50,
    ],
)
def test_unbalanced_marks_never_raise(text: str) -> None:
    items = extract_quotes(text)
    for it in items:
        assert text[it.start : it.end] == it.text


@pytest.mark.parametrize("text", ["", "   \n\n ", "No quotes at all in this plain sentence."])
def test_empty_or_quote_free_text_gives_nothing(text: str) -> None:
    assert extract_quotes(text) == []


# --- attribution after and before the quote ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "role", "cue", "via"),
    [
        (
            "“The deal is dead,” Senator Mark Warner told Reuters on Monday.",
            "Mark Warner", None, "told", "Reuters",
        ),
        (
            "“The deal is dead,” said Mark Warner, a Democrat from Virginia.",
            "Mark Warner", "a Democrat from Virginia", "said", None,
        ),
        (
            "“The deal is dead,” Mark Warner, a Democrat from Virginia, said.",
            "Mark Warner", "a Democrat from Virginia", "said", None,
        ),
        (
            "“The deal is dead,” Mark Warner, a Democrat from Virginia told CNN.",
            "Mark Warner", "a Democrat from Virginia", "told", "CNN",
        ),
        (
            "“The deal is dead,” according to Mark Warner, a Democrat from Virginia.",
            "Mark Warner", "a Democrat from Virginia", "according to", None,
        ),
        (
            "Mark Warner said in a statement: “The deal is dead.”",
            "Mark Warner", None, "said", None,
        ),
        (
            "According to Mark Warner, “The deal is dead and buried.”",
            "Mark Warner", None, "According to", None,
        ),
        (
            "“The deal is dead.” ― Mark Warner, senator from Virginia",
            "Mark Warner", "senator from Virginia", None, None,
        ),
        (
            "“The deal is dead,” Clinton campaign manager Robby Mook said.",
            "Robby Mook", "Clinton campaign manager", "said", None,
        ),
        (
            "“The deal is dead,” the spokeswoman said.",
            "the spokeswoman", None, "said", None,
        ),
    ],
)  # fmt: skip
def test_attribution_patterns(
    text: str, speaker: str, role: str | None, cue: str | None, via: str | None
) -> None:
    item = next(it for it in extract_quotes(text) if it.kind == "direct")
    assert item.text.startswith(("The deal is dead", "the deal is dead"))
    assert (item.speaker, item.speaker_role, item.cue, item.via_outlet) == (speaker, role, cue, via)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We reviewed the files,” Politico reported.", "Politico"),
        ("“We reviewed the files,” Politico said.", "Politico"),
        ("“We reviewed the files,” The New York Times reported.", "The New York Times"),
        ("“We reviewed the files,” the State Department said.", "State Department"),
    ],
)
def test_organisations_and_outlets_speak(text: str, speaker: str) -> None:
    (item,) = extract_quotes(text)
    assert item.speaker == speaker


def test_a_paragraph_ending_in_a_colon_introduces_the_next_quote() -> None:
    text = "Senator Tim Kaine continued:\n\n“We will hold hearings next week on the budget.”"
    (item,) = extract_quotes(text)
    assert (item.speaker, item.cue) == ("Tim Kaine", "continued")


def test_transcript_labels_name_the_speaker() -> None:
    text = (
        "Mike Pence spoke to Chris Wallace on Sunday.\n\n"
        "WALLACE: Will you attend the debate tomorrow night?\n\n"
        "PENCE: Well, look, I will be there and I will be cheering.\n"
    )
    got = [(it.text, it.speaker) for it in extract_quotes(text) if it.kind == "direct"]
    assert got == [
        ("Will you attend the debate tomorrow night?", "Chris Wallace"),
        ("Well, look, I will be there and I will be cheering.", "Mike Pence"),
    ]


# --- split, multi-paragraph and continued quotes -----------------------------------------------


def test_a_quote_split_by_its_attribution_gives_two_items_with_one_speaker() -> None:
    text = "“We are ready,” Gov. Gretchen Whitmer said. “The plan starts on Monday.”"
    assert _speakers(text) == [
        ("direct", "We are ready", "Gretchen Whitmer"),
        ("direct", "The plan starts on Monday.", "Gretchen Whitmer"),
    ]


def test_a_multi_paragraph_quote_keeps_its_speaker() -> None:
    text = (
        "Sen. Lindsey Graham said the vote would be close.\n\n"
        "“We do not have the numbers yet.\n\n"
        "“But we will get there by Friday,” he said.\n"
    )
    direct = [(t, s) for k, t, s in _speakers(text) if k == "direct"]
    assert direct == [
        ("We do not have the numbers yet.", "Lindsey Graham"),
        ("But we will get there by Friday", "Lindsey Graham"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # same paragraph, after the attributed quote
        "“Prices keep rising,” said Maria Lopez, a shop owner in Phoenix. “Nobody can plan.”",
        # next paragraph, no cue of its own
        "“Prices keep rising,” said Maria Lopez, a shop owner in Phoenix.\n\n“Nobody can plan.”",
        # a quote before the attributed one in the same paragraph
        "“Nobody can plan.” “Prices keep rising,” said Maria Lopez, a shop owner in Phoenix.",
    ],
)
def test_a_quote_without_a_cue_continues_the_adjacent_speaker(text: str) -> None:
    item = _by_text(extract_quotes(text))["Nobody can plan."]
    assert (item.speaker, item.speaker_role) == ("Maria Lopez", "a shop owner in Phoenix")


# --- speaker resolution ------------------------------------------------------------------------


def test_surname_resolves_to_the_full_name_introduced_earlier() -> None:
    text = (
        "Ivana Stradner studies Russian influence operations.\n\n"
        "“Moscow knew everything,” Stradner said."
    )
    (item,) = extract_quotes(text)
    assert item.speaker == "Ivana Stradner"


@pytest.mark.parametrize(
    ("pronoun", "speaker"),
    [("she", "Nancy Pelosi"), ("he", "Kevin McCarthy")],
)
def test_pronouns_resolve_to_the_nearest_speaker_of_that_gender(pronoun: str, speaker: str) -> None:
    text = (
        "“We have the votes,” Nancy Pelosi told reporters.\n\n"
        "“They do not,” Kevin McCarthy said.\n\n"
        f"“We will see on Tuesday,” {pronoun} said."
    )
    item = _by_text(extract_quotes(text))["We will see on Tuesday"]
    assert item.speaker == speaker


def test_gender_hints_come_from_honorifics_and_pronouns() -> None:
    text = "Mr. Adebayo Okonkwo arrived late. Chioma Eze said she was not surprised."
    names = NameIndex(text)
    assert names.gender_of("Adebayo Okonkwo") == "m"
    assert names.gender_of("Chioma Eze") == "f"


def test_role_and_outlet_carry_over_to_a_pronoun_quote() -> None:
    text = (
        "“It is a breach,” Eduard Arakelyan, an analyst in Yerevan, told Politico.\n\n"
        "“There is no loyalty,” he added."
    )
    item = _by_text(extract_quotes(text))["There is no loyalty"]
    assert (item.speaker, item.speaker_role, item.via_outlet, item.cue) == (
        "Eduard Arakelyan", "an analyst in Yerevan", "Politico", "added",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sen. Elizabeth Warren", "Elizabeth Warren"),
        ("Former President Barack Obama", "Barack Obama"),
        ("Rep. Jim Clyburn (D-S.C.)", "Jim Clyburn"),
        ("Trump’s", "Trump"),
        ("Don’t", ""),
    ],
)
def test_clean_name_drops_titles_and_tags(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


# --- indirect speech ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue", "via"),
    [
        (
            "The ministry announced that the border would reopen on Monday.",
            "the border would reopen on Monday", "The ministry", "announced", None,
        ),
        (
            "Eduard Arakelyan, an analyst in Yerevan, verified to Politico that the documents "
            "were genuine.",
            "the documents were genuine", "Eduard Arakelyan", "verified", "Politico",
        ),
        (
            "Governor Gavin Newsom said that the state would sue the administration.",
            "the state would sue the administration", "Gavin Newsom", "said", None,
        ),
        (
            "Governor Gavin Newsom said Tuesday the state would sue the administration.",
            "the state would sue the administration", "Gavin Newsom", "said", None,
        ),
        (
            "The state will sue the administration over the rule, Gavin Newsom said.",
            "The state will sue the administration over the rule", "Gavin Newsom", "said", None,
        ),
        (
            "The state will sue the administration, according to Gavin Newsom.",
            "The state will sue the administration", "Gavin Newsom", "according to", None,
        ),
        (
            "On Thursday, Politico reported that it had reviewed a cache of letters.",
            "it had reviewed a cache of letters", "Politico", "reported", None,
        ),
    ],
)  # fmt: skip
def test_indirect_speech_patterns(
    text: str, content: str, speaker: str, cue: str, via: str | None
) -> None:
    (item,) = extract_quotes(text)
    assert (item.kind, item.text, item.speaker, item.cue, item.via_outlet) == (
        "indirect", content, speaker, cue, via,
    )  # fmt: skip


def test_reported_remarks_are_attributed_to_the_one_who_made_them() -> None:
    text = (
        "The premier cited remarks by President Viktor Orban of Hungary, who during a visit to "
        "Belgrade boasted to his Serbian counterpart, Aleksandar Vucic, of Budapest’s support "
        "for the pipeline."
    )
    (item,) = extract_quotes(text)
    assert (item.kind, item.speaker, item.cue) == ("indirect", "Viktor Orban", "boasted")
    assert item.text == "Budapest’s support for the pipeline"


def test_a_partial_quote_takes_the_speaker_of_its_sentence() -> None:
    text = "Sen. Harry Reid described the nominee as a “con artist” on Tuesday."
    items = extract_quotes(text)
    partial = next(it for it in items if it.kind == "partial")
    assert (partial.text, partial.speaker) == ("con artist", "Harry Reid")
    clause = next(it for it in items if it.kind == "indirect")
    assert clause.text == "the nominee as a “con artist” on Tuesday"


@pytest.mark.parametrize(
    "text",
    [
        "She appeared on “Face the Nation” last week.",
        "The so-called “deplorables” were in the news again.",
    ],
)
def test_titles_and_scare_quotes_are_not_quotes(text: str) -> None:
    assert extract_quotes(text) == []


# --- HTML and rule tables ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("<p>“Yes,” she said.</p><p>Then &ldquo;no&rdquo;.</p>", "“Yes,” she said.\nThen “no”."),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("Plain text with a < sign and no tags.", "Plain text with a < sign and no tags."),
    ],
)
def test_strip_html(raw: str, plain: str) -> None:
    assert strip_html(raw) == plain


def test_cue_table_lists_every_inflection() -> None:
    assert {"said", "says", "saying", "told", "boasted", "verified"} <= set(CUE_FORMS)
    assert all(len(forms) == 3 for forms in CUE_VERBS.values())


def test_two_apostrophes_work_as_a_quote_mark() -> None:
    text = "''There's a lot of new complexity,'' said Leonard Burman, an economist."
    (item,) = extract_quotes(text)
    assert (item.text, item.speaker) == ("There's a lot of new complexity", "Leonard Burman")


def test_a_lowercase_second_half_of_a_split_quote_stays_direct() -> None:
    text = '"We owe them honesty," Mr. Obama said, "and to say that the economy is shifting."'
    got = [(it.kind, it.text, it.speaker) for it in extract_quotes(text)]
    assert got == [
        ("direct", "We owe them honesty", "Obama"),
        ("direct", "and to say that the economy is shifting.", "Obama"),
    ]
