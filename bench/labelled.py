"""Build a deterministic labelled set of quote pairs from LIAR train (never valid/test).

Positives are realistic reprint variants of a statement, one variant type per row; negatives are
other statements (same speaker with an overlapping subject = hard, same speaker, random). The LIAR
text is read from ../shared at run time and never copied into the repository.

Rows are split by a stable hash of the LIAR id into a calibration half and an evaluation half.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes.normalize import canonical, normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
LIAR_TRAIN = SHARED / "liar" / "train.tsv"
MSRP_DIR = SHARED / "msrp"

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Statement:
    """One LIAR train row: id, statement text, subjects and speaker slug."""

    idx: int
    liar_id: str
    text: str
    subjects: frozenset[str]
    speaker: str

    @property
    def split(self) -> str:
        """Return "calib" or "eval", by a stable hash of the LIAR id."""
        h = hashlib.blake2b(self.liar_id.encode(), digest_size=2).digest()[0]
        return "calib" if h % 2 == 0 else "eval"


@dataclass(frozen=True)
class Pair:
    """A labelled pair: query text, candidate text, variant kind, label and source index."""

    kind: str
    label: bool
    query: str
    candidate: str
    source: int


def require_shared() -> None:
    """Exit with a clear message if ../shared (the LIAR data) is missing."""
    if not LIAR_TRAIN.is_file():
        sys.exit(f"bench: {LIAR_TRAIN} not found; the quality bench needs ../shared/data/liar")


def load_liar(path: Path = LIAR_TRAIN) -> list[Statement]:
    """Return the LIAR train statements (non-empty), in file order."""
    out: list[Statement] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 5 or not normalize(row[2]):
                continue
            subjects = frozenset(s for s in row[3].split(",") if s)
            out.append(Statement(len(out), row[0], row[2], subjects, row[4]))
    return out


# --- variant generators: (text, rng) -> variant or None when the type does not apply ------------

_WORD_RE = re.compile(r"\S+")


def _words(text: str) -> list[str]:
    return text.split()


def v_typography(text: str, rng: random.Random) -> str | None:
    """Curly quotes/apostrophes, NBSP, a zero-width char, em dashes."""
    out = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
    opening = True

    def dq(_m: re.Match[str]) -> str:
        nonlocal opening
        ch = "\u201c" if opening else "\u201d"
        opening = not opening
        return ch

    out = re.sub('"', dq, out)
    out = out.replace(" - ", " \u2014 ").replace("--", "\u2013")
    spaces = [m.start() for m in re.finditer(" ", out)]
    for pos in rng.sample(spaces, min(len(spaces), 2)):
        out = out[:pos] + "\u00a0" + out[pos + 1 :]
    words = list(_WORD_RE.finditer(out))
    if words:
        w = rng.choice(words)
        if len(w.group()) > 2:
            mid = w.start() + len(w.group()) // 2
            out = out[:mid] + rng.choice(["\u200b", "\u00ad", "\u200d"]) + out[mid:]
    if rng.random() < 0.5:
        out = "\u201c" + out + "\u201d"
    return out if out != text else None


def v_case(text: str, rng: random.Random) -> str | None:
    """Upper, lower or title case."""
    out = rng.choice([text.upper(), text.lower(), text.title()])
    return out if out != text else None


_KEYS = "abcdefghijklmnopqrstuvwxyz"


def v_typos(text: str, rng: random.Random) -> str | None:
    """1-3 character typos (substitute, delete, insert, transpose) in different words."""
    words = _words(text)
    slots = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= 3]
    if not slots:
        return None
    for i in rng.sample(slots, min(len(slots), rng.randint(1, 3))):
        w = words[i]
        letters = [k for k, c in enumerate(w) if c.isalpha()]
        k = rng.choice(letters)
        op = rng.choice(["sub", "del", "ins", "swap"])
        if op == "sub":
            w = w[:k] + rng.choice(_KEYS.replace(w[k].lower(), "")) + w[k + 1 :]
        elif op == "del":
            w = w[:k] + w[k + 1 :]
        elif op == "ins":
            w = w[:k] + rng.choice(_KEYS) + w[k:]
        elif k + 1 < len(w):
            w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
        else:
            w = w[:k] + rng.choice(_KEYS) + w[k + 1 :]
        words[i] = w
    out = " ".join(words)
    return out if normalize(out) != normalize(text) else None


def v_drop(text: str, rng: random.Random) -> str | None:
    """One word dropped (quotes of at least 6 words)."""
    words = _words(text)
    if len(words) < 6:
        return None
    del words[rng.randrange(len(words))]
    return " ".join(words)


_FILLERS = ["really", "very", "also", "just", "actually", "now", "indeed", "still", "all", "even"]


def v_add(text: str, rng: random.Random) -> str | None:
    """One filler word added."""
    words = _words(text)
    words.insert(rng.randrange(len(words) + 1), rng.choice(_FILLERS))
    return " ".join(words)


def v_elide(text: str, rng: random.Random) -> str | None:
    """A middle run of 15-35% of the words replaced by an ellipsis (quotes of ≥ 10 words)."""
    words = _words(text)
    n = len(words)
    if n < 10:
        return None
    k = max(1, round(n * rng.uniform(0.15, 0.35)))
    start = rng.randint(2, n - 2 - k)
    mark = rng.choice(["\u2026", "...", ". . ."])
    return " ".join([*words[:start], mark, *words[start + k :]])


_BRACKETS = ["[the government]", "[Obama]", "[the state]", "[sic]", "[in 2010]", "[Texas]"]
_PRONOUNS = {"he", "she", "they", "it", "we", "this", "that", "him", "them"}


def v_bracket(text: str, rng: random.Random) -> str | None:
    """An editorial bracket: a pronoun replaced, a clarification inserted, or an editor's note."""
    words = _words(text)
    style = rng.randrange(3)
    pron = [i for i, w in enumerate(words) if w.lower() in _PRONOUNS]
    if style == 0 and pron:
        i = rng.choice(pron)
        words[i] = rng.choice(_BRACKETS[:3] + _BRACKETS[5:])
    elif style == 1:
        words.insert(rng.randrange(1, len(words) + 1), rng.choice(_BRACKETS))
    else:
        note = rng.choice(["(Azerbaijan.- Ed.)", "(ed.)", "(Editor's note: sic)"])
        words.insert(rng.randrange(1, len(words) + 1), note)
    return " ".join(words)


