"""The learner's progress, stored in SQLite as it happens.

Every attempt at a scenario and every decision in it is committed to the
database the moment it is made, so a crash or a killed terminal loses nothing
and an interrupted attempt can be resumed later.

Storage notes:

* WAL journal mode with ``synchronous=NORMAL``: a committed write survives the
  application being killed; only an operating-system crash or power loss can
  lose the last few commits.
* Every write is its own short ``BEGIN IMMEDIATE`` transaction, and the busy
  timeout is generous, so several app processes can share one file without
  "database is locked" errors.
* The schema is versioned with ``PRAGMA user_version`` and upgraded by the
  forward-only scripts in :data:`MIGRATIONS`.

Every failure of the storage itself is raised as :class:`ProgressError`, whose
message is Norwegian, names the file, and is meant to be shown to the user as
is. Plain programming mistakes (a negative step, a step that skips ahead) raise
``ValueError``.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.paths import data_dir
from trainer.sqlite_store import SqliteStore, StoreError

FILE_NAME = "progress.sqlite3"
"""Name of the progress database inside :func:`trainer.paths.data_dir`."""

MIGRATIONS: list[str] = [
    # 0 -> 1: the first schema.
    """
    CREATE TABLE learner (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT,
        unit TEXT,
        role TEXT
    );

    CREATE TABLE attempts (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        scenario_id TEXT NOT NULL,
        mode        TEXT NOT NULL,
        profile_id  TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        ending      TEXT,
        passed      INTEGER CHECK (passed IN (0, 1)),
        overall     INTEGER,
        retry_of    INTEGER REFERENCES attempts(id) ON DELETE SET NULL,
        note        TEXT
    );
    CREATE INDEX attempts_by_scenario ON attempts (scenario_id, started_at);
    CREATE INDEX attempts_by_retry ON attempts (retry_of);

    CREATE TABLE decisions (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        step       INTEGER NOT NULL CHECK (step >= 0),
        node_id    TEXT NOT NULL,
        choice_id  TEXT NOT NULL,
        at         TEXT NOT NULL,
        PRIMARY KEY (attempt_id, step)
    ) WITHOUT ROWID;

    CREATE TABLE attempt_areas (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        area       TEXT NOT NULL,
        score      INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, area)
    );

    CREATE TABLE attempt_rules (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        rule_id    TEXT NOT NULL,
        outcome    TEXT NOT NULL CHECK (outcome IN ('brutt', 'fulgt')),
        PRIMARY KEY (attempt_id, rule_id, outcome)
    ) WITHOUT ROWID;
    """,
    # 1 -> 2: which window holds an unfinished attempt (one attempt, one window).
    """
    ALTER TABLE attempts ADD COLUMN holder TEXT;
    """,
    # 2 -> 3: sharing with the kommune's report (opt-in): the current random learner key, and the keys
    # used before a reset (kept here only, so «glem meg» can delete what was shared under them too).
    """
    CREATE TABLE sharing (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        key       TEXT,
        old_keys  TEXT NOT NULL DEFAULT '',
        since     TEXT,
        answered  TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE shared_attempts (
        attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE
    );
    """,
]
"""Forward-only schema migrations: ``MIGRATIONS[v]`` takes a database from
``user_version`` *v* to *v + 1*. Never edit a released entry; append a new one."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The ``user_version`` this code writes and understands."""


class ProgressError(StoreError):
    """A problem with the progress database; the message is Norwegian and names the file."""


class AttemptTakenOver(ProgressError):
    """Another window has resumed this attempt; this one may no longer write to it."""


@dataclass(frozen=True)
class Learner:
    """Who is training: all fields optional (the learner may stay anonymous)."""

    name: str | None
    unit: str | None
    role: str | None


@dataclass(frozen=True)
class Sharing:
    """The learner's choice about the kommune's report (opt-in; nothing is shared without a key)."""

    key: str | None
    """The random learner key results are shared under; None when not sharing."""
    old_keys: tuple[str, ...]
    """Keys used before a reset (only so that «glem meg» can delete what was shared under them)."""
    since: str | None
    """When sharing under the current key began (ISO 8601, UTC)."""
    answered: tuple[str, ...] = ()
    """The self-assessments answered, as «season:phase» («2026–2027:start»)."""

    def has_answered(self, season: str, phase: str) -> bool:
        """True once the self-assessment of ``season`` at ``phase`` was answered."""
        return f"{season}:{phase}" in self.answered

    @property
    def all_keys(self) -> tuple[str, ...]:
        """Every key anything may have been shared under."""
        return tuple(k for k in (*self.old_keys, self.key) if k)


@dataclass(frozen=True)
class AttemptSummary:
    """One attempt at a scenario, finished or not."""

    id: int
    scenario_id: str
    mode: str
    profile_id: str
    started_at: str
    """ISO 8601, UTC."""
    finished_at: str | None
    ending: str | None
    passed: bool | None
    overall: int | None
    decisions: int
    """Number of decisions recorded."""
    retry_of: int | None
    """The attempt this one was branched from ("prøv igjen fra her")."""
    note: str | None = None
    """Why the attempt was ended without an outcome (see :meth:`ProgressStore.end_attempt_removed`)."""

    @property
    def finished(self) -> bool:
        """True once the attempt has been finished or ended."""
        return self.finished_at is not None


@dataclass(frozen=True)
class ScenarioStatus:
    """What the learner has done with one scenario."""

    tried: bool
    passed: bool | None
    """None = no finished attempt with an outcome yet; True if any finished attempt passed."""
    best: int | None
    """Best overall score among finished attempts."""
    last_played: str | None
    """ISO 8601 UTC time of the latest activity (start, decision or finish)."""


def default_path() -> Path:
    """The progress database in the user's data folder (honours ``BTI_TRENER_DATA``)."""
    return data_dir() / FILE_NAME


def _clean(value: str | None) -> str | None:
    """Strip a learner field; blank becomes None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


_SUMMARY_SQL = """
    SELECT a.id, a.scenario_id, a.mode, a.profile_id, a.started_at, a.finished_at,
           a.ending, a.passed, a.overall,
           (SELECT COUNT(*) FROM decisions d WHERE d.attempt_id = a.id) AS decisions,
           a.retry_of, a.note
    FROM attempts a
"""


def _summary(row: sqlite3.Row | tuple[Any, ...]) -> AttemptSummary:
    """Build an :class:`AttemptSummary` from a row of :data:`_SUMMARY_SQL`."""
    (aid, scenario_id, mode, profile_id, started, finished, ending, passed, overall, decisions, retry_of, note) = row
    return AttemptSummary(
        id=aid,
        scenario_id=scenario_id,
        mode=mode,
        profile_id=profile_id,
        started_at=started,
        finished_at=finished,
        ending=ending,
        passed=None if passed is None else bool(passed),
        overall=overall,
        decisions=decisions,
        retry_of=retry_of,
        note=note,
    )


class ProgressStore(SqliteStore):
    """The learner's progress database.

    One instance owns one SQLite connection; it may be shared between threads
    (calls are serialised by a lock). Several instances, also in different
    processes, may open the same file at once.

    ``now`` is an injectable clock for tests; a naive datetime is taken as UTC.
    """

    path: Path
    """The database file."""

    MIGRATIONS = MIGRATIONS
    ERROR = ProgressError
    LABEL = "fremdriftsfila"
    SAVED = "fremdriften"
    FILE_NAME = FILE_NAME

    def _open_attempt(self, conn: sqlite3.Connection, attempt_id: int, holder: str | None = None) -> None:
        """Raise unless *attempt_id* exists and is not finished yet — and, when *holder* is given, is still held
        by it (:meth:`claim_attempt`; :class:`AttemptTakenOver` when another window has taken it over)."""
        row = conn.execute("SELECT finished_at, holder FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise ProgressError(f"Forsøk {attempt_id} finnes ikke i fremdriftsfila {self.path}.", self.path)
        if row[0] is not None:
            raise ProgressError(
                f"Forsøk {attempt_id} i fremdriftsfila {self.path} er allerede avsluttet og kan ikke endres.",
                self.path,
            )
        if holder is not None and row[1] is not None and row[1] != holder:
            raise AttemptTakenOver(
                "Dette forsøket er åpnet i et annet vindu og fortsetter der. Valg du tar her, blir ikke lagret.",
                self.path,
            )

    def claim_attempt(self, attempt_id: int) -> str:
        """Make this window the holder of an unfinished attempt and return its token (pass it to
        :meth:`record_decision` and :meth:`finish_attempt`). A window that held it before can no longer write
        to it: resuming an attempt takes it over, openly."""
        token = secrets.token_hex(8)
        with self._write("åpne et forsøk") as conn:
            self._open_attempt(conn, attempt_id)
            conn.execute("UPDATE attempts SET holder = ? WHERE id = ?", (token, attempt_id))
        return token

    # ----------------------------------------------------------------- learner

    def get_learner(self) -> Learner:
        """The learner's details (all None if never set or forgotten)."""
        with self._read("lese deltakeropplysningene") as conn:
            row = conn.execute("SELECT name, unit, role FROM learner WHERE id = 1").fetchone()
        return Learner(*row) if row else Learner(None, None, None)

    def set_learner(self, name: str | None, unit: str | None, role: str | None) -> None:
        """Store the learner's details; blank values are stored as None."""
        with self._write("lagre deltakeropplysningene") as conn:
            conn.execute(
                "INSERT INTO learner (id, name, unit, role) VALUES (1, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit, role = excluded.role",
                (_clean(name), _clean(unit), _clean(role)),
            )

    def sharing(self) -> Sharing:
        """Whether the learner shares with the kommune's report, under which key, and the keys used before."""
        with self._read("lese delingsvalget") as conn:
            row = conn.execute("SELECT key, old_keys, since, answered FROM sharing WHERE id = 1").fetchone()
        if row is None:
            return Sharing(None, (), None)
        return Sharing(row[0], tuple(k for k in row[1].split() if k), row[2], tuple(row[3].split()))

    def set_sharing(self, key: str | None) -> Sharing:
        """Share under ``key`` (None: stop sharing). A key that is replaced is kept among the old keys."""
        before = self.sharing()
        old = list(before.old_keys)
        if before.key and before.key != key and before.key not in old:
            old.append(before.key)
        since = (before.since if before.key == key else self._stamp()) if key else None
        with self._write("lagre delingsvalget") as conn:
            conn.execute(
                "INSERT INTO sharing (id, key, old_keys, since) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                "SET key = excluded.key, old_keys = excluded.old_keys, since = excluded.since",
                (key, " ".join(old), since),
            )
        return self.sharing()

    def mark_answered(self, season: str, phase: str) -> None:
        """The learner answered the self-assessment of ``season`` at ``phase`` (so Hjem stops offering it)."""
        answered = set(self.sharing().answered) | {f"{season}:{phase}"}
        with self._write("lagre egenvurderingen") as conn:
            conn.execute(
                "INSERT INTO sharing (id, answered) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET answered = excluded.answered",
                (" ".join(sorted(answered)),),
            )

    def unsent_results(self) -> list[AttemptSummary]:
        """Finished attempts, started while sharing under the current key, that the shared store has not
        confirmed (finished while it could not be reached), oldest first."""
        sharing = self.sharing()
        if sharing.key is None or sharing.since is None:
            return []
        since = sharing.since
        done = {a for a in self._sent()}
        return [
            a
            for a in reversed(self.attempts())
            if a.finished_at is not None and a.passed is not None and a.started_at >= since and a.id not in done
        ]

    def _sent(self) -> list[int]:
        with self._read("lese hva som er delt") as conn:
            return [row[0] for row in conn.execute("SELECT attempt_id FROM shared_attempts")]

    def mark_sent(self, attempt_id: int) -> None:
        """The shared store holds this finished attempt."""
        with self._write("lagre hva som er delt") as conn:
            conn.execute("INSERT OR IGNORE INTO shared_attempts (attempt_id) VALUES (?)", (attempt_id,))

    def broken_rules(self, attempt_id: int) -> list[str]:
        """The rules a finished attempt broke."""
        with self._read("lese reglene i et forsøk") as conn:
            rows = conn.execute(
                "SELECT rule_id FROM attempt_rules WHERE attempt_id = ? AND outcome = 'brutt' ORDER BY rule_id",
                (attempt_id,),
            ).fetchall()
        return [row[0] for row in rows]

    # ----------------------------------------------------------------- attempts

    def start_attempt(
        self,
        scenario_id: str,
        mode: str,
        profile_id: str,
        prefix: list[tuple[str, str]] | None = None,
        retry_of: int | None = None,
    ) -> int:
        """Start an attempt and return its id.

        *prefix* holds ``(node_id, choice_id)`` decisions copied in as steps
        0..n-1 (for "prøv igjen fra her"); *retry_of* is the attempt branched from.
        """
        stamp = self._stamp()
        with self._write("starte et nytt forsøk") as conn:
            if (
                retry_of is not None
                and conn.execute("SELECT 1 FROM attempts WHERE id = ?", (retry_of,)).fetchone() is None
            ):
                raise ProgressError(f"Forsøk {retry_of} finnes ikke i fremdriftsfila {self.path}.", self.path)
            cursor = conn.execute(
                "INSERT INTO attempts (scenario_id, mode, profile_id, started_at, retry_of) VALUES (?, ?, ?, ?, ?)",
                (scenario_id, mode, profile_id, stamp, retry_of),
            )
            attempt_id = cursor.lastrowid
            assert attempt_id is not None
            conn.executemany(
                "INSERT INTO decisions (attempt_id, step, node_id, choice_id, at) VALUES (?, ?, ?, ?, ?)",
                [(attempt_id, step, node, choice, stamp) for step, (node, choice) in enumerate(prefix or [])],
            )
        return attempt_id

    def record_decision(
        self, attempt_id: int, step: int, node_id: str, choice_id: str, holder: str | None = None
    ) -> None:
        """Record the decision at 0-based *step*, first dropping any decisions at *step* or later (rewind).

        Raises ValueError if *step* is negative or skips past the next free step, and ProgressError if the
        attempt does not exist, is already finished, or (given *holder*) is held by another window.
        """
        if step < 0:
            raise ValueError(f"step must be >= 0, got {step}")
        stamp = self._stamp()
        with self._write("lagre et valg") as conn:
            self._open_attempt(conn, attempt_id, holder)
            count = conn.execute("SELECT COUNT(*) FROM decisions WHERE attempt_id = ?", (attempt_id,)).fetchone()[0]
            if step > count:
                raise ValueError(f"attempt {attempt_id} has {count} decisions; step {step} would leave a gap")
            conn.execute("DELETE FROM decisions WHERE attempt_id = ? AND step >= ?", (attempt_id, step))
            conn.execute(
                "INSERT INTO decisions (attempt_id, step, node_id, choice_id, at) VALUES (?, ?, ?, ?, ?)",
                (attempt_id, step, node_id, choice_id, stamp),
            )

    def decision_path(self, attempt_id: int) -> list[tuple[str, str]]:
        """The attempt's ``(node_id, choice_id)`` decisions in step order (empty for an unknown attempt).

        The brief called this method ``path``, but ``path`` is also the
        database-file attribute; a Python object cannot have both.
        """
        with self._read("lese valgene i et forsøk") as conn:
            rows = conn.execute(
                "SELECT node_id, choice_id FROM decisions WHERE attempt_id = ? ORDER BY step", (attempt_id,)
            ).fetchall()
        return [(node, choice) for node, choice in rows]

    def finish_attempt(
        self,
        attempt_id: int,
        ending: str,
        passed: bool,
        overall: int,
        areas: dict[str, int],
        broken_rules: list[str],
        followed_rules: list[str],
        *,
        holder: str | None = None,
        path: list[tuple[str, str]] | None = None,
    ) -> None:
        """Mark the attempt finished with its result, area scores and rule outcomes, in one transaction.

        Given *path* (the ``(node_id, choice_id)`` decisions the result was judged on), the result is stored only
        if those are exactly the stored decisions — a score always belongs to the stored path."""
        stamp = self._stamp()
        with self._write("lagre resultatet av et forsøk") as conn:
            self._open_attempt(conn, attempt_id, holder)
            if path is not None:
                stored = conn.execute(
                    "SELECT node_id, choice_id FROM decisions WHERE attempt_id = ? ORDER BY step", (attempt_id,)
                ).fetchall()
                if [tuple(row) for row in stored] != [tuple(step) for step in path]:
                    raise ProgressError(
                        "Resultatet ble ikke lagret: valgene som er lagret i forsøket, er ikke de samme som "
                        "valgene resultatet gjelder (var forsøket åpent i to vinduer?).",
                        self.path,
                    )
            conn.execute(
                "UPDATE attempts SET finished_at = ?, ending = ?, passed = ?, overall = ? WHERE id = ?",
                (stamp, ending, int(bool(passed)), int(overall), attempt_id),
            )
            conn.executemany(
                "INSERT INTO attempt_areas (attempt_id, area, score) VALUES (?, ?, ?)",
                [(attempt_id, area, int(score)) for area, score in areas.items()],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO attempt_rules (attempt_id, rule_id, outcome) VALUES (?, ?, ?)",
                [(attempt_id, rule, "brutt") for rule in broken_rules]
                + [(attempt_id, rule, "fulgt") for rule in followed_rules],
            )

    def end_attempt_removed(self, attempt_id: int, note: str) -> None:
        """End an attempt that cannot go on (its scenario was edited): finished, no ending or outcome, *note* kept."""
        stamp = self._stamp()
        with self._write("avslutte et forsøk") as conn:
            self._open_attempt(conn, attempt_id)
            conn.execute(
                "UPDATE attempts SET finished_at = ?, ending = NULL, passed = NULL, overall = NULL, note = ? "
                "WHERE id = ?",
                (stamp, note, attempt_id),
            )

    def unfinished(self, scenario_id: str | None = None) -> list[AttemptSummary]:
        """Attempts not finished yet (resumable), newest first, optionally for one scenario."""
        return self._summaries("a.finished_at IS NULL", scenario_id)

    def attempts(self, scenario_id: str | None = None) -> list[AttemptSummary]:
        """All attempts, newest first, optionally for one scenario."""
        return self._summaries("1", scenario_id)

    def _summaries(self, condition: str, scenario_id: str | None) -> list[AttemptSummary]:
        """Attempt summaries matching a fixed SQL *condition* and optional scenario, newest first."""
        sql = (
            f"{_SUMMARY_SQL} WHERE {condition} AND (? IS NULL OR a.scenario_id = ?) "
            "ORDER BY a.started_at DESC, a.id DESC"
        )
        with self._read("lese forsøkene") as conn:
            rows = conn.execute(sql, (scenario_id, scenario_id)).fetchall()
        return [_summary(row) for row in rows]

    def attempt(self, attempt_id: int) -> AttemptSummary | None:
        """One attempt, or None if there is no such attempt."""
        with self._read("lese et forsøk") as conn:
            row = conn.execute(f"{_SUMMARY_SQL} WHERE a.id = ?", (attempt_id,)).fetchone()
        return _summary(row) if row else None

    # ----------------------------------------------------------------- statistics

    def status_by_scenario(self) -> dict[str, ScenarioStatus]:
        """Per scenario that has any attempt: tried, passed, best score and last activity.

        Attempts ended by :meth:`end_attempt_removed` count as tried but not for
        ``passed`` or ``best``.
        """
        sql = """
            SELECT a.scenario_id,
                   MAX(a.passed),
                   MAX(CASE WHEN a.finished_at IS NOT NULL THEN a.overall END),
                   MAX(MAX(a.started_at, COALESCE(a.finished_at, ''),
                           COALESCE((SELECT MAX(d.at) FROM decisions d WHERE d.attempt_id = a.id), '')))
            FROM attempts a
            GROUP BY a.scenario_id
        """
        with self._read("lese status for scenarioene") as conn:
            rows = conn.execute(sql).fetchall()
        return {
            scenario: ScenarioStatus(
                tried=True,
                passed=None if passed is None else bool(passed),
                best=best,
                last_played=last or None,
            )
            for scenario, passed, best, last in rows
        }

    def area_history(self) -> dict[str, list[tuple[str, int]]]:
        """Per competence area, ``(finished_at, score)`` of every finished attempt, oldest first."""
        sql = """
            SELECT s.area, a.finished_at, s.score
            FROM attempt_areas s JOIN attempts a ON a.id = s.attempt_id
            WHERE a.finished_at IS NOT NULL
            ORDER BY a.finished_at, a.id
        """
        history: dict[str, list[tuple[str, int]]] = {}
        with self._read("lese utviklingen per kompetanseområde") as conn:
            for area, finished, score in conn.execute(sql):
                history.setdefault(area, []).append((finished, score))
        return history

    def rule_counts(self) -> list[tuple[str, int, int]]:
        """``(rule_id, times broken, times followed)`` over finished attempts, most broken first.

        Ties are ordered by fewest times followed, then rule id.
        """
        sql = """
            SELECT r.rule_id,
                   SUM(r.outcome = 'brutt') AS broken,
                   SUM(r.outcome = 'fulgt') AS followed
            FROM attempt_rules r JOIN attempts a ON a.id = r.attempt_id
            WHERE a.finished_at IS NOT NULL
            GROUP BY r.rule_id
            ORDER BY broken DESC, followed ASC, r.rule_id ASC
        """
        with self._read("lese regelstatistikken") as conn:
            rows = conn.execute(sql).fetchall()
        return [(rule, int(broken), int(followed)) for rule, broken, followed in rows]

    # ----------------------------------------------------------------- privacy

    def forget_learner(self, wait_seconds: float = 5.0) -> bool:
        """Delete ALL learner data: details, attempts, decisions, scores and rule outcomes.

        Returns True when the write-ahead log (which still holds the old pages) was emptied too; False when
        another program kept reading the database for ``wait_seconds`` — the old pages then stay in the log
        until that program closes and the next checkpoint runs."""
        with self._write("slette fremdriften") as conn:
            tables = ("decisions", "attempt_areas", "attempt_rules", "shared_attempts", "attempts", "learner")
            for table in (*tables, "sharing"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            conn.execute("DELETE FROM sqlite_sequence WHERE name = 'attempts'")
        deadline = time.monotonic() + wait_seconds
        with self._lock:
            conn = self._connection()
            conn.execute("PRAGMA busy_timeout = 200")  # short waits, so the deadline below decides
            try:
                while True:
                    try:
                        # Move the (zeroed) pages out of the WAL into the main file and truncate the WAL.
                        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    except sqlite3.Error:
                        busy = 1  # another connection holds a lock
                    if not busy:
                        return True
                    if time.monotonic() >= deadline:
                        return False
                    time.sleep(0.1)
            finally:
                conn.execute(f"PRAGMA busy_timeout = {self.BUSY_TIMEOUT_MS}")

    def export(self) -> dict[str, Any]:
        """Everything stored, as a JSON-ready dict: learner and attempts with decisions, areas and rules."""
        with self._read("eksportere fremdriften") as conn:
            learner_row = conn.execute("SELECT name, unit, role FROM learner WHERE id = 1").fetchone()
            attempts = [_summary(row) for row in conn.execute(f"{_SUMMARY_SQL} ORDER BY a.started_at, a.id")]
            decisions: dict[int, list[dict[str, Any]]] = {}
            for aid, step, node, choice, at in conn.execute(
                "SELECT attempt_id, step, node_id, choice_id, at FROM decisions ORDER BY attempt_id, step"
            ):
                decisions.setdefault(aid, []).append({"step": step, "node_id": node, "choice_id": choice, "at": at})
            areas: dict[int, dict[str, int]] = {}
            for aid, area, score in conn.execute("SELECT attempt_id, area, score FROM attempt_areas ORDER BY rowid"):
                areas.setdefault(aid, {})[area] = score
            rules: dict[int, dict[str, list[str]]] = {}
            for aid, rule, outcome in conn.execute(
                "SELECT attempt_id, rule_id, outcome FROM attempt_rules ORDER BY attempt_id, rule_id"
            ):
                rules.setdefault(aid, {"brutt": [], "fulgt": []})[outcome].append(rule)
        learner = Learner(*learner_row) if learner_row else Learner(None, None, None)
        return {
            "schema_version": SCHEMA_VERSION,
            "exported_at": self._stamp(),
            "learner": {"name": learner.name, "unit": learner.unit, "role": learner.role},
            "attempts": [
                {
                    "id": a.id,
                    "scenario_id": a.scenario_id,
                    "mode": a.mode,
                    "profile_id": a.profile_id,
                    "started_at": a.started_at,
                    "finished_at": a.finished_at,
                    "ending": a.ending,
                    "passed": a.passed,
                    "overall": a.overall,
                    "retry_of": a.retry_of,
                    "note": a.note,
                    "decisions": decisions.get(a.id, []),
                    "areas": areas.get(a.id, {}),
                    "rules": rules.get(a.id, {"brutt": [], "fulgt": []}),
                }
                for a in attempts
            ],
        }
