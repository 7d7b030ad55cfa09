"""The BTI level ladder: levels 3 (top) to 0, the current one highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from trainer.ui.text import LEVEL_NAMES


class LevelLadder(Widget):
    """Four rungs, one per BTI level; the rung of the current level has the class ``-current``."""

    DEFAULT_CSS = """
    LevelLadder {
        height: auto;
        width: 1fr;
    }
    LevelLadder .rung {
        width: 1fr;
        height: 1;
        color: $text-muted;
    }
    LevelLadder .rung.-current {
        color: $text;
        background: $primary 40%;
        text-style: bold;
    }
    """

    level: reactive[int] = reactive(0)
    """The current BTI level (0–3)."""

    def compose(self) -> ComposeResult:
        for level in (3, 2, 1, 0):
            current = level == self.level
            yield Static(
                self._rung_text(level, current),
                classes="rung -current" if current else "rung",
                id=f"rung-{level}",
                markup=False,
            )

    @staticmethod
    def _rung_text(level: int, current: bool) -> str:
        marker = "▶" if current else " "
        return f"{marker}{level} {LEVEL_NAMES[level]}"

    def watch_level(self, level: int) -> None:
        """Move the highlight (and the ▶ marker, which does not rely on colour) to the current level."""
        if not self.is_mounted:
            return
        for rung in (0, 1, 2, 3):
            static = self.query_one(f"#rung-{rung}", Static)
            static.set_class(rung == level, "-current")
            static.update(self._rung_text(rung, rung == level))
