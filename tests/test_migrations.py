"""The migration head and the models agree, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy import text as sa_text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import quotes.models  # noqa: F401
from quotes.db import make_engine
from quotes.migrate import current_revision, head_revision


def test_autogenerate_finds_no_difference(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_database_is_at_head(db_url: str, engine: Engine) -> None:
    assert current_revision(db_url) == head_revision(db_url)
    assert {"quote", "appearance", "speaker", "speaker_alias", "outlet", "api_key"} <= set(
        inspect(engine).get_table_names()
    )


def test_upgrade_folds_stored_forms_and_keys_existing_quotes(tmp_path: Path) -> None:
    """A database of the previous release: its quotes become findable by the new dedup keys.

    SQLite only: the data step is plain SQL through Alembic, the same on both databases.
    """
    from sqlmodel import Session

    from quotes.index import store
    from quotes.migrate import upgrade
    from quotes.normalize import normalize
    from quotes.services.dedup import find_match

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "39fe296fa913")  # the release before the dedup keys
    text_ = "The colour of the labour centre was organised by the council"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa_text(
                "INSERT INTO quote (id, text, norm, norm_hash, variant, kind, first_published, "
                "appearance_count, speaker_conflict, created_at, updated_at) VALUES (1, :t, :n, "
                "'x', 0, 'direct', NULL, 0, 0, '2024-01-01', '2024-01-01')"
            ),
            {"t": text_, "n": normalize(text_)},
        )
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            assert store.stats(session)["key_postings"] > 0
            norm = session.connection().execute(sa_text("SELECT norm FROM quote")).scalar_one()
            assert "color" in norm and "colour" not in norm
            m = find_match(session, "The color of the labor center was organized by the council")
            assert m is not None and m.candidate_id == 1 and m.method == "exact"
    finally:
        engine.dispose()
