"""``bti-trener preview FIL [--node NODE | --fixture NAVN]``: play a scenario file while writing it.

The file is opened in øving mode and reloaded whenever it is saved (see :mod:`trainer.ui.preview`).
A file that is broken *at start* is not opened: its problems are printed as ``validate`` prints them and
the exit code is 1, so the author fixes the file first (a file that breaks *while* previewing shows its
problems in a panel instead). Exit codes: 0 after quitting, 1 for a broken file or a fixture whose steps
do not lead to its node, 2 for a usage error (no such file, unknown node or fixture; the valid ones are
listed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.services.preview import StartError, read_version, start_path

PROG = "bti-trener preview"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``preview`` subcommand."""
    parser = sub.add_parser(
        "preview",
        help="spill saken mens du skriver; lastes på nytt når du lagrer",
        description="Åpner scenariofila i øving og laster den på nytt hver gang du lagrer. Du blir stående der "
        "du er i saken. Har fila feil, vises de øverst (fil:linje:kolonne: KODE melding) mens siste versjon "
        "uten feil står under. Taster: r start på nytt, o oversikt over noder og slutter, F1 hjelp, Ctrl+Q avslutt. "
        "En fil som har feil allerede ved start, åpnes ikke: feilene skrives ut (kode 1).",
    )
    parser.add_argument("file", type=Path, metavar="FIL", help="scenariofila (.yaml) du skriver på")
    start = parser.add_mutually_exclusive_group()
    start.add_argument(
        "--node", "-n", metavar="NODE", help="start i denne noden (eller slutten), nådd med korteste vei fra start"
    )
    start.add_argument(
        "--fixture", "-f", metavar="NAVN", help="start i et navngitt startpunkt fra fila sin «fixtures:»"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the file and the start point, then run the preview until the author quits."""
    path: Path = args.file
    shown = str(path)
    if not path.exists():
        print(f"{PROG}: fant ikke «{shown}»", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"{PROG}: «{shown}» er ikke en fil; gi stien til en scenariofil (.yaml)", file=sys.stderr)
        return 2
    version = read_version(path, shown)
    if not version.playable or version.scenario is None:
        for problem in version.problems:
            print(problem.format(), file=sys.stderr)
        errors = len(version.errors)
        print(
            f"{PROG}: «{shown}» har {errors} feil og kan ikke forhåndsvises. "
            "Rett feilene over og start igjen (eller kjør «bti-trener validate»).",
            file=sys.stderr,
        )
        return 1
    try:
        start = start_path(version.scenario, node=args.node, fixture=args.fixture)
    except StartError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    from trainer.ui.preview import run_preview  # the TUI (Textual) loads only when the preview opens

    return run_preview(path, version, start, display_path=shown)
