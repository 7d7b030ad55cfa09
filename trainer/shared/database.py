"""Where the shared store lives, opening it, and bringing its schema up to date.

``BTI_TRENER_DATABASE`` names the kommune's PostgreSQL (``postgresql://user:password@host:5432/bti``); without
it the store is ``delt.sqlite3`` in the user-data folder. SQLAlchemy Core talks to both, and Alembic migrates
both from the same scripts (``migrations/versions``) when the store is opened — so a laptop with a newer
BTI-trener upgrades the kommune's database, and one with an older BTI-trener refuses a database it does not
know rather than write into it. Every failure is a :class:`SharedStoreError` with a Norwegian message that
names the database (never its password).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from trainer.paths import data_dir

ENV = "BTI_TRENER_DATABASE"
"""The environment variable that points the shared store at PostgreSQL."""

FILE_NAME = "delt.sqlite3"
"""The shared store in the user-data folder when no database is set."""

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SharedStoreError(Exception):
    """The shared store could not be opened, read or written; the message is Norwegian and names where it is."""

    def __init__(self, message: str) -> None:
        """Keep the Norwegian *message*."""
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The Norwegian message."""
        return self.message


def database_url() -> str:
    """The shared store's URL: ``BTI_TRENER_DATABASE``, else SQLite in the user-data folder."""
    configured = os.environ.get(ENV, "").strip()
    if configured:
        return configured
    return f"sqlite:///{data_dir() / FILE_NAME}"


def describe(url: str) -> str:
    """The database for a message: «PostgreSQL bti på db.kommune.no:5432» or the SQLite file (no password)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "databasen"
    if parsed.get_backend_name() == "sqlite":
        return f"fila {parsed.database}"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return f"PostgreSQL-databasen {parsed.database or ''} på {where}".replace("  ", " ")


def _driver_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` as psycopg 3's SQLAlchemy URL; other URLs as they are."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def open_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite with foreign keys on and a busy timeout; PostgreSQL with a short connect
    timeout and a small pool)."""
    try:
        parsed = make_url(_driver_url(url))
    except ArgumentError:
        raise SharedStoreError(
            f"{ENV} er ikke en database-adresse BTI-trener kjenner: bruk postgresql://bruker@vert:5432/database."
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database:
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SharedStoreError(f"Mappa til {describe(url)} kan ikke lages ({exc.strerror or exc}).") from None
        engine = create_engine(parsed, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend != "postgresql":
        raise SharedStoreError(f"{ENV} må peke på PostgreSQL (postgresql://…), ikke {backend}.")
    return create_engine(parsed, pool_size=5, max_overflow=10, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, url: str) -> None:
    """Bring the schema to the newest migration; refuse a database migrated by a newer BTI-trener."""
    config = _config()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    try:
        with engine.begin() as conn:
            if inspect(conn).has_table("alembic_version"):
                current = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
                if current - known:
                    raise SharedStoreError(
                        f"{describe(url)} er laget av en nyere versjon av BTI-trener. Oppdater BTI-trener; "
                        "databasen er ikke endret."
                    )
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise SharedStoreError(f"{describe(url)} kan ikke åpnes: {_reason(exc)}") from None


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's first line, without the SQL and the link SQLAlchemy adds."""
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
