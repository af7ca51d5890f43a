"""Run the API under uvicorn, as ``quotes serve`` does (one process, or a supervisor and workers).

Two things uvicorn's own ``--workers N`` gets wrong for us, so the listeners are bound here:

* Its supervisor binds the listening socket with protocol number 0; accepted connections inherit
  it, and asyncio then never turns on TCP_NODELAY for them (uvicorn issue #3149). Nagle's
  algorithm and the client's delayed ACK then hold every keep-alive response after the first for
  about 40 ms: a POST that takes 8 ms answered in 50. ``tcp_listener`` binds a TCP socket.
* All workers accept from one shared socket, and the first to wake takes every connection
  waiting (asyncio accepts up to the backlog at once). Sixteen clients connecting together
  ended up 15 on one worker and 1 on the other: the second process idled while the first
  queued (bench/writers.py). On Linux each worker therefore listens on a socket of its own bound
  to the same port with SO_REUSEPORT, and the kernel spreads new connections over them
  (``Workers``); elsewhere uvicorn's supervisor serves one shared socket.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import signal
import socket
import sys
import threading
from multiprocessing.context import SpawnProcess
from types import FrameType

import uvicorn
from fastapi import FastAPI
from uvicorn.config import STARTUP_FAILURE
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


log = logging.getLogger("quotes.serve")
# SO_REUSEPORT spreads connections over the sockets only on Linux (elsewhere the last one bound
# takes them all, or the option is missing).
SPREADS_CONNECTIONS = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def tcp_listener(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    """Return a bound TCP socket whose accepted connections get TCP_NODELAY.

    reuse_port: other sockets may bind the same port (SO_REUSEPORT), and the kernel then hands
    each new connection to one of those listening, spread evenly.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _serve_worker(config: uvicorn.Config, host: str, port: int) -> None:  # pragma: no cover
    """One worker process: listen on a socket of its own on host:port and serve until stopped."""
    config.configure_logging()
    uvicorn.Server(config).run(sockets=[tcp_listener(host, port, reuse_port=True)])


class Workers:
    """Worker processes serving one port, each on its own SO_REUSEPORT socket (Linux).

    The supervisor keeps the port bound but not listening (another program cannot take it, and
    the kernel sends it no connection), starts the workers, starts a new one when one dies, and
    stops them all on SIGINT or SIGTERM (each finishes the requests it has, as uvicorn does).
    """

    CHECK_EVERY = 0.5  # seconds between looks at the workers

    def __init__(self, config: uvicorn.Config, *, host: str, port: int, workers: int) -> None:
        self.config, self.host, self.port, self.count = config, host, port, workers
        self.stop = threading.Event()
        self.processes: list[SpawnProcess] = []
        self.failed = False  # a worker could not start (the app, the socket)

    def _start_one(self) -> SpawnProcess:
        process = multiprocessing.get_context("spawn").Process(
            target=_serve_worker, args=(self.config, self.host, self.port), daemon=False
        )
        process.start()
        return process

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.stop.set()

    def run(self) -> None:
        """Serve until SIGINT or SIGTERM."""
        # Bound without SO_REUSEPORT first, so a port in use (by anyone) fails here.
        tcp_listener(self.host, self.port).close()
        placeholder = tcp_listener(self.host, self.port, reuse_port=True)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)
        try:
            self.processes = [self._start_one() for _ in range(self.count)]
            while not self.stop.wait(self.CHECK_EVERY):
                for i, process in enumerate(self.processes):
                    if process.is_alive():
                        continue
                    if process.exitcode == STARTUP_FAILURE:  # would fail again: stop, as uvicorn
                        log.error("a worker failed to start: stopping")
                        self.failed = True
                        return
                    log.warning(
                        "worker exited: starting another",
                        extra={"pid": process.pid, "exitcode": process.exitcode},
                    )
                    self.processes[i] = self._start_one()
        finally:
            for process in self.processes:
                if process.is_alive():
                    process.terminate()
            for process in self.processes:
                process.join(timeout=30)
                if process.is_alive():
                    process.kill()
            placeholder.close()


def run(*, host: str, port: int, workers: int = 1, log_level: str = "warning") -> None:
    """Serve the API on host:port with workers processes until interrupted."""
    config = uvicorn.Config(
        APP, factory=True, host=host, port=port, workers=workers, log_level=log_level
    )
    try:
        if workers <= 1:
            uvicorn.Server(config).run()
        elif SPREADS_CONNECTIONS:
            supervisor = Workers(config, host=host, port=port, workers=workers)
            supervisor.run()
            if supervisor.failed:
                sys.exit(STARTUP_FAILURE)
        else:
            Multiprocess(config, sockets=[tcp_listener(host, port)]).run()
    except KeyboardInterrupt:
        pass
