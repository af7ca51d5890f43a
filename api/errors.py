"""One place that turns errors into RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from quotes.errors import (
    Conflict,
    InvalidInput,
    MissingKey,
    MissingRole,
    NotFound,
    QuotesError,
    RevokedKey,
)

log = logging.getLogger("quotes.api")

PROBLEM_JSON = "application/problem+json"

_STATUS: dict[type[QuotesError], tuple[int, str]] = {
    NotFound: (404, "Not found"),
    Conflict: (409, "Conflict"),
    InvalidInput: (422, "Invalid input"),
    MissingKey: (401, "API key required"),
    RevokedKey: (403, "API key not accepted"),
    MissingRole: (403, "Role not sufficient"),
}


class FieldError(BaseModel):
    """One invalid field: where it is and what is wrong."""

    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] = []


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Return a problem+json response."""
    body = Problem(
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=[FieldError(**e) for e in errors or []],
    )
    return JSONResponse(
        body.model_dump(), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


_FIELD_PREFIX = re.compile(r"^(?:Value error, )?([a-z_]+): (.+)$", re.DOTALL)


def _field_error(err: dict[str, Any]) -> dict[str, str]:
    """Name the field of one validation error; model-level errors name it as "field: message"."""
    loc = tuple(p for p in err.get("loc", ()) if p != "body")
    message = _validation_message(err)
    match = _FIELD_PREFIX.match(str(err.get("msg", "")))
    if not loc and match:
        return {"field": match.group(1), "message": match.group(2)}
    return {"field": ".".join(str(p) for p in loc) or "body", "message": message}


def _validation_message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "is invalid"))
    if err.get("type") == "json_invalid":
        ctx = err.get("ctx") or {}
        return f"malformed JSON: {ctx.get('error', msg)}"
    return msg.removeprefix("Value error, ")


def _undecodable(cause: BaseException) -> str:
    if isinstance(cause, RecursionError):
        return "nested too deeply"
    if isinstance(cause, UnicodeDecodeError):
        return "not valid UTF-8"
    return "cannot be decoded"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the same problem+json shape."""

    @app.exception_handler(QuotesError)
    async def _domain(request: Request, exc: QuotesError) -> JSONResponse:
        status, title = next(
            (v for k, v in _STATUS.items() if isinstance(exc, k)), (400, "Bad request")
        )
        errors = [{"field": exc.field, "message": exc.detail}] if exc.field else []
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return problem(request, status, title, exc.detail, errors, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_field_error(e) for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
        return problem(request, 422, "Invalid request", detail, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, (RecursionError, ValueError)):
            # FastAPI answers 400 when json.loads fails with anything but JSONDecodeError:
            # nesting too deep (RecursionError) or bytes that are not UTF-8.
            error = {"field": "body", "message": f"malformed JSON: {_undecodable(exc.__cause__)}"}
            return problem(request, 422, "Invalid request", error["message"], [error])
        title = {404: "Not found", 405: "Method not allowed", 413: "Request too large"}.get(
            exc.status_code, "Error"
        )
        return problem(
            request, exc.status_code, title, str(exc.detail), headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", extra={"path": request.url.path})
        return problem(
            request,
            500,
            "Internal server error",
            "the server failed to handle this request; it has been logged",
        )
