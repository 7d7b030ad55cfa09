"""Feedback right after a choice in øving: what the engine found at that decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from trainer.ui.screens.dialog import Dialog
from trainer.ui.widgets.finding_view import FindingView

if TYPE_CHECKING:  # types only: keeps the engine out of start-up
    from trainer.session import StepOutcome


class FeedbackScreen(Dialog[None]):
    """Findings at one step (✗ broken first, then ✓ followed) and the choice's ``feedback``; any key goes on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "continue", "Fortsett"),
    ]
    """Enter, space or Escape closes the feedback and goes on with the case."""

    def __init__(self, outcome: StepOutcome) -> None:
        super().__init__()
        self.outcome = outcome
        """The outcome of the choice."""

    def compose(self) -> ComposeResult:
        outcome = self.outcome
        broken = [f for f in outcome.findings if f.outcome == "brutt"]
        followed = [f for f in outcome.findings if f.outcome == "fulgt"]
        with Vertical(id="feedback-dialog", classes="dialog"):
            yield Static(f"Tilbakemelding på valg {outcome.step + 1}", classes="dialog-title", markup=False)
            with VerticalScroll(id="feedback-body"):
                yield Static(f"Du valgte: {outcome.choice.text}", id="feedback-choice", markup=False)
                if not outcome.findings:
                    yield Static(
                        "Ingen regler slo ut på dette valget.", id="feedback-none", classes="muted", markup=False
                    )
                for finding in broken:
                    yield FindingView(finding)
                for finding in followed:
                    yield FindingView(finding)
                if outcome.choice.feedback:
                    yield Static("Kommentar fra forfatteren", classes="section-title")
                    yield Static(outcome.choice.feedback, id="feedback-author", markup=False)
            yield Static(
                "Enter: fortsett   ↑/↓: bla"
                + ("   (saken er slutt – så kommer oppsummeringen)" if outcome.ending else ""),
                classes="dialog-help",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the scrollable body so arrows scroll it."""
        self.query_one("#feedback-body").focus()

    def action_continue(self) -> None:
        """Go on with the case."""
        self.dismiss(None)
