"""Indirect statements: reported speech without quote marks (`X said that …`, `…, X said.`,
`according to X, …`, `The weapons, he added, are …`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from quotes.extract.bounds import (
    CUE_TRIES,
    LEAD_CHARS,
    QUESTION_CHARS,
    SUBJECT_CHARS,
    TAIL_CHARS,
    WINDOW_CHARS,
    more_words_than,
)
from quotes.extract.items import Attribution, ClauseStart, Reported
from quotes.extract.names import NameIndex, clean_name, is_org
from quotes.extract.patterns import (
    ACCORDING_FIND,
    ACCORDING_SOURCE_CUT_RE,
    ACCORDING_SOURCE_RE,
    APPOSITIVE_RE,
    ASK_CUES,
    ASKED_BY_RE,
    ASKED_LEAD_RE,
    ASKED_OBJECT_RE,
    ASKED_QUESTION_RE,
    BOAST_OF_RE,
    CLAUSE_START_BAD,
    CLAUSE_START_OK,
    CUE_SCAN,
    DOCUMENT_FIND,
    DOCUMENT_RE,
    DOCUMENT_TRAILING_WORDS,
    FIRST_WORD_RE,
    GENERIC_NP,
    HEADLINE_NAME_RE,
    HEADLINE_SAYS_CUE_RE,
    HEADLINE_SAYS_RE,
    INDIRECT_FIND,
    INTERVIEW_RE,
    LEAD_AT_RE,
    MID_RE,
    MIXED,
    MIXED_FIND,
    NOT_CLAUSE_START,
    NOT_HOLDERS,
    NOT_SOURCES,
    NOT_SPEAKER_LABELS,
    OBJ_RE,
    OBJECT_END_RE,
    OBJECT_FIND,
    OBJECT_PARTICIPLE_RE,
    OBJECT_TIME_END_RE,
    OF_ABOUT_RE,
    OUTLETS,
    PARTICIPLE_SAY,
    PASSIVE_BY_RE,
    PEOPLE_PLURALS,
    PLAIN_CUES,
    PRONOUNS,
    QUOTE_MARK_RE,
    REFLEXIVE_CUES,
    REPORTEDLY_RE,
    ROLE_NOUNS,
    SAID_ASIDE_RE,
    SAY_FAMILY,
    SECOND_SUBJECT_RE,
    SENTENCE_STOPWORDS,
    SPEAKER_FULL,
    SPEECH_SUBJECT_CUES,
    STANCE_FIND,
    STANCE_PRONOUNS,
    STANCE_THAT_ONLY,
    TAIL_RE,
    THAT_AFTER_RE,
    THAT_START_RE,
    TIME_RE,
    WEAK_CUES,
    WHO_APPOSITIVE_END_RE,
    WHO_CUE_RE,
    WHO_HEAD_RE,
)
from quotes.extract.phrases import (
    aside_subject,
    clean_role,
    is_outlet,
    is_second_subject,
    loose_subject,
    main_subject,
    parse_subject,
    strip_aux_end,
    strip_lead,
    via_after,
)
from quotes.extract.scan import Scan
from quotes.extract.text import first_word, is_but_and, subject_head, trim_content

PLAIN_CUES_SET = frozenset(PLAIN_CUES)
ROLE_WORDS = frozenset(r.replace("\\", "") for r in ROLE_NOUNS)
# The words one of which every indirect rule needs: a cue of any kind (`CUE_SCAN` holds the
# speech, stance, object and document cues alike), "according to", a headline's "Says".
_CUE_PATTERNS = (CUE_SCAN, ACCORDING_FIND, HEADLINE_SAYS_CUE_RE)


def _content_after_cue(
    text: str, cue_end: int, sent_end: int, cue: str, names: NameIndex, mixed: bool = False
) -> ClauseStart | None:
    """Locate the reported clause after a cue: skip addressee and time phrases, then "that".

    Reads at most WINDOW_CHARS after the cue.
    """
    stop = min(sent_end, cue_end + WINDOW_CHARS)
    pos = cue_end
    via = None
    rest = text[pos:stop]
    if cue in REFLEXIVE_CUES:
        gap = 12  # told a crowd in Miami on Tuesday that …: an addressee, then "that"
    elif cue in SAY_FAMILY and not mixed and SAID_ASIDE_RE.match(text, pos, stop):
        # said in April that …, said — on Twitter, as it happens — that …: an aside ("said it
        # is clear that …" reports all of "it is clear that …")
        gap = 8
    else:
        gap = 0
    if gap:  # at most gap words before "that"
        tm = THAT_AFTER_RE.match(text, pos, stop)
        if tm is not None and not more_words_than(text, gap + 1, pos, tm.end()):
            return ClauseStart(tm.end(), via_after(text, pos, stop, names))
    om = OBJ_RE.match(rest)
    if om and (cue in {"told", "tells", "telling"} or rest.lstrip().startswith("to ")):
        via = via_after(text, pos, stop, names)
        pos += om.end()
    for _ in range(3):
        tm = TIME_RE.match(text[pos:stop])
        if not tm or tm.end() == 0:
            break
        im = INTERVIEW_RE.match(text[pos:stop].lstrip(" ,"))
        if im and via is None and is_outlet(im.group("via"), names):
            via = im.group("via")
        pos += tm.end()
    if cue in ASK_CUES:
        am = ASKED_OBJECT_RE.match(text, pos, stop)
        if am is None:
            return None
        question = am.group("q") != "to" or not am.group("obj")
        return ClauseStart(am.start("q") if question else am.start("obj"), via)
    rest = text[pos:stop]
    lead = len(rest) - len(rest.lstrip(" ,:"))
    pos += lead
    rest = rest[lead:]
    if cue in {"boasted", "boasts", "bragged", "brags"} and rest.startswith("to "):
        m = BOAST_OF_RE.search(text, pos, stop)
        if not m:
            return None
        pos = m.end()
        rest = text[pos:stop]
    that = THAT_START_RE.match(rest)
    if that:
        return ClauseStart(pos + that.end(), via)
    if cue in {"boasted", "boasts", "bragged", "brags"} and OF_ABOUT_RE.match(rest):
        return ClauseStart(pos + rest.index(" ") + 1, via)
    if mixed and rest and (cue in MIXED or cue in SAY_FAMILY):
        return ClauseStart(pos, via)
    if cue not in SAY_FAMILY or cue in {"continued", "continues"}:
        return None
    if not rest or CLAUSE_START_BAD.match(rest) or rest[0] in '“"«‘':
        return None
    if not (rest[0].isupper() or CLAUSE_START_OK.match(rest) or _opens_clause(rest)):
        return None
    return ClauseStart(pos, via)


def _opens_clause(rest: str) -> bool:
    """Tell whether a lowercase word that opens rest may open a reported clause."""
    word = FIRST_WORD_RE.match(rest)
    if word is None or not (rest[0].islower() or rest[0].isdigit()):
        return False
    w = word.group().rstrip(",.;:")
    if rest[0].isdigit():
        return True
    # "pro-Trump forces attempted …": a hyphenated word opens a clause as a plain one does
    return w.replace("-", "").isalpha() and w not in NOT_CLAUSE_START and not w.endswith("ly")


def tail_in_sentence(scan: Scan, s: int, e: int) -> Reported | None:
    """Find a closing attribution ("…, X said.", "…, said X.") and the reported words before it.

    The attribution is looked for in the last TAIL_CHARS of the sentence (the longest in PolNeAR
    is about 700): the pattern may read to the end of the sentence from each comma it tries.
    """
    found = scan.per_sentence("tail", s, e, lambda: _tail_at_end(scan, s, e))
    return None if found is None else found._replace(attr=found.attr.copy())


def _may_speak(spk: str) -> bool:
    """Tell whether a closing or mid-sentence attribution's subject can be a speaker: a name, a
    pronoun, or a described person or body ("the senator", "former officials", "the airline")."""
    return bool(clean_name(spk) or spk.lower() in PRONOUNS or GENERIC_NP.fullmatch(spk))


def _tail_at_end(scan: Scan, s: int, e: int) -> Reported | None:
    """Compute `tail_in_sentence`."""
    text = scan.text
    tail = TAIL_RE.search(text, max(s, e - TAIL_CHARS), e)
    if not tail:
        return None
    cue = tail.group("cue1") or tail.group("cue2")
    spk = tail.group("spk1") or tail.group("spk2")
    key = "spk1" if tail.group("spk1") else "spk2"
    if cue in SAY_FAMILY and spk and _may_speak(spk):
        cs, ce = trim_content(text, s, tail.start())
        if more_words_than(text, 3, cs, ce):
            role = clean_role(tail.group("role1") or tail.group("role2"))
            attr = Attribution(spk, tail.start(key), role=role, cue=cue, score=0.6)
            attr.by("clause-then-said")
            return Reported(attr, cs, ce)
    return None


def _mid_in_sentence(scan: Scan, s: int, e: int) -> Reported | None:
    """Find an attribution between commas mid-sentence; the reported words are the whole rest."""
    text = scan.text
    tries = 0
    for m in MID_RE.finditer(text, s, e):
        cue = m.group("cue1") or m.group("cue2")
        spk = m.group("spk1") or m.group("spk2")
        key = "spk1" if m.group("spk1") else "spk2"
        if cue not in SAY_FAMILY or not spk or not _may_speak(spk):
            continue
        tries += 1
        if tries > CUE_TRIES:
            break
        lead = strip_lead(text[s : min(m.start(), s + LEAD_CHARS)])[1]
        cs, ce = scan.trim(s + lead, scan.body_end(s, e))
        if not more_words_than(text, 1, cs, m.start()) or not more_words_than(text, 1, m.end(), ce):
            continue
        attr = Attribution(spk, m.start(key), cue=cue, score=0.6).by("clause-said-mid")
        return Reported(attr, cs, ce)
    return None


def indirect_in_sentence(scan: Scan, s: int, e: int, mixed: bool = False) -> Reported | None:
    """Find indirect speech in the sentence text[s:e]; return (attribution, content start, end).

    Computed once per sentence. Of the cues, those that start within SUBJECT_CHARS of the
    sentence start can have a subject; CUE_TRIES of them are tried.
    """
    if not scan.may_match(_CUE_PATTERNS, s, e):
        return None  # every way below needs a cue word, "according to", a stance or document verb
    found = scan.per_sentence(
        "mixed" if mixed else "indirect", s, e, lambda: _indirect_at(scan, s, e, mixed)
    )
    if found is None:
        return None
    return found._replace(attr=found.attr.copy())


def _according_to(scan: Scan, s: int, e: int, body_end: int) -> Reported | None:
    """Find "According to X, …" (at the sentence start) or "…, according to X." in text[s:e].

    A comma after a named source opens its role only when what follows reads as an appositive
    ("According to Jo Ames, a lawyer for the city, …").
    """
    text = scan.text
    am = scan.index(ACCORDING_FIND).first(s, e)
    if am is None:
        return None
    leading = am.start() == s or is_but_and(text, s, am.start())
    if (
        am.group()[:2].lower() == "as"
        and not leading
        and not text[s : am.start()].rstrip().endswith(",")
    ):
        return None  # "exactly as reported by the paper": a comparison, not a source
    pos = am.end()
    while pos < e and text[pos].isspace():  # "according to  spokesman Todd Mesek"
        pos += 1
    source = _according_source(text, pos, e, leading)
    if source is None:
        return None
    attr, src_end, role_after = source
    attr.cue = am.group()
    if leading:
        comma = text.find(",", src_end, min(e, src_end + 3))
        if comma < 0:
            return None
        rm = APPOSITIVE_RE.match(text, comma + 1, e) if role_after else None
        if rm is not None:
            attr.role = clean_role(rm.group("role"))
            comma = rm.end() - 1
        cs, ce = trim_content(text, comma + 1, body_end)
    elif _continues_after(text, src_end, body_end):
        # "But the next day, according to Roffman, Trump made further demands": the reported
        # words are on both sides, so the whole sentence (as for "…, he said, …")
        lead = LEAD_AT_RE.match(text, s, am.start())  # "But ", "And "
        cs, ce = trim_content(text, lead.end() if lead else s, body_end)
    else:
        cs, ce = trim_content(text, s, am.start())
        if role_after:
            attr.role = clean_role(text[src_end:e].lstrip(" ,").rstrip(" ."))
    if not more_words_than(text, 2, cs, ce):
        return None
    return Reported(attr, cs, ce)


def _continues_after(text: str, src_end: int, body_end: int) -> bool:
    """Tell whether a mid-sentence source ends at a comma followed by a clause of its sentence
    (a lowercase word or a name, then more than two words), not at the sentence's end."""
    k = src_end
    while k < body_end and text[k] == " ":
        k += 1
    if k >= body_end or text[k] != ",":
        return False
    k += 1
    while k < body_end and text[k].isspace():
        k += 1
    return k < body_end and text[k].isalnum() and more_words_than(text, 2, k, body_end)


