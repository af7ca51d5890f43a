"""Performance bench: bulk import, lookup, POST /v1/quotes over HTTP, RSS, and baselines.

Prints Markdown tables (and writes them to <out>/results-<tag>.md as they are measured):

1. import with dedup through quotes.services.ingest.import_file, quotes/s per size (SQLite);
2. lookup(session, q, limit=5) in-process: p50/p99 ms, recall@1 (variants, fragments) and the
   false-hit rate on non-matches;
3. POST /v1/quotes (and GET /v1/lookup) over HTTP against a uvicorn process serving
   api.serve:served_app (as `quotes serve`), at the largest SQLite size: p50/p99 ms;
4. the serving process's RSS after that load;
5. baselines on the same queries: rapidfuzz extractOne over all stored norms (fuzz.ratio,
   fuzz.token_set_ratio) and, with --pg, PostgreSQL pg_trgm (% and <%) with a GIN index;
6. with --pg, our own import/lookup figures on PostgreSQL (PgServer, a throwaway cluster).

Every database is built as a user would build it: every row through import_file (the function
behind ``quotes import``) from an empty database, no prefill; the first --probe rows are timed
apart. ``python -m bench.import_scale`` times the import segment by segment and its memory.

    python -m bench.perf --sizes 10k,100k,1m [--pg]
    python -m bench.perf --quick
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import importlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.testing import add_pg_setting_option, free_port

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "liar" / "train.tsv"
DEFAULT_OUT = Path("/work/benchdata")


def _require_shared() -> None:
    if not SHARED.is_file():
        sys.exit(
            f"bench.perf: {SHARED} not found; the perf bench builds its corpora from LIAR train "
            "text in ../shared/data/liar (not shipped with the repository)"
        )


def _corpus() -> Any:
    """bench.corpus, imported at run time (mypy checks it as a file of its own)."""
    import importlib

    return importlib.import_module("bench.corpus")


# --- small helpers ----------------------------------------------------------------------


def pct(values: Sequence[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of values; NaN when empty."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def fmt(x: float, nd: int = 1) -> str:
    """Format a number for a table cell."""
    if x != x:  # NaN
        return "–"
    return f"{x:,.{nd}f}"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


@dataclass
class Report:
    """Markdown sections, printed and appended to a results file as they are made."""

    path: Path
    parts: list[str] = field(default_factory=list)

    def add(self, title: str, body: str) -> None:
        """Print a section and rewrite the results file with every section so far."""
        text = f"### {title}\n\n{body}\n"
        self.parts.append(text)
        print(text, flush=True)
        self.path.write_text("\n".join(self.parts), encoding="utf-8")


def log(msg: str) -> None:
    """Progress line on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Return the objects of a JSON Lines file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write rows as JSON Lines; returns path."""
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def machine() -> str:
    """One line describing the machine."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError):
        pass
    import sqlite3

    return (
        f"{os.cpu_count()} cores ({cpu}), {mem} RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


# --- import ----------------------------------------------------------------------


@dataclass
class ImportResult:
    """How a database of one size was built and how fast import_file went."""

    size: str
    rows: int
    mode: str
    measured_rows: int  # rows that went through import_file
    measured_s: float
    probe_rate: float
    tail_rate: float | None
    quotes: int
    appearances: int
    expected_quotes: int
    expected_appearances: int
    invalid: int

    @property
    def rate(self) -> float:
        """quotes/s through import_file over every measured row."""
        return self.measured_rows / self.measured_s if self.measured_s else float("nan")


def _import_slice(engine: Any, rows: list[dict[str, Any]], path: Path) -> tuple[float, Any]:
    from quotes.services.ingest import import_file

    write_jsonl(path, rows)
    t = time.perf_counter()
    rep = import_file(engine, path)
    return time.perf_counter() - t, rep


def _counts(engine: Any) -> tuple[int, int]:
    from sqlalchemy import text

    with engine.connect() as conn:
        q = conn.execute(
            text("SELECT count(*) FROM quote WHERE merged_into_id IS NULL")
        ).scalar_one()
        a = conn.execute(text("SELECT count(*) FROM appearance")).scalar_one()
    return int(q), int(a)


def build_db(url: str, size: str, out: Path, *, probe: int) -> ImportResult:
    """Create the schema at url and load corpus-<size> (see the module doc for the strategy)."""
    corpus = _corpus()
    paths, truth_path = corpus.paths, corpus.truth_path
    from quotes.db import make_engine
    from quotes.migrate import upgrade

    rows_path, _, meta_path = paths(out, size)
    rows = read_jsonl(rows_path)
    truth = read_jsonl(truth_path(out, size))
    n = len(rows)
    upgrade(url)
    engine = make_engine(url)
    work = out / "slices"
    work.mkdir(exist_ok=True)
    p = min(n, probe)
    log(f"{size}: import_file of the first {p} rows")
    t_probe, rep = _import_slice(engine, rows[:p], work / f"{size}-probe.jsonl")
    invalid = len(rep.invalid)
    probe_rate = p / t_probe
    log(f"{size}: probe {probe_rate:.0f} rows/s")
    measured_rows, measured_s = p, t_probe
    tail_rate: float | None = None
    mode = "import_file"
    if n > p:
        log(f"{size}: import_file of the other {n - p} rows")
        t_rest, rep = _import_slice(engine, rows[p:], work / f"{size}-rest.jsonl")
        invalid += len(rep.invalid)
        measured_rows, measured_s = n, t_probe + t_rest
        tail_rate = (n - p) / t_rest
    quotes, apps = _counts(engine)
    meta = json.loads(meta_path.read_text())
    kinds = Counter(t["kind"] for t in truth)
    engine.dispose()
    return ImportResult(
        size=size,
        rows=n,
        mode=mode,
        measured_rows=measured_rows,
        measured_s=measured_s,
        probe_rate=probe_rate,
        tail_rate=tail_rate,
        quotes=quotes,
        appearances=apps,
        expected_quotes=int(meta["originals"]),
        expected_appearances=n - kinds.get("repost", 0),
        invalid=invalid,
    )


# --- lookup ----------------------------------------------------------------------


@dataclass
class Timed:
    """Per query: type, kind, ms, hit@1, hit@5 (or false hit for non-matches)."""

    type: str
    kind: str
    ms: float
    hit1: bool
    hit5: bool
    top: float = 0.0  # top result's score (0 when none)


def expected_ids(engine: Any, queries: list[dict[str, Any]]) -> list[int | None]:
    """Map each query's expected text to the id of the live quote holding it."""
    from sqlmodel import Session, select

    from quotes.fingerprint import match_form, text_hash
    from quotes.models import Quote

    out: list[int | None] = []
    with Session(engine) as session:
        for q in queries:
            if q["expected"] is None:
                out.append(None)
                continue
            row = session.exec(
                select(Quote).where(Quote.norm_hash == text_hash(match_form(q["expected"])))
            ).first()
            while row is not None and row.merged_into_id is not None:
                row = session.get(Quote, row.merged_into_id)
            out.append(row.id if row is not None else -1)
    return out


def run_lookups(
    engine: Any, queries: list[dict[str, Any]], expected: list[int | None]
) -> list[Timed]:
    """lookup(session, q, limit=5) per query in a fresh session; warm-up first."""
    from sqlmodel import Session

    from quotes.services.lookup import lookup

    for q in queries[:20]:
        with Session(engine) as session:
            lookup(session, q["query"], limit=5)
    out: list[Timed] = []
    for q, exp in zip(queries, expected, strict=True):
        t = time.perf_counter()
        with Session(engine) as session:
            res = lookup(session, q["query"], limit=5)
        ms = (time.perf_counter() - t) * 1000
        ids = [r.quote_id for r in res]
        top = float(res[0].score) if res else 0.0
        if exp is None:
            out.append(Timed(q["type"], q["kind"], ms, bool(ids), bool(ids), top))
        else:
            out.append(Timed(q["type"], q["kind"], ms, ids[:1] == [exp], exp in ids, top))
    return out


def lookup_rows(label: str, timed: list[Timed]) -> list[list[Any]]:
    """Table rows per query type: n, p50, p90, p99, max, recall@1, recall@5 / false-hit rate."""
    rows = []
    for typ in ("variant", "fragment", "nonmatch"):
        ts = [t for t in timed if t.type == typ]
        if not ts:
            continue
        ms = [t.ms for t in ts]
        r1 = sum(t.hit1 for t in ts) / len(ts)
        r5 = sum(t.hit5 for t in ts) / len(ts)
        hi = sum(t.top >= FALSE_HIT_FUZZ for t in ts) / len(ts)
        quality = (
            f"false hits {r1:.3f} (top score ≥ {FALSE_HIT_FUZZ:.0f}: {hi:.3f})"
            if typ == "nonmatch"
            else f"{r1:.3f} / {r5:.3f}"
        )
        rows.append(
            [
                label,
                typ,
                len(ts),
                fmt(pct(ms, 50), 2),
                fmt(pct(ms, 90), 2),
                fmt(pct(ms, 99), 2),
                fmt(max(ms), 1),
                quality,
            ]
        )
    return rows


LOOKUP_HEADERS = ["db", "queries", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "recall@1 / @5"]


def variant_kinds(timed: list[Timed]) -> str:
    """recall@1 per variant kind."""
    by: dict[str, list[bool]] = defaultdict(list)
    for t in timed:
        if t.type == "variant":
            by[t.kind].append(t.hit1)
    return ", ".join(f"{k} {sum(v) / len(v):.3f} (n={len(v)})" for k, v in sorted(by.items()))


# --- baselines ----------------------------------------------------------------------


def stored_norms(engine: Any) -> tuple[list[int], list[str]]:
    """Return (ids, norms) of the live quotes."""
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, norm FROM quote WHERE merged_into_id IS NULL ORDER BY id")
        ).all()
    return [int(r[0]) for r in rows], [str(r[1]) for r in rows]


