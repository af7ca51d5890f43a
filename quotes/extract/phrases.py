"""Speaker phrases: parse the words next to a cue as a speaker ("Sen. Rand Paul, R-Ky.",
"Clinton aide Jesse Lehrich", "a spokesman for the campaign") with an optional role, and the
outlet a cue was addressed to ("told Fox News").
"""

from __future__ import annotations

from functools import lru_cache

from quotes.extract.bounds import (
    ASIDE_CHARS,
    CUE_TRIES,
    SUBJECT_CHARS,
    TRAILING_NAME_CHARS,
    VIA_CHARS,
    last_words_start,
    more_words_than,
)
from quotes.extract.items import Attribution
from quotes.extract.names import NameIndex, clean_name, is_org, is_place, is_sentence_word
from quotes.extract.patterns import (
    ADVERB_END,
    APPOSITIVE_START_RE,
    ASIDE_MARK_RE,
    ASIDE_OPENERS,
    AUX_END_RE,
    AUX_LAST_WORDS,
    COMMA_RE,
    DATELINE_RE,
    DESCRIPTOR_RE,
    FIRST_NAMES_ALL,
    FIRST_WORD_RE,
    FRONTED_PRONOUN_RE,
    GENERIC_NP,
    INTERVIEW_RE,
    LEAD_AT_RE,
    LEAD_RE,
    LEAD_TIME_HEAD_RE,
    LEAD_TIME_RE,
    LOOSE_DESC_NAME_RE,
    LOOSE_NAME_RE,
    LOOSE_NP_RE,
    LOOSE_SUBJECT_RE,
    LOWER_WORD_RE,
    LY_ADVERB_RE,
    NAME_END,
    NAME_ROLE_END,
    NOT_BEFORE_SUBJECT,
    NOT_LEAD_WORDS,
    NP_BREAKERS,
    OBJ_RE,
    OF_PLACE_END_RE,
    OFFICE_OF_RE,
    OUTLETS,
    PARENTHETICAL_END,
    PARTICIPLE_END_RE,
    PARTICIPLE_WORD_RE,
    PARTY_TAG_RE,
    POSSESSIVE_SPLIT_RE,
    PRONOUNS,
    QUOTE_MARK_RE,
    RELATIVE_WORD_RE,
    ROLE_THEN_NAME_RE,
    SECOND_SUBJECT_RE,
    SENTENCE_END_WORD_RE,
    SENTENCE_STOPWORDS,
    SPEAKER_FULL,
    SPEAKER_OF_RE,
    SUBJECT_START_RE,
    SUBJECT_WHEN_END,
    TRAILING_NAME_RE,
    VERBISH_RE,
    VIA_OK,
    WHO_COMMA_RE,
)
from quotes.extract.text import count_words, first_word


def is_outlet(name: str, names: NameIndex) -> bool:
    """Tell whether an addressee ("told X") is a news outlet or organisation, not a person."""
    low = name.lower()
    if low in OUTLETS or low.removeprefix("the ") in OUTLETS or is_org(name):
        return True
    toks = name.split()
    if len(toks) == 1:
        return not names.is_person_surname(name)
    return False


def via_after(text: str, pos: int, end: int, names: NameIndex) -> str | None:
    """Find the outlet a cue was addressed to in text[pos:end], reading at most VIA_CHARS."""
    return _via_from(text[pos : min(end, pos + VIA_CHARS)], names)


def _via_from(rest: str, names: NameIndex) -> str | None:
    """Find the outlet a cue was addressed to in the text following the cue."""
    m = OBJ_RE.match(rest)
    if m:
        obj = m.group("obj")
        obj = POSSESSIVE_SPLIT_RE.split(obj + " ")[0].strip()
        if VIA_OK.match(obj):
            cleaned = obj if obj.lower().startswith("the ") else clean_name(obj) or obj
            if is_outlet(cleaned, names):
                return cleaned
    m2 = INTERVIEW_RE.search(rest[:120])
    if m2:
        via = POSSESSIVE_SPLIT_RE.split(m2.group("via") + " ")[0].strip()
        if is_outlet(via, names):
            return via
    return None


