"""Hjem: who is training, unfinished cases and workshops, the recommended case, this month's årshjul session,
and the way to everything else."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.library import LibraryEntry
from trainer.progress import AttemptSummary, Learner, ProgressError
from trainer.render.words import counted
from trainer.shared.assessment import PHASES, phase_for, season_of
from trainer.ui.messages import OpenCase, ResumeAttempt, ResumeWorkshop
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.text import MODE_LABELS, recommend, session_cases, when
from trainer.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:  # types only: the workshop side loads in a worker
    from trainer.services.yearplan import YearData
    from trainer.workshop.store import WorkshopRow


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
    assessment: str | None = None
    """The self-assessment phase to offer («start» or «slutt»): only to a learner who shares, in its months."""


@dataclass(frozen=True)
class HomeWorkshops:
    """The årshjul and the interrupted workshops, read in a second worker after Hjem's own data."""

    year: YearData
    """The årshjul, for «Denne måneden»."""
    workshops: tuple[WorkshopRow, ...] = ()
    """The workshops that were interrupted, newest first, to offer «Fortsett verkstedet»."""
    error: str | None = None
    """A Norwegian error from the workshop store."""


YEAR_DELAY = 0.25
"""Seconds after Hjem's own data before the årshjul is first read. Reading it imports the scenario model
(about 0.2 s), which would otherwise compete with the first frame; later reloads read it at once."""


def month_text(year: YearData | None) -> str:
    """The «Denne måneden» box: this month's årshjul session (title, theme, cases), or why there is none."""
    if year is None:
        return "Denne måneden: laster årshjulet …"
    from trainer.yearplan import MONTH_BY_NUMBER  # start-up: the årshjul model (pydantic) loads after the first frame

    month = MONTH_BY_NUMBER[year.today.month]
    if year.plan is None:
        reason = year.load_errors[0] if year.load_errors else "ukjent feil"
        return f"Denne måneden: årshjulet kunne ikke leses ({reason}). Se Årshjul (F5)."
    session = year.current
    if session is None:
        upcoming = year.upcoming
        later = f" Neste økt: «{upcoming.title}» ({upcoming.month_name})." if upcoming is not None else ""
        return f"Denne måneden ({month}): ingen økt i årshjulet.{later}"
    status = year.status(session).text
    return (
        f"Denne måneden ({month}): {session.title}\n"
        f"{session.theme}\n"
        f"Saker: {session_cases(session, year.titles)} · {session.arena_label} · {status}"
    )