def sample(queries: list[dict[str, Any]], per_type: int) -> list[int]:
    """Indexes of the first per_type queries of each type (the query files are shuffled)."""
    seen: Counter[str] = Counter()
    out = []
    for i, q in enumerate(queries):
        if seen[q["type"]] < per_type:
            seen[q["type"]] += 1
            out.append(i)
    return out


FALSE_HIT_FUZZ = 90.0  # a rapidfuzz top score at or above this counts as a hit on a non-match
FALSE_HIT_TRGM = 0.5  # likewise for pg_trgm similarity / word_similarity


def rapidfuzz_baseline(
    ids: list[int],
    norms: list[str],
    queries: list[dict[str, Any]],
    expected: list[int | None],
    idx: list[int],
    scorer_name: str,
) -> list[Timed]:
    """process.extractOne(match_form(q), norms, scorer, processor=None) per sampled query."""
    from rapidfuzz import fuzz, process

    from quotes.fingerprint import match_form

    scorer: Callable[..., float] = getattr(fuzz, scorer_name)
    out = []
    for i in idx:
        q = queries[i]
        t = time.perf_counter()
        best = process.extractOne(match_form(q["query"]), norms, scorer=scorer, processor=None)
        ms = (time.perf_counter() - t) * 1000
        got = ids[best[2]] if best else None
        if expected[i] is None:
            hit = best is not None and best[1] >= FALSE_HIT_FUZZ
        else:
            hit = got == expected[i]
        out.append(Timed(q["type"], q["kind"], ms, hit, hit))
    return out