def _according_source(
    text: str, pos: int, e: int, leading: bool
) -> tuple[Attribution, int, bool] | None:
    """Parse the source after "according to" at pos: (attribution, its end, may take a role).

    A speaker phrase (rule "according-to-clause"), or else, and also when a leading speaker
    phrase is only the start of the source ("According to Pew Research Center data, …"), the
    short noun phrase up to the next comma or the end of the sentence (rule
    "according-to-source"): "the state's business records", "people familiar with the plans".
    """
    sm = SPEAKER_FULL.match(text, pos, e)
    if sm is not None and not (leading and text.find(",", sm.end("spk"), sm.end("spk") + 3) < 0):
        spk = sm.group("spk")
        attr = Attribution(spk, sm.start("spk"), score=0.6).by("according-to-clause")
        named = bool(clean_name(spk)) and not spk.lower().startswith("the ")
        return attr, sm.end("spk"), bool(sm.group("role")) and (named or not leading)
    lm = ACCORDING_SOURCE_RE.match(text, pos, min(e, pos + LEAD_CHARS))
    if lm is None or lm.group().rsplit(None, 1)[-1].lower() in NOT_SOURCES:
        return None
    spk = lm.group()
    if spk.endswith(".") and "." not in spk.rsplit(None, 1)[-1][:-1]:
        spk = spk[:-1]  # the sentence's period, not an abbreviation's ("U.S.")
    cut = ACCORDING_SOURCE_CUT_RE.search(spk)
    if cut is not None and cut.start() > 0:
        spk = spk[: cut.start()]  # "a CNN poll released on Thursday"
    attr = Attribution(spk, lm.start(), score=0.6).by("according-to-source")
    return attr, lm.end(), False


