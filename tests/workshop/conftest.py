"""Shared fixtures for the workshop tests: the fixture case, a store in a temporary folder, a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.scenario.checks import load_checked_scenario
from trainer.scenario.model import Scenario
from trainer.workshop.server import VotingServer
from trainer.workshop.state import WorkshopInfo, WorkshopSession
from trainer.workshop.store import WorkshopStore

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A settable clock for tests."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 10, 14, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment

    def tick(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def scenario() -> Scenario:
    result = load_checked_scenario(DATA / "gruppesak.yaml")
    assert result.value is not None and not result.errors, [p.format() for p in result.problems]
    return result.value


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("BTI_TRENER_DATA", str(folder))
    return folder


@pytest.fixture
def store(tmp_path: Path, clock: Clock):
    with WorkshopStore(tmp_path / "workshops.sqlite3", now=clock) as opened:
        yield opened


@pytest.fixture
def info() -> WorkshopInfo:
    return WorkshopInfo(
        scenario_id="gruppesak",
        scenario_title="Gruppesaken",
        theme="Undringssamtalen",
        unit="Solsikken barnehage",
        season="2026–2027",
        plan_session_id="okt-samtale",
        arena="bti-forum",
    )


@pytest.fixture
def running(workshop: WorkshopSession) -> Iterator[VotingServer]:
    """The voting page for ``workshop`` on loopback, any free port."""
    server = VotingServer(workshop, port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def workshop(scenario: Scenario, store: WorkshopStore, info: WorkshopInfo, clock: Clock) -> WorkshopSession:
    return WorkshopSession(scenario, info=info, recorder=store, now=clock)
