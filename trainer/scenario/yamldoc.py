"""What the YAML reader hands back — a document and the positions of its values — and the limits it keeps.

Shared by the reader (:mod:`trainer.scenario.yamlsafe`) and its fast path (:mod:`trainer.scenario.yaml_fast`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import yaml

#: The largest file read, in bytes (checked before parsing).
MAX_BYTES = 1024 * 1024
#: The most nodes a document may have once every alias is expanded.
MAX_NODES = 100_000
#: The deepest nesting of lists and mappings allowed (aliases counted as expanded).
MAX_DEPTH = 50

Position = tuple[int, int]
"""A 1-based (line, column)."""
DataPath = tuple[Hashable, ...]
"""Mapping keys and list indices from the top of the document to a value."""

LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it, else the pure-Python one."""
CORE_TAG = "tag:yaml.org,2002:"
"""The prefix of YAML's core tags."""
SAFE_SCALAR_TAGS = frozenset(CORE_TAG + t for t in ("null", "bool", "int", "float", "str", "timestamp"))
"""The only scalar types the reader builds."""
MERGE_TAG = CORE_TAG + "merge"
"""``<<``: a merge key."""
STR_TAG = CORE_TAG + "str"
"""Text."""


def pos(mark: Any) -> Position:
    """A PyYAML mark as a 1-based (line, column)."""
    return (mark.line + 1, mark.column + 1)


class MarkTable:
    """Where each value (and each mapping key) of a document is in the file.

    ``values[path]`` is the position of the node at ``path``; ``keys[path]`` the position of the mapping
    key that names it (absent for list items and the top level).

    A table made by :meth:`later` holds only the text: the positions are worked out (by parsing the text
    again) the first time one is asked for. Most files that load have no problem to point at, and recording
    a position for every node is a fifth of the reading.
    """

    __slots__ = ("_values", "_keys", "_text", "_fill_from")

    def __init__(
        self, values: dict[DataPath, Position] | None = None, keys: dict[DataPath, Position] | None = None
    ) -> None:
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        self._text: str | None = None
        self._fill_from: Callable[[str], MarkTable] | None = None

    @classmethod
    def later(cls, text: str, fill: Callable[[str], MarkTable]) -> MarkTable:
        """A table for ``text`` filled in on first use by ``fill(text)`` (the reader's path that marks)."""
        table = cls()
        table._text = text
        table._fill_from = fill
        return table

    @property
    def values(self) -> dict[DataPath, Position]:
        """The position of each node, by data path."""
        if self._text is not None:
            self._fill()
        return self._values

    @property
    def keys(self) -> dict[DataPath, Position]:
        """The position of each mapping key, by the data path of its value."""
        if self._text is not None:
            self._fill()
        return self._keys

    def _fill(self) -> None:
        text, fill = self._text, self._fill_from
        assert text is not None and fill is not None
        marks = fill(text)
        self._values, self._keys = marks._values, marks._keys
        self._text = None  # last: a thread asking meanwhile works the table out too rather than see it empty

    def value_at(self, path: DataPath) -> Position:
        """The position of the node at ``path``, or of its deepest recorded ancestor; (1, 1) if none."""
        values = self.values
        path = tuple(path)
        for end in range(len(path), -1, -1):
            position = values.get(path[:end])
            if position is not None:
                return position
        return (1, 1)

    def key_at(self, path: DataPath) -> Position:
        """The position of the key naming ``path``; falls back to :meth:`value_at` (list items, top level)."""
        position = self.keys.get(tuple(path))
        return position if position is not None else self.value_at(path)

    def has(self, path: DataPath) -> bool:
        """True when ``path`` itself (not only an ancestor) is recorded."""
        return tuple(path) in self.values

    def __repr__(self) -> str:
        if self._text is not None:
            return "MarkTable(<not yet worked out>)"
        return f"MarkTable({len(self._values)} values, {len(self._keys)} keys)"


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed file: its top-level mapping and where each value is."""

    data: dict[Any, Any]
    marks: MarkTable
