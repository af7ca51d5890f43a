"""Helpers for tests and benchmarks: a free local port, a throwaway PostgreSQL cluster in a
temporary folder (`PgServer`)."""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PgUnavailable(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def find_bindir() -> Path:
    """Return the folder holding initdb and pg_ctl, or raise PgUnavailable."""
    candidates = []
    if shutil.which("pg_ctl"):
        candidates.append(Path(os.path.realpath(shutil.which("pg_ctl") or "")).parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    raise PgUnavailable(
        "PostgreSQL binaries (initdb, pg_ctl) not found; install Debian's postgresql"
    )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on (a test server's)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_setting(text: str) -> tuple[str, str]:
    """Parse NAME=VALUE, a PostgreSQL server setting given on a bench command line."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise ValueError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value.strip()


def add_pg_setting_option(parser: argparse.ArgumentParser) -> None:
    """Add --pg-setting NAME=VALUE (repeatable) to a bench's parser: `PgServer(dict(...))`."""
    parser.add_argument(
        "--pg-setting",
        action="append",
        default=[],
        type=server_setting,
        metavar="NAME=VALUE",
        help="a setting of the throwaway PostgreSQL server (repeatable): shared_buffers=4GB",
    )


class PgServer:
    """Start with .start(), stop with .stop(); .url(db) gives a psycopg URL."""

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        self.settings = dict(settings or {})  # more server settings (-c name=value)
        self.bindir = find_bindir()
        self.tmp = Path(tempfile.mkdtemp(prefix="quotes-pg-"))
        self.datadir = self.tmp / "data"
        self.port = free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root: use the postgres user
            if shutil.which("runuser") is None:
                raise PgUnavailable("running as root and runuser is missing")
            try:
                import pwd

                pwd.getpwnam("postgres")
            except KeyError:
                raise PgUnavailable("running as root and there is no 'postgres' user") from None
            self._as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.tmp, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise PgUnavailable(f"{Path(args[0]).name} failed: {result.stderr.strip()[-500:]}")

    def start(self) -> PgServer:
        """Create the cluster and start the server on a free loopback port."""
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-U",
            "quotes",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        opts = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.tmp} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        opts += "".join(f" -c {name}={value}" for name, value in self.settings.items())
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-o",
            opts,
            "-l",
            str(self.tmp / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise PgUnavailable("server did not accept connections")

    def url(self, dbname: str = "postgres") -> str:
        """Return the SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://quotes@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run(
            [
                *self._as_user,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.tmp, ignore_errors=True)
