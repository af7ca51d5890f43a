"""Deterministic benchmark corpora (10k / 100k / 1M / 3M rows) and query sets, from LIAR train text.

Every quote is a recombination of word runs of different LIAR train statements (a prefix of one,
sometimes a middle run of a second, a suffix of a third, joined by a connector), so the text is
real statement language but each quote is new. A share of the rows are reprints of earlier rows
(typography, typos, case, a word dropped, a fragment, or the very same appearance posted again),
so the import's dedup has work. Rows carry the POST /v1/quotes fields: text, speaker, outlet,
date, url.

The corpus rows form one stream: the 10k and 100k corpora are the first rows of the 1M one.
Query sets (per size, targets among that size's rows):

* ``variant``   typos / a word dropped / typography of a stored quote (expected: that quote);
* ``fragment``  a contiguous 40-70% of a stored quote's words spanning a junction between two
  recombined runs (so it is unique to its quote);
* ``nonmatch``  a recombination of held-out LIAR statements (never used for the corpus) whose
  matching form is not in the corpus (expected: nothing).

LIAR text is read from ../shared at run time; everything is written under /work/benchdata (outside
the repository), never into it.

    python -m bench.corpus --out /work/benchdata
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.labelled import Statement, load_liar, require_shared, v_drop, v_typography, v_typos
from quotes.fingerprint import match_form

SEED = 20240614
DEFAULT_OUT = Path("/work/benchdata")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "3m": 3_000_000}
REPRINT_SHARE = 0.15  # share of rows that are reprints of an earlier row
QUERIES_PER_TYPE = 500
CONNECTORS = [", ", "; ", " and ", ", but ", " because ", " while ", ", and ", " so "]
_OUTLET_WORDS = [
    ("Daily", "Herald"), ("Morning", "Post"), ("Evening", "Standard"), ("National", "Courier"),
    ("Capitol", "Review"), ("Metro", "Tribune"), ("Coastal", "Gazette"), ("Prairie", "Ledger"),
    ("Valley", "Observer"), ("Liberty", "Journal"), ("Union", "Times"), ("Republic", "Sentinel"),
    ("Harbor", "Dispatch"), ("Summit", "Chronicle"), ("Lakeside", "Bulletin"), ("River", "Press"),
    ("Pioneer", "Register"), ("Granite", "Record"), ("Frontier", "News"), ("Civic", "Monitor"),
    ("Heartland", "Reporter"), ("Atlantic", "Wire"), ("Pacific", "Telegraph"), ("Northern", "Star"),
    ("Southern", "Voice"), ("Midwest", "Examiner"), ("Bay", "Inquirer"), ("Hill", "Digest"),
    ("Plains", "Mirror"), ("Delta", "Clarion"), ("Canyon", "Beacon"), ("Forest", "Leader"),
    ("Harvest", "Weekly"), ("Statehouse", "Report"), ("Public", "Ledger"), ("County", "Current"),
]  # fmt: skip
OUTLETS = [f"The {a} {b}" for a, b in _OUTLET_WORDS]
_DAY0 = dt.date(2007, 1, 1)
_DAYS = (dt.date(2016, 12, 31) - _DAY0).days


@dataclass(frozen=True)
class Recombined:
    """A recombined quote text and the word offsets where one run ends and the next begins."""

    text: str
    junctions: tuple[int, ...]  # index of the first word of each run after the first


def speaker_name(slug: str) -> str:
    """Turn a LIAR speaker slug (barack-obama) into a display name (Barack Obama)."""
    return " ".join(p.capitalize() for p in slug.split("-") if p) or "Unknown Speaker"


def _held_out(st: Statement) -> bool:
    """One LIAR statement in ten (stable hash of its id) only feeds the non-match queries."""
    return hashlib.blake2b(st.liar_id.encode(), digest_size=2).digest()[1] % 10 == 0


def _strip_end(words: list[str]) -> list[str]:
    out = list(words)
    out[-1] = out[-1].rstrip(".,;:!?")
    return [w for w in out if w] or list(words)


def recombine(pool: list[list[str]], rng: random.Random) -> Recombined:
    """Return a prefix of one statement [+ a middle run of another] + a suffix of a third."""
    runs: list[list[str]] = []
    a = rng.choice(pool)
    runs.append(_strip_end(a[: rng.randint(4, max(4, min(12, len(a) - 1)))]))
    if rng.random() < 0.5:
        b = rng.choice(pool)
        k = rng.randint(4, max(4, min(9, len(b) - 2)))
        s = rng.randint(0, max(0, len(b) - k))
        runs.append(_strip_end(b[s : s + k]))
    c = rng.choice(pool)
    k = rng.randint(4, max(4, min(12, len(c) - 1)))
    runs.append(c[-k:])
    words: list[str] = []
    junctions: list[int] = []
    for i, run in enumerate(runs):
        if i:
            conn = rng.choice(CONNECTORS)
            if conn.startswith((",", ";")):
                words[-1] += conn.strip() if conn.strip() in ",;" else ","
                extra = conn.strip(" ,;").split()
            else:
                extra = conn.split()
            words += extra
            junctions.append(len(words))
            run = [run[0][:1].lower() + run[0][1:] if run[0][1:2].islower() else run[0], *run[1:]]
        words += run
    return Recombined(" ".join(words), tuple(junctions))


def _url(outlet: str, date: dt.date, n: int) -> str:
    domain = outlet.lower().removeprefix("the ").replace(" ", "") + ".example"
    return f"https://{domain}/{date:%Y/%m}/story-{n}"


def _date(rng: random.Random) -> str:
    return (_DAY0 + dt.timedelta(days=rng.randrange(_DAYS))).isoformat()


def _reprint(orig: dict[str, Any], n: int, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """Return (kind, row) of a reprint of orig; the same appearance posted again is 'repost'."""
    kind = rng.choices(
        ["repost", "same_text", "typography", "case", "typos", "word_dropped", "fragment"],
        weights=[1, 3, 2, 1, 2, 1, 2],
    )[0]
    if kind == "repost":
        return kind, dict(orig)
    text = orig["text"]
    if kind == "typography":
        text = v_typography(text, rng) or text
    elif kind == "case":
        text = text.upper()
    elif kind == "typos":
        text = v_typos(text, rng) or text
    elif kind == "word_dropped":
        text = v_drop(text, rng) or text
    elif kind == "fragment":
        words = text.split()
        k = max(6, round(len(words) * rng.uniform(0.6, 0.85)))
        s = rng.randint(0, max(0, len(words) - k))
        text = " ".join(words[s : s + k])
    outlet = rng.choice(OUTLETS)
    date = _date(rng)
    row = {"text": text, "speaker": orig["speaker"], "outlet": outlet, "date": date}
    row["url"] = _url(outlet, dt.date.fromisoformat(date), n)
    return kind, row


@dataclass
class Corpus:
    """The row stream: rows, and per original row its recombination (for fragment queries)."""

    rows: list[dict[str, Any]]
    kinds: list[str]  # "original" or the reprint kind
    origin: list[int]  # row index of the original each row is (a reprint of)
    recombined: dict[int, Recombined]  # row index of an original -> its recombination


def build_rows(n: int, seed: int = SEED) -> Corpus:
    """Return the first n rows of the stream (deterministic for a seed)."""
    statements = [s for s in load_liar() if not _held_out(s)]
    pool = [s.text.split() for s in statements if len(s.text.split()) >= 5]
    speakers = [speaker_name(s.speaker) for s in statements if len(s.text.split()) >= 5]
    rng = random.Random(f"{seed}:rows")
    rows: list[dict[str, Any]] = []
    kinds: list[str] = []
    origin: list[int] = []
    recombined: dict[int, Recombined] = {}
    originals: list[int] = []
    seen: set[str] = set()
    while len(rows) < n:
        i = len(rows)
        if originals and len(originals) >= 100 and rng.random() < REPRINT_SHARE:
            of = rng.choice(originals)
            kind, row = _reprint(rows[of], i, rng)
            rows.append(row)
            kinds.append(kind)
            origin.append(of)
            continue
        idx = rng.randrange(len(pool))
        rec = recombine(pool, random.Random(f"{seed}:q:{i}:{idx}"))
        norm = match_form(rec.text)
        if norm in seen:
            continue
        seen.add(norm)
        outlet = rng.choice(OUTLETS)
        date = _date(rng)
        rows.append(
            {
                "text": rec.text,
                "speaker": speakers[idx],
                "outlet": outlet,
                "date": date,
                "url": _url(outlet, dt.date.fromisoformat(date), i),
            }
        )
        kinds.append("original")
        origin.append(i)
        recombined[i] = rec
        originals.append(i)
    return Corpus(rows, kinds, origin, recombined)


def _fragment_across(rec: Recombined, rng: random.Random) -> str | None:
    """A contiguous 40-70% of the words, at least 5, with ≥ 2 words each side of a junction."""
    words = rec.text.split()
    n = len(words)
    k = round(n * rng.uniform(0.4, 0.7))
    if k < 5 or k >= n:
        return None
    starts = [s for s in range(0, n - k + 1) if any(s + 2 <= j <= s + k - 2 for j in rec.junctions)]
    if not starts:
        return None
    s = rng.choice(starts)
    return " ".join(words[s : s + k])


_VARIANT_MAKERS = {"typos": v_typos, "word_dropped": v_drop, "typography": v_typography}


def build_queries(
    corpus: Corpus, n_rows: int, per_type: int = QUERIES_PER_TYPE, seed: int = SEED
) -> list[dict[str, Any]]:
    """Return the query set for the first n_rows rows: variants, fragments, non-matches."""
    rng = random.Random(f"{seed}:queries:{n_rows}")
    targets = [i for i in corpus.recombined if i < n_rows]
    rng.shuffle(targets)
    out: list[dict[str, Any]] = []
    kinds = list(_VARIANT_MAKERS)
    it = iter(targets)
    made = 0
    while made < per_type:
        i = next(it)
        kind = kinds[made % len(kinds)]
        v = _VARIANT_MAKERS[kind](corpus.rows[i]["text"], rng)
        if v is None:
            continue
        out.append(
            {
                "type": "variant",
                "kind": kind,
                "query": v,
                "row": i,
                "expected": corpus.rows[i]["text"],
            }
        )
        made += 1
    made = 0
    while made < per_type:
        i = next(it)
        f = _fragment_across(corpus.recombined[i], rng)
        if f is None:
            continue
        out.append(
            {"type": "fragment", "kind": "fragment", "query": f, "row": i,
             "expected": corpus.rows[i]["text"]}
        )  # fmt: skip
        made += 1
    held = [s.text.split() for s in load_liar() if _held_out(s) and len(s.text.split()) >= 5]
    norms = {match_form(corpus.rows[i]["text"]) for i in corpus.recombined if i < n_rows}
    made = 0
    while made < per_type:
        rec = recombine(held, rng)
        if match_form(rec.text) in norms:
            continue
        out.append(
            {
                "type": "nonmatch",
                "kind": "nonmatch",
                "query": rec.text,
                "row": None,
                "expected": None,
            }
        )
        made += 1
    return out


def _write_jsonl(path: Path, items: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    tmp.replace(path)


def paths(out: Path, size: str) -> tuple[Path, Path, Path]:
    """Return (corpus rows, queries, meta) paths of a size; truth-<size>.jsonl sits beside them."""
    return out / f"corpus-{size}.jsonl", out / f"queries-{size}.jsonl", out / f"meta-{size}.json"


def truth_path(out: Path, size: str) -> Path:
    """Per row: its kind (original or reprint kind) and the row index of its original."""
    return out / f"truth-{size}.jsonl"


def build(out: Path, sizes: list[str], seed: int = SEED) -> None:
    """Write corpus-<size>.jsonl, queries-<size>.jsonl and meta-<size>.json for each size."""
    require_shared()
    out.mkdir(parents=True, exist_ok=True)
    biggest = max(SIZES[s] for s in sizes)
    corpus = build_rows(biggest, seed)
    for size in sizes:
        n = SIZES[size]
        rows_path, queries_path, meta_path = paths(out, size)
        _write_jsonl(rows_path, corpus.rows[:n])
        _write_jsonl(queries_path, build_queries(corpus, n, seed=seed))
        _write_jsonl(
            truth_path(out, size),
            [
                {"kind": k, "of": o}
                for k, o in zip(corpus.kinds[:n], corpus.origin[:n], strict=True)
            ],
        )
        kinds: dict[str, int] = {}
        for k in corpus.kinds[:n]:
            kinds[k] = kinds.get(k, 0) + 1
        originals = [corpus.rows[i]["text"] for i in corpus.recombined if i < n]
        meta = {"rows": n, "seed": seed, "kinds": kinds, "originals": len(originals)}
        meta_path.write_text(json.dumps(meta, indent=1))
        print(f"corpus {size}: {n} rows, {len(originals)} originals, {kinds}", file=sys.stderr)


def ensure(out: Path, sizes: list[str], seed: int = SEED) -> None:
    """Build the files of sizes that are missing (or built with another seed)."""
    missing = []
    for size in sizes:
        rows_path, queries_path, meta_path = paths(out, size)
        ok = all(p.is_file() for p in (rows_path, queries_path, meta_path, truth_path(out, size)))
        if not ok or json.loads(meta_path.read_text()).get("seed") != seed:
            missing.append(size)
    if missing:
        build(out, missing, seed)


def main() -> None:
    """Command line: python -m bench.corpus [--out DIR] [--sizes 10k,100k,1m]."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--sizes", default="10k,100k,1m")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        sys.exit(f"bench.corpus: unknown sizes {unknown}; known: {list(SIZES)}")
    build(args.out, sizes, args.seed)


if __name__ == "__main__":
    main()
