"""Hard cases of newsroom copy (issue 10), each on sentences written for the test."""

from __future__ import annotations

import pytest

from quotes.extract import extract_quotes

LINE = "That is a ridiculous idea from start to finish."


def _quotes(text: str) -> list[tuple[str, str | None]]:
    return [(i.text, i.speaker) for i in extract_quotes(text) if i.kind != "indirect"]


@pytest.mark.parametrize(
    "text",
    [
        'The governor attacked so-called "woke" policies in his speech on Monday.',
        'Critics praised the film "Oppenheimer" at the festival this week.',
        "The group, nicknamed “the Squad,” met on Tuesday.",
    ],
)
def test_scare_quotes_and_titles_are_not_statements(text: str) -> None:
    assert _quotes(text) == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (f"“{LINE}” — Senator Jane Doe", "Jane Doe"),
        (f"Jane Doe said: “{LINE}”", "Jane Doe"),
        (f"“{LINE[:-1]},” Jane Doe sighed.", "Jane Doe"),
        (f"“{LINE[:-1]},” Jane Doe scoffed.", "Jane Doe"),
        (f"“{LINE[:-1]},” Jane Doe quipped.", "Jane Doe"),
        (f"“{LINE[:-1]},” Jane Doe conceded.", "Jane Doe"),
        (f"“{LINE[:-1]},” Jane Doe tweeted.", "Jane Doe"),
        (f"Jane Doe wrote in a post on X: “{LINE}”", "Jane Doe"),
        (f"“{LINE[:-1]},” said Mr. Smith.", "Smith"),
        (f"According to Jane Doe, “{LINE}”", "Jane Doe"),
        (f"“{LINE[:-1]},” Jane Doe said in a statement.", "Jane Doe"),
        (f"In an interview with CNN, Jane Doe said: “{LINE}”", "Jane Doe"),
        (f"“{LINE[:-1]},” the ministry said.", "the ministry"),
        (f"“{LINE[:-1]},” the White House said in a statement.", "White House"),
    ],
)
def test_cue_forms_name_the_speaker(text: str, speaker: str) -> None:
    assert _quotes(text) == [(LINE.rstrip("."), speaker)] or _quotes(text) == [(LINE, speaker)]


def test_odd_number_of_quote_marks_keeps_the_quote() -> None:
    text = 'Smith said: "We will not back down from this fight. And then he left the room.'
    (item,) = _quotes(text)
    assert item[1] == "Smith" and item[0].startswith("We will not back down")


def test_quote_over_paragraphs_with_repeated_opening_mark_keeps_its_speaker() -> None:
    text = (
        "“We will not back down,” Jane Doe said. “We never have.\n\n"
        "“And we never will, whatever they throw at us.”"
    )
    assert [s for _, s in _quotes(text)] == ["Jane Doe"] * 3


def test_transcript_with_named_answers_attributes_each_answer() -> None:
    text = f"Q: What will you do next?\n\nJANE DOE: {LINE}\n\nQ: And then?\n\nJANE DOE: {LINE}"
    assert _quotes(text) == [(LINE, "Jane Doe")] * 2


def test_nested_quote_is_one_quote() -> None:
    text = "“He told me ‘never’ and walked out of the room,” Jane Doe said."
    assert _quotes(text) == [("He told me ‘never’ and walked out of the room", "Jane Doe")]


def test_spokesperson_speaks_for_whom_they_represent() -> None:
    (item,) = extract_quotes(f"“{LINE[:-1]},” a spokesman for Senator Jane Doe said.")
    assert item.speaker == "a spokesman for Senator Jane Doe"
    assert item.represented == "Senator Jane Doe"


def test_spokesperson_in_a_role_names_the_represented_body() -> None:
    (item,) = extract_quotes(f"“{LINE[:-1]},” said Ann Lee, a spokeswoman for the ministry.")
    assert (item.speaker, item.represented) == ("Ann Lee", "the ministry")


@pytest.mark.parametrize(
    ("text", "speaker", "rule"),
    [
        (f"From Senator Jane Doe:\n\n“{LINE}”", "Jane Doe", "from-name-colon"),
        (f"Jane Doe was quoted as saying, “{LINE}”", "Jane Doe", "name-quoted-as-saying"),
        (
            f"Jane Doe spoke to reporters on Monday after the vote.\n\n“{LINE}”",
            "Jane Doe", "previous-paragraph-subject",
        ),
        (f"“{LINE}” -- Jane Doe", "Jane Doe", "quote-dash-name"),
        (f"“{LINE}” — Sen. Jane Doe, D-Calif.", "Jane Doe", "quote-dash-name"),
    ],
)  # fmt: skip
def test_speaker_outside_the_quote_sentence(text: str, speaker: str, rule: str) -> None:
    (item,) = extract_quotes(text)
    assert (item.text, item.speaker, item.rule) == (LINE, speaker, rule)


