"""Workshops stored in SQLite as they happen: ``data_dir()/workshops.sqlite3``.

Every vote, hand count, phase change, reveal, branch, role-play round and card, note and participant entry
is committed the moment it arrives, each in its own short ``BEGIN IMMEDIATE`` transaction, so closing the program (or a
crash) in the middle of a session keeps everything recorded so far, and a workshop can be resumed.

Storage notes (the same choices as :mod:`trainer.progress`):

* WAL journal mode, ``synchronous=NORMAL``, a generous busy timeout: the voting server's thread and the
  facilitator's screen write through one connection guarded by a lock; other processes may open the
  file at the same time;
* the schema is versioned with ``PRAGMA user_version`` and upgraded by the forward-only scripts in
  :data:`MIGRATIONS`; a file from a newer BTI-trener is refused, not touched;
* device votes are stored under an anonymous key (a salted hash of the phone's random token);
  participant names are optional and deleted with ``secure_delete`` on, so they do not linger in the file;
* every storage failure is raised as :class:`WorkshopStoreError` with a Norwegian message naming the
  file, meant to be shown as is (no traceback).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trainer.paths import data_dir
from trainer.sqlite_store import SqliteStore, StoreError
from trainer.workshop.state import DecisionRecord, Note, ParticipantName, RestoreData, RoleplayRound, WorkshopInfo

FILE_NAME = "workshops.sqlite3"
"""Name of the workshop database inside :func:`trainer.paths.data_dir`."""

MIGRATIONS: list[str] = [
    # 0 -> 1: the first schema.
    """
    CREATE TABLE workshops (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        scenario_id      TEXT NOT NULL,
        scenario_title   TEXT NOT NULL,
        scenario_source  TEXT,
        profile_id       TEXT NOT NULL,
        theme            TEXT,
        unit             TEXT,
        kommune          TEXT,
        season           TEXT,
        plan_session_id  TEXT,
        arena            TEXT,
        facilitator      TEXT,
        device_salt      TEXT NOT NULL,
        started_at       TEXT NOT NULL,
        finished_at      TEXT,
        ending           TEXT,
        passed           INTEGER CHECK (passed IN (0, 1)),
        overall          INTEGER,
        decision_count   INTEGER
    );
    CREATE INDEX workshops_by_start ON workshops (started_at);
    CREATE INDEX workshops_by_plan ON workshops (season, plan_session_id);

    CREATE TABLE workshop_decisions (
        workshop_id        INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        step               INTEGER NOT NULL CHECK (step >= 0),
        node_id            TEXT NOT NULL,
        phase              TEXT NOT NULL,
        countdown_seconds  INTEGER,
        countdown_started  TEXT,
        opened_at          TEXT NOT NULL,
        revealed_at        TEXT,
        chosen             TEXT,
        majority           TEXT,
        overridden         INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),
        tie_break          INTEGER NOT NULL DEFAULT 0 CHECK (tie_break IN (0, 1)),
        reason             TEXT,
        decided_at         TEXT,
        PRIMARY KEY (workshop_id, step)
    ) WITHOUT ROWID;

    CREATE TABLE hand_counts (
        workshop_id  INTEGER NOT NULL,
        step         INTEGER NOT NULL,
        option       TEXT NOT NULL,
        count        INTEGER NOT NULL CHECK (count >= 0),
        at           TEXT NOT NULL,
        PRIMARY KEY (workshop_id, step, option),
        FOREIGN KEY (workshop_id, step) REFERENCES workshop_decisions (workshop_id, step) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE device_votes (
        workshop_id  INTEGER NOT NULL,
        step         INTEGER NOT NULL,
        device       TEXT NOT NULL,
        option       TEXT NOT NULL,
        at           TEXT NOT NULL,
        changes      INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (workshop_id, step, device),
        FOREIGN KEY (workshop_id, step) REFERENCES workshop_decisions (workshop_id, step) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE workshop_notes (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        workshop_id  INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        step         INTEGER,
        text         TEXT NOT NULL,
        at           TEXT NOT NULL
    );
    CREATE INDEX notes_by_workshop ON workshop_notes (workshop_id, id);

    CREATE TABLE participant_units (
        workshop_id  INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        unit         TEXT NOT NULL,
        count        INTEGER NOT NULL CHECK (count > 0),
        PRIMARY KEY (workshop_id, unit)
    ) WITHOUT ROWID;

    CREATE TABLE participant_names (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        workshop_id  INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        unit         TEXT
    );
    CREATE INDEX names_by_workshop ON participant_names (workshop_id);
    """,
    # 1 -> 2: the voting page's join code, so a resumed workshop keeps the code the phones already have.
    """
    ALTER TABLE workshops ADD COLUMN join_code TEXT;
    """,
    # 2 -> 3: the voting page's port, so a resumed workshop keeps the address the phones already have.
    """
    ALTER TABLE workshops ADD COLUMN vote_port INTEGER CHECK (vote_port BETWEEN 1 AND 65535);
    """,
    # 3 -> 4: the QR link's secret and the wrong typed codes against the join code (both kept across a
    # resume, so a restart neither breaks the QR code nor refills a guesser's budget), and the phones that
    # joined (anonymous keys, as for votes), so the presenter's count of joined phones survives a resume.
    """
    ALTER TABLE workshops ADD COLUMN join_secret TEXT;
    ALTER TABLE workshops ADD COLUMN wrong_codes INTEGER NOT NULL DEFAULT 0 CHECK (wrong_codes >= 0);
    CREATE TABLE joined_devices (
        workshop_id  INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        device       TEXT NOT NULL,
        joined_at    TEXT NOT NULL,
        PRIMARY KEY (workshop_id, device)
    ) WITHOUT ROWID;
    """,
    # 4 -> 5: role-play rounds before the vote (the role names as dealt, the timer, start and end) and which
    # phone (anonymous key) was dealt which card, so a resumed workshop shows every phone the same card; and
    # the order phones joined in (cards are dealt in it; older rows have none: read first, by time and key).
    """
    CREATE TABLE roleplay_rounds (
        workshop_id  INTEGER NOT NULL,
        step         INTEGER NOT NULL,
        roles        TEXT NOT NULL,
        seconds      INTEGER CHECK (seconds > 0),
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        PRIMARY KEY (workshop_id, step),
        FOREIGN KEY (workshop_id, step) REFERENCES workshop_decisions (workshop_id, step) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE TABLE roleplay_cards (
        workshop_id  INTEGER NOT NULL,
        step         INTEGER NOT NULL,
        device       TEXT NOT NULL,
        card         INTEGER NOT NULL CHECK (card >= 0),
        PRIMARY KEY (workshop_id, step, device),
        FOREIGN KEY (workshop_id, step) REFERENCES roleplay_rounds (workshop_id, step) ON DELETE CASCADE
    ) WITHOUT ROWID;
    ALTER TABLE joined_devices ADD COLUMN join_order INTEGER;
    """,
]
"""Forward-only schema migrations: ``MIGRATIONS[v]`` takes a database from ``user_version`` *v* to
*v + 1*. Never edit a released entry; append a new one."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The ``user_version`` this code writes and understands."""


class WorkshopStoreError(StoreError):
    """A problem with the workshop database; the message is Norwegian and names the file."""


@dataclass(frozen=True)
class WorkshopRow:
    """One workshop as the year's overview lists it (one CSV row)."""

    id: int
    """The workshop ID."""
    scenario_id: str
    """The scenario run."""
    scenario_title: str
    """Its title."""
    theme: str | None
    """The theme."""
    unit: str | None
    """The unit holding it."""
    season: str | None
    """The årshjul season."""
    plan_session_id: str | None
    """The årshjul session."""
    arena: str | None
    """The arena."""
    started_at: str
    """ISO 8601 UTC start."""
    finished_at: str | None
    """ISO 8601 UTC end (None when it was never ended)."""
    ending: str | None
    """The ending reached (None when stopped early or not ended)."""
    passed: bool | None
    """Passed, per the engine (None when not ended)."""
    overall: int | None
    """Overall score 0–100 (None when not ended)."""
    decisions: int
    """Decisions the group made."""
    participants: int
    """Participants (sum of the unit counts, or the number of names)."""

    @property
    def finished(self) -> bool:
        """True once the workshop was ended."""
        return self.finished_at is not None


@dataclass(frozen=True)
class VotingPage:
    """Where a workshop's voting page was and who may join it (kept for resuming)."""

    join_code: str | None
    """The join code, or None when the workshop never had a voting page."""
    port: int | None
    """The port, or None when none was recorded (older files, or no voting page)."""
    secret: str | None = None
    """The QR link's secret, or None when none was recorded."""
    wrong_codes: int = 0
    """Wrong typed codes counted against the join code."""


def default_path() -> Path:
    """The workshop database in the user's data folder (honours ``BTI_TRENER_DATA``)."""
    return data_dir() / FILE_NAME


class WorkshopStore(SqliteStore):
    """The workshop database. Implements :class:`trainer.workshop.state.Recorder`.

    One instance owns one SQLite connection, shared between threads (calls are serialised by a lock).
    ``now`` is an injectable clock for tests.
    """

    path: Path
    """The database file."""

    MIGRATIONS = MIGRATIONS
    ERROR = WorkshopStoreError
    LABEL = "workshop-fila"
    SAVED = "workshopen"
    FILE_NAME = FILE_NAME

    def _require(self, conn: sqlite3.Connection, workshop_id: int) -> None:
        if conn.execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone() is None:
            raise WorkshopStoreError(f"Workshop {workshop_id} finnes ikke i {self.path}.", self.path)

    # ----------------------------------------------------------------- recording (Recorder)

    def create_workshop(self, info: WorkshopInfo, device_salt: str) -> int:
        """Create a workshop and return its ID."""
        with self._write("starte en workshop") as conn:
            cursor = conn.execute(
                "INSERT INTO workshops (scenario_id, scenario_title, scenario_source, profile_id, theme, unit, "
                "kommune, "
                "season, plan_session_id, arena, facilitator, device_salt, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    info.scenario_id,
                    info.scenario_title,
                    info.scenario_source,
                    info.profile_id,
                    info.theme,
                    info.unit,
                    info.kommune,
                    info.season,
                    info.plan_session_id,
                    info.arena,
                    info.facilitator,
                    device_salt,
                    info.started_at or self._stamp(),
                ),
            )
            workshop_id = cursor.lastrowid
            assert workshop_id is not None
            return workshop_id

    def record_decision_opened(self, workshop_id: int, step: int, node_id: str) -> None:
        """A decision is shown.

        An undecided row for the same node is kept with its votes (resuming). A row that belongs to
        another path (a different node, or already decided) is dropped with every later step, and
        notes on those steps are kept as notes on the workshop.
        """
        with self._write("lagre en ny beslutning") as conn:
            self._require(conn, workshop_id)
            row = conn.execute(
                "SELECT node_id, chosen FROM workshop_decisions WHERE workshop_id = ? AND step = ?", (workshop_id, step)
            ).fetchone()
            if row is not None and row[0] == node_id and row[1] is None:
                return
            self._drop_from(conn, workshop_id, step)
            conn.execute(
                "INSERT INTO workshop_decisions (workshop_id, step, node_id, phase, opened_at) "
                "VALUES (?, ?, ?, 'intro', ?)",
                (workshop_id, step, node_id, self._stamp()),
            )

    def reopen_decision(self, workshop_id: int, step: int) -> None:
        """Undo the branch taken at ``step`` (its votes are kept) and drop every later step."""
        with self._write("åpne beslutningen igjen") as conn:
            self._drop_from(conn, workshop_id, step + 1)
            conn.execute(
                "UPDATE workshop_decisions SET chosen = NULL, majority = NULL, overridden = 0, tie_break = 0, "
                "reason = NULL, decided_at = NULL, phase = 'voting' WHERE workshop_id = ? AND step = ?",
                (workshop_id, step),
            )

    @staticmethod
    def _drop_from(conn: sqlite3.Connection, workshop_id: int, step: int) -> None:
        conn.execute("UPDATE workshop_notes SET step = NULL WHERE workshop_id = ? AND step >= ?", (workshop_id, step))
        conn.execute("DELETE FROM workshop_decisions WHERE workshop_id = ? AND step >= ?", (workshop_id, step))

    def record_phase(
        self, workshop_id: int, step: int, phase: str, countdown_seconds: int | None, countdown_started_at: str | None
    ) -> None:
        """A decision's phase or countdown changed."""
        with self._write("lagre fasen") as conn:
            revealed = self._stamp() if phase == "revealed" else None
            changed = conn.execute(
                "UPDATE workshop_decisions SET phase = ?, countdown_seconds = ?, countdown_started = ?, "
                "revealed_at = COALESCE(revealed_at, ?) WHERE workshop_id = ? AND step = ?",
                (phase, countdown_seconds, countdown_started_at, revealed, workshop_id, step),
            ).rowcount
            if not changed:
                raise WorkshopStoreError(
                    f"Beslutning {step + 1} i workshop {workshop_id} finnes ikke i {self.path}.", self.path
                )

    def record_hand_counts(self, workshop_id: int, step: int, counts: Mapping[str, int]) -> None:
        """Replace the raised hands per option at a decision."""
        stamp = self._stamp()
        with self._write("lagre håndsopprekningen") as conn:
            conn.execute("DELETE FROM hand_counts WHERE workshop_id = ? AND step = ?", (workshop_id, step))
            conn.executemany(
                "INSERT INTO hand_counts (workshop_id, step, option, count, at) VALUES (?, ?, ?, ?, ?)",
                [(workshop_id, step, option, count, stamp) for option, count in counts.items()],
            )

    def record_device_vote(self, workshop_id: int, step: int, device: str, option: str) -> bool:
        """One device's vote (its anonymous key); True when it replaced the device's earlier vote."""
        with self._write("lagre en stemme") as conn:
            before = conn.execute(
                "SELECT 1 FROM device_votes WHERE workshop_id = ? AND step = ? AND device = ?",
                (workshop_id, step, device),
            ).fetchone()
            conn.execute(
                "INSERT INTO device_votes (workshop_id, step, device, option, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (workshop_id, step, device) DO UPDATE SET option = excluded.option, at = excluded.at, "
                "changes = changes + 1",
                (workshop_id, step, device, option, self._stamp()),
            )
            return before is not None

    def record_choice(
        self,
        workshop_id: int,
        step: int,
        chosen: str,
        majority: str | None,
        overridden: bool,
        tie_break: bool,
        reason: str | None,
    ) -> None:
        """The branch taken at a decision."""
        with self._write("lagre valget") as conn:
            changed = conn.execute(
                "UPDATE workshop_decisions SET chosen = ?, majority = ?, overridden = ?, tie_break = ?, reason = ?, "
                "decided_at = ? WHERE workshop_id = ? AND step = ?",
                (chosen, majority, int(overridden), int(tie_break), reason, self._stamp(), workshop_id, step),
            ).rowcount
            if not changed:
                raise WorkshopStoreError(
                    f"Beslutning {step + 1} i workshop {workshop_id} finnes ikke i {self.path}.", self.path
                )

    def record_note(self, workshop_id: int, step: int | None, text: str) -> None:
        """A note on a decision (or on the workshop, ``step`` None)."""
        with self._write("lagre notatet") as conn:
            self._require(conn, workshop_id)
            conn.execute(
                "INSERT INTO workshop_notes (workshop_id, step, text, at) VALUES (?, ?, ?, ?)",
                (workshop_id, step, text, self._stamp()),
            )

    def record_roleplay(self, workshop_id: int, step: int, round_: RoleplayRound) -> None:
        """A decision's role-play round as it now stands (started, restarted or ended), with every card dealt."""
        with self._write("lagre rollespillet") as conn:
            exists = conn.execute(
                "SELECT 1 FROM workshop_decisions WHERE workshop_id = ? AND step = ?", (workshop_id, step)
            ).fetchone()
            if exists is None:
                raise WorkshopStoreError(
                    f"Beslutning {step + 1} i workshop {workshop_id} finnes ikke i {self.path}.", self.path
                )
            conn.execute(
                "INSERT INTO roleplay_rounds (workshop_id, step, roles, seconds, started_at, ended_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workshop_id, step) DO UPDATE SET roles = excluded.roles, "
                "seconds = excluded.seconds, started_at = excluded.started_at, ended_at = excluded.ended_at",
                (workshop_id, step, json.dumps(list(round_.roles), ensure_ascii=False), round_.seconds,
                 round_.started_at, round_.ended_at),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO roleplay_cards (workshop_id, step, device, card) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (workshop_id, step, device) DO NOTHING",
                [(workshop_id, step, device, card) for device, card in round_.cards.items()],
            )

    def record_role_card(self, workshop_id: int, step: int, device: str, card: int) -> None:
        """One phone dealt a card in a running round (a phone that joined late); a card once dealt is kept."""
        with self._write("lagre et rollekort") as conn:
            conn.execute(
                "INSERT INTO roleplay_cards (workshop_id, step, device, card) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (workshop_id, step, device) DO NOTHING",
                (workshop_id, step, device, card),
            )

    def record_voting_page(self, workshop_id: int, page: VotingPage) -> None:
        """The join code, port, QR secret and wrong-code count of the workshop's voting page (kept when the
        workshop is resumed)."""
        port = page.port if page.port is not None and 0 < page.port < 65536 else None
        with self._write("lagre koden til stemmesiden") as conn:
            self._require(conn, workshop_id)
            conn.execute(
                "UPDATE workshops SET join_code = ?, vote_port = ?, join_secret = ?, wrong_codes = ? WHERE id = ?",
                (page.join_code, port, page.secret, max(0, page.wrong_codes), workshop_id),
            )

    def voting_page(self, workshop_id: int) -> VotingPage:
        """What was last recorded of the workshop's voting page (code and port None when it had none)."""
        with self._read("lese koden til stemmesiden") as conn:
            row = conn.execute(
                "SELECT join_code, vote_port, join_secret, wrong_codes FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
        return VotingPage(row[0], row[1], row[2], row[3]) if row is not None else VotingPage(None, None)

    def record_join(self, workshop_id: int, device: str) -> None:
        """A phone joined the voting page (its anonymous key); joining again changes nothing."""
        with self._write("lagre en telefon som ble med") as conn:
            conn.execute(
                "INSERT INTO joined_devices (workshop_id, device, joined_at, join_order) VALUES (?, ?, ?, "
                "(SELECT COALESCE(MAX(join_order), 0) + 1 FROM joined_devices WHERE workshop_id = ?)) "
                "ON CONFLICT (workshop_id, device) DO NOTHING",
                (workshop_id, device, self._stamp(), workshop_id),
            )

    def record_unit_count(self, workshop_id: int, unit: str, count: int) -> None:
        """Participants from one unit (0 removes the unit)."""
        with self._write("lagre antall deltakere") as conn:
            self._require(conn, workshop_id)
            if count:
                conn.execute(
                    "INSERT INTO participant_units (workshop_id, unit, count) VALUES (?, ?, ?) "
                    "ON CONFLICT (workshop_id, unit) DO UPDATE SET count = excluded.count",
                    (workshop_id, unit, count),
                )
            else:
                conn.execute("DELETE FROM participant_units WHERE workshop_id = ? AND unit = ?", (workshop_id, unit))

    def add_participant_name(self, workshop_id: int, name: str, unit: str | None) -> int:
        """An optional participant name; returns its ID."""
        with self._write("lagre et navn") as conn:
            self._require(conn, workshop_id)
            cursor = conn.execute(
                "INSERT INTO participant_names (workshop_id, name, unit) VALUES (?, ?, ?)", (workshop_id, name, unit)
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def delete_participant_name(self, workshop_id: int, name_id: int) -> bool:
        """Delete one participant name; True when it existed."""
        with self._write("slette et navn") as conn:
            return (
                conn.execute(
                    "DELETE FROM participant_names WHERE workshop_id = ? AND id = ?", (workshop_id, name_id)
                ).rowcount
                > 0
            )

    def delete_participant_names(self, workshop_id: int) -> int:
        """Delete every participant name of one workshop; returns how many."""
        with self._write("slette navnene") as conn:
            return conn.execute("DELETE FROM participant_names WHERE workshop_id = ?", (workshop_id,)).rowcount

    def delete_all_participant_names(self) -> int:
        """Delete every participant name in the file (all workshops); returns how many."""
        with self._write("slette alle navn") as conn:
            return conn.execute("DELETE FROM participant_names").rowcount

    def record_finish(
        self, workshop_id: int, ending: str | None, passed: bool | None, overall: int | None, decisions: int
    ) -> None:
        """The workshop was ended; its result is kept for the year's overview."""
        with self._write("avslutte workshopen") as conn:
            self._require(conn, workshop_id)
            conn.execute(
                "UPDATE workshops SET finished_at = ?, ending = ?, passed = ?, overall = ?, decision_count = ? "
                "WHERE id = ?",
                (self._stamp(), ending, None if passed is None else int(passed), overall, decisions, workshop_id),
            )

    # ----------------------------------------------------------------- reading

    def device_votes(self, workshop_id: int, step: int) -> dict[str, str]:
        """Anonymous device key → option at one decision, as stored."""
        with self._read("lese stemmene") as conn:
            rows = conn.execute(
                "SELECT device, option FROM device_votes WHERE workshop_id = ? AND step = ?", (workshop_id, step)
            ).fetchall()
        return dict(rows)

    def participant_names(self, workshop_id: int) -> list[ParticipantName]:
        """The participant names of one workshop, in the order given."""
        with self._read("lese navnene") as conn:
            rows = conn.execute(
                "SELECT id, name, unit FROM participant_names WHERE workshop_id = ? ORDER BY id", (workshop_id,)
            ).fetchall()
        return [ParticipantName(id=i, name=n, unit=u) for i, n, u in rows]

    def workshops(self, season: str | None = None) -> list[WorkshopRow]:
        """Every workshop (or those of one årshjul season), oldest first."""
        where, params = ("WHERE w.season = ?", (season,)) if season else ("", ())
        sql = f"""
            SELECT w.id, w.scenario_id, w.scenario_title, w.theme, w.unit, w.season, w.plan_session_id, w.arena,
                   w.started_at, w.finished_at, w.ending, w.passed, w.overall,
                   COALESCE(w.decision_count,
                            (SELECT COUNT(*) FROM workshop_decisions d
                             WHERE d.workshop_id = w.id AND d.chosen IS NOT NULL)),
                   COALESCE(NULLIF((SELECT SUM(count) FROM participant_units u WHERE u.workshop_id = w.id), 0),
                            (SELECT COUNT(*) FROM participant_names n WHERE n.workshop_id = w.id))
            FROM workshops w {where} ORDER BY w.started_at, w.id
        """
        with self._read("lese workshopene") as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            WorkshopRow(
                id=r[0],
                scenario_id=r[1],
                scenario_title=r[2],
                theme=r[3],
                unit=r[4],
                season=r[5],
                plan_session_id=r[6],
                arena=r[7],
                started_at=r[8],
                finished_at=r[9],
                ending=r[10],
                passed=None if r[11] is None else bool(r[11]),
                overall=r[12],
                decisions=r[13] or 0,
                participants=r[14] or 0,
            )
            for r in rows
        ]

    def workshop(self, workshop_id: int) -> WorkshopRow | None:
        """One workshop's overview row."""
        return next((w for w in self.workshops() if w.id == workshop_id), None)

    def unfinished(self) -> list[WorkshopRow]:
        """The workshops that were never ended, the most recently started first (to offer resuming them)."""
        return [w for w in reversed(self.workshops()) if not w.finished]

    def restore_data(self, workshop_id: int) -> RestoreData:
        """Everything recorded for one workshop, to rebuild it with :meth:`WorkshopSession.restore`."""
        with self._read("lese workshopen") as conn:
            row = conn.execute(
                "SELECT scenario_id, scenario_title, profile_id, theme, unit, kommune, season, plan_session_id, arena, "
                "facilitator, started_at, device_salt, finished_at, scenario_source FROM workshops WHERE id = ?",
                (workshop_id,),
            ).fetchone()
            if row is None:
                raise WorkshopStoreError(f"Workshop {workshop_id} finnes ikke i {self.path}.", self.path)
            info = WorkshopInfo(
                scenario_id=row[0],
                scenario_title=row[1],
                profile_id=row[2],
                theme=row[3],
                unit=row[4],
                kommune=row[5],
                season=row[6],
                plan_session_id=row[7],
                arena=row[8],
                facilitator=row[9],
                started_at=row[10],
                scenario_source=row[13],
            )
            decisions: list[DecisionRecord] = []
            for d in conn.execute(
                "SELECT step, node_id, phase, countdown_seconds, countdown_started, chosen, majority, overridden, "
                "tie_break, reason FROM workshop_decisions WHERE workshop_id = ? ORDER BY step",
                (workshop_id,),
            ):
                hands = dict(
                    conn.execute(
                        "SELECT option, count FROM hand_counts WHERE workshop_id = ? AND step = ?", (workshop_id, d[0])
                    ).fetchall()
                )
                votes = dict(
                    conn.execute(
                        "SELECT device, option FROM device_votes WHERE workshop_id = ? AND step = ?",
                        (workshop_id, d[0]),
                    ).fetchall()
                )
                options = tuple(dict.fromkeys([*hands, *votes.values()]))
                decisions.append(
                    DecisionRecord(
                        step=d[0],
                        node_id=d[1],
                        options=options,
                        phase=d[2],
                        countdown_seconds=d[3],
                        countdown_started_at=d[4],
                        hands=hands,
                        device_votes=votes,
                        chosen=d[5],
                        majority=d[6],
                        overridden=bool(d[7]),
                        tie_break=bool(d[8]),
                        reason=d[9],
                    )
                )
            join_order = [
                key
                for (key,) in conn.execute(
                    "SELECT device FROM joined_devices WHERE workshop_id = ? "
                    "ORDER BY join_order IS NOT NULL, join_order, joined_at, device",  # rows from before schema 5 first
                    (workshop_id,),
                )
            ]
            joined = set(join_order)
            by_step_round = {d.step: d for d in decisions}
            for step, roles, seconds, started, ended in conn.execute(
                "SELECT step, roles, seconds, started_at, ended_at FROM roleplay_rounds WHERE workshop_id = ?",
                (workshop_id,),
            ).fetchall():
                cards = dict(
                    conn.execute(
                        "SELECT device, card FROM roleplay_cards WHERE workshop_id = ? AND step = ?",
                        (workshop_id, step),
                    ).fetchall()
                )
                if step in by_step_round:
                    by_step_round[step].roleplay = RoleplayRound(
                        started_at=started, seconds=seconds, roles=tuple(json.loads(roles)), cards=cards,
                        ended_at=ended,
                    )  # fmt: skip
            general: list[Note] = []
            by_step = {d.step: d for d in decisions}
            for step, text, at in conn.execute(
                "SELECT step, text, at FROM workshop_notes WHERE workshop_id = ? ORDER BY id", (workshop_id,)
            ):
                note = Note(step=step, text=text, at=at)
                if step is not None and step in by_step:
                    by_step[step].notes.append(note)
                else:
                    general.append(note)
            units = dict(
                conn.execute(
                    "SELECT unit, count FROM participant_units WHERE workshop_id = ? ORDER BY unit", (workshop_id,)
                ).fetchall()
            )
            names = [
                ParticipantName(id=i, name=n, unit=u)
                for i, n, u in conn.execute(
                    "SELECT id, name, unit FROM participant_names WHERE workshop_id = ? ORDER BY id", (workshop_id,)
                )
            ]
        return RestoreData(
            workshop_id=workshop_id,
            info=info,
            device_salt=row[11],
            decisions=decisions,
            general_notes=general,
            unit_counts=units,
            names=names,
            ended=row[12] is not None,
            joined=joined,
            join_order=join_order,
        )