def strip_lead(subject: str) -> tuple[str, int]:
    """Drop a dateline, a leading conjunction or adverbial ("But ", "On Thursday, ")."""
    off = 0
    d = DATELINE_RE.match(subject)
    if d:
        off = d.end()
    m = LEAD_RE.match(subject, off)
    if m:
        off = m.end()
    tm = LEAD_TIME_RE.match(subject, off)
    if tm and subject[tm.end() : tm.end() + 1].isalpha():
        off = tm.end()
    comma = subject.find(",", off)
    if 0 <= comma - off <= 60:
        head = subject[off:comma]
        first = head.split()[0].lower() if head.split() else ""
        if (
            (first in SENTENCE_STOPWORDS and first not in NOT_LEAD_WORDS)
            or (len(head.split()) == 1 and first.endswith("ly"))  # "Reluctantly, Smith said"
            or LEAD_TIME_HEAD_RE.fullmatch(head.strip())  # "Late last year, the ministry said"
        ):
            off = comma + 1
            while off < len(subject) and subject[off].isspace():
                off += 1
            m = LEAD_RE.match(subject, off)
            if m:
                off = m.end()
    return subject[off:], off


def parse_subject(subject: str, base: int) -> Attribution | None:
    """Parse the text before a cue as a speaker (with an optional appositive role).

    Leading adverbials ("On Thursday, ", "Speaking at a rally in Novi, Michigan, ") are skipped by
    retrying after each comma while the skipped part starts with a lead word. A subject longer
    than SUBJECT_CHARS is no speaker phrase (the longest found in PolNeAR is 345 characters).
    """
    if len(subject) > SUBJECT_CHARS:
        return None
    attr = _parse_subject_cached(subject, base)
    return None if attr is None else attr.copy()


@lru_cache(maxsize=4096)
def _parse_subject_cached(subject: str, base: int) -> Attribution | None:
    """Parse a subject (see `parse_subject`); the quotes of one sentence share its subjects."""
    subject = _strip_adverb_end(subject) if subject.strip() else ""
    subject = subject.rstrip(" ,")
    if not subject:
        return None
    rest, off = strip_lead(subject)
    attr = _subject_at(rest, base + off) or _head_of_relative(rest, base + off)
    if attr is not None or not rest:
        return attr
    first = first_word(rest).lower()
    if not (first in SENTENCE_STOPWORDS or first.endswith(("ing", "ed"))):  # "Reached by phone, …"
        return None
    # Retry after each comma, up to one followed by "who", "which" or "whose". Only a rest of at
    # most 40 words, or one with ", who", can be a speaker phrase (`_parse_subject_core`): the
    # commas before those are skipped unread.
    suffixes = _Suffixes(rest)
    stop = WHO_COMMA_RE.search(rest)
    stop_at = stop.start() if stop else len(rest)
    who_tries = 0
    for m in COMMA_RE.finditer(rest, suffixes.scan_from, stop_at + 1):
        if m.end() >= len(rest):
            break
        lm = LEAD_AT_RE.match(rest, m.end())
        start = lm.end() if lm else m.end()
        if not suffixes.has_who_after(start):
            if suffixes.too_long(start):
                continue
        elif (who_tries := who_tries + 1) > CUE_TRIES:
            continue
        attr = _subject_at(rest[start:], base + off + start)
        if attr is not None:
            return attr
    return None


def _subject_at(rest: str, base: int) -> Attribution | None:
    """Parse a subject phrase that starts at the speaker, or at a fronted phrase whose comma
    was left out before a pronoun ("At the town hall this week she")."""
    attr = _parse_subject_core(rest, base)
    if attr is None and (pm := FRONTED_PRONOUN_RE.fullmatch(rest)) is not None:
        attr = Attribution(pm.group("pro"), base + pm.start("pro"))
    return attr


