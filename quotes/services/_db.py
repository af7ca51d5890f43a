"""Small database helpers shared by the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

T = TypeVar("T", bound=SQLModel)


def pk(obj: SQLModel) -> int:
    """Return a flushed row's id; an unflushed row has none, and that is a bug, not id 0."""
    ident = getattr(obj, "id", None)
    if ident is None:
        raise RuntimeError(f"{type(obj).__name__} has no id yet: flush it first")
    return int(ident)


def insert_or_get(
    session: Session, obj: T, find: Callable[[], T | None], *, known_absent: bool = False
) -> tuple[T, bool]:
    """Insert obj; if a unique constraint says it exists, return the existing row.

    Returns (row, created). Concurrent writers racing on the same unique key both succeed:
    one inserts, the others find its row. known_absent: the caller has just looked in this
    transaction and found nothing, so find() is not asked first. On SQLite a writer holds the
    database from its first statement (BEGIN IMMEDIATE), so nobody can insert the row between
    the look and the insert: no savepoint is needed there. On PostgreSQL the insert runs in a
    savepoint, and the loser of a race finds the winner's row.
    """
    if not known_absent:
        existing = find()
        if existing is not None:
            return existing, False
    if session.get_bind().dialect.name == "sqlite":
        session.add(obj)
        session.flush()
        return obj, True
    try:
        with session.begin_nested():
            session.add(obj)
            session.flush()
    except IntegrityError:
        if obj in session:
            session.expunge(obj)
        existing = find()
        if existing is None:
            raise
        return existing, False
    return obj, True
