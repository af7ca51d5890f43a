"""ASGI middleware of the app: the request body limit."""

from __future__ import annotations

from starlette.datastructures import Headers
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
