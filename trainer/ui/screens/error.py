"""An error the learner should read (in Norwegian) — never a traceback."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from trainer.ui.screens.dialog import Dialog


class ErrorScreen(Dialog[None]):
    """A Norwegian error message with a title and advice; Enter or Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Lukk")]
    """Escape or Enter closes."""

    def __init__(self, title: str, message: str, advice: str = "") -> None:
        super().__init__()
        self.error_title = title
        """Heading."""
        self.message = message
        """What went wrong."""
        self.advice = advice
        """What the learner can do."""

    def compose(self) -> ComposeResult:
        with Vertical(id="error-dialog", classes="dialog"):
            yield Static(self.error_title, classes="dialog-title error-text", markup=False)
            with VerticalScroll(id="error-body"):
                yield Static(self.message, id="error-message", markup=False)
                if self.advice:
                    yield Static(self.advice, id="error-advice", classes="dialog-help", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        """Focus the button."""
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self) -> None:
        """Close."""
        self.dismiss()

    def action_close(self) -> None:
        """Close."""
        self.dismiss()
