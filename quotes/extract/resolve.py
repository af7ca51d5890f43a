"""Resolution: turn speaker phrases into names in reading order (surnames to the full name
introduced earlier, pronouns to the nearest fitting speaker or subject), and give quotes without
a cue the speaker of the quote they continue.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import islice

from quotes.extract.bounds import (
    NO_DEADLINE,
    PRONOUN_CANDIDATES,
    Deadline,
)
from quotes.extract.items import Attribution, Pending
from quotes.extract.names import NameIndex, clean_name, is_org
from quotes.extract.patterns import (
    CONTINUE_CUES,
    NAMED_BODY_RE,
    OUTLETS,
    PRONOUNS,
    SENTENCE_STOPWORDS,
    SUBJECT_VERB_RE,
    WORD_RE,
)


class Resolver:
    """Resolve speaker phrases to names in reading order, remembering earlier speakers."""

    def __init__(
        self, text: str, names: NameIndex, contents: list[tuple[int, int]] | None = None
    ) -> None:
        self.text = text
        self.names = names
        self.history: list[tuple[int, str, bool]] = []  # (pos, name, is_person), pos ascending
        self._history_pos: list[int] = []
        self._spoke: set[str] = set()
        # Reported words (quotes and clauses): names inside them are talked about, not speakers.
        self.contents = sorted(contents or [])
        self._content_starts = [c[0] for c in self.contents]
        self._content_ends: _RangeMax | None = None
        self._lower_seen: dict[str, bool] = {}  # word -> also written in lowercase
        self._tokens: frozenset[str] | None = None
        self._mentions: dict[int, tuple[str, bool] | None] = {}  # mention start -> candidate

    def _in_content(self, pos: int) -> bool:
        """Tell whether pos lies inside reported words (a quote or a reported clause).

        Of the contents that start at or before pos, those back to the first that starts more
        than 3000 characters before it are looked at (the latest end among them, in one step).
        """
        i = bisect_right(self._content_starts, pos) - 1
        if i < 0:
            return False
        if self._content_ends is None:
            self._content_ends = _RangeMax([c[1] for c in self.contents])
        lo = bisect_left(self._content_starts, pos - 3000) - 1
        return self._content_ends.max(max(lo, 0), i) > pos

    def resolve(self, attr: Attribution) -> str | None:
        """Return the speaker name for an attribution phrase."""
        phrase = attr.phrase.strip()
        if not phrase:  # a rule that found words but no speaker ("asked-question")
            return None
        low = phrase.lower()
        if low in PRONOUNS:
            return self._pronoun(PRONOUNS[low], attr.pos)
        if low.startswith("the "):
            if low in OUTLETS:
                return phrase
            named = NAMED_BODY_RE.match(phrase)  # "the news site RTL Info": RTL Info
            if named is not None and clean_name(named.group("name")):
                return named.group("name")
            return phrase[4:] if phrase[4:5].isupper() else phrase
        if " " not in phrase and self.names.opens_sentence_only(phrase, attr.pos):
            return None  # "Reprising one of her lines, …", "Early in his campaign, …": no one
        if (
            phrase[0].islower()
            or phrase[0].isdigit()
            or (
                phrase.split()[0]
                in {"A", "An", "One", "Another", "His", "Her", "Their", "Its", "This", "Some"}
            )
        ):
            return phrase
        name = clean_name(phrase)
        if not name:
            return None
        if is_org(name):
            return name
        return self.names.full_name(name, attr.pos)

    def record(self, pos: int, name: str) -> None:
        """Remember a resolved speaker at pos for later pronoun resolution."""
        self.history.append((pos, name, not is_org(name) and name[0].isupper()))
        self._history_pos.append(pos)
        self._spoke.add(name)

    def _is_subject(self, start: int, end: int) -> bool:
        """Tell whether a name opens its sentence and is followed by a verb ("Ham went on …")."""
        before = self.text[max(0, start - 3) : start].rstrip(" ")
        if before and before[-1] not in ".!?\n":
            return False
        if SUBJECT_VERB_RE.match(self.text, end) is None:
            return False
        # a common word that merely opens a sentence ("Talks stalled") is also written lowercase
        word = self.text[start:end].lower()
        if word not in self._lower_seen:
            self._lower_seen[word] = self._written(word)
        return not self._lower_seen[word]

    def _written(self, word: str) -> bool:
        r"""Tell whether word occurs in the text as whole words (not inside a longer word).

        As `re.search(rf"(?<![\w’']){re.escape(word)}(?![\w’'])", text)`, without a scan of the
        text per word: each of its own words must occur as a whole word (a set built once).
        """
        if self._tokens is None:
            self._tokens = frozenset(WORD_RE.findall(self.text))
        runs = WORD_RE.findall(word)
        if not all(r in self._tokens for r in runs):
            return False
        if len(runs) == 1 and runs[0] == word:
            return True
        text = self.text
        i = text.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not WORD_RE.match(text[i - 1])) and (
                j >= len(text) or not WORD_RE.match(text[j])
            ):
                return True
            i = text.find(word, i + 1)
        return False

    def _speaker_after(
        self, cands: Iterator[tuple[int, str, bool]], floor: int, kind: str
    ) -> str | None:
        """Return the first person of cands (nearest first) after floor who spoke, of a fitting
        gender ("he" is never "the authorities")."""
        for cpos, name, person in cands:
            if cpos <= floor:
                return None
            if person and name in self._spoke and self.names.gender_of(name) in (None, kind):
                return name
        return None

    def _history_before(self, pos: int) -> Iterator[tuple[int, str, bool]]:
        """Yield the speakers recorded before pos, nearest first (in recorded order on a tie)."""
        i = bisect_left(self._history_pos, pos)
        while i > 0:
            k = bisect_left(self._history_pos, self._history_pos[i - 1], 0, i - 1)
            yield from self.history[k:i]
            i = k

    def _mentions_before(self, pos: int) -> Iterator[tuple[int, str, bool]]:
        """Yield the person mentions of the 1500 characters before pos, nearest first."""
        for men in reversed(self.names.mentions_between(max(0, pos - 1500), pos)):
            if men.start not in self._mentions:
                cand = None
                if (men.person and men.name.lower() not in SENTENCE_STOPWORDS
                        and not self._in_content(men.start)):  # fmt: skip
                    full = self.names.full_name(men.name, men.start)
                    cand = (full, self._is_subject(men.start, men.end))
                self._mentions[men.start] = cand
            cand = self._mentions[men.start]
            # a name is a person once its gender is known (learnt while resolving)
            if cand is not None and (self.names.is_person(cand[0]) or cand[1]):
                yield men.start, cand[0], True

    def _pronoun(self, kind: str, pos: int) -> str | None:
        """Resolve he/she/they/it to the nearest fitting earlier speaker or sentence subject."""
        if kind == "1":
            return None
        # Earlier speakers and recent mentions, nearest first (speakers first on a tie); at most
        # PRONOUN_CANDIDATES of them are looked at.
        cands = islice(
            heapq.merge(
                self._history_before(pos), self._mentions_before(pos),
                key=lambda c: c[0], reverse=True,
            ),
            PRONOUN_CANDIDATES,
        )  # fmt: skip
        spoke = self._spoke
        # Prefer recent speakers over mere mentions: a mention wins only when it is much closer.
        best: str | None = None
        for cpos, name, person in cands:
            if kind in "mf":
                if not person:
                    continue
                g = self.names.gender_of(name)
                if g is not None and g != kind:
                    continue
                if name not in spoke:
                    # a mention: accept it if no speaker of this gender is within 400 characters
                    near = self._speaker_after(cands, cpos - 400, kind)
                    if near:
                        best = near
                        break
                best = name
                break
            if kind == "n" and not person:
                best = name
                break
            if kind == "p":
                best = name
                break
        if best and kind in "mf" and self.names.gender_of(best) is None:
            self.names.gender[best] = kind
        return best


def item_confidence(p: Pending) -> float:
    """Score an item from how its speaker was found."""
    if p.attr is None:
        return 0.5 if p.speaker else 0.2
    return p.attr.score if p.speaker else 0.3


def resolve_all(
    text: str, pending: list[Pending], names: NameIndex, deadline: Deadline = NO_DEADLINE
) -> None:
    """Resolve speakers in reading order; cue-less quotes continue an adjacent speaker."""
    res = Resolver(text, names, [(p.start, p.end) for p in pending])
    roles: dict[str, str] = {}
    by_para: dict[int, list[Pending]] = {}
    in_para: dict[int, int] = {}  # id(item) -> its index among its paragraph's items
    for p in pending:
        same = by_para.setdefault(p.para, [])
        in_para[id(p)] = len(same)
        same.append(p)
    for p in pending:
        deadline.check()
        if p.attr is not None:
            p.speaker = res.resolve(p.attr)
        if p.speaker is not None:
            res.record(p.start, p.speaker)
    # Second pass for quotes without a cue of their own.
    prev: Pending | None = None  # the latest item so far with a speaker
    for p in pending:
        if p.attr is None and p.kind == "direct":
            _continue_speaker(text, p, by_para[p.para], in_para[id(p)], prev)
            if p.speaker is None and p.fallback is not None:
                p.speaker = _person(res.resolve(p.fallback), names)
                p.attr = p.fallback if p.speaker else None
        if p.speaker:
            prev = p
    # Roles and outlets carry over to later items of the same speaker.
    last: Pending | None = None
    for p in pending:
        if p.speaker is None or p.attr is None:
            continue
        if p.attr.role and p.speaker not in roles:
            roles[p.speaker] = p.attr.role
        elif not p.attr.role and p.speaker in roles:
            p.attr.role = roles[p.speaker]
        if (last is not None and last.speaker == p.speaker and last.attr is not None
                and p.attr.via is None and p.attr.cue in CONTINUE_CUES):  # fmt: skip
            p.attr.via = last.attr.via
        last = p


def _continue_speaker(
    text: str, p: Pending, same: list[Pending], j: int, prev: Pending | None
) -> None:
    """Give a quote without a cue the speaker of the quote it continues, if any.

    same: the items of p's paragraph, p at index j; prev: the latest earlier item with a speaker.
    """
    nxt = same[j + 1] if j + 1 < len(same) else None
    if (nxt is not None and nxt.attr is not None and nxt.speaker and nxt.kind == "direct"
            and p.span is not None and nxt.span is not None
            and not WORD_RE.search(text, p.span.close_pos, nxt.span.open_pos)):  # fmt: skip
        _inherit(p, nxt)
        return
    if prev is None:
        return
    if prev.para == p.para or (
        prev.para == p.para - 1 and (p.continues_prev or prev.kind == "direct"
                                     or _starts_para(text, p))
    ):  # fmt: skip
        _inherit(p, prev)


def _person(name: str | None, names: NameIndex) -> str | None:
    """Return name if it looks like a person (a known gender or first name, or two words)."""
    if name is None or is_org(name) or not name[:1].isupper():
        return None
    return name if names.is_person(name) or len(name.split()) >= 2 else None


def _starts_para(text: str, p: Pending) -> bool:
    """Tell whether a quote opens its paragraph (nothing but whitespace before its mark)."""
    if p.span is None:
        return False
    k = p.span.open_pos
    while k > 0 and text[k - 1] != "\n" and text[k - 1].isspace():
        k -= 1
    return k == 0 or text[k - 1] == "\n"


class _RangeMax:
    """The largest of values[lo..hi] in one step (a sparse table, built once)."""

    def __init__(self, values: list[int]) -> None:
        self._levels = [values]
        width = 1
        while 2 * width <= len(values):
            prev = self._levels[-1]
            self._levels.append([max(prev[i], prev[i + width]) for i in range(len(prev) - width)])
            width *= 2

    def max(self, lo: int, hi: int) -> int:
        """Return max(values[lo : hi + 1]) (lo <= hi)."""
        k = (hi - lo + 1).bit_length() - 1
        level = self._levels[k]
        return max(level[lo], level[hi - (1 << k) + 1])


def _inherit(p: Pending, src: Pending) -> None:
    """Give p the speaker, role and outlet of src (a continuation of the same speaker)."""
    p.speaker = src.speaker
    if src.attr is not None:
        p.attr = Attribution(src.attr.phrase, src.attr.pos, role=src.attr.role, cue=None,
                             via=src.attr.via, score=0.6, rule="continues-speaker")  # fmt: skip
