"""Finding the scenario files under the paths a user names.

The skip rule, applied only while walking a directory (a file named explicitly is always taken):

* only files ending in ``.yaml`` or ``.yml`` are scenario files;
* files named ``arshjul*`` are årshjul plans, not scenarios;
* directories named ``profiles``, or starting with ``_`` or ``.``, hold other data (kommune profiles,
  drafts, tool folders) and are not entered.
"""

from __future__ import annotations

import os
from pathlib import Path

SUFFIXES = (".yaml", ".yml")


def is_skipped_dir(name: str) -> bool:
    """True for a directory the walk does not enter."""
    return name == "profiles" or name.startswith(("_", "."))


def is_scenario_file(name: str) -> bool:
    """True for a file name the walk takes as a scenario."""
    return name.lower().endswith(SUFFIXES) and not name.lower().startswith("arshjul")


def discover(paths: list[Path]) -> list[Path]:
    """The scenario files named by ``paths``: files as given, directories walked recursively.

    Each directory's files come sorted by their path inside it; the paths keep the order given and a file
    reached twice is listed once. Raises :class:`FileNotFoundError` for a path that does not exist.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates = _walk(path)
        elif path.exists():
            candidates = [path]
        else:
            raise FileNotFoundError(str(path))
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not is_skipped_dir(d))
        files.extend(Path(directory) / name for name in filenames if is_scenario_file(name))
    return sorted(files, key=lambda p: p.relative_to(root).parts)
