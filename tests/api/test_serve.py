"""quotes serve: the listening socket of --workers N gives its connections TCP_NODELAY."""

from __future__ import annotations

import asyncio
import socket

from api.serve import tcp_listener


async def _nodelay_of_accepted(listener: socket.socket) -> int:
    seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(accepted, sock=listener)
    port = listener.getsockname()[1]
    async with server:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        value = await asyncio.wait_for(seen, 5)
        writer.close()
    return value


def test_workers_listener_turns_nagle_off_for_each_connection() -> None:
    """Without it every keep-alive answer after the first waits ~40 ms for a delayed ACK
    (uvicorn's own listener for --workers N leaves the protocol at 0, uvicorn issue #3149)."""
    listener = tcp_listener("127.0.0.1", 0)
    listener.listen()
    assert asyncio.run(_nodelay_of_accepted(listener)) == 1


def test_uvicorns_own_workers_listener_would_leave_nagle_on() -> None:
    """The premise of tcp_listener: a listener bound as uvicorn binds it (protocol 0)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    assert asyncio.run(_nodelay_of_accepted(listener)) == 0