def _head_of_relative(rest: str, base: int) -> Attribution | None:
    """Parse "A White House official who spoke anonymously" as its head noun phrase: a subject
    that opens with a role noun phrase and a relative clause without a comma, 20 words in all."""
    who = rest.find(" who ")
    if who <= 0 or ASIDE_MARK_RE.search(rest) or more_words_than(rest, 20):
        return None  # the relative clause is short, holds no other clause and is no aside
    head = rest[:who]
    if count_words(head) > 7 or not GENERIC_NP.fullmatch(head) or not head[:1].isalpha():
        return None
    return Attribution(head, base, score=0.6)


def _strip_adverb_end(subject: str) -> str:
    """Drop the adverbs that end a subject ("Smith also"), then a when or where phrase and the
    adverbs before it ("Spicer on Thursday", "Bush in a Medium post"), reading only its last 200
    characters: at most three adverbs, which the pattern tries from every space of the text. A
    parenthetical goes first ("Ayotte's campaign, for example,"), and a when phrase that ends
    in an adverb ("The ministry a day earlier") is taken whole before the adverbs.
    """
    subject = " " + subject.rstrip() + " "
    head, tail = subject[:-200], subject[-200:]
    tail = PARENTHETICAL_END.sub(" ", tail)  # "Ayotte's campaign, for example, said"
    when = SUBJECT_WHEN_END.search(tail)  # "The ministry a day earlier said": before "earlier" goes
    if when is None:
        tail = ADVERB_END.sub("", tail)
        when = SUBJECT_WHEN_END.search(tail)  # "Spicer on Thursday said", "Bush in a post said"
    if when is not None and when.start() > 0:
        tail = ADVERB_END.sub("", tail[: when.start()] + " ")
    return (head + tail)[1:]


class _Suffixes:
    """Which suffixes of a string `_parse_subject_core` can take: at most 40 words, or ", who"."""

    def __init__(self, s: str) -> None:
        self.who = s.rfind(", who ")
        # The suffixes from short_from on have at most 40 words.
        self.short_from = last_words_start(s, 40, 0, len(s))
        # Where a scan for clause boundaries must start to see each one that ends at or after
        # short_from (the character before short_from ends a word: no boundary spans it, and
        # none is longer than 64 characters up to it); from the start if ", who" is in s.
        self.scan_from = 0 if self.who > 0 else max(0, self.short_from - 64)

    def too_long(self, start: int) -> bool:
        """Tell whether s[start:] has more than 40 words."""
        return start < self.short_from

    def has_who_after(self, start: int) -> bool:
        """Tell whether s[start:] has ", who " past its first character."""
        return self.who > start


