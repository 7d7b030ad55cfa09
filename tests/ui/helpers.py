"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import DataTable, Digits

from tests.workshop.phones import Phone
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.feedback import FeedbackScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.library import LibraryScreen
from trainer.ui.screens.play import PlayScreen
from trainer.ui.screens.summary import CaseSummaryScreen
from trainer.ui.screens.workshop import WorkshopScreen
from trainer.ui.screens.workshop_forms import HandCountScreen

from .conftest import JOIN_CODE


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


def shown_number(pilot: Pilot, number: int) -> int:
    """The key that takes the choice that is ``number`` in the *file* (the play screen shows the options in
    an order drawn per attempt, so tests name options by their place in the file and press what is shown)."""
    screen = pilot.app.screen
    if not isinstance(screen, PlayScreen) or screen.run.session.node is None:
        return number
    session = screen.run.session
    wanted = session.node.choices[number - 1].id  # type: ignore[union-attr]
    return [c.id for c in session.choices()].index(wanted) + 1


async def choose(pilot: Pilot, number: int) -> None:
    """Take the choice that is ``number`` in the file, pressing the key it is shown under; in øving mode close
    the feedback. Waits for what follows."""
    await pilot.press(str(shown_number(pilot, number)))
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


# -- workshops ------------------------------------------------------------------------------------
async def open_workshop_from_library(pilot: Pilot, title: str = "Emma er blitt stille") -> WorkshopScreen:
    """Bibliotek → the case's summary → «Verksted (v)»; waits until the voting page runs."""
    await at_screen(pilot, HomeScreen)
    await pilot.press("f3")
    await at_screen(pilot, LibraryScreen)
    table = pilot.app.screen.query_one("#cases", DataTable)
    await wait_for(pilot, lambda: table.row_count > 0, what="library rows")
    titles = [table.get_row_at(i)[0] for i in range(table.row_count)]
    table.move_cursor(row=titles.index(title))
    table.focus()
    await pilot.press("enter")
    await at_screen(pilot, CaseSummaryScreen)
    await pilot.press("v")
    return await presenter_ready(pilot)


async def presenter_ready(pilot: Pilot) -> WorkshopScreen:
    """Wait for the presenter with its voting page running and no change in progress."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WorkshopScreen), what="the presenter")
    screen = pilot.app.screen
    assert isinstance(screen, WorkshopScreen)
    await wait_for(pilot, lambda: screen.run.server is not None or screen.run.server_error is not None, what="server")
    await idle(pilot, screen)
    return screen


async def idle(pilot: Pilot, screen: WorkshopScreen) -> None:
    """Wait until the presenter has recorded the last change and redrawn."""
    await wait_for(pilot, lambda: not screen.busy, what="the presenter to finish recording")
    await settle(pilot)


def letter_of(screen: WorkshopScreen, option_id: str) -> str:
    """The letter an option of the open decision is shown under (the order is drawn per workshop)."""
    return next(o.letter for o in screen.run.workshop.options() if o.id == option_id)


async def type_hands(pilot: Pilot, screen: WorkshopScreen, counts: list[int] | dict[str, int]) -> None:
    """h, one count per option as shown (a list), or per option ID (a dict), Enter after each (the last Enter
    saves)."""
    if isinstance(counts, dict):
        counts = [counts.get(o.id, 0) for o in screen.run.workshop.options()]
    await pilot.press("h")
    await at_screen(pilot, HandCountScreen)
    for count in counts:
        await pilot.press(*str(count), "enter")
    await wait_for(pilot, lambda: pilot.app.screen is screen, what="the hand count form to close")
    await idle(pilot, screen)


_TOKENS: dict[tuple[str, str], str] = {}
"""The device token each named test phone got from each voting page (so one name stays one phone)."""


async def vote_by_phone(server_url: str, decision: int, option: str, device: str) -> dict:
    """One vote through the running voting page, as a phone sends it: the phone named ``device`` joins with the
    code the first time, and keeps its token after that."""
    token = _TOKENS.get((server_url, device))
    async with Phone(server_url, token) as phone:
        if token is None:
            assert await phone.join(JOIN_CODE) == 303
            assert phone.token is not None
            _TOKENS[(server_url, device)] = phone.token
        status, body = await phone.vote(option, decision)
        assert status == 200, body
        return body


async def votes_shown(pilot: Pilot, screen: WorkshopScreen, count: int) -> None:
    """Wait until the side panel counts ``count`` votes."""
    digits = screen.query_one("#ws-votes", Digits)
    await wait_for(pilot, lambda: digits.value == str(count), what=f"{count} votes on the side panel")


async def reveal(pilot: Pilot, screen: WorkshopScreen) -> None:
    await pilot.press("r")
    await wait_for(pilot, lambda: screen.view == "revealed", what="the reveal")
    await idle(pilot, screen)


async def follow_majority(pilot: Pilot, screen: WorkshopScreen) -> None:
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.view == "outcome", what="the branch to be taken")
    await idle(pilot, screen)


async def next_decision(pilot: Pilot, screen: WorkshopScreen, view: str = "decision") -> None:
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.view == view, what=f"the {view} view")
    await idle(pilot, screen)


async def this_month_on_top(pilot: Pilot) -> None:
    """Wait until the årshjul list has scrolled this month's heading to its first line, or as far up as the
    list goes (the scroll happens after layout)."""
    from textual.widgets import OptionList

    menu = pilot.app.screen.query_one("#year-sessions", OptionList)

    def on_top() -> bool:
        lines = [menu.render_line(y).text for y in range(menu.size.height)]
        at = next((y for y, line in enumerate(lines) if "denne måneden" in line), None)
        return at == 0 or at is not None and menu.scroll_offset.y == menu.max_scroll_y

    await wait_for(pilot, on_top, what="this month at the top")