_US_UK: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(\w{2,})iz(e|ed|es|ing|ation|ations)\b", re.I), r"\1is\2"),
    (
        re.compile(
            r"\b(colo|favo|flavo|hono|humo|labo|neighbo|rumo|harbo|behavio|vigo|endeavo|armo)"
            r"r(s|ed|ing|ite|ites|able|ful|hood|hoods)?\b",
            re.I,
        ),
        r"\1ur\2",
    ),
    (re.compile(r"\b(cen|thea|me|li|fi)ter(s)?\b", re.I), r"\1tre\2"),
    (re.compile(r"\b(defen|offen)se(s)?\b", re.I), r"\1ce\2"),
    (re.compile(r"\bprogram(s)?\b", re.I), r"programme\1"),
    (re.compile(r"\b(trave|cance|labe|mode|fue|counse|leve|tota|signa)l(ed|ing|er|ers)\b", re.I),
     r"\1ll\2"),
    (re.compile(r"\b(ana|para)lyz(e|ed|es|ing)\b", re.I), r"\1lys\2"),
    (re.compile(r"\bgray\b", re.I), "grey"),
    (re.compile(r"\bjudgment(s)?\b", re.I), r"judgement\1"),
]  # fmt: skip


def v_spelling(text: str, rng: random.Random) -> str | None:
    """American spellings turned British (color→colour, -ize→-ise, center→centre …)."""
    out = text
    for pat, rep in _US_UK:
        out = pat.sub(rep, out)
    return out if out != text else None


