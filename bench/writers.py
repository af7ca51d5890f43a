"""Concurrent writers: N clients POSTing variants of new quotes to one served database.

What a newsroom sees when several people (or scripts) add quotes at once. The server is
``quotes serve --workers N`` in its own process on a fresh, migrated, empty database; the
clients are threads with their own HTTP connection, all started at once. The same 1,600 POST
bodies (variants of 20 new quotes: curly quotes, case, typos, punctuation, trimmed ends) are sent

* one at a time by one client (the sequential baseline, measured in the same run), then
* by 16 clients at once, each sending its next POST the moment its last one is answered, on a
  new empty database. This is a closed loop: the server is never idle, so by Little's law a
  POST takes about 16 / throughput on average, however little time is lost waiting on locks.

Prints a Markdown table: posts/s, p50/p99/max latency, the ratio to the sequential rate, and
how many quotes the variants became: 20 if every reprint joined its quote. A fragment cut at
the start and one cut at the end of the same quote overlap without either containing the other,
so when both arrive before a fuller version they stay two quotes (24 in the sequential order).
The last column says how the kernel spread the 16 connections over the workers (Linux): each
worker serves its own in turn, so a worker holding 12 of them answers more slowly than one
holding 4. The server counts as started once every worker listens.

    python -m bench.writers                      # SQLite, 1 worker
    python -m bench.writers --pg --workers 4     # PostgreSQL (throwaway cluster), 4 workers
    python -m bench.writers --runs 3             # median of 3 runs of each mode
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from quotes.testing import free_port

ROOT = Path(__file__).resolve().parents[1]

QUOTES = [
    "We will not raise taxes on working families while I am governor of this state",
    "The bridge was built on time and under budget, which nobody believed we could do",
    "Our hospitals are running out of beds and the ministry has done nothing for months",
    "I have never met the man and I have no idea why he keeps mentioning my name",
    "Every child in this city deserves a school with heating that works in winter",
    "The border will stay open to trade but closed to those who come to do us harm",
    "We are asking the court to stop the demolition until the families have somewhere to go",
    "Nobody in this government has read the report, and it shows in every decision they make",
    "The river has flooded three times this year and the dam repairs have not even started",
    "There is no such thing as a free lunch when the bill is paid by our grandchildren",
    "We counted every ballot twice and the result did not change by a single vote",
    "Farmers were promised compensation for the drought and most of them are still waiting",
    "The new line will cut the commute in half for forty thousand people every morning",
    "I stand by every word of that speech and I would give it again tomorrow",
    "Our soldiers deserve better equipment than the ones their fathers carried in the last war",
    "The factory will close in March unless the buyers sign the contract this week",
    "We have found no evidence that the minister knew about the payments before the election",
    "Prices at the pump will fall once the refinery is back to full capacity next month",
    "The museum will return the statues to the village where they were carved",
    "This agreement protects fishermen on both sides of the bay for the next twenty years",
]
VARIANTS_PER_QUOTE = 80
CLIENTS = 16


def variant(text: str, rng: random.Random) -> str:
    """One reprint of text: curly or straight quotes, case, a typo, punctuation, trimmed ends."""
    words = text.split()
    kind = rng.randrange(6)
    if kind == 1:  # a typo: one letter dropped in a longer word
        i = rng.choice([k for k, w in enumerate(words) if len(w) > 5])
        j = rng.randrange(1, len(words[i]) - 1)
        words[i] = words[i][:j] + words[i][j + 1 :]
    elif kind == 2:
        words[0] = words[0].upper()
    elif kind == 3 and len(words) > 12:  # cut down: the first or last words dropped
        words = words[2:] if rng.random() < 0.5 else words[:-2]
    out = " ".join(words)
    if kind == 4:
        out = f"“{out}.”"
    elif kind == 5:
        out = f'"{out}!"'
    return out


def bodies(seed: int = 7) -> list[dict[str, Any]]:
    """The 1,600 POST bodies, quotes interleaved so concurrent clients hit the same quotes."""
    rng = random.Random(seed)
    out = []
    for k in range(VARIANTS_PER_QUOTE):
        for q, text in enumerate(QUOTES):
            out.append(
                {
                    "text": variant(text, rng),
                    "speaker": f"Speaker {q}",
                    "outlet": f"Outlet {k % 12}",
                    "url": f"https://outlet{k % 12}.example/{q}/{k}",
                    "date": f"2024-0{1 + k % 9}-1{k % 10}",
                }
            )
    return out


def _sockets(port: int, state: str) -> set[str]:
    """The inodes of the TCP sockets on local port in state (hex, as /proc/net/tcp writes it:
    0A listening, 01 established); empty where /proc is not there."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].endswith(f":{port:04X}") and fields[3] == state:
                inodes.add(fields[9])
    return inodes


