"""The shared store on SQLite and PostgreSQL: migrations, idempotent writes, forgetting, the report's sums."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, text

from trainer.shared.database import SharedStoreError, describe
from trainer.shared.schema import metadata
from trainer.shared.store import AttemptStart, SelfAssessment, SharedStore, WorkshopRecord

FIRST, LAST = date(2026, 8, 1), date(2027, 7, 31)


def _attempt(
    key: str, learner: str, case: str = "mor-sier-nei", unit: str | None = "Skole A", day: int = 3
) -> AttemptStart:
    return AttemptStart(key, learner, case, "øving", unit, "lærer", date(2026, 9, day))


def test_the_migrations_make_exactly_the_schema(shared: SharedStore) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with shared.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        tables = set(inspect(conn).get_table_names())
    assert diff == []
    assert tables == set(metadata.tables) | {"alembic_version"}


def test_opening_twice_migrates_once_and_keeps_the_data(database_url: str) -> None:
    with SharedStore(database_url) as store:
        store.join("k1", "Skole A", None)
    with SharedStore(database_url) as store:
        assert store.learner_data("k1")["learners"] == 1
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"


def test_a_database_from_a_newer_version_is_refused_and_left_alone(database_url: str) -> None:
    with SharedStore(database_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SharedStoreError, match="nyere versjon av BTI-trener"):
        SharedStore(database_url)


def test_an_attempt_is_kept_decision_by_decision_and_finishing_fills_in_the_rest(shared: SharedStore) -> None:
    start = _attempt("a1", "k1")
    shared.join("k1", "Skole A", "lærer")
    shared.start_attempt(start)
    shared.start_attempt(start)  # sent again: nothing changes
    shared.record_decision("a1", 0, "n1", "c1")
    shared.record_decision("a1", 0, "n1", "c2")  # the same step again replaces it
    assert shared.learner_data("k1") == {
        "learners": 1,
        "attempts": 1,
        "decisions": 1,
        "rules": 0,
        "self_assessments": 0,
    }
    shared.finish_attempt(
        start, finished_on=date(2026, 9, 4), score=72, passed=True, broken_rules=["VO-01", "VO-01", "TP-01"],
        path=[("n1", "c2"), ("n2", "c1"), ("n3", "c3")],
    )  # fmt: skip
    assert shared.learner_data("k1") == {
        "learners": 1,
        "attempts": 1,
        "decisions": 3,
        "rules": 2,
        "self_assessments": 0,
    }
    (month,) = shared.unit_months(FIRST, LAST)
    assert (month.unit, month.year, month.month, month.attempts, month.finished, month.passed, month.score_sum) == (
        "Skole A",
        2026,
        9,
        1,
        1,
        1,
        72,
    )


def test_forgetting_deletes_a_learner_everywhere_and_no_one_else(shared: SharedStore) -> None:
    for learner in ("k1", "k2"):
        shared.join(learner, "Skole A", None)
        start = _attempt(f"a-{learner}", learner)
        shared.start_attempt(start)
        shared.finish_attempt(start, finished_on=date(2026, 9, 3), score=50, passed=False, broken_rules=["VO-01"],
                              path=[("n1", "c1")])  # fmt: skip
        shared.record_self_assessment(
            SelfAssessment(learner, "2026–2027", "start", "Skole A", date(2026, 9, 1), (3, 3, 3, 3, 3))
        )
    assert shared.forget(["k1", "finnes-ikke"]) == 1
    assert set(shared.learner_data("k1").values()) == {0}
    assert shared.learner_data("k2") == {
        "learners": 1,
        "attempts": 1,
        "decisions": 1,
        "rules": 1,
        "self_assessments": 1,
    }


def test_a_workshop_sent_again_replaces_itself(shared: SharedStore) -> None:
    day = date(2026, 10, 2)
    record = WorkshopRecord("w1", "mor-sier-nei", "Skole A", "2026–2027", "okt", "bti-forum", day, False, 2,
                            {"Skole A": 10, "Barnehage B": 3})  # fmt: skip
    shared.record_workshop(record)
    shared.record_workshop(
        WorkshopRecord(
            "w1",
            "mor-sier-nei",
            "Skole A",
            "2026–2027",
            "okt",
            "bti-forum",
            date(2026, 10, 2),
            True,
            6,
            {"Skole A": 11},
        )  # fmt: skip
    )
    (month,) = shared.workshop_months(FIRST, LAST)
    assert (month.workshops, month.stopped_early) == (1, 0)
    assert [(a.unit, a.participants) for a in shared.attendance(FIRST, LAST)] == [("Skole A", 11)]
    (session,) = shared.plan_sessions(FIRST, LAST)
    assert (session.plan_session_id, session.workshops, session.units) == ("okt", 1, 1)


def test_sums_by_module_rule_and_unit(shared: SharedStore) -> None:
    modules = {"mor-sier-nei": ["samtale-barn", "opplysningsplikt"], "annen-sak": ["samtykke"]}
    for n in range(6):
        learner = f"k{n}"
        shared.join(learner, "Skole A" if n < 4 else None, None)
        start = _attempt(
            f"a{n}", learner, unit="Skole A" if n < 4 else None, case="mor-sier-nei" if n % 2 else "annen-sak"
        )
        shared.start_attempt(start)
        shared.finish_attempt(start, finished_on=date(2026, 9, 10), score=10 * n, passed=n > 2,
                              broken_rules=["VO-01"] if n < 5 else [], path=[("n1", "c1")])  # fmt: skip
    areas = {
        (a.module, a.month): (a.finished, a.learners, a.score_sum) for a in shared.area_months(FIRST, LAST, modules)
    }
    assert areas == {("samtale-barn", 9): (3, 3, 90), ("opplysningsplikt", 9): (3, 3, 90), ("samtykke", 9): (3, 3, 60)}
    by_unit = {(a.module, a.unit): a.learners for a in shared.area_units(FIRST, LAST, modules)}
    assert by_unit[("samtykke", "Skole A")] == 2 and by_unit[("samtykke", None)] == 1
    (rule,) = shared.broken_rules(FIRST, LAST)
    assert (rule.rule_id, rule.attempts, rule.learners) == ("VO-01", 5, 5)
    assert shared.used_cases(FIRST, LAST) == {"mor-sier-nei", "annen-sak"}
    assert shared.used_cases(date(2027, 8, 1), date(2028, 7, 31)) == set()


def test_self_assessments_are_summed_per_unit_and_phase(shared: SharedStore) -> None:
    for n in range(3):
        shared.join(f"k{n}", "Skole A", None)
        shared.record_self_assessment(
            SelfAssessment(f"k{n}", "2026–2027", "start", "Skole A", date(2026, 9, 1), (1, 2, 3, 4, 5))
        )
    shared.record_self_assessment(
        SelfAssessment("k0", "2026–2027", "start", "Skole A", date(2026, 9, 2), (5, 5, 5, 5, 5))
    )
    (sums,) = shared.assessments("2026–2027")
    assert (sums.unit, sums.phase, sums.learners, sums.sums) == ("Skole A", "start", 3, (7, 9, 11, 13, 15))
    with pytest.raises(SharedStoreError, match="fem svar"):
        shared.record_self_assessment(
            SelfAssessment("k0", "2026–2027", "slutt", None, date(2027, 5, 1), (0, 1, 2, 3, 4))
        )  # type: ignore[arg-type]


def test_no_names_or_free_text_can_be_stored() -> None:
    """Every column is a key, an ID, a unit, a role, a date, a number or a yes/no — nothing for a name or a note."""
    allowed = {"learner_key", "attempt_key", "workshop_key", "unit", "role", "case_id", "mode", "node_id", "choice_id",
               "rule_id", "season", "phase", "plan_session_id", "arena", "joined_at", "started_on", "finished_on",
               "held_on", "answered_on", "step", "score", "passed", "reached_ending", "decisions", "participants",
               "q1", "q2", "q3", "q4", "q5"}  # fmt: skip
    columns = {c.name for table in metadata.tables.values() for c in table.columns}
    assert columns == allowed


def test_an_unreachable_server_is_a_norwegian_message_without_the_password() -> None:
    url = "postgresql://bti:hemmelig@127.0.0.1:1/bti"
    with pytest.raises(SharedStoreError) as error:
        SharedStore(url)
    assert "PostgreSQL-databasen bti på 127.0.0.1:1 kan ikke åpnes" in str(error.value)
    assert "hemmelig" not in str(error.value)
    assert describe("sqlite:////tmp/x/delt.sqlite3") == "fila /tmp/x/delt.sqlite3"
    with pytest.raises(SharedStoreError, match="PostgreSQL"):
        SharedStore("mysql://bti@127.0.0.1/bti")
