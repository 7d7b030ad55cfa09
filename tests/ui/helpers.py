"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.feedback import FeedbackScreen
from trainer.ui.screens.play import PlayScreen


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Pause until ``condition()`` holds (workers run in threads, so a single pause is not enough)."""
    waited = 0.0
    while not condition():
        if waited >= timeout:
            raise AssertionError(f"timed out waiting for {what or condition}; screen is {pilot.app.screen!r}")
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()


WAITS_FOR_USER = {"play-choice", "learner"}
"""Worker groups that stay running while a dialog waits for the learner."""


async def settle(pilot: Pilot) -> None:
    """Wait until no worker is running (except those waiting for the learner), then let messages drain."""
    await pilot.pause()
    await wait_for(
        pilot,
        lambda: not [w for w in pilot.app.workers if w.is_running and w.group not in WAITS_FOR_USER],
        what="workers to finish",
    )


async def at_screen(pilot: Pilot, screen_type: type) -> None:
    """Wait until the top screen is of ``screen_type`` and its workers have finished."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type), what=screen_type.__name__)
    await settle(pilot)


async def ready_to_choose(pilot: Pilot) -> None:
    """Wait until the play screen takes choices again."""
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, PlayScreen) and not pilot.app.screen.busy,
        what="the play screen to take choices",
    )
    await settle(pilot)


async def choose(pilot: Pilot, number: int) -> None:
    """Take choice ``number`` on the play screen; in øving mode close the feedback. Waits for what follows."""
    await pilot.press(str(number))
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, (FeedbackScreen, DebriefScreen))
        or (isinstance(pilot.app.screen, PlayScreen) and not pilot.app.screen.busy),
        what="the choice to be handled",
    )
    await settle(pilot)


async def play_path(pilot: Pilot, numbers: list[int]) -> None:
    """Play choices by number, closing the øving feedback after each; ends on the debrief for a full path."""
    for number in numbers:
        await ready_to_choose(pilot)
        await choose(pilot, number)
        if isinstance(pilot.app.screen, FeedbackScreen):
            await pilot.press("enter")
            await wait_for(pilot, lambda: not isinstance(pilot.app.screen, FeedbackScreen), what="feedback to close")
            await settle(pilot)
