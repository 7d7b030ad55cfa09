"""What every dialog of BTI-trener shares: its stylesheet, and text cursors that blink as the app says."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Input

from trainer.ui.screens.base import AppAccess, CSSPath

ResultT = TypeVar("ResultT")


def match_cursor_blink(node: DOMNode) -> None:
    """Make every text field under ``node`` blink, or not, as the app's ``blink_cursor`` says (off in
    snapshot tests, so screenshots are stable)."""
    blink = getattr(node.app, "blink_cursor", True)
    for field in node.query(Input):
        field.cursor_blink = blink


class Dialog(AppAccess, ModalScreen[ResultT]):
    """A BTI-trener dialog: a ``ModalScreen`` that loads the dialogs' stylesheet (``dialog.tcss``) the first
    time one is shown. A dialog that needs more lists ``dialog.tcss`` first in its own ``CSS_PATH``."""

    CSS_PATH: ClassVar[CSSPath] = "dialog.tcss"
    """The dialogs' stylesheet, beside this module."""