def test_a_paragraph_about_someone_else_does_not_name_a_continued_speaker() -> None:
    text = f"“{LINE[:-1]},” Jane Doe said.\n\nThe council meets again in June.\n\n“{LINE}”"
    assert [s for _, s in _quotes(text)] == ["Jane Doe", None]


def test_a_named_organisation_before_a_quote_paragraph_is_no_speaker() -> None:
    text = f"Republicans blocked the bill on Monday.\n\n“{LINE}”"
    assert _quotes(text) == [(LINE, None)]


def test_question_and_answer_transcript_gives_the_answers_to_the_interviewee() -> None:
    text = (
        "Our reporter spoke with Senator Jane Doe about the budget.\n\n"
        f"Q: What will you do next?\n\nA: {LINE}\n\nQ: And then?\n\nA: {LINE}"
    )
    items = extract_quotes(text)
    assert [(i.text, i.speaker, i.rule) for i in items] == [
        (LINE, "Jane Doe", "transcript-answer")
    ] * 2


def test_questions_of_a_transcript_are_not_statements_of_the_source() -> None:
    text = f"Q: Is “{LINE}” what you said?\n\nA: {LINE}\n\nQ: And then?\n\nA: {LINE}"
    assert _quotes(text) == [(LINE, None)] * 2


def test_transcript_with_names_in_bold_attributes_each_answer() -> None:
    text = (
        f"**Q:** What will you do next?\n\n**Jane Doe:** {LINE}\n\n"
        f"**Q:** And then?\n\n**Jane Doe:** {LINE}"
    )
    assert _quotes(text) == [(LINE, "Jane Doe")] * 2


def test_answers_of_an_unlabelled_interviewee_take_the_one_named_label() -> None:
    text = f"Q: What will you do next?\n\nJANE DOE: {LINE}\n\nQ: And then?\n\nA: {LINE}"
    assert _quotes(text) == [(LINE, "Jane Doe")] * 2


def test_a_place_is_never_the_speaker() -> None:
    """In "Speaking in Salem, New Hampshire, Trump …" the state says where, not who; the "He
    says" after it is Trump's, not New Hampshire's."""
    text = (
        "Speaking at a town hall event in Salem, New Hampshire, Donald Trump went after Jeb Bush, "
        "calling him “a total stiff.”\n\n"
        "He says, “Here’s a guy who would not get hired to do anything.”"
    )
    items = extract_quotes(text)
    assert items
    assert all(it.speaker == "Donald Trump" for it in items), [(i.text, i.speaker) for i in items]


@pytest.mark.parametrize(
    ("text", "content", "rule"),
    [
        # a colon introduces the words of the sentence's named subject, whatever its verb
        (f"Jane Doe turned to the crowd with a grin: “{LINE}”", LINE, "colon-subject-quote"),
        (f"Jane Doe has taken the view common among her colleagues: “{LINE}”", LINE,
         "colon-subject-quote"),
        # a verb in the past right after “…,” and a name, on either side
        (f"“{LINE[:-1]},” Jane Doe barked, and the room went quiet.", LINE[:-1],
         "quote-name-verbed"),
        (f"“{LINE[:-1]}!” beamed Jane Doe of Madison, who had waited all day.", f"{LINE[:-1]}!",
         "quote-name-verbed"),
        (f"“{LINE[:-1]},” an angry Jane Doe retaliated.", LINE[:-1], "quote-name-verbed"),
        (f"“{LINE[:-1]},” Jane Doe shot back.", LINE[:-1], "quote-name-verbed"),
        # "demanded" is a weak cue before a clause ("demanded that …"), not after a quote
        ("“Why is this not crystal clear?” Jane Doe demanded.", "Why is this not crystal clear?",
         "quote-name-verbed"),
        # a descriptor no role list knows, or an aside, between the name and "said"
        (f"Billionaire tycoon Jane Doe said, “{LINE}”", LINE, "trailing-name-said"),
        (f"“{LINE[:-1]},” Jane Doe — in a rare interview — said on Monday.", LINE[:-1],
         "aside-subject-said"),
    ],
)  # fmt: skip
def test_uncommon_verbs_next_to_a_quote_name_its_speaker(
    text: str, content: str, rule: str
) -> None:
    items = [(i.kind, i.text, i.speaker, i.rule) for i in extract_quotes(text)]
    assert items == [("direct", content, "Jane Doe", rule)]


