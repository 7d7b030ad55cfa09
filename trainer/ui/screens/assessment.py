"""Egenvurdering: the five statements of the before/after self-assessment, each answered 1–5, stored without a
name in the kommune's shared store (only for a learner who shares)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from trainer.shared.assessment import PHASES, QUESTIONS, SCALE
from trainer.ui.screens.dialog import Dialog, match_cursor_blink

Answers = tuple[int, int, int, int, int]


class AssessmentScreen(Dialog[Answers | None]):
    """Five statements, a digit 1–5 each; returns the answers, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt"),
        Binding("enter", "enter", show=False, priority=True),
    ]
    """Escape closes without saving; Enter moves to the next statement and saves after the last."""

    def __init__(self, phase: str) -> None:
        super().__init__()
        self.phase = phase
        """«start» or «slutt»."""

    def compose(self) -> ComposeResult:
        with Vertical(id="assessment-dialog", classes="dialog"):
            yield Static(f"Egenvurdering {PHASES[self.phase]}", classes="dialog-title")
            with VerticalScroll(id="assessment-fields", can_focus=False):
                yield from self._fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Lagre", id="save", variant="primary", compact=True)
                yield Button("Avbryt", id="cancel", compact=True)

    def _fields(self) -> ComposeResult:
        """The statements (in a scrolling body, so the buttons stay visible on a small terminal)."""
        scale = ", ".join(f"{n} = {word}" for n, word in enumerate(SCALE, start=1))
        yield Static(
            f"Hvor enig er du? {scale}. Svarene lagres uten navn, og rapporten viser bare snitt for enheter "
            "med minst 5 svar.",
            classes="dialog-help",
            markup=False,
        )
        for number, question in enumerate(QUESTIONS, start=1):
            yield Label(f"{number}. {question}")
            yield Input(id=f"q{number}", restrict="[1-5]", max_length=1, placeholder="1–5")
        yield Static("", id="assessment-error", classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        """Focus on the first statement."""
        match_cursor_blink(self)
        self.query_one("#q1", Input).focus()

    def action_enter(self) -> None:
        """Enter: the next statement, or save after the last; presses a focused button."""
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
        elif isinstance(focused, Input) and focused.id == f"q{len(QUESTIONS)}":
            focused.call_later(self._save)
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        values = [self.query_one(f"#q{n}", Input).value.strip() for n in range(1, len(QUESTIONS) + 1)]
        missing = [str(n) for n, value in enumerate(values, start=1) if value not in ("1", "2", "3", "4", "5")]
        if missing:
            self.query_one("#assessment-error", Static).update(f"Svar på påstand {', '.join(missing)} (1–5).")
            self.query_one(f"#q{missing[0]}", Input).focus()
            return
        a, b, c, d, e = (int(v) for v in values)
        self.dismiss((a, b, c, d, e))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
