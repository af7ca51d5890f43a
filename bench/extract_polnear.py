"""Score `quotes.extract.extract_quotes` against PolNeAR gold attributions; print Markdown tables.

Usage: python bench/extract_polnear.py [--split dev|train|test] [--data DIR] [--errors N] [--runs N]

Data: PolNeAR v1.0.0 under ../shared/data/polnear (see ../shared/data/SOURCES.md). One annotator's
.ann per article (the first in sorted order). Develop on train/dev; `--split test` is for final
scoring only. No PolNeAR text is written anywhere.

Definitions (all overlaps count word characters only, so quote marks, commas and spaces around a
span do not matter; discontinuous gold spans count as the union of their pieces):

* gold direct = a gold Content whose text contains a quote mark (" “ ” « », or the two apostrophes
  '' that NYT copy in PolNeAR uses for a double quote mark); gold indirect = any
  other gold Content. "indirect, speech cue" = gold indirect whose Cue contains a speech verb
  (say, tell, add, according to, …), the part a quote extractor is meant to find.
* content precision: a predicted item is correct when >= 50% of its word characters lie inside some
  gold Content (of any kind). The direct row scores predicted kinds direct+partial, the indirect
  rows score predicted indirect items.
* content recall: a gold Content is found when >= 50% of its word characters are covered by the
  union of all predicted items (any kind; a quote split by its attribution comes back in pieces).
* speaker accuracy, over correct predicted items whose best-overlapping gold Content has a Source:
  the last word of the predicted speaker occurs (case-insensitively) among the words of the gold
  Source text. When the gold Source is a pronoun (he, she, they, …), it is first replaced by the
  nearest preceding non-pronoun gold Source in the same article, a simple gold-side resolution.
  The last column restricts speaker accuracy to gold Sources that are not pronouns (no gold-side
  guessing).

The benchmark card (a second table, as the Guardian/AFP quote tagger, the Gender Gap Tracker and
BBC Citron publish theirs) scores content, cue and speaker per kind, exactly and by overlap:

* spans are compared by their word characters only: a span's *words* are the offsets of the
  word characters in it (for a discontinuous gold span, in the union of its pieces). Two spans are
  an **exact** match when their words are identical, which is the same as the two texts being
  identical once quote marks, spaces and punctuation at either end are stripped; they
  **overlap** when they share at least one word character.
* content: a prediction is correct when its span matches (exactly, or by overlap) some gold
  Content of any kind; a gold Content of the row's kind is found when some prediction matches it.
* cue: as content, and moreover the predicted cue (a string, e.g. "said", "according to") and the
  gold Cue text agree: exact = the same lowercased words; overlap = at least one word in common
  (no cue on both sides, as after "“…” — Jane Doe", counts as agreement).
* speaker: as content, and moreover the predicted speaker (resolved, e.g. "Jane Doe") and the gold
  Source agree, a gold pronoun Source first resolved as for the first table: exact = the same
  lowercased words (a possessive "'s" dropped), so "Jane Doe" against "Sen. Jane Doe" is not
  exact; overlap = the last word of the predicted speaker is among the Source's words (the
  speaker accuracy rule above). Gold Contents without a Source cannot be found in this row.
* per kind: the direct row scores predictions of kind direct and partial against gold direct
  Contents; the indirect row predictions of kind indirect against gold indirect Contents; the
  "indirect, speech cue" row the indirect predictions whose cue is a speech verb (the
  `SPEECH_CUE_RE` words) against the gold indirect Contents with a speech cue. P = correct
  predictions / predictions, R = found gold / gold, F1 their harmonic mean.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quotes.extract import ExtractedItem, extract_quotes

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"
QUOTE_MARKS = set('"“”«»')
PRONOUNS = {"he", "she", "they", "it", "i", "we", "who", "you", "him", "her", "them", "his"}
SPEECH_CUE_RE = re.compile(
    r"\b(?:say|said|says|saying|tell|told|tells|telling|add|added|adds|adding|according|wrote"
    r"|write|writes|announc\w*|report\w*|claim\w*|argu\w*|insist\w*|warn\w*|not(?:ed|es|ing)"
    r"|explain\w*|stat(?:ed|es|ing)|declar\w*|ask\w*|tweet\w*|boast\w*|continu\w*|recall\w*)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w")
_TOKEN = re.compile(r"[\w’'\-.]+")


@dataclass
class Gold:
    """One gold attribution: content segments, source text and position, cue text."""

    segments: list[tuple[int, int]]
    text: str
    source: str | None
    source_pos: int
    cue: str


def parse_ann(path: Path) -> list[Gold]:
    """Parse a brat .ann file of PolNeAR into gold attributions."""
    records: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if re.match(r"^(?:T\d+|E\d+|#\d+)\t", line):
            records.append(line)
        elif records:
            records[-1] += "\n" + line
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for rec in records:
        if rec.startswith("T"):
            tid, rest = rec.split("\t", 1)
            head, _, span = rest.partition("\t")
            typ, _, offs = head.partition(" ")
            segs = [(int(a), int(b)) for a, b in (p.split() for p in offs.split(";"))]
            spans[tid] = (typ, segs, span)
        elif rec.startswith("E"):
            _, rest = rec.split("\t", 1)
            events.append(dict(p.split(":", 1) for p in rest.split() if ":" in p))
    golds = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        source = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        golds.append(
            Gold(
                segments=content[1],
                text=content[2],
                source=source[2] if source else None,
                source_pos=source[1][0][0] if source else -1,
                cue=cue[2] if cue else "",
            )
        )
    return golds


def load(data: Path, split: str) -> list[tuple[str, str, list[Gold]]]:
    """Load (name, text, gold) for every annotated article of a split."""
    out = []
    for txt in sorted((data / split / "text").glob("*.txt")):
        anns = sorted((data / split / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        out.append((txt.stem, txt.read_text(encoding="utf-8"), parse_ann(anns[0])))
    return out


def word_positions(text: str, segments: list[tuple[int, int]]) -> set[int]:
    """Return the offsets of word characters inside the segments."""
    return {i for s, e in segments for i in range(s, e) if _WORD.match(text[i])}


def speaker_ok(pred: str | None, gold: Gold, golds: list[Gold]) -> bool:
    """Tell whether a predicted speaker matches the gold Source (see module docstring)."""
    if not pred or not gold.source:
        return False
    source = gold.source
    if source.strip().lower() in PRONOUNS:
        earlier = [
            g for g in golds
            if g.source and g.source_pos < gold.source_pos
            and g.source.strip().lower() not in PRONOUNS and any(c.isupper() for c in g.source)
        ]  # fmt: skip
        if earlier:
            source = max(earlier, key=lambda g: g.source_pos).source or source
    last = re.sub(r"[’']s?$", "", pred.split()[-1]).lower()
    return last in {re.sub(r"[’']s?$", "", t).lower() for t in _TOKEN.findall(source)}


@dataclass
class Row:
    """Counts for one table row."""

    gold: int = 0
    found: int = 0
    pred: int = 0
    correct: int = 0
    spk_n: int = 0
    spk_ok: int = 0
    named_n: int = 0
    named_ok: int = 0

    def cells(self, name: str) -> str:
        """Format the row as Markdown cells."""
        p = self.correct / self.pred if self.pred else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if not self.pred:  # a recall-only row
            return f"| {name} | {self.gold} | — | — | {r:.3f} | — | — | — |"
        s = self.spk_ok / self.spk_n if self.spk_n else 0.0
        n = self.named_ok / self.named_n if self.named_n else 0.0
        return (
            f"| {name} | {self.gold} | {self.pred} | {p:.3f} | {r:.3f} | {f:.3f} "
            f"| {s:.3f} ({self.spk_n}) | {n:.3f} ({self.named_n}) |"
        )


KINDS = ("direct", "indirect", "indirect, speech cue")


def score(
    articles: list[tuple[str, str, list[Gold]]],
    show_errors: int,
    extracted: list[list[ExtractedItem]] | None = None,
) -> tuple[dict[str, Row], list[str]]:
    """Score every article; return the table rows and some error lines.

    extracted: the items of each article, if already extracted (else extracted here).
    """
    rows = {k: Row() for k in KINDS}
    errors: list[str] = []
    for n, (name, text, golds) in enumerate(articles):
        items = extract_quotes(text) if extracted is None else extracted[n]
        covered: set[int] = set()
        for it in items:
            covered |= word_positions(text, [(it.start, it.end)])
        gold_pos = [word_positions(text, g.segments) for g in golds]
        gold_all = set().union(*gold_pos) if gold_pos else set()
        for g, gp in zip(golds, gold_pos, strict=True):
            if not gp:
                continue
            direct = any(c in QUOTE_MARKS for c in g.text) or "''" in g.text
            keys = ["direct"] if direct else ["indirect"]
            if not direct and SPEECH_CUE_RE.search(g.cue):
                keys.append("indirect, speech cue")
            hit = len(gp & covered) / len(gp) >= 0.5
            for k in keys:
                rows[k].gold += 1
                rows[k].found += hit
            if not hit and len(errors) < show_errors:
                tag = "MISS" if direct else "IMISS" if len(keys) > 1 else "IMISS-other"
                errors.append(f"{tag} {name}: {g.text[:100]!r} <- {g.source!r} cue={g.cue!r}")
        for it in items:
            ip = word_positions(text, [(it.start, it.end)])
            if not ip:
                continue
            keys = ["direct"] if it.kind in ("direct", "partial") else ["indirect"]
            ok = len(ip & gold_all) / len(ip) >= 0.5
            best = max(
                zip(golds, gold_pos, strict=True), key=lambda x: len(x[1] & ip), default=None
            )
            for k in keys:
                rows[k].pred += 1
                rows[k].correct += ok
            if not ok:
                if len(errors) < show_errors and it.kind != "indirect":
                    errors.append(f"FP {name}: {it.kind} {it.text[:100]!r} <- {it.speaker!r}")
                continue
            if best is None or not best[0].source:
                continue
            good = speaker_ok(it.speaker, best[0], golds)
            named = (best[0].source or "").strip().lower() not in PRONOUNS
            for k in keys:
                rows[k].spk_n += 1
                rows[k].spk_ok += good
                rows[k].named_n += named
                rows[k].named_ok += good and named
            if not good and len(errors) < show_errors and it.kind != "indirect":
                errors.append(
                    f"SPK {name}: {it.text[:60]!r} pred={it.speaker!r} gold={best[0].source!r}"
                )
    return rows, errors


@dataclass
class CardCell:
    """Counts of one (kind, field, mode) cell of the benchmark card."""

    pred: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0

    def prf(self) -> tuple[float, float, float]:
        """Return precision, recall and F1."""
        p = self.correct / self.pred if self.pred else 0.0
        r = self.found / self.gold if self.gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


FIELDS = ("content", "cue", "speaker")
MODES = ("exact", "overlap")
_POSSESSIVE = re.compile(r"[’']s?$")


def _words(s: str | None) -> list[str]:
    """Return the lowercased words of s, a possessive ending dropped."""
    return [_POSSESSIVE.sub("", t).lower() for t in _TOKEN.findall(s or "") if _WORD.search(t)]


def _cue_agrees(pred: str | None, gold: str, mode: str) -> bool:
    """Tell whether a predicted cue agrees with a gold Cue text (see module docstring)."""
    pw, gw = _words(pred), _words(gold)
    if not pw and not gw:
        return True
    return pw == gw if mode == "exact" else bool(set(pw) & set(gw))


def _source_of(gold: Gold, golds: list[Gold]) -> str | None:
    """Return the gold Source, a pronoun resolved to the nearest earlier named Source."""
    if not gold.source or gold.source.strip().lower() not in PRONOUNS:
        return gold.source
    earlier = [
        g for g in golds
        if g.source and g.source_pos < gold.source_pos
        and g.source.strip().lower() not in PRONOUNS and any(c.isupper() for c in g.source)
    ]  # fmt: skip
    return max(earlier, key=lambda g: g.source_pos).source if earlier else gold.source


def _speaker_agrees(pred: str | None, gold: Gold, golds: list[Gold], mode: str) -> bool:
    """Tell whether a predicted speaker agrees with the gold Source (see module docstring)."""
    if not pred or not gold.source:
        return False
    if mode == "overlap":
        return speaker_ok(pred, gold, golds)
    return _words(pred) == _words(_source_of(gold, golds))


def _agrees(
    it: ExtractedItem,
    ip: set[int],
    golds: list[Gold],
    gold_pos: list[set[int]],
    gi: int,
    field: str,
    mode: str,
) -> bool:
    """Tell whether a prediction (its words ip) matches gold gi in field, by mode."""
    gp = gold_pos[gi]
    if not gp or not (ip == gp if mode == "exact" else ip & gp):
        return False
    if field == "cue":
        return _cue_agrees(it.cue, golds[gi].cue, mode)
    if field == "speaker":
        return _speaker_agrees(it.speaker, golds[gi], golds, mode)
    return True


def card(
    articles: list[tuple[str, str, list[Gold]]], extracted: list[list[ExtractedItem]]
) -> dict[tuple[str, str, str], CardCell]:
    """Score content, cue and speaker per kind, exactly and by overlap (the benchmark card)."""
    cells = {(k, f, m): CardCell() for k in KINDS for f in FIELDS for m in MODES}
    for (_, text, golds), items in zip(articles, extracted, strict=True):
        gold_pos = [word_positions(text, g.segments) for g in golds]
        gold_kinds = []
        for g in golds:
            direct = any(c in QUOTE_MARKS for c in g.text) or "''" in g.text
            kinds = ["direct"] if direct else ["indirect"]
            if not direct and SPEECH_CUE_RE.search(g.cue):
                kinds.append("indirect, speech cue")
            gold_kinds.append(kinds)
        preds = []
        for it in items:
            ip = word_positions(text, [(it.start, it.end)])
            if not ip:
                continue
            kinds = ["direct"] if it.kind in ("direct", "partial") else ["indirect"]
            if it.kind == "indirect" and SPEECH_CUE_RE.search(it.cue or ""):
                kinds.append("indirect, speech cue")
            preds.append((it, ip, kinds))

        for field in FIELDS:
            for mode in MODES:
                for it, ip, kinds in preds:
                    ok = any(
                        _agrees(it, ip, golds, gold_pos, gi, field, mode)
                        for gi in range(len(golds))
                    )
                    for k in kinds:
                        cells[(k, field, mode)].pred += 1
                        cells[(k, field, mode)].correct += ok
                for gi, kinds in enumerate(gold_kinds):
                    if not gold_pos[gi]:
                        continue
                    for k in kinds:
                        found = any(
                            k in pk and _agrees(it, ip, golds, gold_pos, gi, field, mode)
                            for it, ip, pk in preds
                        )
                        cells[(k, field, mode)].gold += 1
                        cells[(k, field, mode)].found += found
    return cells


def card_table(cells: dict[tuple[str, str, str], CardCell]) -> str:
    """Format the benchmark card as a Markdown table."""
    head = "| kind | field | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |"
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for k in KINDS:
        for f in FIELDS:
            ex = cells[(k, f, "exact")].prf()
            ov = cells[(k, f, "overlap")].prf()
            nums = " | ".join(f"{v:.3f}" for v in (*ex, *ov))
            lines.append(f"| {k} | {f} | {nums} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--errors", type=int, default=0, help="print up to N error examples")
    ap.add_argument("--runs", type=int, default=3, help="timing runs (median reported)")
    args = ap.parse_args(argv)
    if not (args.data / args.split / "text").is_dir():
        print(f"PolNeAR data not found at {args.data}; nothing to score.")
        return 0
    articles = load(args.data, args.split)
    extracted = [extract_quotes(text) for _, text, _ in articles]
    rows, errors = score(articles, args.errors, extracted)
    print(f"## PolNeAR {args.split}: {len(articles)} articles\n")
    print(
        "| gold kind | gold | predicted | content P | content R | F1 | speaker acc (n) "
        "| speaker acc, named gold source (n) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for k, row in rows.items():
        print(row.cells(k))
    print(f"\n## Benchmark card, PolNeAR {args.split}: content, cue and speaker per kind\n")
    print(card_table(card(articles, extracted)))
    rates = []
    nbytes = sum(len(t.encode()) for _, t, _ in articles)
    for _ in range(max(1, args.runs)):
        t0 = time.perf_counter()
        for _, text, _ in articles:
            extract_quotes(text)
        rates.append(len(articles) / (time.perf_counter() - t0))
    print(
        f"\nSpeed: {statistics.median(rates):.1f} articles/s "
        f"(median of {len(rates)} runs, {nbytes / len(articles) / 1024:.1f} KB per article)"
    )
    if errors:
        print("\n## Errors\n")
        for line in errors:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