def v_fragment(text: str, rng: random.Random) -> str | None:
    """A contiguous run of 40-70% of the words, at least 5 words."""
    words = _words(text)
    n = len(words)
    k = round(n * rng.uniform(0.4, 0.7))
    if k < 5 or k >= n:
        return None
    start = rng.randint(0, n - k)
    out = " ".join(words[start : start + k])
    return out if len(normalize(out).split()) >= 5 else None


VARIANTS: dict[str, Callable[[str, random.Random], str | None]] = {
    "typography": v_typography,
    "case": v_case,
    "typos": v_typos,
    "word_dropped": v_drop,
    "word_added": v_add,
    "elided_middle": v_elide,
    "editorial_bracket": v_bracket,
    "spelling": v_spelling,
    "fragment": v_fragment,
}
NON_FRAGMENT = [k for k in VARIANTS if k != "fragment"]


def variants(
    rows: list[Statement], kind: str, seed: int, limit: int
) -> Iterator[tuple[Statement, str]]:
    """Yield up to limit (statement, variant) of one kind, deterministic for a seed."""
    rng = random.Random(f"{seed}:{kind}")
    order = list(rows)
    rng.shuffle(order)
    made = 0
    for st in order:
        if made >= limit:
            return
        v = VARIANTS[kind](st.text, rng)
        if v is not None:
            made += 1
            yield st, v


def negatives(
    rows: list[Statement], seed: int, limit: int
) -> dict[str, list[tuple[Statement, Statement]]]:
    """Return negative pairs: hard (same speaker, shared subject), same speaker, random.

    Pairs whose matching forms are identical (LIAR repeats some statements verbatim) are left out:
    they are the same quote, not negatives.
    """
    rng = random.Random(f"{seed}:neg")
    by_speaker: dict[str, list[Statement]] = defaultdict(list)
    for st in rows:
        by_speaker[st.speaker].append(st)
    keys = {st.idx: canonical(normalize(st.text)) for st in rows}
    hard: list[tuple[Statement, Statement]] = []
    same: list[tuple[Statement, Statement]] = []
    order = list(rows)
    rng.shuffle(order)
    for a in order:
        peers = [b for b in by_speaker[a.speaker] if b.idx != a.idx and keys[b.idx] != keys[a.idx]]
        if not peers:
            continue
        overlap = [b for b in peers if b.subjects & a.subjects]
        if overlap and len(hard) < limit:
            hard.append((a, rng.choice(overlap)))
        elif len(same) < limit:
            same.append((a, rng.choice(peers)))
    rand: list[tuple[Statement, Statement]] = []
    while len(rand) < limit:
        a, b = rng.sample(rows, 2)
        if keys[a.idx] != keys[b.idx]:
            rand.append((a, b))
    return {"hard_same_speaker": hard, "same_speaker": same, "random": rand}


def build_pairs(rows: list[Statement], seed: int = 7, per_kind: int = 1000) -> list[Pair]:
    """Return the labelled pairs for rows: every variant kind, fuller, and the negatives."""
    pairs: list[Pair] = []
    for kind in VARIANTS:
        for st, v in variants(rows, kind, seed, per_kind):
            pairs.append(Pair(kind, True, v, st.text, st.idx))
    # fuller: the stored quote is a fragment, the query the full statement.
    for st, v in variants(rows, "fragment", seed + 1, per_kind):
        pairs.append(Pair("fuller", True, st.text, v, st.idx))
    neg = negatives(rows, seed, per_kind * 2)
    for kind, plist in neg.items():
        for a, b in plist:
            pairs.append(Pair(kind, False, a.text, b.text, a.idx))
    # A fragment of one statement against a hard negative (same speaker and subject).
    rng = random.Random(f"{seed}:negfrag")
    for a, b in neg["hard_same_speaker"]:
        f = v_fragment(a.text, rng)
        if f is not None:
            pairs.append(Pair("hard_fragment", False, f, b.text, a.idx))
    return pairs
