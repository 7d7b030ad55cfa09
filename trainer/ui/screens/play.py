"""Spill: the narrative, the choices, and the case as it stands in a side panel."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from trainer.services.cases import CaseRun
from trainer.ui import keys
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.feedback import FeedbackScreen
from trainer.ui.text import MODE_LABELS
from trainer.ui.widgets.case_panel import CasePanel


class PlayScreen(TrainerScreen[None]):
    """One case being played. Choices by number keys 1–9 or arrows + Enter; no timers.

    In øving mode the findings of each choice are shown at once; in prøve mode nothing is shown until
    the debrief. Every decision is recorded in the progress store as it is made.
    """

    PAUSE_NOTE: ClassVar[str | None] = "Saken er lagret. Du kan fortsette fra Hjem."
    """Every decision is already saved; Hjem offers to continue the case."""

    CSS_PATH: ClassVar[str] = "play.tcss"
    """This screen's stylesheet, beside this module; loaded when the screen is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = keys.PLAY
    """Number keys choose; s shows or hides the side panel; Escape pauses the case (it is saved)."""

    def __init__(self, run: CaseRun) -> None:
        super().__init__()
        self.run = run
        """The play-through and its attempt."""
        self.busy = False
        """True while a choice is being judged and saved (further keys are ignored)."""

    def compose(self) -> ComposeResult:
        names = {m.id: m.name for m in self.run.scenario.cast}
        yield Header()
        with Horizontal(id="play"):
            with Vertical(id="play-main"):
                yield Static("", id="play-status", markup=False)
                yield Static("", id="play-note", markup=False)
                with VerticalScroll(id="narrative"):
                    yield Markdown("", id="narrative-text")
                yield OptionList(id="choices")
            yield CasePanel(names=names, id="case-panel")
        yield Footer()

    def on_mount(self) -> None:
        """Show where the session stands (a resumed session may already be at an ending)."""
        self.query_one("#choices", OptionList).border_title = "Hva gjør du? (1–9)"
        self.query_one(CasePanel).border_title = "Saken nå"
        self.title = self.run.scenario.title
        self.sub_title = MODE_LABELS.get(self.run.session.mode, self.run.session.mode)
        note = self.query_one("#play-note", Static)
        note.display = bool(self.run.note or self.run.save_error)
        note.update(self.run.note or self.run.save_error or "")
        if self.run.note:
            self.app.notify(self.run.note, title="Saken er endret", severity="warning")
        if self.run.save_error:
            self.app.notify(self.run.save_error, title="Fremgangen lagres ikke", severity="error")
        self.show_node()
        self.load_state()
        if self.run.session.finished:
            self.busy = True
            self.finish()

    @work(exclusive=True, group="play-state")
    async def load_state(self) -> None:
        """Replay the path in a thread for the side panel."""
        state = await asyncio.to_thread(self.cases.state, self.run)
        self.query_one(CasePanel).show(state)

    def show_node(self) -> None:
        """Render the current node's narrative and choices."""
        session = self.run.session
        node = session.node
        choices = self.query_one("#choices", OptionList)
        mode = MODE_LABELS.get(session.mode, session.mode)
        status = f"{mode} – valg {len(session.path) + 1}"
        if session.mode == "prøve":
            status += " – tilbakemelding til slutt"
        self.query_one("#play-status", Static).update(status)
        if node is None:
            self.query_one("#narrative", VerticalScroll).border_title = ""
            self.query_one("#narrative-text", Markdown).update("Saken er slutt.")
            choices.clear_options()
            return
        narrative = self.query_one("#narrative", VerticalScroll)
        narrative.border_title = node.title or ""
        self.query_one("#narrative-text", Markdown).update(node.text)
        narrative.scroll_home(animate=False)
        options = session.choices()
        choices.set_options([Option(f"{n}. {choice.text}", id=choice.id) for n, choice in enumerate(options, 1)])
        # the keys that work here: «1–3» for three options (not a fixed «1–9»)
        choices.border_title = f"Hva gjør du? (1–{len(options)})" if len(options) > 1 else "Hva gjør du? (1)"
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option_index + 1)

    def action_choose(self, number: int) -> None:
        """Take choice ``number`` (1-based)."""
        if self.busy or self.run.session.finished or not 1 <= number <= len(self.run.session.choices()):
            return
        self.busy = True
        self.query_one("#choices", OptionList).highlighted = number - 1
        self.make_choice(number)

    @work(group="play-choice")
    async def make_choice(self, number: int) -> None:
        """Judge and record the choice in a thread, then show feedback (øving) and the next node."""
        cases = self.cases
        try:
            result = await asyncio.to_thread(cases.choose, self.run, str(number))
            if result.save_error:
                self.app.notify(result.save_error, title="Valget ble ikke lagret", severity="error")
            self.query_one(CasePanel).show(result.state)
            if self.run.session.mode == "øving":
                await self.app.push_screen_wait(FeedbackScreen(result.outcome))
            if result.outcome.ending is not None:
                await self._finish()
                return
            self.show_node()
        finally:
            if not self.run.session.finished:
                self.busy = False

    @work(group="play-choice")
    async def finish(self) -> None:
        """Judge a path that already reached an ending (a resumed attempt) and open the debrief."""
        await self._finish()

    async def _finish(self) -> None:
        result = await asyncio.to_thread(self.cases.finish, self.run)
        if result.save_error:
            self.app.notify(result.save_error, title="Resultatet ble ikke lagret", severity="error")
        self.app.switch_screen(DebriefScreen(self.run, result))

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel (useful on small terminals)."""
        panel = self.query_one(CasePanel)
        panel.display = not panel.display

    def action_pause(self) -> None:
        """Leave the case; every decision is saved and it can be continued from Hjem."""
        if self.busy:
            return
        self.app.notify("Saken er lagret. Du kan fortsette fra Hjem.", title="Pause")
        self.dismiss()