def _subject_cues(
    scan: Scan, find: re.Pattern[str], s: int, e: int, *, skip: Collection[str] = ()
) -> Iterator[re.Match[str]]:
    """Yield the cues of find in [s, e) that a subject can stand before: not at s, at most
    SUBJECT_CHARS after it (a longer subject is no speaker phrase, `parse_subject`), and at
    most CUE_TRIES of them; cues in skip are passed over without counting."""
    tries = 0
    for cm in scan.index(find).between(s, e):
        if cm.group() in skip or cm.start() == s:
            continue
        if cm.start() - s > SUBJECT_CHARS:
            return
        tries += 1
        if tries > CUE_TRIES:
            return
        yield cm


def _indirect_at(scan: Scan, s: int, e: int, mixed: bool) -> Reported | None:
    """Compute `indirect_in_sentence`: the rules in order, "according to X", a cue after the
    clause ("…, X said."), a cue inside it, a headline, a question asked by someone, a cue
    after its subject ("X said (that) …"), then (no quote in the sentence) a belief, a
    document's finding and a stance toward an object."""
    body_end = scan.body_end(s, e)
    found = (
        _according_to(scan, s, e, body_end)
        or tail_in_sentence(scan, s, e)
        or _mid_in_sentence(scan, s, e)
        or _headline_says(scan, s, e, body_end)
        or _asked_by(scan, s, e, body_end)
    )
    if found is not None:
        return found
    found, final = _subject_said(scan, s, e, body_end, mixed)
    if found is not None or final or mixed:
        return found
    return (
        _stance_clause(scan, s, e, body_end)
        or _document_clause(scan, s, e, body_end)
        or _object_clause(scan, s, e, body_end)
    )


