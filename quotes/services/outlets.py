"""Outlets: create, resolve by name or domain, edit, delete (refused while they are used)."""

from __future__ import annotations

import re

from sqlalchemy import false, func, or_
from sqlmodel import Session, col, select

from quotes.errors import Conflict, NotFound
from quotes.models import Appearance, Outlet, OutletCreate, OutletPublic, OutletUpdate
from quotes.names import clean_name, domain_key, name_key
from quotes.services._db import insert_or_get

_LOOKS_LIKE_DOMAIN = re.compile(r"^(https?://)?(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+/?$", re.IGNORECASE)


def get_outlet(session: Session, outlet_id: int, *, field: str = "outlet_id") -> Outlet:
    """Return the outlet with this id or raise NotFound."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None:
        raise NotFound(f"outlet {outlet_id} does not exist", field=field)
    return outlet


def find_outlet(session: Session, name_or_domain: str) -> Outlet | None:
    """Return the outlet whose name or web domain matches (case-insensitive)."""
    conditions = [col(Outlet.name_key) == name_key(name_or_domain)]
    if _LOOKS_LIKE_DOMAIN.match(name_or_domain.strip()):
        conditions.append(col(Outlet.domain) == domain_key(name_or_domain))
    return session.exec(select(Outlet).where(or_(*conditions)).order_by(col(Outlet.id))).first()


def create_outlet(session: Session, *, data: OutletCreate) -> Outlet:
    """Create an outlet; Conflict if its name or domain is taken."""
    if find_outlet(session, data.name) is not None:
        raise Conflict(f"outlet {data.name!r} exists", field="name")
    if data.domain and find_outlet(session, data.domain) is not None:
        raise Conflict(f"domain {data.domain!r} belongs to another outlet", field="domain")
    outlet = Outlet(name=data.name, name_key=name_key(data.name), domain=data.domain)
    session.add(outlet)
    session.flush()
    return outlet


def resolve_outlet(session: Session, *, name: str) -> Outlet:
    """Return the outlet named name (or at that domain), creating it if new."""
    name = clean_name(name)
    domain = domain_key(name) if _LOOKS_LIKE_DOMAIN.match(name) else None
    outlet, _ = insert_or_get(
        session,
        Outlet(name=name, name_key=name_key(name), domain=domain),
        lambda: find_outlet(session, name),
    )
    return outlet


def update_outlet(session: Session, *, outlet: Outlet, data: OutletUpdate) -> Outlet:
    """Apply the fields set in data; Conflict if the new name or domain is taken."""
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is not None:
        other = find_outlet(session, changes["name"])
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
    return outlet


def count_outlet_appearances(session: Session, outlet_id: int) -> int:
    """Return how many appearances were printed by, or told to, the outlet."""
    n = session.exec(
        select(func.count())
        .select_from(Appearance)
        .where(
            or_(col(Appearance.outlet_id) == outlet_id, col(Appearance.via_outlet_id) == outlet_id)
        )
    ).one()
    return int(n)


def delete_outlet(session: Session, *, outlet: Outlet) -> None:
    """Delete an outlet with no appearances; Conflict otherwise."""
    if count_outlet_appearances(session, outlet.id or 0):
        raise Conflict(f"outlet {outlet.id} has appearances; delete them first", field="outlet_id")
    session.delete(outlet)
    session.flush()


def list_outlets(
    session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Outlet], int]:
    """Return a page of outlets ordered by name, optionally those whose name contains q."""
    stmt = select(Outlet)
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
        id=outlet.id or 0,
        name=outlet.name,
        domain=outlet.domain,
        created_at=outlet.created_at,
        appearance_count=count_outlet_appearances(session, outlet.id or 0),
    )
