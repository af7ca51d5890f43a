"""Speakers: create, resolve by alias, edit, delete (refused while they have quotes)."""

from __future__ import annotations

from sqlalchemy import false, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quotes.errors import Conflict, NotFound
from quotes.models import (
    Appearance,
    Quote,
    Speaker,
    SpeakerAlias,
    SpeakerCreate,
    SpeakerPublic,
    SpeakerUpdate,
)
from quotes.names import clean_name, name_key


def get_speaker(session: Session, speaker_id: int) -> Speaker:
    """Return the speaker with this id or raise NotFound."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(f"speaker {speaker_id} does not exist", field="speaker_id")
    return speaker


def find_speaker(session: Session, name: str) -> Speaker | None:
    """Return the speaker one of whose aliases matches name (case- and accent-insensitive)."""
    key = name_key(name)
    alias = session.exec(select(SpeakerAlias).where(SpeakerAlias.alias_key == key)).first()
    return alias.speaker if alias is not None else None


def _add_alias_row(session: Session, speaker: Speaker, alias: str) -> SpeakerAlias:
    key = name_key(alias)
    existing = session.exec(select(SpeakerAlias).where(SpeakerAlias.alias_key == key)).first()
    if existing is not None:
        if existing.speaker_id != speaker.id:
            raise Conflict(
                f"alias {alias!r} already names speaker {existing.speaker_id}", field="alias"
            )
        return existing
    row = SpeakerAlias(speaker_id=speaker.id or 0, alias=clean_name(alias), alias_key=key)
    session.add(row)
    session.flush()
    return row


def create_speaker(session: Session, *, data: SpeakerCreate) -> Speaker:
    """Create a speaker with its aliases; Conflict if a name is already taken."""
    for name in [data.name, *data.aliases]:
        other = find_speaker(session, name)
        if other is not None:
            raise Conflict(f"{name!r} already names speaker {other.id}", field="name")
    speaker = Speaker(name=data.name, description=data.description, external_id=data.external_id)
    session.add(speaker)
    session.flush()
    for name in [data.name, *data.aliases]:
        _add_alias_row(session, speaker, name)
    session.flush()
    return speaker


def find_speaker_by_external_id(session: Session, external_id: str) -> Speaker | None:
    """Return the speaker with this external id (e.g. a Wikidata QID), if any."""
    return session.exec(select(Speaker).where(Speaker.external_id == external_id)).first()


def resolve_speaker(session: Session, *, name: str, external_id: str | None = None) -> Speaker:
    """Return the speaker named name, creating it if no alias matches (safe under concurrency).

    An external id (a Wikidata QID) finds its speaker first, whatever the name; a speaker found
    by name that has no external id yet takes this one; a new speaker is created with it.
    """
    if external_id is not None:
        by_id = find_speaker_by_external_id(session, external_id)
        if by_id is not None:
            return by_id
    found = find_speaker(session, name)
    if found is not None:
        if external_id is not None and found.external_id is None:
            found.external_id = external_id
            session.add(found)
            session.flush()
        return found
    speaker = Speaker(name=clean_name(name), external_id=external_id)
    try:
        with session.begin_nested():
            session.add(speaker)
            session.flush()
            # Insert the alias blindly: its unique key, not a prior read, settles a race with a
            # concurrent writer creating the same speaker (the loser finds the winner's row).
            session.add(
                SpeakerAlias(
                    speaker_id=speaker.id or 0, alias=clean_name(name), alias_key=name_key(name)
                )
            )
            session.flush()
    except IntegrityError:
        found = find_speaker(session, name)
        if found is None:
            raise
        return found
    return speaker


def add_alias(session: Session, *, speaker: Speaker, alias: str) -> Speaker:
    """Add another spelling of the speaker's name; Conflict if it names someone else."""
    _add_alias_row(session, speaker, alias)
    session.refresh(speaker)
    return speaker


def remove_alias(session: Session, *, speaker: Speaker, alias_id: int) -> Speaker:
    """Remove one alias; the canonical name's alias cannot be removed."""
    row = session.get(SpeakerAlias, alias_id)
    if row is None or row.speaker_id != speaker.id:
        raise NotFound(f"alias {alias_id} of speaker {speaker.id} does not exist", field="alias_id")
    if row.alias_key == name_key(speaker.name):
        raise Conflict(
            "the canonical name cannot be removed; rename the speaker first", field="alias_id"
        )
    session.delete(row)
    session.flush()
    session.refresh(speaker)
    return speaker


def update_speaker(session: Session, *, speaker: Speaker, data: SpeakerUpdate) -> Speaker:
    """Apply the fields set in data; a new name becomes an alias too."""
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is not None:
        other = find_speaker(session, changes["name"])
        if other is not None and other.id != speaker.id:
            raise Conflict(f"{changes['name']!r} already names speaker {other.id}", field="name")
        speaker.name = changes["name"]
        _add_alias_row(session, speaker, speaker.name)
    for field in ("description", "external_id"):
        if field in changes:
            setattr(speaker, field, changes[field])
    session.add(speaker)
    session.flush()
    session.refresh(speaker)
    return speaker


def count_speaker_quotes(session: Session, speaker_id: int) -> int:
    """Return how many quotes or appearances are attributed to the speaker."""
    quotes = session.exec(
        select(func.count()).select_from(Quote).where(Quote.speaker_id == speaker_id)
    ).one()
    appearances = session.exec(
        select(func.count()).select_from(Appearance).where(Appearance.speaker_id == speaker_id)
    ).one()
    return int(quotes) + int(appearances)


def delete_speaker(session: Session, *, speaker: Speaker) -> None:
    """Delete a speaker who has no quotes; Conflict otherwise (appearances are never dropped)."""
    if count_speaker_quotes(session, speaker.id or 0):
        raise Conflict(
            f"speaker {speaker.id} has quotes; reassign or delete them first", field="speaker_id"
        )
    session.delete(speaker)
    session.flush()


def list_speakers(
    session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Speaker], int]:
    """Return a page of speakers ordered by name, optionally those with an alias containing q."""
    stmt = select(Speaker)
    if q:
        key = name_key(q)
        # autoescape: "%" and "_" are literal (LIKE ... ESCAPE '/'), not wildcards; a q of
        # punctuation only has an empty key, which every alias contains: it matches none.
        sub = select(SpeakerAlias.speaker_id).where(
            col(SpeakerAlias.alias_key).contains(key, autoescape=True) if key else false()
        )
        stmt = stmt.where(or_(col(Speaker.id).in_(sub)))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(
        stmt.order_by(col(Speaker.name), col(Speaker.id)).offset(offset).limit(limit)
    )
    return list(rows), int(total)


def speaker_public(speaker: Speaker) -> SpeakerPublic:
    """Return the API shape of a speaker."""
    return SpeakerPublic(
        id=speaker.id or 0,
        name=speaker.name,
        description=speaker.description,
        external_id=speaker.external_id,
        aliases=[a.alias for a in speaker.aliases],
        created_at=speaker.created_at,
    )