def trgm_load(pg_url: str, ids: list[int], norms: list[str]) -> float:
    """Load (id, norm) into trgm_quote with a GIN gin_trgm_ops index; returns seconds."""
    import psycopg

    t = time.perf_counter()
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute("DROP TABLE IF EXISTS trgm_quote")
        conn.execute("CREATE TABLE trgm_quote (id bigint PRIMARY KEY, norm text NOT NULL)")
        with conn.cursor() as cur, cur.copy("COPY trgm_quote (id, norm) FROM STDIN") as cp:
            for i, n in zip(ids, norms, strict=True):
                cp.write_row((i, n))
        conn.execute("SET maintenance_work_mem = '2GB'")
        conn.execute("CREATE INDEX trgm_quote_norm ON trgm_quote USING gin (norm gin_trgm_ops)")
        conn.execute("ANALYZE trgm_quote")
    return time.perf_counter() - t


def trgm_baseline(
    pg_url: str,
    queries: list[dict[str, Any]],
    expected: list[int | None],
    idx: list[int],
    op: str,
) -> list[Timed]:
    """pg_trgm top-1: WHERE norm % q ORDER BY similarity, or WHERE q <% norm ORDER BY word_sim."""
    import psycopg

    from quotes.fingerprint import match_form

    if op == "%":
        sql = (
            "SELECT id, similarity(norm, %(q)s) AS s FROM trgm_quote WHERE norm %% %(q)s "
            "ORDER BY s DESC LIMIT 1"
        )
    else:
        sql = (
            "SELECT id, word_similarity(%(q)s, norm) AS s FROM trgm_quote WHERE %(q)s <%% norm "
            "ORDER BY s DESC LIMIT 1"
        )
    out = []
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute(sql, {"q": "warm up query text"}).fetchall()
        for i in idx:
            q = queries[i]
            t = time.perf_counter()
            row = conn.execute(sql, {"q": match_form(q["query"])}).fetchone()
            ms = (time.perf_counter() - t) * 1000
            if expected[i] is None:
                hit = row is not None and float(row[1]) >= FALSE_HIT_TRGM
            else:
                hit = row is not None and int(row[0]) == expected[i]
            out.append(Timed(q["type"], q["kind"], ms, hit, hit))
    return out


