"""One attempt, one window (issue 20.4): resuming an attempt that is open elsewhere takes it over openly — the
first window is told that its choices are no longer saved — and a stored score always belongs to the stored
path."""

from __future__ import annotations

from pathlib import Path

from trainer.progress import ProgressError, ProgressStore
from trainer.services.cases import CaseRun, CaseService

ROOT = Path(__file__).resolve().parents[2]
UI_DATA = ROOT / "tests" / "ui" / "data"


def _choose(cases: CaseService, run: CaseRun, index: int) -> str | None:
    return cases.choose(run, run.session.choices()[index].id).save_error


def test_the_second_window_takes_over_and_the_first_is_told(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    first, second = CaseService([UI_DATA], db), CaseService([UI_DATA], db)
    try:
        mine = first.start("stille-emma", "øving")
        assert _choose(first, mine, 0) is None
        (unfinished,) = second.unfinished()
        theirs = second.resume(unfinished)  # the same attempt, opened in a second window
        assert theirs.session.path == mine.session.path
        assert _choose(second, theirs, 0) is None
        told = _choose(first, mine, 0)
        assert told is not None and "åpnet i et annet vindu" in told
        while not theirs.session.finished:
            assert _choose(second, theirs, 0) is None
        while not mine.session.finished:
            _choose(first, mine, -1)  # the first window goes its own way
        refused = first.finish(mine)
        assert refused.save_error is not None  # the first window's result is not stored
        stored = second.finish(theirs)
        assert stored.save_error is None
        with ProgressStore(db) as store:
            [attempt] = store.attempts()
            assert attempt.finished_at is not None and attempt.overall == stored.report.overall
            assert [c for _, c in store.decision_path(attempt.id)] == theirs.session.path != mine.session.path
    finally:
        first.close()
        second.close()


def test_a_result_is_refused_for_a_path_other_than_the_stored_one(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "progress.sqlite3") as store:
        attempt = store.start_attempt("sak", "øving", "standard")
        store.record_decision(attempt, 0, "a", "x")
        try:
            store.finish_attempt(attempt, "slutt", True, 90, {}, [], [], path=[("a", "y")])
        except ProgressError as exc:
            assert "ikke de samme" in str(exc)
        else:
            raise AssertionError("a result for another path was stored")
        store.finish_attempt(attempt, "slutt", True, 90, {}, [], [], path=[("a", "x")])
        assert store.attempts()[0].overall == 90