def _subject_said(
    scan: Scan, s: int, e: int, body_end: int, mixed: bool
) -> tuple[Reported | None, bool]:
    """X [, role,] said (to Y) (that) …: the first cue with a subject and a clause after it.

    Returns the statement, or None and whether the sentence holds no other statement (its
    subject's cue has no clause worth reporting after it)."""
    text = scan.text
    for cm in _subject_cues(scan, MIXED_FIND if mixed else INDIRECT_FIND, s, e, skip=WEAK_CUES):
        subject = _subject_of_cue(scan, s, cm, mixed)
        if subject is None:
            continue
        attr, rule, read_as = subject
        found = _content_after_cue(text, cm.end(), body_end, read_as, scan.names, mixed)
        if found is None:
            if mixed:
                return None, True
            continue  # "she continued to suggest that …": a later cue of the same subject
        cs, ce = trim_content(text, found.start, body_end)
        cs, ce = trim_content(text, cs, _second_subject(scan, cs, ce, mixed))
        if not more_words_than(text, 2, cs, ce):
            return None, True
        attr.cue = cm.group()
        attr.via = found.via
        attr.score = min(attr.score, 0.6)
        return Reported(attr.by(rule), cs, ce), True
    return None, False


def _second_subject(scan: Scan, cs: int, ce: int, mixed: bool) -> int:
    """Return where a reported clause [cs, ce) ends: before a named subject coordinated with a
    cue of its own ("“…,” but Pelosi called it …"), else at ce. The first CUE_TRIES cues count."""
    text = scan.text
    for cm in scan.index(MIXED_FIND if mixed else INDIRECT_FIND).between(cs, ce)[:CUE_TRIES]:
        m = SECOND_SUBJECT_RE.search(text, max(cs, cm.start() - SUBJECT_CHARS), cm.start())
        if m is None:
            continue
        attr = parse_subject(m.group("spk"), m.start("spk"))
        if attr is not None and is_second_subject(attr):
            return m.start() + (text[m.start()] in '”"')  # the closing mark stays in
    return ce


