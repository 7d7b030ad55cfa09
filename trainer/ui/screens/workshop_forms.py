"""Small dialogs of the workshop presenter: hand counts, countdown, another option, a note, participants, confirm.

Each returns its answer through ``dismiss`` (``Dialog[T]``); the presenter does the recording in a
worker. Only :class:`ParticipantsScreen` records by itself, since it edits a list while it is open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trainer.ui.screens.base import CSSPath
from trainer.ui.screens.dialog import Dialog, ResultT, match_cursor_blink
from trainer.ui.text import shorten
from trainer.workshop.state import OptionView, WorkshopError, WorkshopSession
from trainer.workshop.store import WorkshopStoreError


class _WorkshopDialog(Dialog[ResultT]):
    """A workshop dialog: the dialogs' stylesheet and the workshop forms' own."""

    CSS_PATH: ClassVar[CSSPath] = ["dialog.tcss", "workshop_forms.tcss"]
    """Beside this module; loaded when the first workshop dialog is shown."""


class _Form(_WorkshopDialog[ResultT]):
    """A workshop form with an «Avbryt (Esc)» button: Escape or the button closes it without an answer.
    The first widget matching :attr:`FOCUS` has the focus when it opens."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Avbryt")]
    """Escape closes without an answer."""

    FOCUS: ClassVar[str] = "Input"
    """What gets the focus when the form opens (the first match)."""

    @staticmethod
    def buttons(label: str, button_id: str) -> Horizontal:
        """The form's button row: the answer (primary) and «Avbryt (Esc)»."""
        return Horizontal(
            Button(label, id=button_id, variant="primary", compact=True),
            Button("Avbryt (Esc)", id="cancel", compact=True),
            classes="dialog-buttons",
        )

    def on_mount(self) -> None:
        """Focus the first field. (Textual also runs a subclass's own ``on_mount``, before this one.)"""
        match_cursor_blink(self)
        self.query(self.FOCUS).first().focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without an answer (None)."""
        self.dismiss(None)


class HandCountScreen(_Form[list[int] | None]):
    """Raised hands per option, one field each; returns the counts in option order (empty = 0), or None."""

    def __init__(self, step: int, options: list[OptionView], current: dict[str, int]) -> None:
        super().__init__()
        self.step = step
        """The decision (0-based)."""
        self.options = options
        """The options, lettered."""
        self.current = current
        """Hands typed before (they are replaced)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="hands-dialog", classes="dialog"):
            yield Static(f"Håndsopprekning – beslutning {self.step + 1}", classes="dialog-title", markup=False)
            for index, option in enumerate(self.options):
                with Horizontal(classes="form-row"):
                    yield Label(f"{option.letter}", classes="form-letter")
                    count = self.current.get(option.id)
                    yield Input(
                        str(count) if count else "",
                        placeholder="0",
                        type="integer",
                        max_length=5,
                        id=f"hands-{index}",
                        classes="form-number",
                        compact=True,
                    )
                    yield Static(shorten(option.text, 60), classes="form-text", markup=False)
            yield Static(
                "Skriv antall hender per valg (tomt = 0). Nye tall erstatter de forrige. "
                "Resultatet vises først når du trykker r.",
                classes="dialog-help",
                markup=False,
            )
            yield self.buttons("Lagre", "save")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last one it saves."""
        if event.input.id == f"hands-{len(self.options) - 1}":
            self._save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        counts = []
        for index in range(len(self.options)):
            text = self.query_one(f"#hands-{index}", Input).value.strip()
            counts.append(int(text) if text.isdigit() else 0)
        self.dismiss(counts)


class CountdownScreen(_Form[int | None]):
    """Minutes for «diskuter tre og tre» (or a role-play round); returns seconds (0: no countdown), or None."""

    DISCUSSION_HELP = "Nedtellingen er bare en hjelp for gruppa og vises på mobilene. Ingen får poeng for fart."
    """What the dialog says about the countdown of a discussion."""

    def __init__(self, title: str = "Diskuter tre og tre", minutes: int = 3, help_text: str = DISCUSSION_HELP) -> None:
        super().__init__()
        self.heading = title
        """The dialog's title."""
        self.minutes = minutes
        """The minutes filled in."""
        self.help_text = help_text
        """What the dialog says under the field."""

    def compose(self) -> ComposeResult:
        with Vertical(id="countdown-dialog", classes="dialog"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            yield Label("Minutter (0 = uten nedtelling)")
            yield Input(str(self.minutes), type="number", max_length=5, id="countdown-minutes", compact=True)
            yield Static(self.help_text, classes="dialog-help", markup=False)
            yield self.buttons("Start", "start")

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        text = self.query_one(Input).value.strip().replace(",", ".")
        try:
            minutes = float(text or "0")
        except ValueError:
            self.query_one(Input).focus()
            return
        self.dismiss(max(0, min(180 * 60, round(minutes * 60))))


class ChooseOptionScreen(_Form[tuple[str, str | None] | None]):
    """Pick the option the group goes on with (an override, or the choice on a tie) and an optional reason.

    Returns ``(option_id, reason)`` or None.
    """

    def __init__(self, options: list[OptionView], majority: str | None, leaders: tuple[str, ...]) -> None:
        super().__init__()
        self.options = options
        """The options, lettered."""
        self.majority = majority
        """The single majority, if there is one."""
        self.leaders = leaders
        """The options sharing the top count (a tie)."""

    def compose(self) -> ComposeResult:
        title = "Velg et annet valg enn flertallet" if self.majority else "Velg hvilket valg gruppa går videre med"
        with Vertical(id="choose-dialog", classes="dialog"):
            yield Static(title, classes="dialog-title", markup=False)
            items = []
            for option in self.options:
                mark = (
                    " (flertall)"
                    if option.id == self.majority
                    else (" (delt førsteplass)" if option.id in self.leaders else "")
                )
                items.append(Option(f"{option.letter}  {option.text}{mark}", id=option.id))
            yield OptionList(*items, id="choose-options")
            yield Label("Grunn (valgfritt, kommer med i sammendraget)")
            yield Input(
                placeholder="F.eks. «vi vil se hva som skjer på den andre veien»", id="choose-reason", compact=True
            )
            yield Static("↑/↓: valg   Enter: gå videre   Esc: avbryt", classes="dialog-help", markup=False)
            yield self.buttons("Gå videre", "go")

    FOCUS: ClassVar[str] = "#choose-options"
    """The list of options has the focus first; Enter on one moves to the reason."""

    def on_mount(self) -> None:
        """Highlight the first option that is not the majority (the form then focuses the list)."""
        ids = [o.id for o in self.options]
        self.query_one("#choose-options", OptionList).highlighted = next(
            (i for i, o in enumerate(ids) if o != self.majority), 0
        )

    @on(OptionList.OptionSelected, "#choose-options")
    def _to_reason(self) -> None:
        self.query_one("#choose-reason", Input).focus()

    @on(Input.Submitted, "#choose-reason")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        option = self.query_one("#choose-options", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        reason = self.query_one("#choose-reason", Input).value.strip() or None
        self.dismiss((option.id, reason))


class NoteScreen(_Form[str | None]):
    """A facilitator's note on a decision (or on the workshop); returns the text, or None."""

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where
        """What the note is on, in Norwegian («beslutning 2», «verkstedet»)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(f"Notat til {self.where}", classes="dialog-title", markup=False)
            yield Input(placeholder="Hva kom fram i diskusjonen?", id="note-text", max_length=2000, compact=True)
            yield Static(
                "Notatet kommer med i sammendraget. Ikke skriv opplysninger om virkelige barn eller familier.",
                classes="dialog-help",
                markup=False,
            )
            yield self.buttons("Lagre", "save")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text = self.query_one(Input).value.strip()
        self.dismiss(text or None)


class ConfirmScreen(_WorkshopDialog[bool]):
    """A yes/no question; j or Enter on «Ja» says yes, n or Escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "Nei"),
        Binding("j", "answer(True)", "Ja"),
    ]
    """n or Escape: no; j: yes."""

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.question_title = title
        """Heading."""
        self.question = question
        """The question."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.question_title, classes="dialog-title", markup=False)
            yield Static(self.question, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Ja (j)", id="yes", variant="primary", compact=True)
                yield Button("Nei (n)", id="no", compact=True)

    def on_mount(self) -> None:
        """Focus «Nei», the safe answer."""
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)


class ParticipantsScreen(_WorkshopDialog[None]):
    """Participants: a count per unit, and optional names that can be deleted one by one or all at once.

    Every change is recorded at once (in a worker); closing the dialog keeps what was recorded.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Lukk"),
        Binding("delete", "delete_name", "Slett navn", show=False),
    ]
    """Escape closes; Delete removes the highlighted name."""

    def __init__(self, workshop: WorkshopSession, default_unit: str | None) -> None:
        super().__init__()
        self.workshop = workshop
        """The workshop whose participants are edited."""
        self.default_unit = default_unit
        """The unit filled in when the field is left empty."""

    def compose(self) -> ComposeResult:
        with Vertical(id="people-dialog", classes="dialog"):
            yield Static("Deltakere", classes="dialog-title")
            yield Static("", id="people-units", markup=False)
            with Horizontal(classes="form-row"):
                yield Input(placeholder=self.default_unit or "Enhet", id="people-unit", max_length=120, compact=True)
                yield Input(placeholder="Antall", type="integer", max_length=5, id="people-count", compact=True)
            yield Input(
                placeholder="Navn (valgfritt) – Enter legger til", id="people-name", max_length=80, compact=True
            )
            yield OptionList(id="people-names")
            yield Static(
                "Enter i antall: lagre (0 fjerner enheten).  Navn er frivillige; Delete sletter valgt navn.",
                classes="dialog-help",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Slett alle navn", id="forget", compact=True)
                yield Button("Lukk (Esc)", id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        """Show what is recorded and focus the unit field."""
        match_cursor_blink(self)
        self._show()
        self.query_one("#people-count", Input).focus()

    def _show(self) -> None:
        workshop = self.workshop
        units = "\n".join(f"{unit}: {count}" for unit, count in sorted(workshop.unit_counts.items()))
        total = workshop.participant_total
        self.query_one("#people-units", Static).update(
            (units + "\n" if units else "Ingen antall registrert ennå.\n") + f"Totalt: {total} deltakere"
        )
        names = self.query_one("#people-names", OptionList)
        names.set_options(
            [Option(n.name + (f" ({n.unit})" if n.unit else ""), id=str(n.id)) for n in workshop.names]
            or [Option("Ingen navn (navn er valgfrie).", disabled=True)]
        )

    @on(Input.Submitted, "#people-unit")
    def _to_count(self) -> None:
        self.query_one("#people-count", Input).focus()

    @on(Input.Submitted, "#people-count")
    def _save_count(self) -> None:
        text = self.query_one("#people-count", Input).value.strip()
        if not text.isdigit():
            return
        unit = self.query_one("#people-unit", Input).value.strip() or self.default_unit or "Deltakere"
        self._record(self.workshop.set_unit_count, unit, int(text))
        self.query_one("#people-count", Input).value = ""

    @on(Input.Submitted, "#people-name")
    def _add_name(self) -> None:
        field = self.query_one("#people-name", Input)
        if field.value.strip():
            self._record(self.workshop.add_name, field.value.strip())
            field.value = ""

    def action_delete_name(self) -> None:
        """Delete the highlighted name."""
        names = self.query_one("#people-names", OptionList)
        option = names.highlighted_option
        if names.has_focus and option is not None and option.id is not None:
            self._record(self.workshop.remove_name, int(option.id))

    @on(Button.Pressed, "#forget")
    def _forget(self) -> None:
        self._record(self.workshop.forget_names)

    @work(group="ws-people")
    async def _record(self, call: Callable[..., object], *args: object) -> None:
        """Record one change in a thread and show the result (problems as a notification)."""
        try:
            await asyncio.to_thread(call, *args)
        except (WorkshopError, WorkshopStoreError) as exc:
            self.app.notify(str(exc), title="Deltakere", severity="error")
        self._show()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
