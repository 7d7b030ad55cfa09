"""The preview's problems panel: what ``validate`` says about the file, one ``path:line:col: CODE melding`` per line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

if TYPE_CHECKING:  # types only
    from trainer.scenario.problems import Problem


def problems_title(problems: list[Problem], playable: bool) -> str:
    """The panel's heading: whether the preview still shows the last good version, and how many problems."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    counts = []
    if errors:
        counts.append("1 feil" if errors == 1 else f"{errors} feil")
    if warnings:
        counts.append("1 advarsel" if warnings == 1 else f"{warnings} advarsler")
    listed = " og ".join(counts)
    if not playable:
        return f"Fila har {listed} – viser siste versjon uten feil"
    return f"Saken kan spilles, men validate melder {listed}"


class ProblemsPanel(VerticalScroll, can_focus=False):
    """Hidden while the file is clean; otherwise a bordered list of the problems, red when the file cannot be
    played (the preview keeps the last good version) and amber when it can."""

    DEFAULT_CSS = """
    ProblemsPanel {
        display: none;
        height: auto;
        max-height: 9;
        margin: 0 1;
        padding: 0 1;
        border: round $error;
        border-title-color: $text-error;
        border-title-style: bold;
    }
    ProblemsPanel.-shown {
        display: block;
    }
    ProblemsPanel.-playable {
        border: round $warning;
        border-title-color: $text-warning;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="problem-lines", markup=False)

    def show(self, problems: list[Problem], playable: bool) -> None:
        """Show ``problems`` (hide the panel when there are none)."""
        self.set_class(bool(problems), "-shown")
        self.set_class(playable, "-playable")
        self.border_title = problems_title(problems, playable) if problems else ""
        self.query_one("#problem-lines", Static).update("\n".join(p.format() for p in problems))

    @property
    def lines(self) -> list[str]:
        """The problem lines shown (for tests and screen readers)."""
        text = str(self.query_one("#problem-lines", Static).render())
        return [line for line in text.splitlines() if line]
