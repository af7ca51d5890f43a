"""An import decides exactly as posting the same rows one by one: same quotes, texts, firsts.

The corpus (tests/corpus.py) holds reprints of every kind, within one import batch and across
batches, fuller versions arriving after their fragments, unattributed rows, the same words under
another speaker, near misses (suggested merges), and hard negatives (a figure changed, two words
swapped). It is imported with ``quotes import``'s function in small batches into one database and
posted row by row through ``POST /v1/quotes`` into another; both must end in the same state.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from quotes.config import Settings
from quotes.db import make_engine
from quotes.services.ingest import import_file
from tests import corpus

ROWS = 1600


def _state(engine: Engine) -> dict[Any, Any]:
    """Return the database's quotes as comparable values, independent of ids."""
    return {key: q for key, q in _quotes(engine).values()}


def _quotes(engine: Engine) -> dict[int, tuple[frozenset[Any], dict[str, Any]]]:
    """Return {quote id: (its appearances as a key independent of ids, its values)}."""
    sql = text(
        "SELECT q.id, q.text, q.appearance_count, q.first_published, q.speaker_conflict, "
        "qs.name, a.id, o.name, a.published, a.url, a.text, s.name, a.match_method, a.partial "
        "FROM appearance a JOIN quote q ON q.id = a.quote_id JOIN outlet o ON o.id = a.outlet_id "
        "LEFT JOIN speaker s ON s.id = a.speaker_id LEFT JOIN speaker qs ON qs.id = q.speaker_id "
        "WHERE q.merged_into_id IS NULL"
    )
    quotes: dict[int, dict[str, Any]] = defaultdict(lambda: {"appearances": []})
    with engine.connect() as conn:
        for row in conn.execute(sql):
            qid, qtext, count, first, conflict, qspeaker, aid, *appearance = row
            q = quotes[qid]
            q.update(text=qtext, count=count, first=str(first), conflict=bool(conflict))
            q["speaker"] = qspeaker
            q["appearances"].append((aid, tuple(str(v) for v in appearance)))
    out = {}
    for qid, q in quotes.items():
        apps = sorted(q.pop("appearances"))
        first = min(apps, key=lambda a: (a[1][1] == "None", a[1][1], a[0]))  # date, then id
        key = frozenset(a for _, a in apps)
        out[qid] = (key, q | {"first_appearance": first[1]})
    return out


def _suggested(engine: Engine) -> set[tuple[frozenset[Any], frozenset[Any], float, str, str]]:
    """Return the suggested merges (quote, other quote, score, method, status), the quotes named
    by their appearances as _state names them."""
    keys = {qid: key for qid, (key, _) in _quotes(engine).items()}
    sql = text("SELECT quote_id, other_quote_id, score, method, status FROM suggestion")
    with engine.connect() as conn:
        return {(keys[a], keys[b], score, m, st) for a, b, score, m, st in conn.execute(sql)}


def test_import_equals_posting_row_by_row(
    db_url: str, other_db_url: str, tmp_path: Path, auth: dict[str, str], client: TestClient
) -> None:
    rows = corpus.build(ROWS)
    path = corpus.write(tmp_path / "corpus.jsonl", rows)
    for row in rows:
        r = client.post("/v1/quotes", json=row, headers=auth)
        assert r.status_code in (200, 201), r.text
    imported = make_engine(other_db_url)
    try:
        report = import_file(imported, path, batch=97, thresholds=Settings().thresholds())
        assert not report.invalid
        posted = make_engine(db_url)
        try:
            by_post, by_import = _state(posted), _state(imported)
            suggested_by_post, suggested_by_import = _suggested(posted), _suggested(imported)
        finally:
            posted.dispose()
    finally:
        imported.dispose()
    # the corpus exercises what it should: merges, fragments, fuller versions, conflicts
    methods = {a[-2] for key in by_post for a in key}
    assert {"new", "exact", "similar", "fragment", "elision"} <= methods
    assert any(q["conflict"] for q in by_post.values())
    assert any(q["speaker"] is None for q in by_post.values())
    assert report.new_quotes == len(by_post) < ROWS * 0.8
    # the same partition of appearances into quotes
    assert set(by_import) == set(by_post)
    # the same canonical texts, speakers, counts, conflicts and first appearances
    for key, q in by_post.items():
        assert by_import[key] == q, q["text"]
    # the same merges suggested to curators (the corpus's near misses)
    assert suggested_by_post and suggested_by_import == suggested_by_post