def baseline_rows(label: str, ours: list[Timed], base: list[Timed]) -> list[list[Any]]:
    """Per type: baseline p50, recall, our p50 on the same sample, ratio."""
    rows = []
    for typ in ("variant", "fragment", "nonmatch"):
        b = [t for t in base if t.type == typ]
        o = [t for t in ours if t.type == typ]
        if not b:
            continue
        b50, o50 = pct([t.ms for t in b], 50), pct([t.ms for t in o], 50)
        br = sum(t.hit1 for t in b) / len(b)
        orr = sum(t.hit1 for t in o) / len(o)
        name = "false hits" if typ == "nonmatch" else "recall@1"
        rows.append(
            [
                label,
                typ,
                len(b),
                fmt(b50, 2),
                fmt(pct([t.ms for t in b], 99), 2),
                fmt(o50, 2),
                f"{o50 / b50:.3f}" if b50 else "–",
                f"{name} {br:.3f}",
                f"{orr:.3f}",
            ]
        )
    return rows


BASELINE_HEADERS = [
    "baseline",
    "queries",
    "n",
    "base p50 ms",
    "base p99 ms",
    "ours p50 ms",
    "ours/base p50",
    "base quality",
    "ours (same sample)",
]


# --- HTTP ----------------------------------------------------------------------


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    vals = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        if k in ("VmRSS", "VmHWM"):
            vals[k] = int(v.split()[0]) / 1024
    return vals.get("VmRSS", float("nan")), vals.get("VmHWM", float("nan"))