class HomeScreen(TrainerScreen[None]):
    """The start screen: the learner, cases to continue, a recommended case, and the main menu."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "app.go('bibliotek')", "Bibliotek"),
        Binding("f", "app.go('fremgang')", "Fremgang"),
        Binding("m", "app.edit_learner", "Om meg", priority=True),  # priority: the key hold starts at once
        Binding("a", "app.go('arshjul')", "Årshjul", show=False),
        Binding("v", "app.month_workshop", "Månedens verksted", show=False),
    ]
    """Letters for the menu entries (the menu itself works with arrows and Enter); a opens the årshjul and v
    starts this month's session as a workshop (both are in the menu too, so the footer stays short)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None
        """What is shown, once loaded."""
        self.workshops: HomeWorkshops | None = None
        """This month's årshjul session and the interrupted workshop, once loaded."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Velkommen til BTI-trener.", id="who", markup=False)
            yield OptionList(Option("Laster …", disabled=True), id="home-menu")
            yield Static(month_text(None), id="this-month", markup=False)
        yield KeyBar()

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
        """Read the learner, unfinished attempts and the recommendation in a thread; then the årshjul."""
        cases = self.cases
        today = self.trainer.today

        def read() -> HomeData:
            entries = cases.entries()
            titles = {e.id: e.title for e in entries if e.ok}
            assessment = None
            try:
                learner = cases.learner()
                unfinished = [(a, titles.get(a.scenario_id, a.scenario_id)) for a in cases.unfinished()]
                statuses = cases.statuses()
                error = None
                sharing = cases.sharing()
                phase = phase_for(today())
                if (
                    sharing.key is not None
                    and phase is not None
                    and not sharing.has_answered(season_of(today()), phase)
                ):
                    assessment = phase
            except ProgressError as exc:
                learner, unfinished, statuses, error = Learner(None, None, None), [], {}, str(exc)
            return HomeData(learner, unfinished, recommend(entries, statuses), error, assessment)

        self.data = await asyncio.to_thread(read)
        self._show(self.data)
        if self.workshops is None:
            self.set_timer(YEAR_DELAY, self.load_workshops)
        else:
            self.load_workshops()

    @work(exclusive=True, group="home-year")
    async def load_workshops(self) -> None:
        """Read this month's årshjul session and the interrupted workshop in a thread."""
        app = self.trainer

        def read() -> HomeWorkshops:
            from trainer.workshop.store import WorkshopStoreError  # start-up: the workshop side loads in this worker

            workshops = app.workshops  # built (and imported) here, in the worker, not on the event loop
            year = workshops.year()
            try:
                return HomeWorkshops(year, tuple(workshops.unfinished()))
            except WorkshopStoreError as exc:
                return HomeWorkshops(year, (), str(exc))

        self.workshops = await asyncio.to_thread(read)
        if self.data is not None:
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
        extra = self.workshops
        if extra is not None and extra.error:
            greeting += f"\nVerkstedene kan ikke leses: {extra.error}"
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
        for row in extra.workshops[:3] if extra is not None else ():
            options.append(
                Option(
                    f"Fortsett verkstedet «{row.scenario_title}» ({counted(row.decisions, 'beslutning')} tatt, "
                    f"startet {when(row.started_at)})",
                    id=f"workshop-resume-{row.id}",
                )
            )
        if data.recommended is not None:
            entry, why = data.recommended
            options.append(Option(f"Anbefalt neste sak: «{entry.title}» – {why}", id="recommended"))
        year = extra.year if extra is not None else None
        if year is not None and year.current is not None and year.available(year.current):
            options.append(Option(f"Denne måneden: start verksted – «{year.current.title}» (v)", id="month-workshop"))
            options.append(Option("Denne måneden: velg blant øktas saker", id="month-session"))
        if data.assessment is not None:
            options.append(
                Option(f"Egenvurdering {PHASES[data.assessment]} – fem påstander, to minutter", id="egenvurdering")
            )
        options += [
            Option("Bibliotek – alle saker", id="bibliotek"),
            Option("Fremgang – resultater og hva du bør øve mer på", id="fremgang"),
            Option("Årshjul – årets BTI-økter og verksted for grupper", id="arshjul"),
            Option("Hjelp – taster, BTI-nivåene og hvordan du får poeng", id="hjelp"),
            Option("Om meg – navn, enhet og rolle (frivillig)", id="meg"),
        ]
        menu.set_options(options)
        self.query_one("#this-month", Static).update(month_text(year))
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
        elif option_id.startswith("workshop-resume-"):
            self.post_message(ResumeWorkshop(int(option_id.removeprefix("workshop-resume-"))))
        elif option_id == "month-workshop":
            self.trainer.action_month_workshop()
        elif option_id == "month-session" and self.workshops is not None:
            year = self.workshops.year
            if year.current is not None:
                from trainer.ui.screens.yearplan import open_session  # start-up: the Årshjul area loads on first use

                open_session(self, year, year.current.id)
        elif option_id in ("bibliotek", "fremgang", "arshjul"):
            self.trainer.go(option_id)
        elif option_id == "hjelp":
            self.trainer.action_help()
        elif option_id == "meg":
            self.trainer.action_edit_learner()
        elif option_id == "egenvurdering" and self.data is not None and self.data.assessment is not None:
            self.trainer.action_self_assessment(self.data.assessment)
