"""``bti-trener rules`` — list the rulebook: ID, area, severity, source and text."""

from __future__ import annotations

import argparse
import json
import sys

from trainer.profiles import ProfileError, find_profile


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``rules`` subcommand."""
    parser = sub.add_parser("rules", help="list regelboka (ID, område, alvorlighet, kilde, tekst)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    parser.add_argument("--profile", "-p", default="standard", help="kommuneprofil med lokale overstyringer")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print every rule with the profile's overrides applied."""
    from scoring.rulebook import load_rulebook
    from scoring.rules import REGISTRY
    from scoring.vocabulary import COMPETENCE_AREAS

    try:
        profile = find_profile(args.profile)
    except ProfileError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    book = load_rulebook().with_overrides(profile.rules)
    ids = [rule_id for rule_id in book.rules if rule_id in REGISTRY]
    if args.format == "json":
        rows = [{"id": rule_id, **book[rule_id].model_dump()} for rule_id in ids]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for rule_id in ids:
        entry = book[rule_id]
        state = "" if entry.enabled else "  (slått av i denne profilen)"
        print(f"{rule_id:<10} {entry.severity:<8} {COMPETENCE_AREAS.get(entry.area, entry.area)}{state}")
        print(f"           {entry.title}")
        print(f"           {entry.rule}")
        print(f"           Kilde: {entry.source}")
        print()
    print(f"{len(ids)} regler, kommuneprofil: {profile.name}")
    return 0
