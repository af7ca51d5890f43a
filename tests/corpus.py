"""A deterministic import corpus for the differential test: quotes and how outlets reprint them.

Statements are built from a small grammar over word lists written here (no outside data), so
each is new; then rows reprint them as outlets do: the same text elsewhere, curly quotes and
case, typos, a dropped word, a fragment, a fragment printed first and the full quote later
(a fuller version), an elided middle, the very same appearance again, the same words under
another speaker, no speaker at all, near misses (runs of words cut out: stored as new quotes
with a suggested merge), and hard negatives: the same statement with a figure changed or two
words swapped for others. Reprints follow their source closely (the same import batch)
or far (a later batch).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

SUBJECTS = """the government|the ministry|our party|the opposition|the president|the committee|
the army|the central bank|the court|the mayor|the council|the union|the company|the region|
the coalition|the prosecutor|the police""".replace("\n", "").split("|")
NOUNS = """budget border treaty election reform pipeline deal tariff pension hospital school bridge
railway harbour vaccine ceasefire inquiry contract subsidy factory mine airport embargo
grain wage loan bond currency sanction strike protest curfew referendum census satellite
reactor drone convoy refinery forest river coastline""".split()  # noqa: SIM905
ADJECTIVES = """new old secret public national regional illegal costly delayed urgent fragile
historic unfair generous strict modest massive temporary permanent foreign""".split()  # noqa: SIM905
VERBS = """approved rejected delayed cancelled expanded funded blocked signed investigated defended
criticised doubled halved promised denied revealed questioned""".split()  # noqa: SIM905
TAILS = """without asking parliament|despite warnings from experts|before the end of the year|
after months of talks|in breach of the agreement|at the request of our allies|with no
explanation whatsoever|while families waited for answers|behind closed doors|as the crisis
deepened|against the advice of the ministry|for the third time this decade""".replace(
    "\n", " "
).split("|")
TAILS = [" ".join(t.split()) for t in TAILS]
FIRST = """Anna Boris Carla David Elena Farid Goran Hana Ivan Jana Karen Lena Marat Nina""".split()  # noqa: SIM905
LAST = """Petrosyan Ivanova Novak Schmidt Haddad Kowalski Moreau Rossi Silva Tanaka""".split()  # noqa: SIM905
OUTLETS = [
    f"The {a} {b}" for a in ("Daily", "Evening", "Coastal", "Union") for b in ("Post", "Star")
]


def _statement(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    n = rng.randint(2, 95)
    parts = [
        f"{subject.capitalize()} {rng.choice(VERBS)} the {rng.choice(ADJECTIVES)} "
        f"{rng.choice(NOUNS)} {rng.choice(TAILS).strip()}",
        f"and {n} percent of the {rng.choice(NOUNS)} money went to the {rng.choice(NOUNS)}",
    ]
    if rng.random() < 0.6:
        parts.append(
            f"while the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} was {rng.choice(VERBS)} "
            f"{rng.choice(TAILS).strip()}"
        )
    return ", ".join(parts) + "."


def _typo(rng: random.Random, text: str) -> str:
    words = text.split()
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 4:
        j = rng.randrange(1, len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _drop(rng: random.Random, text: str) -> str:
    words = text.split()
    del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def _thin(rng: random.Random, text: str) -> str:
    """Cut two runs of 3-4 words out of the middle: a near miss (ratio about 75-85), still
    sharing long runs of words with its source, so the dedup keys find it."""
    words = text.split()
    for _ in range(2):
        size = rng.randint(3, 4)
        start = rng.randrange(2, max(3, len(words) - size - 2))
        if not any(w.strip(",.").isdigit() for w in words[start : start + size]):
            del words[start : start + size]
    return " ".join(words)


def _fragment(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    size = max(7, int(len(words) * rng.uniform(0.5, 0.75)))
    start = rng.randrange(0, max(1, len(words) - size))
    return " ".join(words[start : start + size])


def _elide(rng: random.Random, text: str) -> str:
    words = text.split()
    a = len(words) // 3
    return " ".join(words[:a]) + " … " + " ".join(words[a + 3 :])


def _figure(rng: random.Random, text: str) -> str:
    words = text.split()
    for i, w in enumerate(words):
        if w.isdigit():
            words[i] = str(int(w) + rng.randint(1, 3))
            return " ".join(words)
    return text


def _swap(rng: random.Random, text: str) -> str:
    words = text.split()
    nouns = [i for i, w in enumerate(words) if w.strip(",.") in NOUNS]
    for i in rng.sample(nouns, min(2, len(nouns))):
        words[i] = rng.choice([n for n in NOUNS if n != words[i].strip(",.")])
    return " ".join(words)


def build(rows: int, *, seed: int = 7) -> list[dict[str, Any]]:
    """Return rows (the fields of POST /v1/quotes) in import order."""
    rng = random.Random(seed)
    speakers = [f"{f} {last}" for f in FIRST for last in LAST]
    originals: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    late: list[tuple[int, dict[str, Any]]] = []  # (row index from which to emit, row)
    day0 = dt.date(2020, 1, 1)
    n = 0
    while len(out) < rows:
        n += 1
        while late and late[0][0] <= len(out):
            out.append(late.pop(0)[1])
        if originals and rng.random() < 0.45:
            src = rng.choice(originals[-60:] if rng.random() < 0.5 else originals)
            kind = rng.choice(
                [
                    "same",
                    "case",
                    "typos",
                    "drop",
                    "fragment",
                    "elide",
                    "again",
                    "other_speaker",
                    "unknown",
                    "figure",
                    "swap",
                    "fuller",
                    "thin",
                ]
            )
            row = dict(src)
            row["outlet"] = rng.choice(OUTLETS)
            row["date"] = (
                dt.date.fromisoformat(src["date"]) + dt.timedelta(rng.randint(-3, 30))
            ).isoformat()
            row["url"] = f"https://news.example/{n}"
            text = src["text"]
            if kind == "case":
                row["text"] = "“" + text.upper() + "”"
            elif kind == "typos":
                row["text"] = _typo(rng, text)
            elif kind == "drop":
                row["text"] = _drop(rng, text)
            elif kind in ("fragment", "fuller"):
                row["text"] = _fragment(rng, text)
            elif kind == "elide":
                row["text"] = _elide(rng, text)
            elif kind == "again":
                row = dict(src)
            elif kind == "other_speaker":
                row["speaker"] = rng.choice(speakers)
            elif kind == "unknown":
                row.pop("speaker", None)
            elif kind == "figure":
                row["text"] = _figure(rng, text)
            elif kind == "swap":
                row["text"] = _swap(rng, text)
            elif kind == "thin":
                row["text"] = _thin(rng, text)
            if kind == "fuller":  # a new quote's fragment printed first, the full quote later
                full = dict(src) | {"text": _statement(rng), "url": f"https://full.example/{n}"}
                row["text"] = _fragment(rng, full["text"])
                out.append(row)
                late.append((len(out) + rng.choice([3, 150]), full))
                continue
            out.append(row)
            continue
        row = {
            "text": _statement(rng),
            "outlet": rng.choice(OUTLETS),
            "date": (day0 + dt.timedelta(rng.randint(0, 900))).isoformat(),
            "url": f"https://orig.example/{n}",
        }
        if rng.random() > 0.08:
            row["speaker"] = rng.choice(speakers)
        originals.append(row)
        out.append(row)
    return out[:rows]


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write rows as JSON Lines."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path
