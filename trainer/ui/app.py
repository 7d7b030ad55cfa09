"""The BTI-trener Textual app: modes for Hjem, Bibliotek, Fremgang and Årshjul; cases and workshops run on top."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette, Provider
from textual.screen import Screen

from trainer.library import LibraryEntry
from trainer.progress import Learner, ProgressError
from trainer.services.cases import CaseError, CaseRun, CaseService
from trainer.ui import keys
from trainer.ui.key_hold import KeyHold, ReleaseKeys
from trainer.ui.messages import OpenCase, ResumeAttempt, ResumeWorkshop, RetryFrom, StartCase, StartWorkshop
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.screens.error import ErrorScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.themes import HIGH_CONTRAST, NORMAL_THEME, toggle_contrast

if TYPE_CHECKING:  # the workshop side loads on first use, not at start-up
    from trainer.services.workshops import VotingConfig, WorkshopRun, WorkshopService


# The other areas' screens are imported when the area is first opened, not at start-up.


def _trainer_commands() -> type[Provider]:
    """The palette's provider of cases and actions, imported when the palette first opens."""
    from trainer.ui.commands import TrainerCommands  # start-up: loaded when the palette first opens

    return TrainerCommands


def _library_screen() -> Screen[Any]:
    """The Bibliotek mode's screen."""
    from trainer.ui.screens.library import LibraryScreen  # start-up: each area loads when first opened

    return LibraryScreen()


def _progress_screen() -> Screen[Any]:
    """The Fremgang mode's screen."""
    from trainer.ui.screens.progress import ProgressScreen  # start-up: each area loads when first opened

    return ProgressScreen()


def _year_plan_screen() -> Screen[Any]:
    """The Årshjul mode's screen."""
    from trainer.ui.screens.yearplan import YearPlanScreen  # start-up: each area loads when first opened

    return YearPlanScreen()