def _subject_of_cue(
    scan: Scan, s: int, cm: re.Match[str], mixed: bool
) -> tuple[Attribution, str, str] | None:
    """Return the subject of the cue cm in the sentence from s, the rule that found it, and the
    cue it reads as (a participle "saying" reads as "said")."""
    text = scan.text
    cue = cm.group()
    says = cue in SAY_FAMILY or cue in PLAIN_CUES_SET
    attr = parse_subject(text[s : cm.start()], s)
    if attr is not None:
        return attr, ("name-asked-whether" if cue in ASK_CUES else "name-said-that"), cue
    if says and (attr := loose_subject(text[s : cm.start()], s)):
        return attr, "np-said-that", cue
    if says and (attr := _who_subject(text, s, cm.start())):
        return attr, "who-said-that", cue
    if (says or cue in ASK_CUES) and not mixed and (attr := scan.cue_subject(s, cm.start())):
        return attr, "clause-subject-said", cue  # "… when she said …", "…, because he said"
    if cue in SPEECH_SUBJECT_CUES and (aside := aside_subject(text, s, cm.start())):
        return aside[0], aside[1], cue
    if cue in PARTICIPLE_SAY:
        read_as = PARTICIPLE_SAY[cue]
        attr = _participle_subject(text, s, cm.start())
        rule = "clause-asking-whether" if read_as in ASK_CUES else "clause-saying-that"
        return (attr, rule, read_as) if attr is not None else None
    if says and not mixed and (attr := _and_subject(text, s, cm.start())):
        return attr, "clause-and-said", cue
    return None


def _asked_by(scan: Scan, s: int, e: int, body_end: int) -> Reported | None:
    """Find "X was asked by Y whether …": the question, asked by Y (read in the sentence's first
    SUBJECT_CHARS + 200 characters only)."""
    text = scan.text
    m = ASKED_BY_RE.search(text, s, min(e, s + SUBJECT_CHARS + 200))
    if m is None or not _may_speak(m.group("spk")):
        return None
    cs, ce = trim_content(text, m.start("q"), body_end)
    if not more_words_than(text, 3, cs, ce):
        return None
    attr = parse_subject(m.group("spk"), m.start("spk"))  # "host John Dickerson": a role
    if attr is None:
        attr = Attribution(m.group("spk"), m.start("spk"))
    attr.cue, attr.score = "asked", 0.6
    return Reported(attr.by("asked-by-whether"), cs, ce)


