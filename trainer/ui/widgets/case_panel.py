"""The side panel of the play screen: the case as it stands, from :meth:`trainer.session.Session.state`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from trainer.ui.text import case_lines
from trainer.ui.widgets.level_ladder import LevelLadder

if TYPE_CHECKING:  # types only: keeps the engine out of start-up
    from scoring.state import CaseState


class CasePanel(VerticalScroll):
    """BTI level on a 0–3 ladder, day, consents, who knows what, stafett, reports and measures."""

    DEFAULT_CSS = """
    CasePanel {
        height: 1fr;
        padding: 0 1;
    }
    CasePanel .panel-heading {
        text-style: bold;
        color: $text-accent;
        margin-top: 1;
    }
    CasePanel #panel-day {
        text-style: bold;
    }
    CasePanel .panel-lines {
        color: $text;
    }
    """

    SECTIONS = ("Samtykker", "Hvem vet hva", "Stafett", "Meldinger", "Tiltak")
    """Section headings, in the order shown."""

    def __init__(self, *, names: dict[str, str] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.names = names or {}
        """Cast IDs → the fictional names shown."""

    def compose(self) -> ComposeResult:
        yield Static("Dag 0", id="panel-day", markup=False)
        yield Static("BTI-nivå", classes="panel-heading")
        yield LevelLadder(id="ladder")
        for index, heading in enumerate(self.SECTIONS):
            yield Static(heading, classes="panel-heading", id=f"heading-{index}", markup=False)
            yield Static("", classes="panel-lines", id=f"lines-{index}", markup=False)

    def show(self, state: CaseState) -> None:
        """Render the case as it stands."""
        self.query_one("#panel-day", Static).update(f"Dag {state.day}")
        self.query_one(LevelLadder).level = state.level
        sections = case_lines(state, self.names)
        for index, heading in enumerate(self.SECTIONS):
            lines = sections.get(heading)
            self.query_one(f"#heading-{index}", Static).display = lines is not None
            lines_widget = self.query_one(f"#lines-{index}", Static)
            lines_widget.display = lines is not None
            lines_widget.update("\n".join(f"• {line}" for line in lines or []))
