"""Form input of the pages: the API's request models validate it, and their errors are shown
next to the fields they are about (never a 422 problem+json, never a 500)."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

_PREFIXES = ("Value error, ", "Assertion failed, ")


def blank_to_none(value: str | None) -> str | None:
    """Return the form value, or None when the field was left empty (or only spaces)."""
    return value if value is not None and value.strip() else None


def field_errors(
    exc: ValidationError, *, names: Mapping[str, str] | None = None, whole: str = "form"
) -> dict[str, str]:
    """Return one message per form field from a model's validation errors.

    names maps a model field to the form field it came from (text -> q); an error about the
    whole model (no field) goes to whole. The first error of a field wins.
    """
    out: dict[str, str] = {}
    for error in exc.errors():
        loc = error.get("loc") or ()
        field = str(loc[0]) if loc else whole
        field = (names or {}).get(field, field)
        message = str(error.get("msg", "is not valid"))
        for prefix in _PREFIXES:
            message = message.removeprefix(prefix)
        message = message[:1].upper() + message[1:]
        out.setdefault(field, message if message.endswith(".") else f"{message}.")
    return out
