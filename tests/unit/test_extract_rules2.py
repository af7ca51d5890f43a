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


# --- Rules added for split attributions, poll subjects, office titles and pronoun subjects ---


def _indirect(text: str) -> list[tuple[str, str | None]]:
    return [(it.text, it.speaker) for it in extract_quotes(text) if it.kind == "indirect"]


def test_lead_time_phrase_without_a_comma_before_the_speaker() -> None:
    text = 'Joan Baxter toured the plant. On Tuesday night she said it was "a real turning point."'
    assert _indirect(text) == [('it was "a real turning point', "Joan Baxter")]


def test_honorific_subject_with_a_who_clause_is_not_a_lead_phrase() -> None:
    text = 'Mr. Ortiz, who chairs the board, said he expected the vote to "go our way."'
    assert _indirect(text) == [('he expected the vote to "go our way', "Ortiz")]


def test_name_followed_by_a_place_before_the_cue() -> None:
    text = "Mayor Lena Ward of Dayton said the new budget was “a step backward” for the city."
    assert _indirect(text) == [("the new budget was “a step backward” for the city", "Lena Ward")]


def test_office_of_something_before_a_name() -> None:
    text = "Secretary of Energy Paul Dunmore said the grid would need “serious investment” soon."
    assert [it.speaker for it in extract_quotes(text)] == ["Paul Dunmore", "Paul Dunmore"]


def test_share_of_a_poll_as_the_speaker() -> None:
    text = 'About six in 10 said they were "very worried" about the cost of housing.'
    assert _indirect(text) == [('they were "very worried" about the cost of housing', "six in 10")]


def test_name_before_an_appositive_and_a_who_clause() -> None:
    text = (
        "Voters still remember Ruth Kessler, now the party's treasurer, who in 2019 said the fund "
        'was "running on fumes."'
    )
    assert _indirect(text) == [('the fund was "running on fumes', "Ruth Kessler")]


def test_quote_that_opens_a_clause_continued_before_the_attribution() -> None:
    text = '"We are heartbroken" by the closure of the clinic on Main Street, Amir Rahimi said.'
    items = extract_quotes(text)
    assert [(it.kind, it.speaker) for it in items] == [
        ("indirect", "Amir Rahimi"),
        ("direct", "Amir Rahimi"),
    ]
    assert items[0].text.endswith("on Main Street")


def test_closing_attribution_with_a_venue_and_an_addressee() -> None:
    text = (
        'Carla Nunez spoke last. Voters had "run out of patience" with the council, she said in '
        "a radio interview with a local station."
    )
    assert _indirect(text) == [('Voters had "run out of patience" with the council', "Carla Nunez")]


def test_fragment_after_any_verb_of_a_named_subject() -> None:
    text = 'Senator Dana Pruitt openly admires the governor as a "tireless reformer" of the state.'
    assert _indirect(text) == [
        ('the governor as a "tireless reformer" of the state', "Dana Pruitt")
    ]


def test_participle_before_a_quote_takes_the_main_subject() -> None:
    text = (
        'On Monday, after weeks of silence, Gretchen Lowe endorsed the measure, saying, "It is '
        'the right thing to do for our kids."'
    )
    assert [(it.kind, it.speaker) for it in extract_quotes(text)] == [("direct", "Gretchen Lowe")]


def test_read_as_a_cue_and_a_dash_header_name() -> None:
    text = (
        'The board sent a letter. "We cannot accept these terms," the letter read.\n\n'
        'Economists weigh in - Carl Hoffman: "Rates will stay high for a while."'
    )
    got = [(it.text, it.speaker, it.cue) for it in extract_quotes(text)]
    assert got == [
        ("We cannot accept these terms", "the letter", "read"),
        ("Rates will stay high for a while.", "Carl Hoffman", None),
    ]


def test_pronoun_resolves_to_a_surname_that_opens_a_sentence() -> None:
    text = (
        "The committee heard from President Obama's former envoy on Monday.\n\n"
        "Halvorsen went on to describe the talks in detail.\n\n"
        '"It was exhausting work," he said.'
    )
    assert [it.speaker for it in extract_quotes(text)] == ["Halvorsen"]


def test_mid_sentence_attribution_between_commas() -> None:
    text = "Ana Ruiz spoke first. The permit, her campaign said, had been approved in March."
    assert _indirect(text) == [
        ("The permit, her campaign said, had been approved in March", "her campaign")
    ]


# --- Rules added for subjects with a time or venue, relatives and sources, clause subjects ---


def test_time_or_venue_between_the_speaker_and_the_verb() -> None:
    text = (
        "Party spokesman Olaf Brenner on Thursday evening said the party was not in a crisis. "
        "Mayor Inga Holt in a Facebook post said the bridge would reopen by the end of May."
    )
    assert _indirect(text) == [
        ("the party was not in a crisis", "Olaf Brenner"),
        ("the bridge would reopen by the end of May", "Inga Holt"),
    ]


