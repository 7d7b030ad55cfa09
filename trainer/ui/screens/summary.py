"""The case summary dialog: what the case is about, its learning goals, and how to start it."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from trainer.library import LibraryEntry
from trainer.services.cases import CaseError
from trainer.ui.screens.dialog import Dialog
from trainer.ui.text import AGE_BAND_LABELS, level_span


class CaseSummaryScreen(Dialog[str | None]):
    """A case's summary and learning goals; returns how to start it (øving, prøve or verksted), or None.

    A broken file shows its problems and cannot be started.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt"),
        Binding("o", "start('øving')", "Øving", show=False),
        Binding("p", "start('prøve')", "Prøve", show=False),
        Binding("v", "start('verksted')", "Verksted", show=False),
    ]
    """Escape closes; o and p start in øving or prøve mode; v runs the case for a group (verksted)."""

    def __init__(self, entry: LibraryEntry) -> None:
        super().__init__()
        self.entry = entry
        """The library entry shown."""

    def compose(self) -> ComposeResult:
        entry = self.entry
        with Vertical(id="summary-dialog", classes="dialog"):
            yield Static(entry.title, classes="dialog-title", markup=False)
            with VerticalScroll(id="summary-body"):
                if entry.ok:
                    yield Static(entry.summary, id="summary-text", markup=False)
                    facts = [
                        f"Tema: {', '.join(entry.themes)}",
                        f"Du er: {entry.role}   Barnets alder: {AGE_BAND_LABELS.get(entry.age_band, entry.age_band)}",
                        f"BTI-nivå: {level_span(entry.levels)}   Ca. {entry.minutes} min   "
                        f"Vanskelighetsgrad: {entry.difficulty}",
                        f"Kommuneprofil: {entry.profile}",
                    ]
                    yield Static("\n".join(facts), id="summary-facts", markup=False)
                    yield Static("Læringsmål", classes="section-title")
                    yield Static("Laster …", id="summary-goals", markup=False)
                else:
                    yield Static(
                        "Denne fila har feil og kan ikke spilles. Feilene er:", classes="error-text", markup=False
                    )
                    yield Static("\n".join(f"• {p}" for p in entry.problems), id="summary-problems", markup=False)
            if entry.ok:
                yield Static(
                    "Øving: tilbakemelding underveis.  Prøve: tilbakemelding til slutt.",
                    classes="dialog-help",
                    markup=False,
                )
            with Horizontal(classes="dialog-buttons"):
                if entry.ok:
                    yield Button("Start øving (o)", id="start-oving", variant="primary", compact=True)
                    yield Button("Start prøve (p)", id="start-prove", compact=True)
                    yield Button("Verksted (v)", id="start-verksted", compact=True)
                yield Button("Avbryt (Esc)" if entry.ok else "Lukk (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Focus the first button and load the learning goals."""
        self.query(Button).first().focus()
        if self.entry.ok:
            self.load_goals()

    @work(exclusive=True)
    async def load_goals(self) -> None:
        """Load the full scenario in a thread to show its learning goals."""
        cases = self.cases
        goals = self.query_one("#summary-goals", Static)
        try:
            scenario = await asyncio.to_thread(cases.load, self.entry)
        except CaseError as exc:
            goals.update(str(exc))
            return
        goals.update(
            "\n".join(f"• {goal}" for goal in scenario.learning_goals) or "Forfatteren har ikke skrevet læringsmål."
        )

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("start-"):
            self.action_start({"start-prove": "prøve", "start-verksted": "verksted"}.get(button, "øving"))
        else:
            self.action_cancel()

    def action_start(self, mode: str) -> None:
        """Start the case in the given mode (øving, prøve or verksted)."""
        if self.entry.ok:
            self.dismiss(mode if mode in ("prøve", "verksted") else "øving")

    def action_cancel(self) -> None:
        """Close without starting."""
        self.dismiss(None)
