"""The FastAPI application: create_app(settings) wires routes, errors and the database."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.errors import install_error_handlers
from api.middleware import BodyLimit
from api.routes import articles, curation, lookup, outlets, quotes, speakers
from quotes import __version__
from quotes.config import Settings, get_settings
from quotes.db import make_engine
from quotes.logs import configure_logging


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app for settings (default: from the environment); the schema must be migrated."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        title="quotes",
        version=__version__,
        summary="Who said what, where and when first: a quote attribution database.",
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    @app.get("/healthz", tags=["health"], summary="Liveness and database check")
    def healthz() -> dict[str, str]:
        """Answer ok when the database answers."""
        with app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "database": app.state.engine.dialect.name, "version": __version__}

    app.include_router(quotes.router)
    app.include_router(speakers.router)
    app.include_router(outlets.router)
    app.include_router(lookup.router)
    app.include_router(curation.router)
    app.include_router(articles.router)
    logging.getLogger("quotes").debug(
        "app created", extra={"database": app.state.engine.dialect.name}
    )
    return app
