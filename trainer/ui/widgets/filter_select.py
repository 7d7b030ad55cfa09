"""A ``Select`` whose pop-up list speaks Norwegian."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay  # Textual 8: no public name for these


class _NorwegianOverlay(SelectOverlay):
    """Textual's pop-up list with its one key (Escape) described in Norwegian in the footer."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Lukk listen")]


class FilterSelect(Select[str]):
    """``Select`` for the library's filters; the same widget, but the footer says «Lukk listen», not
    «Dismiss menu», while the list is open."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _NorwegianOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
