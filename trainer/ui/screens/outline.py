"""Oversikt (preview, key o): every node and ending of the file, how many paths reach it, where its choices
lead, and the worst severity that can arise there. Enter jumps the preview to the node."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, ListItem, ListView, Static

from trainer.scenario.problems import Problem
from trainer.services.preview import OutlineRow, outline_rows, safe_analyse
from trainer.ui.widgets.problems_panel import ProblemsPanel

if TYPE_CHECKING:  # types only: keeps the engine out of start-up
    from scoring.profile import KommuneProfile
    from trainer.scenario.model import Scenario

OUTCOME_WORDS = {"god": "god", "delvis": "delvis", "dårlig": "dårlig"}
"""Ending outcomes as shown."""


def _paths(row: OutlineRow) -> str:
    if not row.reachable:
        return "kan ikke nås fra start"
    if not row.counted:
        return "stier ikke talt"
    if row.paths is None:
        return "uendelig mange stier (løkke)"
    return "1 sti" if row.paths == 1 else f"{row.paths} stier"


def row_meta(row: OutlineRow) -> str:
    """«start · 2 stier · verst: kritisk» — what the outline says about a row besides its title."""
    parts = []
    if row.is_start:
        parts.append("start")
    if row.kind == "ending":
        parts.append(f"slutt ({OUTCOME_WORDS.get(row.outcome or '', row.outcome or '')})")
    parts.append(_paths(row))
    if row.worst:
        parts.append(f"verst: {row.worst}")
    return " · ".join(parts)


class OutlineItem(ListItem):
    """One node or ending in the outline; its classes carry the severity (``sev-kritisk`` …) and ``unreachable``."""

    def __init__(self, row: OutlineRow, current: bool) -> None:
        classes = [f"sev-{row.worst or 'ingen'}", row.kind]
        if not row.reachable:
            classes.append("unreachable")
        if current:
            classes.append("current")
        super().__init__(classes=" ".join(classes))
        self.row = row
        """What the item shows."""

    def compose(self) -> ComposeResult:
        row = self.row
        marker = "▶ " if self.has_class("current") else ""
        title = f" – {row.title}" if row.title else ""
        with Horizontal(classes="outline-line"):
            yield Static(f"{marker}{row.id}{title}", classes="outline-head", markup=False)
            yield Static(row_meta(row), classes="outline-meta", markup=False)
        if row.choices:
            lines = []
            for choice in row.choices:
                missing = "" if choice.target_exists else " (finnes ikke)"
                lines.append(f"  {choice.id} → {choice.goto}{missing}")
            yield Static("\n".join(lines), classes="outline-choices", markup=False)


class OutlineScreen(Screen[str | None]):
    """The graph of the file as a list; returns the node or ending chosen with Enter (None on Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o", "close", "Tilbake"),
    ]
    """Escape (or o again) goes back to the preview; Enter on a row jumps there."""

    def __init__(
        self,
        scenario: Scenario,
        profile: KommuneProfile | None,
        current: str,
        *,
        readable_only: bool = False,
        problems: list[Problem] | None = None,
        file_ok: bool = True,
    ) -> None:
        super().__init__()
        self._initial_problems = problems or []
        self._file_ok = file_ok
        self.scenario = scenario
        """The version shown (the newest one that could be read)."""
        self.profile = profile
        """The profile the severities are judged under."""
        self.current = current
        """Where the preview stands."""
        self.readable_only = readable_only
        """True when the version shown has errors (the preview shows an older one)."""
        self.rows: list[OutlineRow] = []
        """The rows shown, once the analysis is done."""
        self.ready = False
        """True once the rows are shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield ProblemsPanel(id="outline-problems")
        yield Static("Analyserer saken …", id="outline-summary", markup=False)
        yield ListView(id="outline")
        yield Footer()

    def on_mount(self) -> None:
        """Titles, then analyse in a thread."""
        self.title = self.scenario.title
        self.sub_title = "Oversikt"
        self.query_one("#outline", ListView).border_title = "Noder og slutter (Enter: gå dit)"
        self.show_problems(self._initial_problems, self._file_ok)
        self.load_rows()

    def show_scenario(
        self, scenario: Scenario, profile: KommuneProfile | None, current: str, *, readable_only: bool = False
    ) -> None:
        """Show another version of the file (after a save)."""
        self.scenario, self.profile, self.current, self.readable_only = scenario, profile, current, readable_only
        self.title = scenario.title
        self.load_rows()

    def show_problems(self, problems: list[Problem], playable: bool) -> None:
        """Show what validate says about the latest version of the file."""
        self.query_one(ProblemsPanel).show(problems, playable)

    @work(exclusive=True, group="outline")
    async def load_rows(self) -> None:
        """Analyse the scenario in a thread (every choice is judged once) and list the rows."""
        self.ready = False
        scenario = self.scenario
        analysis = await asyncio.to_thread(safe_analyse, scenario, self.profile)
        rows = outline_rows(scenario, analysis)
        listing = self.query_one("#outline", ListView)
        keep = self._highlighted_id() or self.current
        await listing.clear()
        await listing.extend(OutlineItem(row, row.id == self.current) for row in rows)
        self.rows = rows
        ids = [row.id for row in rows]
        listing.index = ids.index(keep) if keep in ids else 0
        listing.focus()
        summary = self._summary(rows, analysis is not None, analysis.paths if analysis else None)
        self.query_one("#outline-summary", Static).update(summary)
        self.ready = True

    def _highlighted_id(self) -> str | None:
        item = self.query_one("#outline", ListView).highlighted_child
        return item.row.id if isinstance(item, OutlineItem) else None

    def _summary(self, rows: list[OutlineRow], counted: bool, paths: int | None) -> str:
        nodes = sum(1 for r in rows if r.kind == "node")
        endings = len(rows) - nodes
        parts = [f"{nodes} noder", f"{endings} slutter"]
        if counted and paths is None:
            parts.append("uendelig mange stier")
        elif counted:
            parts.append("1 sti" if paths == 1 else f"{paths} stier")
        unreachable = sum(1 for r in rows if not r.reachable)
        if unreachable:
            parts.append(f"{unreachable} kan ikke nås")
        text = " · ".join(parts) + " — rød: kritisk, oransje: alvorlig, gul: mindre"
        if self.readable_only:
            text = "Fila har feil: oversikten viser den nyeste versjonen som kunne leses. " + text
        return text

    @on(ListView.Selected, "#outline")
    def _chosen(self, event: ListView.Selected) -> None:
        if isinstance(event.item, OutlineItem):
            self.dismiss(event.item.row.id)

    def action_close(self) -> None:
        """Back to the preview."""
        self.dismiss(None)
