"""The shared store's tests run against SQLite and against a real PostgreSQL server.

The server is started once per test session (``tests/pg_server.py``: initdb in a temporary folder, a free
port, a non-root user); each test gets a fresh database. When PostgreSQL cannot be started, the PostgreSQL
half of every test fails with the reason — it is never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg_server
from trainer.shared.store import SharedStore


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_server.TestServer | str]:
    try:
        server = pg_server.start()
    except pg_server.ServerUnavailable as exc:
        yield f"PostgreSQL for the shared-store tests is not available: {exc}"
        return
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, postgres: pg_server.TestServer | str) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'delt.sqlite3'}"
    if isinstance(postgres, str):
        pytest.fail(postgres, pytrace=False)
    return postgres.new_database()


@pytest.fixture
def shared(database_url: str) -> Iterator[SharedStore]:
    store = SharedStore(database_url)
    try:
        yield store
    finally:
        store.close()
