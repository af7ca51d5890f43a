"""Import at scale: the whole corpus through the real import path, from an empty database.

The corpus (``bench/corpus.py``, made from LIAR text) is cut into segments of --segment rows;
one child process imports them one after the other with ``quotes.services.ingest.import_file``
(the function behind ``quotes import``) into a fresh database, so the table shows the rate as
the database grows, the rate over the last segment, and the child's peak RSS. No prefill: every
row goes through the dedup decision. The result is compared with the generator's ideal (one
quote per original row).

    python -m bench.import_scale --size 1m                 # SQLite
    python -m bench.import_scale --size 1m --pg            # PostgreSQL (throwaway server)
    python -m bench.import_scale --size 3m --pg --segment 250000 \
        --lookup-at 1000000 --lookup-at 2000000            # and lookups at 1M, 2M and the end

With --lookup-at, the importing process stops after those rows (and at the end) to time
bench.perf's in-process lookups on the queries whose expected quote is already stored, twice
(the first run reads pages from disk); that time is left out of the import's rates.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing as mp
import platform
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from quotes.testing import add_pg_setting_option

DEFAULT_OUT = Path(__file__).resolve().parents[1].parent / "benchdata"


def _segments(corpus: Path, size: int, folder: Path, rows: int | None) -> list[Path]:
    paths: list[Path] = []
    with corpus.open(encoding="utf-8") as fh:
        out = None
        for i, line in enumerate(itertools.islice(fh, rows)):
            if i % size == 0:
                if out:
                    out.close()
                paths.append(folder / f"seg-{len(paths):03d}.jsonl")
                out = paths[-1].open("w", encoding="utf-8")
            assert out is not None
            out.write(line)
        if out:
            out.close()
    return paths


def _lookups(engine: Any, path: Path, stored: int, per_type: int) -> tuple[list[Any], float]:
    """bench.perf's in-process lookups, twice (the first run reads pages from disk)."""
    from bench.perf import expected_ids, lookup_rows, read_jsonl, run_lookups, sample

    t = time.perf_counter()
    asked = [q for q in read_jsonl(path) if q.get("row") is None or q["row"] < stored]
    queries = [asked[i] for i in sample(asked, per_type)]  # whose quote is already stored
    expected = expected_ids(engine, queries)
    rows = []
    for label in ("first run", "second run"):
        rows += lookup_rows(f"{stored:,} rows, {label}", run_lookups(engine, queries, expected))
    return rows, time.perf_counter() - t


def _child(
    url: str, paths: list[str], batch: int, queue: Any, lookup_at: list[int], lookup: Any
) -> None:
    from quotes.db import make_engine
    from quotes.migrate import upgrade
    from quotes.services.ingest import import_file

    upgrade(url)
    engine = make_engine(url)
    done = 0
    for p in paths:
        t = time.perf_counter()
        report = import_file(engine, Path(p), batch=batch)
        seconds = time.perf_counter() - t
        done += report.rows
        queue.put((done, report.rows, seconds, report.new_quotes, len(report.invalid)))
        if done in lookup_at or (lookup_at and p == paths[-1]):
            queue.put(("lookups", *_lookups(engine, lookup[0], done, lookup[1])))
    engine.dispose()
    queue.put(None)


