"""The pages' browser session: who signed in, and the CSRF token of the forms.

The session is a cookie (quotes_session) signed by Starlette's SessionMiddleware with the
session_secret setting: HttpOnly, SameSite=Lax, for a working day. It holds the id, name and
role of the API key a user signed in with (never the secret) and the CSRF token. The key is
checked again on every request (api/web/auth.py load_user), so revoking it or its expiry ends
the sign-in at once, whatever the cookie says.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass

from starlette.requests import Request

from quotes.config import Settings
from quotes.models import ROLES, ApiKey

SESSION_COOKIE = "quotes_session"
SESSION_MAX_AGE = 12 * 3600  # seconds: a working day; then the user signs in again
CSRF_FIELD = "csrf_token"
_KEY_FIELDS = ("key_id", "key_name", "role")
_RANK: dict[str, int] = {role: rank for rank, role in enumerate(ROLES)}

log = logging.getLogger("quotes.web")


@dataclass(frozen=True)
class WebUser:
    """A signed-in user: the live key they signed in with (its id, name and role)."""

    key_id: int
    name: str
    role: str

    def allows(self, role: str) -> bool:
        """Say whether the user's role includes role (admin includes curator, and so on)."""
        return _RANK.get(self.role, -1) >= _RANK[role]


def session_secret(settings: Settings) -> str:
    """Return the key that signs session cookies: the setting, else a random one (logged)."""
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    log.warning(
        "session_secret is not set: a random one was made, so web sign-ins end when the "
        "process restarts and are not shared between workers (set QUOTES_SESSION_SECRET)"
    )
    return secrets.token_urlsafe(32)


def csrf_token(request: Request) -> str:
    """Return the session's CSRF token, making one on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_matches(request: Request, sent: object) -> bool:
    """Say whether sent is the session's CSRF token (compared in constant time)."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not expected or not isinstance(sent, str):
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def session_key_id(request: Request) -> int | None:
    """Return the id of the key the session signed in with, if any."""
    key_id = request.session.get("key_id")
    return key_id if isinstance(key_id, int) else None


def start_session(request: Request, key: ApiKey) -> None:
    """Sign in with key: a new session (and CSRF token), so no token from before survives."""
    request.session.clear()
    request.session.update({"key_id": key.id, "key_name": key.name, "role": key.role})
    request.session["csrf"] = secrets.token_urlsafe(32)


def forget_key(request: Request) -> None:
    """Drop the sign-in from the session (its key is no longer live); the CSRF token stays."""
    for field in _KEY_FIELDS:
        request.session.pop(field, None)


def end_session(request: Request) -> None:
    """Sign out: nothing of the session is kept."""
    request.session.clear()


def signed_in_user(request: Request) -> WebUser | None:
    """Return the user load_user found live for this request, if any."""
    user: WebUser | None = getattr(request.state, "web_user", None)
    return user
