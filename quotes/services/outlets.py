"""Outlets: create, resolve by name or domain, edit, delete (refused while they are used), restore.

A deleted outlet is hidden (404, out of lists and name lookups) but keeps its name and domain: a
new outlet cannot take them (restore the deleted one instead), and a quote posted under one of
them brings the outlet back (recorded as a restore by whoever posted it).
"""

from __future__ import annotations

import re

from sqlalchemy import bindparam, false, func, or_
from sqlmodel import Session, col, select

from quotes.errors import Conflict, NotFound
from quotes.models import (
    Appearance,
    Article,
    Outlet,
    OutletCreate,
    OutletPublic,
    OutletRef,
    OutletUpdate,
)
from quotes.models._common import utcnow
from quotes.names import clean_name, domain_key, name_key
from quotes.services._db import insert_or_get, pk
from quotes.services.audit import changed, record, values

_LOOKS_LIKE_DOMAIN = re.compile(r"^(https?://)?(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+/?$", re.IGNORECASE)


_FIELDS = ("name", "domain")


def get_outlet(
    session: Session, outlet_id: int, *, field: str = "outlet_id", include_deleted: bool = False
) -> Outlet:
    """Return the outlet with this id or raise NotFound (deleted ones too if include_deleted)."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or (outlet.deleted_at is not None and not include_deleted):
        raise NotFound(f"outlet {outlet_id} does not exist", field=field)
    return outlet


def _keys(name_or_domain: str) -> tuple[str, str | None]:
    """Return the name key an outlet is found by, and its domain key if it looks like one."""
    looks = _LOOKS_LIKE_DOMAIN.match(name_or_domain.strip())
    return name_key(name_or_domain), domain_key(name_or_domain) if looks else None


def find_outlet(
    session: Session, name_or_domain: str, *, include_deleted: bool = False
) -> Outlet | None:
    """Return the outlet whose name or web domain matches (case-insensitive)."""
    key, domain = _keys(name_or_domain)
    conditions = [col(Outlet.name_key) == key]
    if domain is not None:
        conditions.append(col(Outlet.domain) == domain)
    stmt = select(Outlet).where(or_(*conditions))
    if not include_deleted:
        stmt = stmt.where(col(Outlet.deleted_at).is_(None))
    return session.exec(stmt.order_by(col(Outlet.id))).first()


_LIVE_REF = (
    select(col(Outlet.id), Outlet.name, Outlet.domain)
    .where(col(Outlet.deleted_at).is_(None))
    .order_by(col(Outlet.id))
)
_LIVE_REF_BY_NAME = _LIVE_REF.where(col(Outlet.name_key) == bindparam("key")).limit(1)
_LIVE_REF_BY_NAME_OR_DOMAIN = _LIVE_REF.where(
    or_(col(Outlet.name_key) == bindparam("key"), col(Outlet.domain) == bindparam("domain"))
).limit(1)


def outlet_ref(outlet: Outlet) -> OutletRef:
    """Return how an answer names a stored outlet."""
    return OutletRef(id=pk(outlet), name=outlet.name, domain=outlet.domain)


def live_outlet_ref(session: Session, name_or_domain: str) -> OutletRef | None:
    """Return the live outlet find_outlet finds, as an answer names it, in one prebuilt query
    without loading the row (the POST path: most rows name an outlet already stored)."""
    key, domain = _keys(name_or_domain)
    if domain is None:
        stmt, params = _LIVE_REF_BY_NAME, {"key": key}
    else:
        stmt, params = _LIVE_REF_BY_NAME_OR_DOMAIN, {"key": key, "domain": domain}
    row = session.connection().execute(stmt, params).first()
    return OutletRef(id=row[0], name=row[1], domain=row[2]) if row is not None else None


def _taken(session: Session, value: str, *, field: str) -> None:
    """Raise Conflict if an outlet, live or deleted, has this name (or domain)."""
    other = find_outlet(session, value, include_deleted=True)
    if other is None:
        return
    if other.deleted_at is not None:
        raise Conflict(
            f"{field} {value!r} belongs to deleted outlet {other.id}; restore it instead",
            field=field,
        )
    if field == "name":
        raise Conflict(f"outlet {value!r} exists", field=field)
    raise Conflict(f"domain {value!r} belongs to another outlet", field=field)


def _record(
    session: Session,
    outlet: Outlet,
    action: str,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
    actor: str | None,
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity="outlet",
        entity_id=pk(outlet),
        before=before,
        after=after,
    )


def create_outlet(session: Session, *, data: OutletCreate, actor: str | None = None) -> Outlet:
    """Create an outlet; Conflict if its name or domain is taken."""
    _taken(session, data.name, field="name")
    if data.domain:
        _taken(session, data.domain, field="domain")
    outlet = Outlet(name=data.name, name_key=name_key(data.name), domain=data.domain)
    session.add(outlet)
    session.flush()
    _record(session, outlet, "create", None, values(outlet, _FIELDS), actor)
    return outlet


def resolve_outlet(session: Session, *, name: str, actor: str | None = None) -> Outlet:
    """Return the outlet named name (or at that domain), creating it if new.

    A deleted outlet found by the name comes back; actor is who the change is recorded for.
    """
    name = clean_name(name)
    domain = domain_key(name) if _LOOKS_LIKE_DOMAIN.match(name) else None
    outlet, created = insert_or_get(
        session,
        Outlet(name=name, name_key=name_key(name), domain=domain),
        lambda: find_outlet(session, name, include_deleted=True),
    )
    if created:
        _record(session, outlet, "create", None, values(outlet, _FIELDS), actor)
    elif outlet.deleted_at is not None:
        when, outlet.deleted_at = outlet.deleted_at, None
        session.add(outlet)
        session.flush()
        _record(session, outlet, "restore", {"deleted_at": when}, {"deleted_at": None}, actor)
    return outlet


def update_outlet(
    session: Session, *, outlet: Outlet, data: OutletUpdate, actor: str | None = None
) -> Outlet:
    """Apply the fields set in data; Conflict if the new name or domain is taken."""
    before = values(outlet, _FIELDS)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is not None:
        other = find_outlet(session, changes["name"], include_deleted=True)
        if other is not None and other.id != outlet.id:
            raise Conflict(f"outlet {changes['name']!r} exists", field="name")
        outlet.name = changes["name"]
        outlet.name_key = name_key(outlet.name)
    if "domain" in changes:
        if changes["domain"]:
            other = session.exec(select(Outlet).where(Outlet.domain == changes["domain"])).first()
            if other is not None and other.id != outlet.id:
                raise Conflict(
                    f"domain {changes['domain']!r} belongs to outlet {other.id}", field="domain"
                )
        outlet.domain = changes["domain"]
    session.add(outlet)
    session.flush()
    old, new = changed(before, values(outlet, _FIELDS))
    if new:
        _record(session, outlet, "edit", old, new, actor)
    return outlet


def count_outlet_appearances(session: Session, outlet_id: int, *, deleted_too: bool = False) -> int:
    """Return how many live appearances (or any, deleted_too) were printed by, or told to, it."""
    stmt = (
        select(func.count())
        .select_from(Appearance)
        .where(
            or_(col(Appearance.outlet_id) == outlet_id, col(Appearance.via_outlet_id) == outlet_id)
        )
    )
    if not deleted_too:
        stmt = stmt.where(col(Appearance.deleted_at).is_(None))
    return int(session.exec(stmt).one())


def _in_use(session: Session, outlet: Outlet, *, deleted_too: bool = False) -> None:
    """Raise Conflict while appearances (live, or any if deleted_too) or articles use outlet."""
    if count_outlet_appearances(session, pk(outlet), deleted_too=deleted_too):
        which = "appearances, deleted ones included" if deleted_too else "appearances"
        raise Conflict(f"outlet {outlet.id} has {which}; delete them first", field="outlet_id")
    articles = session.exec(
        select(func.count()).select_from(Article).where(Article.outlet_id == outlet.id)
    ).one()
    if articles:
        raise Conflict(f"outlet {outlet.id} has ingested articles", field="outlet_id")


def delete_outlet(session: Session, *, outlet: Outlet, actor: str | None = None) -> None:
    """Delete (hide) an outlet with no live appearances and no articles; Conflict otherwise."""
    _in_use(session, outlet)
    outlet.deleted_at = utcnow()
    session.add(outlet)
    session.flush()
    _record(
        session, outlet, "delete", {"deleted_at": None}, {"deleted_at": outlet.deleted_at}, actor
    )


def restore_outlet(session: Session, *, outlet: Outlet, actor: str | None = None) -> Outlet:
    """Bring a deleted outlet back; Conflict if it is not deleted."""
    if outlet.deleted_at is None:
        raise Conflict(f"outlet {outlet.id} is not deleted", field="outlet_id")
    when, outlet.deleted_at = outlet.deleted_at, None
    session.add(outlet)
    session.flush()
    _record(session, outlet, "restore", {"deleted_at": when}, {"deleted_at": None}, actor)
    return outlet


def purge_outlet(session: Session, *, outlet: Outlet, actor: str | None = None) -> None:
    """Remove a deleted outlet for good (the audit log keeps its last values).

    Conflict if it is not deleted, or while any appearance, deleted ones included, uses it.
    """
    if outlet.deleted_at is None:
        raise Conflict(f"outlet {outlet.id} is not deleted; delete it first", field="outlet_id")
    _in_use(session, outlet, deleted_too=True)
    last = values(outlet, (*_FIELDS, "created_at", "deleted_at"))
    session.delete(outlet)
    session.flush()
    _record(session, outlet, "purge", last, None, actor)


def list_outlets(
    session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Outlet], int]:
    """Return a page of outlets ordered by name, optionally those whose name contains q."""
    stmt = select(Outlet).where(col(Outlet.deleted_at).is_(None))
    if q:
        # autoescape: "%" and "_" are literal (LIKE ... ESCAPE '/'), not wildcards; an empty
        # key (q of punctuation only) is contained in every row, so it matches none.
        name, domain = name_key(q), domain_key(q)
        stmt = stmt.where(
            or_(
                col(Outlet.name_key).contains(name, autoescape=True) if name else false(),
                col(Outlet.domain).contains(domain, autoescape=True) if domain else false(),
            )
        )
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(
        stmt.order_by(col(Outlet.name_key), col(Outlet.id)).offset(offset).limit(limit)
    )
    return list(rows), int(total)


def outlet_public(session: Session, outlet: Outlet) -> OutletPublic:
    """Return the API shape of an outlet, with its appearance count."""
    return OutletPublic(
        id=pk(outlet),
        name=outlet.name,
        domain=outlet.domain,
        created_at=outlet.created_at,
        appearance_count=count_outlet_appearances(session, pk(outlet)),
    )
