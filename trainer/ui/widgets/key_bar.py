"""A one-line key bar in the footer's colours, for the first screen."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget


class _Key(NamedTuple):
    key: str
    """The key pressed when this entry is clicked."""
    label: str
    """How the key is shown (``^p``, ``f1``)."""
    description: str
    """What it does."""


class KeyBar(Widget):
    """The screen's shown key bindings on one line, styled like Textual's ``Footer``; click a key to press it.

    Hjem uses it instead of ``Footer``: a footer builds a widget per key and restyles each one as focus settles,
    which cost more than the rest of the start screen put together. This is one widget that re-renders when
    the screen's bindings change.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    """The key and its description, in the footer's colours."""

    DEFAULT_CSS: ClassVar[str] = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(id=id)
        self._keys: list[_Key] = []
        self._spans: list[tuple[int, int, str]] = []  # (first column, end column, key) of each entry

    def on_mount(self) -> None:
        """Show the keys, and again whenever the screen's bindings change (focus moved, a binding changed)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.refresh_keys()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh_keys()

    @property
    def keys(self) -> list[tuple[str, str]]:
        """The keys shown, as (key as shown, description)."""
        return [(k.label, k.description) for k in self._keys]

    def refresh_keys(self) -> None:
        """Read the screen's shown and enabled bindings (the command palette key last), as the footer would."""
        app = self.app
        active = self.screen.active_bindings
        shown = [entry for entry in active.values() if entry.binding.show and entry.enabled]
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None and palette.enabled:
            shown.append(palette)
        keys: list[_Key] = []
        actions: set[str] = set()
        for entry in shown:
            binding = entry.binding
            if binding.action not in actions:
                actions.add(binding.action)
                keys.append(_Key(binding.key, app.get_key_display(binding), binding.description))
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def render(self) -> Content:
        """The keys in the footer's colours (read at render time, so a theme change recolours them)."""
        key_style = Style.from_rich_style(self.get_component_rich_style("key-bar--key"))
        text_style = Style.from_rich_style(self.get_component_rich_style("key-bar--description"))
        parts: list[tuple[str, Style] | str] = []
        spans: list[tuple[int, int, str]] = []
        column = 0
        for entry in self._keys:
            label, description = f" {entry.label} ", f"{entry.description} "
            parts += [(label, key_style), (description, text_style), " "]
            width = cell_len(label) + cell_len(description)
            spans.append((column, column + width, entry.key))
            column += width + 1
        self._spans = spans
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """A click on an entry presses its key."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
