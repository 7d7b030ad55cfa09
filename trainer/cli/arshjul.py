"""``bti-trener arshjul [FIL] [--check]``: show the year's BTI training sessions, or check the plan.

Without ``--check`` the year is printed month by month, with the current month marked «▶ denne
måneden», each session's cases (and whether they exist in the library) and its status. Workshops run
with ``bti-trener workshop --session`` are counted from the workshop database when it exists.

With ``--check`` the plan is checked like ``validate`` checks scenarios: every competence module must
be trained somewhere in the year and every case must exist in the library. Problems are printed as
``fil:linje:kolonne: KODE melding``; the exit code is 1 when there is an error (warnings are allowed)
and 2 for a usage error. The default file is the bundled ``scenarios/arshjul.yaml``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from trainer.cli.common import missing_path
from trainer.library import Library
from trainer.paths import bundled_library


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``arshjul`` subcommand."""
    parser = sub.add_parser(
        "arshjul",
        help="vis årshjulet for BTI-opplæringen, eller sjekk det",
        description="Viser årets BTI-økter måned for måned (denne måneden er markert). Med --check sjekkes at "
        "alle kompetansemoduler er med i året og at alle saker finnes i biblioteket.",
    )
    parser.add_argument("file", nargs="?", type=Path, metavar="FIL", help="årshjul-fil (standard: det innebygde)")
    parser.add_argument("--check", action="store_true", help="sjekk moduler og saker; avslutt med kode 1 ved feil")
    parser.add_argument(
        "--library",
        action="append",
        type=Path,
        metavar="STI",
        help="sjekk sakene mot denne mappa i stedet for det innebygde biblioteket (kan gjentas)",
    )
    parser.add_argument("--today", type=_parse_date, metavar="ÅÅÅÅ-MM-DD", help="vis året som om det var denne datoen")
    parser.set_defaults(func=run)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldig dato «{text}»; skriv ÅÅÅÅ-MM-DD") from None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def run(args: argparse.Namespace) -> int:
    """Show or check the årshjul; returns the exit code."""
    # start-up: the årshjul model and the workshop store load for this command only, not for every other one
    from trainer.render.year import check_summary, year_text
    from trainer.services.yearplan import held_dates, library_titles
    from trainer.workshop.store import default_path
    from trainer.yearplan import bundled_plan_path, check_plan, load_plan

    path: Path = args.file or bundled_plan_path()
    roots: list[Path] = list(args.library or [bundled_library()])
    if missing_path("arshjul", [path]) or missing_path("arshjul", roots, "biblioteket "):
        return 2
    shown = _display(path)
    result = load_plan(path, display_path=shown)
    if result.value is None or result.errors:
        for problem in result.problems:
            print(problem.format())
        errors = len(result.errors) or 1
        print(f"{shown}: årshjulet kunne ikke leses ({errors} feil)")
        return 1
    plan = result.value
    titles, broken = library_titles(Library(roots=roots).entries())
    if args.check:
        problems = check_plan(plan, titles.keys(), broken_scenarios=broken, marks=result.marks, path=shown)
        for problem in [*result.problems, *problems]:
            print(problem.format())
        found = [p for p in problems if p.is_error]
        warnings = len(problems) - len(found) + len(result.warnings)
        print(check_summary(plan, shown, len(found), warnings, titles))
        return 1 if found else 0
    today = args.today or date.today()
    held, error = held_dates(plan, default_path())
    if error:
        print(f"Merk: {error}", file=sys.stderr)
    print(year_text(plan, today, titles, held))
    return 0
