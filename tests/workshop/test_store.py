"""The workshop store: everything kept across reopening (and a killed process), resuming, errors in Norwegian."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from trainer.scenario.model import Scenario
from trainer.workshop.state import WorkshopInfo, WorkshopSession
from trainer.workshop.store import SCHEMA_VERSION, VotingPage, WorkshopStore, WorkshopStoreError, default_path

ROOT = Path(__file__).resolve().parents[2]


def _vote_some(workshop: WorkshopSession) -> None:
    workshop.start_discussion(120)
    workshop.open_voting()
    workshop.set_hand_counts([2, 1, 0])
    workshop.add_device_vote("enhet-00000001", "observer")
    workshop.add_device_vote("enhet-00000002", "vent")
    workshop.add_device_vote("enhet-00000002", "ledende")  # replaces
    workshop.add_note("Første notat")
    workshop.set_unit_count("Solsikken", 7)
    workshop.add_name("Kari Testesen")


def test_everything_survives_reopening_mid_session(
    tmp_path: Path, scenario: Scenario, info: WorkshopInfo, clock
) -> None:
    path = tmp_path / "w.sqlite3"
    store = WorkshopStore(path, now=clock)
    workshop = WorkshopSession(scenario, info=info, recorder=store, now=clock)
    _vote_some(workshop)
    store.close()  # the app is closed mid-vote: no finish, no reveal

    with WorkshopStore(path, now=clock) as reopened:
        data = reopened.restore_data(workshop.workshop_id)  # type: ignore[arg-type]
        assert data.info.theme == "Undringssamtalen" and data.info.plan_session_id == "okt-samtale"
        restored, note = WorkshopSession.restore(scenario, data, recorder=reopened, now=clock)
        assert note is None
        assert restored.phase == "voting"
        assert restored.current is not None and restored.current.countdown_seconds == 120
        assert restored.progress().devices == 2 and restored.progress().hands == 3  # type: ignore[union-attr]
        assert [n.text for n in restored.notes()] == ["Første notat"]
        assert restored.unit_counts == {"Solsikken": 7} and [n.name for n in restored.names] == ["Kari Testesen"]
        # the same device is still known: voting again replaces, does not add
        assert restored.add_device_vote("enhet-00000002", "observer").replaced
        tally = restored.reveal()
        assert tally.totals == {"observer": 4, "vent": 1, "ledende": 0}
        restored.advance()
        restored.open_voting()
        restored.set_hand_counts([1, 0])
        store_rows = reopened.workshops()
        assert len(store_rows) == 1 and store_rows[0].decisions == 1 and not store_rows[0].finished

    with WorkshopStore(path, now=clock) as third:
        again, _ = WorkshopSession.restore(scenario, third.restore_data(workshop.workshop_id), recorder=third)  # type: ignore[arg-type]
        assert again.session.path == ["observer"]
        assert again.phase == "voting" and again.progress().hands == 1  # type: ignore[union-attr]
        assert again.path_taken()[0].findings == again.report().at_step(0)


def test_votes_survive_a_killed_process(tmp_path: Path) -> None:
    """A process that records votes and dies without closing anything loses none of them."""
    db = tmp_path / "w.sqlite3"
    script = textwrap.dedent(
        f"""
        import os
        from trainer.scenario.checks import load_checked_scenario
        from trainer.workshop.state import WorkshopSession
        from trainer.workshop.store import WorkshopStore
        case = __import__("pathlib").Path({str(ROOT / "tests/workshop/data/gruppesak.yaml")!r})
        scenario = load_checked_scenario(case).value
        store = WorkshopStore(__import__("pathlib").Path({str(db)!r}))
        ws = WorkshopSession(scenario, recorder=store)
        ws.open_voting()
        for n in range(40):
            ws.add_device_vote(f"enhet-{{n:08d}}", "vent" if n % 4 else "observer")
        ws.set_hand_counts([1, 2, 3])
        print(ws.workshop_id, flush=True)
        os._exit(9)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 9, out.stderr
    workshop_id = int(out.stdout.strip())
    with WorkshopStore(db) as store:
        data = store.restore_data(workshop_id)
        (decision,) = data.decisions
        assert len(decision.device_votes) == 40
        assert decision.hands == {"observer": 1, "vent": 2, "ledende": 3}
        assert decision.phase == "voting"


