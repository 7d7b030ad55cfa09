"""Hjem: who is training, unfinished cases, the recommended next case, and the way to everything else."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.library import LibraryEntry
from trainer.progress import AttemptSummary, Learner, ProgressError
from trainer.ui.messages import OpenCase, ResumeAttempt
from trainer.ui.text import MODE_LABELS, recommend, when


@dataclass(frozen=True)
class HomeData:
    """What the home screen shows, read in a worker."""

    learner: Learner
    """Who is training (all fields may be empty)."""
    unfinished: list[tuple[AttemptSummary, str]]
    """Unfinished attempts and the title of their case, newest first."""
    recommended: tuple[LibraryEntry, str] | None
    """The recommended next case and why."""
    error: str | None = None
    """A Norwegian error from the progress store."""


class HomeScreen(Screen[None]):
    """The start screen: the learner, cases to continue, a recommended case, and the main menu."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "app.go('bibliotek')", "Bibliotek"),
        Binding("f", "app.go('fremgang')", "Fremgang"),
        Binding("m", "app.edit_learner", "Om meg"),
    ]
    """Letters for the menu entries (the menu itself works with arrows and Enter)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None
        """What is shown, once loaded."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Velkommen til BTI-trener.", id="who", markup=False)
            yield OptionList(Option("Laster …", disabled=True), id="home-menu")
            # Slot for «Denne måneden» (the årshjul comes later).
            yield Static("Denne måneden: årshjulet kommer i en senere versjon.", id="this-month", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Set titles and load."""
        self.title = "BTI-trener"
        self.sub_title = "Hjem"
        self.query_one("#home-menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        """Reload whenever the screen comes back (a case may have been played)."""
        self.reload()

    @work(exclusive=True, group="home-load")
    async def reload(self) -> None:
        """Read the learner, unfinished attempts and the recommendation in a thread."""
        backend = self.app.backend  # type: ignore[attr-defined]

        def read() -> HomeData:
            entries = backend.entries()
            titles = {e.id: e.title for e in entries if e.ok}
            try:
                learner = backend.learner()
                unfinished = [(a, titles.get(a.scenario_id, a.scenario_id)) for a in backend.unfinished()]
                statuses = backend.statuses()
                error = None
            except ProgressError as exc:
                learner, unfinished, statuses, error = Learner(None, None, None), [], {}, str(exc)
            return HomeData(learner, unfinished, recommend(entries, statuses), error)

        self.data = await asyncio.to_thread(read)
        self._show(self.data)

    def _show(self, data: HomeData) -> None:
        learner = data.learner
        if learner.name or learner.unit or learner.role:
            details = ", ".join(x for x in (learner.unit, learner.role) if x)
            greeting = f"Hei, {learner.name or 'du'}" + (f" ({details})" if details else "") + "."
        else:
            greeting = "Hei! Du trenger ikke oppgi navn – trykk m hvis du vil skrive navn, enhet eller rolle."
        if data.error:
            greeting += f"\nFremgangen kan ikke leses: {data.error}"
        self.query_one("#who", Static).update(greeting)
        menu = self.query_one("#home-menu", OptionList)
        highlighted = menu.highlighted_option.id if menu.highlighted_option else None
        before = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        options: list[Option] = []
        for attempt, title in data.unfinished[:3]:
            mode = MODE_LABELS.get(attempt.mode, attempt.mode).lower()
            options.append(
                Option(
                    f"Fortsett «{title}» ({mode}, {attempt.decisions} valg tatt, startet {when(attempt.started_at)})",
                    id=f"resume-{attempt.id}",
                )
            )
        if data.recommended is not None:
            entry, why = data.recommended
            options.append(Option(f"Anbefalt neste sak: «{entry.title}» – {why}", id="recommended"))
        options += [
            Option("Bibliotek – alle saker", id="bibliotek"),
            Option("Fremgang – resultater og hva du bør øve mer på", id="fremgang"),
            Option("Hjelp – taster, BTI-nivåene og hvordan du får poeng", id="hjelp"),
            Option("Om meg – navn, enhet og rolle (frivillig)", id="meg"),
        ]
        menu.set_options(options)
        ids = [o.id for o in options]
        # Keep the highlight across a plain refresh; when the menu changed, start at the top (the most useful entry).
        menu.highlighted = ids.index(highlighted) if ids == before and highlighted in ids else 0

    @on(OptionList.OptionSelected, "#home-menu")
    def _menu(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("resume-") and self.data is not None:
            attempt_id = int(option_id.removeprefix("resume-"))
            attempt = next(a for a, _ in self.data.unfinished if a.id == attempt_id)
            self.post_message(ResumeAttempt(attempt))
        elif option_id == "recommended" and self.data is not None and self.data.recommended is not None:
            self.post_message(OpenCase(self.data.recommended[0].id))
        elif option_id in ("bibliotek", "fremgang"):
            self.app.go(option_id)  # type: ignore[attr-defined]
        elif option_id == "hjelp":
            self.app.action_help()  # type: ignore[attr-defined]
        elif option_id == "meg":
            self.app.action_edit_learner()  # type: ignore[attr-defined]
