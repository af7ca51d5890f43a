"""/docs (Swagger UI) and /redoc (ReDoc) from files this app serves, so they work offline.

The files are the copies fastapi-offline ships (Swagger UI 5, ReDoc 2, kept current by its
releases), served under /static/docs; no page loads anything from another host. With the
read_requires_key setting the docs and /openapi.json are closed: a signed-in browser or a
request with a live key reads them, anyone else gets 401.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from api.web.auth import docs_reader
from api.web.render import url

DOCS_ASSETS = Path(str(resources.files("fastapi_offline").joinpath("static")))
DOCS_STATIC = "/static/docs"


def install_docs(app: FastAPI, *, closed: bool) -> None:
    """Serve the docs assets and the /docs, /docs/oauth2-redirect and /redoc pages.

    The app must be created with docs_url=None and redoc_url=None (and openapi_url=None when
    closed: /openapi.json is then served here, behind the same check as the pages).
    """
    guard = [Depends(docs_reader)] if closed else []
    app.mount(DOCS_STATIC, StaticFiles(directory=DOCS_ASSETS), name="docs-static")

    if closed:

        @app.get("/openapi.json", include_in_schema=False, dependencies=guard)
        async def openapi() -> JSONResponse:
            return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=guard)
    async def swagger(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=url(request, "/openapi.json"),
            title=f"{app.title} - Swagger UI",
            swagger_js_url=url(request, f"{DOCS_STATIC}/swagger-ui-bundle.js"),
            swagger_css_url=url(request, f"{DOCS_STATIC}/swagger-ui.css"),
            swagger_favicon_url=url(request, f"{DOCS_STATIC}/favicon.png"),
            oauth2_redirect_url=url(request, "/docs/oauth2-redirect"),
            # No "valid" badge: it would send the spec's address to validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False, dependencies=guard)
    async def redoc(request: Request) -> HTMLResponse:
        return get_redoc_html(
            openapi_url=url(request, "/openapi.json"),
            title=f"{app.title} - ReDoc",
            redoc_js_url=url(request, f"{DOCS_STATIC}/redoc.standalone.js"),
            redoc_favicon_url=url(request, f"{DOCS_STATIC}/favicon.png"),
            with_google_fonts=False,
        )
