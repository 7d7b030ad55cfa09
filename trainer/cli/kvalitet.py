"""``bti-trener kvalitet`` — can the library be gamed? Where the best option stands, whether it is the longest
text, whether pressing 1 everywhere passes, and how often random play passes (:mod:`trainer.library_quality`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer.cli.common import missing_path, playable_scenarios
from trainer.library_quality import MAX_BEST_IS_LONGEST, MAX_RANDOM_PASS, CaseQuality, library_quality
from trainer.scenario.model import Scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``kvalitet`` subcommand."""
    parser = sub.add_parser(
        "kvalitet",
        help="sjekk at sakene ikke kan «spilles»: plassering og lengde på beste valg, tilfeldige valg",
        description="Spiller gjennom hver sak på alle måter (eller et fast utvalg for store saker) og viser hvor "
        "det beste valget står i fila, om det er den lengste teksten, om «velg 1 overalt» består, og hvor ofte "
        "tilfeldige valg består. Avslutter med kode 1 hvis et mål ikke er nådd.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="filer eller mapper (standard: det innebygde biblioteket)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when the library misses a target."""
    if missing_path("kvalitet", args.paths):
        return 2
    scenarios = playable_scenarios(args.paths)
    report = library_quality(scenarios, on_case=_progress if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"{'Sak':<34} {'spill':>7} {'tilf. består':>12}  {'1 overalt':<9}  beste er nr. 1 / lengst")
        for case in report.cases:
            print(_case_line(case))
        print()
        print(
            f"I alt {report.decisions} beslutninger i {len(report.cases)} saker. Beste valg er nr. 1 i fila i "
            f"{report.best_first_share:.0%} og den lengste teksten i {report.best_longest_share:.0%} "
            f"(mål: høyst {MAX_BEST_IS_LONGEST:.0%})."
        )
        print(
            f"«Velg 1 overalt» består i {len(report.first_option_passes)} saker (mål: ingen). Tilfeldige valg "
            f"består oftere enn {MAX_RANDOM_PASS:.0%} i {len(report.random_too_easy)} saker (mål: ingen)."
        )
        print("Appen viser valgene i en rekkefølge som trekkes for hvert forsøk; her gjelder rekkefølgen i fila.")
        missed = report.missed_targets()
        for line in missed:
            print(f"Ikke nådd: {line}")
        if not missed:
            print("Alle mål er nådd.")
    return 1 if report.missed_targets() else 0


def _case_line(case: CaseQuality) -> str:
    plays = f"{case.plays}{'' if case.exact else '*'}"
    first = "BESTÅR" if case.first_option_passes else "nei"
    decisions = len(case.decisions)
    return (
        f"{case.scenario_id[:34]:<34} {plays:>7} {case.random_pass_rate:>12.0%}  {first:<9}  "
        f"{case.best_first}/{decisions} · {case.best_longest}/{decisions}"
    )


def _progress(number: int, total: int, scenario: Scenario) -> None:
    print(f"\r\033[KSpiller gjennom sak {number} av {total}: {scenario.id}", end="", file=sys.stderr, flush=True)
