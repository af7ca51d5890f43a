"""Rules added for partial quotes, loose speaker phrases and pronoun resolution (own sentences)."""

from __future__ import annotations

from quotes.extract import ExtractedItem, extract_quotes


def _triples(text: str) -> list[tuple[str, str, str | None]]:
    return [(it.kind, it.text, it.speaker) for it in extract_quotes(text)]


def _kinds(items: list[ExtractedItem], kind: str) -> list[ExtractedItem]:
    return [it for it in items if it.kind == kind]


def test_two_apostrophe_quotes_split_into_sentences_and_continue() -> None:
    text = (
        "''The council will vote on the budget in June,'' said Paula Ferris, a spokeswoman for "
        "the mayor. ''Nothing has been decided yet, and we expect a long debate.''"
    )
    got = _triples(text)
    assert got == [
        ("direct", "The council will vote on the budget in June", "Paula Ferris"),
        ("direct", "Nothing has been decided yet, and we expect a long debate.", "Paula Ferris"),
    ]


def test_partial_quote_after_a_stance_verb_gets_the_subject_and_the_clause() -> None:
    text = "Governor Ted Malloy blasted the agency for its “reckless handling” of the spill."
    items = extract_quotes(text)
    (partial,) = _kinds(items, "partial")
    assert (partial.text, partial.speaker) == ("reckless handling", "Ted Malloy")
    (clause,) = _kinds(items, "indirect")
    assert clause.text == "the agency for its “reckless handling” of the spill"


def test_partial_quote_after_a_lead_clause_and_an_auxiliary() -> None:
    text = (
        "The vote was delayed because Senate Majority Leader Ann Cole has said the bill is "
        "“not ready” for the floor."
    )
    items = extract_quotes(text)
    (partial,) = _kinds(items, "partial")
    assert partial.speaker == "Ann Cole"
    (clause,) = _kinds(items, "indirect")
    assert clause.text.startswith("the bill is “not ready”")


def test_partial_quote_in_a_participle_clause_takes_the_main_subject() -> None:
    text = "Harlan then interrupted, calling the proposal “a giveaway to the banks.”"
    items = extract_quotes(text)
    assert [it.speaker for it in items] == ["Harlan", "Harlan"]
    assert _kinds(items, "indirect")[0].text.startswith("the proposal")


def test_partial_quote_followed_by_its_attribution_keeps_the_reporters_clause() -> None:
    text = "The cuts came too late to make a “real difference,” Lopez said in an interview."
    items = extract_quotes(text)
    (clause,) = _kinds(items, "indirect")
    assert clause.text.startswith("The cuts came too late")
    assert {it.speaker for it in items} == {"Lopez"}


def test_party_tag_is_an_appositive() -> None:
    text = 'Sen. Mark Hollis, R-Ohio, told reporters that the deal was "dead on arrival."'
    items = extract_quotes(text)
    assert {it.speaker for it in items} == {"Mark Hollis"}


def test_loose_speaker_with_an_affiliation_after_the_name() -> None:
    text = (
        '"The numbers simply do not add up," Karen Ostrowski of the Brookings Institution wrote '
        'in a report. "Someone will have to pay."'
    )
    assert [s for _, _, s in _triples(text)] == ["Karen Ostrowski", "Karen Ostrowski"]


def test_loose_speaker_as_a_descriptive_noun_phrase() -> None:
    text = '"It was chaos in there," said a longtime county clerk. "Nobody knew the rules."'
    assert [s for _, _, s in _triples(text)] == ["a longtime county clerk"] * 2


def test_a_name_inside_reported_words_is_not_a_pronoun_antecedent() -> None:
    text = (
        "Nora Blake, a former prosecutor, said the plan favoured by Governor Tom Reyes would fail."
        '\n\n"It cannot survive a court challenge," she told reporters.'
    )
    items = extract_quotes(text)
    assert items[-1].speaker == "Nora Blake"


def test_a_lead_adverb_is_not_a_speaker() -> None:
    text = "Reluctantly, Ms. Green said the ruling was “fair but painful” for the family."
    assert {it.speaker for it in extract_quotes(text)} == {"Green"}


def test_plain_present_cue_after_a_plural_subject() -> None:
    text = "Many county officials privately say the new voting machines will not be ready."
    (item,) = extract_quotes(text)
    assert item.kind == "indirect"
    assert item.speaker is not None and item.speaker.endswith("officials")
    assert item.text == "the new voting machines will not be ready"


def test_tail_attribution_followed_by_a_participle_clause() -> None:
    text = (
        "The port will reopen by Friday at the earliest, a harbour official said, adding that "
        "crews were still clearing debris."
    )
    items = extract_quotes(text)
    assert items[0].text == "The port will reopen by Friday at the earliest"
    assert items[0].speaker == "a harbour official"


def test_a_later_cue_of_the_same_subject_is_tried() -> None:
    text = (
        "Mayor Joan Petty faced questions on Monday.\n\n"
        "She continued to insist that the audit would clear her office of any wrongdoing."
    )
    (item,) = extract_quotes(text)
    assert item.speaker == "Joan Petty"
    assert item.text == "the audit would clear her office of any wrongdoing"


def test_report_subject_makes_a_weak_cue_count_for_a_partial_quote() -> None:
    text = "A state audit found that the agency had kept “no usable records” for a decade."
    items = extract_quotes(text)
    assert {it.kind for it in items} == {"partial", "indirect"}


def test_descriptor_before_a_name_after_the_quote() -> None:
    text = "“We were never told the truth,” said flood survivor Dana Whitfield."
    (item,) = extract_quotes(text)
    assert item.speaker == "Dana Whitfield"
