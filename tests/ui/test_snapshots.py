"""Snapshots of every screen at 80×24 and 120×40 (update with ``--snapshot-update`` after reviewing them).

Determinism: the fixture library, a fresh data folder per test, a frozen clock for the progress store,
local time pinned to UTC, and no cursor blink. Every ``run_before`` starts with ``await pilot.pause()``
and waits for the workers before the picture is taken.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from trainer.services.cases import CaseService
from trainer.session import Mode
from trainer.ui.app import TrainerApp
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.error import ErrorScreen
from trainer.ui.screens.feedback import FeedbackScreen
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.learner import LearnerScreen
from trainer.ui.screens.library import LibraryScreen
from trainer.ui.screens.play import PlayScreen
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.summary import CaseSummaryScreen
from trainer.ui.screens.yearplan import YearPlanScreen
from trainer.ui.themes import HIGH_CONTRAST
from trainer.workshop.server import VotingServer

from .conftest import DATA, TickingClock
from .helpers import (
    at_screen,
    choose,
    open_workshop_from_library,
    play_path,
    ready_to_choose,
    reveal,
    settle,
    this_month_on_top,
    type_hands,
    votes_shown,
    wait_for,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
"""The two terminal sizes every screen is checked at."""

SHOWN_ADDRESS = "http://127.0.0.1:8765/"
"""The voting page's address as the presenter pictures show it (the server itself runs on a free port)."""

MakeApp = Callable[..., TrainerApp]
Snap = Callable[..., bool]


def played(
    store_path: Path, scenario_id: str, choices: list[str], mode: Mode = "prøve", clock: TickingClock | None = None
) -> None:
    """Record a whole play-through in the store, as the app would (used to set up progress snapshots)."""
    cases = CaseService([DATA], store_path, clock or TickingClock())
    run = cases.start(scenario_id, mode)
    for choice in choices:
        cases.choose(run, choice)
    cases.finish(run)
    cases.close()


def unfinished(store_path: Path) -> None:
    """An interrupted attempt and a learner with a name, for the home screen."""
    cases = CaseService([DATA], store_path, TickingClock())
    store = cases.store()
    store.set_learner("Kari", "Blåklokka barnehage", "pedagogisk leder")
    run = cases.start("stille-emma", "øving")
    cases.choose(run, "observer")
    cases.close()


async def home_ready(pilot: Pilot) -> None:
    await pilot.pause()
    await at_screen(pilot, HomeScreen)
    menu = pilot.app.screen.query_one("#home-menu", OptionList)
    await wait_for(pilot, lambda: menu.option_count > 1, what="home menu")
    month = pilot.app.screen.query_one("#this-month", Static)
    await wait_for(pilot, lambda: "laster" not in str(month.render()), what="this month's årshjul session")
    await settle(pilot)


async def library_ready(pilot: Pilot) -> None:
    await home_ready(pilot)
    await pilot.press("f3")
    await at_screen(pilot, LibraryScreen)
    table = pilot.app.screen.query_one("#cases", DataTable)
    await wait_for(pilot, lambda: table.row_count == 3, what="library rows")
    await settle(pilot)


async def summary_ready(pilot: Pilot, row: int = 0) -> None:
    await library_ready(pilot)
    pilot.app.screen.query_one("#cases", DataTable).move_cursor(row=row)
    await pilot.press("enter")
    await at_screen(pilot, CaseSummaryScreen)


async def playing(pilot: Pilot, mode_key: str = "o") -> None:
    await summary_ready(pilot)
    await pilot.press(mode_key)
    await at_screen(pilot, PlayScreen)
    await ready_to_choose(pilot)


async def debrief_ready(pilot: Pilot) -> None:
    await playing(pilot, "p")
    await play_path(pilot, [2, 1, 2])
    await at_screen(pilot, DebriefScreen)


class TestHome:
    """Hjem."""

    @pytest.mark.parametrize("size", SIZES)
    def test_first_start(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(), terminal_size=size, run_before=home_ready)

    @pytest.mark.parametrize("size", SIZES)
    def test_with_unfinished_case_and_learner(
        self, snap_compare: Snap, make_app: MakeApp, store_path: Path, size: tuple[int, int]
    ) -> None:
        unfinished(store_path)
        assert snap_compare(make_app(), terminal_size=size, run_before=home_ready)

    @pytest.mark.parametrize("size", SIZES)
    def test_learner_form(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await home_ready(pilot)
            await pilot.press("m")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, LearnerScreen), what="learner form")
            await pilot.press(*"Kari")

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


