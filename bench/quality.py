"""Print the matching quality tables (Markdown) on a labelled set built from LIAR train.

    python -m bench.quality                 # evaluation split, all tables
    python -m bench.quality --calibrate     # score distributions on the calibration split
    python -m bench.quality --no-baseline   # skip the (slow) linear-scan baseline

(1) pairwise decisions per variant type; (2) retrieval + decision over the whole train corpus
with an in-memory inverted index driven by quotes.index.terms, and a rapidfuzz linear-scan
baseline; (3) MSRP paraphrase pairs (report only: paraphrases are not reprints).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz import fuzz, process

from bench.labelled import (
    MSRP_DIR,
    NON_FRAGMENT,
    VARIANTS,
    Pair,
    Statement,
    build_pairs,
    load_liar,
    require_shared,
    variants,
)
from quotes.index.terms import (
    DEFAULT_CANDIDATES,
    DEFAULT_MAX_POSTINGS,
    DEFAULT_MAX_TERMS,
    index_terms,
    query_terms,
    rank_candidates,
    select_terms,
)
from quotes.matching import Thresholds, _contained, _elided, decide, near_miss, prepare, score
from quotes.normalize import normalize

NEG_KINDS = ["hard_same_speaker", "same_speaker", "random", "hard_fragment"]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairwise(pairs: list[Pair], th: Thresholds) -> None:
    """Print table (1): per-kind recall / false-positive rate and pooled precision/recall/F1."""
    res: dict[str, list[bool]] = defaultdict(list)
    t0 = time.perf_counter()
    for p in pairs:
        res[p.kind].append(score(p.query, p.candidate, thresholds=th) is not None)
    us = (time.perf_counter() - t0) / len(pairs) * 1e6
    t0 = time.perf_counter()
    for p in pairs:
        score(p.query, p.candidate, thresholds=th)
    us_warm = (time.perf_counter() - t0) / len(pairs) * 1e6
    neg_all = [x for k in NEG_KINDS if k != "hard_fragment" for x in res[k]]
    fp_rate = sum(neg_all) / len(neg_all)
    print(f"\n### (1) Pairwise decisions ({th})\n")
    print("Precision per type = TP / (TP + FP), FP = whole-statement negatives' FP rate x n")
    print("(an equal number of negatives per type); fragments use the fragment negatives.\n")
    print("| type | n | recall | precision | F1 |")
    print("|---|---:|---:|---:|---:|")
    frag_fp = sum(res["hard_fragment"]) / max(1, len(res["hard_fragment"]))
    pooled_tp = pooled_n = 0
    for kind in [*VARIANTS, "fuller"]:
        r = res[kind]
        tp, n = sum(r), len(r)
        fp = (frag_fp if kind in ("fragment", "fuller") else fp_rate) * n
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / n if n else 0.0
        if kind in NON_FRAGMENT:
            pooled_tp += tp
            pooled_n += n
        print(f"| {kind} | {n} | {rec:.4f} | {prec:.4f} | {_f1(prec, rec):.4f} |")
    rec = pooled_tp / pooled_n
    fp_n = fp_rate * pooled_n
    prec = pooled_tp / (pooled_tp + fp_n)
    print(f"| **all non-fragment** | {pooled_n} | {rec:.4f} | {prec:.4f} | {_f1(prec, rec):.4f} |")
    print("\n| negative type | n | false positives | FP rate |")
    print("|---|---:|---:|---:|")
    for kind in NEG_KINDS:
        r = res[kind]
        print(f"| {kind} | {len(r)} | {sum(r)} | {sum(r) / max(1, len(r)):.4f} |")
    print(
        f"\nscore(): {us:.1f} µs per pair with both texts new (includes normalisation), "
        f"{us_warm:.1f} µs with normalised forms cached"
    )


def _raw(p: Pair) -> dict[str, float]:
    """Return the raw method scores of a pair with all thresholds at 0 (for calibration)."""
    th0 = Thresholds(similar=0, fragment=0, segment=0, min_fragment_words=0,
                     min_fragment_content=0, min_segment_words=1)  # fmt: skip
    q, c = prepare(p.query), prepare(p.candidate)
    out = {"ratio": fuzz.ratio(q.key, c.key, processor=None)}
    short, long = (q, c) if len(q.key) <= len(c.key) else (c, q)
    f = _contained(short, long, th0)
    out["partial"] = f[0] if f else 0.0
    out["short_words"] = short.nwords
    e = _elided(q, c, th0) if q.segments else _elided(c, q, th0) if c.segments else None
    out["elision"] = e[0] if e else 0.0
    return out


def calibrate(pairs: list[Pair]) -> None:
    """Print score quantiles per kind (positives: low tail, negatives: high tail)."""
    by: dict[str, list[dict[str, float]]] = defaultdict(list)
    for p in pairs:
        by[p.kind].append(_raw(p))
    print("\n### Calibration split: raw score quantiles\n")
    print("| kind | n | ratio p1 | p2 | p5 | p50 | partial p1 | p2 | p5 | elision p2 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, rows in by.items():
        qs = {}
        for m in ("ratio", "partial", "elision"):
            v = sorted(r[m] for r in rows)
            qs[m] = [v[min(len(v) - 1, int(len(v) * f))] for f in (0.01, 0.02, 0.05, 0.5)]
        print(f"| {kind} | {len(rows)} | " + " | ".join(f"{x:.1f}" for x in qs["ratio"])
              + " | " + " | ".join(f"{x:.1f}" for x in qs["partial"][:3])
              + f" | {qs['elision'][1]:.1f} |")  # fmt: skip
    print("\n| negative kind | n | ratio p99 | p99.5 | max | partial(≥5 words) p99 | p99.5 | max |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in NEG_KINDS:
        rows = by[kind]
        r = sorted(x["ratio"] for x in rows)
        pr = sorted(x["partial"] for x in rows if x["short_words"] >= 5)

        def q(v: list[float], f: float) -> float:
            return v[min(len(v) - 1, int(len(v) * f))] if v else 0.0

        print(f"| {kind} | {len(rows)} | {q(r, .99):.1f} | {q(r, .995):.1f} | {r[-1]:.1f} | "
              f"{q(pr, .99):.1f} | {q(pr, .995):.1f} | {pr[-1] if pr else 0:.1f} |")  # fmt: skip
    suggestion_tier(pairs, Thresholds())


SUGGEST_STEPS = (50, 60, 65, 70, 75, 80, 85)


def suggestion_tier(pairs: list[Pair], th: Thresholds) -> None:
    """Print how many pairs the decision rejects would be suggested, per suggest value.

    A positive counted is a reprint the automatic decision misses but a curator would be shown;
    a negative counted is a suggestion a curator must reject. "ratio alone" counts the negatives
    whose whole-text ratio reaches the value, i.e. without the near miss's guards (no changed
    figure, at most one substituted word).
    """
    nearest: dict[str, list[float]] = defaultdict(list)
    raw: dict[str, list[float]] = defaultdict(list)
    missed: Counter[str] = Counter()
    floor = replace(th, suggest=0.0)
    for p in pairs:
        if score(p.query, p.candidate, thresholds=th) is not None:
            continue
        missed[p.kind] += 1
        m = near_miss(p.query, {0: p.candidate}, thresholds=floor)
        if m is not None:
            nearest[p.kind].append(m.score)
        if not p.label:
            raw[p.kind].append(fuzz.ratio(prepare(p.query).key, prepare(p.candidate).key))
    steps = " | ".join(f"≥{s}" for s in SUGGEST_STEPS)
    print(f"\n### Suggestion tier: rejected pairs that are near misses (similar={th.similar})\n")
    print(f"| kind | rejected by the decision | {steps} |")
    print("|---|---:|" + "---:|" * len(SUGGEST_STEPS))
    kinds = [*VARIANTS, "fuller", *NEG_KINDS]
    for kind in kinds:
        counts = " | ".join(str(sum(v >= s for v in nearest[kind])) for s in SUGGEST_STEPS)
        print(f"| {kind} | {missed[kind]} | {counts} |")
    for kind in NEG_KINDS:
        counts = " | ".join(str(sum(v >= s for v in raw[kind])) for s in SUGGEST_STEPS)
        print(f"| {kind}, ratio alone | {missed[kind]} | {counts} |")


def retrieval(
    rows: list[Statement], queries: Iterable[Statement], seed: int, per_kind: int,
    max_terms: int, max_postings: int, baseline: bool, th: Thresholds,
) -> None:  # fmt: skip
    """Print table (2): lookup recall@1 via the term index, and for a linear-scan baseline."""
    texts = [st.text for st in rows]
    norms = [normalize(t) for t in texts]
    keys = [prepare(t).key for t in texts]
    postings: dict[int, list[int]] = defaultdict(list)
    for i, norm in enumerate(norms):
        for t in index_terms(norm):
            postings[t].append(i)
    df = {t: len(v) for t, v in postings.items()}
    qrows = list(queries)
    print(f"\n### (2) Lookup over {len(rows)} quotes: max_terms={max_terms}, "
          f"max_postings={max_postings}, candidates≤{DEFAULT_CANDIDATES}\n")  # fmt: skip
    head = "| type | n | index recall@1 | candidates contain source | terms | postings read | ms |"
    if baseline:
        head += " linear token_set recall@1 |"
    print(head)
    print("|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if baseline else ""))
    for kind in VARIANTS:
        ok = cand_ok = base_ok = n = 0
        nterms: list[int] = []
        nposts: list[int] = []
        t_index = 0.0
        for st, v in variants(qrows, kind, seed + 100, per_kind):
            n += 1
            t0 = time.perf_counter()
            qn = normalize(v)
            qt = query_terms(qn)
            sel = select_terms(qt, {t: df.get(t, 0) for t in qt},
                               max_terms=max_terms, max_postings=max_postings)  # fmt: skip
            hits: Counter[int] = Counter()
            for t in sel:
                hits.update(postings[t])
            cands = rank_candidates(hits, limit=DEFAULT_CANDIDATES)
            ms = decide(v, {c: texts[c] for c in cands}, thresholds=th)
            t_index += time.perf_counter() - t0
            nterms.append(len(sel))
            nposts.append(sum(df[t] for t in sel))
            if any(keys[c] == keys[st.idx] for c in cands):
                cand_ok += 1
            if ms and keys[ms[0].candidate_id] == keys[st.idx]:
                ok += 1
            if baseline:
                best = process.extractOne(qn, norms, scorer=fuzz.token_set_ratio, processor=None)
                if best is not None and keys[best[2]] == keys[st.idx]:
                    base_ok += 1
        line = (f"| {kind} | {n} | {ok / n:.4f} | {cand_ok / n:.4f} | "
                f"{statistics.mean(nterms):.1f} | {statistics.mean(nposts):.0f} | "
                f"{t_index / n * 1000:.2f} |")  # fmt: skip
        if baseline:
            line += f" {base_ok / n:.4f} |"
        print(line)
    print("\nrecall@1 counts a top match whose matching form equals the source's (LIAR repeats")
    print("some statements verbatim under other ids) as correct; 'ms' = terms+select+decide only.")


def msrp(th: Thresholds) -> None:
    """Print table (3): how many MSRP pairs (paraphrase or not) we would call duplicates."""
    res: dict[tuple[str, str], list[bool]] = defaultdict(list)
    methods: Counter[str] = Counter()
    for name in ("msr_paraphrase_train.txt", "msr_paraphrase_test.txt"):
        path = MSRP_DIR / name
        if not path.is_file():
            print(f"\n(MSRP not found at {path}; table 3 skipped)")
            return
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 5 or not row[0].strip().isdigit():
                    continue
                m = score(row[3], row[4], thresholds=th)
                label = "paraphrase" if row[0].strip() == "1" else "not paraphrase"
                res[(name.split("_")[-1][:-4], label)].append(m is not None)
                if m is not None:
                    methods[m.method] += 1
    print("\n### (3) MSRP (paraphrases by different outlets; report only, not tuned)\n")
    print("| file | label | pairs | called duplicate | rate |")
    print("|---|---|---:|---:|---:|")
    for (f, label), r in sorted(res.items()):
        print(f"| {f} | {label} | {len(r)} | {sum(r)} | {sum(r) / len(r):.4f} |")
    print(f"\nmethods of those called duplicates: {dict(methods)}")


def main() -> None:
    """Build the labelled set and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-kind", type=int, default=1000)
    ap.add_argument("--lookup-per-kind", type=int, default=500)
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-msrp", action="store_true")
    ap.add_argument("--max-terms", type=int, default=DEFAULT_MAX_TERMS)
    ap.add_argument(
        "--max-postings",
        type=int,
        default=0,
        help="0 = DEFAULT_MAX_POSTINGS scaled from 1M quotes to the corpus size",
    )
    args = ap.parse_args()
    require_shared()
    rows = load_liar()
    split = "calib" if args.calibrate else "eval"
    part = [st for st in rows if st.split == split]
    pairs = build_pairs(part, seed=args.seed, per_kind=args.per_kind)
    th = Thresholds()
    print(f"## Quote matching quality: LIAR train, {split} split ({len(part)} statements), "
          f"seed {args.seed}")  # fmt: skip
    if args.calibrate:
        calibrate(pairs)
        pairwise(pairs, th)
        return
    pairwise(pairs, th)
    max_postings = args.max_postings or max(1, DEFAULT_MAX_POSTINGS * len(rows) // 1_000_000)
    retrieval(rows, part, args.seed, args.lookup_per_kind, args.max_terms, max_postings,
              not args.no_baseline, th)  # fmt: skip
    if not args.no_msrp:
        msrp(th)


if __name__ == "__main__":
    main()
