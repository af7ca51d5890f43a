"""Speakers: create, resolve by alias, edit, delete (refused while they have quotes), restore.

A deleted speaker is hidden (404, out of lists and name lookups) but keeps their aliases: a new
speaker cannot take those names (restore the deleted one instead), and a quote posted under one
of them brings the speaker back (recorded as a restore by whoever posted it).
"""

from __future__ import annotations

from sqlalchemy import bindparam, false, func, or_
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
    SpeakerRef,
    SpeakerUpdate,
)
from quotes.models._common import utcnow
from quotes.names import clean_name, name_key
from quotes.services._db import pk
from quotes.services.audit import changed, record, values

_FIELDS = ("name", "description", "external_id")


def get_speaker(session: Session, speaker_id: int, *, include_deleted: bool = False) -> Speaker:
    """Return the speaker with this id or raise NotFound (deleted ones too if include_deleted)."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None or (speaker.deleted_at is not None and not include_deleted):
        raise NotFound(f"speaker {speaker_id} does not exist", field="speaker_id")
    return speaker


def find_speaker(session: Session, name: str, *, include_deleted: bool = False) -> Speaker | None:
    """Return the speaker one of whose aliases matches name (case- and accent-insensitive)."""
    key = name_key(name)
    speaker = session.exec(
        select(Speaker).join(SpeakerAlias).where(SpeakerAlias.alias_key == key)
    ).first()
    if speaker is not None and speaker.deleted_at is not None and not include_deleted:
        return None
    return speaker


_LIVE_BY_ALIAS = (
    select(Speaker.id, Speaker.name)
    .join(SpeakerAlias)
    .where(SpeakerAlias.alias_key == bindparam("key"), col(Speaker.deleted_at).is_(None))
    .limit(1)
)


def live_speaker_ref(session: Session, name: str) -> SpeakerRef | None:
    """Return the live speaker one of whose aliases matches name, as an answer names it, in one
    query without loading the row (the POST path: most rows name a speaker already stored)."""
    row = session.connection().execute(_LIVE_BY_ALIAS, {"key": name_key(name)}).first()
    return SpeakerRef(id=row[0], name=row[1]) if row is not None else None


def _state(speaker: Speaker) -> dict[str, object]:
    """Return what an event records of a speaker: its fields and aliases."""
    return values(speaker, _FIELDS) | {"aliases": [a.alias for a in speaker.aliases]}


def _revived(session: Session, speaker: Speaker, actor: str | None) -> Speaker:
    """Bring a deleted speaker back because a new quote names them; a live one is returned as is."""
    if speaker.deleted_at is not None:
        record(
            session,
            actor=actor,
            action="restore",
            entity="speaker",
            entity_id=pk(speaker),
            before={"deleted_at": speaker.deleted_at},
            after={"deleted_at": None},
        )
        speaker.deleted_at = None
        session.add(speaker)
        session.flush()
    return speaker


def _add_alias_row(session: Session, speaker: Speaker, alias: str) -> SpeakerAlias:
    key = name_key(alias)
    existing = session.exec(select(SpeakerAlias).where(SpeakerAlias.alias_key == key)).first()
    if existing is not None:
        if existing.speaker_id != speaker.id:
            raise Conflict(
                f"alias {alias!r} already names speaker {existing.speaker_id}", field="alias"
            )
        return existing
    row = SpeakerAlias(speaker_id=pk(speaker), alias=clean_name(alias), alias_key=key)
    session.add(row)
    session.flush()
    return row


def create_speaker(session: Session, *, data: SpeakerCreate, actor: str | None = None) -> Speaker:
    """Create a speaker with its aliases; Conflict if a name is already taken."""
    for name in [data.name, *data.aliases]:
        other = find_speaker(session, name, include_deleted=True)
        if other is not None and other.deleted_at is not None:
            raise Conflict(
                f"{name!r} names deleted speaker {other.id}; restore them instead", field="name"
            )
        if other is not None:
            raise Conflict(f"{name!r} already names speaker {other.id}", field="name")
    speaker = Speaker(name=data.name, description=data.description, external_id=data.external_id)
    session.add(speaker)
    session.flush()
    for name in [data.name, *data.aliases]:
        _add_alias_row(session, speaker, name)
    session.flush()
    session.refresh(speaker)
    _record_created(session, speaker, actor)
    return speaker


def _record_created(session: Session, speaker: Speaker, actor: str | None) -> None:
    record(
        session,
        actor=actor,
        action="create",
        entity="speaker",
        entity_id=pk(speaker),
        before=None,
        after=_state(speaker),
    )


def find_speaker_by_external_id(
    session: Session, external_id: str, *, include_deleted: bool = False
) -> Speaker | None:
    """Return the speaker with this external id (e.g. a Wikidata QID), if any."""
    stmt = select(Speaker).where(Speaker.external_id == external_id)
    if not include_deleted:
        stmt = stmt.where(col(Speaker.deleted_at).is_(None))
    return session.exec(stmt).first()


def resolve_speaker(
    session: Session, *, name: str, external_id: str | None = None, actor: str | None = None
) -> Speaker:
    """Return the speaker named name, creating it if no alias matches (safe under concurrency).

    An external id (a Wikidata QID) finds its speaker first, whatever the name; a speaker found
    by name that has no external id yet takes this one; a new speaker is created with it. A
    deleted speaker found either way comes back. actor is who the changes are recorded for.
    """
    if external_id is not None:
        by_id = find_speaker_by_external_id(session, external_id, include_deleted=True)
        if by_id is not None:
            return _revived(session, by_id, actor)
    found = find_speaker(session, name, include_deleted=True)
    if found is not None:
        found = _revived(session, found, actor)
        if external_id is not None and found.external_id is None:
            found.external_id = external_id
            session.add(found)
            session.flush()
            record(
                session,
                actor=actor,
                action="edit",
                entity="speaker",
                entity_id=pk(found),
                before={"external_id": None},
                after={"external_id": external_id},
            )
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
                    speaker_id=pk(speaker), alias=clean_name(name), alias_key=name_key(name)
                )
            )
            session.flush()
    except IntegrityError:
        found = find_speaker(session, name, include_deleted=True)
        if found is None:
            raise
        return _revived(session, found, actor)
    session.refresh(speaker)
    _record_created(session, speaker, actor)
    return speaker


def _record_edit(
    session: Session, speaker: Speaker, before: dict[str, object], actor: str | None
) -> None:
    """Record the fields of speaker that differ from before (nothing if none does)."""
    old, new = changed(before, _state(speaker))
    if new:
        record(
            session,
            actor=actor,
            action="edit",
            entity="speaker",
            entity_id=pk(speaker),
            before=old,
            after=new,
        )


def add_alias(
    session: Session, *, speaker: Speaker, alias: str, actor: str | None = None
) -> Speaker:
    """Add another spelling of the speaker's name; Conflict if it names someone else."""
    before = _state(speaker)
    _add_alias_row(session, speaker, alias)
    session.refresh(speaker)
    _record_edit(session, speaker, before, actor)
    return speaker


