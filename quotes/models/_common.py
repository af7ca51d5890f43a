"""Shared field types and helpers of the SQLModel families."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from quotes.names import clean_name

# The largest id a row can have: the id columns are INTEGER, 32 bits on PostgreSQL (a larger
# value fails there with "integer out of range", and past 2**63 on SQLite with OverflowError).
# Ids taken from clients are checked against it (Id here, PathId in api/deps.py) before they
# reach a query.
MAX_ID = 2**31 - 1

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_VISIBLE_RE = re.compile("[^\\s\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


def _no_controls(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL bytes")
    if _CONTROL_RE.search(value):
        raise ValueError("must not contain control characters (other than tab and newlines)")
    return value


def _visible(value: str) -> str:
    if not _VISIBLE_RE.search(value):
        raise ValueError("must contain visible text, not only whitespace or invisible characters")
    return value


def _iso_date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE_RE.match(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"is not a real date: {exc}") from None


def _url(value: str) -> str:
    if not _URL_RE.match(value):
        raise ValueError("must be an absolute http(s) URL")
    return value


def _lang(value: str) -> str:
    if not _LANG_RE.match(value):
        raise ValueError("must be a language tag such as 'en' or 'hy-AM'")
    return value


# Verbatim text: kept exactly as given, but it must have visible characters and no controls.
VerbatimText = Annotated[str, AfterValidator(_no_controls), AfterValidator(_visible)]
# A name: cleaned for display (whitespace collapsed, invisible characters dropped).
Name = Annotated[
    str, AfterValidator(_no_controls), AfterValidator(clean_name), AfterValidator(_visible)
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date", "example": "2024-06-13"}),
]
Url = Annotated[str, AfterValidator(_no_controls), AfterValidator(_url)]
# An id given by a client (body fields; path parameters use api.deps.PathId).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
LanguageTag = Annotated[str, AfterValidator(_lang)]
OptionalText = Annotated[str, AfterValidator(_no_controls)]
