"""Attribution of quoted spans: link a quote to the speaker phrase after it (`,” Smith said.`),
before it in its sentence (`Smith said: “…`), in a paragraph ending in a colon, or to the subject
of the reporter's clause around a fragment (`Trump blasted Disney for its “outrageous practices”`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from quotes.extract.bounds import (
    CUE_TRIES,
    HEADER_CHARS,
    PREVIOUS_SENTENCE_WORDS,
    SUBJECT_CHARS,
    SUBJECT_WORD_TRIES,
    WINDOW_CHARS,
    last_words_start,
    more_words_than,
)
from quotes.extract.items import Attribution, Reported, SubjectVerb
from quotes.extract.marks import QuoteSpan
from quotes.extract.names import clean_name, is_org, is_place
from quotes.extract.patterns import (
    ACCORDING_FIND,
    AUX_END_RE,
    AUX_SKIP,
    COLON_NAME_RE,
    COORDINATED_RE,
    CUE_FIND,
    DASH_SPEAKER_RE,
    DESCRIBED_NAME_RE,
    DOCUMENT_RE,
    FIRST_NAMES_ALL,
    FROM_HEADER_RE,
    HEADER_NAME_RE,
    LOWER_WORDS_RE,
    NOT_STANCE_VERBS,
    NOT_VERBS,
    PARTIAL_CUT_RE,
    PARTIAL_FIND,
    PARTICIPLE_JOINT_RE,
    PARTICIPLE_RE,
    PROGRESSIVE_RE,
    PRONOUNS,
    QUOTE_MARK_RE,
    QUOTE_NAME_VERBED_RE,
    QUOTE_VERBED_NAME_RE,
    QUOTED_AS_RE,
    SENTENCE_STOPWORDS,
    SIGNATURE_RE,
    SPEAKER_FULL,
    SPEECH_SUBJECT_CUES,
    STANCE_VERB_RE,
    THAT_AFTER_RE,
    THAT_PREFIX_WORDS,
    THAT_RE,
    TITLES,
    VERBISH_RE,
    WEAK_CUES,
    WITH_SUBJECT_END_RE,
)
from quotes.extract.phrases import (
    aside_subject,
    clean_role,
    loose_speaker,
    main_subject,
    parse_subject,
    split_descriptor,
    strip_lead,
    tail_role,
    via_after,
)
from quotes.extract.scan import Scan
from quotes.extract.text import first_word, joint_before, sentences, subject_head


def after_attribution(scan: Scan, pos: int, limit: int) -> Attribution | None:
    """Parse an attribution that follows a closing quote mark at pos (up to limit).

    The clause is read up to its end, at most WINDOW_CHARS; offsets stay those of the article.
    """
    text = scan.text
    end = scan.end_of_clause(pos, min(limit, pos + WINDOW_CHARS))
    i = pos
    while i < end and text[i].isspace():
        i += 1
    if i >= end or (text[i].isupper() and _ends_sentence(text, pos)):
        return None  # “… the end.” He pledged …: the next sentence, with its own subject
    base = pos  # the clause body, after spaces and commas
    while base < end and text[base] in " ,\u00a0":
        base += 1
    # ” ― Martha Aguilar
    dm = DASH_SPEAKER_RE.match(text, pos, end)
    if dm:
        return Attribution(dm.group("spk"), dm.start("spk"), role=clean_role(dm.group("role")),
                           cue=None, score=0.8).by("quote-dash-name")  # fmt: skip
    am = ACCORDING_FIND.match(text, base, end)
    if am:
        sm = SPEAKER_FULL.match(text, am.end() + 1, end)
        if sm:
            return Attribution(sm.group("spk"), sm.start("spk"),
                               role=tail_role(text, sm.end("spk"), end), cue=am.group(),
                               score=0.85).by("quote-according-to")  # fmt: skip
        return None
    cm = scan.index(CUE_FIND).first(base, end)
    if not cm or cm.group() in WEAK_CUES:
        return _name_verbed(scan, pos, base, end)  # “…?” Vitter demanded.
    cue = cm.group()
    before = text[base : cm.start()]
    if not before.strip():
        # Inverted: ,” said John Smith, a spokesman for the campaign.
        # "said Democratic pollster Geoff Garin, who …": a described name is taken whole
        found = DESCRIBED_NAME_RE.match(text, cm.end() + 1, end) or SPEAKER_FULL.match(
            text, cm.end() + 1, end
        )
        spk, pre_role, shift = split_descriptor(found.group("spk")) if found else ("", None, 0)
        if not found or (
            not clean_name(spk) and spk.lower() not in PRONOUNS and not spk[0].islower()
        ):
            # said an Iowa Democrat, “and …”: the speaker ends where the quote goes on
            qm = scan.index(QUOTE_MARK_RE).first(cm.end(), end)
            loose = loose_speaker(text[cm.end() : qm.start() if qm else end], cm.end())
            if loose is not None:
                loose.cue = cue
                loose.by("quote-said-speaker")
            return loose
        assert found is not None
        via = via_after(text, found.end("spk"), end, scan.names)
        return Attribution(spk, found.start("spk") + shift,
                           role=tail_role(text, found.end("spk"), end) or pre_role,
                           cue=cue, via=via).by("quote-said-name")  # fmt: skip
    if more_words_than(before, 40) or COORDINATED_RE.match(before):
        return None  # “…,” but Herzog answered: a second subject, with a statement of its own
    attr = parse_subject(before, base)
    if attr is None:
        attr = loose_speaker(AUX_END_RE.sub("", before), base)
    rule = "quote-name-said"
    if (
        attr is None
        and cue in SPEECH_SUBJECT_CUES
        and (aside := aside_subject(text, base, cm.start()))
    ):
        # “…,” the economist Jo Ames, a former adviser to the mayor, said
        attr, rule = aside
    if attr is None:
        return None
    attr.cue = cue
    attr.via = via_after(text, cm.end(), end, scan.names)
    return attr.by(rule)


def _known_person(scan: Scan, attr: Attribution) -> bool:
    """Tell whether a subject is he/she/they or a person's name of two words or more, written
    so here or elsewhere in the article ("Kaine" after "Tim Kaine"), not a lone capitalised
    word that opens the sentence."""
    name = clean_name(attr.phrase)
    if attr.phrase.lower() in PRONOUNS or " " in name:
        return True
    return " " in scan.names.full_name(name, attr.pos)


def _colon_name(scan: Scan, start: int, colon: int) -> Attribution | None:
    """Parse a sentence that is only a person's name (and role) before a colon: "Clinton: “…”",
    "Rep. Trey Gowdy (R-S.C.):“…”", "Former secretary of state Hillary Clinton: “…”". A lone
    word must be the surname of a person the article names in full ("Note: “…”" is no one).
    """
    text = scan.text
    m = COLON_NAME_RE.fullmatch(text, start, colon)
    if m is None:
        return None
    attr = parse_subject(m.group("spk"), m.start("spk")) or loose_speaker(
        m.group("spk"), m.start("spk")
    )
    if (
        attr is None
        or not all(w[:1].isupper() for w in attr.phrase.split())
        or first_word(m.group("spk")).lower() in SENTENCE_STOPWORDS
    ):
        return None  # "One Tweet: “…”", "From Senator Jane Doe:" (`colon_paragraph_attribution`)
    name = clean_name(attr.phrase)
    if not name or is_org(name) or is_place(name) or not _named_person(scan, attr):
        return None
    attr.score = 0.6
    return attr.by("name-colon-quote")


def _person_header(scan: Scan, header: Attribution) -> Attribution | None:
    """Return a header without a dash if it names a person, also after a verb that opens it
    ("Continued Stone:" after "Roger Stone"); else None."""
    first, _, rest = header.phrase.partition(" ")
    if rest and first.lower().endswith("ed") and first.lower() not in FIRST_NAMES_ALL:  # "Ted"
        inverted = Attribution(rest, header.pos + len(first) + 1, score=header.score)
        if _named_person(scan, inverted):
            return inverted
    return header if _named_person(scan, header) else None


def _named_person(scan: Scan, attr: Attribution) -> bool:
    """Tell whether a name (before a colon, or opening a fragment's sentence) is a person's:
    with a first name or a role, or a person the article names in full elsewhere ("Clinton"
    after "Hillary Clinton")."""
    name = clean_name(attr.phrase)
    full = scan.names.full_name(name, attr.pos)
    return bool(scan.names.is_person(full) or attr.role or len(full.split()) > len(name.split()))


def _ends_sentence(text: str, pos: int) -> bool:
    """Tell whether the quote closed at pos ends in a period inside its marks ("… the end.”")."""
    k = _inside_marks(text, pos)
    return k > 0 and text[k - 1] == "."


def _inside_marks(text: str, pos: int) -> int:
    """Return where the closing marks that end at pos begin: the end of the quoted words."""
    k = pos
    while k > 0 and text[k - 1] in CLOSING_MARKS:
        k -= 1
    return k


# The marks that close a quote, and the apostrophes NYT copy doubles for one.
CLOSING_MARKS = frozenset("”\"»’'")


def _name_verbed(scan: Scan, pos: int, base: int, end: int) -> Attribution | None:
    """“Go back to Univision,” Trump barked / “This is fantastic!” beamed Jo Ames: a verb in the
    past right after a quote that ends in a comma, "!" or "?", next to a name or a pronoun."""
    text = scan.text
    k = _inside_marks(text, pos)
    if k <= 0 or text[k - 1] not in ",!?" or text[pos:base].strip(" ,\u00a0"):
        return None  # not “…,” then the name: a title or a term in quote marks
    m = QUOTE_NAME_VERBED_RE.match(text, base, end) or QUOTE_VERBED_NAME_RE.match(text, base, end)
    if m is None:
        return None
    spk = m.group("spk")
    if spk.lower() not in PRONOUNS and (not clean_name(spk) or is_place(clean_name(spk))):
        return None
    return Attribution(spk, m.start("spk"), cue=m.group("cue"), score=0.5).by("quote-name-verbed")


class _Before(NamedTuple):
    """The text before an opening quote mark at pos, in its sentence from sent_start: j ends it
    (spaces trimmed), a is where reading starts (at most WINDOW_CHARS before the mark)."""

    scan: Scan
    sent_start: int
    pos: int
    j: int
    a: int


def before_attribution(scan: Scan, sent_start: int, pos: int) -> Attribution | None:
    """Parse an attribution that precedes an opening quote mark at pos within its sentence.

    Reads at most WINDOW_CHARS before the mark. The rules are tried in order: "according to X",
    a header or name before a colon, a cue verb and its subject, then a colon or a comma after
    the sentence's named subject and any verb.
    """
    text = scan.text
    j = pos  # the end of the text before the mark, spaces trimmed
    while j > sent_start and text[j - 1].isspace():
        j -= 1
    if j <= sent_start:
        return None
    tail = text[max(sent_start, j - 12) : j]
    if (
        tail[-1] not in ":,—–―"
        and not tail.endswith((" that", " as"))
        and CUE_FIND.search(tail) is None
    ):
        return None
    b = _Before(scan, sent_start, pos, j, max(sent_start, pos - WINDOW_CHARS))
    for rule in (_according_before, _colon_header_before, _cue_before, _colon_subject_before,
                 _comma_subject_before):  # fmt: skip
        attr = rule(b)
        if attr is not None:
            return attr
    return None


def _according_before(b: _Before) -> Attribution | None:
    """According to X, “…”."""
    ams = b.scan.index(ACCORDING_FIND).between(b.a, b.pos)
    if not ams:
        return None
    am = ams[-1]
    sm = SPEAKER_FULL.match(b.scan.text, am.end() + 1, b.pos)
    if sm is None:
        return None
    return Attribution(
        sm.group("spk"), sm.start("spk"), role=clean_role(sm.group("role")),
        cue=am.group(), score=0.85,
    ).by("according-to-quote")  # fmt: skip


def _colon_header_before(b: _Before) -> Attribution | None:
    """A roundup header ("Pollsters agree - Carl Bialik: “…”") or a sentence that is a name
    ("Clinton: “…”") before a colon."""
    scan, text = b.scan, b.scan.text
    if text[b.j - 1] != ":":
        return None
    h = max(b.a, b.j - HEADER_CHARS)
    hm = HEADER_NAME_RE.search(text[h : b.pos])
    if hm and clean_name(hm.group("spk")) and not is_org(clean_name(hm.group("spk"))):
        header = Attribution(hm.group("spk"), h + hm.start("spk"), score=0.6)
        # without a dash the header must name a person: "Editor’s Note: “…”" names no one
        found = _person_header(scan, header) if hm.group().lstrip()[:1].isalpha() else header
        if found is not None:
            return found.by("header-name-colon")
    return _colon_name(scan, b.sent_start, b.j - 1)


def _cue_before(b: _Before) -> Attribution | None:
    """A cue verb before the quote and its speaker, the nearest cue first (within the last 12
    words): "Smith said: “…”", "…, said John Smith: “…”"."""
    scan, text = b.scan, b.scan.text
    near = -1  # cues that end before it have more than 12 words after them
    for cm in scan.index(CUE_FIND).backward(b.a, b.pos):
        if cm.group() in WEAK_CUES:
            continue
        if near < 0:
            near = last_words_start(text, 12, b.a, b.pos)
        if cm.end() < near:
            break  # an earlier cue is further still
        if not scan.may_parse_cue(b.sent_start, cm.start()):
            continue
        found = _cue_subject_before(b, cm)
        if found is None:
            # ... , said John Smith: “…
            sm = SPEAKER_FULL.match(text, cm.end() + 1, b.pos)
            if sm and clean_name(sm.group("spk")):
                return Attribution(sm.group("spk"), sm.start("spk"),
                                   role=clean_role(sm.group("role")),
                                   cue=cm.group()).by("said-name-quote")  # fmt: skip
            continue
        attr, rule = found
        if rule == "name-said-quote" and QUOTED_AS_RE.search(
            text, max(b.a, cm.start() - 20), cm.start()
        ):
            rule = "name-quoted-as-saying"
        attr.cue = cm.group()
        attr.via = via_after(text, cm.end(), b.pos, scan.names)
        return attr.by(rule)
    return None


def _cue_subject_before(b: _Before, cm: re.Match[str]) -> tuple[Attribution, str] | None:
    """Return the subject of the cue cm before a quote and the rule that found it."""
    scan, text, s = b.scan, b.scan.text, b.sent_start
    attr = scan.cue_subject(s, cm.start())
    if attr is not None:
        return attr, "name-said-quote"
    if cm.group() in SPEECH_SUBJECT_CUES and (aside := aside_subject(text, s, cm.start())):
        # Billionaire entrepreneur Jo Ames said, “…” / Ames — in a rare interview — said: “…
        return aside
    left = cm.start()
    while left > b.a and text[left - 1].isspace():
        left -= 1
    if cm.group().endswith("ing") and left > b.a:
        # Warren endorsed Clinton on Thursday, saying, “…” / McConnell deflected questions
        # before saying, “…”: the subject of the main clause
        if text[left - 1] == ",":
            attr = main_subject(subject_head(text, s, left - 1), s)
        elif (joint := _participle_joint(text, b.a, left)) is not None:
            attr = main_subject(subject_head(text, s, joint), s)  # a person: not "Small groups"
            if attr is not None and not (_known_person(scan, attr) or _titled(attr.phrase)):
                attr = None
        if attr is not None:
            return attr, "clause-saying-quote"
    if left - 4 > s and text[left - 4 : left] == " and":
        # Trump called on her to resign and said, “…”: the subject of the first verb
        attr = main_subject(subject_head(text, s, left - 4), s)
        if attr is not None and _known_person(scan, attr):
            return attr, "clause-and-said-quote"
    return None


def _colon_subject_before(b: _Before) -> Attribution | None:
    """Trump leaned in and boomed: “…” / Jo Ames echoed:\n\n“…”: a colon introduces the words
    of the sentence's named subject, whatever its verb."""
    if b.scan.text[b.j - 1] != ":":
        return None
    sv = subject_verb(b.scan, b.sent_start, b.j, any_verb=True)
    if sv is not None and _known_person(b.scan, sv.subject):
        return _verb_subject(sv, "colon-subject-quote")
    return None


def _comma_subject_before(b: _Before) -> Attribution | None:
    """Billy Joel sings, “Don't …” / After the attacks, Trump issued a statement, “…”: a whole
    quote after a comma, introduced by the last clause's named subject and its verb."""
    scan, text, j = b.scan, b.scan.text, b.j
    if text[j - 1] != "," or not text[b.pos + 1 : b.pos + 2].isupper():
        return None
    clause = max(b.sent_start, text.rfind(",", b.sent_start, j - 1) + 1)
    while clause < j and text[clause].isspace():
        clause += 1
    sv = subject_verb(scan, clause, j - 1, any_verb=True)
    if (
        sv is not None
        and sv.subject.phrase.lower() not in PRONOUNS  # "She followed that by saying, “…”"
        and _known_person(scan, sv.subject)
        and not more_words_than(text, 6, sv.verb_end, j - 1)
    ):
        return _verb_subject(sv, "comma-subject-quote")
    return None


def partial_attribution(
    scan: Scan, s: int, e: int, open_pos: int, close_pos: int
) -> Reported | None:
    """Attribute a quoted fragment from the reporter's clause around it.

    "Trump blasted Disney for its “outrageous practices”", "House Speaker Paul Ryan has said he
    is “not ready” to endorse", "Paul interjected, calling the credit “a welfare payment.”": the
    speaker is the subject of the (stance or speech) verb before the fragment. Returns the
    attribution and the reported clause (from after the verb, or its "that", to the clause end).
    The CUE_TRIES verbs nearest the fragment, within WINDOW_CHARS before it, are tried.
    """
    text = scan.text
    a = max(s, open_pos - WINDOW_CHARS)
    tries = 0
    for cm in scan.index(PARTIAL_FIND).backward(a, open_pos):
        cue = cm.group()
        if cm.start() == s:
            continue
        tries += 1
        if tries > CUE_TRIES:
            break
        if not scan.may_parse_cue(s, cm.start()):
            continue
        joint = joint_before(text, s, cm.start())
        participle = cue.endswith("ing")
        wm = participle and WITH_SUBJECT_END_RE.search(text, max(s, cm.start() - 100), cm.start())
        if wm:
            # …, with Sen. John McCain calling it a “Chinese menu”: the participle's own subject
            attr = parse_subject(wm.group("spk"), wm.start("spk")) or loose_speaker(
                wm.group("spk"), wm.start("spk")
            )
            if attr is None:
                continue
        elif joint is not None and (participle or text[joint] == "a"):
            # a participle or a second verb: the subject of the main clause
            attr = main_subject(subject_head(text, s, joint), s)
        else:
            attr = scan.cue_subject(s, cm.start())
            if attr is None and cue.endswith("ing"):
                attr = main_subject(subject_head(text, s, cm.start()), s)
        if attr is None:
            continue
        if cue in WEAK_CUES and not DOCUMENT_RE.search(attr.phrase):
            continue
        pos = cm.end()
        tm = THAT_AFTER_RE.match(text, pos, open_pos)
        if tm and all(
            w[:1].isupper() or w.lower() in THAT_PREFIX_WORDS for w in text[pos : tm.end()].split()
        ):  # "told Fox News on Sunday that …", not "said the plan demands that …"
            pos = tm.end()
        end = scan.body_end(s, e)
        cut = scan.index(PARTIAL_CUT_RE).first(close_pos, end)
        if cut:
            end = cut.start()
        cs, ce = scan.trim(pos, max(end, close_pos))
        attr.cue = cue
        attr.score = min(attr.score, 0.6)
        return Reported(attr.by("fragment-stance-verb"), cs, ce)
    return None


def subject_verb_partial(
    scan: Scan, s: int, e: int, open_pos: int, close_pos: int
) -> Reported | None:
    """Attribute a quoted fragment to a named subject acting on it with any verb.

    "Mr. Ortega exhorted delegates to “vote your conscience”", "She blasted the press for being
    “dishonest”": a person (or pronoun) that opens the sentence, then a verb in the past or third
    person; the reported clause runs from after the verb to the end of the clause. At most
    CUE_TRIES auxiliaries and adverbs may stand between them ("has also repeatedly").
    """
    pre_end = min(open_pos, s + 2 * SUBJECT_CHARS)  # the subject and verb lie well within it
    found = subject_verb(scan, s, pre_end)
    if found is None:
        return None
    text = scan.text
    pos = found.verb_end
    tm = THAT_RE.match(text, pos, open_pos)
    if tm:
        pos = tm.end()
    end = scan.body_end(s, e)
    cut = scan.index(PARTIAL_CUT_RE).first(close_pos, end)
    if cut:
        end = cut.start()
    cs, ce = scan.trim(pos, max(end, close_pos))
    attr = found.subject.copy()
    attr.cue = found.verb
    attr.score = 0.4
    return Reported(attr.by("fragment-subject-verb"), cs, ce)


def sentence_subject_partial(scan: Scan, s: int, open_pos: int) -> Attribution | None:
    """Attribute a quoted fragment no other rule attributed to the person who opens its sentence,
    whatever the verb: "Donald Trump is questioning whether Obama would have gone “if it were
    held in a mosque”". Only a named person (a first name, a role, or someone the article names
    in full), not a pronoun, a body or a capitalised word that opens the sentence ("Guns are
    “…”"); the last rule tried, for fragments of five words or more.
    """
    found = subject_verb(scan, s, min(open_pos, s + 2 * SUBJECT_CHARS), any_verb=True)
    if found is None:
        return None
    subject = found.subject
    if subject.phrase.lower() in PRONOUNS or is_org(clean_name(subject.phrase)):
        return None
    if not _named_person(scan, subject):
        return None
    attr = subject.copy()
    attr.cue = found.verb
    if found.verb in ("is", "are", "was", "were"):  # "is questioning whether": the -ing verb too
        ing = PROGRESSIVE_RE.match(scan.text, found.verb_end, open_pos)
        attr.cue = f"{found.verb} {ing.group(1)}" if ing else found.verb
    attr.score = 0.3
    return attr.by("fragment-sentence-subject")


def subject_verb(scan: Scan, s: int, pre_end: int, *, any_verb: bool = False) -> SubjectVerb | None:
    """Return `_subject_verb(scan, s, pre_end, any_verb)`, computed once per range."""
    key = "subject-any-verb" if any_verb else "subject-verb"
    return scan.per_sentence(key, s, pre_end, lambda: _subject_verb(scan, s, pre_end, any_verb))


def _subject_verb(scan: Scan, s: int, pre_end: int, any_verb: bool) -> SubjectVerb | None:
    """Find the subject of text[s:pre_end] and its verb: (subject, end of the verb, verb).

    The verb is one in the past or third person ("blasted", "urges"), or with any_verb any
    lowercase word but a function word ("spoke", "was").
    """
    rest, off = strip_lead(scan.text[s:pre_end])
    words = VERBISH_RE.finditer(rest)
    word = next(words, None)
    if word is not None and word.start() == 0 and word.group() in {"he", "she", "they"}:
        attr: Attribution | None = Attribution(word.group(), s + off)
        subj_end = word.end()  # "on Monday he blasted …" after a lead phrase
        word = next(words, None)
    elif word is None or word.start() == 0:
        return None
    else:
        # the subject ends before one of its first lowercase words: "Former Republican
        # presidential candidate Jeb Bush broke …" ends before "broke", not "presidential"
        for _ in range(SUBJECT_WORD_TRIES):
            subj_end = word.start()
            attr = _person_subject(rest[:subj_end], s + off)
            if attr is not None or (word := next(words, None)) is None:
                break
    if attr is None:
        return None
    skipped = 0
    while word is not None and word.group() in AUX_SKIP:
        word = next(words, None)
        skipped += 1
        if skipped > CUE_TRIES:
            return None
    if word is None:
        return None
    verb = word
    if any_verb:
        if verb.group() in NOT_VERBS:
            return None
    elif verb.group() in NOT_STANCE_VERBS or not STANCE_VERB_RE.match(verb.group()):
        return None
    if not LOWER_WORDS_RE.fullmatch(rest[subj_end : verb.start()]):
        return None  # only auxiliaries and adverbs between the subject and its verb
    return SubjectVerb(attr, s + off + verb.end(), verb.group())


def _titled(phrase: str) -> bool:
    """Tell whether a name opens with a title ("Mr. McConnell", "Sen. Ames")."""
    return first_word(phrase).lower().rstrip(".") in TITLES


def _participle_joint(text: str, a: int, left: int) -> int | None:
    """Return the start of "before", "after" or "while" when it ends text[a:left] (the words
    before a participle: "… before saying, “…”"), else None."""
    m = PARTICIPLE_JOINT_RE.search(text, max(a, left - 8), left)
    return m.start() if m else None


def _person_subject(phrase: str, base: int) -> Attribution | None:
    """Parse a subject that names a person (or an organisation's person: "Senate Majority
    Leader Mitch McConnell") or is he, she or they; not a body or a lowercase noun phrase."""
    attr = parse_subject(phrase, base)
    if attr is None or attr.phrase.lower() in {"he", "she", "they"}:
        return attr
    name = clean_name(attr.phrase)
    if not name or is_org(name) or not attr.phrase[:1].isupper() or not name[-1:].isalpha():
        return None
    if not name.split()[-1][:1].isupper():
        return None  # "The Slate technology": the subject goes on past a lowercase word
    return attr


def participle_before(scan: Scan, s: int, end: int) -> re.Match[str] | None:
    """Find ", adding that" in text[s:end] after its last quote mark (before_in_sent)."""
    last_mark = next(iter(scan.index(QUOTE_MARK_RE).backward(s, end)), None)
    start = s if last_mark is None else last_mark.end()
    # A participle match holds a single comma, at its start: none hides another.
    return scan.index(PARTICIPLE_RE).first(start, end)


def colon_paragraph_attribution(
    scan: Scan, para: tuple[int, int], spans: list[QuoteSpan], span_starts: list[int]
) -> Attribution | None:
    """Attribute a quote that opens a paragraph from the previous one ending in a colon."""
    pps, ppe = para
    if scan.text[ppe - 1] != ":":  # paragraphs are trimmed
        return None

    def compute() -> Attribution | None:
        last = sentences(scan.text, pps, ppe, spans, span_starts)[-1][0]
        return before_attribution(scan, last, ppe)

    attr = scan.per_sentence("colon", pps, ppe, compute)
    if attr is not None:
        return attr.copy().by("colon-paragraph")
    # From Senator Jane Doe:
    fm = FROM_HEADER_RE.search(scan.text, max(pps, ppe - HEADER_CHARS), ppe)
    if fm is None or not clean_name(fm.group("spk")):
        return None
    return Attribution(fm.group("spk"), fm.start("spk"), role=clean_role(fm.group("role")),
                       score=0.7).by("from-name-colon")  # fmt: skip


def signature_attribution(scan: Scan, para: tuple[int, int]) -> Attribution | None:
    """Attribute a quote that ends its paragraph to the signature line after it: "“…”\n\n-
    Bernie Sanders.", "“…”\n\n—Michelle Marks, Philadelphia." (a paragraph that is a dash, a
    name and at most a short role)."""
    m = SIGNATURE_RE.fullmatch(scan.text, *para)
    if m is None or not clean_name(m.group("spk")):
        return None
    return Attribution(m.group("spk"), m.start("spk"), role=clean_role(m.group("role")),
                       score=0.7).by("quote-signature-line")  # fmt: skip


def previous_paragraph_subject(scan: Scan, para: tuple[int, int]) -> Attribution | None:
    """Attribute a quote alone in its paragraph to the person the paragraph before is about.

    "Jane Doe spoke to reporters after the vote.\n\n“…”": the named subject (or he/she) of the
    previous paragraph's last sentence, when that paragraph holds no quote of its own.
    """
    pps, ppe = para
    s = sentences(scan.text, pps, ppe, [])[-1][0]
    sv = subject_verb(scan, s, min(ppe, s + 2 * SUBJECT_CHARS), any_verb=True)
    if sv is None:
        return None
    attr = sv.subject.copy()
    attr.score = 0.5
    return attr.by("previous-paragraph-subject")


def previous_sentence_subject(scan: Scan, ps: int, pe: int) -> Attribution | None:
    """Attribute a quote that opens a sentence to the named subject of the sentence text[ps:pe]
    just before it in the same paragraph, when that sentence is short and quotes nothing ("Iowa
    State University's Dianne Bystrom agreed. “…”", "Sen. Ted Cruz tweeted a warning. “…”")."""
    if more_words_than(scan.text, PREVIOUS_SENTENCE_WORDS, ps, pe) or scan.index(
        QUOTE_MARK_RE
    ).first(ps, pe):
        return None
    sv = subject_verb(scan, ps, pe, any_verb=True)
    if sv is None or sv.subject.phrase.lower() in PRONOUNS or not _known_person(scan, sv.subject):
        return None
    return _verb_subject(sv, "previous-sentence-subject")


def _verb_subject(sv: SubjectVerb, rule: str) -> Attribution:
    """Return the subject of sv as an attribution by rule, its verb the cue (a weak one: 0.5)."""
    attr = sv.subject.copy()
    attr.cue, attr.score = sv.verb, 0.5
    return attr.by(rule)