def listening(port: int) -> int | None:
    """How many sockets listen on port (one per worker of ``--workers N`` on Linux); None where
    that cannot be read."""
    return len(_sockets(port, "0A")) if Path("/proc/net/tcp").exists() else None


def connections_per_worker(port: int) -> list[int]:
    """How many established connections to port each server process holds, most first (the
    kernel spreads them over the workers' sockets by a hash: 8/8 is rare, 12/4 happens)."""
    inodes = {f"socket:[{i}]" for i in _sockets(port, "01")}
    counts = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            n = sum(os.readlink(fd) in inodes for fd in fd_dir.iterdir())
        except OSError:  # gone, or not ours to read
            continue
        if n:
            counts.append(n)
    return sorted(counts, reverse=True)


@contextmanager
def served(url: str, workers: int, logdir: Path) -> Iterator[tuple[str, str]]:
    """Migrate url, make a writer key, serve it; yield (base URL, key)."""
    from quotes.db import make_engine, session_scope
    from quotes.migrate import upgrade
    from quotes.services.keys import create_key

    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine=engine) as session:
        _, secret = create_key(session, name=f"bench-{os.getpid()}-{time.time_ns()}", role="writer")
    engine.dispose()
    port = free_port()
    env = dict(os.environ, QUOTES_DATABASE_URL=url, QUOTES_LOG_LEVEL="WARNING")
    cmd = [sys.executable, "-m", "quotes.cli", "serve", "--no-migrate"]
    cmd += ["--port", str(port), "--workers", str(workers)]
    log = (logdir / f"uvicorn-{port}.log").open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # Every worker listening: one that starts late would get no connection at all.
                up = httpx.get(base + "/healthz", timeout=2).status_code == 200
                if up and (listening(port) or workers) >= workers:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"server did not start, see {log.name}")
            time.sleep(0.2)
        yield base, secret
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@dataclass
class Run:
    """One run: how many clients, the wall time, every POST's latency, the outcome."""

    clients: int
    seconds: float
    latencies: list[float]
    errors: int
    quotes: int
    split: list[int]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds


WARM_UP = "This sentence only warms the server up before the clock starts and matches nothing"


def warm_up(c: http.client.HTTPConnection, headers: dict[str, str], i: int) -> None:
    """Connect, and POST one appearance of a quote of its own (not counted among the quotes):
    the server's first POSTs pay for first use (statement compilation, imports), a cost a
    running server has long paid."""
    body = {"text": WARM_UP, "speaker": "Warm Up", "outlet": "Warm Up", "date": "2024-01-01"}
    post(c, headers, body | {"url": f"https://warm.example/{i}"})


def post(c: http.client.HTTPConnection, headers: dict[str, str], body: dict[str, Any]) -> int:
    """POST body to /v1/quotes on the kept-alive connection c; return the status."""
    c.request("POST", "/v1/quotes", body=json.dumps(body).encode(), headers=headers)
    r = c.getresponse()
    r.read()
    return r.status


