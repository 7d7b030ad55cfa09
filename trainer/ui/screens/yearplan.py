"""Årshjul: the year's BTI training sessions from August to June, this month highlighted, and the coverage check."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from scoring.vocabulary import COMPETENCE_AREAS
from trainer.services.yearplan import YearData
from trainer.ui.messages import OpenCase, StartWorkshop
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.screens.session_choice import SessionChoiceScreen
from trainer.ui.text import session_cases, session_modules
from trainer.workshop.store import WorkshopStoreError
from trainer.yearplan import MONTH_BY_NUMBER, MONTHS

SCHOOL_YEAR = MONTHS[:-1]
"""The months listed, August to June (July is shown only when the plan has a session in it)."""

CURRENT = "▶ denne måneden"
"""The marker of the current month (it does not rely on colour)."""


def coverage_lines(year: YearData) -> tuple[bool, list[str]]:
    """Whether the year passes the coverage check, and the lines that say so (Norwegian)."""
    if year.plan is None:
        return False, ["Årshjulet kunne ikke leses:", *(f"✗ {e}" for e in year.load_errors)]
    plan = year.plan
    errors = [p for p in year.problems if p.is_error]
    warnings = [p for p in year.problems if not p.is_error]
    ids = plan.scenario_ids()
    found = sum(1 for sid in ids if sid in year.titles)
    covered = len(COMPETENCE_AREAS) - len(plan.missing_modules())
    facts = (
        f"{covered} av {len(COMPETENCE_AREAS)} kompetansemoduler er med i året, "
        f"{found} av {len(ids)} saker finnes i biblioteket."
    )
    if errors:
        head = f"✗ Sjekk av årshjulet: {len(errors)} feil" + (f", {len(warnings)} advarsler" if warnings else "")
    else:
        head = "✓ Årshjulet er i orden" + (f" ({len(warnings)} advarsler)" if warnings else "")
    lines = [f"{head}. {facts}"]
    for problem in year.problems:
        mark = "✗" if problem.is_error else "!"
        lines.append(f"{mark} linje {problem.line}: {problem.message}")
    if year.store_error:
        lines.append(f"! {year.store_error}")
    return not errors, lines


def month_heading(month: str, is_now: bool, empty: bool = False) -> Text:
    """A month's heading; this month is reversed and marked «▶ denne måneden» (not by colour alone)."""
    text = Text(f" {month.upper()} ", style="bold reverse" if is_now else "bold underline")
    if is_now:
        text.append(f"  {CURRENT}", style="bold")
    if empty:
        text.append("  – ingen økt", style="italic")
    return text


def session_prompt(year: YearData, session_id: str, current: bool, heading: Text | None = None) -> Text:
    """One session as a multi-line list entry (under its month's heading when given): title, theme, arena,
    modules, cases and status."""
    assert year.plan is not None
    session = next(s for s in year.plan.sessions if s.id == session_id)
    status = year.status(session)
    when = f"{session.date.strftime('%d.%m.')} " if session.date is not None else ""
    text = Text()
    if heading is not None:
        text.append_text(heading)
        text.append("\n")
    text.append("▶ " if current else "  ")
    text.append(f"{when}{session.title}", style="bold")
    text.append(f"  ({upper_first(session.arena_label)})")
    text.append(f"\n    {session.theme}")
    text.append(f"\n    Moduler: {session_modules(session)}")
    text.append(f"\n    Saker: {session_cases(session, year.titles)}")
    facilitator = f" · Leder: {session.facilitator}" if session.facilitator else ""
    text.append(f"\n    Status: {status.text}{facilitator}", style="bold" if status.held else "")
    return text


def upper_first(text: str) -> str:
    """«BTI-forum» stays, «fagdag» becomes «Fagdag»."""
    return text[:1].upper() + text[1:]


class SessionList(OptionList):
    """The årshjul's sessions. Whenever the list changes size, the highlighted session goes back to the top: the
    coverage box above it finds its height a frame or two after loading (which shrinks this list after the
    first scroll), and a terminal may be resized."""

    def on_resize(self) -> None:
        """Keep the highlighted session (with its month heading) at the top — after the refresh: this runs
        before OptionList's own resize handler has dropped the line heights of the old width."""
        self.call_after_refresh(self.scroll_to_highlight, top=True)


