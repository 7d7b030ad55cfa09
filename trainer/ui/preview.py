"""``bti-trener preview``: play a scenario file while writing it; it is reloaded whenever it is saved.

The app polls the file's signature (inode, mtime, size) with a timer and, when it changes, reads and
checks it in a worker exactly as ``validate`` does (:func:`trainer.services.preview.read_version`):

* a version that can be played replaces the one shown, and the play-through is carried over to it
  (:func:`trainer.services.preview.carry_over`): same place when it still exists, else the furthest point of the
  path that still fits, with a note;
* a version with errors leaves the last good version on screen and shows the problems in a panel above
  it; the next good save clears the panel.

A version arriving while a choice is being judged (its feedback open) waits until the choice is done.
Nothing is recorded in the progress store: preview runs have no attempt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from trainer.library import LibraryEntry
from trainer.scenario.paths import shortest_prefixes
from trainer.services.cases import CaseRun, CaseService
from trainer.services.preview import Version, carry_over, file_signature, read_version
from trainer.session import Session
from trainer.ui.messages import RetryFrom
from trainer.ui.screens.base import CSSPath
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.outline import OutlineScreen
from trainer.ui.screens.preview_help import PreviewHelpScreen
from trainer.ui.screens.preview_play import PreviewPlayScreen
from trainer.ui.themes import HIGH_CONTRAST, NORMAL_THEME, toggle_contrast

if TYPE_CHECKING:
    from trainer.services.preview import Signature
    from trainer.session import Session

POLL_SECONDS = 0.5
"""How often the file is checked for a save."""


class PreviewApp(App[int]):
    """The preview of one scenario file in øving mode, reloaded on save, with an outline of the graph."""

    CSS_PATH: ClassVar[CSSPath] = ["app.tcss", "screens/play.tcss", "preview.tcss"]
    """The app's stylesheet, the play screen's (named here because Textual does not load a default screen's
    own ``CSS_PATH``) and the preview's own additions, beside this module."""

    TITLE = "BTI-trener"
    """Shown in the header."""

    ENABLE_COMMAND_PALETTE = False
    """The preview has few keys; they are all in the footer and in F1."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Hjelp"),
        Binding("question_mark", "help", "Hjelp", show=False),
        Binding("r", "restart", "Start på nytt"),
        Binding("o", "outline", "Oversikt"),
        Binding("ctrl+t", "toggle_contrast", "Kontrast", show=False),
        Binding("ctrl+q", "quit", "Avslutt", priority=True),
    ]
    """F1 help, r restart from the beginning, o outline, Ctrl+T high contrast, Ctrl+Q quit."""

    def __init__(
        self,
        path: Path,
        version: Version,
        start: list[str] | None = None,
        *,
        display_path: str | None = None,
        poll_interval: float | None = POLL_SECONDS,
    ) -> None:
        """Build the preview.

        Args:
            path: The scenario file.
            version: The file as read at start (:func:`trainer.services.preview.read_version`); must be playable.
            start: Choice IDs leading to the start point (:func:`trainer.services.preview.start_path`).
            display_path: The file name written in problems (the path as given when None).
            poll_interval: Seconds between checks of the file; None to never check (tests call
                :meth:`check_file` themselves).
        """
        super().__init__()
        self.register_theme(HIGH_CONTRAST)
        self.theme = NORMAL_THEME
        if not version.playable or version.scenario is None:
            raise ValueError("the preview needs a version of the file without errors to start from")
        self.path = path
        """The scenario file."""
        self.display_path = display_path if display_path is not None else str(path)
        """The file name written in problems."""
        self.poll_interval = poll_interval
        """Seconds between checks of the file (None: never)."""
        self.good = version
        """The newest version that can be played (what the play screen shows)."""
        self.latest = version
        """The newest version read, which may have errors."""
        self.reloads = 0
        """How many times the file has been read again."""
        self.cases = CaseService([path])
        """Judges choices and whole paths for the play screen; never opens the progress store (no attempts)."""
        self._signature: Signature | None = version.signature
        self._pending: Version | None = None
        session, note = self._session(list(start or []))
        self.play = PreviewPlayScreen(self._run(session, note), version.problems)
        """The play screen (always at the bottom of the stack)."""

    def get_default_screen(self) -> Screen[Any]:
        """The play screen."""
        return self.play

    def on_mount(self) -> None:
        """Start watching the file."""
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.check_file, name="preview-poll")

    # -- watching the file --------------------------------------------------------------------------
    def check_file(self) -> bool:
        """One check of the file: start a reload when it was saved since the last check.

        Also shows a waiting version once the play screen is free. Returns True when a reload was started.
        """
        self._apply_pending()
        signature = file_signature(self.path)
        if signature == self._signature:
            return False
        self._signature = signature
        self.reload()
        return True

    @work(exclusive=True, group="preview-reload")
    async def reload(self) -> None:
        """Read and check the file in a thread, then show the new version or its problems."""
        version = await asyncio.to_thread(read_version, self.path, self.display_path)
        self.reloads += 1
        was_broken = not self.latest.playable
        self.latest = version
        if version.playable:
            self.good = version
            self._pending = version
            self._apply_pending()
            if was_broken:
                self.notify("Fila er i orden igjen.", title="Forhåndsvisning", timeout=3)
        self.play.mark_reloaded(self.reloads)
        self._refresh_problems()
        self._refresh_outline()

    def _apply_pending(self) -> None:
        """Carry the play-through over to the waiting good version, unless a choice is being handled."""
        version = self._pending
        if version is None or self.play.choice_in_progress:
            return
        self._pending = None
        assert version.scenario is not None
        old = self.play.run.session
        session, note = carry_over(version.scenario, list(old.path), old.position, version.profile)
        if any(isinstance(screen, DebriefScreen) for screen in self.screen_stack):
            self._to_play_screen()  # the debrief was about the old version
        self._show(session, note)

    def _refresh_problems(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, (PreviewPlayScreen, OutlineScreen)):
                screen.show_problems(self.latest.problems, self.latest.playable)

    def _outline_version(self) -> Version:
        """The newest version the outline can show: the latest one read when it could be built, else the good one."""
        return self.latest if self.latest.scenario is not None else self.good

    def _refresh_outline(self) -> None:
        shown = self._outline_version()
        assert shown.scenario is not None
        for screen in self.screen_stack:
            if isinstance(screen, OutlineScreen):
                screen.show_scenario(
                    shown.scenario,
                    shown.profile or self.good.profile,
                    self.play.run.session.position,
                    readable_only=not shown.playable,
                )

    # -- moving around ------------------------------------------------------------------------------
    def _session(self, path: list[str]) -> tuple[Session, str | None]:
        assert self.good.scenario is not None
        return Session.resume(self.good.scenario, path, self.good.profile, "øving")

    def _run(self, session: Session, note: str | None = None) -> CaseRun:
        entry = LibraryEntry.from_scenario(self.path, session.scenario)
        return CaseRun(session=session, attempt_id=None, entry=entry, note=note)

    def _show(self, session: Session, note: str | None) -> None:
        self.play.show_run(self._run(session, note), note)

    def _to_play_screen(self) -> None:
        while len(self.screen_stack) > 1 and self.screen is not self.play:
            self.pop_screen()

    def _go(self, path: list[str]) -> None:
        """Show the play-through along ``path`` in the good version, closing anything on top of the play screen."""
        session, note = self._session(path)
        self._to_play_screen()
        self._show(session, note)

    def _busy(self) -> bool:
        if self.play.choice_in_progress:
            self.notify("Vent til valget er ferdig (lukk tilbakemeldingen først).", title="Forhåndsvisning")
            return True
        return False

    def action_restart(self) -> None:
        """Start the case again from the beginning."""
        if not self._busy():
            self._go([])

    def action_outline(self) -> None:
        """Show the outline of the file; Enter on a row jumps there."""
        if isinstance(self.screen, OutlineScreen) or self._busy():
            return
        shown = self._outline_version()
        assert shown.scenario is not None
        outline = OutlineScreen(
            shown.scenario,
            shown.profile or self.good.profile,
            self.play.run.session.position,
            readable_only=not shown.playable,
            problems=self.latest.problems,
            file_ok=self.latest.playable,
        )
        self.push_screen(outline, self.jump_to)

    def jump_to(self, target: str | None) -> None:
        """Go to a node or ending of the good version by the shortest path from start."""
        if target is None:
            return
        scenario = self.good.scenario
        assert scenario is not None
        if target not in scenario.nodes and target not in scenario.endings:
            self.notify(f"«{target}» finnes ikke i siste versjon uten feil.", title="Oversikt", severity="warning")
            return
        prefix = shortest_prefixes(scenario).get(target)
        if prefix is None:
            self.notify(f"«{target}» kan ikke nås fra start.", title="Oversikt", severity="warning")
            return
        self._go(prefix)

    @on(RetryFrom)
    def _retry(self, message: RetryFrom) -> None:
        """*Prøv igjen fra her* in the debrief: replay the decisions before that step."""
        self._go(list(message.run.session.path[: message.step]))

    # -- the rest -----------------------------------------------------------------------------------
    def action_help(self) -> None:
        """Show the preview's help (unless a help is already showing)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(PreviewHelpScreen())

    def action_toggle_contrast(self) -> None:
        """Switch high contrast on or off."""
        toggle_contrast(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Quit, in Norwegian (the command palette is off, but Textual may still ask)."""
        yield SystemCommand("app: avslutt", "Avslutt forhåndsvisningen", self.action_quit)


def run_preview(path: Path, version: Version, start: list[str], display_path: str | None = None) -> int:
    """Run the preview until the author quits; return the exit code."""
    app = PreviewApp(path, version, start, display_path=display_path)
    app.run()
    return app.return_code or 0