def run(args: argparse.Namespace) -> None:
    """Import the corpus and print the table."""
    if args.keep and args.rows:
        sys.exit("--keep keeps the whole corpus's database: not with --rows")
    corpus = args.out / f"corpus-{args.size}.jsonl"
    truth = args.out / f"truth-{args.size}.jsonl"
    if not corpus.exists():
        sys.exit(f"{corpus} missing: python -m bench.corpus --out {args.out}")
    with truth.open() as fh:  # one line per corpus row
        ideal = sum(1 for line in itertools.islice(fh, args.rows) if '"original"' in line)
    server = None
    with tempfile.TemporaryDirectory(dir=args.out) as tmp:
        folder = Path(tmp)
        paths = _segments(corpus, args.segment, folder, args.rows)
        if args.pg:
            from sqlalchemy import text

            from quotes.db import make_engine
            from quotes.testing import PgServer

            server = PgServer(dict(args.pg_setting)).start()
            admin = make_engine(server.url("postgres")).execution_options(
                isolation_level="AUTOCOMMIT"
            )
            with admin.connect() as conn:
                conn.execute(text("CREATE DATABASE bench"))
            admin.dispose()
            url, db = server.url("bench"), "PostgreSQL 15"
        else:
            target = args.out / f"db-{args.size}.sqlite" if args.keep else folder / "import.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            url, db = f"sqlite:///{target}", f"SQLite {sqlite3.sqlite_version}"
        try:
            queue: Any = mp.get_context("spawn").Queue()
            child = mp.get_context("spawn").Process(
                target=_child,
                args=(
                    url,
                    [str(p) for p in paths],
                    args.batch,
                    queue,
                    args.lookup_at,
                    (args.out / f"queries-{args.size}.jsonl", args.queries),
                ),
            )
            start = time.perf_counter()
            child.start()
            machine = platform.processor() or platform.machine()
            print(
                f"\nImport of corpus-{args.size} into {db}, batch {args.batch}, "
                f"{machine}, Python {platform.python_version()}\n"
            )
            print("| rows stored | segment rows/s | overall rows/s | new quotes | invalid |")
            print("|---:|---:|---:|---:|---:|")
            rows = new = invalid_total = 0
            last_rate = first_rate = paused = 0.0
            lookups: list[list[Any]] = []
            while (item := queue.get()) is not None:
                if item[0] == "lookups":  # timed apart: not counted in the import's rate
                    lookups += item[1]
                    paused += item[2]
                    continue
                rows, seg_rows, seconds, seg_new, invalid = item
                new += seg_new
                invalid_total += invalid
                last_rate = seg_rows / seconds
                first_rate = first_rate or last_rate
                overall = rows / (time.perf_counter() - start - paused)
                print(
                    f"| {rows:,} | {last_rate:,.0f} | {overall:,.0f} | {new:,} | {invalid} |",
                    flush=True,
                )
            child.join()
            total = time.perf_counter() - start - paused
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        finally:
            if server is not None:
                server.stop()
    if lookups:
        from bench.perf import LOOKUP_HEADERS, table

        print(f"\nLookup in-process (bench.perf's lookups, queries-{args.size}.jsonl whose")
        print("expected quote is stored; timed apart from the import):\n")
        print(table(["stored", *LOOKUP_HEADERS[1:]], lookups))
    gap = (new - ideal) / ideal
    print(
        f"\n{rows:,} rows in {total:,.0f} s: {rows / total:,.0f} rows/s overall (migration and "
        f"process start included), {last_rate:,.0f} rows/s over the last {args.segment:,}; "
        f"peak RSS of the importing process {rss:,.0f} MB; {new:,} quotes vs the generator's "
        f"ideal {ideal:,} ({gap:+.3%})."
    )
    result = dict(size=args.size, db=db, rows=rows, seconds=total, last_rate=last_rate,
                  rss_mb=rss, quotes=new, ideal=ideal)  # fmt: skip
    (args.out / f"import-{args.size}-{'pg' if args.pg else 'sqlite'}.json").write_text(
        json.dumps(result)
    )
    if args.keep and not args.pg:  # what `python -m bench.perf --reuse` reads for this database
        with sqlite3.connect(args.out / f"db-{args.size}.sqlite") as conn:
            appearances = conn.execute("SELECT count(*) FROM appearance").fetchone()[0]
        reposts = sum(1 for line in truth.open() if '"repost"' in line)
        done = dict(size=args.size, rows=rows, mode="bench.import_scale", measured_rows=rows,
                    measured_s=total, probe_rate=first_rate, tail_rate=last_rate, quotes=new,
                    appearances=appearances, expected_quotes=ideal,
                    expected_appearances=rows - reposts, invalid=invalid_total)  # fmt: skip
        (args.out / f"db-{args.size}.done.json").write_text(json.dumps(done))


def main() -> None:
    """Parse arguments and run."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1m", help="10k, 100k, 1m or 3m (bench.corpus)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--segment", type=int, default=100_000, help="rows per timed segment")
    ap.add_argument("--batch", type=int, default=5000, help="rows per transaction")
    ap.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    add_pg_setting_option(ap)
    ap.add_argument("--rows", type=int, help="import only the first ROWS rows of the corpus")
    ap.add_argument(
        "--lookup-at",
        type=int,
        action="append",
        default=[],
        metavar="ROWS",
        help="after ROWS rows (a segment's end; repeatable) and at the end, time lookups",
    )
    ap.add_argument("--queries", type=int, default=100, help="lookup queries per type")
    ap.add_argument(
        "--keep", action="store_true", help="keep the SQLite database as <out>/db-<size>.sqlite"
    )
    run(ap.parse_args())


if __name__ == "__main__":
    main()