def question_in_sentence(scan: Scan, s: int, e: int) -> Reported | None:
    """Find a question put by an asker the text does not name ("Asked whether he would run,
    Ames said …"): the words from the question word to the end of its clause (the next comma,
    or the sentence's end, within QUESTION_CHARS), with speaker unknown. CUE_TRIES matches are
    tried, so the work stays linear whatever the sentence."""
    matches = scan.index(ASKED_QUESTION_RE).between(s, e)[:CUE_TRIES]
    if not matches:
        return None
    text = scan.text
    opens = s
    while opens < e and text[opens] in " \t\n“\"‘'":
        opens += 1
    body_end = scan.body_end(s, e)
    for m in matches:
        if m.start() != opens and not ASKED_LEAD_RE.search(text, max(s, m.start() - 20), m.start()):
            continue  # a bare "asked" must open its sentence: "Tapper asked whether" has an asker
        qs = m.start("q")
        stop = min(body_end, qs + QUESTION_CHARS)
        comma = text.find(",", qs, stop)
        cs, ce = trim_content(text, qs, comma if comma > 0 else stop)
        if not more_words_than(text, 3, cs, ce):
            continue
        attr = Attribution("", m.start("cue"), cue="asked", score=0.3)
        return Reported(attr.by("asked-question"), cs, ce)
    return None


def reportedly_in_sentence(scan: Scan, s: int, e: int) -> Reported | None:
    """Find "X reportedly did Y": the whole sentence, reported by a source the article does not
    name (speaker unknown)."""
    m = scan.index(REPORTEDLY_RE).first(s, e)
    if m is None:
        return None
    lead = LEAD_AT_RE.match(scan.text, s, m.start())  # "But ", "And "
    cs, ce = scan.trim(lead.end() if lead else s, scan.body_end(s, e))
    if not more_words_than(scan.text, 3, cs, ce):
        return None
    attr = Attribution("", m.start(), cue=m.group().lower(), score=0.3)
    return Reported(attr.by("reportedly"), cs, ce)


def _who_subject(text: str, s: int, cue_start: int) -> Attribution | None:
    """Return the head of a relative clause before ", who said" at cue_start, or None."""
    lo = max(s, cue_start - 80)
    wm = WHO_CUE_RE.search(text, lo, cue_start)
    if wm is None:
        return None
    lo = max(s, wm.start() - 120)
    end = WHO_APPOSITIVE_END_RE.search(text, lo, wm.start())  # ", 24, from Manchester"
    hm = WHO_HEAD_RE.search(text, lo, end.start() if end else wm.start())
    if hm is None:
        return None
    return Attribution(hm.group("spk"), hm.start("spk"), score=0.5)


def _headline_says(scan: Scan, s: int, e: int, body_end: int) -> Reported | None:
    """Find "Mayor Ames Says He Will Not Run Again": a title-case speech verb after a name."""
    text = scan.text
    if scan.index(HEADLINE_SAYS_CUE_RE).first(s, e) is None:
        return None
    m = HEADLINE_SAYS_RE.search(text, s, e)
    if m is None or not clean_name(m.group("spk")):
        return None
    cs, ce = trim_content(text, m.end(), body_end)
    if not more_words_than(text, 1, cs, ce):
        return None
    attr = Attribution(m.group("spk"), m.start("spk"), cue=m.group("cue").split()[0], score=0.5)
    return Reported(attr.by("headline-name-says"), cs, ce)


def _and_subject(text: str, s: int, cue_start: int) -> Attribution | None:
    """Return the subject of the first verb before "and says" at cue_start, or None."""
    k = cue_start
    while k > s and text[k - 1].isspace():
        k -= 1
    if k - 4 < s or text[k - 4 : k] != " and":
        return None
    attr = main_subject(subject_head(text, s, k - 4), s)
    if attr is None or not (clean_name(attr.phrase) or attr.phrase.lower() in PRONOUNS):
        return None
    return attr


def _participle_subject(text: str, s: int, cue_start: int) -> Attribution | None:
    """Return the subject of the main clause before ", saying" at cue_start, or None."""
    k = cue_start
    while k > s and text[k - 1].isspace():
        k -= 1
    if k <= s or text[k - 1] != ",":
        return None
    return main_subject(subject_head(text, s, k - 1), s)


