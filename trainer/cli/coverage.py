"""``bti-trener coverage`` — the rule × scenario and module × scenario matrices, and the gaps."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scoring.rulebook import load_rulebook
from scoring.vocabulary import COMPETENCE_AREAS
from trainer.cli.common import missing_path, playable_scenarios
from trainer.coverage import MIN_MODULE_SCENARIOS, MIN_RULE_SCENARIOS, library_coverage, modules_without_rules


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``coverage`` subcommand."""
    parser = sub.add_parser("coverage", help="vis hvilke regler og kompetansemoduler sakene trener")
    parser.add_argument("paths", nargs="*", type=Path, help="filer eller mapper (standard: det innebygde biblioteket)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    parser.add_argument(
        "--check", action="store_true", help="avslutt med kode 1 hvis noen regel eller modul er for lite trent"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the matrices; with --check exit 1 when there are gaps."""
    if missing_path("coverage", args.paths):
        return 2
    scenarios = playable_scenarios(args.paths)
    coverage = library_coverage(scenarios)
    rule_counts = coverage.rule_counts()
    rule_gaps = coverage.rule_gaps()
    module_gaps = coverage.module_gaps()
    by_rules = coverage.module_rule_counts()
    through_discussion = modules_without_rules()
    if args.format == "json":
        print(
            json.dumps(
                {
                    "scenarios": [
                        {
                            "id": s.scenario_id,
                            "paths": s.paths,
                            "broken": sorted(s.broken),
                            "followed": sorted(s.followed),
                            "modules": sorted(s.modules),
                        }
                        for s in coverage.scenarios
                    ],
                    "rules": {r: {"broken_in": b, "followed_in": f} for r, (b, f) in rule_counts.items()},
                    "modules": coverage.module_counts(),
                    "modules_by_rules": by_rules,
                    "modules_through_discussion": through_discussion,
                    "rule_gaps": sorted(rule_gaps),
                    "module_gaps": sorted(module_gaps),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        book = load_rulebook()
        cols = coverage.scenarios
        print("Saker:")
        for i, s in enumerate(cols, 1):
            print(f"  {i:>2} {s.scenario_id} ({s.paths} stier)")
        header = " ".join(f"{i:>2}" for i in range(1, len(cols) + 1))
        print()
        print("Regel × sak   (B = brytes, F = følges, ± = begge, · = ikke berørt)")
        print(f"{'':<10} {header}   brutt fulgt")
        for rule_id, (broken, followed) in rule_counts.items():
            cells = []
            for s in cols:
                mark = {(True, True): " ±", (True, False): " B", (False, True): " F", (False, False): " ·"}
                cells.append(mark[rule_id in s.broken, rule_id in s.followed])
            flag = "  ← for lite" if rule_id in rule_gaps else ""
            print(f"{rule_id:<10} {' '.join(c for c in cells)}   {broken:>5} {followed:>5}{flag}")
        print()
        print("Modul × sak   (R = en regel vurderer modulen i saken, d = trenes gjennom drøfting, · = ikke med)")
        print(f"{'':<28} {header}   regler i alt")
        rule_area = {rule_id: entry.area for rule_id, entry in book.rules.items()}
        for module, label in COMPETENCE_AREAS.items():
            cells = []
            for s in cols:
                judged = any(rule_area.get(r) == module for r in s.broken | s.followed)
                cells.append(" ·" if module not in s.modules else " R" if judged else " d")
            count = sum(module in s.modules for s in cols)
            rules = "–" if module in through_discussion else str(by_rules[module])
            flag = "  ← for lite" if module in module_gaps else ""
            print(f"{label[:28]:<28} {' '.join(cells)}   {rules:>6} {count:>4}{flag}")
        print()
        if through_discussion:
            quoted = [f"«{COMPETENCE_AREAS[m]}»" for m in through_discussion]
            names = " og ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)
            print(f"Ingen regel vurderer {names}: de trenes gjennom sakenes historie, drøftingsspørsmål og refleksjon.")
        if rule_gaps:
            print(f"Regler trent i færre enn {MIN_RULE_SCENARIOS} saker (brutt/fulgt):")
            for rule_id, (b, f) in rule_gaps.items():
                print(f"  {rule_id:<10} {b}/{f}  {book[rule_id].title}")
        else:
            print(f"Alle regler brytes og følges i minst {MIN_RULE_SCENARIOS} saker.")
        if module_gaps:
            print(f"Moduler trent i færre enn {MIN_MODULE_SCENARIOS} saker: " + ", ".join(module_gaps))
        else:
            print(f"Alle kompetansemoduler trenes i minst {MIN_MODULE_SCENARIOS} saker.")
    return 1 if args.check and (rule_gaps or module_gaps) else 0
