"""A failed save never kills the attempt (issue 20.1): the decision stays in the session, is written with the
others at the next chance, the learner is told once, and a result is recorded only for a fully stored path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.progress import ProgressError, ProgressStore
from trainer.services.cases import CaseRun, CaseService

ROOT = Path(__file__).resolve().parents[2]
UI_DATA = ROOT / "tests" / "ui" / "data"


class Disk:
    """Makes the store's decision writes fail while ``full`` is set, as a full disk or a held lock does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        real = ProgressStore.record_decision

        def record(store: ProgressStore, *args: object) -> None:
            if self.full:
                raise ProgressError("Kunne ikke lagre et valg i progress.sqlite3: disken er full.")
            real(store, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(ProgressStore, "record_decision", record)


@pytest.fixture
def cases(tmp_path: Path) -> Iterator[CaseService]:
    service = CaseService([UI_DATA], tmp_path / "progress.sqlite3")
    yield service
    service.close()


def _stored(cases: CaseService, run: CaseRun) -> list[str]:
    assert run.attempt_id is not None
    return [choice for _, choice in cases.store().decision_path(run.attempt_id)]


def _play_on(cases: CaseService, run: CaseRun) -> str | None:
    return cases.choose(run, run.session.choices()[0].id).save_error


def test_decisions_that_could_not_be_saved_are_written_later_in_order(
    cases: CaseService, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = Disk(monkeypatch)
    run = cases.start("stille-emma", "øving")
    disk.full = True
    first = _play_on(cases, run)
    assert first is not None and "disken er full" in first and "ikke tapt" in first
    assert _play_on(cases, run) is None  # told once, not at every choice
    assert run.save_error is not None and _stored(cases, run) == []
    disk.full = False
    assert not run.session.finished
    assert _play_on(cases, run) is None
    assert run.save_error is None
    assert _stored(cases, run) == run.session.path and len(run.session.path) == 3


def test_no_result_is_recorded_for_a_path_the_store_does_not_hold(
    cases: CaseService, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = Disk(monkeypatch)
    run = cases.start("stille-emma", "øving")
    disk.full = True
    while not run.session.finished:
        _play_on(cases, run)
    result = cases.finish(run)
    assert result.save_error is not None and result.save_error.startswith("Resultatet ble ikke lagret")
    assert result.report.passed is not None  # the learner still sees the verdict on the screen
    [attempt] = cases.store().attempts()
    assert attempt.finished_at is None and attempt.overall is None  # no score stored for an unstored path
    disk.full = False
    result = cases.finish(run)  # once the disk has room, finishing writes the path first, then the result
    assert result.save_error is None
    [attempt] = cases.store().attempts()
    assert attempt.finished_at is not None and _stored(cases, run) == run.session.path
