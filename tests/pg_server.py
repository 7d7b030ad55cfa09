"""A throwaway PostgreSQL server for the shared-store tests and benchmark: ``initdb`` into a temporary folder,
``pg_ctl start`` on a free loopback port, as a non-root user (PostgreSQL refuses to run as root), stopped and
removed afterwards.

``BTI_TRENER_TEST_DATABASE`` (a ``postgresql://`` URL of a server whose user may create databases) is used
instead when it is set. Nothing here is skipped quietly: a server that cannot be started raises
:class:`ServerUnavailable` with the reason, and the tests fail with it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ENV = "BTI_TRENER_TEST_DATABASE"
#: The user the server runs as when the tests run as root.
SERVICE_USER = "nobody"


class ServerUnavailable(RuntimeError):
    """PostgreSQL could not be started or reached; the message says why and what to do."""


def _bin_dir() -> Path:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise ServerUnavailable(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found. Install the Debian package "
            f"postgresql (PostgreSQL 15), or point {ENV} at a running server."
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TestServer:
    """A running PostgreSQL server (ours to stop, or the one ``BTI_TRENER_TEST_DATABASE`` names)."""

    url: str
    """``postgresql://user@127.0.0.1:port/postgres`` — the maintenance database."""
    folder: Path | None = None
    """The temporary folder of a server we started (None for an external one)."""
    _pg_ctl: Path | None = None
    _user: str | None = None
    _databases: list[str] = field(default_factory=list)

    def new_database(self) -> str:
        """A fresh, empty database on the server; its URL."""
        import psycopg

        name = f"bti_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        """Stop and remove a server we started (an external one is left alone, its test databases dropped)."""
        if self.folder is None:
            self._drop_databases()
            return
        assert self._pg_ctl is not None
        _run([str(self._pg_ctl), "-D", str(self.folder / "data"), "-m", "immediate", "stop"], self._user, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _drop_databases(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            for name in self._databases:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(command: list[str], user: str | None, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, user=user, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise ServerUnavailable(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def start() -> TestServer:
    """Start a throwaway server (or use the one in ``BTI_TRENER_TEST_DATABASE``); raises ServerUnavailable."""
    external = os.environ.get(ENV)
    if external:
        return TestServer(url=external)
    bin_dir = _bin_dir()
    user = SERVICE_USER if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="bti-pg-"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    folder.chmod(0o700)
    port = _free_port()
    data = folder / "data"
    try:
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", "bti", "-A", "trust", "-E", "UTF8", "--no-locale"], user)
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"], user)
    except (ServerUnavailable, OSError, subprocess.TimeoutExpired) as exc:
        log = folder / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"PostgreSQL could not be started in {folder}: {exc}\n{tail}") from None
    return TestServer(
        url=f"postgresql://bti@127.0.0.1:{port}/postgres", folder=folder, _pg_ctl=bin_dir / "pg_ctl", _user=user
    )
