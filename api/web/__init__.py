"""The web app: server-rendered pages, their static files, sign-in sessions and offline docs.

`install_web(app, settings)` (called by api/main.py create_app) wires it all:

- `/static/…` serves api/web/static (app.css, app.js); `/static/docs/…` the Swagger UI and
  ReDoc files of /docs and /redoc (api/web/docs.py). Nothing is loaded from another host.
- pages render api/web/templates with api/web/render.py `render`, under their own content
  security policy (same-origin scripts, styles and images only): the check page (`/`) and the
  quote, speaker and outlet pages in api/web/pages.py, article ingestion (`/articles/new`) in
  api/web/articles.py, the curators' review (`/review`) in api/web/review.py.
- sessions: a signed cookie (Starlette's SessionMiddleware) keyed by the session_secret
  setting; unset, a random key is made at startup and logged (sign-ins then end with the
  process and are not shared between workers). See api/web/session.py and api/web/auth.py.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from api.web import articles, pages, review
from api.web.docs import install_docs
from api.web.render import WEB_DIR, install_page_errors
from api.web.session import SESSION_COOKIE, SESSION_MAX_AGE, session_secret
from quotes.config import Settings

__all__ = ["install_web"]


def install_web(app: FastAPI, settings: Settings) -> None:
    """Add the pages, /static, the offline /docs and /redoc, and the session middleware."""
    install_docs(app, closed=settings.read_requires_key)  # before /static: it is inside it
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    install_page_errors(app)
    app.include_router(pages.router)
    app.include_router(articles.router)
    app.include_router(review.router)
    app.include_router(pages.signin_router)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=False,
    )