def _parse_subject_core(rest: str, base: int) -> Attribution | None:
    """Parse a subject phrase that starts at the speaker (no leading adverbial)."""
    if not rest:
        return None
    # "remarks by X, who … boasted": the speaker is the name before ", who".
    who = rest.rfind(", who ")
    if who > 0:
        head = rest[:who]
        m = NAME_END.search(head)
        if m and clean_name(m.group("name")):
            return Attribution(m.group("name"), base + m.start(), score=0.7)
        # "… McConnell, now the Senate majority leader, who said": the name before the appositive
        m = NAME_ROLE_END.search(head)
        if m and clean_name(m.group("name")) and not is_org(clean_name(m.group("name"))):
            return Attribution(m.group("name"), base + m.start("name"), score=0.6)
        # "The lawmaker, who represents a district in Albay, said": a role noun phrase
        if "," not in head and count_words(head) <= 7 and GENERIC_NP.fullmatch(head):
            return Attribution(head, base, score=0.6)
        return None
    if more_words_than(rest, 40):
        return None
    # "Ms. Merkel's spokesman, Steffen Seibert": the role, then the name in apposition
    rm = ROLE_THEN_NAME_RE.fullmatch(rest)
    if rm and clean_name(rm.group("spk")) and not is_org(clean_name(rm.group("spk"))):
        role = rm.group("role")
        if first_word(role).lower() in SENTENCE_STOPWORDS:  # "The mayor, Tomas Berg,": "the mayor"
            role = role[:1].lower() + role[1:]
        return Attribution(rm.group("spk"), base + rm.start("spk"), role=role)
    m = SPEAKER_FULL.fullmatch(rest)
    if m is None:
        # "Caucus Chairman G.K. Butterfield of North Carolina": a place or body after the name
        om = SPEAKER_OF_RE.fullmatch(rest)
        if om and clean_name(om.group("spk")) and om.group("spk")[:1].isupper():
            m = SPEAKER_FULL.fullmatch(om.group("spk"))
    if m:
        spk = m.group("spk")
        if is_place(spk):  # "Speaking in Salem, New Hampshire, Trump said": a place, not a speaker
            return None
        role = m.group("role")
        if role is not None:
            role = role.strip().rstrip(",").strip()
            if (
                not role
                or count_words(role) > 30
                or role.split()[0].lower() in {"and", "or", "but"}
            ):
                return None
            if not LOWER_WORD_RE.search(role) and not PARTY_TAG_RE.fullmatch(role):
                return None
            if not spk[0].isupper() and spk.split()[0].lower() not in PRONOUNS:
                return None
        low = spk.lower()
        if low not in PRONOUNS and not clean_name(spk) and not low.startswith(("the ", "a", "one")):
            return None
        if role and role.split()[0].lower() in {"who", "which", "whose"}:
            role = None
        spk, pre_role, shift = split_descriptor(spk)
        return Attribution(spk, base + shift, role=role or pre_role)
    if (
        "," not in rest and count_words(rest) <= 7 and GENERIC_NP.fullmatch(rest)
        and not any(PARTICIPLE_END_RE.search(w) for w in rest.split()[2:])
        and not any(w in NP_BREAKERS for w in rest.split()[1:])
    ):  # fmt: skip
        first = rest.split()[0]
        possessive = first.endswith(("’s", "'s"))
        if possessive and first[:-2].lower() in SENTENCE_STOPWORDS:
            return None
        return Attribution(rest, base, score=0.6)
    return None


def loose_subject(subject: str, base: int) -> Attribution | None:
    """Parse the text before a speech verb as a subject `parse_subject` does not take.

    A share of a poll, names joined by "and", a name's campaign or office, people of someone
    (`LOOSE_SUBJECT_RE`); at most 20 words, after any lead phrase ("On Monday, ").
    """
    if len(subject) > SUBJECT_CHARS:
        return None
    subject = _strip_adverb_end(subject).rstrip(" ,") if subject.strip() else ""
    rest, off = strip_lead(subject)
    m = LOOSE_SUBJECT_RE.fullmatch(rest) if rest and not more_words_than(rest, 20) else None
    if m is None:
        return None
    lead = subject[:off].rstrip()
    if lead.endswith(",") and is_place(rest) and _ends_capitalised(lead[:-1]):
        return None  # "Speaking in Salem, New Hampshire says": the state of a place named before
    return Attribution(m.group("np"), base + off + m.start("np"), score=0.5)


def _ends_capitalised(s: str) -> bool:
    words = s.split()
    return bool(words) and words[-1][:1].isupper()


