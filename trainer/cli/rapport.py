"""``bti-trener rapport``: the BTI coordinator's report on the training year, from the kommune's shared store.

Per unit and month: workshops held against the årshjul, attendance, solo attempts and scores per competence
module, the rules broken most often, the cases never used and the before/after self-assessment — every number
behind which fewer than five learners stand is suppressed. As text (default), CSV or one self-contained HTML
page with charts. The store is ``BTI_TRENER_DATABASE`` (PostgreSQL) or the shared SQLite file in the data folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.cli.common import missing_path
from trainer.services.reports import ReportFailure, coordinator_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``rapport`` subcommand."""
    parser = sub.add_parser(
        "rapport",
        help="BTI-koordinatorens rapport om opplæringsåret (fra kommunens felles database)",
        description="Rapport per enhet og måned: verksteder mot årshjulet, oppmøte, egne forsøk og poeng per "
        "kompetanseområde, reglene som brytes oftest, saker ingen har brukt og egenvurderingen. Tall fra færre "
        "enn 5 deltakere vises som «<5». Databasen er BTI_TRENER_DATABASE (PostgreSQL) eller den delte fila i "
        "datamappa.",
    )
    parser.add_argument("--arshjul", type=Path, metavar="FIL", help="årshjulet året gjelder (standard: det innebygde)")
    parser.add_argument("--format", choices=["tekst", "csv", "html"], default="tekst", help="standard: tekst")
    parser.add_argument("--output", "-o", type=Path, metavar="FIL", help="skriv til fil i stedet for skjermen")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the report and print or write it."""
    if args.arshjul is not None and missing_path("rapport", [args.arshjul], "årshjul-fila "):
        return 2
    try:
        made = coordinator_report(args.arshjul)
    except ReportFailure as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"bti-trener rapport: {exc}", file=sys.stderr)
        return 1
    text = {"tekst": made.text, "csv": made.csv, "html": made.html}[args.format]()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"bti-trener rapport: kan ikke skrive «{args.output}» ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"Rapporten for {made.report.season} er skrevet til {args.output}.")
    return 0
