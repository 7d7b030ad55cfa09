"""Om meg: a small form for an optional name or pseudonym, unit and role."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from trainer.progress import Learner
from trainer.ui.screens.dialog import Dialog, match_cursor_blink


class LearnerScreen(Dialog[Learner | None]):
    """Name, unit and role — nothing is required. Returns the new details, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Avbryt")]
    """Escape closes without saving."""

    def __init__(self, learner: Learner) -> None:
        super().__init__()
        self.learner = learner
        """The details as they are now."""

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-dialog", classes="dialog"):
            yield Static("Om meg", classes="dialog-title")
            yield Static(
                "Alt er frivillig. Opplysningene lagres bare på denne maskinen.", classes="dialog-help", markup=False
            )
            yield Label("Navn eller pseudonym")
            yield Input(self.learner.name or "", id="learner-name")
            yield Label("Enhet (f.eks. barnehage eller skole)")
            yield Input(self.learner.unit or "", id="learner-unit")
            yield Label("Rolle (f.eks. pedagogisk leder)")
            yield Input(self.learner.role or "", id="learner-role")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Lagre", id="save", variant="primary", compact=True)
                yield Button("Avbryt", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Blink setting and focus on the first field."""
        match_cursor_blink(self)
        self.query_one("#learner-name", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; on the last field it saves."""
        if event.input.id == "learner-role":
            self._save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        value = {
            name: self.query_one(f"#learner-{name}", Input).value.strip() or None for name in ("name", "unit", "role")
        }
        self.dismiss(Learner(value["name"], value["unit"], value["role"]))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
