"""Forhåndsvisning: the play screen on a scenario file being written, with the problems panel on top.

It is :class:`~trainer.ui.screens.play.PlayScreen` with three differences: a new version of the file is
swapped in without leaving the screen (:meth:`PreviewPlayScreen.show_run`), the debrief is pushed on top
instead of replacing the screen (so the preview stays underneath), and nothing is paused or saved.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Markdown, OptionList, Static

from trainer.render.roles import node_roles_markdown
from trainer.scenario.problems import Problem
from trainer.services.cases import CaseRun
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.play import PlayScreen
from trainer.ui.widgets.case_panel import CasePanel
from trainer.ui.widgets.problems_panel import ProblemsPanel


class PreviewPlayScreen(PlayScreen):
    """The case as the learner would play it in øving mode, reloaded in place whenever the file is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "pause", "Pause", show=False),
    ]
    """Escape does not pause a preview (nothing is saved); it only says how to quit."""

    def __init__(self, run: CaseRun, problems: list[Problem] | None = None) -> None:
        super().__init__(run)
        self._initial_problems = problems or []

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, Header):
                yield ProblemsPanel(id="preview-problems")

    def on_mount(self) -> None:
        """Show what validate says about the file, and say that this is a preview.

        Textual calls :meth:`PlayScreen.on_mount` too, after this handler; it sets the sub-title to the mode,
        so ours is set once the mount is handled.
        """
        self.show_problems(self._initial_problems, True)
        self.call_later(self.mark_reloaded, 0)

    def mark_reloaded(self, count: int) -> None:
        """Say in the header how many times the file has been read again (so a save that changed nothing
        visible can still be seen to have arrived)."""
        self.sub_title = "Forhåndsvisning (øving)" + (f" – oppdatert {count}×" if count else "")

    def show_node(self) -> None:
        """Render the node, with its ID in the status line (authors look nodes up in the file by ID)."""
        super().show_node()
        session = self.run.session
        node = session.node
        if node is not None and node.roles:  # the author sees the workshop's role cards under the text
            self.query_one("#narrative-text", Markdown).update(node.text + node_roles_markdown(node))
        status = self.query_one("#play-status", Static)
        where = "slutt" if session.finished else "node"
        status.update(f"{status.content} – {where} «{session.position}»")

    @property
    def choice_in_progress(self) -> bool:
        """True while a choice is judged or its feedback is open (a new version waits until it is done)."""
        return any(
            worker.node is self and worker.group == "play-choice" and worker.is_running for worker in self.workers
        )

    def show_run(self, run: CaseRun, note: str | None = None) -> None:
        """Show another play-through (a new version of the file, a restart or a jump) on this screen.

        At an ending the debrief opens at once when this screen is on top; otherwise the screen just says
        that the case is over.
        """
        same_node = run.session.position == self.run.session.position
        highlighted = self.query_one("#choices", OptionList).highlighted if same_node else None
        self.run = run
        self.busy = False
        self.title = run.scenario.title
        panel = self.query_one(CasePanel)
        panel.names = {m.id: m.name for m in run.scenario.cast}
        note_widget = self.query_one("#play-note", Static)
        note_widget.display = bool(note)
        note_widget.update(note or "")
        self.show_node()
        choices = self.query_one("#choices", OptionList)
        if highlighted is not None and highlighted < choices.option_count:
            choices.highlighted = highlighted
        self.load_state()
        if run.session.finished:
            self.busy = True
            if self.app.screen is self:
                self.finish()

    def show_problems(self, problems: list[Problem], playable: bool) -> None:
        """Show what validate says about the latest version of the file."""
        self.query_one(ProblemsPanel).show(problems, playable)

    async def _finish(self) -> None:
        """Judge the whole path and show the debrief on top (attempts in a preview are never recorded)."""
        result = await asyncio.to_thread(self.cases.finish, self.run)
        self.app.push_screen(DebriefScreen(self.run, result))

    def action_pause(self) -> None:
        """A preview has nothing to pause; say how to leave it."""
        self.app.notify(
            "Forhåndsvisningen lagrer ingenting. Ctrl+Q avslutter, r starter på nytt.", title="Forhåndsvisning"
        )
