"""Dependencies of the pages: the signed-in user, reads behind sign-in, and guarded forms.

- `load_user`: the session's key, checked live on every request (revoked or expired: signed out).
- `page_reader`: every read page; with the read_requires_key setting it sends a visitor who
  has not signed in to the sign-in form (and back afterwards).
- `FormWriter`, `FormCurator`, `FormAdmin`: a POST page route that changes data takes one as a
  parameter. Without a sign-in the visitor is sent to sign in; a form whose CSRF token is not
  the session's is refused with a 403 page, and so is a role too small.
- `csrf_checked`: the CSRF check alone, for forms that need no sign-in (sign in, sign out).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.deps import SettingsDep, bearer_secret, check_request_key, get_engine
from api.web.render import PageError, SignInRequired
from api.web.session import (
    CSRF_FIELD,
    WebUser,
    csrf_matches,
    forget_key,
    session_key_id,
)
from quotes.models import ApiKey, Role
from quotes.models._common import utcnow

CSRF_REFUSED = (
    "This form was not sent from a page of this site, or the page is too old. "
    "Go back, reload the page and send the form again."
)


def load_user(request: Request, engine: Annotated[Engine, Depends(get_engine)]) -> WebUser | None:
    """Return the signed-in user if the session's key is still live; else forget the sign-in."""
    user: WebUser | None = None
    key_id = session_key_id(request)
    if key_id is not None:
        with Session(engine) as session:
            key = session.get(ApiKey, key_id)
        if key is not None and key.is_live(utcnow()):
            user = WebUser(key_id=key_id, name=key.name, role=key.role)
        else:
            forget_key(request)
    request.state.web_user = user
    return user


PageUser = Annotated[WebUser | None, Depends(load_user)]


def next_path(request: Request) -> str:
    """Return where to come back after signing in: this page (with its query, for a GET)."""
    query = request.url.query if request.method == "GET" else ""
    return request.url.path + (f"?{query}" if query else "")


async def page_reader(request: Request, user: PageUser, settings: SettingsDep) -> WebUser | None:
    """Let the page be read: by anyone, or only when signed in under read_requires_key."""
    if settings.read_requires_key and user is None:
        raise SignInRequired(next_path(request))
    return user


async def csrf_checked(request: Request) -> None:
    """Refuse (403 page) a form whose csrf_token field is not the session's token."""
    form = await request.form()
    if not csrf_matches(request, form.get(CSRF_FIELD)):
        raise PageError(403, "Form refused", CSRF_REFUSED)


def form_user(role: Role) -> Callable[..., Awaitable[WebUser]]:
    """Depend on a signed-in user with role, sending a form with the session's CSRF token."""

    async def dependency(request: Request, user: PageUser) -> WebUser:
        if user is None:
            raise SignInRequired(next_path(request))
        await csrf_checked(request)
        if not user.allows(role):
            raise PageError(
                403,
                "Role not sufficient",
                f"This needs the {role} role; you signed in as {user.name}, a {user.role}.",
            )
        return user

    return dependency


FormWriter = Annotated[WebUser, Depends(form_user("writer"))]
FormCurator = Annotated[WebUser, Depends(form_user("curator"))]
FormAdmin = Annotated[WebUser, Depends(form_user("admin"))]


def docs_reader(
    request: Request, engine: Annotated[Engine, Depends(get_engine)], user: PageUser
) -> None:
    """Let a signed-in user, or a request with a live key, read the closed docs (401 else)."""
    if user is None:
        check_request_key(request, engine, bearer_secret(request))