def http_bench(
    url: str,
    queries: list[dict[str, Any]],
    *,
    n_post: int,
    n_get: int,
    logdir: Path,
    profile: Path | None = None,
) -> dict[str, Any]:
    """Serve url with uvicorn (api.serve:served_app, separate process); POST and GET over httpx."""
    import httpx
    from sqlmodel import Session

    from quotes.db import make_engine
    from quotes.services.keys import create_key

    engine = make_engine(url)
    with Session(engine) as session:
        _, secret = create_key(session, name=f"bench-{os.getpid()}-{time.time_ns()}")
        session.commit()
    engine.dispose()
    port = free_port()
    env = dict(os.environ, QUOTES_DATABASE_URL=url, QUOTES_LOG_LEVEL="WARNING")
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.serve:served_app",  # as `quotes serve` runs it
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    errlog = (logdir / "uvicorn.log").open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=errlog, stderr=errlog)
    spy: subprocess.Popen[bytes] | None = None
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"server did not start, see {logdir / 'uvicorn.log'}")
            time.sleep(0.2)
        rss_idle = rss_mb(proc.pid)
        pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        if profile is not None and Path(pyspy).exists():
            spy = subprocess.Popen(
                [
                    pyspy,
                    "record",
                    "-r",
                    "200",
                    "-f",
                    "raw",
                    "-o",
                    str(profile),
                    "-p",
                    str(proc.pid),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1)
        headers = {"Authorization": f"Bearer {secret}"}
        variants = [q for q in queries if q["type"] == "variant"]
        news = [q for q in queries if q["type"] == "nonmatch"]
        bodies: list[tuple[str, dict[str, Any]]] = []
        stamp = time.time_ns()
        for k in range(n_post):
            src = news[k % len(news)] if k % 2 == 0 else variants[k % len(variants)]
            kind = "new" if k % 2 == 0 else "reprint"
            bodies.append(
                (
                    kind,
                    {
                        "text": src["query"],
                        "speaker": "Bench Speaker",
                        "outlet": "Bench Wire",
                        "date": "2020-01-01",
                        "url": f"https://bench.example/{stamp}/{k}",
                    },
                )
            )
        post_ms: dict[str, list[float]] = defaultdict(list)
        status: Counter[int] = Counter()
        get_ms: list[float] = []
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            for q in queries[:10]:
                client.get("/v1/lookup", params={"q": q["query"], "limit": 5})
            for kind, body in bodies:
                t = time.perf_counter()
                r = client.post("/v1/quotes", json=body)
                post_ms[kind].append((time.perf_counter() - t) * 1000)
                status[r.status_code] += 1
            for q in queries[:n_get]:
                t = time.perf_counter()
                r = client.get("/v1/lookup", params={"q": q["query"], "limit": 5})
                get_ms.append((time.perf_counter() - t) * 1000)
                status[r.status_code] += 1
        rss = rss_mb(proc.pid)
        return {
            "post": dict(post_ms),
            "get": get_ms,
            "status": dict(status),
            "rss": rss,
            "rss_idle": rss_idle,
        }
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            try:
                spy.wait(timeout=60)
            except subprocess.TimeoutExpired:
                spy.kill()
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        errlog.close()


def lookup_load(
    url: str, queries: list[dict[str, Any]], *, workers: int, clients: int, n: int, logdir: Path
) -> dict[str, Any]:
    """Serve url with ``quotes serve --workers`` and send n lookups from concurrent clients.

    Each client is a thread with its own connection, asking its share of the queries one after
    the other (a closed loop, all clients started at once after one warm-up request each).
    Returns throughput, every latency and the status codes.
    """
    import threading

    import httpx

    writers = importlib.import_module("bench.writers")
    qs = [q["query"] for q in queries][:n]
    latencies: list[float] = []
    status: Counter[int] = Counter()
    lock = threading.Lock()
    with writers.served(url, workers, logdir) as (base, _secret):
        start = threading.Barrier(clients + 1)

        def client(mine: list[str]) -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                c.get("/v1/lookup", params={"q": mine[0] if mine else "warm", "limit": 5})
                start.wait()
                for q in mine:
                    t = time.perf_counter()
                    r = c.get("/v1/lookup", params={"q": q, "limit": 5})
                    ms = (time.perf_counter() - t) * 1000
                    with lock:
                        latencies.append(ms)
                        status[r.status_code] += 1

        threads = [threading.Thread(target=client, args=(qs[i::clients],)) for i in range(clients)]
        for t in threads:
            t.start()
        start.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "latencies": latencies, "status": dict(status)}


# --- profiling ----------------------------------------------------------------------


def profile_lookups(engine: Any, queries: list[dict[str, Any]], path: Path) -> str:
    """cProfile of lookup over queries; returns the top cumulative entries as text."""
    import cProfile
    import io
    import pstats

    from sqlmodel import Session

    from quotes.services.lookup import lookup

    pr = cProfile.Profile()
    pr.enable()
    for q in queries:
        with Session(engine) as session:
            lookup(session, q["query"], limit=5)
    pr.disable()
    pr.dump_stats(str(path))
    buf = io.StringIO()
    pstats.Stats(pr, stream=buf).sort_stats("cumulative").print_stats(
        r"quotes|sqlite3|rapidfuzz", 30
    )
    return buf.getvalue()


