"""Rendering of the pages: the Jinja2 environment, the page CSP, and error pages.

`render(request, "page.html", {...})` fills the template with what every page needs (the
signed-in user, a CSRF field maker, the URL helpers) and answers with the pages' content
security policy. `PageError(status, title, detail)` raised from a page route or a dependency
becomes the same HTML error page (install_page_errors), never problem+json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from api.web.session import csrf_token, signed_in_user
from quotes import __version__

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=WEB_DIR / "templates")

# Pages load only what the app serves: scripts and styles from /static, no inline code (the
# JSON-LD block is data, which CSP does not run), forms posting back to the app only.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class PageError(Exception):
    """An error a page answers with an HTML page (404 unknown, 403 refused …)."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail


class SignInRequired(Exception):
    """The page needs a signed-in user: answered by a redirect to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def url(request: Request, path: str) -> str:
    """Return the app-relative path as the browser must ask for it (behind a proxy prefix too)."""
    return f"{request.scope.get('root_path', '')}{path}"


def static_url(request: Request, path: str) -> str:
    """Return the URL of a file of api/web/static, versioned so a release reloads it."""
    return url(request, f"/static/{path}?v={__version__}")


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Render a page template with the shared context, under the pages' CSP."""

    def csrf_field() -> Markup:
        return Markup('<input type="hidden" name="csrf_token" value="{}">').format(
            csrf_token(request)
        )

    full = {
        "user": signed_in_user(request),
        "csrf_field": csrf_field,
        "url": lambda path: url(request, path),
        "static_url": lambda path: static_url(request, path),
        "version": __version__,
        **(context or {}),
    }
    response = templates.TemplateResponse(request, name, full, status_code=status)
    response.headers["content-security-policy"] = PAGE_CSP
    response.headers["vary"] = "Cookie"  # the nav, at least, differs once signed in
    if request.session:  # it holds a CSRF token or a sign-in: this page is this browser's own
        response.headers["cache-control"] = "private, no-store"
    return response


def error_page(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    """Render the HTML error page."""
    return render(request, "error.html", {"title": title, "detail": detail}, status=status)


def install_page_errors(app: FastAPI) -> None:
    """Answer PageError with the error page and SignInRequired with a redirect to sign in."""

    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return error_page(request, exc.status, exc.title, exc.detail)

    async def sign_in(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequired)
        target = url(request, "/signin?" + urlencode({"next": exc.next_path}))
        return RedirectResponse(target, status_code=303)

    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(SignInRequired, sign_in)
