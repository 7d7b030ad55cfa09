"""Score per competence area as horizontal bars."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from trainer.ui.text import bar

if TYPE_CHECKING:  # types only: keeps the engine out of start-up
    from scoring.report import AreaScore


class AreaBars(Static):
    """One line per competence area: label, a bar, the score and how many rules were followed and broken."""

    DEFAULT_CSS = """
    AreaBars {
        height: auto;
    }
    """

    def __init__(self, areas: list[AreaScore], *, id: str | None = None) -> None:
        super().__init__(self.bars_text(areas), id=id, markup=False)

    @staticmethod
    def bars_text(areas: list[AreaScore]) -> str:
        """The bars as text."""
        if not areas:
            return "Ingen regler ble prøvd i denne saken."
        lines = []
        for area in areas:
            lines.append(area.label)
            lines.append(f"  {bar(area.score)} {area.score:>3}  ({area.followed} fulgt, {area.broken} brutt)")
        return "\n".join(lines)
