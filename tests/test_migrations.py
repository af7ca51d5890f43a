"""The migration head and the models agree, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import quotes.models  # noqa: F401
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
