"""The SQLite plumbing both stores share: opening, WAL, forward migrations, short transactions, errors.

:class:`SqliteStore` owns one connection to one file, shared between threads behind a lock. Every write is
its own ``BEGIN IMMEDIATE`` transaction committed at once, so a crash or kill loses nothing that was
recorded. The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS[v]`` upgrades v → v+1, each
in its own transaction (two processes opening a new file migrate it once). A file from a newer
BTI-trener is refused untouched. Every SQLite failure becomes the subclass's :class:`StoreError` with a
Norwegian message naming the file, meant to be shown as it is.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Self

from trainer.paths import DataDirError, data_dir

# SQLite primary result codes (``sqlite_errorcode & 0xFF``) that get their own Norwegian message.
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 10, 11, 13, 14, 26


class StoreError(Exception):
    """A problem with a database file; the message is Norwegian and names the file."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        """Keep the user-facing *message* and the database *path* it concerns."""
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        """The Norwegian message, ready to show to the user."""
        return self.message


def split_statements(script: str) -> Iterator[str]:
    """Split an SQL script into complete statements (so it can run inside one transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


class SqliteStore:
    """Base class of the progress store and the workshop store.

    Subclasses set :attr:`MIGRATIONS`, :attr:`ERROR` (their :class:`StoreError` subclass), :attr:`LABEL` (the
    file's Norwegian name, e.g. «fremdriftsfila») and :attr:`SAVED` (what a full disk failed to save).
    """

    MIGRATIONS: ClassVar[list[str]]
    """Forward-only schema scripts; index = the version they upgrade from."""
    ERROR: ClassVar[type[StoreError]] = StoreError
    """The exception raised for every storage problem."""
    LABEL: ClassVar[str] = "databasefila"
    """The file's name in messages, lower case («fremdriftsfila»)."""
    SAVED: ClassVar[str] = "dataene"
    """What could not be saved when the disk is full («fremdriften»)."""
    BUSY_TIMEOUT_MS: ClassVar[int] = 10_000
    """How long a write waits for another connection's transaction before giving up."""
    FILE_NAME: ClassVar[str]
    """The file's name inside :func:`trainer.paths.data_dir`, used when no path is given."""

    path: Path
    """The database file."""

    def __init__(self, path: Path | None = None, *, now: Callable[[], datetime] | None = None) -> None:
        """Open (creating or upgrading as needed) the database at *path*, by default :attr:`FILE_NAME` in the
        data folder; ``now`` is a test clock."""
        if path is None:
            try:
                path = data_dir() / self.FILE_NAME
            except DataDirError as exc:
                raise self.ERROR(str(exc)) from None
        self.path = Path(path)
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        label = self._label()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self.ERROR(
                f"Mappa for {self.LABEL} {self.path} kunne ikke opprettes ({exc.strerror or exc}).", self.path
            ) from exc
        if self.path.is_dir():
            raise self.ERROR(f"{label} {self.path} er en mappe, ikke en fil.", self.path)
        try:
            conn = sqlite3.connect(
                self.path, timeout=self.BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise self._error_for(exc, "åpne fila") from exc
        try:
            self._setup(conn)
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise self._error_for(exc, "åpne fila") from exc
        self._conn = conn

    @property
    def schema_version(self) -> int:
        """The schema version this code writes."""
        return len(self.MIGRATIONS)

    def _label(self) -> str:
        return self.LABEL[:1].upper() + self.LABEL[1:]

    # -- opening ------------------------------------------------------------------------------------
    def _setup(self, conn: sqlite3.Connection) -> None:
        """Configure the connection, refuse unknown (newer) schemas and run pending migrations."""
        conn.execute(f"PRAGMA busy_timeout = {self.BUSY_TIMEOUT_MS}")
        # Reading the header first: a non-SQLite file fails here, before anything is written to it.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        self._refuse_newer(version)
        self._use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted personal data is overwritten, not left in free pages
        if version < self.schema_version:
            self._migrate(conn)
        else:
            self._probe_writable(conn)
        problems = conn.execute("PRAGMA quick_check").fetchone()[0]
        if problems != "ok":
            raise self.ERROR(
                f"{self._label()} {self.path} er skadet. Flytt eller slett fila for å begynne med blanke ark; "
                f"ta gjerne en kopi først. (teknisk: {problems})",
                self.path,
            )

    def _probe_writable(self, conn: sqlite3.Connection) -> None:
        """Take and drop the write lock once, so a file that cannot be written (read-only, on a read-only disk)
        is reported when it is opened — at start — not at the first choice. A file busy in another window is
        fine: the probe does not wait for it."""
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute(f"PRAGMA user_version = {int(version)}")  # a write SQLite refuses on a read-only file
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF not in (_BUSY, _LOCKED):
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {self.BUSY_TIMEOUT_MS}")

    def _use_wal(self, conn: sqlite3.Connection) -> None:
        """Switch the file to WAL. SQLite answers «locked» at once, without its busy handler, when another
        connection opens the new file at the same moment, so the switch is retried for the busy timeout."""
        deadline = time.monotonic() + self.BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF not in (_BUSY, _LOCKED) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _refuse_newer(self, version: int) -> None:
        """Raise if the file was written by a newer BTI-trener than this one."""
        if version > self.schema_version:
            raise self.ERROR(
                f"{self._label()} {self.path} er laget av en nyere versjon av BTI-trener "
                f"(skjemaversjon {version}, denne versjonen forstår opp til {self.schema_version}). "
                "Oppdater BTI-trener for å bruke den, eller flytt fila for å begynne med blanke ark.",
                self.path,
            )

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Apply each pending migration in its own transaction (safe against a concurrent opener)."""
        while True:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-read inside the write lock: another process may have migrated meanwhile.
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                self._refuse_newer(version)
                if version >= self.schema_version:
                    conn.execute("COMMIT")
                    return
                for statement in split_statements(self.MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # -- plumbing -----------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the database; calling it again does nothing."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        """Use the store as a context manager that closes it on exit."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """Show the file the store uses."""
        return f"{type(self).__name__}({str(self.path)!r})"

    def _stamp(self) -> str:
        """The current time as ISO 8601 UTC with seconds."""
        moment = self._now()
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return moment.isoformat(timespec="seconds")

    def _connection(self) -> sqlite3.Connection:
        """The open connection, or the store's error if it was closed."""
        if self._conn is None:
            raise self.ERROR(f"{self._label()} {self.path} er allerede lukket.", self.path)
        return self._conn

    @contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed immediately; SQLite errors become the store's error."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error_for(exc, doing) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if isinstance(exc, sqlite3.Error):
                    raise self._error_for(exc, doing) from exc
                raise

    @contextmanager
    def _read(self, doing: str) -> Iterator[sqlite3.Connection]:
        """A read-only snapshot transaction; SQLite errors become the store's error."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
                        conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise self._error_for(exc, doing) from exc

    def _error_for(self, exc: sqlite3.Error, doing: str) -> StoreError:
        """Translate an SQLite error into the store's Norwegian error naming the file."""
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        label, path = self.LABEL, self.path
        if primary in (_NOTADB, _CORRUPT):
            text = (
                f"{self._label()} {path} er skadet eller er ikke en BTI-trener-database. "
                "Flytt eller slett fila for å begynne med blanke ark; "
                "ta gjerne en kopi først hvis du vil ta vare på den."
            )
        elif primary in (_BUSY, _LOCKED):
            text = (
                f"{self._label()} {path} er opptatt av et annet program. "
                "Vent litt og prøv igjen, eller lukk andre vinduer med BTI-trener."
            )
        elif primary == _FULL:
            text = f"Disken er full, så {self.SAVED} kunne ikke lagres i {path}. Frigjør plass og prøv igjen."
        elif primary in (_READONLY, _PERM):
            text = f"BTI-trener har ikke lov til å skrive til {label} {path}. Sjekk tilgangene til fila og mappa."
        elif primary == _CANTOPEN:
            text = f"{self._label()} {path} kunne ikke åpnes. Sjekk at mappa finnes og at du har tilgang til den."
        elif primary == _IOERR:
            text = f"Lese- eller skrivefeil på {label} {path} mens BTI-trener skulle {doing}."
        elif isinstance(exc, sqlite3.IntegrityError):
            text = f"{self._label()} {path} avviste endringen da BTI-trener skulle {doing}."
        else:
            text = f"Noe gikk galt med {label} {path} da BTI-trener skulle {doing}."
        return self.ERROR(f"{text} (teknisk: {exc})", path)
