"""Om meg: a small form for an optional name or pseudonym, unit and role, and whether results are shared
(without the name) with the kommune's BTI report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from trainer.progress import Learner
from trainer.ui.screens.dialog import Dialog, match_cursor_blink


@dataclass(frozen=True)
class LearnerChoice:
    """What the form returns: the details, and whether to share results with the kommune's report."""

    learner: Learner
    """Name, unit and role (each may be empty)."""
    share: bool
    """True: share results (without the name) with the kommune's BTI report."""


class LearnerScreen(Dialog[LearnerChoice | None]):
    """Name, unit and role — nothing is required — and the opt-in to share. Returns the choice, or None when
    cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt"),
        # priority: moving between fields happens before the next typed key is delivered, so a fast burst
        # (name, Tab, unit, Tab, role) fills the right fields
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
        Binding("enter", "enter", show=False, priority=True),
    ]
    """Escape closes without saving; Tab, Shift+Tab and Enter move between the fields at once."""

    def __init__(self, learner: Learner, on_ready: Callable[[], None] | None = None, *, sharing: bool = False) -> None:
        super().__init__()
        self.learner = learner
        """The details as they are now."""
        self.sharing = sharing
        """Whether the learner shares now."""
        self.on_ready = on_ready
        """Called once the first field has focus (the app then replays keys typed while the form opened)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-dialog", classes="dialog"):
            yield Static("Om meg", classes="dialog-title")
            with VerticalScroll(id="learner-fields", can_focus=False):
                yield from self._fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Lagre", id="save", variant="primary", compact=True)
                yield Button("Avbryt", id="cancel", compact=True)

    def _fields(self) -> ComposeResult:
        """The form's fields (in a scrolling body, so the buttons stay visible on a small terminal)."""
        yield Static("Alt er frivillig. Navnet lagres bare på denne maskinen.", classes="dialog-help", markup=False)
        yield Label("Navn eller pseudonym")
        yield Input(self.learner.name or "", id="learner-name")
        yield Label("Enhet (f.eks. barnehage eller skole)")
        yield Input(self.learner.unit or "", id="learner-unit")
        yield Label("Rolle (f.eks. pedagogisk leder)")
        yield Input(self.learner.role or "", id="learner-role")
        yield Checkbox("Del resultatene mine uten navn med kommunens BTI-rapport", self.sharing, id="learner-share")
        yield Static(
            "Sendes: en tilfeldig nøkkel, enhet, rolle, sak, dato, valg, poeng og reglene som ble brutt. "
            "Slår du det av, slettes det som er delt.",
            classes="dialog-help",
            markup=False,
        )

    def on_mount(self) -> None:
        """Blink setting and focus on the first field."""
        match_cursor_blink(self)
        self.query_one("#learner-name", Input).focus()
        if self.on_ready is not None:
            self.call_after_refresh(self.on_ready)

    def action_enter(self) -> None:
        """Enter moves on to the next field, saves on the last one, and presses a focused button."""
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
        elif isinstance(focused, Input) and focused.id == "learner-role":
            focused.call_later(self._save)  # after the keys already sent to the field are in it
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        value = {
            name: self.query_one(f"#learner-{name}", Input).value.strip() or None for name in ("name", "unit", "role")
        }
        share = self.query_one("#learner-share", Checkbox).value
        self.dismiss(LearnerChoice(Learner(value["name"], value["unit"], value["role"]), share))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