def _document_clause(scan: Scan, s: int, e: int, body_end: int) -> Reported | None:
    """Find what a document states: "The poll found that …", "FEC records show he backed …".

    The subject, after any lead phrase, is at most 25 words and names a document (`DOCUMENT_RE`);
    the first DOCUMENT_CUES verb within SUBJECT_CHARS of the sentence start is read.
    """
    text = scan.text
    cm = scan.index(DOCUMENT_FIND).first(s, min(e, s + SUBJECT_CHARS))
    if cm is None or cm.start() == s:
        return None
    rest, off = strip_lead(text[s : cm.start()])
    rest = rest.rstrip(" ,")
    if (not rest or more_words_than(rest, 25) or not DOCUMENT_RE.search(rest)
            or first_word(rest).lower() in NOT_HOLDERS - {"a", "an"}):  # fmt: skip
        return None
    found = _content_after_cue(text, cm.end(), body_end, "said", scan.names)
    if found is None:
        return None
    cs, ce = trim_content(text, found.start, body_end)
    if not more_words_than(text, 2, cs, ce):
        return None
    attr = Attribution(_document_phrase(rest), s + off, cue=cm.group(), score=0.5)
    return Reported(attr.by("document-shows-that"), cs, ce)


def _document_phrase(subject: str) -> str:
    """Return the document a subject names: up to an appositive comma, no trailing adverbs."""
    head = subject.split(",", 1)[0]
    if DOCUMENT_RE.search(head):
        subject = head
    words = subject.split()
    while len(words) > 1 and words[-1].lower().strip(",") in DOCUMENT_TRAILING_WORDS:
        words.pop()
    return " ".join(words)


def _stance_clause(scan: Scan, s: int, e: int, body_end: int) -> Reported | None:
    """Find a belief held by a named subject: "Smith believes (that) …", "He fears that …".

    No speech verb, so a reporter's generalisation ("Many think …", "Economists believe …") must
    not count: the subject is a name, an organisation, or he/she/they (`_holds_views`). Verbs
    that also take a plain object ("knew the area") need "that" (`STANCE_THAT_ONLY`).
    """
    text = scan.text
    for cm in _subject_cues(scan, STANCE_FIND, s, e):
        attr = parse_subject(text[s : cm.start()], s)
        if attr is None or not _holds_views(attr.phrase, attr.pos, scan.names):
            continue
        cue = cm.group()
        rest = text[cm.end() : min(body_end, cm.end() + LEAD_CHARS)]
        pos = cm.end() + len(rest) - len(rest.lstrip(" ,"))
        rest = rest.lstrip(" ,")
        that = THAT_START_RE.match(rest)
        if that:
            pos += that.end()
        elif (cue in STANCE_THAT_ONLY or not rest or CLAUSE_START_BAD.match(rest)
              or not (rest[0].isupper() or CLAUSE_START_OK.match(rest))):  # fmt: skip
            return None
        cs, ce = trim_content(text, pos, body_end)
        if not more_words_than(text, 3, cs, ce):
            return None
        attr.cue = cue
        attr.score = min(attr.score, 0.5)
        return Reported(attr.by("name-believes-that"), cs, ce)
    return None


def object_span(text: str, pos: int, limit: int) -> tuple[int, int]:
    """Return the object of a stance verb ending at pos: to the end of its clause (at most
    LEAD_CHARS), without a time phrase at its end ("Kessler on Friday" is "Kessler")."""
    stop = min(limit, pos + LEAD_CHARS)
    em = OBJECT_END_RE.search(text, pos + 1, stop)
    cs, ce = trim_content(text, pos, em.start() if em else stop)
    tm = OBJECT_TIME_END_RE.search(text, cs, ce)
    return (cs, tm.start()) if tm and tm.start() > cs else (cs, ce)