def test_a_quote_without_a_comma_inside_its_marks_takes_no_verb_after_it() -> None:
    # “…” then a name and a verb, no comma, "!" or "?" inside the marks: not its speaker
    text = f"She read out “{LINE[:-1]}” Jane Doe recalled later in the day."
    assert "quote-name-verbed" not in [i.rule for i in extract_quotes(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (f"“{LINE[:-1]},” said a person close to the Clintons. “We saw it coming.”",
         "a person close to the Clintons"),
        # the quote goes on after the source: the source ends at its opening mark
        (f"“{LINE[:-1]},” said an Iowa Democrat, “and we saw it coming.”", "an Iowa Democrat"),
    ],
)  # fmt: skip
def test_an_unnamed_source_after_said_is_the_speaker(text: str, speaker: str) -> None:
    assert _quotes(text)[0] == (LINE[:-1], speaker)


def test_a_quote_that_ends_its_sentence_is_not_given_to_the_next_sentences_subject() -> None:
    # the period inside the marks ends the sentence: "Jo Ames said …" is a statement of its own
    text = "Jane Doe, the mayor, spoke first. “We will rebuild the bridge.” Jo Ames said the state "
    text += "would pay for it."
    assert ("We will rebuild the bridge.", "Jo Ames") not in _quotes(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a word that opens the sentence is passed over for the subject after the comma
        ("Early in his campaign, Jo Ames attacked the mayor, calling him “a failed candidate.”",
         "Jo Ames"),
        # a participle that opens the sentence is no one: the speaker stays unknown
        ("Reprising one of her lines, the former senator talked about continuing the “progress "
         "we had under the last mayor.”", None),
        # a past participle opens the sentence: the subject after its comma speaks
        ("Reached by the Ledger, Jo Ames denied it, explaining that he was “taking a day off.”",
         "Jo Ames"),
        # "There’s …" opens the sentence and is no one
        ("There’s still time for Jo Ames to mend fences, even after dismissing them as the "
         "“Washington cartel” and calling the leader a liar.", None),
        # a name that ends in -ing, written whole elsewhere in the article, is someone
        ("Chelsea Manning spoke first. Manning called the files “a matter of conscience.”",
         "Chelsea Manning"),
    ],
)  # fmt: skip
def test_a_word_that_opens_a_sentence_is_not_a_speaker(text: str, speaker: str | None) -> None:
    speakers = {i.speaker for i in extract_quotes(text)}
    assert speakers <= {speaker}, speakers
    assert not speakers & {"Reprising", "Early", "Reached", "There’s"}


@pytest.mark.parametrize(
    ("text", "speaker", "rule"),
    [
        (f"Another resident responded, “{LINE}”", "Another resident", "name-said-quote"),
        # a second verb: the subject of the first one, a person the article names in full
        (f"Jane Doe spoke first. Doe called on him to resign and said, “{LINE}”", "Jane Doe",
         "clause-and-said-quote"),
        # a whole quote after a comma, introduced by a named subject and any verb
        (f"After the vote, Jane Doe issued a statement, “{LINE}”", "Jane Doe",
         "comma-subject-quote"),
    ],
)  # fmt: skip
def test_quotes_introduced_by_a_comma_name_their_speaker(
    text: str, speaker: str, rule: str
) -> None:
    items = [(i.kind, i.text, i.speaker, i.rule) for i in extract_quotes(text)]
    assert [it for it in items if it[0] == "direct"] == [("direct", LINE, speaker, rule)]


def test_a_pronoun_before_a_comma_and_any_verb_is_no_speaker() -> None:
    # "She followed that by saying, “…”" resolved "She" to whoever the article named last
    text = f"Jane Doe spoke first. Later Ann Lee arrived. She passed out flyers, “{LINE}”"
    assert [i.rule for i in extract_quotes(text)] != ["comma-subject-quote"]


def test_a_short_sentence_before_a_quote_names_its_speaker() -> None:
    # the quote opens its sentence; the sentence just before names someone new
    text = (f"“{LINE[:-1]},” said Jane Doe, a pollster.\n\nAnn Lee agreed with her. "
            f"“{LINE}”")  # fmt: skip
    assert [(i.speaker, i.rule) for i in extract_quotes(text)] == [
        ("Jane Doe", "quote-said-name"),
        ("Ann Lee", "previous-sentence-subject"),
    ]


@pytest.mark.parametrize(
    "text", ["Asked whether she would run again, Jane Doe said, “Probably.”",
             "Jane Doe said: “Never.”"],
)  # fmt: skip
def test_a_one_word_answer_after_said_and_a_comma_is_a_quote(text: str) -> None:
    answer = text.rsplit("“", 1)[1].rstrip("”")
    assert (answer, "Jane Doe") in _quotes(text)


