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
    return [path for path, _ in discover_real(paths)]


def discover_real(paths: list[Path]) -> list[tuple[Path, str]]:
    """:func:`discover`, each file with its real path (symbolic links resolved), which tells two ways to the
    same file apart and is worked out once per directory rather than once per file."""
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            candidates = _walk(path)
        elif path.exists():
            candidates = [(path, os.path.realpath(path))]
        else:
            raise FileNotFoundError(str(path))
        for candidate, real in candidates:
            if real not in seen:
                seen.add(real)
                found.append((candidate, real))
    return found


def _walk(root: Path) -> list[tuple[Path, str]]:
    """Scenario files under ``root`` with their real paths, like ``os.walk`` (symbolic links to directories
    are not entered, unreadable directories are passed over)."""
    files: list[tuple[tuple[str, ...], Path, str]] = []
    pending: list[tuple[Path, tuple[str, ...], str]] = [(root, (), os.path.realpath(root))]
    while pending:
        directory, parts, real = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink() and not is_skipped_dir(entry.name):
                    pending.append((directory / entry.name, (*parts, entry.name), os.path.join(real, entry.name)))
            elif is_scenario_file(entry.name):
                target = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real, entry.name)
                files.append(((*parts, entry.name), directory / entry.name, target))
    return [(path, target) for _, path, target in sorted(files, key=lambda f: f[0])]