def test_a_relative_or_a_close_source_closing_the_sentence() -> None:
    text = (
        "Marta Kovac, a nurse from Split, was also on the flight to Cairo, her friend said. "
        "The senator will rethink how he treats his colleagues, a source close to him said."
    )
    assert [speaker for _, speaker in _indirect(text)] == ["her friend", "a source close to him"]


def test_a_possessive_subject_after_but_or_while() -> None:
    text = (
        "Ferris earned large fees for speeches last year, but his campaign said he stopped all "
        "paid speeches in March."
    )
    assert _indirect(text) == [("he stopped all paid speeches in March", "his campaign")]


def test_a_hyphenated_word_may_open_the_reported_clause() -> None:
    text = "Dan Miller, the district chairman, said pro-reform groups had signed up 300 volunteers."
    assert _indirect(text) == [("pro-reform groups had signed up 300 volunteers", "Dan Miller")]


def test_he_never_resolves_to_a_body_that_spoke() -> None:
    text = (
        "Mr. McRae was charged with assault and battery and disorderly conduct, and the "
        "authorities said they were also preparing to charge him with communicating a threat.\n\n"
        "As Mr. Grady has unleashed the pent-up fury of displaced workers, a much smaller but "
        "equally fervent movement has materialized in response.\n\n"
        "The rancor is so blatant that Mr. Grady was asked about it during the debate on Thursday "
        "night in Dayton. He said he had not seen the episode, and when asked whether he was "
        "encouraging his supporters' fury, he said, “I hope not.”"
    )
    direct = [it for it in extract_quotes(text) if it.kind == "direct"]
    assert [it.speaker for it in direct] == ["Grady"]


def test_an_indirect_statement_whose_pronoun_does_not_resolve_is_kept_without_speaker() -> None:
    (item,) = extract_quotes("She said the clinic would stay open through the winter.")
    assert (item.kind, item.speaker, item.rule) == ("indirect", None, "name-said-that")
    assert item.text == "the clinic would stay open through the winter"


def test_a_question_put_by_an_unnamed_asker_is_reported_with_speaker_unknown() -> None:
    text = (
        "Asked on Monday whether the mayor would seek a third term, Ms. Lund shook her head. "
        "“No chance,” Ames said when asked if he would ever run for the Senate again. "
        "Later, Dana Reyes asked whether the council would vote on the budget in June."
    )
    asked = [it for it in extract_quotes(text) if it.rule == "asked-question"]
    assert [(it.text, it.speaker, it.cue) for it in asked] == [
        ("whether the mayor would seek a third term", None, "asked"),
        ("if he would ever run for the Senate again", None, "asked"),
    ]


def test_according_to_mid_sentence_reports_the_words_on_both_sides() -> None:
    text = (
        "But the next day, according to Ms. Ortega, the landlord made further demands. "
        "Fundraising, according to the campaign, has surged in the past weeks."
    )
    assert _indirect(text) == [
        ("the next day, according to Ms. Ortega, the landlord made further demands", "Ortega"),
        (
            "Fundraising, according to the campaign, has surged in the past weeks",
            "the campaign",
        ),
    ]


def test_the_plain_present_after_a_plural_speaker() -> None:
    text = (
        "“Prices will keep rising for a while,” analysts say. "
        "The rising cost of tuition is partly due to cuts in state funding, experts warn."
    )
    got = [(it.kind, it.speaker, it.cue) for it in extract_quotes(text)]
    assert got == [("direct", "analysts", "say"), ("indirect", "experts", "warn")]


def test_whom_told_addresses_after_a_closing_attribution() -> None:
    text = (
        "Ada Kim had been completing her second year, a school spokesman told The Daily Ledger. "
        "Michigan was only doing what 40 states already do, Schuette told the court in a filing."
    )
    assert _indirect(text) == [
        ("Ada Kim had been completing her second year", "a school spokesman"),
        ("Michigan was only doing what 40 states already do", "Schuette"),
    ]


def test_reportedly_reports_the_sentence_from_an_unnamed_source() -> None:
    text = "Ada Kim spoke first. The bakery reportedly laid off 600 workers in Chicago last spring."
    (item,) = [it for it in extract_quotes(text) if it.kind == "indirect"]
    assert (item.text, item.speaker, item.cue, item.rule) == (
        "The bakery reportedly laid off 600 workers in Chicago last spring",
        None,
        "reportedly",
        "reportedly",
    )


def test_a_participle_clause_after_a_quote_is_the_quote_speakers() -> None:
    text = (
        "“It will take some time for the stock to recover,” Mr. Ackman said on Monday, adding "
        "that investors did not see how valuable the company was."
    )
    got = [(it.kind, it.text, it.speaker, it.cue) for it in extract_quotes(text)]
    assert got == [
        ("direct", "It will take some time for the stock to recover", "Ackman", "said"),
        ("indirect", "investors did not see how valuable the company was", "Ackman", "added"),
    ]


def test_who_said_after_an_age_and_a_home_town_or_a_described_person() -> None:
    text = (
        "Many voters backed Ames, including Nia Ford, 24, from Keene, who said Ames is best suited "
        "to fix the budget. The last question came from a young child, who said he had driven six "
        "hours with his father."
    )
    assert [speaker for _, speaker in _indirect(text)] == ["Nia Ford", "a young child"]


