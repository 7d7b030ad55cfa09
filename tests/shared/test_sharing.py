"""Sharing through the services, on SQLite and PostgreSQL: opt-in, decision by decision, whole at the end,
catching up after an outage, forgetting everywhere, and two laptops (two data folders) in one report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.library import Library
from trainer.services.cases import CaseRun, CaseService
from trainer.services.reports import coordinator_report
from trainer.services.shared import SharedService, attempt_key
from trainer.services.workshops import VotingConfig, WorkshopService
from trainer.shared.assessment import season_of
from trainer.shared.report import MIN_LEARNERS, build_report
from trainer.shared.store import AttemptStart, SharedStore, WorkshopRecord
from trainer.yearplan import load_plan

ROOT = Path(__file__).resolve().parents[2]
UI_DATA = ROOT / "tests" / "ui" / "data"


def _cases(folder: Path, url: str) -> CaseService:
    return CaseService([UI_DATA], folder / "progress.sqlite3", shared=SharedService(url))


def _play(cases: CaseService) -> CaseRun:
    run = cases.start("stille-emma", "øving")
    while not run.session.finished:
        cases.choose(run, run.session.choices()[0].id)
    return run


def test_nothing_is_sent_for_a_learner_who_does_not_share(tmp_path: Path, database_url: str) -> None:
    cases = _cases(tmp_path, database_url)
    cases.finish(_play(cases))
    assert cases.shared._store is None  # the shared store was never even opened
    cases.close()


def test_a_learner_who_shares_is_sent_as_they_play_and_whole_at_the_end(tmp_path: Path, database_url: str) -> None:
    cases = _cases(tmp_path, database_url)
    cases.set_learner(cases.learner().__class__("Kari", "Solsikken barnehage", "pedagogisk leder"))
    sharing = cases.start_sharing()
    assert sharing.key is not None and len(sharing.key) == 32
    run = cases.start("stille-emma", "øving")
    assert run.attempt_id is not None
    key = attempt_key(sharing.key, run.attempt_id)
    cases.choose(run, run.session.choices()[0].id)
    with SharedStore(database_url) as store:
        assert store.learner_data(sharing.key)["decisions"] == 1  # sent the moment it was made
    while not run.session.finished:
        cases.choose(run, run.session.choices()[0].id)
    result = cases.finish(run)
    assert result.share_problem is None and result.report.overall is not None
    with SharedStore(database_url) as store:
        data = store.learner_data(sharing.key)
        assert data["attempts"] == 1 and data["decisions"] == len(run.session.path)
        (month,) = store.unit_months(date(2000, 1, 1), date(2100, 1, 1))
        assert month.unit == "Solsikken barnehage" and month.score_sum == result.report.overall
        with store.engine.connect() as conn:
            names = [row for row in conn.exec_driver_sql("SELECT * FROM learners")]
    assert "Kari" not in repr(names)  # the name never leaves the laptop
    assert cases.store().unsent_results() == [] and key
    cases.close()


def test_results_finished_during_an_outage_are_sent_when_the_store_is_back(tmp_path: Path, database_url: str) -> None:
    cases = CaseService(
        [UI_DATA], tmp_path / "progress.sqlite3", shared=SharedService("postgresql://bti@127.0.0.1:1/x")
    )
    sharing = cases.start_sharing()
    result = cases.finish(_play(cases))
    assert result.share_problem is not None and "kan ikke åpnes" in result.share_problem
    assert len(cases.store().unsent_results()) == 1
    cases.shared = SharedService(database_url)  # the network is back
    cases.start_sharing()
    assert cases.store().unsent_results() == []
    with SharedStore(database_url) as store:
        assert store.learner_data(sharing.key or "")["attempts"] == 1
    cases.close()


def test_stopping_deletes_what_was_shared_and_a_new_key_is_unlinked(tmp_path: Path, database_url: str) -> None:
    cases = _cases(tmp_path, database_url)
    first = cases.start_sharing()
    cases.finish(_play(cases))
    second = cases.new_share_key()
    assert second.key != first.key and first.key in second.old_keys
    cases.finish(_play(cases))
    with SharedStore(database_url) as store:
        assert store.learner_data(first.key or "")["attempts"] == 1
        assert store.learner_data(second.key or "")["attempts"] == 1
    assert cases.stop_sharing()
    with SharedStore(database_url) as store:
        assert store.learner_data(first.key or "")["attempts"] == 0
        assert store.learner_data(second.key or "")["attempts"] == 0
    assert cases.sharing().key is None
    cases.close()


def test_forget_deletes_the_learner_in_the_shared_store_too(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BTI_TRENER_DATA", str(tmp_path))
    monkeypatch.setenv("BTI_TRENER_DATABASE", database_url)
    cases = _cases(tmp_path, database_url)
    sharing = cases.start_sharing()
    cases.finish(_play(cases))
    cases.close()
    assert main(["data", "forget", "-", "--yes"]) == 0
    assert "Slettet det du har delt med kommunens rapport." in capsys.readouterr().out
    with SharedStore(database_url) as store:
        assert set(store.learner_data(sharing.key or "").values()) == {0}


def test_forget_keeps_everything_when_the_shared_store_cannot_be_reached(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BTI_TRENER_DATA", str(tmp_path))
    cases = _cases(tmp_path, database_url)
    cases.start_sharing()
    cases.finish(_play(cases))
    cases.close()
    monkeypatch.setenv("BTI_TRENER_DATABASE", "postgresql://bti@127.0.0.1:1/borte")
    assert main(["data", "forget", "-", "--yes"]) == 1
    assert "Ingenting ble slettet" in capsys.readouterr().err
    local = CaseService([UI_DATA], tmp_path / "progress.sqlite3")
    assert len(local.store().attempts()) == 1 and local.sharing().key is not None  # the keys are not lost
    local.close()


def _plan(tmp_path: Path) -> Path:
    season = season_of(date.today())
    path = tmp_path / "arshjul.yaml"
    path.write_text(
        f'version: 1\nseason: "{season}"\nkommune: Testkommune\nunit: BTI-forum\nsessions:\n'
        "  - id: des-samtale\n    month: desember\n    title: Samtalen\n    theme: Undringssamtalen.\n"
        "    modules: [samtale-foresatte]\n    scenarios: [stille-emma]\n",
        encoding="utf-8",
    )
    return path


def test_two_laptops_share_one_database_and_the_report_shows_both_units(tmp_path: Path, database_url: str) -> None:
    for unit, count in (("Solsikken barnehage", 7), ("Nordby skole", 12)):
        folder = tmp_path / unit.split()[0]
        folder.mkdir()
        workshops = WorkshopService(
            _cases(folder, database_url),
            store_path=folder / "workshops.sqlite3",
            export_dir=folder / "eksport",
            voting=VotingConfig(enabled=False),
        )
        run = workshops.start("stille-emma", unit=unit)
        run.workshop.set_unit_count(unit, count)
        while not run.workshop.finished:
            run.workshop.open_voting()
            run.workshop.set_hand_counts({1: count})
            run.workshop.reveal()
            run.workshop.advance()
        result = workshops.finish(run.workshop)
        assert result.share_problem is None
        workshops.close()
        workshops.cases.close()
    made = coordinator_report(_plan(tmp_path), entries=Library([UI_DATA]).entries(), shared=SharedService(database_url))
    month = (date.today().year, date.today().month)
    assert {key: figure.value for key, figure in made.report.attendance.items()} == {
        ("Solsikken barnehage", month): 7,
        ("Nordby skole", month): 12,
    }
    assert made.report.yearly_attendance() == {"Solsikken barnehage": 7, "Nordby skole": 12}
    assert "Nordby skole" in made.html() and "Solsikken barnehage" in made.csv()
    assert made.report.unused_cases == [("pauserommet", "Spørsmål på pauserommet")]


def test_figures_from_fewer_than_five_learners_are_suppressed(tmp_path: Path, database_url: str) -> None:
    plan = load_plan(_plan(tmp_path)).value
    assert plan is not None
    day = date(plan.years[0], 9, 2)
    with SharedStore(database_url) as store:
        for n in range(MIN_LEARNERS):
            unit = "Liten enhet" if n < MIN_LEARNERS - 1 else "Stor enhet"
            store.join(f"k{n}", unit, None)
            start = AttemptStart(f"a{n}", f"k{n}", "stille-emma", "øving", unit, None, day)
            store.start_attempt(start)
            store.finish_attempt(start, finished_on=day, score=60, passed=True, broken_rules=["VO-01"], path=[])
        for n in range(MIN_LEARNERS):  # the big unit reaches five learners
            start = AttemptStart(f"b{n}", f"s{n}", "stille-emma", "øving", "Stor enhet", None, day)
            store.join(f"s{n}", "Stor enhet", None)
            store.start_attempt(start)
            store.finish_attempt(start, finished_on=day, score=80, passed=True, broken_rules=[], path=[])
        for key, month, people in (("w-sep", 9, 3), ("w-okt", 10, 8)):
            held = date(plan.years[0], month, 5)
            store.record_workshop(WorkshopRecord(key, "stille-emma", "Liten enhet", plan.season, None, None, held, True,
                                                 3, {"Liten enhet": people}))  # fmt: skip
        report = build_report(store, plan, {"stille-emma": ["samtale-foresatte"]}, {"stille-emma": "Stille Emma"})
    small, big = (
        report.solo_attempts[("Liten enhet", (day.year, 9))],
        report.solo_attempts[("Stor enhet", (day.year, 9))],
    )
    assert small.suppressed and small.text() == "<5" and small.value is None
    assert not big.suppressed and big.value == 6 and big.learners == 6
    assert report.area_by_unit[("samtale-foresatte", "Liten enhet")].text() == "<5"
    assert report.area_by_unit[("samtale-foresatte", "Stor enhet")].text() == "77"  # (60 + 5 × 80) / 6
    (rule,) = report.rules
    assert (rule.rule_id, rule.learners) == ("VO-01", 5)
    # three at a workshop is a small group too; the year's total counts only months that are shown
    assert report.attendance[("Liten enhet", (day.year, 9))].text() == "<5"
    assert report.attendance[("Liten enhet", (day.year, 10))].text() == "8"
    assert report.yearly_attendance() == {"Liten enhet": 8}


def test_an_unreachable_store_is_not_tried_on_every_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each try at an unreachable server can wait for the connect timeout: after a failure, the sends made while
    the learner plays wait a minute; the finished attempt is still tried."""
    from trainer.shared.database import SharedStoreError

    tries: list[str] = []

    def unreachable(self: SharedService) -> SharedStore:
        tries.append("try")
        raise SharedStoreError("PostgreSQL-databasen bti på db:5432 kan ikke åpnes: timeout")

    monkeypatch.setattr(SharedService, "store", unreachable)
    cases = CaseService([UI_DATA], tmp_path / "progress.sqlite3", shared=SharedService("postgresql://db/bti"))
    cases.start_sharing()
    assert tries == ["try"]
    run = _play(cases)
    assert len(run.session.path) >= 2 and tries == ["try"]  # the attempt's start and each decision: not tried
    result = cases.finish(run)
    assert tries == ["try", "try"] and result.share_problem is not None
    assert len(cases.store().unsent_results()) == 1
    cases.close()


def test_a_self_assessment_is_sent_once_and_then_no_longer_offered(tmp_path: Path, database_url: str) -> None:
    cases = CaseService(
        [UI_DATA], tmp_path / "progress.sqlite3", shared=SharedService(database_url, today=lambda: date(2026, 9, 1))
    )
    assert not cases.record_assessment("start", (3, 4, 4, 2, 5))  # not sharing: nothing is sent
    cases.set_learner(cases.learner().__class__(None, "Nordby skole", None))
    cases.start_sharing()
    assert not cases.sharing().has_answered("2026–2027", "start")
    assert cases.record_assessment("start", (3, 4, 4, 2, 5))
    assert cases.sharing().has_answered("2026–2027", "start")  # Hjem stops offering it
    assert not cases.sharing().has_answered("2026–2027", "slutt")
    with SharedStore(database_url) as store:
        (sums,) = store.assessments("2026–2027")
    assert (sums.unit, sums.phase, sums.learners, sums.sums) == ("Nordby skole", "start", 1, (3, 4, 4, 2, 5))
    cases.close()
