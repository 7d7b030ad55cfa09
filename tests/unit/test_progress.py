"""Tests for trainer.progress: the learner's progress database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from trainer.progress import (
    FILE_NAME,
    SCHEMA_VERSION,
    AttemptSummary,
    Learner,
    ProgressError,
    ProgressStore,
    ScenarioStatus,
)

START = datetime(2025, 3, 1, 9, 0, 0, tzinfo=UTC)


class Clock:
    """A deterministic clock: every call is one minute later than the previous one."""

    def __init__(self, start: datetime = START) -> None:
        """Start at *start*."""
        self.current = start - timedelta(minutes=1)

    def __call__(self) -> datetime:
        """Advance one minute and return the time."""
        self.current += timedelta(minutes=1)
        return self.current

    def stamp(self) -> str:
        """The last returned time as the store writes it."""
        return self.current.isoformat(timespec="seconds")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh database path in a temporary folder."""
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def clock() -> Clock:
    """A fresh deterministic clock."""
    return Clock()


@pytest.fixture
def store(db: Path, clock: Clock) -> Iterator[ProgressStore]:
    """An open store on a fresh database with the deterministic clock."""
    with ProgressStore(db, now=clock) as s:
        yield s


def finish(store: ProgressStore, aid: int, *, passed: bool = True, overall: int = 70, **kw: object) -> None:
    """Finish *aid* with defaults for the arguments a test does not care about."""
    store.finish_attempt(
        aid,
        ending=str(kw.get("ending", "slutt")),
        passed=passed,
        overall=overall,
        areas=kw.get("areas", {}),  # type: ignore[arg-type]
        broken_rules=kw.get("broken", []),  # type: ignore[arg-type]
        followed_rules=kw.get("followed", []),  # type: ignore[arg-type]
    )


