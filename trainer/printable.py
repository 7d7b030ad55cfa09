"""Text that is safe to print on a terminal.

Values from a user's file reach the terminal inside messages (``validate``, ``play``, ``rules``). A YAML escape
such as ``"\\e[31m"`` would otherwise colour or clear the terminal, a BEL would ring, and a newline inside a
value would split one problem over two lines (and could fake a ``file:line`` problem). :func:`printable`
shows every control character as a visible escape instead.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

#: C0 controls, DEL, C1 controls and the line and paragraph separators a terminal or a line counter may act on.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: The same, minus newline and tab: what a multi-line text in a scenario may legitimately hold.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\x1b": "\\e"}.get(char, f"\\u{ord(char):04x}")


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with control characters shown as escapes (``\\e``, ``\\n``, ``\\u0007`` …); newlines and tabs
    are kept when ``keep_newlines`` (for multi-line output such as a case's text)."""
    pattern = CONTROL_IN_TEXT if keep_newlines else CONTROL
    return pattern.sub(_escape, text) if pattern.search(text) else text


class PrintableStream:
    """A text stream that shows control characters in what is written as escapes (newlines and tabs pass):
    wraps ``sys.stdout`` for the commands that print text, so nothing read from a user's file can drive the
    terminal. Everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped."""
        self._stream.write(printable(text, keep_newlines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
