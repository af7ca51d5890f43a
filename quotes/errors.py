"""Domain errors of quotes; they carry no HTTP codes (api/errors.py maps them once).

QuotesError
├── NotFound          an id or name that does not exist
├── Conflict          the change would break a rule (e.g. delete a speaker who has quotes)
├── InvalidInput      a value that passes the schema but not a domain rule
└── AuthError
    ├── MissingKey    no API key where one is needed
    ├── RevokedKey    a key that is unknown, revoked or expired (one message for all three)
    └── MissingRole   a live key whose role does not include the action's
"""

from __future__ import annotations


class QuotesError(Exception):
    """Base of every error quotes raises on purpose."""

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(QuotesError):
    """An entity asked for by id or name does not exist."""


class Conflict(QuotesError):
    """The request contradicts the current state (refused deletes, duplicate names)."""


class InvalidInput(QuotesError):
    """A value breaks a domain rule that the schema cannot express."""


class AuthError(QuotesError):
    """Base of API-key problems."""


class MissingKey(AuthError):
    """The request needs an API key and carries none."""


class RevokedKey(AuthError):
    """The API key given is unknown, revoked or expired."""


class MissingRole(AuthError):
    """The API key is live but its role is too small for the action."""
