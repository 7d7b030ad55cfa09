"""What several subcommands do the same way: refuse a path that does not exist, and read the playable cases
of a library while saying which files were skipped."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.library import Library

if TYPE_CHECKING:  # keep `bti-trener --help` fast
    from trainer.scenario.model import Scenario


def missing_path(command: str, paths: Iterable[Path], what: str = "") -> bool:
    """True (after printing «bti-trener COMMAND: fant ikke WHAT«path»») when one of ``paths`` does not exist;
    the caller then exits with 2, argparse's code for a usage error."""
    for path in paths:
        if not path.exists():
            print(f"bti-trener {command}: fant ikke {what}«{path}»", file=sys.stderr)
            return True
    return False


def playable_scenarios(paths: list[Path]) -> list[Scenario]:
    """The cases that load without errors from ``paths`` (the bundled library when empty); each file with
    errors is named on stderr and skipped."""
    scenarios, broken = Library(paths or None).playable()
    for entry in broken:
        print(f"hopper over {entry.path}: fila har feil (kjør «bti-trener validate»)", file=sys.stderr)
    return scenarios
