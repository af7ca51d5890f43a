"""Which dedup keys? Winnowed word k-grams vs min-hash bands vs the word/bigram terms, measured.

For every reprint row of a benchmark corpus (typos, a word dropped, case, typography, a
fragment; ``bench/corpus.py``) the stored quotes are the corpus originals before it, indexed in
memory the way the database would index them. For each key scheme the table shows whether the
quote it reprints is among the candidates read (recall), how many keys a stored quote costs
(index size) and how many postings a query reads within the budget (cost). Everything in memory:
this chooses the scheme, ``bench/perf.py`` measures the product.

    python -m bench.keys --size 100k
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quotes.index.keys import query_keys, select_keys, stored_keys
from quotes.index.terms import index_terms, query_terms, rank_candidates, select_terms
from quotes.matching import prepare

DEFAULT_OUT = Path(__file__).resolve().parents[1].parent / "benchdata"


@dataclass
class Scheme:
    """A key scheme: keys of a stored quote, keys of a query, the posting budget."""

    name: str
    stored: Callable[[str, str], list[int]]  # (norm, key) -> keys
    query: Callable[[str, str], list[int]]
    select: Callable[[list[int], dict[int, int]], list[int]]


def _minhash(key: str, *, n: int = 16, band: int = 2, k: int = 3) -> list[int]:
    words = key.split()
    shingles = {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}
    sig = [
        min(
            int.from_bytes(hashlib.blake2b(f"{s}|{j}".encode(), digest_size=8).digest(), "big")
            for s in shingles
        )
        for j in range(n)
    ]
    return [
        int.from_bytes(
            hashlib.blake2b(f"{b}:{sig[b : b + band]}".encode(), digest_size=8).digest(), "big"
        )
        >> 1
        for b in range(0, n, band)
    ]


def schemes(budget: int) -> list[Scheme]:
    """The alternatives measured."""

    def keyed(k: int, w: int) -> Scheme:
        return Scheme(
            f"winnow k={k} w={w}",
            lambda norm, key: stored_keys(key, k=k, window=w),
            lambda norm, key: query_keys(key, k=k),
            lambda ks, df: select_keys(ks, df, max_keys=8, max_postings=budget),
        )

    return [
        keyed(3, 1),
        keyed(3, 2),
        keyed(3, 3),
        keyed(4, 1),
        keyed(4, 2),
        keyed(5, 1),
        Scheme(
            "minhash 16x3-shingles, 8 bands of 2",
            lambda norm, key: _minhash(key),
            lambda norm, key: _minhash(key),
            lambda ks, df: select_keys(ks, df, max_keys=8, max_postings=budget),
        ),
        Scheme(
            "terms (words + bigrams), 8 rarest",
            lambda norm, key: index_terms(norm),
            lambda norm, key: query_terms(norm),
            lambda ks, df: select_terms(ks, df, max_terms=8, max_postings=budget),
        ),
    ]


def run(size: str, out: Path, budget: int, limit: int, top: int, only: str = "") -> None:
    """Print the table for one corpus size."""
    corpus = out / f"corpus-{size}.jsonl"
    truth = out / f"truth-{size}.jsonl"
    if not corpus.exists():
        sys.exit(f"{corpus} missing: python -m bench.corpus --out {out}")
    texts: list[str] = []
    kinds: list[tuple[str, int]] = []
    with corpus.open() as fc, truth.open() as ft:
        for line, tline in zip(fc, ft, strict=True):
            texts.append(json.loads(line)["text"])
            t = json.loads(tline)
            kinds.append((t["kind"], t["of"]))
            if len(texts) >= limit:
                break
    forms = [prepare(t) for t in texts]
    print(f"\n{size} corpus, first {len(texts):,} rows, posting budget {budget}\n")
    print(
        "| scheme | keys per quote | reprints found (all) | typos | fragment | word_dropped "
        f"| found in the top {top} | postings read p50 / p99 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for sc in schemes(budget):
        if only not in sc.name:
            continue
        postings: dict[int, list[int]] = defaultdict(list)
        df: Counter[int] = Counter()
        found: Counter[str] = Counter()
        total: Counter[str] = Counter()
        read: list[int] = []
        nkeys: list[int] = []
        for i, (p, (kind, of)) in enumerate(zip(forms, kinds, strict=True)):
            if kind == "original":
                ks = sc.stored(p.norm, p.key)
                nkeys.append(len(ks))
                for k in ks:
                    postings[k].append(i)
                    df[k] += 1
                continue
            if kind in ("same_text", "repost", "typography", "case"):
                kind = "exact-form"
            chosen = sc.select(sc.query(p.norm, p.key), df)
            hits = [q for k in chosen for q in postings[k]]
            read.append(len(hits))
            total[kind] += 1
            total["all"] += 1
            exact = kind == "exact-form" and p.norm == forms[of].norm
            if of in hits or exact:
                found[kind] += 1
                found["all"] += 1
            if exact or of in rank_candidates(Counter(hits), limit=top, min_share=0.5):
                found["top"] += 1
        read.sort()

        def r(kind: str, found: Counter[str] = found, total: Counter[str] = total) -> str:
            return f"{found[kind] / total[kind]:.4f}" if total[kind] else "-"

        p99 = read[int(0.99 * (len(read) - 1))] if read else 0
        print(
            f"| {sc.name} | {statistics.mean(nkeys):.1f} | {r('all')} | {r('typos')} "
            f"| {r('fragment')} | {r('word_dropped')} | {found['top'] / total['all']:.4f} "
            f"| {statistics.median(read):.0f} / {p99} |"
        )


def main() -> None:
    """Parse arguments and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="100k")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--budget", type=int, default=256, help="postings a query may read")
    ap.add_argument("--limit", type=int, default=1_000_000, help="rows of the corpus to use")
    ap.add_argument("--top", type=int, default=8, help="candidates scored per decision")
    ap.add_argument("--only", default="", help="run only schemes whose name contains this")
    args = ap.parse_args()
    run(args.size, args.out, args.budget, args.limit, args.top, args.only)


if __name__ == "__main__":
    main()