def table_counts(path: Path) -> dict[str, int]:
    """Row counts of every table, read through a separate raw connection."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


# --------------------------------------------------------------------------- opening and settings


def test_connection_settings(store: ProgressStore) -> None:
    conn = store._conn
    assert conn is not None
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_default_path_uses_data_dir_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BTI_TRENER_DATA", str(tmp_path / "data"))
    with ProgressStore() as s:
        assert s.path == tmp_path / "data" / FILE_NAME
        s.set_learner("Kari", None, None)
    assert (tmp_path / "data" / FILE_NAME).is_file()


def test_explicit_path_creates_missing_parent(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "p.sqlite3"
    with ProgressStore(path) as s:
        assert s.path == path
    assert path.is_file()


def test_data_survives_close_and_reopen(db: Path, clock: Clock) -> None:
    with ProgressStore(db, now=clock) as s:
        s.set_learner("Kari", "Helsestasjonen", "Helsesykepleier")
        aid = s.start_attempt("sc1", "øving", "standard")
        s.record_decision(aid, 0, "n1", "c1")
    with ProgressStore(db, now=clock) as s:
        assert s.get_learner() == Learner("Kari", "Helsestasjonen", "Helsesykepleier")
        assert s.decision_path(aid) == [("n1", "c1")]
        assert [a.id for a in s.unfinished()] == [aid]


def test_closed_store_raises_progress_error(db: Path) -> None:
    s = ProgressStore(db)
    s.close()
    s.close()  # idempotent
    with pytest.raises(ProgressError, match="lukket") as info:
        s.get_learner()
    assert str(db) in str(info.value)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ProgressError) as info:
        ProgressStore(tmp_path)
    assert str(tmp_path) in str(info.value)
    assert "mappe" in str(info.value)


# --------------------------------------------------------------------------- migrations and bad files


def test_version_zero_database_is_migrated(db: Path) -> None:
    conn = sqlite3.connect(db)  # a real SQLite file at user_version 0 with no tables
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    assert db.stat().st_size > 0
    with ProgressStore(db) as s:
        aid = s.start_attempt("sc", "øving", "p")
        s.record_decision(aid, 0, "n", "c")
        assert s.decision_path(aid) == [("n", "c")]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert {"learner", "attempts", "decisions", "attempt_areas", "attempt_rules"} <= tables


def test_newer_database_is_refused_in_norwegian(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    with pytest.raises(ProgressError) as info:
        ProgressStore(db)
    message = str(info.value)
    assert str(db) in message
    assert "nyere versjon av BTI-trener" in message
    assert "999" in message
    assert info.value.path == db
    conn = sqlite3.connect(db)
    try:  # the newer file is left alone
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 999
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


@pytest.mark.parametrize("content", [b"dette er ingen database\n", b"\x00\xff" * 4096])
def test_garbage_file_is_refused_naming_the_file(db: Path, content: bytes) -> None:
    db.write_bytes(content)
    with pytest.raises(ProgressError) as info:
        ProgressStore(db)
    message = str(info.value)
    assert str(db) in message
    assert "skadet" in message
    assert db.read_bytes() == content  # not touched


def test_concurrent_first_open_migrates_once(db: Path) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def opener() -> None:
        try:
            barrier.wait()
            with ProgressStore(db) as s:
                s.start_attempt("sc", "øving", "p")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with ProgressStore(db) as s:
        assert len(s.attempts()) == 4


# --------------------------------------------------------------------------- learner


def test_learner_round_trip(store: ProgressStore) -> None:
    assert store.get_learner() == Learner(None, None, None)
    store.set_learner("Ola Nordmann", "Barnevernet", "Saksbehandler")
    assert store.get_learner() == Learner("Ola Nordmann", "Barnevernet", "Saksbehandler")
    store.set_learner("Ola", None, "  ")
    assert store.get_learner() == Learner("Ola", None, None)


# --------------------------------------------------------------------------- attempts and decisions


def test_start_attempt_round_trip(store: ProgressStore, clock: Clock) -> None:
    aid = store.start_attempt("bekymring-1", "øving", "standard")
    started = clock.stamp()
    assert started == "2025-03-01T09:00:00+00:00"
    assert store.attempt(aid) == AttemptSummary(
        id=aid,
        scenario_id="bekymring-1",
        mode="øving",
        profile_id="standard",
        started_at=started,
        finished_at=None,
        ending=None,
        passed=None,
        overall=None,
        decisions=0,
        retry_of=None,
    )
    assert store.attempt(aid + 1000) is None
    assert store.decision_path(aid) == []


def test_record_decision_and_path(store: ProgressStore) -> None:
    aid = store.start_attempt("sc", "øving", "p")
    for step, (node, choice) in enumerate([("n1", "a"), ("n2", "b"), ("n3", "c")]):
        store.record_decision(aid, step, node, choice)
    assert store.decision_path(aid) == [("n1", "a"), ("n2", "b"), ("n3", "c")]
    summary = store.attempt(aid)
    assert summary is not None and summary.decisions == 3


def test_record_decision_rewinds(store: ProgressStore) -> None:
    aid = store.start_attempt("sc", "øving", "p")
    for step in range(4):
        store.record_decision(aid, step, f"n{step}", "x")
    store.record_decision(aid, 1, "n1", "other")
    assert store.decision_path(aid) == [("n0", "x"), ("n1", "other")]
    store.record_decision(aid, 0, "n0", "y")
    assert store.decision_path(aid) == [("n0", "y")]
    summary = store.attempt(aid)
    assert summary is not None and summary.decisions == 1
    store.record_decision(aid, 1, "n9", "z")  # appending again after a rewind
    assert store.decision_path(aid) == [("n0", "y"), ("n9", "z")]


def test_record_decision_rejects_bad_steps(store: ProgressStore) -> None:
    aid = store.start_attempt("sc", "øving", "p")
    store.record_decision(aid, 0, "n0", "a")
    with pytest.raises(ValueError):
        store.record_decision(aid, -1, "n", "c")
    with pytest.raises(ValueError):
        store.record_decision(aid, 2, "n", "c")  # would leave step 1 empty
    assert store.decision_path(aid) == [("n0", "a")]  # failed call changed nothing


def test_record_decision_on_unknown_or_finished_attempt(store: ProgressStore) -> None:
    with pytest.raises(ProgressError, match="finnes ikke"):
        store.record_decision(12345, 0, "n", "c")
    aid = store.start_attempt("sc", "øving", "p")
    store.record_decision(aid, 0, "n0", "a")
    finish(store, aid)
    with pytest.raises(ProgressError, match="allerede avsluttet"):
        store.record_decision(aid, 1, "n1", "b")
    with pytest.raises(ProgressError, match="allerede avsluttet"):
        finish(store, aid)
    with pytest.raises(ProgressError, match="allerede avsluttet"):
        store.end_attempt_removed(aid, "endret")
    assert store.decision_path(aid) == [("n0", "a")]


def test_retry_copies_prefix(store: ProgressStore) -> None:
    first = store.start_attempt("sc", "øving", "p")
    for step, node in enumerate(["n0", "n1", "n2"]):
        store.record_decision(first, step, node, f"c{step}")
    finish(store, first, passed=False, overall=30)

    prefix = store.decision_path(first)[:2]
    retry = store.start_attempt("sc", "øving", "p", prefix=prefix, retry_of=first)
    assert store.decision_path(retry) == [("n0", "c0"), ("n1", "c1")]
    summary = store.attempt(retry)
    assert summary is not None
    assert summary.retry_of == first
    assert summary.decisions == 2
    assert summary.finished_at is None
    store.record_decision(retry, 2, "n2", "better")
    assert store.decision_path(retry) == [("n0", "c0"), ("n1", "c1"), ("n2", "better")]
    assert store.decision_path(first) == [("n0", "c0"), ("n1", "c1"), ("n2", "c2")]  # original untouched


def test_retry_of_unknown_attempt_is_refused(store: ProgressStore) -> None:
    with pytest.raises(ProgressError, match="finnes ikke"):
        store.start_attempt("sc", "øving", "p", retry_of=999)
    assert store.attempts() == []


def test_finish_attempt_round_trip(store: ProgressStore, clock: Clock) -> None:
    aid = store.start_attempt("sc", "prøve", "p")
    store.record_decision(aid, 0, "n0", "a")
    store.finish_attempt(aid, "god-slutt", True, 85, {"samarbeid": 90, "dokumentasjon": 70}, ["R2"], ["R1", "R3"])
    finished = clock.stamp()
    summary = store.attempt(aid)
    assert summary is not None
    assert summary.finished_at == finished
    assert (summary.ending, summary.passed, summary.overall, summary.decisions) == ("god-slutt", True, 85, 1)
    assert summary.finished
    assert store.unfinished() == []
    assert [a.id for a in store.attempts()] == [aid]
    assert store.area_history() == {"samarbeid": [(finished, 90)], "dokumentasjon": [(finished, 70)]}
    assert store.rule_counts() == [("R2", 1, 0), ("R1", 0, 1), ("R3", 0, 1)]


def test_failed_attempt_stores_passed_false(store: ProgressStore) -> None:
    aid = store.start_attempt("sc", "øving", "p")
    finish(store, aid, passed=False, overall=10)
    summary = store.attempt(aid)
    assert summary is not None and summary.passed is False and summary.overall == 10


def test_end_attempt_removed(store: ProgressStore, clock: Clock) -> None:
    aid = store.start_attempt("sc", "øving", "p")
    store.record_decision(aid, 0, "borte", "x")
    store.end_attempt_removed(aid, "Scenarioet er endret siden forsøket ble startet.")
    summary = store.attempt(aid)
    assert summary is not None
    assert summary.finished_at == clock.stamp()
    assert (summary.ending, summary.passed, summary.overall) == (None, None, None)
    assert summary.note == "Scenarioet er endret siden forsøket ble startet."
    assert store.unfinished() == []
    assert store.decision_path(aid) == [("borte", "x")]  # history kept
    assert store.status_by_scenario()["sc"] == ScenarioStatus(
        tried=True, passed=None, best=None, last_played=clock.stamp()
    )
    assert store.export()["attempts"][0]["note"] == "Scenarioet er endret siden forsøket ble startet."


def test_unfinished_and_attempts_newest_first_and_filtered(store: ProgressStore) -> None:
    a = store.start_attempt("sc-a", "øving", "p")
    b = store.start_attempt("sc-b", "øving", "p")
    c = store.start_attempt("sc-a", "prøve", "p")
    d = store.start_attempt("sc-a", "øving", "p")
    finish(store, c)
    assert [x.id for x in store.attempts()] == [d, c, b, a]
    assert [x.id for x in store.unfinished()] == [d, b, a]
    assert [x.id for x in store.unfinished("sc-a")] == [d, a]
    assert [x.id for x in store.attempts("sc-a")] == [d, c, a]
    assert store.unfinished("ukjent") == []
    assert all(x.finished_at is None for x in store.unfinished())


def test_same_second_attempts_ordered_by_id(db: Path) -> None:
    fixed = datetime(2025, 1, 1, tzinfo=UTC)
    with ProgressStore(db, now=lambda: fixed) as s:
        ids = [s.start_attempt("sc", "øving", "p") for _ in range(3)]
        assert [x.id for x in s.attempts()] == ids[::-1]


def test_clock_is_normalised_to_utc(db: Path) -> None:
    oslo = timezone(timedelta(hours=2))
    with ProgressStore(db, now=lambda: datetime(2025, 6, 1, 14, 30, 15, 999, tzinfo=oslo)) as s:
        aid = s.start_attempt("sc", "øving", "p")
        summary = s.attempt(aid)
        assert summary is not None and summary.started_at == "2025-06-01T12:30:15+00:00"
    with ProgressStore(db, now=lambda: datetime(2025, 6, 1, 14, 30, 15)) as s:  # naive = UTC
        aid = s.start_attempt("sc", "øving", "p")
        summary = s.attempt(aid)
        assert summary is not None and summary.started_at == "2025-06-01T14:30:15+00:00"


def test_real_clock_writes_iso_utc(db: Path) -> None:
    with ProgressStore(db) as s:
        aid = s.start_attempt("sc", "øving", "p")
        summary = s.attempt(aid)
    assert summary is not None
    parsed = datetime.fromisoformat(summary.started_at)
    assert parsed.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - parsed) < timedelta(minutes=5)


# --------------------------------------------------------------------------- statistics


def test_status_by_scenario(store: ProgressStore, clock: Clock) -> None:
    a1 = store.start_attempt("sc-a", "øving", "p")
    finish(store, a1, passed=False, overall=40)
    a2 = store.start_attempt("sc-a", "øving", "p")
    finish(store, a2, passed=True, overall=80)
    a3 = store.start_attempt("sc-a", "øving", "p")
    finish(store, a3, passed=False, overall=60)
    a_last = clock.stamp()

    b1 = store.start_attempt("sc-b", "øving", "p")
    finish(store, b1, passed=False, overall=55)
    b2 = store.start_attempt("sc-b", "øving", "p")
    store.record_decision(b2, 0, "n", "c")  # unfinished, later than the finished one
    b_last = clock.stamp()

    store.start_attempt("sc-c", "øving", "p")
    c_last = clock.stamp()

    status = store.status_by_scenario()
    assert status == {
        "sc-a": ScenarioStatus(tried=True, passed=True, best=80, last_played=a_last),
        "sc-b": ScenarioStatus(tried=True, passed=False, best=55, last_played=b_last),
        "sc-c": ScenarioStatus(tried=True, passed=None, best=None, last_played=c_last),
    }
    assert "sc-d" not in status


def test_area_history_is_ordered_by_finish_time(store: ProgressStore) -> None:
    first = store.start_attempt("sc", "øving", "p")
    second = store.start_attempt("sc", "øving", "p")
    unfinished = store.start_attempt("sc", "øving", "p")
    finish(store, second, areas={"samarbeid": 50, "barnets-stemme": 20})
    t_second = store.attempt(second).finished_at  # type: ignore[union-attr]
    finish(store, first, areas={"samarbeid": 75})
    t_first = store.attempt(first).finished_at  # type: ignore[union-attr]
    assert t_second is not None and t_first is not None and t_second < t_first
    assert store.area_history() == {
        "samarbeid": [(t_second, 50), (t_first, 75)],
        "barnets-stemme": [(t_second, 20)],
    }
    assert store.attempt(unfinished) is not None


def test_rule_counts(store: ProgressStore) -> None:
    finish(store, store.start_attempt("sc", "øving", "p"), broken=["R1", "R2"], followed=["R3"])
    finish(store, store.start_attempt("sc", "øving", "p"), broken=["R1"], followed=["R2", "R3"])
    finish(store, store.start_attempt("sc2", "øving", "p"), broken=["R1", "R4"], followed=["R3"])
    store.start_attempt("sc", "øving", "p")  # unfinished: no rules
    # most broken first; ties: fewest times followed first, then rule id
    assert store.rule_counts() == [("R1", 3, 0), ("R4", 1, 0), ("R2", 1, 1), ("R3", 0, 3)]


def test_empty_statistics(store: ProgressStore) -> None:
    assert store.status_by_scenario() == {}
    assert store.area_history() == {}
    assert store.rule_counts() == []
    assert store.attempts() == []
    assert store.unfinished() == []


# --------------------------------------------------------------------------- privacy and export


def test_forget_learner_empties_everything(store: ProgressStore, db: Path) -> None:
    store.set_learner("Kari", "Skolen", "Lærer")
    first = store.start_attempt("sc", "øving", "p")
    store.record_decision(first, 0, "n", "c")
    finish(store, first, areas={"samarbeid": 50}, broken=["R1"], followed=["R2"])
    second = store.start_attempt("sc", "øving", "p", prefix=[("n", "c")], retry_of=first)
    assert second

    store.forget_learner()

    assert store.get_learner() == Learner(None, None, None)
    assert store.attempts() == []
    assert store.unfinished() == []
    assert store.status_by_scenario() == {}
    assert store.area_history() == {}
    assert store.rule_counts() == []
    assert store.export()["attempts"] == []
    counts = table_counts(db)
    assert {t: n for t, n in counts.items() if n and t != "sqlite_sequence"} == {}
    # the store is still usable afterwards
    again = store.start_attempt("sc", "øving", "p")
    assert [a.id for a in store.attempts()] == [again]


def test_forget_learner_leaves_no_name_in_files(store: ProgressStore, db: Path) -> None:
    store.set_learner("Sjeldentnavn Hemmeligsen", "Enhet", "Rolle")
    store.forget_learner()
    store.close()
    for path in db.parent.iterdir():
        if path.name.startswith(db.name):
            assert b"Hemmeligsen" not in path.read_bytes(), path


def test_export_contains_everything(store: ProgressStore) -> None:
    store.set_learner("Kari", "Skolen", "Lærer")
    first = store.start_attempt("sc", "øving", "p")
    store.record_decision(first, 0, "n0", "c0")
    store.record_decision(first, 1, "n1", "c1")
    store.finish_attempt(first, "slutt", False, 42, {"samarbeid": 42}, ["R1"], ["R2"])
    second = store.start_attempt("sc", "prøve", "q", prefix=[("n0", "c0")], retry_of=first)

    data = store.export()
    assert json.loads(json.dumps(data)) == data  # JSON-ready
    assert data["learner"] == {"name": "Kari", "unit": "Skolen", "role": "Lærer"}
    by_id = {a["id"]: a for a in data["attempts"]}
    assert set(by_id) == {first, second}
    one = by_id[first]
    assert [(d["step"], d["node_id"], d["choice_id"]) for d in one["decisions"]] == [(0, "n0", "c0"), (1, "n1", "c1")]
    assert all(d["at"] for d in one["decisions"])
    assert (one["ending"], one["passed"], one["overall"]) == ("slutt", False, 42)
    assert one["areas"] == {"samarbeid": 42}
    assert one["rules"] == {"brutt": ["R1"], "fulgt": ["R2"]}
    two = by_id[second]
    assert two["retry_of"] == first
    assert two["mode"] == "prøve" and two["profile_id"] == "q"
    assert [(d["node_id"], d["choice_id"]) for d in two["decisions"]] == [("n0", "c0")]
    assert two["finished_at"] is None


# --------------------------------------------------------------------------- concurrency


def test_two_stores_writing_interleaved_from_two_threads(db: Path) -> None:
    per_thread = 200
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    attempt_ids: dict[str, int] = {}

    def worker(name: str, make_store: Callable[[], ProgressStore]) -> None:
        try:
            with make_store() as s:
                aid = s.start_attempt(f"sc-{name}", "øving", "p")
                attempt_ids[name] = aid
                barrier.wait(timeout=30)
                for step in range(per_thread):
                    s.record_decision(aid, step, f"{name}-n{step}", f"c{step}")
                    if step % 50 == 0:
                        s.set_learner(name, None, None)
                        s.attempts()
                finish(s, aid, overall=per_thread)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(n, lambda: ProgressStore(db))) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    with ProgressStore(db) as s:
        for name, aid in attempt_ids.items():
            assert s.decision_path(aid) == [(f"{name}-n{i}", f"c{i}") for i in range(per_thread)]
            summary = s.attempt(aid)
            assert summary is not None and summary.decisions == per_thread and summary.overall == per_thread
    assert table_counts(db)["decisions"] == 2 * per_thread


def test_one_store_shared_between_threads(store: ProgressStore) -> None:
    aids = [store.start_attempt("sc", "øving", "p") for _ in range(4)]
    errors: list[BaseException] = []

    def worker(aid: int) -> None:
        try:
            for step in range(50):
                store.record_decision(aid, step, "n", str(step))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(aid,)) for aid in aids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    for aid in aids:
        assert [c for _, c in store.decision_path(aid)] == [str(i) for i in range(50)]


def _make_read_only(path: Path) -> Callable[[], None] | None:
    """Make *path* unwritable for this process, and return how to undo it (None when this machine cannot:
    root ignores file modes, so root needs ``chattr +i``, which some file systems lack)."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return lambda: path.chmod(0o644)
    try:
        subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_read_only_progress_file_is_reported_when_opened(tmp_path: Path) -> None:
    """Issue 20.2: at start, not at the first choice."""
    db = tmp_path / "progress.sqlite3"
    ProgressStore(db).close()
    undo = _make_read_only(db)
    if undo is None:
        pytest.skip("this machine cannot make a file read-only for the test's user")
    try:
        with pytest.raises(ProgressError, match="ikke lov til å skrive"):
            ProgressStore(db)
    finally:
        undo()
    ProgressStore(db).close()  # writable again: opens as before