# --- main ----------------------------------------------------------------------


def import_rows(res: list[ImportResult]) -> list[list[Any]]:
    """Import table rows."""
    rows = []
    for r in res:
        rows.append(
            [
                r.size,
                f"{r.rows:,}",
                r.mode,
                f"{r.measured_rows:,}",
                fmt(r.measured_s, 1),
                fmt(r.rate, 0),
                fmt(r.probe_rate, 0),
                fmt(r.tail_rate, 0) if r.tail_rate is not None else "–",
                f"{r.quotes:,} / {r.expected_quotes:,}",
                f"{r.appearances:,} / {r.expected_appearances:,}",
                r.invalid,
            ]
        )
    return rows


IMPORT_HEADERS = [
    "size",
    "rows",
    "how built",
    "rows via import_file",
    "import_file s",
    "quotes/s (import_file)",
    "first-rows rate",
    "rate after the probe",
    "quotes stored / ideal",
    "appearances / ideal",
    "invalid",
]


def sqlite_url(out: Path, size: str, tag: str = "") -> str:
    """URL of the bench's SQLite database of a size."""
    return f"sqlite:///{out / f'db-{size}{tag}.sqlite'}"


def remove_sqlite(url: str) -> None:
    """Delete a SQLite database and its WAL/SHM files."""
    path = Path(url.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description="quotes performance bench (Markdown tables)")
    ap.add_argument("--sizes", default="10k,100k,1m")
    ap.add_argument("--quick", action="store_true", help="10k only, fewer queries (~1-2 min)")
    ap.add_argument("--pg", action="store_true", help="PostgreSQL figures and pg_trgm baseline")
    ap.add_argument("--pg-sizes", default="100k", help="sizes run on PostgreSQL with --pg")
    add_pg_setting_option(ap)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--reuse", action="store_true", help="reuse databases built by an earlier run")
    ap.add_argument("--probe", type=int, default=5000, help="rows first imported via import_file")
    ap.add_argument("--queries", type=int, default=500, help="lookup queries per type")
    ap.add_argument("--baseline-sample", default="10k:200,100k:100,1m:50")
    ap.add_argument("--http-posts", type=int, default=400)
    ap.add_argument("--http-gets", type=int, default=300)
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--lookup-workers", type=int, default=2, help="server workers, lookup load")
    ap.add_argument("--lookup-clients", type=int, default=8, help="concurrent lookup clients")
    ap.add_argument("--profile", action="store_true", help="cProfile lookups, py-spy the server")
    args = ap.parse_args()
    _require_shared()
    corpus = _corpus()
    SIZES, ensure, paths = corpus.SIZES, corpus.ensure, corpus.paths

    sizes = ["10k"] if args.quick else [s.strip().lower() for s in args.sizes.split(",") if s]
    if unknown := [s for s in sizes if s not in SIZES]:
        sys.exit(f"bench.perf: unknown sizes {unknown}; known: {list(SIZES)}")
    if args.quick:
        args.queries, args.http_posts, args.http_gets = 150, 100, 100
        args.baseline_sample = "10k:50"
        args.probe = 2000
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    tag = "quick" if args.quick else "-".join(sizes) + ("-pg" if args.pg else "")
    report = Report(out / f"results-{tag}.md")
    report.add("Machine", machine() + f"\n\nRun {dt.datetime.now().isoformat(timespec='seconds')}")
    pg_sizes = [s for s in args.pg_sizes.split(",") if s in SIZES] if args.pg else []
    ensure(out, sorted(set(sizes) | set(pg_sizes), key=lambda s: SIZES[s]))
    samples = dict(kv.split(":") for kv in args.baseline_sample.split(",") if ":" in kv)

    imports: list[ImportResult] = []
    lookups: list[list[str]] = []
    pg_server: Any = None
    for size in sizes:
        url = sqlite_url(out, size)
        done = out / f"db-{size}.done.json"
        if args.reuse and done.is_file() and Path(url.removeprefix("sqlite:///")).is_file():
            imports.append(ImportResult(**json.loads(done.read_text())))
            log(f"{size}: reusing {url}")
        else:
            remove_sqlite(url)
            done.unlink(missing_ok=True)
            res = build_db(url, size, out, probe=args.probe)
            done.write_text(json.dumps(res.__dict__))
            imports.append(res)
        report.add(
            "Import with dedup (SQLite, import_file)", table(IMPORT_HEADERS, import_rows(imports))
        )

        from quotes.db import make_engine

        engine = make_engine(url)
        queries = read_jsonl(paths(out, size)[1])
        per_type = Counter[str]()
        queries = [
            q
            for q in queries
            if (per_type.update([q["type"]]) or per_type[q["type"]] <= args.queries)
        ]
        expected = expected_ids(engine, queries)
        missing = sum(1 for e in expected if e == -1)
        log(f"{size}: {len(queries)} lookups ({missing} expected quotes not stored)")
        timed = run_lookups(engine, queries, expected)
        lookups += lookup_rows(f"SQLite {size}", timed)
        report.add(
            "Lookup in-process: lookup(session, q, limit=5)",
            table(LOOKUP_HEADERS, lookups)
            + f"\n\n{size} variant recall@1 by kind: {variant_kinds(timed)}",
        )
        # baselines on a sample of the same queries
        per = int(samples.get(size, "50"))
        idx = sample(queries, per)
        ids, norms = stored_norms(engine)
        ours = [timed[i] for i in idx]
        brows: list[list[str]] = []
        for scorer in ("ratio", "token_set_ratio"):
            log(f"{size}: rapidfuzz {scorer} on {len(idx)} queries over {len(norms)} norms")
            base = rapidfuzz_baseline(ids, norms, queries, expected, idx, scorer)
            brows += baseline_rows(f"rapidfuzz {scorer} ({size})", ours, base)
            report.add(
                f"Baselines at {size} (same queries, sampled)", table(BASELINE_HEADERS, brows)
            )
        if args.pg:
            from quotes.testing import PgServer

            if pg_server is None:
                pg_server = PgServer(dict(args.pg_setting)).start()
                atexit.register(pg_server.stop)
            import psycopg

            with psycopg.connect(pg_server.url().replace("+psycopg", ""), autocommit=True) as c:
                c.execute(f"DROP DATABASE IF EXISTS trgm_{size}")
                c.execute(f"CREATE DATABASE trgm_{size}")
            turl = pg_server.url(f"trgm_{size}")
            load_s = trgm_load(turl, ids, norms)
            log(f"{size}: pg_trgm loaded + GIN in {load_s:.0f} s")
            for op in ("%", "<%"):
                base = trgm_baseline(turl, queries, expected, idx, op)
                brows += baseline_rows(
                    f"pg_trgm {op} ({size}, GIN built in {load_s:.0f} s)", ours, base
                )
            report.add(
                f"Baselines at {size} (same queries, sampled)", table(BASELINE_HEADERS, brows)
            )
        if args.profile:
            prof = profile_lookups(
                engine, queries[:: max(1, len(queries) // 300)], out / f"lookup-{size}.prof"
            )
            (out / f"lookup-{size}.prof.txt").write_text(prof)
        engine.dispose()

    if not args.no_http and sizes:
        size = sizes[-1]
        src = Path(sqlite_url(out, size).removeprefix("sqlite:///"))
        dst = out / f"db-{size}-http.sqlite"
        remove_sqlite(f"sqlite:///{dst}")
        for suffix in ("", "-wal", "-shm"):
            if Path(str(src) + suffix).exists():
                shutil.copyfile(str(src) + suffix, str(dst) + suffix)
        queries = read_jsonl(paths(out, size)[1])
        log(f"{size}: HTTP bench on a copy of the database")
        h = http_bench(
            f"sqlite:///{dst}",
            queries,
            n_post=args.http_posts,
            n_get=args.http_gets,
            logdir=out,
            profile=out / f"pyspy-server-{size}.txt" if args.profile else None,
        )
        rows = []
        for kind, ms in sorted(h["post"].items()):
            rows.append(
                [
                    f"POST /v1/quotes ({kind})",
                    len(ms),
                    fmt(pct(ms, 50), 2),
                    fmt(pct(ms, 90), 2),
                    fmt(pct(ms, 99), 2),
                    fmt(max(ms), 1),
                ]
            )
        allp = [m for ms in h["post"].values() for m in ms]
        rows.append(
            [
                "POST /v1/quotes (all)",
                len(allp),
                fmt(pct(allp, 50), 2),
                fmt(pct(allp, 90), 2),
                fmt(pct(allp, 99), 2),
                fmt(max(allp), 1),
            ]
        )
        g = h["get"]
        rows.append(
            [
                "GET /v1/lookup (limit=5)",
                len(g),
                fmt(pct(g, 50), 2),
                fmt(pct(g, 90), 2),
                fmt(pct(g, 99), 2),
                fmt(max(g), 1),
            ]
        )
        report.add(
            f"HTTP at {size} (SQLite, uvicorn 1 worker, sequential httpx client)",
            table(["request", "n", "p50 ms", "p90 ms", "p99 ms", "max ms"], rows)
            + f"\n\nstatus codes: {h['status']}\n\nserver RSS: idle {h['rss_idle'][0]:.0f} MB; "
            f"after load VmRSS {h['rss'][0]:.0f} MB, peak VmHWM {h['rss'][1]:.0f} MB",
        )
        log(
            f"{size}: lookups over HTTP, {args.lookup_workers} workers, "
            f"{args.lookup_clients} clients"
        )
        load = lookup_load(
            f"sqlite:///{dst}",
            queries,
            workers=args.lookup_workers,
            clients=args.lookup_clients,
            n=args.http_gets * 2,
            logdir=out,
        )
        lat = load["latencies"]
        report.add(
            f"Lookups over HTTP at {size} (SQLite, quotes serve --workers "
            f"{args.lookup_workers}, {args.lookup_clients} concurrent clients)",
            table(
                ["requests", "lookups/s", "p50 ms", "p90 ms", "p99 ms", "max ms"],
                [
                    [
                        len(lat),
                        fmt(len(lat) / load["seconds"], 0),
                        fmt(pct(lat, 50), 2),
                        fmt(pct(lat, 90), 2),
                        fmt(pct(lat, 99), 2),
                        fmt(max(lat), 1),
                    ]
                ],
            )
            + f"\n\nstatus codes: {load['status']}",
        )
        remove_sqlite(f"sqlite:///{dst}")

    if args.pg:
        from quotes.testing import PgServer

        if pg_server is None:
            pg_server = PgServer(dict(args.pg_setting)).start()
        import psycopg

        pg_imports: list[ImportResult] = []
        pg_lookups: list[list[str]] = []
        try:
            for size in pg_sizes:
                with psycopg.connect(pg_server.url().replace("+psycopg", ""), autocommit=True) as c:
                    c.execute(f"DROP DATABASE IF EXISTS quotes_{size}")
                    c.execute(f"CREATE DATABASE quotes_{size}")
                url = pg_server.url(f"quotes_{size}")
                res = build_db(url, size, out, probe=args.probe)
                pg_imports.append(res)
                report.add(
                    "PostgreSQL: import with dedup (import_file)",
                    table(IMPORT_HEADERS, import_rows(pg_imports)),
                )
                from quotes.db import make_engine

                engine = make_engine(url)
                queries = read_jsonl(paths(out, size)[1])
                per_type = Counter[str]()
                queries = [
                    q
                    for q in queries
                    if (per_type.update([q["type"]]) or per_type[q["type"]] <= args.queries)
                ]
                expected = expected_ids(engine, queries)
                timed = run_lookups(engine, queries, expected)
                pg_lookups += lookup_rows(f"PostgreSQL {size}", timed)
                report.add("PostgreSQL: lookup in-process", table(LOOKUP_HEADERS, pg_lookups))
                engine.dispose()
        finally:
            pg_server.stop()
    log(f"results in {report.path}")


if __name__ == "__main__":
    main()