def remove_alias(
    session: Session, *, speaker: Speaker, alias_id: int, actor: str | None = None
) -> Speaker:
    """Remove one alias; the canonical name's alias cannot be removed."""
    row = session.get(SpeakerAlias, alias_id)
    if row is None or row.speaker_id != speaker.id:
        raise NotFound(f"alias {alias_id} of speaker {speaker.id} does not exist", field="alias_id")
    if row.alias_key == name_key(speaker.name):
        raise Conflict(
            "the canonical name cannot be removed; rename the speaker first", field="alias_id"
        )
    before = _state(speaker)
    session.delete(row)
    session.flush()
    session.refresh(speaker)
    _record_edit(session, speaker, before, actor)
    return speaker


def update_speaker(
    session: Session, *, speaker: Speaker, data: SpeakerUpdate, actor: str | None = None
) -> Speaker:
    """Apply the fields set in data; a new name becomes an alias too."""
    before = _state(speaker)
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
    _record_edit(session, speaker, before, actor)
    return speaker


def count_speaker_quotes(session: Session, speaker_id: int, *, deleted_too: bool = False) -> int:
    """Return how many live quotes or appearances (or any, deleted_too) name the speaker."""
    quotes = select(func.count()).select_from(Quote).where(Quote.speaker_id == speaker_id)
    appearances = (
        select(func.count()).select_from(Appearance).where(Appearance.speaker_id == speaker_id)
    )
    if not deleted_too:
        quotes = quotes.where(col(Quote.deleted_at).is_(None))
        appearances = appearances.where(col(Appearance.deleted_at).is_(None))
    return int(session.exec(quotes).one()) + int(session.exec(appearances).one())


def _record_deleted_at(
    session: Session, speaker: Speaker, action: str, before: object, actor: str | None
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity="speaker",
        entity_id=pk(speaker),
        before={"deleted_at": before},
        after={"deleted_at": speaker.deleted_at},
    )


def delete_speaker(session: Session, *, speaker: Speaker, actor: str | None = None) -> None:
    """Delete (hide) a speaker who has no live quotes; Conflict otherwise. Restorable."""
    if count_speaker_quotes(session, pk(speaker)):
        raise Conflict(
            f"speaker {speaker.id} has quotes; reassign or delete them first", field="speaker_id"
        )
    speaker.deleted_at = utcnow()
    session.add(speaker)
    session.flush()
    _record_deleted_at(session, speaker, "delete", None, actor)


def restore_speaker(session: Session, *, speaker: Speaker, actor: str | None = None) -> Speaker:
    """Bring a deleted speaker back, with their aliases; Conflict if they are not deleted."""
    if speaker.deleted_at is None:
        raise Conflict(f"speaker {speaker.id} is not deleted", field="speaker_id")
    when = speaker.deleted_at
    speaker.deleted_at = None
    session.add(speaker)
    session.flush()
    _record_deleted_at(session, speaker, "restore", when, actor)
    return speaker


def purge_speaker(session: Session, *, speaker: Speaker, actor: str | None = None) -> None:
    """Remove a deleted speaker for good (the audit log keeps their last values).

    Conflict if they are not deleted, or while any quote or appearance, deleted ones included,
    still names them (purge those first).
    """
    if speaker.deleted_at is None:
        raise Conflict(f"speaker {speaker.id} is not deleted; delete it first", field="speaker_id")
    if count_speaker_quotes(session, pk(speaker), deleted_too=True):
        raise Conflict(
            f"deleted quotes or appearances still name speaker {speaker.id}; purge them first",
            field="speaker_id",
        )
    last = _state(speaker) | values(speaker, ("created_at", "deleted_at"))
    ident = pk(speaker)
    session.delete(speaker)
    session.flush()
    record(
        session,
        actor=actor,
        action="purge",
        entity="speaker",
        entity_id=ident,
        before=last,
        after=None,
    )


def list_speakers(
    session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Speaker], int]:
    """Return a page of speakers ordered by name, optionally those with an alias containing q."""
    stmt = select(Speaker).where(col(Speaker.deleted_at).is_(None))
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
        id=pk(speaker),
        name=speaker.name,
        description=speaker.description,
        external_id=speaker.external_id,
        aliases=[a.alias for a in speaker.aliases],
        created_at=speaker.created_at,
    )