def _items(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (i.text, i.speaker, i.speaker_role) for i in extract_quotes(text) if i.kind != "indirect"
    ]


def test_a_described_name_after_said_keeps_its_appositive_as_role() -> None:
    text = (
        f"“{LINE[:-1]},” said master of ceremonies Asab Tabchi, a Syrian engineer who moved"
        " to Clarkston decades ago."
    )
    assert _items(text) == [
        (LINE[:-1], "Asab Tabchi", "a Syrian engineer who moved to Clarkston decades ago")
    ]


@pytest.mark.parametrize("role", ["speechwriter", "neurosurgeon", "entrepreneur", "journalist"])
def test_more_role_words_describe_a_speaker(role: str) -> None:
    text = f"“{LINE[:-1]},” former George W. Bush {role} Noam Neusner wrote in a column."
    assert _quotes(text) == [(LINE[:-1], "Noam Neusner")]


def test_a_sentence_that_is_a_name_and_a_colon_introduces_that_person() -> None:
    text = (
        "Jeb Bush and Hillary Clinton reject the term.\n\n"
        f'Clinton: "{LINE}" Bush: "Our goal is to defeat them, not to contain them."\n\n'
        f'Rep. Trey Gowdy (R-S.C.):"{LINE}"\n\n'
        f'Former secretary of state Madeleine Albright: "{LINE}"'
    )
    assert [s for _, s in _quotes(text)] == [
        "Hillary Clinton",
        "Jeb Bush",
        "Trey Gowdy",
        "Madeleine Albright",
    ]


@pytest.mark.parametrize(
    "lead", ["Note", "Update", "Editor’s Note", "Full Text", "From The Archive", "Washington"]
)
def test_a_colon_after_words_that_name_no_one_gives_no_speaker(lead: str) -> None:
    text = f"The city wrote to residents on Monday.\n\n{lead}: “{LINE}”"
    assert _quotes(text) == [(LINE, None)]


def test_a_signature_line_after_a_quote_names_its_speaker() -> None:
    text = (
        "Readers wrote in.\n\n"
        f"“{LINE}”\n\n- Bernie Sanders.\n\n"
        f"“{LINE}”\n\n—Michelle Marks, Philadelphia.\n\n"
        f"“{LINE}”\n\n- The senator is relying on an outdated statistic, as we said before."
    )
    assert _items(text) == [
        (LINE, "Bernie Sanders", None),
        (LINE, "Michelle Marks", "Philadelphia"),
        (LINE, None, None),
    ]


def test_a_participle_after_with_and_a_name_is_that_persons() -> None:
    text = (
        "Republicans were irritated about the lack of detail, with Sen. John McCain calling it"
        " a “Chinese menu.” Democrats were quick to chime in, with Nancy Pelosi tweeting that"
        " it was a “disaster” for the country."
    )
    assert _quotes(text) == [("Chinese menu.", "John McCain"), ("disaster", "Nancy Pelosi")]


def test_a_name_after_a_preposition_is_no_described_speaker() -> None:
    text = (
        "Speaking to journalist Matei Rosca last year, Lazar said he welcomed extradition to the"
        f" United States and added, “{LINE}”"
    )
    assert _quotes(text) == [(LINE, "Lazar")]


def test_a_list_of_names_before_said_is_no_speaker_with_a_role() -> None:
    text = (
        "“If there had not been that intervention” by the United States, NATO and other world"
        " partners, Clinton said at a town hall on Monday, “we would be looking at something"
        " much worse.”"
    )
    assert "United States" not in [s for _, s in _quotes(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (f"Former Republican presidential candidate Jeb Bush broke down what was wrong: “{LINE}”",
         "Jeb Bush"),
        (f"The Slate technology columnist David Auerbach went so far as to say: “{LINE}”",
         "David Auerbach"),
        (f"One early supporter, Representative Lee Zeldin, gave it a whirl on CNN: “{LINE}”",
         "Lee Zeldin"),
    ],
)  # fmt: skip
def test_a_subject_is_read_past_the_lowercase_words_of_its_description(
    text: str, speaker: str
) -> None:
    [(quote, found)] = _quotes(text)
    assert quote == LINE and found is not None and found.endswith(speaker)


def test_a_quote_after_before_saying_is_the_main_subjects() -> None:
    text = f"On Tuesday, Mr. McConnell deflected questions about Mr. Trump before saying, “{LINE}”"
    assert _quotes(text) == [(LINE, "McConnell")]