def test_device_tokens_are_not_stored(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "w.sqlite3"
    with WorkshopStore(path) as store:
        workshop = WorkshopSession(scenario, recorder=store)
        workshop.open_voting()
        workshop.add_device_vote("hemmelig-token-123456", "vent")
        keys = list(store.device_votes(workshop.workshop_id, 0))  # type: ignore[arg-type]
    assert keys and "hemmelig" not in keys[0]
    assert b"hemmelig-token-123456" not in path.read_bytes()


def test_forgotten_names_are_gone_from_the_file(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "w.sqlite3"
    with WorkshopStore(path) as store:
        workshop = WorkshopSession(scenario, recorder=store)
        workshop.add_name("Kari Testesen")
        workshop.add_name("Per Prøvesen")
        other = WorkshopSession(scenario, recorder=store)
        other.add_name("Ola Eksempel")
        assert workshop.forget_names() == 2
        assert store.participant_names(workshop.workshop_id) == []  # type: ignore[arg-type]
        assert [n.name for n in store.participant_names(other.workshop_id)] == ["Ola Eksempel"]  # type: ignore[arg-type]
        assert store.delete_all_participant_names() == 1
    data = path.read_bytes()
    assert b"Kari Testesen" not in data and "Per Prøvesen".encode() not in data and b"Ola Eksempel" not in data


def test_finish_is_recorded_for_the_year(store: WorkshopStore, workshop: WorkshopSession) -> None:
    for counts in ([3, 0, 0], [2, 1]):
        workshop.open_voting()
        workshop.set_hand_counts(counts)
        workshop.reveal()
        workshop.advance()
    workshop.set_unit_count("Solsikken", 5)
    workshop.set_unit_count("Blåklokka", 4)
    workshop.finish()
    (row,) = store.workshops("2026–2027")
    assert row.finished and row.ending == "god-slutt" and row.passed is True
    assert row.decisions == 2 and row.participants == 9 and row.overall is not None
    assert store.workshops("2025–2026") == []
    assert store.unfinished() == []


def test_default_path_is_in_the_data_folder(data_dir: Path) -> None:
    assert default_path() == data_dir / "workshops.sqlite3"
    with WorkshopStore() as store:
        assert store.path == data_dir / "workshops.sqlite3"
    assert (data_dir / "workshops.sqlite3").exists()


def test_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    WorkshopStore(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_an_empty_old_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    sqlite3.connect(path).close()  # user_version 0, no tables
    with WorkshopStore(path) as store:
        assert store.workshops() == []


def test_a_version_1_file_with_a_workshop_gains_the_join_code_and_port_columns(tmp_path: Path) -> None:
    from trainer.sqlite_store import split_statements
    from trainer.workshop.store import MIGRATIONS

    path = tmp_path / "w.sqlite3"
    conn = sqlite3.connect(path)
    for statement in split_statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO workshops (scenario_id, scenario_title, profile_id, device_salt, started_at) "
        "VALUES ('sak', 'Saken', 'standard', 'salt', '2025-03-03T09:00:00+00:00')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with WorkshopStore(path) as store:
        (old,) = store.workshops()
        assert store.voting_page(old.id) == VotingPage(None, None)  # migrated: kept, just no voting page yet
        store.record_voting_page(old.id, VotingPage("K7QM", 8766, "hemmelig", 3))
        assert store.voting_page(old.id) == VotingPage("K7QM", 8766, "hemmelig", 3)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    conn.close()


def test_a_version_2_file_keeps_its_join_code_and_gains_the_port(tmp_path: Path) -> None:
    from trainer.sqlite_store import split_statements
    from trainer.workshop.store import MIGRATIONS

    path = tmp_path / "w.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in split_statements(script):
            conn.execute(statement)
    conn.execute(
        "INSERT INTO workshops (scenario_id, scenario_title, profile_id, device_salt, started_at, join_code) "
        "VALUES ('sak', 'Saken', 'standard', 'salt', '2025-03-03T09:00:00+00:00', 'K7QM')"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with WorkshopStore(path) as store:
        (old,) = store.workshops()
        assert store.voting_page(old.id) == VotingPage("K7QM", None)
        assert [w.id for w in store.unfinished()] == [old.id]


def test_a_version_3_file_gains_the_qr_secret_the_wrong_codes_and_the_joined_phones(tmp_path: Path) -> None:
    from trainer.sqlite_store import split_statements
    from trainer.workshop.store import MIGRATIONS

    path = tmp_path / "w.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        for statement in split_statements(script):
            conn.execute(statement)
    conn.execute(
        "INSERT INTO workshops (scenario_id, scenario_title, profile_id, device_salt, started_at, join_code, "
        "vote_port) VALUES ('sak', 'Saken', 'standard', 'salt', '2025-03-03T09:00:00+00:00', 'K7QM', 8766)"
    )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with WorkshopStore(path) as store:
        (old,) = store.workshops()
        assert store.voting_page(old.id) == VotingPage("K7QM", 8766, None, 0)
        assert store.restore_data(old.id).joined == set()
        store.record_join(old.id, "nokkel-1")
        store.record_join(old.id, "nokkel-1")  # joining again changes nothing
        store.record_join(old.id, "nokkel-2")
        assert store.restore_data(old.id).joined == {"nokkel-1", "nokkel-2"}


def test_a_version_4_file_gains_role_play_rounds_and_keeps_its_phones_first(tmp_path: Path) -> None:
    from trainer.sqlite_store import split_statements
    from trainer.workshop.store import MIGRATIONS

    path = tmp_path / "w.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        for statement in split_statements(script):
            conn.execute(statement)
    conn.execute(
        "INSERT INTO workshops (scenario_id, scenario_title, profile_id, device_salt, started_at) "
        "VALUES ('sak', 'Saken', 'standard', 'salt', '2025-03-03T09:00:00+00:00')"
    )
    conn.execute("INSERT INTO joined_devices VALUES (1, 'nokkel-b', '2025-03-03T09:01:00+00:00')")
    conn.execute("INSERT INTO joined_devices VALUES (1, 'nokkel-a', '2025-03-03T09:02:00+00:00')")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with WorkshopStore(path) as store:
        assert store.restore_data(1).join_order == ["nokkel-b", "nokkel-a"]  # by the time they joined
        store.record_join(1, "nokkel-c")
        data = store.restore_data(1)
        assert data.join_order == ["nokkel-b", "nokkel-a", "nokkel-c"] and data.decisions == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    assert conn.execute("SELECT COUNT(*) FROM roleplay_rounds").fetchone()[0] == 0
    conn.close()


def test_newer_file_is_refused_in_norwegian_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(WorkshopStoreError) as error:
        WorkshopStore(path)
    assert "nyere versjon av BTI-trener" in str(error.value) and str(path) in str(error.value)
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_in_norwegian(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    path.write_bytes(b"dette er ikke en database " * 200)
    before = path.read_bytes()
    with pytest.raises(WorkshopStoreError) as error:
        WorkshopStore(path)
    assert "skadet" in str(error.value) and "Traceback" not in str(error.value)
    assert path.read_bytes() == before


def test_a_folder_in_the_way_is_reported(tmp_path: Path) -> None:
    (tmp_path / "w.sqlite3").mkdir()
    with pytest.raises(WorkshopStoreError, match="er en mappe"):
        WorkshopStore(tmp_path / "w.sqlite3")


def test_restoring_an_unknown_workshop(store: WorkshopStore) -> None:
    with pytest.raises(WorkshopStoreError, match="finnes ikke"):
        store.restore_data(999)


def test_restore_after_the_case_was_edited_keeps_what_fits(
    tmp_path: Path, scenario: Scenario, info: WorkshopInfo
) -> None:
    path = tmp_path / "w.sqlite3"
    with WorkshopStore(path) as store:
        workshop = WorkshopSession(scenario, info=info, recorder=store)
        workshop.open_voting()
        workshop.set_hand_counts([0, 3, 0])
        workshop.reveal()
        workshop.advance()  # vent -> senere
        workshop.open_voting()
        workshop.set_hand_counts([2])
        data = store.restore_data(workshop.workshop_id)  # type: ignore[arg-type]
    edited = scenario.model_copy(deep=True)
    edited.nodes["morgen"].choices = [c for c in edited.nodes["morgen"].choices if c.id != "vent"]
    with WorkshopStore(path) as store:
        restored, note = WorkshopSession.restore(edited, data, recorder=store)
        assert note is not None and "vent" in note
        assert restored.session.path == [] and restored.phase == "voting"
        assert restored.current is not None and restored.current.options == ("observer", "ledende")
        # the store forgets the branch that no longer exists, and the steps after it
        (only,) = store.restore_data(workshop.workshop_id).decisions  # type: ignore[arg-type]
        assert only.step == 0 and only.chosen is None and only.phase == "voting"
        restored.set_hand_counts([1, 4])
        restored.reveal()
        assert restored.advance().decision.chosen == "ledende"
        assert [d.chosen for d in store.restore_data(workshop.workshop_id).decisions] == ["ledende"]  # type: ignore[arg-type]
