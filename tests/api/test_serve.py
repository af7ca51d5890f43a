"""quotes serve --workers N: connections get TCP_NODELAY and are spread over the workers."""

from __future__ import annotations

import asyncio
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from api.serve import SPREADS_CONNECTIONS, tcp_listener

ROOT = Path(__file__).resolve().parents[2]


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


def _workers_of(server_pid: int) -> list[int]:
    """The worker processes of a `quotes serve --workers N` (spawned children of the server)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server_pid and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


def _sockets(port: int, state: str) -> set[str]:
    """The inodes of the TCP sockets on local port in state ("01" established, "0A" listening)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                inodes.add(fields[9])
    return inodes


def _listening(port: int) -> int:
    return len(_sockets(port, "0A"))


def _connections_held(pid: int, port: int) -> int:
    """How many established TCP connections to port the process pid holds (from /proc)."""
    inodes = _sockets(port, "01")
    held = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        held += target.startswith("socket:[") and target[8:-1] in inodes
    return held


@contextmanager
def _serving_workers(tmp_path: Path, workers: int) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """Run `quotes serve --workers N` on a free port until every worker listens; yield
    (the supervisor's process, the port); stop it after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = os.environ | {
        "QUOTES_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "PYTHONPATH": str(ROOT),
    }
    cmd = [sys.executable, "-m", "quotes.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen([*cmd, "--workers", str(workers)], cwd=tmp_path, env=env)
    try:
        _wait_for(lambda: _listening(port) == workers, proc)
        yield proc, port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for(condition: Callable[[], bool], proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert proc.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _get(port: int, path: str) -> int:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        client.request("GET", path)
        return client.getresponse().status
    finally:
        client.close()


@pytest.mark.skipif(not SPREADS_CONNECTIONS, reason="SO_REUSEPORT spreads connections on Linux")
def test_workers_share_connections_that_arrive_together(tmp_path: Path) -> None:
    """32 clients connecting at once to `quotes serve --workers 2` are served by both workers.

    With one socket shared by the workers, the first to wake accepted nearly all of them (15 of
    16 in bench/writers.py) and the other process idled. Each worker now listens on its own
    socket of the port, and the kernel spreads connections evenly: fewer than 6 of 32 on a
    worker happens by chance once in about 17,000 runs.
    """
    with _serving_workers(tmp_path, 2) as (proc, port):
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(32)]
        try:
            for client in clients:
                client.connect()
            for client in clients:  # kept alive: each stays with the worker that accepted it
                client.request("GET", "/healthz")
                assert client.getresponse().read() == b'{"status":"ok"}'
            held = [_connections_held(pid, port) for pid in _workers_of(proc.pid)]
            assert sum(held) == 32
            assert min(held) >= 6, held
        finally:
            for client in clients:
                client.close()


@pytest.mark.skipif(not SPREADS_CONNECTIONS, reason="SO_REUSEPORT spreads connections on Linux")
def test_a_worker_that_dies_is_replaced_and_stopping_stops_them_all(tmp_path: Path) -> None:
    """A worker killed outright (out of memory, say) is replaced, and the port keeps answering;
    stopping the server stops every worker (none is left holding the port)."""
    with _serving_workers(tmp_path, 2) as (proc, port):
        first = set(_workers_of(proc.pid))
        killed = min(first)
        os.kill(killed, signal.SIGKILL)
        _wait_for(lambda: len(set(_workers_of(proc.pid)) - first) == 1, proc)
        _wait_for(lambda: _listening(port) == 2, proc)
        assert killed not in _workers_of(proc.pid)
        assert all(_get(port, "/healthz") == 200 for _ in range(8))
        workers = _workers_of(proc.pid)
    for pid in workers:  # the supervisor is gone; so are its workers
        assert not Path(f"/proc/{pid}").exists() or _zombie(pid)
    assert _listening(port) == 0


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
