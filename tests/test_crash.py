"""`quotes import` killed (SIGKILL) at random moments, then rerun, ends as an uninterrupted import.

The corpus (tests/corpus.py: reprints, fragments, fuller versions, unattributed rows …) is
imported once without interruption into one SQLite database, and, at the same time, into another
by runs that are SIGKILLed after random delays (the first ones land in the start-up and the
schema migration, later ones inside and between batch commits) and a last run left to finish.
The second database must then pass SQLite's integrity and foreign-key checks, hold every
appearance exactly once, and hold the same quotes as the first. Set QUOTES_CRASH_SEED to replay
a run; the seed is in every failure message.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests import corpus

ROWS = 20_000
BATCH = 1000  # rows per commit: more commit points for a kill to land around
KILLS = 4
KILL_WINDOW = (0.5, 12.0)  # seconds after start; an uninterrupted run takes 15-30 s here
ROOT = Path(__file__).resolve().parents[1]


def _start(path: Path, db: Path, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QUOTES_DATABASE_URL=f"sqlite:///{db}")
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "quotes.cli", "import", str(path), "--batch", str(BATCH)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _appearance_keys(db: Path) -> tuple[list[str], set[frozenset[tuple[Any, ...]]]]:
    """Return the live quotes' texts (sorted) and their appearances grouped by quote."""
    conn = sqlite3.connect(db)
    try:
        texts = sorted(
            r[0] for r in conn.execute("SELECT text FROM quote WHERE merged_into_id IS NULL")
        )
        groups: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
        for quote_id, *key in conn.execute(
            "SELECT a.quote_id, o.name, a.published, a.url, a.text, a.speaker_name "
            "FROM appearance a JOIN outlet o ON o.id = a.outlet_id"
        ):
            groups[quote_id].add(tuple(key))
        return texts, {frozenset(g) for g in groups.values()}
    finally:
        conn.close()


def test_import_killed_at_random_moments_then_rerun_matches_an_uninterrupted_one(
    tmp_path: Path,
) -> None:
    seed = int(os.environ.get("QUOTES_CRASH_SEED", random.randrange(1_000_000)))
    rng = random.Random(seed)
    rows = corpus.build(ROWS)
    path = corpus.write(tmp_path / "rows.jsonl", rows)
    reference_db, crashed_db = tmp_path / "reference.db", tmp_path / "crashed.db"
    log = tmp_path / "import.log"

    started = time.monotonic()
    reference = _start(path, reference_db, tmp_path / "reference.log")
    delays, killed = [rng.uniform(*KILL_WINDOW) for _ in range(KILLS)], 0
    try:
        for delay in delays:
            run = _start(path, crashed_db, log)
            try:
                run.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                run.send_signal(signal.SIGKILL)
                run.wait()
                killed += 1
        last = _start(path, crashed_db, log)
        assert last.wait(timeout=600) == 0, f"seed {seed}: {log.read_text()[-2000:]}"
        assert reference.wait(timeout=600) == 0, (tmp_path / "reference.log").read_text()[-2000:]
    finally:
        for proc in (reference, locals().get("run"), locals().get("last")):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    elapsed = time.monotonic() - started
    note = f"seed {seed}, kills after {[round(d, 1) for d in delays]} s, {elapsed:.0f} s in all"
    assert killed >= 1, note

    conn = sqlite3.connect(crashed_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], note
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], note
        stored = conn.execute("SELECT COUNT(*) FROM appearance").fetchone()[0]
    finally:
        conn.close()
    distinct = {(r["outlet"], r["date"], r["url"], r["text"], r.get("speaker")) for r in rows}
    assert stored == len(distinct), note
    texts, groups = _appearance_keys(crashed_db)
    ref_texts, ref_groups = _appearance_keys(reference_db)
    assert len(texts) == len(ref_texts) and texts == ref_texts, note
    assert groups == ref_groups, note
