"""Proper names in an article: mentions, full-name resolution of surnames, gender hints.

`NameIndex(text)` scans the article once for capitalised name sequences. `full_name(name, pos)`
turns "Stradner" or "Ms. Stradner" into the full name introduced earlier ("Ivana Stradner").
Gender hints come from honorifics (Mr./Ms.) and from the first he/she pronoun that follows a
mention of a name within the next sentence or two.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from quotes.extract.patterns import (
    CONTRACTION_RE,
    COUNTRY_NAMES,
    FEMALE_FIRST_NAMES,
    FEMALE_WORDS,
    GENDER_PRONOUN_RE,
    HONORIFICS,
    MALE_FIRST_NAMES,
    MALE_WORDS,
    NAME_MENTION_RE,
    ORG_WORDS,
    OUTLETS,
    PLACE_NAMES,
    POSSESSIVE_END_RE,
    SENTENCE_OPENER_EXCEPTIONS,
    SENTENCE_OPENERS,
    SENTENCE_STOPWORDS,
    TITLES,
    TOKEN_RE,
)

__all__ = [
    "Mention",
    "NameIndex",
    "clean_name",
    "is_org",
    "is_place",
    "is_sentence_word",
    "name_tokens",
]


@dataclass(frozen=True)
class Mention:
    """A capitalised name occurrence: offsets, cleaned name, and whether it looks like a person."""

    start: int
    end: int
    name: str
    person: bool


def name_tokens(name: str) -> list[str]:
    """Split a name into tokens, dropping honorifics, offices and sentence-initial stopwords."""
    toks = TOKEN_RE.findall(name)
    out: list[str] = []
    for tok in toks:
        low = tok.lower().rstrip(".")
        if not out and (low in TITLES or low in SENTENCE_STOPWORDS or tok.lower() in TITLES):
            continue
        out.append(tok)
    if not out and len(toks) >= 2 and toks[-2].lower().rstrip(".") in HONORIFICS:
        out.append(toks[-1])  # "Mr. King", "Ms. Price": a surname that is also a title word
    # A trailing "(D-S.C.)" party tag is not part of the name.
    while out and out[-1].startswith("("):
        out.pop()
    return out


def clean_name(name: str) -> str:
    """Return the name without titles, a possessive ending or a trailing party tag."""
    toks = name_tokens(name.replace("\n", " "))
    if any(CONTRACTION_RE.search(t) for t in toks):
        return ""
    if toks:
        toks[-1] = POSSESSIVE_END_RE.sub("", toks[-1]).rstrip(",")
    return " ".join(t for t in toks if t)


def is_sentence_word(word: str) -> bool:
    """Tell whether one word is a word sentences open with, never someone's name: an article, a
    common opener or a stopword ("A", "Early", "Saturday", "There"), not a pronoun."""
    low = word.strip().lower()
    if " " in low or low in SENTENCE_OPENER_EXCEPTIONS:
        return False
    return low in SENTENCE_STOPWORDS or low in SENTENCE_OPENERS


def is_org(name: str) -> bool:
    """Guess whether a speaker name is an organisation or outlet rather than a person."""
    low = name.lower().strip()
    if low in OUTLETS or (low.startswith("the ") and low[4:] in OUTLETS):
        return True
    if low.startswith("the "):
        return True
    toks = re.findall(r"[\w.\-]+", low)
    if any(t in ORG_WORDS for t in toks):
        return True
    # A lone all-caps acronym (CNN, FBI) is an organisation.
    return len(toks) == 1 and name.isupper() and len(name) >= 2


def is_place(name: str) -> bool:
    """Tell whether a name is a US state or a city ("South Carolina"; "Tuesday’s New Hampshire",
    of "Tuesday’s New Hampshire primary"; "New Hampshire Monday"): never a speaker."""
    low = name.lower().strip()
    if low in PLACE_NAMES:
        return True
    for mark in ("’s ", "'s "):
        if mark in low and low.rsplit(mark, 1)[1] in PLACE_NAMES:
            return True
    words = low.split()
    # "New Hampshire Monday": a place followed by a day or a month
    return len(words) >= 2 and " ".join(words[:-1]) in PLACE_NAMES and words[-1] in _DAYS_MONTHS


_DAYS_MONTHS = frozenset(
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]
)  # fmt: skip
_GIVEN_NAMES = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES


def _read_mention(raw: str) -> tuple[str, bool] | None:
    """Return a name mention's clean name and whether it is a person's, or None if no name."""
    if raw.lower().startswith("the "):
        return raw, False
    name = clean_name(raw)
    if not name:
        return None
    person = (
        not is_org(name)
        and name.lower() not in SENTENCE_STOPWORDS
        and not is_place(name)
        and name.lower() not in COUNTRY_NAMES
    )
    return name, person


class NameIndex:
    """All capitalised name mentions of one article, with surname and gender lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.mentions: list[Mention] = []
        # An article names the same people again and again: each distinct mention is read once.
        read: dict[str, tuple[str, bool] | None] = {}
        for m in NAME_MENTION_RE.finditer(text):
            raw = m.group()
            if raw not in read:
                read[raw] = _read_mention(raw)
            got = read[raw]
            if got is not None:
                self.mentions.append(Mention(m.start(), m.end(), got[0], got[1]))
        self._starts = [mm.start for mm in self.mentions]
        # Person mentions by their last words (every proper suffix of their words) and by their
        # first and last word, built on first use; and the fuller names each name resolves to.
        self._by_suffix: dict[tuple[str, ...], list[Mention]] | None = None
        self._by_ends: dict[tuple[str, str], list[Mention]] = {}
        self._fuller: dict[str, tuple[list[int], list[str]]] = {}
        self._surnames: frozenset[str] | None = None
        self.gender: dict[str, str] = {}
        self._learn_gender()

    def _learn_gender(self) -> None:
        """Vote a gender per full name from honorifics and the next he/she pronoun."""
        votes: dict[str, int] = {}
        text = self.text
        for i, men in enumerate(self.mentions):
            if not men.person or " " not in men.name:
                continue
            full = men.name
            first = text[men.start : men.end].split()[0].lower().rstrip(".")
            given = full.split()[0].lower()
            if given in FEMALE_FIRST_NAMES and given not in MALE_FIRST_NAMES:
                votes[full] = votes.get(full, 0) - 2
            elif given in MALE_FIRST_NAMES and given not in FEMALE_FIRST_NAMES:
                votes[full] = votes.get(full, 0) + 2
            if first in FEMALE_WORDS:
                votes[full] = votes.get(full, 0) - 3
            elif first in MALE_WORDS:
                votes[full] = votes.get(full, 0) + 3
            limit = min(len(text), men.end + 160)
            if i + 1 < len(self.mentions):
                nxt = self.mentions[i + 1]
                if nxt.person and " " in nxt.name and nxt.name != full:
                    limit = min(limit, nxt.start)
            pm = GENDER_PRONOUN_RE.search(text, men.end, limit)
            if pm:
                word = pm.group(1).lower()
                votes[full] = votes.get(full, 0) + (1 if word in MALE_WORDS else -1)
        for full, v in votes.items():
            if v:
                self.gender[full] = "m" if v > 0 else "f"

    def opens_sentence_only(self, word: str, pos: int) -> bool:
        """Tell whether a one-word subject is a word that opens a sentence, not a name: an
        article or a common opener ("A", "One", "Early", "Saturday", "There’s"), or a participle
        or adverb that the article never writes as part of a longer name ("Reprising",
        "Reached", "Hastily"; "Manning" after "Chelsea Manning" is a name)."""
        if not word[:1].isupper():
            return False
        if is_sentence_word(word.replace("'", "’").split("’")[0]):  # "There’s"
            return True
        low = word.lower()
        return low.endswith(("ing", "ly", "ed")) and " " not in self.full_name(word, pos)

    def full_name(self, name: str, pos: int) -> str:
        """Resolve a surname (or partial name) to the fullest name, preferring one before pos.

        The latest fuller mention before pos wins, else the first one after it.
        """
        toks = name.split()
        if not toks:
            return name
        found = self._fuller.get(name)
        if found is None:
            found = self._fuller[name] = self._fuller_mentions(toks)
        starts, fuller = found
        i = bisect_left(starts, pos)
        if i > 0:
            return fuller[i - 1]
        return fuller[0] if fuller else name

    def _fuller_mentions(self, toks: list[str]) -> tuple[list[int], list[str]]:
        """Return the starts and names of the person mentions a name of tokens toks abbreviates.

        A mention qualifies when it has more words and ends with toks, or (a two-word name) shares
        its first and last word; "Paul Dunmore" does not abbreviate "Energy Paul Dunmore".
        """
        if self._by_suffix is None:
            self._by_suffix = {}
            for men in self.mentions:
                if men.person:
                    mt = men.name.split()
                    for k in range(1, len(mt)):
                        self._by_suffix.setdefault(tuple(mt[-k:]), []).append(men)
                    if len(mt) > 2:
                        self._by_ends.setdefault((mt[0], mt[-1]), []).append(men)
        cands = self._by_suffix.get(tuple(toks), [])
        if len(toks) == 2:
            extra = self._by_ends.get((toks[0], toks[1]), [])
            if extra:
                seen = {id(m) for m in cands}
                cands = sorted(cands + [m for m in extra if id(m) not in seen],
                               key=lambda m: m.start)  # fmt: skip
        starts: list[int] = []
        fuller: list[str] = []
        for men in cands:
            mt = men.name.split()
            if len(toks) >= 2 and toks[0].lower() in _GIVEN_NAMES and mt[0] != toks[0]:
                continue  # "Paul Dunmore" is complete; "Energy Paul Dunmore" has an office word
            starts.append(men.start)
            fuller.append(men.name)
        return starts, fuller

    def is_person_surname(self, word: str) -> bool:
        """Tell whether word is the last word of a person mentioned in the article."""
        if self._surnames is None:
            self._surnames = frozenset(m.name.split()[-1] for m in self.mentions if m.person)
        return word in self._surnames

    def is_person(self, name: str) -> bool:
        """Tell whether a resolved name looks like a person: known gender or known first name."""
        if name in self.gender:
            return True
        toks = name.split()
        first = toks[0].lower() if toks else ""
        return len(toks) >= 2 and (first in FEMALE_FIRST_NAMES or first in MALE_FIRST_NAMES)

    def gender_of(self, name: str) -> str | None:
        """Return "m", "f" or None for a full name."""
        return self.gender.get(name)

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """Return the mentions that start within [start, end)."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            out.append(self.mentions[i])
            i += 1
        return out