class YearPlanScreen(TrainerScreen[None]):
    """The årshjul month by month (August–June), this month marked, with the coverage check at the top.

    Enter on a session offers to run one of its cases as a workshop or to open it for solo practice.
    """

    CSS_PATH: ClassVar[str] = "yearplan.tcss"
    """This screen's stylesheet, beside this module; loaded when the screen is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "this_month", "Denne måneden"),
        Binding("v", "workshop", "Verksted"),
        Binding("r", "report", "Rapport"),
        Binding("escape", "app.go('hjem')", "Hjem", show=False),
    ]
    """d jumps to this month; v runs the highlighted session as a workshop; r opens the coordinator's report;
    Enter shows a session's choices."""

    def __init__(self) -> None:
        super().__init__()
        self.year: YearData | None = None
        """What is shown, once loaded."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="arshjul"):
            yield Static("Laster årshjulet …", id="year-title", markup=False)
            with VerticalScroll(id="coverage-box"):
                yield Static("", id="coverage", markup=False)
            yield SessionList(id="year-sessions")
            yield Static(
                "Enter: velg økt (verksted eller øv alene)   v: verksted   d: denne måneden   r: rapport",
                id="year-help",
                classes="muted",
                markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        """Titles and focus."""
        self.title = "BTI-trener"
        self.sub_title = "Årshjul"
        self.query_one("#year-sessions", OptionList).focus()
        self.query_one("#coverage-box", VerticalScroll).border_title = "Sjekk av året"
        self.query_one("#year-sessions", OptionList).border_title = "Øktene, august–juni"

    def on_screen_resume(self) -> None:
        """Reload whenever the screen comes back (a workshop may have been held)."""
        self.reload()

    @work(exclusive=True, group="year-load")
    async def reload(self) -> None:
        """Read the plan, the library and the workshop store in a thread."""
        year = await asyncio.to_thread(self.trainer.workshops.year)
        self.year = year
        self._show(year)

    def _show(self, year: YearData) -> None:
        plan = year.plan
        title = self.query_one("#year-title", Static)
        ok, lines = coverage_lines(year)
        coverage = self.query_one("#coverage", Static)
        coverage.update("\n".join(lines))
        box = self.query_one("#coverage-box", VerticalScroll)
        box.set_class(ok, "-ok")
        box.set_class(not ok, "-problems")
        menu = self.query_one("#year-sessions", OptionList)
        if plan is None:
            title.update(f"Årshjul – {year.path.name}")
            menu.set_options([Option("Årshjulet kunne ikke leses. Se feilene over.", disabled=True)])
            return
        month_now = _month_name(year.today.month)
        title.update(f"Årshjul {plan.season} – {plan.kommune} – {plan.unit}")
        months = list(SCHOOL_YEAR) + (["juli"] if any(s.month_name == "juli" for s in plan.sessions) else [])
        options: list[Option] = []
        for month in months:
            sessions = [s for s in plan.sessions if s.month_name == month]
            is_now = month == month_now
            if not sessions:
                options.append(Option(month_heading(month, is_now, empty=True), id=f"month-{month}", disabled=True))
            for index, session in enumerate(sessions):
                current = year.current is not None and session.id == year.current.id
                heading = month_heading(month, is_now) if index == 0 else None
                options.append(Option(session_prompt(year, session.id, current, heading), id=f"session-{session.id}"))
        previous = menu.highlighted_option.id if menu.highlighted_option else None
        menu.set_options(options)
        ids = [o.id for o in options]
        target = previous if previous in ids else None
        if target is None and year.current is not None:
            target = f"session-{year.current.id}"
        if target is None:
            target = next((i for i in ids if i and i.startswith("session-")), None)
        if target is not None:
            menu.highlighted = ids.index(target)
            # (before the list's first layout this scroll is lost; its first Resize then does it: SessionList)
            self.call_after_refresh(menu.scroll_to_highlight, top=True)

    def highlighted_session(self) -> str | None:
        """The ID of the highlighted session (None when a month heading or nothing is highlighted)."""
        option = self.query_one("#year-sessions", OptionList).highlighted_option
        if option is None or not (option.id or "").startswith("session-"):
            return None
        return (option.id or "").removeprefix("session-")

    @on(OptionList.OptionSelected, "#year-sessions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        session_id = (event.option.id or "").removeprefix("session-")
        if self.year is not None and self.year.plan is not None and self.year.plan.session(session_id):
            open_session(self, self.year, session_id)

    def action_this_month(self) -> None:
        """Move the highlight to this month's session."""
        if self.year is None or self.year.current is None:
            self.app.notify("Årshjulet har ingen økt denne måneden.", title="Årshjul")
            return
        menu = self.query_one("#year-sessions", OptionList)
        menu.highlighted = menu.get_option_index(f"session-{self.year.current.id}")
        self.call_after_refresh(menu.scroll_to_highlight, top=True)
        menu.focus()

    def action_report(self) -> None:
        """The BTI coordinator's report on the training year (from the kommune's shared store)."""
        from trainer.ui.screens.report import ReportScreen  # start-up: the report loads when first asked for

        self.app.push_screen(ReportScreen())

    def action_workshop(self) -> None:
        """Run the highlighted session as a workshop (its first case not yet run)."""
        session_id = self.highlighted_session()
        if self.year is None or session_id is None:
            return
        self._start(session_id)

    @work(exclusive=True, group="year-start")
    async def _start(self, session_id: str) -> None:
        year = self.year
        assert year is not None and year.plan is not None
        session = year.plan.session(session_id)
        assert session is not None
        workshops = self.trainer.workshops
        try:
            scenario_id = await asyncio.to_thread(workshops.pick_scenario, year, session)
        except WorkshopStoreError as exc:
            self.app.notify(str(exc), title="Kan ikke starte", severity="error")
            return
        if scenario_id is None:
            self.app.notify(
                f"Ingen av sakene i «{session.title}» finnes i biblioteket.", title="Kan ikke starte", severity="error"
            )
            return
        self.post_message(StartWorkshop(scenario_id, session_id))


def open_session(screen: Screen[Any], year: YearData, session_id: str) -> None:
    """Ask what to do with an årshjul session (a workshop on one of its cases, or a case alone) and do it."""
    assert year.plan is not None
    session = year.plan.session(session_id)
    assert session is not None

    def picked(choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        what, scenario_id = choice
        if what == "verksted":
            screen.post_message(StartWorkshop(scenario_id, session_id))
        else:
            screen.post_message(OpenCase(scenario_id))

    screen.app.push_screen(SessionChoiceScreen(session, year.titles), picked)


def _month_name(number: int) -> str:
    return MONTH_BY_NUMBER[number]
