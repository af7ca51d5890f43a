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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Seventy-four percent of registered voters say they like the new mayor.",
            ("they like the new mayor", "Seventy-four percent of registered voters", None,
             "np-said-that"),
        ),
        (
            "Six in 10 say the mayor is decisive enough for the job.",
            ("the mayor is decisive enough for the job", "Six in 10", None, "np-said-that"),
        ),
        (
            "Aides to Ames say she is changing her tactics before the vote.",
            ("she is changing her tactics before the vote", "Aides to Ames", None,
             "np-said-that"),
        ),
        (
            "Jo Ames’s campaign says it raised more than $2 million in March.",
            ("it raised more than $2 million in March", "Jo Ames’s campaign", None,
             "np-said-that"),
        ),
        (
            "Jo Ames and Tim Roe say the deal for the depot is dead.",
            ("the deal for the depot is dead", "Jo Ames and Tim Roe", None, "np-said-that"),
        ),
        (
            "People briefed on the talks say the union will accept the offer.",
            ("the union will accept the offer", "People briefed on the talks", None,
             "np-said-that"),
        ),
        (
            "A person familiar with the talks says the union will accept the offer.",
            ("the union will accept the offer", "A person familiar with the talks", None,
             "name-said-that"),
        ),
        (
            "Jo Ames attacked Tim Roe, saying he would cut the school budget in half.",
            ("he would cut the school budget in half", "Jo Ames", None, "clause-saying-that"),
        ),
        (
            "Jo Ames survived a long campaign and says such methods are wrong.",
            ("such methods are wrong", "Jo Ames", None, "clause-and-said"),
        ),
        (
            "The crowd booed when Jo Ames said the depot would close in June.",
            ("the depot would close in June", "Jo Ames", None, "clause-subject-said"),
        ),
        (
            "The mayor praised Jo Ames, who announced she is leaving the race.",
            ("she is leaving the race", "Jo Ames", None, "who-said-that"),
        ),
        (
            "A reporter asked Jo Ames whether the depot would close in June.",
            ("whether the depot would close in June", "A reporter", None, "name-asked-whether"),
        ),
        (
            "A county poll found that the mayor would lose the race by ten points.",
            ("the mayor would lose the race by ten points", "A county poll", None,
             "document-shows-that"),
        ),
        (
            "A new survey also shows turnout rising among younger voters.",
            ("turnout rising among younger voters", "A new survey", None,
             "document-shows-that"),
        ),
        (
            "Jo Ames told a crowd in Dayton on Tuesday that the depot will stay open.",
            ("the depot will stay open", "Jo Ames", None, "name-said-that"),
        ),
        (
            "Jo Ames said much of the budget would go to the schools.",
            ("much of the budget would go to the schools", "Jo Ames", None, "name-said-that"),
        ),
        (
            "Jo Ames said allies of the mayor were rattled by the vote.",
            ("allies of the mayor were rattled by the vote", "Jo Ames", None, "name-said-that"),
        ),
    ],
)  # fmt: skip
def test_reported_speech_shapes_attribute_the_clause(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    assert _indirect(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ames: Council Plan Threatens Jobs\n\nJo Ames spoke on Monday.",
            ("Council Plan Threatens Jobs", "Jo Ames", None, "headline-name-colon"),
        ),
        (
            "Mayor Jo Ames Says She Will Not Run Again",
            ("She Will Not Run Again", "Jo Ames", None, "headline-name-says"),
        ),
    ],
)  # fmt: skip
def test_headlines_name_who_says_what(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    assert _indirect(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The depot, frankly, will close next spring and nobody will miss it.",
        "It is clear the council will delay the vote again.",
        "Observers may think the council will delay the vote again.",
        "The study of the depot took three years.",
        "It shows that the council will delay the vote again.",
        "Jo Ames said nothing about the depot on Monday.",
        "Jo Ames said so at the meeting on Monday.",
        "Update: The council meets again on Monday.\n\nIt met on Friday.",
        "The Latest: Council Plan Threatens Jobs",
    ],
)
def test_no_speaker_or_no_reported_clause_is_no_item(text: str) -> None:
    assert _indirect(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The depot will close next spring, city officials said.",
            ("The depot will close next spring", "city officials", None, "clause-then-said"),
        ),
        (
            "The depot will close next spring, former officials said on Monday.",
            ("The depot will close next spring", "former officials", None, "clause-then-said"),
        ),
        (
            "The depot will close next spring, the mayor said.",
            ("The depot will close next spring", "the mayor", None, "clause-then-said"),
        ),
        (
            "So it makes sense, strategists said, to close the depot before the winter.",
            ("it makes sense, strategists said, to close the depot before the winter",
             "strategists", None, "clause-said-mid"),
        ),
        (
            "If costs keep rising, forecasters say the depot will close within a decade.",
            ("the depot will close within a decade", "forecasters", None, "name-said-that"),
        ),
        (
            "Late last year, the State Department said the depot would close.",
            ("the depot would close", "State Department", None, "name-said-that"),
        ),
        (
            "The ministry said it was doing its best to keep the depot open.",
            ("it was doing its best to keep the depot open", "The ministry", None,
             "name-said-that"),
        ),
    ],
)  # fmt: skip
def test_described_speakers_and_plural_groups_report_clauses(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    """ "…, officials said." and "…, the mayor said." are statements as much as "…, Ames said."."""
    assert _indirect(text) == [expected]


def test_a_question_is_the_words_of_the_asker_named_after_a_passive() -> None:
    text = "Sanders was asked by host John Dickerson whether his aim was similar to Kennedy's."
    assert _indirect(text) == [
        ("whether his aim was similar to Kennedy's", "John Dickerson", "host", "asked-by-whether")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Senator Ruth Kessler criticized the budget office for hiding the deficit.",
            ("the budget office for hiding the deficit", "Ruth Kessler", None, "name-endorsed"),
        ),
        (
            "Jo Ames declined to say whether the depot would close.",
            ("say whether the depot would close", "Jo Ames", None, "name-endorsed"),
        ),
        (
            "Jo Ames has long called for a ban on trucks in the old town.",
            ("a ban on trucks in the old town", "Jo Ames", None, "name-endorsed"),
        ),
        (  # the object ends with its clause
            "Mayor Jo Ames endorsed Ruth Kessler, and has appeared at her rallies since.",
            ("Ruth Kessler", "Jo Ames", None, "name-endorsed"),
        ),
        (  # and a time phrase at its end is not part of it
            "Mayor Jo Ames endorsed Ruth Kessler on Friday morning.",
            ("Ruth Kessler", "Jo Ames", None, "name-endorsed"),
        ),
        (
            "The ministry rejected the union's demand for a shorter week.",
            ("the union's demand for a shorter week", "The ministry", None, "name-endorsed"),
        ),
        (  # someone described by a role
            "A spokeswoman for the mayor declined to say whether the depot would close.",
            ("say whether the depot would close", "A spokeswoman for the mayor", None,
             "name-endorsed"),
        ),
        (  # the main clause's subject takes the stance of a participle after it
            "Jo Ames canceled the rally on Friday, citing the storm over the bay.",
            ("the storm over the bay", "Jo Ames", None, "clause-citing"),
        ),
        (  # and a quote's speaker that of a participle after the attribution
            "“We will not close it,” Ames said, referring to the bus depot on Main Street.",
            ("the bus depot on Main Street", "Ames", None, "quote-then-citing"),
        ),
        (  # words between the speech verb and "that"
            "Jo Ames said in April that the depot would close.",
            ("the depot would close", "Jo Ames", None, "name-said-that"),
        ),
        (
            "Jo Ames said — on the radio, as it happens — that the depot would close.",
            ("the depot would close", "Jo Ames", None, "name-said-that"),
        ),
        (  # but a clause before "that" is part of what was said
            "Jo Ames said it is no surprise that the depot will close.",
            ("it is no surprise that the depot will close", "Jo Ames", None, "name-said-that"),
        ),
        (  # a described name ("prosecutor" is a role)
            "Former federal prosecutor Jo Ames said the agents want to interview her.",
            ("the agents want to interview her", "Jo Ames", "Former federal prosecutor",
             "name-said-that"),
        ),
    ],
)  # fmt: skip
def test_a_named_subject_takes_a_stance_on_an_object(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    assert _indirect(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Many economists criticized the tax plan.",  # no one in particular
        "Critics praised the film “Oppenheimer” at the festival this week.",  # nor a bare plural
        "A man criticized the tax plan.",
        "Some officials rejected the union's demand.",
        "The storm hit the coast, citing nobody.",  # a thing is no subject
        "Assad, opposed by the West, kept his seat.",  # a passive participle
        "The union, supported by the mayor, kept its office.",
        "Jo Ames won the seat in the spring election.",  # no stance verb
        "We criticized the budget office for hiding the deficit.",  # the writer
    ],
)
def test_stance_verbs_need_a_named_subject_and_an_object(text: str) -> None:
    assert _indirect(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The plant in Keene will close in March, the company said.",
            ("The plant in Keene will close in March", "the company", None, "clause-then-said"),
        ),
        (
            "The pilot had logged 2,766 flying hours, the airline said Thursday.",
            ("The pilot had logged 2,766 flying hours", "the airline", None, "clause-then-said"),
        ),
        (
            "Classes will resume on Monday, the university said in a statement.",
            ("Classes will resume on Monday", "the university", None, "clause-then-said"),
        ),
        # a news site or paper named after its description speaks under its name
        (
            "The minister was headed to Cairo for meetings, the news site RTL Info reported.",
            ("The minister was headed to Cairo for meetings", "RTL Info", None,
             "clause-then-said"),
        ),
    ],
)  # fmt: skip
def test_a_company_or_institution_after_the_clause_is_its_source(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    assert _indirect(text) == [expected]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Jo Ames’s campaign manager said the count would take a week.",
         "Jo Ames’s campaign manager"),
        ("Ruth Kessler's press secretary says the mayor will not run again.",
         "Ruth Kessler's press secretary"),
    ],
)  # fmt: skip
def test_someones_aide_with_a_two_word_role_is_the_source(text: str, speaker: str) -> None:
    assert [it[1] for it in _indirect(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana Whitfield — a teacher from Mount Pleasant — says she voted for the mayor again.",
         ("she voted for the mayor again", "Dana Whitfield", "aside-subject-said")),
        ("Kessler, meanwhile, who has no such endorsements, said the count was rigged.",
         ("the count was rigged", "Kessler", "aside-subject-said")),
        ("The justice -- who has been in a scuffle with the mayor all week -- said she regretted "
         "her remarks.", ("she regretted her remarks", "The justice", "aside-subject-said")),
        ("Jo Ames - a teacher from Keene - said she regretted her remarks.",
         ("she regretted her remarks", "Jo Ames", "aside-subject-said")),
        # a past participle opens the sentence: the subject follows its comma
        ("Reached by phone on Tuesday, Jo Ames — a lawyer in Keene — told the Ledger he is "
         "not planning an appeal.",
         ("he is not planning an appeal", "Jo Ames", "aside-subject-said")),
        # an adverb of degree before a quantity opens the reported clause
        ("Jo Ames said nearly every donor he met wants a firewall.",
         ("nearly every donor he met wants a firewall", "Jo Ames", "name-said-that")),
        ("One attendee, who spoke on the condition of anonymity, said the vote would be close.",
         ("the vote would be close", "One attendee", "aside-subject-said")),
        ("Saturday at the party convention Sen. Ruth Kessler (D-MA) said the plan would fail.",
         ("the plan would fail", "Ruth Kessler", "trailing-name-said")),
        ("Though stopping short of quitting, retired tycoon Jo Ames told supporters that he "
         "sees no path forward.",
         ("he sees no path forward", "Jo Ames", "trailing-name-said")),
        ("Dana Whitfield of Columbia, South Carolina says she really thinks Ames can win.",
         ("she really thinks Ames can win", "Dana Whitfield", "trailing-name-said")),
        ("In May 2013 the State Department told the group that no records were located.",
         ("no records were located", "State Department", "trailing-name-said")),
    ],
)  # fmt: skip
def test_the_speaker_is_read_past_asides_and_leading_words(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert [(it[0], it[1], it[3]) for it in _indirect(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # the name is the object of the words before it, or inside a relative clause
        "Voters who like Hillary Clinton said the economy is their first worry this year.",
        "The man who shot President John Kennedy said nothing to the police about it.",
        "Supporters cheering with Ruth Kessler said the count would take a week.",
        # a place is no speaker
        "On the trail in Columbia, South Carolina said the count would take a week.",
    ],
)
def test_a_name_that_is_no_subject_is_not_taken_for_the_speaker(text: str) -> None:
    speakers = [it[1] for it in _indirect(text)]
    assert not any(
        s and ("Clinton" in s or "Kennedy" in s or "Kessler" in s or "Carolina" in s)
        for s in speakers
    ), speakers


def test_a_participle_after_a_lead_phrase_reports_the_main_subjects_words() -> None:
    # the lead phrase ("In three interviews,") used to use up the tries for the main verb, and a
    # quoted fragment in the reported clause used to stop the participle rule
    text = ("In three separate interviews, the justice sounded off on the mayor, saying she did "
            "not “want to contemplate” what his second term would bring.")  # fmt: skip
    found = [(i.kind, i.speaker) for i in extract_quotes(text)]
    assert found == [("indirect", "the justice"), ("partial", "the justice")]


def test_an_unattributed_quote_that_closes_a_reported_clause_takes_its_speaker() -> None:
    text = ("Jo Ames says if he spent the day in the capital he would be doing nothing more than "
            "yelling at people on their way into the polls, “Vote for me.”")  # fmt: skip
    found = [(i.kind, i.speaker) for i in extract_quotes(text)]
    assert found == [("indirect", "Jo Ames"), ("direct", "Jo Ames")]


def test_a_clause_before_but_added_and_a_quote_is_reported_too() -> None:
    text = ("Jo Ames said it was too early to congratulate the winners but added, “I think you "
            "all have an idea of the results.”")  # fmt: skip
    assert [(i.kind, i.text, i.speaker) for i in extract_quotes(text)] == [
        ("indirect", "it was too early to congratulate the winners", "Jo Ames"),
        ("direct", "I think you all have an idea of the results.", "Jo Ames"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor looked uneasy when Jo Ames asked whether the council would keep its majority.",
         ("whether the council would keep its majority", "Jo Ames", "clause-subject-said")),
        ("Host Jo Ames raised the issue of the budget, asking the mayor why he had cut the "
         "schools.", ("why he had cut the schools", "Host Jo Ames", "clause-asking-whether")),
    ],
)  # fmt: skip
def test_a_question_after_a_subordinator_or_a_participle_is_the_askers(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert [(it[0], it[1], it[3]) for it in _indirect(text)] == [expected]


def test_according_to_with_two_spaces_before_the_source() -> None:
    text = "The hall opened its doors to some 40 events, according to  spokesman Jo Ames."
    assert [(it[1], it[3]) for it in _indirect(text)] == [
        ("spokesman Jo Ames", "according-to-clause")
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Jo Ames told her husband she would run for the seat again.",
         "she would run for the seat again"),
        # the addressee is no reported clause, and "as he …" opens none
        ("This is not about me, the mayor told his closest advisers as he worked on the speech.",
         None),
    ],
)  # fmt: skip
def test_someones_people_after_told_are_the_addressee(text: str, content: str | None) -> None:
    assert [it[0] for it in _indirect(text) if it[3] == "name-said-that"] == (
        [content] if content else []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As reported by the Ledger, investigators found over 2,000 emails on the server.",
         [("investigators found over 2,000 emails on the server", "Ledger")]),
        ("Investigators found over 2,000 emails on the server, as reported by the Ledger.",
         [("Investigators found over 2,000 emails on the server", "Ledger")]),
        # a comparison, not a source
        ("The plan was exactly as reported by the paper last week and nobody objected.", []),
    ],
)  # fmt: skip
def test_as_reported_by_names_a_source(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(it[0], it[1]) for it in _indirect(text)] == expected