def split_descriptor(spk: str) -> tuple[str, str | None, int]:
    """Split "Clinton aide Jesse Lehrich" into ("Jesse Lehrich", "Clinton aide", offset)."""
    if spk.split()[0].lower() in {"the", "a", "an", "one"}:
        return spk, None, 0
    om = OFFICE_OF_RE.match(spk)
    if om:  # "Secretary of Energy Paul Dunmore": the name starts at a first name, or is the end
        toks = list(FIRST_WORD_RE.finditer(spk[om.end() :]))
        start = next(
            (i for i, t in enumerate(toks) if t.group().lower() in FIRST_NAMES_ALL),
            max(0, len(toks) - 2 - (len(toks) >= 3 and len(toks[-2].group()) == 2)),
        )
        if start > 0:
            cut = om.end() + toks[start].start()
            return spk[cut:], spk[:cut].strip(), cut
    m = DESCRIPTOR_RE.match(spk)
    if not m or not clean_name(m.group("name")):
        return spk, None, 0
    if spk[:1].islower() and len(m.group("name").split()) < 2:
        return spk, None, 0  # "flood survivor Dana Whitfield", not "county officials"
    desc = m.group("desc")
    if desc.lower() in SENTENCE_STOPWORDS or desc.split()[-1].lower() in SENTENCE_STOPWORDS:
        return spk, None, 0
    return m.group("name").strip(), desc, m.start("name")


def loose_speaker(seg: str, base: int) -> Attribution | None:
    """Parse a speaker that the strict patterns reject, in a short segment next to a cue."""
    if not seg.strip() or more_words_than(seg, 30):
        return None
    seg = SENTENCE_END_WORD_RE.sub(r"\1", seg)  # "said one Republican strategist."
    m = LOOSE_NAME_RE.fullmatch(seg)
    if m and clean_name(m.group("spk")) and not is_org(clean_name(m.group("spk"))):
        rest = m.group("rest")
        role = clean_role(rest.lstrip(" ,")) if rest and rest.lstrip().startswith(",") else None
        return Attribution(m.group("spk"), base + m.start("spk"), role=role, score=0.6)
    m = LOOSE_DESC_NAME_RE.fullmatch(seg)
    # "said master of ceremonies Asab Tabchi, a Syrian engineer": the appositive is the role;
    # not "… by the United States, NATO and others, Clinton" (a list)
    rest = clean_role((m.group("rest") or "").lstrip(" ,")) if m else None
    if (
        m
        and clean_name(m.group("spk"))
        and not is_org(clean_name(m.group("spk")))
        and (not m.group("rest") or (rest and APPOSITIVE_START_RE.match(rest)))
    ):
        return Attribution(m.group("spk"), base + m.start("spk"), role=rest or m.group("desc"),
                           score=0.6)  # fmt: skip
    m = LOOSE_NP_RE.fullmatch(seg)
    if (m and count_words(m.group("spk")) <= 10 and not PARTICIPLE_WORD_RE.search(m.group("spk"))
            and not _breaks_np(m.group("spk").split())):  # fmt: skip
        return Attribution(m.group("spk").strip(), base + m.start("spk"), score=0.5)
    return None


def _breaks_np(words: list[str]) -> bool:
    """Tell whether a word ends a noun phrase's reach (a verb, a subordinator), except "to" in
    "close to" ("a person close to the Clintons")."""
    return any(
        w in NP_BREAKERS and not (w == "to" and i > 0 and words[i - 1] == "close")
        for i, w in enumerate(words)
    )


def tail_role(text: str, name_end: int, end: int) -> str | None:
    """Return the appositive after a name that ends the clause (", a Democrat from Virginia")."""
    i = name_end
    while i < end and text[i].isspace():
        i += 1
    if i >= end or text[i] != ",":
        return None
    return clean_role(text[i + 1 : end])


def clean_role(role: str | None) -> str | None:
    """Clean an appositive role: trim, drop a trailing comma, reject relative clauses."""
    if not role:
        return None
    role = role.strip().rstrip(",").strip()
    if not role or first_word(role).lower() in {"who", "which", "whose", "and", "or"}:
        return None
    if more_words_than(role, 30):
        return None
    return role


def subject_before_cue(text: str, start: int, cue_start: int) -> Attribution | None:
    """Parse the speaker right before a cue at cue_start, in a sentence (or window) from start.

    Only the last SUBJECT_CHARS before the cue are read: a subject is never longer.
    """
    lo = max(start, cue_start - SUBJECT_CHARS)
    second = SECOND_SUBJECT_RE.search(text, lo, cue_start)
    if second is not None:  # "“…” and Pelosi mocked": the name after the conjunction
        attr = parse_subject(second.group("spk"), second.start("spk"))
        if attr is not None and is_second_subject(attr):
            return attr
    return _subject_before(text[lo:cue_start], lo, clipped=lo > start)


