"""``STR018``: two files in one library with the same scenario ``id``.

The library, the progress store and the workshop store know a case by its ID, so a second file with the same
ID would be played (and its attempts recorded) as the first. Each later file gets an error naming the first;
the first keeps working. Used by ``validate`` across the files it checks and by the library index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from trainer.scenario.problems import Problem

_ID_LINE = re.compile(r"^id:[ \t]*(['\"]?)([^'\"#\s]+)", re.MULTILINE)


def declared_id(text: str) -> tuple[str, int, int] | None:
    """The top-level ``id:`` of a scenario file's text, with the 1-based line and column of its value (None
    when there is none)."""
    match = _ID_LINE.search(text)
    if match is None:
        return None
    return match.group(2), text.count("\n", 0, match.start()) + 1, match.start(1) - match.start() + 1


def duplicate_ids(files: Iterable[tuple[str, str, int, int]]) -> list[Problem]:
    """One ``STR018`` error for every file whose ID an earlier file already has.

    ``files`` are (shown path, scenario ID, line and column of the ID) in the order the files are listed."""
    first: dict[str, str] = {}
    problems = []
    for shown, scenario_id, line, col in files:
        if scenario_id not in first:
            first[scenario_id] = shown
            continue
        problems.append(
            Problem(
                shown,
                line,
                col,
                "STR018",
                f"id «{scenario_id}» er allerede brukt av {first[scenario_id]}: to saker kan ikke ha samme id "
                "(appen og fremgangen kjenner en sak på id-en). Gi denne saken en ny id.",
            )
        )
    return problems


def ids_of(paths: Iterable[tuple[Path, str]]) -> list[tuple[str, str, int, int]]:
    """(shown path, ID, line, column) for each readable file that declares an ID."""
    found = []
    for path, shown in paths:
        if not path.is_file():
            continue  # a FIFO or a device is refused by the reader (IO003) and must not be read here
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the file's own checks report it
        declared = declared_id(text)
        if declared is not None:
            found.append((shown, *declared))
    return found
