"""What to do with an årshjul session: run one of its cases as a workshop, or open a case to practise alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.ui.screens.base import CSSPath
from trainer.ui.screens.dialog import Dialog
from trainer.ui.text import session_modules

if TYPE_CHECKING:
    from trainer.yearplan import YearSession


class SessionChoiceScreen(Dialog[tuple[str, str] | None]):
    """The session's theme and cases; returns ``("verksted" | "sak", scenario_id)``, or None when cancelled."""

    CSS_PATH: ClassVar[CSSPath] = ["dialog.tcss", "yearplan.tcss"]
    """The dialogs' stylesheet and the årshjul's, beside this module."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Avbryt")]
    """Escape closes without choosing."""

    def __init__(self, session: YearSession, titles: dict[str, str]) -> None:
        super().__init__()
        self.session = session
        """The årshjul session."""
        self.titles = titles
        """Playable scenario ID → title."""

    def compose(self) -> ComposeResult:
        session = self.session
        with Vertical(id="session-dialog", classes="dialog"):
            yield Static(f"{session.month_name.capitalize()}: {session.title}", classes="dialog-title", markup=False)
            yield Static(session.theme, id="session-theme", markup=False)
            yield Static(
                f"{session.arena_label[:1].upper()}{session.arena_label[1:]} · Moduler: {session_modules(session)}",
                classes="muted",
                markup=False,
            )
            options: list[Option] = []
            for scenario_id in session.scenarios:
                title = self.titles.get(scenario_id)
                if title is None:
                    options.append(Option(f"«{scenario_id}» finnes ikke i biblioteket", disabled=True))
                    continue
                options.append(Option(f"Start verksted: «{title}»", id=f"verksted:{scenario_id}"))
                options.append(Option(f"Åpne saken for å øve alene: «{title}»", id=f"sak:{scenario_id}"))
            if not options:
                options.append(Option("Økta har ingen saker.", disabled=True))
            yield OptionList(*options, id="session-options")
            yield Static("Enter: velg   Esc: avbryt", classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one("#session-options", OptionList).focus()

    @on(OptionList.OptionSelected, "#session-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        what, _, scenario_id = (event.option.id or "").partition(":")
        if scenario_id:
            self.dismiss((what, scenario_id))

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
