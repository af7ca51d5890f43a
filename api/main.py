"""The FastAPI application: create_app(settings) wires routes, errors and the database."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from limits import parse_many
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.deps import WriterTurns, bearer_secret, caller_identity, check_request_key
from api.errors import install_error_handlers
from api.middleware import BodyLimit, RateLimit, SecurityHeaders
from api.routes import articles, audit, citations, curation, keys, lookup, outlets, quotes, speakers
from api.routes import suggestions as suggestion_routes
from api.web import install_web
from quotes import __version__
from quotes.config import Settings, get_settings
from quotes.db import SERVER_WAL_PAGES, make_engine
from quotes.errors import AuthError
from quotes.logs import configure_logging

# The routes whose cost grows with what is sent (fuzzy matching, extraction): the only ones the
# rate_limit setting applies to. Matched by method and path, so the route modules need no change.
RATE_LIMITED = frozenset(
    {
        ("GET", "/v1/lookup"),
        ("POST", "/v1/duplicates/check"),
        ("POST", "/v1/articles/extract"),
        ("POST", "/v1/citations/check"),
    }
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app for settings (default: from the environment); the schema must be migrated."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    # /docs and /redoc are served from local files by install_web; when reads need a key, so
    # do they and /openapi.json (served there too, behind the check).
    docs_open = not settings.read_requires_key
    app = FastAPI(
        title="quotes",
        version=__version__,
        summary="Who said what, where and when first: a quote attribution database.",
        openapi_url="/openapi.json" if docs_open else None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(
        settings.database_url, echo=settings.sql_echo, wal_pages=SERVER_WAL_PAGES
    )
    app.state.writer_turns = WriterTurns()
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.rate_limit:
        app.add_middleware(
            RateLimit,
            limits=parse_many(settings.rate_limit),
            storage_uri=settings.rate_limit_storage,
            routes=RATE_LIMITED,
            identify=caller_identity,
        )
    install_web(app, settings)  # pages, /static, sign-in sessions, offline /docs and /redoc
    app.add_middleware(SecurityHeaders, docs_paths=DOCS_PATHS)  # outermost: on every answer

    @app.get("/healthz", tags=["health"], summary="Liveness and database check")
    def healthz(request: Request) -> dict[str, str]:
        """Answer ok when the database answers; an admin key also gets the database and version."""
        with app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        if not _is_admin(request):
            return {"status": "ok"}
        return {"status": "ok", "database": app.state.engine.dialect.name, "version": __version__}

    app.include_router(quotes.router)
    app.include_router(speakers.router)
    app.include_router(outlets.router)
    app.include_router(lookup.router)
    app.include_router(citations.router)
    app.include_router(curation.router)
    app.include_router(suggestion_routes.router)
    app.include_router(articles.router)
    app.include_router(keys.router)
    app.include_router(audit.router)
    logging.getLogger("quotes").debug(
        "app created", extra={"database": app.state.engine.dialect.name}
    )
    return app


def _is_admin(request: Request) -> bool:
    """Say whether the request carries a live admin key (no key or another one: False)."""
    secret = bearer_secret(request)
    if secret is None:
        return False
    try:
        key = check_request_key(request, request.app.state.engine, secret)
    except AuthError:
        return False
    return key.allows("admin")