def test_three_apostrophes_close_a_nested_quote_and_the_quote() -> None:
    text = (
        "''Part of my job is to say: 'This man is for real. He is one of us,''' Mr. English "
        "said of Mr. Cruz."
    )
    (item,) = extract_quotes(text)
    assert (item.kind, item.speaker, item.cue) == ("direct", "English", "said")
    assert item.text.startswith("Part of my job is to say: 'This man is for real.")


def test_a_name_opened_by_a_lowercase_particle() -> None:
    text = "Asked about the plan, de Blasio said, “I have not heard that concern” from the police."
    direct = [it for it in extract_quotes(text) if it.kind == "direct"]
    assert [(it.text, it.speaker) for it in direct] == [
        ("I have not heard that concern", "de Blasio")
    ]


def test_an_inverted_cue_takes_a_described_name_whole() -> None:
    text = (
        '"We were not to do anything that would make it harder to win," said Democratic '
        "pollster Gina Marlow, who was then on the campaign team. "
        '"They are so frustrated with the decision," said Oversight ranking Democrat Elias '
        "Cole (D-Md.)."
    )
    assert [it.speaker for it in extract_quotes(text)] == ["Gina Marlow", "Elias Cole"]


def test_fans_members_and_police_as_plural_speakers() -> None:
    text = (
        "Ames fans told the Ledger that one galvanizing moment came in March. "
        "But Cologne police say they have not yet identified all of the suspects. "
        "Party members said the vote would be held again in June."
    )
    assert [speaker for _, speaker in _indirect(text)] == [
        "Ames fans",
        "Cologne police",
        "Party members",
    ]


def test_a_who_clause_after_a_quote_is_the_quote_speakers() -> None:
    text = (
        '"I am going to vote in this primary for Ames," said Nia Ford, 24, from Keene, who said '
        "Ames is best suited to fix the budget."
    )
    got = [(it.kind, it.speaker, it.cue) for it in extract_quotes(text)]
    assert got == [("direct", "Nia Ford", "said"), ("indirect", "Nia Ford", "said")]


def test_a_role_noun_with_a_who_clause_before_the_cue_is_the_speaker() -> None:
    text = (
        "The lawmaker, who represents a fishing district in the north, said the new quotas "
        "would ruin the harbour towns."
    )
    (item,) = extract_quotes(text)
    assert (item.kind, item.speaker, item.cue) == ("indirect", "The lawmaker", "said")
    assert item.text == "the new quotas would ruin the harbour towns"


def test_a_fronted_phrase_without_its_comma_before_a_pronoun_subject() -> None:
    text = (
        "Maria Lopez opened the meeting. At the town hall this week she said the library would "
        "stay open on Sundays."
    )
    (item,) = [it for it in extract_quotes(text) if it.kind == "indirect"]
    assert (item.speaker, item.cue) == ("Maria Lopez", "said")
    assert item.text == "the library would stay open on Sundays"


def test_time_phrases_and_places_of_saying_around_the_cue_are_neither_speaker_nor_content() -> None:
    cases = {
        "The ministry a day earlier said the talks would resume in May.": (
            "The ministry", "the talks would resume in May"
        ),
        "The State Department said two weeks ago that the files had passed through a server.": (
            "State Department", "the files had passed through a server"
        ),
        "The State Department said for the first time that the files had been classified.": (
            "State Department", "the files had been classified"
        ),
        "Ruth Klein wrote in her memoir that the war had been a mistake from the start.": (
            "Ruth Klein", "the war had been a mistake from the start"
        ),
        "Sheldon Adelson said earlier on Friday during a news conference that he may wait.": (
            "Sheldon Adelson", "he may wait"
        ),
    }  # fmt: skip
    for text, (speaker, content) in cases.items():
        (item,) = extract_quotes(text)
        assert (item.speaker, item.text) == (speaker, content), text


def test_a_one_word_answer_with_its_cue_is_a_quote_and_a_title_without_one_is_not() -> None:
    text = 'Was there a deal? "No," the mayor said. Later she watched "Oppenheimer" at home.'
    assert _triples(text) == [("direct", "No", "the mayor")]


def test_however_and_parentheticals_between_speaker_and_cue() -> None:
    text = (
        "Defence Minister Lena Ortiz however said the fleet would stay in port. "
        "The Ortiz campaign, for example, said the fleet would sail in June."
    )
    got = [(it.speaker, it.text) for it in extract_quotes(text)]
    assert got == [
        ("Lena Ortiz", "the fleet would stay in port"),
        ("Ortiz campaign", "the fleet would sail in June"),
    ]


def test_cried_out_is_a_cue() -> None:
    (item,) = extract_quotes("“We will not leave!” the crowd cried out, booing.")
    assert (item.kind, item.speaker, item.cue) == ("direct", "the crowd", "cried out")


def test_a_title_after_a_noun_cue_stays_a_title() -> None:
    text = "The governor was greeted with chants of “Bobby!” at a rally, according to Ann Cole."
    assert [it.kind for it in extract_quotes(text)] == ["indirect"]
