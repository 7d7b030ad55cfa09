"""``bti-trener walk [PATH] --runs N --seed S`` — random play-throughs, crashes and rule statistics."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scoring.rulebook import load_rulebook
from trainer.cli.common import missing_path, playable_scenarios
from trainer.walk import walk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``walk`` subcommand."""
    parser = sub.add_parser("walk", help="spill tilfeldige stier gjennom sakene og se etter feil")
    parser.add_argument("paths", nargs="*", type=Path, help="filer eller mapper (standard: det innebygde biblioteket)")
    parser.add_argument("--runs", "-n", type=int, default=50, help="antall tilfeldige stier per sak (standard 50)")
    parser.add_argument("--seed", "-s", type=int, default=1, help="frø for tilfeldighetene, så en kjøring kan gjentas")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Walk and print the statistics; exit 1 when any walk crashed."""
    if args.runs < 1:
        print("bti-trener walk: --runs må være minst 1", file=sys.stderr)
        return 2
    if missing_path("walk", args.paths):
        return 2
    scenarios = playable_scenarios(args.paths)
    report = walk(scenarios, args.runs, args.seed)
    book = load_rulebook()
    print(
        f"{report.runs} tilfeldige stier i {len(scenarios)} saker (frø {args.seed}): "
        f"{report.finished} nådde en slutt, {report.passed} bestått, {len(report.errors)} krasj"
    )
    for line in report.errors:
        print(f"  KRASJ {line}")
    print(f"{'Regel':<10} {'brutt':>6} {'fulgt':>6}  Tittel")
    for rule_id in book.rules:
        b, f = report.broken[rule_id], report.followed[rule_id]
        print(f"{rule_id:<10} {b:>6} {f:>6}  {book[rule_id].title}")
    return 1 if report.errors else 0