def _object_clause(scan: Scan, s: int, e: int, body_end: int) -> Reported | None:
    """Find the object of a stance a named subject takes: "Christie endorsed Trump last week".

    The object is read to the end of its clause (`OBJECT_END_RE`); the subject must name who
    holds a view (`_holds_views`), as for beliefs.
    """
    text = scan.text
    for cm in _subject_cues(scan, OBJECT_FIND, s, e):
        head = strip_aux_end(text[s : cm.start()])  # "Trump has long called for …"
        attr = parse_subject(head, s)
        # a named subject, or someone described by a role ("A spokesman for the mayor")
        if attr is None or not (
            _a_role(attr.phrase) or _holds_views(attr.phrase, attr.pos, scan.names)
        ):
            attr = None if first_word(head).lower() in NOT_HOLDERS else loose_subject(head, s)
            # "Many economists criticized …", "Critics praised …": nobody in particular
            if attr is None or attr.phrase.strip().lower() in PEOPLE_PLURALS:
                continue
        pos = cm.end()
        for _ in range(3):
            tm = TIME_RE.match(text[pos:body_end])
            if not tm or tm.end() == 0:
                break
            pos += tm.end()
        cs, ce = object_span(text, pos, body_end)
        if not more_words_than(text, 0, cs, ce) or PASSIVE_BY_RE.match(text, cs, ce):
            return None  # "Assad, opposed by the U.S., …" is no stance of Assad's
        attr.cue = cm.group()
        attr.score = min(attr.score, 0.5)
        return Reported(attr.by("name-endorsed"), cs, ce)
    pm = OBJECT_PARTICIPLE_RE.search(text, s, body_end)
    if pm is None:
        return None
    attr = _participle_subject(text, s, pm.start("cue"))
    if attr is None or not _holds_views(attr.phrase, attr.pos, scan.names):
        return None
    cs, ce = object_span(text, pm.end(), body_end)
    if not more_words_than(text, 0, cs, ce):
        return None
    attr.cue = pm.group("cue")
    attr.score = min(attr.score, 0.5)
    return Reported(attr.by("clause-citing"), cs, ce)


def _a_role(phrase: str) -> bool:
    """Tell whether a subject is someone described by a role: "A spokesman for the mayor"."""
    words = phrase.lower().split()
    return len(words) >= 2 and words[0] in {"a", "an"} and words[1] in ROLE_WORDS


def _holds_views(phrase: str, pos: int, names: NameIndex) -> bool:
    """Tell whether a subject phrase names who holds a view: a person, a body, he/she/they.

    Not a quantifier ("some officials", "many"), not "it", "this", "I" or "we" (in an article's
    own prose those are the writer), not a bare plural ("Economists", "Democrats").
    """
    words = phrase.split()
    low = words[0].lower()
    if len(words) == 1 and low in STANCE_PRONOUNS:
        return True
    if low in NOT_HOLDERS or not phrase[:1].isupper():
        return False
    if len(words) == 1 and low in SENTENCE_STOPWORDS:
        return False  # "Well, I think …"
    name = clean_name(phrase)
    if not name:
        return False
    if is_org(name):
        return True
    if not name[:1].isupper():
        return False  # "The storm": a thing, not a name
    # a bare plural of people ("Economists") is no name, unless an earlier mention makes it a
    # surname ("Sanders" after "Bernie Sanders")
    return not (len(name.split()) == 1 and name.endswith("s") and name not in names.gender
                and len(names.full_name(name, pos).split()) == 1)  # fmt: skip


def headline_in_paragraph(scan: Scan, ps: int, pe: int) -> Reported | None:
    """Find "Ames: Council Plan Threatens Jobs", a short paragraph naming who says its words.

    A name (not a label such as "Update") of at most four words and a colon open the paragraph;
    the rest has no quote mark (a quoted one is a direct quote) and at most 30 words.
    """
    text = scan.text
    m = HEADLINE_NAME_RE.fullmatch(text, ps, pe)
    if m is None or QUOTE_MARK_RE.search(text, m.start("body"), pe):
        return None
    spk = m.group("spk")
    name = clean_name(spk)
    if (not name or spk.lower() in NOT_SPEAKER_LABELS or more_words_than(text, 30, ps, pe)
            or spk.startswith("The ") or (" " in spk and spk.isupper())):  # fmt: skip
        return None
    # a person named again in the article, or a news outlet ("NY Daily News: …")
    if not (scan.names.is_person_surname(name.split()[-1]) or name.lower() in OUTLETS):
        return None
    cs, ce = trim_content(text, m.start("body"), scan.body_end(ps, pe))
    attr = Attribution(spk, m.start("spk"), score=0.5).by("headline-name-colon")
    return Reported(attr, cs, ce)
