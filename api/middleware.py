"""ASGI middleware of the app: the request body limit, security headers, rate limits."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection, Sequence

from limits import RateLimitItem
from limits.storage import MovingWindowSupport, storage_from_string
from limits.strategies import (
    MovingWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem


class BodyTooLarge(StarletteHTTPException):
    """A request body passed the limit; api/errors.py answers it as a 413 problem."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body must be at most {limit} bytes")


class BodyLimit:
    """Answer 413 once a request body passes max_bytes, however it is sent.

    A Content-Length over the limit (or not a number) is refused before anything is read. The
    bytes are also counted as they arrive, because a chunked body carries no Content-Length:
    reading stops at the chunk that passes the limit, never at the end of the body.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with a receive that counts bytes and raises BodyTooLarge at the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        # Not str.isdigit(): it accepts "²", which int() refuses.
        if length is not None and not (
            length.isascii() and length.isdigit() and int(length) <= self.max_bytes
        ):
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            # Normally the app's exception handler answers it; this catches one raised where
            # no handler runs (the app let it escape before starting a response).
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = BodyTooLarge(self.max_bytes).detail
        response = problem(Request(scope, receive), 413, "Request too large", detail)
        await response(scope, receive, send)


# API answers are JSON: they load nothing and may not be framed.
API_CSP = "default-src 'none'; frame-ancestors 'none'"
# The Swagger UI and ReDoc pages load their files from this app (api/web/docs.py); Swagger UI
# starts with an inline script and ReDoc styles itself inline and parses in a blob: worker, so
# the doc pages, and only they, allow exactly that. (The web pages set their own CSP.)
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; worker-src blob:; "
    "frame-ancestors 'none'"
)
_SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """Add the security headers to every response, and no-store to answers sent with a key.

    A header the app already set is left alone. docs_paths get DOCS_CSP, the rest API_CSP.
    """

    def __init__(self, app: ASGIApp, *, docs_paths: Collection[str] = ()) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app, adding the headers to its response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if _route_path(scope) in self.docs_paths else API_CSP
        # A response to a request with credentials is that caller's: no cache may keep it.
        keyed = "authorization" in Headers(scope=scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("content-security-policy", csp)
                if keyed:
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimit:
    """Answer 429 (problem+json, Retry-After) once a caller passes the limits on the routes given.

    routes are (method, path) pairs; every other request passes untouched. identify names the
    caller (it may read the database, so it runs in the thread pool, with the storage calls).
    The counts live where storage_uri says: memory:// is per process, so with N workers a
    caller gets up to N times the limit; redis:// or memcached:// share one count.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: Sequence[RateLimitItem],
        storage_uri: str,
        routes: Collection[tuple[str, str]],
        identify: Callable[[Request], str],
    ) -> None:
        self.app = app
        self.limits = list(limits)
        self.routes = frozenset(routes)
        self.identify = identify
        storage = storage_from_string(storage_uri)
        # A moving window counts exactly the hits of the last minute (memory://, redis://). A
        # sliding-window counter only estimates them from the previous window, and lets a 4th
        # request of "3/minute" through when the 3 came just before a minute's boundary; it is
        # the fallback for storages without moving windows (memcached://).
        self.limiter: RateLimiter = (
            MovingWindowRateLimiter(storage)
            if isinstance(storage, MovingWindowSupport)
            else SlidingWindowCounterRateLimiter(storage)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the request if its route is limited; refuse it past a limit."""
        if scope["type"] != "http" or (scope["method"], _route_path(scope)) not in self.routes:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        refused = await run_in_threadpool(self._hit, request)
        if refused is None:
            await self.app(scope, receive, send)
            return
        item, retry_after = refused
        detail = f"the rate limit ({item}) is reached: try again in {retry_after} s"
        headers = {"Retry-After": str(retry_after)}
        await problem(request, 429, "Too many requests", detail, headers=headers)(
            scope, receive, send
        )

    def _hit(self, request: Request) -> tuple[RateLimitItem, int] | None:
        """Count one request against each limit; return the limit passed and the wait, if any."""
        caller = self.identify(request)
        for item in self.limits:
            if not self.limiter.hit(item, caller):
                reset = self.limiter.get_window_stats(item, caller).reset_time
                return item, max(1, math.ceil(reset - time.time()))
        return None


def _route_path(scope: Scope) -> str:
    """Return the path the router sees: without the root_path a proxy may mount the app at."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path