def post_all(base: str, secret: str, work: Sequence[dict[str, Any]], clients: int) -> Run:
    """Send work from `clients` threads at once (each takes every clients-th body).

    Each client keeps one connection open (http.client, the standard library's: the clients
    run on the server's machine, and a lighter client leaves more of its 2 cores to the
    server; httpx spent about 2 ms of CPU a POST, http.client a fraction of that).
    """
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    address = urlsplit(base)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        c = http.client.HTTPConnection(address.hostname or "", address.port, timeout=120)
        try:
            warm_up(c, headers, i)  # connect (and warm the server) before the clock starts
            barrier.wait()  # all connected
            barrier.wait()  # and counted
            for body in work[i::clients]:
                t0 = time.perf_counter()
                status = post(c, headers, body)
                mine.append(time.perf_counter() - t0)
                bad += status != 201
        finally:
            c.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    split = connections_per_worker(address.port or 80)
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    return Run(clients, seconds, latencies, errors, 0, split)


def live_quotes(url: str) -> int:
    """How many quotes the database holds (not merged, not deleted)."""
    from sqlalchemy import text

    from quotes.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            sql = "SELECT count(*) FROM quote WHERE merged_into_id IS NULL AND deleted_at IS NULL"
            return int(conn.execute(text(sql)).scalar_one()) - 1  # the warm-up quote
    finally:
        engine.dispose()


def pct(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def one_run(url_for: Any, workers: int, clients: int, logdir: Path) -> Run:
    """Serve a fresh database and send the bodies from `clients` clients."""
    url = url_for()
    with served(url, workers, logdir) as (base, secret):
        run = post_all(base, secret, bodies(), clients)
    run.quotes = live_quotes(url)
    return run


def main() -> None:
    """Run the sequential and concurrent modes, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", action="store_true", help="PostgreSQL (a throwaway cluster)")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--clients", type=int, default=CLIENTS)
    ap.add_argument("--runs", type=int, default=1, help="runs of each mode (median reported)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-writers-"))
    counter = iter(range(1_000_000))
    server: Any = None
    if args.pg:
        import psycopg

        from quotes.testing import PgServer

        server = PgServer().start()

        def url_for() -> str:
            name = f"writers_{next(counter)}"
            with psycopg.connect(server.url().replace("+psycopg", ""), autocommit=True) as c:
                c.execute(f"CREATE DATABASE {name}")
            return str(server.url(name))

    else:

        def url_for() -> str:
            return f"sqlite:///{tmp}/writers-{next(counter)}.db"

    db = "PostgreSQL" if args.pg else "SQLite"
    rows = []
    try:
        seq, burst = "1", f"{args.clients}"
        results: dict[str, list[Run]] = {seq: [], burst: []}
        for _ in range(args.runs):  # interleaved, so load on the machine hits both modes alike
            for mode in (seq, burst):
                run = one_run(url_for, args.workers, int(mode), tmp)
                results[mode].append(run)
                print(
                    f"  {db} clients={mode}: {run.rate:.0f} posts/s, "
                    f"p99 {pct(run.latencies, 99) * 1000:.0f} ms, "
                    f"connections per worker {'/'.join(map(str, run.split))}",
                    file=sys.stderr,
                )
        base_rate = statistics.median(r.rate for r in results[seq])
        for mode, runs in results.items():
            lat = [x for r in runs for x in r.latencies]
            rate = statistics.median(r.rate for r in runs)
            rows.append(
                [
                    db,
                    str(args.workers),
                    mode,
                    f"{len(lat) // len(runs)}",
                    f"{rate:.0f}",
                    f"{rate / base_rate:.2f}×",
                    f"{statistics.median(lat) * 1000:.1f}",
                    f"{pct(lat, 99) * 1000:.1f}",
                    f"{max(lat) * 1000:.0f}",
                    str(sum(r.errors for r in runs)),
                    "/".join(str(r.quotes) for r in runs),
                    ", ".join("/".join(map(str, r.split)) for r in runs),
                ]
            )
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)  # the databases and the server's logs
    head = ["db", "workers", "clients", "posts", "posts/s", "vs 1 client", "p50 ms", "p99 ms"]
    head += ["max ms", "errors", "quotes", "connections per worker"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