def is_second_subject(attr: Attribution) -> bool:
    """Tell whether a subject after "but"/"and" (SECOND_SUBJECT_RE) names someone: a name, not a
    pronoun ("but he said" may be the first speaker again)."""
    return bool(clean_name(attr.phrase)) and attr.phrase.lower() not in PRONOUNS


def main_subject(head: str, base: int) -> Attribution | None:
    """Parse the subject of a clause before one of its first lowercase words (its verb); after a
    lead phrase ("In three interviews, the justice sounded off …"), if its words used up the
    tries."""
    attr = _main_subject(head, base)
    if attr is None:
        rest, off = strip_lead(head)
        if off:
            attr = _main_subject(rest, base + off)
    return attr


def _main_subject(head: str, base: int) -> Attribution | None:
    tried = 0
    prev_end = 0
    pos = 0
    participle: Attribution | None = None  # "Reached by phone, Ames …": kept only as a last resort
    while tried < 8:
        vm = VERBISH_RE.search(head, pos)
        if vm is None or vm.start() > SUBJECT_CHARS:  # a longer subject is no speaker phrase
            return participle
        pos = vm.end()
        if vm.start() == 0:
            continue
        # the first lowercase word after a comma may end a subject ("…, Warren appeared")
        seg_first = "," in head[prev_end : vm.start()]
        prev_end = vm.end()
        if tried < 4 or seg_first:
            attr = parse_subject(head[: vm.start()], base)
            if attr is not None and _opening_participle(attr.phrase):
                participle = participle or attr
            elif attr is not None and not is_sentence_word(attr.phrase):
                return attr
            tried += 1
            if tried >= 4:  # from now on only a word after a comma is tried: go to the next one
                comma = head.find(",", prev_end)
                if comma < 0:
                    return participle
                pos = comma
    return participle


def _opening_participle(phrase: str) -> bool:
    """Tell whether a one-word subject looks like a participle or adverb that opens a sentence
    ("Reached", "Reprising", "Hastily"): the subject after its comma is tried first."""
    word = phrase.strip()
    return " " not in word and len(word) >= 6 and word.lower().endswith(("ed", "ing", "ly"))


def _subject_before(left: str, base: int, clipped: bool = False) -> Attribution | None:
    """Parse the speaker right before a verb, also after a lead clause ("because X has said").

    clipped: left does not start where its sentence does, so only a subject after a clause
    boundary or subordinator in it is looked for.
    """
    left = strip_aux_end(left)
    if not clipped:
        attr = parse_subject(left, base)
        if attr is not None:
            return attr
    end = len(left.rstrip())
    rs = left.rstrip(" ,")
    # `_parse_subject_core` only takes a rest of at most 40 words or one with ", who".
    suffixes = _Suffixes(rs)
    who_tries = 0
    for bm in SUBJECT_START_RE.finditer(left, suffixes.scan_from):
        if bm.end() >= end:
            break
        who = suffixes.has_who_after(bm.end())
        if not who and suffixes.too_long(bm.end()):
            continue
        if left[bm.end()].islower() and first_word(left, bm.end()) not in _CLAUSE_SUBJECT_HEADS:
            continue
        if who and (who_tries := who_tries + 1) > CUE_TRIES:
            continue
        attr = _parse_subject_core(rs[bm.end() :], base + bm.end())
        if attr is not None:
            return attr
    return None


#: Lowercase words that can open the subject of a clause: "…, but his campaign said …".
_CLAUSE_SUBJECT_HEADS = frozenset(PRONOUNS) | {"his", "her", "their", "its", "the", "a", "an"}


