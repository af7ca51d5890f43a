"""Indirect statements: reported speech without quote marks (`X said that …`, `…, X said.`,
`according to X, …`, `The weapons, he added, are …`).
"""

from __future__ import annotations

from quotes.extract.bounds import (
    CUE_TRIES,
    LEAD_CHARS,
    SUBJECT_CHARS,
    TAIL_CHARS,
    WINDOW_CHARS,
    more_words_than,
)
from quotes.extract.items import Attribution, ClauseStart, Reported
from quotes.extract.names import NameIndex, clean_name
from quotes.extract.patterns import (
    ACCORDING_FIND,
    BOAST_OF_RE,
    CLAUSE_START_BAD,
    CLAUSE_START_OK,
    INDIRECT_FIND,
    INTERVIEW_RE,
    MID_RE,
    MIXED,
    MIXED_FIND,
    OBJ_RE,
    OF_ABOUT_RE,
    PARTIAL_FIND,
    PRONOUNS,
    SAY_FAMILY,
    SPEAKER_FULL,
    TAIL_RE,
    THAT_START_RE,
    TIME_RE,
    WEAK_CUES,
)
from quotes.extract.phrases import clean_role, is_outlet, parse_subject, strip_lead, via_after
from quotes.extract.scan import Scan
from quotes.extract.text import is_but_and, trim_content


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
    if not (rest[0].isupper() or CLAUSE_START_OK.match(rest)):
        return None
    return ClauseStart(pos, via)


def tail_in_sentence(scan: Scan, s: int, e: int) -> Reported | None:
    """Find a closing attribution ("…, X said.", "…, said X.") and the reported words before it.

    The attribution is looked for in the last TAIL_CHARS of the sentence (the longest in PolNeAR
    is about 700): the pattern may read to the end of the sentence from each comma it tries.
    """
    found = scan.per_sentence("tail", s, e, lambda: _tail_at_end(scan, s, e))
    return None if found is None else found._replace(attr=found.attr.copy())


def _tail_at_end(scan: Scan, s: int, e: int) -> Reported | None:
    """Compute `tail_in_sentence`."""
    text = scan.text
    tail = TAIL_RE.search(text, max(s, e - TAIL_CHARS), e)
    if not tail:
        return None
    cue = tail.group("cue1") or tail.group("cue2")
    spk = tail.group("spk1") or tail.group("spk2")
    key = "spk1" if tail.group("spk1") else "spk2"
    if cue in SAY_FAMILY and spk and (clean_name(spk) or spk.lower() in PRONOUNS):
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
        if cue not in SAY_FAMILY or not spk or not (clean_name(spk) or spk.lower() in PRONOUNS):
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
    if scan.index(PARTIAL_FIND).first(s, e) is None and (
        scan.index(ACCORDING_FIND).first(s, e) is None
    ):
        return None  # every way below needs a cue word or "according to"
    found = scan.per_sentence(
        "mixed" if mixed else "indirect", s, e, lambda: _indirect_at(scan, s, e, mixed)
    )
    if found is None:
        return None
    return found._replace(attr=found.attr.copy())


def _indirect_at(scan: Scan, s: int, e: int, mixed: bool) -> Reported | None:
    """Compute `indirect_in_sentence`."""
    text = scan.text
    names = scan.names
    body_end = scan.body_end(s, e)
    # …, according to X.   /   According to X, …
    am = scan.index(ACCORDING_FIND).first(s, e)
    if am:
        sm = SPEAKER_FULL.match(text, am.end() + 1, e)
        if sm:
            spk = sm.group("spk")
            role = clean_role(sm.group("role"))
            if am.start() == s or is_but_and(text, s, am.start()):
                comma = text.find(",", sm.end("spk"), e)
                if role:
                    comma = text.find(",", sm.start("role") + len(sm.group("role")), e)
                if comma < 0:
                    return None
                cs, ce = trim_content(text, comma + 1, body_end)
            else:
                cs, ce = trim_content(text, s, am.start())
                role = (
                    clean_role(text[sm.end("spk") : e].lstrip(" ,").rstrip(" .")) if role else None
                )
            if more_words_than(text, 2, cs, ce):
                source = Attribution(spk, sm.start("spk"), role=role, cue=am.group(), score=0.6)
                source.by("according-to-clause")
                return Reported(source, cs, ce)
    # …, X said.   /   …, said X.
    tail = tail_in_sentence(scan, s, e)
    if tail is not None:
        return tail
    mid = _mid_in_sentence(scan, s, e)
    if mid is not None:
        return mid
    # X [, role,] said (to Y) (that) …
    tries = 0
    for cm in scan.index(MIXED_FIND if mixed else INDIRECT_FIND).between(s, e):
        cue = cm.group()
        if cue in WEAK_CUES or cm.start() == s:
            continue
        if cm.start() - s > SUBJECT_CHARS:
            break  # a longer subject is no speaker phrase (`parse_subject`)
        tries += 1
        if tries > CUE_TRIES:
            break
        attr = parse_subject(text[s : cm.start()], s)
        if attr is None:
            continue
        found = _content_after_cue(text, cm.end(), body_end, cue, names, mixed)
        if found is None:
            if mixed:
                return None
            continue  # "she continued to suggest that …": a later cue of the same subject
        cs, via = found.start, found.via
        cs, ce = trim_content(text, cs, body_end)
        if not more_words_than(text, 2, cs, ce):
            return None
        attr.cue = cue
        attr.via = via
        attr.score = min(attr.score, 0.6)
        return Reported(attr.by("name-said-that"), cs, ce)
    return None
