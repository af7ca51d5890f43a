"""Run the API under uvicorn, as ``quotes serve`` does (one process, or a supervisor and workers).

With ``--workers N`` uvicorn's supervisor binds the listening socket itself and leaves its
protocol number at 0; accepted connections inherit it, and asyncio then never turns on
TCP_NODELAY for them (uvicorn issue #3149). Nagle's algorithm and the client's delayed ACK then
hold every keep-alive response after the first for about 40 ms: a POST that takes 8 ms answered
in 50. So the listener is bound here, as a TCP socket, and handed to the supervisor.
"""

from __future__ import annotations

import gc
import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from api.main import create_app

APP = "api.serve:served_app"


def served_app() -> FastAPI:
    """Build the app for a serving process, and move what exists by then out of the garbage
    collector's sight (gc.freeze).

    The modules, routes and schemas made at start-up live as long as the process. Left in view,
    each full collection walks all of them again: 140 ms of one request's time, one request in
    about 1,600 (bench/writers.py).
    """
    app = create_app()
    gc.freeze()
    return app


def tcp_listener(host: str, port: int) -> socket.socket:
    """Return a bound TCP listening socket whose accepted connections get TCP_NODELAY."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def run(*, host: str, port: int, workers: int = 1, log_level: str = "warning") -> None:
    """Serve the API on host:port with workers processes until interrupted."""
    config = uvicorn.Config(
        APP, factory=True, host=host, port=port, workers=workers, log_level=log_level
    )
    try:
        if workers <= 1:
            uvicorn.Server(config).run()
        else:
            Multiprocess(config, sockets=[tcp_listener(host, port)]).run()
    except KeyboardInterrupt:
        pass
