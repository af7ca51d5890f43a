"""The FastAPI application: create_app(settings) wires routes, errors and the database."""

from __future__ import annotations

import logging

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from limits import parse_many
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.deps import bearer_secret, caller_identity, check_request_key, require_reader
from api.errors import install_error_handlers
from api.middleware import BodyLimit, RateLimit, SecurityHeaders
from api.routes import articles, audit, curation, keys, lookup, outlets, quotes, speakers
from quotes import __version__
from quotes.config import Settings, get_settings
from quotes.db import make_engine
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
    # When reads need a key, so do the docs: they are served by _closed_docs behind the check.
    docs_open = not settings.read_requires_key
    app = FastAPI(
        title="quotes",
        version=__version__,
        summary="Who said what, where and when first: a quote attribution database.",
        openapi_url="/openapi.json" if docs_open else None,
        docs_url="/docs" if docs_open else None,
        redoc_url="/redoc" if docs_open else None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
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
    app.add_middleware(SecurityHeaders, docs_paths=DOCS_PATHS)  # outermost: on every answer
    if not docs_open:
        _closed_docs(app)

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
    app.include_router(curation.router)
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


def _closed_docs(app: FastAPI) -> None:
    """Serve /openapi.json, /docs and /redoc to callers with a key only (401 without one)."""
    reader = [Depends(require_reader)]

    @app.get("/openapi.json", include_in_schema=False, dependencies=reader)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=reader)
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title} - Swagger UI")

    @app.get("/redoc", include_in_schema=False, dependencies=reader)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title=f"{app.title} - ReDoc")