class TestLibrary:
    """Bibliotek and the case summary."""

    @pytest.mark.parametrize("size", SIZES)
    def test_all_cases(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(), terminal_size=size, run_before=library_ready)

    @pytest.mark.parametrize("size", SIZES)
    def test_filtered(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await library_ready(pilot)
            await pilot.press("slash", *"emma")
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_case_summary(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(), terminal_size=size, run_before=summary_ready)

    @pytest.mark.parametrize("size", SIZES)
    def test_broken_file_summary(
        self, snap_compare: Snap, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
    ) -> None:
        # The problem names the file; a relative library root keeps the checkout's location out of the picture.
        monkeypatch.chdir(DATA.parent)

        async def run_before(pilot: Pilot) -> None:
            await summary_ready(pilot, row=2)

        assert snap_compare(make_app(roots=[Path(DATA.name)]), terminal_size=size, run_before=run_before)


class TestPlay:
    """Spill and the øving feedback."""

    @pytest.mark.parametrize("size", SIZES)
    def test_first_decision(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(), terminal_size=size, run_before=playing)

    @pytest.mark.parametrize("size", SIZES)
    def test_after_two_decisions(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await playing(pilot, "p")
            await play_path(pilot, [1, 1])
            await ready_to_choose(pilot)

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_feedback(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await playing(pilot, "o")
            await choose(pilot, 2)
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, FeedbackScreen), what="feedback")

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_high_contrast(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await playing(pilot, "o")
            pilot.app.theme = HIGH_CONTRAST.name
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


class TestDebrief:
    """Oppsummering."""

    @pytest.mark.parametrize("size", SIZES)
    def test_result(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(), terminal_size=size, run_before=debrief_ready)

    @pytest.mark.parametrize("size", SIZES)
    def test_findings(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await debrief_ready(pilot)
            await pilot.press("f")

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_transcript(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await debrief_ready(pilot)
            await pilot.press("r")

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_reflection(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await debrief_ready(pilot)
            await pilot.press("n", "n", "n")

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


class TestProgress:
    """Fremgang."""

    @staticmethod
    def two_attempts(store_path: Path) -> None:
        clock = TickingClock()
        played(store_path, "pauserommet", ["fortell"], clock=clock)
        played(store_path, "stille-emma", ["observer", "drofte", "samtykke"], mode="øving", clock=clock)

    @pytest.mark.parametrize("size", SIZES)
    def test_attempts(self, snap_compare: Snap, make_app: MakeApp, store_path: Path, size: tuple[int, int]) -> None:
        self.two_attempts(store_path)

        async def run_before(pilot: Pilot) -> None:
            await home_ready(pilot)
            await pilot.press("f4")
            await at_screen(pilot, ProgressScreen)

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_trend(self, snap_compare: Snap, make_app: MakeApp, store_path: Path, size: tuple[int, int]) -> None:
        self.two_attempts(store_path)

        async def run_before(pilot: Pilot) -> None:
            await home_ready(pilot)
            await pilot.press("f4")
            await at_screen(pilot, ProgressScreen)
            await pilot.press("n")

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_practise(self, snap_compare: Snap, make_app: MakeApp, store_path: Path, size: tuple[int, int]) -> None:
        self.two_attempts(store_path)

        async def run_before(pilot: Pilot) -> None:
            await home_ready(pilot)
            await pilot.press("f4")
            await at_screen(pilot, ProgressScreen)
            await pilot.press("n", "n")

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


class TestHelpAndErrors:
    """Hjelp and the error dialog."""

    @pytest.mark.parametrize("size", SIZES)
    def test_help(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await home_ready(pilot)
            await pilot.press("f1")
            await at_screen(pilot, HelpScreen)

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_progress_file_error(
        self,
        snap_compare: Snap,
        make_app: MakeApp,
        data_dir: Path,
        monkeypatch: pytest.MonkeyPatch,
        size: tuple[int, int],
    ) -> None:
        # The message names the file; a relative path keeps the temporary folder out of the picture.
        monkeypatch.chdir(data_dir)
        Path("er-en-mappe").mkdir()

        async def run_before(pilot: Pilot) -> None:
            await pilot.pause()
            await at_screen(pilot, ErrorScreen)
            home = next(screen for screen in pilot.app.screen_stack if isinstance(screen, HomeScreen))
            month = home.query_one("#this-month", Static)
            await wait_for(pilot, lambda: "laster" not in str(month.render()), what="this month behind the dialog")
            await settle(pilot)

        assert snap_compare(make_app(store=Path("er-en-mappe")), terminal_size=size, run_before=run_before)


async def presenter_voting(pilot: Pilot) -> None:
    """The first decision of «Emma er blitt stille» with voting open: 4 hands and 2 phones, still hidden."""
    await pilot.pause()
    screen = await open_workshop_from_library(pilot)
    await type_hands(pilot, screen, [3, 1])
    workshop = screen.run.workshop
    await asyncio.to_thread(workshop.add_device_vote, "telefon-0001", "observer", 0)
    await asyncio.to_thread(workshop.add_device_vote, "telefon-0002", "ring-mor", 0)
    await votes_shown(pilot, screen, 6)
    pilot.app.clear_notifications()
    await settle(pilot)


class TestWorkshop:
    """The workshop presenter (fasilitatormodus)."""

    @pytest.fixture(autouse=True)
    def same_address(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Show one address in every picture: a fixed port could be taken by another test run on the machine."""
        monkeypatch.setattr(VotingServer, "url", property(lambda server: SHOWN_ADDRESS))

    @pytest.mark.parametrize("size", SIZES)
    def test_voting(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(), terminal_size=size, run_before=presenter_voting)

    @pytest.mark.parametrize("size", SIZES)
    def test_revealed(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await presenter_voting(pilot)
            await reveal(pilot, pilot.app.screen)
            pilot.app.clear_notifications()
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


class TestYearPlan:
    """Årshjul."""

    @pytest.mark.parametrize("size", SIZES)
    def test_year(self, snap_compare: Snap, make_app: MakeApp, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await home_ready(pilot)
            await pilot.press("f5")
            await at_screen(pilot, YearPlanScreen)
            await this_month_on_top(pilot)
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
