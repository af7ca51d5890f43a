"""Web pages on the 100k database: how long each page takes to answer, next to the JSON API.

The database is one that ``quotes import`` built from the 100k corpus (``python -m
bench.import_scale --size 100k --keep`` writes it; every row went through the dedup decision, no
prefill). A copy is upgraded to the current schema and served by ``quotes serve``
in its own process; one client requests each page kind in turn (interleaved, so load on the
machine hits all kinds alike), with the JSON routes that answer the same question as the
baseline measured in the same run:

* check ``/?q=…&speaker=…`` (a variant query of the corpus, claimed for its stored speaker)
  against ``GET /v1/lookup?q=…`` and ``POST /v1/citations/check``;
* a quote's page ``/quotes/{id}`` against ``GET /v1/quotes/{id}``;
* its citation page ``/quotes/{id}/cite`` (plain, APA, MLA, Chicago) against one style,
  ``GET /v1/quotes/{id}/citation?style=apa`` (the rendered styles are kept per process, so a
  quote asked for again answers from memory, as in use);
* ``/speakers/{id}``, ``/outlets/{id}`` (the outlets printing most), ``/review``.

    python -m bench.pages --db ../benchdata/db-100k.sqlite [--n 200]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.writers import pct, served

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT.parent / "benchdata" / "db-100k.sqlite"


def _ids(url: str) -> dict[str, list[Any]]:
    """Sample what to ask for: quotes (with their speaker), speakers, the busiest outlets."""
    from sqlalchemy import text

    from quotes.db import make_engine

    engine = make_engine(url)
    rng = random.Random(3)
    try:
        with engine.connect() as c:
            live = "q.merged_into_id IS NULL AND q.deleted_at IS NULL"
            quotes = c.execute(
                text(
                    "SELECT q.id, q.text, s.name FROM quote q JOIN speaker s ON s.id = q.speaker_id"
                    f" WHERE {live} ORDER BY q.appearance_count DESC, q.id LIMIT 2000"
                )
            ).all()
            speakers = c.execute(text("SELECT id FROM speaker ORDER BY id LIMIT 2000")).all()
            outlets = c.execute(
                text(
                    "SELECT outlet_id FROM appearance GROUP BY outlet_id "
                    "ORDER BY count(*) DESC LIMIT 50"
                )
            ).all()
    finally:
        engine.dispose()
    return {
        "quotes": rng.sample(list(quotes), min(500, len(quotes))),
        "speakers": [r[0] for r in rng.sample(list(speakers), min(500, len(speakers)))],
        "outlets": [r[0] for r in outlets],
    }


def main() -> None:
    """Copy and upgrade the database, serve it, time every page kind; print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="a database quotes import built")
    ap.add_argument("--n", type=int, default=200, help="requests per kind")
    args = ap.parse_args()
    if not args.db.is_file():
        sys.exit(f"bench.pages: {args.db} not found (python -m bench.import_scale --keep)")
    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    db = tmp / "pages.db"
    shutil.copy(args.db, db)
    url = f"sqlite:///{db}"
    times: dict[str, list[float]] = defaultdict(list)
    with served(url, 1, tmp) as (base, _secret):
        ids = _ids(url)
        rng = random.Random(5)
        kinds: dict[str, Callable[[httpx.Client, int], httpx.Response]] = {}

        def quote(i: int) -> tuple[int, str, str]:
            qid, text, speaker = ids["quotes"][i % len(ids["quotes"])]
            words = text.split()
            cut = " ".join(words[: max(6, len(words) * 2 // 3)])  # a remembered beginning
            return qid, cut, speaker

        kinds["page: check /?q=&speaker="] = lambda c, i: c.get(
            "/", params={"q": quote(i)[1], "speaker": quote(i)[2]}
        )
        kinds["api: POST /v1/citations/check"] = lambda c, i: c.post(
            "/v1/citations/check", json={"text": quote(i)[1], "speaker": quote(i)[2]}
        )
        kinds["api: GET /v1/lookup?q="] = lambda c, i: c.get(
            "/v1/lookup", params={"q": quote(i)[1]}
        )
        kinds["page: /quotes/{id}"] = lambda c, i: c.get(f"/quotes/{quote(i)[0]}")
        kinds["api: GET /v1/quotes/{id}"] = lambda c, i: c.get(f"/v1/quotes/{quote(i)[0]}")
        kinds["page: /quotes/{id}/cite"] = lambda c, i: c.get(f"/quotes/{quote(i)[0]}/cite")
        kinds["api: GET /v1/quotes/{id}/citation?style=apa"] = lambda c, i: c.get(
            f"/v1/quotes/{quote(i)[0]}/citation", params={"style": "apa"}
        )
        kinds["page: /speakers/{id}"] = lambda c, i: c.get(
            f"/speakers/{ids['speakers'][i % len(ids['speakers'])]}"
        )
        kinds["page: /outlets/{id} (busiest)"] = lambda c, i: c.get(
            f"/outlets/{ids['outlets'][i % len(ids['outlets'])]}"
        )
        kinds["page: /review"] = lambda c, _i: c.get("/review")
        order = [(k, i) for i in range(args.n) for k in kinds]
        with httpx.Client(base_url=base, timeout=60) as c:
            for k in kinds:  # warm up each route once
                kinds[k](c, 0)
            for k, i in order:
                t0 = time.perf_counter()
                r = kinds[k](c, i + rng.randrange(1000))
                times[k].append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{k}: {r.status_code} {r.text[:200]}")
    counts = json.dumps({k: len(v) for k, v in ids.items()})
    print(f"database {args.db.name}; sampled {counts}; {args.n} requests per kind", file=sys.stderr)
    print("| request | p50 ms | p90 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    for k, v in times.items():
        med = statistics.median(v)
        print(f"| {k} | {med:.1f} | {pct(v, 90):.1f} | {pct(v, 99):.1f} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