def strip_aux_end(left: str) -> str:
    """Drop auxiliaries and adverbs that end left ("is", "has long"), reading its last 300 chars.

    `AUX_END_RE` backtracks through a run of them once per start: the window bounds that.
    """
    last = left.rsplit(None, 1)
    if not last or not (last[-1] in AUX_LAST_WORDS or LY_ADVERB_RE.fullmatch(last[-1])):
        return left  # the pattern needs an auxiliary, an adverb or "went on to" as the last word
    if len(left) <= 300:
        return AUX_END_RE.sub("", left)
    return left[:-300] + AUX_END_RE.sub("", left[-300:])


def aside_subject(text: str, s: int, cue_start: int) -> tuple[Attribution, str] | None:
    """Return the speaker before a speech verb at cue_start when the words before it are no
    subject as a whole, and the rule that read it; or None.

    First the subject before one or two asides ("Jason Sims — a teacher from Mount Pleasant —
    says", "Sanders, meanwhile, who has no such endorsements, said"; rule "aside-subject-said"),
    then the name that ends the words before the verb, asides and a trailing place passed over
    ("Saturday at the convention Sen. Elizabeth Warren said", "retired neurosurgeon Ben Carson
    told", "Stacy Baker of Columbia, South Carolina says"; rule "trailing-name-said").
    """
    ends = [_space_back(text, s, cue_start)]
    for _ in range(2):
        opener = _aside_opener(text, s, ends[-1])
        if opener is None:
            break
        ends.append(_space_back(text, s, opener))
    for end in ends[1:]:
        attr = parse_subject(text[s:end], s) or loose_subject(text[s:end], s)
        if attr is not None:
            return attr, "aside-subject-said"
    for end in ends:
        attr = _trailing_name(text, s, end)
        if attr is not None:
            return attr, "trailing-name-said"
    return None


def _space_back(text: str, s: int, k: int) -> int:
    while k > s and text[k - 1].isspace():
        k -= 1
    return k


def _aside_opener(text: str, s: int, end: int) -> int | None:
    """Return where an aside that ends at end (its closing comma, dash or parenthesis) opens, or
    None: at most ASIDE_CHARS back, without a quote mark or a sentence's end inside."""
    if end <= s or text[end - 1] not in ASIDE_OPENERS:
        return None
    lo = max(s, end - 1 - ASIDE_CHARS)
    if text[end - 2 : end] == "--":  # "The justice -- who has … -- said"
        opener = text.rfind("--", lo, end - 2)
    else:
        opener = text.rfind(ASIDE_OPENERS[text[end - 1]], lo, end - 1)
    if opener <= s or QUOTE_MARK_RE.search(text, opener, end) or "\n" in text[opener:end]:
        return None
    return opener


def _trailing_name(text: str, s: int, end: int) -> Attribution | None:
    """Return the name that ends text[s:end] (read in its last TRAILING_NAME_CHARS) if it can be
    the subject: two words or more (or "the" and a body), not a place, not the object of the
    word before it, not inside a relative clause."""
    lo = max(s, end - TRAILING_NAME_CHARS)
    head = text[lo:end]
    comma = head.rfind(",")
    if comma >= 0 and is_place(head[comma + 1 :].strip()):  # "Baker of Columbia, South Carolina"
        head = head[:comma]
    head = OF_PLACE_END_RE.sub("", head)  # "Baker of Columbia": the name before "of"
    m = TRAILING_NAME_RE.search(head)
    if m is None:
        return None
    name = m.group("name")
    clean = clean_name(name)
    one_word = len(clean.split()) < 2 and not name.lower().startswith("the ")
    if not clean or one_word or is_place(clean):
        return None
    before = head[: m.start()]
    clause = before[before.rfind(",") + 1 :]
    words = clause.split()
    if (words and words[-1].lower() in NOT_BEFORE_SUBJECT) or RELATIVE_WORD_RE.search(clause):
        return None
    return Attribution(name, lo + m.start("name"), score=0.5)
