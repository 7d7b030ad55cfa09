"""Fremgang: the attempts so far, score trend per competence area, the rules broken most, what to practise."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from scoring.rulebook import Rulebook, load_rulebook
from trainer.progress import ProgressError
from trainer.services.cases import ProgressData
from trainer.ui.messages import OpenCase, ResumeAttempt
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.text import MODE_LABELS, area_label, attempt_result, sparkline, when

MOST_BROKEN = 5
"""How many of the most broken rules are listed."""


@dataclass(frozen=True)
class ProgressView:
    """The progress data plus what is needed to word it (titles of cases and rules)."""

    data: ProgressData
    """From the store."""
    case_titles: dict[str, str]
    """Scenario ID → title."""
    rule_titles: dict[str, str]
    """Rule ID → title."""


class ProgressScreen(TrainerScreen[None]):
    """History of attempts, trends per competence area, most broken rules, and cases to practise again."""

    CSS_PATH: ClassVar[str] = "results.tcss"
    """This screen's stylesheet, beside this module; loaded when the screen is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_tab", "Neste fane"),
        Binding("escape", "app.go('hjem')", "Hjem", show=False),
    ]
    """n moves to the next tab; Escape goes home."""

    def __init__(self) -> None:
        super().__init__()
        self.view: ProgressView | None = None
        """What is shown, once loaded."""

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="progress", initial="tab-attempts"):
            with TabPane("Forsøk", id="tab-attempts"):
                yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
                yield Static("", id="attempts-help", classes="dialog-help", markup=False)
            with TabPane("Utvikling", id="tab-trend"), VerticalScroll(classes="debrief-body"):
                yield Static("Poeng per kompetanseområde, eldste først", classes="section-title")
                yield Static("Laster …", id="trend", markup=False)
            with TabPane("Øv mer på", id="tab-practise"), VerticalScroll(classes="debrief-body"):
                yield Static("Reglene du bryter oftest", classes="section-title")
                yield Static("Laster …", id="most-broken", markup=False)
                yield Static("Saker å øve på igjen", classes="section-title")
                yield OptionList(id="practise")
        yield Footer()

    def on_mount(self) -> None:
        """Columns and titles."""
        self.title = "BTI-trener"
        self.sub_title = "Fremgang"
        table = self.query_one("#attempts", DataTable)
        for key, label in (
            ("started", "Startet"),
            ("case", "Sak"),
            ("result", "Resultat"),
            ("overall", "Poeng"),
            ("mode", "Modus"),
            ("decisions", "Valg"),
        ):
            table.add_column(label, key=key)
        table.focus()

    def on_screen_resume(self) -> None:
        """Reload when shown again."""
        self.reload()

    @work(exclusive=True, group="progress-load")
    async def reload(self) -> None:
        """Read everything in a thread."""
        cases = self.cases

        def read() -> ProgressView:
            titles = {e.id: e.title for e in cases.entries() if e.ok}
            data = cases.progress()
            book = _rulebook()
            return ProgressView(data, titles, {rule_id: entry.title for rule_id, entry in book.rules.items()})

        try:
            self.view = await asyncio.to_thread(read)
        except ProgressError as exc:
            self.app.notify(str(exc), title="Fremgangen kan ikke leses", severity="error")
            self.query_one("#attempts-help", Static).update(f"Fremgangen kan ikke leses: {exc}")
            return
        self._show(self.view)

    def _show(self, view: ProgressView) -> None:
        data = view.data
        table = self.query_one("#attempts", DataTable)
        table.clear()
        for attempt in data.attempts:
            retry = f" (fra #{attempt.retry_of})" if attempt.retry_of else ""
            table.add_row(
                when(attempt.started_at),
                view.case_titles.get(attempt.scenario_id, attempt.scenario_id) + retry,
                attempt_result(attempt),
                "–" if attempt.overall is None else str(attempt.overall),
                MODE_LABELS.get(attempt.mode, attempt.mode),
                str(attempt.decisions),
                key=str(attempt.id),
            )
        finished = sum(1 for a in data.attempts if a.finished)
        self.query_one("#attempts-help", Static).update(
            f"{len(data.attempts)} forsøk, {finished} fullført. Enter: fortsett et uferdig forsøk eller åpne saken."
            if data.attempts
            else "Du har ikke spilt noen saker ennå. Gå til Bibliotek (F3) for å begynne."
        )
        self.query_one("#trend", Static).update(self._trend_text(data))
        broken_rules = [(rule, broken, followed) for rule, broken, followed in data.rule_counts if broken][:MOST_BROKEN]
        self.query_one("#most-broken", Static).update(
            "\n".join(
                f"{rule} {view.rule_titles.get(rule, '')} – brutt {broken} {'gang' if broken == 1 else 'ganger'}, "
                f"fulgt {followed}"
                for rule, broken, followed in broken_rules
            )
            or "Ingen brudd så langt."
        )
        practise = self.query_one("#practise", OptionList)
        options = []
        for scenario_id, rules in data.to_practise([r for r, _, _ in broken_rules]):
            title = view.case_titles.get(scenario_id)
            if title is None:
                continue
            options.append(Option(f"«{title}» – du brøt {', '.join(rules)}", id=scenario_id))
        practise.set_options(options or [Option("Ingen saker å øve mer på ennå.", disabled=True)])

    @staticmethod
    def _trend_text(data: ProgressData) -> str:
        if not data.area_history:
            return "Ingen fullførte forsøk ennå."
        lines = []
        for area, points in data.area_history.items():
            scores = [score for _, score in points][-20:]
            lines.append(area_label(area))
            lines.append(
                f"  {sparkline(scores)}  siste {scores[-1]}, "
                f"snitt {round(sum(scores) / len(scores))} ({len(scores)} forsøk)"
            )
        return "\n".join(lines)

    def action_next_tab(self) -> None:
        """Go to the next tab (wrapping round) and focus what is in it."""
        tabs = self.query_one(TabbedContent)
        ids = [pane.id for pane in tabs.query(TabPane) if pane.id]
        index = ids.index(tabs.active) if tabs.active in ids else -1
        tabs.active = ids[(index + 1) % len(ids)]
        focusable = tabs.get_pane(tabs.active).query("DataTable, OptionList, VerticalScroll")
        if focusable:
            focusable.first().focus()

    @on(DataTable.RowSelected, "#attempts")
    def _attempt(self, event: DataTable.RowSelected) -> None:
        if self.view is None or event.row_key.value is None:
            return
        attempt_id = int(event.row_key.value)
        attempt = next((a for a in self.view.data.attempts if a.id == attempt_id), None)
        if attempt is None:
            return
        if attempt.finished:
            self.post_message(OpenCase(attempt.scenario_id))
        else:
            self.post_message(ResumeAttempt(attempt))

    @on(OptionList.OptionSelected, "#practise")
    def _practise(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenCase(event.option.id))


def _rulebook() -> Rulebook:
    """The rulebook (read once, then cached by :func:`load_rulebook`)."""
    return load_rulebook()