def test_a_role_then_a_name_in_apposition_gives_the_name_and_the_role() -> None:
    text = (
        f"Officials were mocked.\n\n“{LINE[:-1]},” Ms. Merkel's spokesman, Steffen Seibert, wrote."
    )
    assert _items(text) == [(LINE[:-1], "Steffen Seibert", "Ms. Merkel's spokesman")]


def test_a_role_before_a_short_relative_clause_is_the_speaker() -> None:
    text = (
        "A White House official who spoke anonymously to discuss strategy said on Wednesday,"
        f" “{LINE}”"
    )
    assert _quotes(text) == [(LINE, "A White House official")]


def test_a_name_before_its_appositive_and_relative_clause_stays_the_speaker() -> None:
    text = "Gov. John Kasich of Ohio, a Republican who has refused to endorse Mr. Trump, said the "
    text += "party must unite before the convention."
    assert [i.speaker for i in extract_quotes(text)] == ["John Kasich"]


def test_a_quote_after_while_chanting_is_not_given_to_a_word_of_its_subject() -> None:
    text = "Small groups of protesters marched outside the stadium while chanting, "
    text += '"Hands up, do not shoot."'
    assert [s for _, s in _quotes(text)] == [None]


@pytest.mark.parametrize(
    "opener", ["Afterwards", "Afterward", "Subsequently", "Separately", "Similarly", "Eventually"]
)
def test_an_adverb_opening_the_sentence_is_not_part_of_the_speakers_name(opener: str) -> None:
    text = f"{opener} Paul Ryan said: “{LINE}”"
    assert _quotes(text) == [(LINE, "Paul Ryan")]
    clause = f"{opener} Ryan said the plan was “a disaster for working families in the state”."
    assert {speaker for _, speaker in _quotes(clause)} == {"Ryan"}


FRAGMENT = "the same old tired ideas from the other side"


@pytest.mark.parametrize(
    "text",
    [
        f"Ryan praised the “bold new vision for the party” and Pelosi mocked “{FRAGMENT}”.",
        f"Ryan said the plan was “bold and new and good for all of us”, but Pelosi called it "
        f"“{FRAGMENT}”.",
        f"Ryan called the plan “bold and new and good for all of us,” while Pelosi dismissed "
        f"“{FRAGMENT}”.",
    ],
)
def test_a_second_subject_after_a_quote_takes_the_fragment_after_it(text: str) -> None:
    speakers = dict(_quotes(text))
    assert speakers[FRAGMENT] == "Pelosi"
    first = next(t for t, _ in _quotes(text) if t.startswith("bold"))
    assert speakers[first] == "Ryan"


def test_a_reported_clause_stops_before_a_second_subject_and_its_verb() -> None:
    text = "Rubio said the plan would fail, while Cruz said that it was “far too risky for us.”"
    clauses = [i for i in extract_quotes(text) if i.kind == "indirect"]
    assert [(c.text, c.speaker) for c in clauses] == [
        ("the plan would fail", "Rubio"),
        ("it was “far too risky for us.”", "Cruz"),
    ]
    assert dict(_quotes(text))["far too risky for us."] == "Cruz"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # one subject, not two: "and" between names, a list, or a pronoun that may be the first
        (f"Smith and Jones said the plan was “{FRAGMENT}”.", "Smith and Jones"),
        (
            f"Smith said the plan was “bold and good for us”, but he called it “{FRAGMENT}”.",
            "Smith",
        ),
    ],
)
def test_no_second_subject_where_the_first_speaks_on(text: str, speaker: str) -> None:
    assert dict(_quotes(text))[FRAGMENT] == speaker


def test_a_name_after_but_is_not_the_speaker_of_the_fragment_before_it() -> None:
    text = (
        "The deal was “a historic mistake for the whole region,” but Herzog answered with "
        "“a plan for peace in our time and for all of us.”"
    )
    speakers = dict(_quotes(text))
    assert speakers["a historic mistake for the whole region"] is None
    assert speakers["a plan for peace in our time and for all of us."] == "Herzog"


def test_a_pronoun_after_and_goes_on_about_the_same_speaker() -> None:
    text = (
        "Trump told supporters that “we close one chapter in history and we begin another,” "
        "and he vowed to carry the mantle."
    )
    assert dict(_quotes(text))["we close one chapter in history and we begin another"] == "Trump"


def test_a_fragment_inside_a_who_said_clause_is_the_relative_clauses_head() -> None:
    text = (
        "The loss was steep for Mr. Sanders, who said he intended to get “recharged and take "
        "a day off.”"
    )
    assert dict(_quotes(text))["recharged and take a day off."] == "Sanders"
