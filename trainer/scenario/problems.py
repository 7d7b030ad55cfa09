"""Problems found while reading or checking a file, and the result type loaders return.

A :class:`Problem` points at a place in a file (1-based line and column) and carries a stable code
(``YAML001``, ``SCH002``, ``STR003`` …) and a Norwegian message. Loaders never raise for a bad file:
they return a :class:`LoadResult` with the value (or ``None``) and the problems found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from trainer.printable import printable

if TYPE_CHECKING:
    from trainer.scenario.yamlsafe import MarkTable

Severity = Literal["feil", "advarsel"]

#: The severity of a problem that makes a file unusable.
ERROR: Severity = "feil"
#: The severity of a problem the author should look at, but which does not stop the file from being used.
WARNING: Severity = "advarsel"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a file: where it is, a stable code, a Norwegian message and its severity."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = ERROR

    @property
    def is_error(self) -> bool:
        """True for a ``feil`` (an error), false for an ``advarsel`` (a warning)."""
        return self.severity == ERROR

    def format(self) -> str:
        """``path:line:col: CODE melding``; a warning's message starts with «advarsel:»."""
        message = self.message if self.is_error else f"advarsel: {self.message}"
        # a value quoted in the message (or a file name) may hold control characters: one problem, one line
        return f"{printable(self.path)}:{self.line}:{self.col}: {self.code} {printable(message)}"

    def to_json(self) -> dict[str, object]:
        """The problem as a JSON-ready dict."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(slots=True)
class LoadResult(Generic[T]):
    """What a loader returns: the value (``None`` when it could not be built) and every problem found.

    ``marks`` is the YAML mark table of the file when it could be parsed, so later checks can point at
    the line of a node, choice or field.
    """

    value: T | None = None
    problems: list[Problem] = field(default_factory=list)
    marks: MarkTable | None = None
    data: Any = None
    """The parsed YAML as plain dicts and lists (when it could be parsed), for checks that read raw text."""

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``feil``."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems of severity ``advarsel``."""
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when a value was built and no problem is an error."""
        return self.value is not None and not self.errors