class TrainerApp(App[int]):
    """BTI-trener: play fictional BTI cases and learn from the engine's feedback."""

    CSS_PATH: ClassVar[str] = "app.tcss"
    """The app's stylesheet, beside this module."""

    TITLE = "BTI-trener"
    """Shown in the header."""

    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "hjem": HomeScreen,
        "bibliotek": _library_screen,
        "fremgang": _progress_screen,
        "arshjul": _year_plan_screen,
    }
    """The four areas; a case (summary, play, debrief) or a workshop is pushed on top of the area it was
    started from."""

    DEFAULT_MODE: ClassVar[str] = "hjem"
    """The app starts at home."""

    COMMANDS: ClassVar = App.COMMANDS | {_trainer_commands}
    """The command palette: the system commands plus cases and actions."""

    BINDINGS: ClassVar[list[BindingType]] = keys.APP
    """Global keys: help, the four areas, high contrast, quit, and the command palette (in Norwegian)."""

    def __init__(
        self,
        library_roots: list[Path] | None = None,
        store_path: Path | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        blink_cursor: bool = True,
        today: Callable[[], date] | None = None,
        plan_path: Path | None = None,
        workshop_store_path: Path | None = None,
        export_dir: Path | None = None,
        voting: VotingConfig | None = None,
    ) -> None:
        """Build the app.

        Args:
            library_roots: Folders (or files) of scenarios; the bundled library when None.
            store_path: The progress database; the default file in the data folder when None.
            clock: The progress store's clock (tests freeze it).
            blink_cursor: Whether text cursors blink (off in snapshot tests).
            today: Today's date for the årshjul (tests freeze it).
            plan_path: The årshjul file; ``arshjul.yaml`` in a library folder, else the bundled one, when None.
            workshop_store_path: The workshop database; the default file in the data folder when None.
            export_dir: Where workshop summaries are written; the data folder's ``eksport`` when None.
            voting: Where the workshop's voting page listens (127.0.0.1 by default).
        """
        super().__init__()
        self.cases = CaseService(library_roots, store_path, clock)
        """The library and the progress store (blocking; used from workers)."""

        def make_workshops() -> WorkshopService:
            from trainer.services.workshops import WorkshopService  # start-up: the workshop side loads on first use

            return WorkshopService(
                self.cases,
                plan_path=plan_path,
                store_path=workshop_store_path,
                export_dir=export_dir,
                today=today,
                voting=voting,
            )

        self.today: Callable[[], date] = today or date.today
        """Today's date (tests freeze it): the årshjul's month and when the self-assessment is offered."""
        self._make_workshops = make_workshops
        self.blink_cursor = blink_cursor
        """Whether input cursors blink."""
        self.register_theme(HIGH_CONTRAST)
        self.theme = NORMAL_THEME

    @cached_property
    def workshops(self) -> WorkshopService:
        """The årshjul, the workshop store and the voting page (blocking; used from workers), built on first use."""
        return self._make_workshops()

    # -- start-up --------------------------------------------------------------------------------
    def on_mount(self) -> None:
        """Open the store and index the library in the background."""
        self.warm_up()

    @work(group="warm-up")
    async def warm_up(self) -> None:
        """Index the library and open the progress store in a thread; tell the learner if the store fails."""
        try:
            await asyncio.to_thread(self.cases.store)
        except ProgressError as exc:
            self.push_screen(
                ErrorScreen(
                    "Fremgangen kan ikke lagres",
                    str(exc),
                    "Du kan fortsatt øve, men valg og resultater blir ikke lagret denne gangen.",
                )
            )
        await asyncio.to_thread(self.cases.entries)

    def on_unmount(self) -> None:
        """Stop any voting page still running and close the stores."""
        if "workshops" in vars(self):  # built only if the årshjul or a workshop was used
            self.workshops.close()
        self.cases.close()

    # -- navigation ------------------------------------------------------------------------------
    def action_go(self, mode: str) -> None:
        """Key binding: go to an area."""
        self.go(mode)

    def go(self, mode: str) -> None:
        """Go to an area (hjem, bibliotek, fremgang, arshjul). Screens on top of the current area are closed
        first (a case in play or a workshop is saved and can be continued from Hjem)."""
        if mode not in self.MODES:
            return
        notes: dict[str, None] = {}  # what the closed screens kept, each said once
        while len(self.screen_stack) > 1:
            if isinstance(self.screen, TrainerScreen) and self.screen.PAUSE_NOTE:
                notes[self.screen.PAUSE_NOTE] = None
            self.pop_screen()
        for note in notes:
            self.notify(note, title="Pause")
        if mode != self.current_mode:
            self.switch_mode(mode)

    def action_command_palette(self) -> None:
        """Open the command palette with a Norwegian prompt."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # typed App[object]
            self.push_screen(CommandPalette(placeholder="Søk etter saker og kommandoer …", id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, worded in Norwegian."""
        yield SystemCommand("app: avslutt", "Avslutt BTI-trener (fremgangen er lagret)", self.action_quit)
        yield SystemCommand("tema: velg fargetema", "Velg blant alle fargetemaene", self.action_change_theme)
        yield SystemCommand("app: vis taster", "Vis tastene som virker her", self.action_show_help_panel)

    def action_help(self) -> None:
        """Show the help (unless it is already showing)."""
        from trainer.ui.screens.help import HelpScreen  # start-up: the help loads when first asked for

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_contrast(self) -> None:
        """Switch high contrast on or off."""
        toggle_contrast(self)

    # -- keys typed while a dialog opens ---------------------------------------------------------------
    @cached_property
    def key_hold(self) -> KeyHold:
        """Keys held while a dialog opens (:mod:`trainer.ui.key_hold`)."""
        return KeyHold(self)

    async def on_event(self, event: events.Event) -> None:
        """Every event, except a key typed while a dialog is opening (held, and replayed when it is ready)."""
        if self.key_hold.take(event):
            return
        await super().on_event(event)

    async def on_release_keys(self, _: ReleaseKeys) -> None:
        """The dialog is ready: handle the held keys in the order they were typed."""
        for key in self.key_hold.replay():
            await super().on_event(key)

    # -- the learner ------------------------------------------------------------------------------
    def action_edit_learner(self) -> None:
        """Ask for name, unit and role (all optional) and save them; keys typed meanwhile go to the form."""
        self.key_hold.start()
        self._edit_learner()

    @work(exclusive=True, group="learner")
    async def _edit_learner(self) -> None:
        try:
            learner = await asyncio.to_thread(self.cases.learner)
            sharing = (await asyncio.to_thread(self.cases.sharing)).key is not None
        except ProgressError:
            learner, sharing = Learner(None, None, None), False
        from trainer.ui.screens.learner import LearnerScreen  # start-up: loaded when first asked for

        result = await self.push_screen_wait(LearnerScreen(learner, on_ready=self.key_hold.release, sharing=sharing))
        if result is None:
            return
        try:
            await asyncio.to_thread(self.cases.set_learner, result.learner)
        except ProgressError as exc:
            self.show_error("Kunne ikke lagre opplysningene", str(exc))
            return
        note = await asyncio.to_thread(self._share, result.share, sharing)
        self.notify("Opplysningene er lagret." + (f" {note}" if note else ""), title="Om meg")
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()

    def action_self_assessment(self, phase: str) -> None:
        """The before/after self-assessment (for a learner who shares)."""
        self._self_assessment(phase)

    @work(exclusive=True, group="assessment")
    async def _self_assessment(self, phase: str) -> None:
        from trainer.ui.screens.assessment import AssessmentScreen  # start-up: loaded when first asked for

        answers = await self.push_screen_wait(AssessmentScreen(phase))
        if answers is None:
            return
        cases = self.cases

        try:
            sent = await asyncio.to_thread(cases.record_assessment, phase, answers)
        except ProgressError as exc:
            self.show_error("Kunne ikke lagre egenvurderingen", str(exc))
            return
        if not sent:
            self.show_error("Kunne ikke lagre egenvurderingen", cases.shared.problem or "Du deler ikke resultatene.")
            return
        self.notify("Takk! Egenvurderingen er lagret uten navn.", title="Egenvurdering")
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()

    def _share(self, share: bool, sharing: bool) -> str | None:
        """Turn sharing on or off as the learner chose (blocking: called in a thread); what to tell them."""
        cases = self.cases
        try:
            if share and not sharing:
                cases.start_sharing()
                problem = cases.shared.problem
                return "Du deler nå resultatene dine uten navn." + (
                    f" De sendes når databasen kan nås ({problem})." if problem else ""
                )
            if sharing and not share:
                if not cases.stop_sharing():
                    return f"Delingen kunne ikke slås av nå ({cases.shared.problem}); prøv igjen."
                return "Du deler ikke lenger, og det du hadde delt, er slettet."
        except ProgressError as exc:
            return f"Delingsvalget kunne ikke lagres ({exc})."
        return None

    # -- cases -----------------------------------------------------------------------------------
    def open_entry(self, entry: LibraryEntry) -> None:
        """Show a case's summary; start it in the mode the learner picks."""

        def picked(mode: str | None) -> None:
            if mode == "verksted":
                self.post_message(StartWorkshop(entry.id))
            elif mode is not None:
                self.post_message(StartCase(entry.id, "prøve" if mode == "prøve" else "øving"))

        from trainer.ui.screens.summary import CaseSummaryScreen  # start-up: loaded when a case is first opened

        self.push_screen(CaseSummaryScreen(entry), picked)

    @on(OpenCase)
    @work(group="cases")
    async def _open_case(self, message: OpenCase) -> None:
        entry = await asyncio.to_thread(self.cases.find_entry, message.scenario_id)
        if entry is None:
            self.show_error("Fant ikke saken", f"Saken «{message.scenario_id}» finnes ikke i biblioteket.")
            return
        self.open_entry(entry)

    @on(StartCase)
    @work(group="cases")
    async def _start_case(self, message: StartCase) -> None:
        await self._play(lambda: self.cases.start(message.scenario_id, message.mode))

    @on(ResumeAttempt)
    @work(group="cases")
    async def _resume(self, message: ResumeAttempt) -> None:
        await self._play(lambda: self.cases.resume(message.attempt))

    @on(RetryFrom)
    @work(group="cases")
    async def _retry(self, message: RetryFrom) -> None:
        await self._play(lambda: self.cases.retry_from(message.run, message.step), replace=True)

    async def _play(self, open_run: Callable[[], CaseRun], replace: bool = False) -> None:
        """Open a case in a thread and show it (replacing the current screen, e.g. the debrief)."""
        try:
            run = await asyncio.to_thread(open_run)
        except CaseError as exc:
            self.show_error("Saken kan ikke åpnes", str(exc))
            if isinstance(self.screen, HomeScreen):
                self.screen.reload()
            return
        except ProgressError as exc:
            self.show_error("Fremgangen kan ikke leses", str(exc))
            return
        from trainer.ui.screens.play import PlayScreen  # start-up: the engine loads when a case is first played

        if replace:
            self.switch_screen(PlayScreen(run))
        else:
            self.push_screen(PlayScreen(run))

    # -- workshops -------------------------------------------------------------------------------
    @on(StartWorkshop)
    @work(group="workshops")
    async def _start_workshop(self, message: StartWorkshop) -> None:
        await self._run_workshop(lambda: self.workshops.start(message.scenario_id, message.plan_session_id))

    @on(ResumeWorkshop)
    @work(group="workshops")
    async def _resume_workshop(self, message: ResumeWorkshop) -> None:
        await self._run_workshop(lambda: self.workshops.resume(message.workshop_id))

    async def _run_workshop(self, open_run: Callable[[], WorkshopRun]) -> None:
        """Open a workshop in a thread and show the presenter screen."""
        # start-up: the workshop side (store, server, engine) loads when a workshop is first run
        from trainer.services.workshops import WorkshopFailure
        from trainer.ui.screens.workshop import WorkshopScreen

        try:
            run = await asyncio.to_thread(open_run)
        except WorkshopFailure as exc:
            self.show_error("Verkstedet kan ikke starte", str(exc))
            return
        self.push_screen(WorkshopScreen(run))

    @work(exclusive=True, group="workshops")
    async def action_month_workshop(self) -> None:
        """Start this month's årshjul session as a workshop (its first case not yet run)."""

        def pick() -> tuple[str | None, str | None, str]:
            from trainer.workshop.store import WorkshopStoreError  # start-up: the workshop side loads on first use

            year = self.workshops.year()
            if year.current is None:
                month = "Årshjulet har ingen økt denne måneden." if year.plan else " ".join(year.load_errors)
                return None, None, month
            try:
                return self.workshops.pick_scenario(year, year.current), year.current.id, year.current.title
            except WorkshopStoreError as exc:
                return None, None, str(exc)

        scenario_id, session_id, text = await asyncio.to_thread(pick)
        if session_id is None:
            self.show_error("Ingen økt å starte", text, "Se hele året i Årshjul (F5).")
        elif scenario_id is None:
            self.show_error(
                "Ingen sak å kjøre",
                f"Ingen av sakene i økta «{text}» finnes i biblioteket.",
                "Åpne økta i Årshjul (F5) for å se hvilke saker som mangler.",
            )
        else:
            self.post_message(StartWorkshop(scenario_id, session_id))

    def show_error(self, title: str, message: str, advice: str = "") -> None:
        """Show a Norwegian error on top of whatever is showing."""
        self.push_screen(ErrorScreen(title, message, advice))


def run(library_roots: list[Path] | None = None, store_path: Path | None = None) -> int:
    """Run the app (by default on the bundled library and the default progress file); return the exit code."""
    app = TrainerApp(library_roots, store_path)
    app.run()
    return app.return_code or 0
