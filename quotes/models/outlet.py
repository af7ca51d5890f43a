"""Outlet: where a quote was published; found by name or web domain."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel
from sqlmodel import Field, SQLModel

from quotes.models._common import Name, utcnow
from quotes.names import domain_key

_DOMAIN_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def _check_domain(value: str) -> str:
    key = domain_key(value)
    if not _DOMAIN_RE.match(key):
        raise ValueError("must be a web domain such as politico.eu")
    return key


Domain = Annotated[str, AfterValidator(_check_domain)]


class OutletBase(SQLModel):
    """Fields a client may set on an outlet."""

    name: Name = Field(max_length=300, description="Display name, e.g. Politico")
    domain: Domain | None = Field(
        default=None, max_length=253, description="Web domain, e.g. politico.eu"
    )


class Outlet(OutletBase, table=True):
    """A newspaper, site, broadcaster or agency."""

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(max_length=300, unique=True, index=True)
    domain: str | None = Field(default=None, max_length=253, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Set when a curator deleted it: hidden, kept with its name and domain (which stay its own).
    deleted_at: dt.datetime | None = Field(default=None)


class OutletCreate(OutletBase):
    """Body of POST /v1/outlets."""


class OutletUpdate(SQLModel):
    """Body of PATCH /v1/outlets/{id}; every field optional."""

    name: Name | None = Field(default=None, max_length=300)
    domain: Domain | None = Field(default=None, max_length=253)


class OutletRef(BaseModel):
    """An outlet as embedded in other resources."""

    id: int
    name: str
    domain: str | None = None


class OutletPublic(OutletBase):
    """An outlet as returned by the API."""

    id: int
    created_at: dt.datetime
    appearance_count: int = 0


class OutletList(BaseModel):
    """A page of outlets."""

    items: list[OutletPublic]
    total: int
    limit: int
    offset: int
