"""``bti-trener rules [ID]`` — list the rulebook: ID, area, severity, source and text; with an ID, that rule
and where it lives: the module and function that judge it, and its rule cases."""

from __future__ import annotations

import argparse
import json
import sys

from scoring.profile import KommuneProfile
from scoring.rulebook import load_rulebook
from scoring.rules import REGISTRY
from scoring.vocabulary import COMPETENCE_AREAS
from trainer.profiles import ProfileError, find_profile
from trainer.services.rules import RuleLocation, UnknownRuleError, locate


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``rules`` subcommand."""
    parser = sub.add_parser("rules", help="list regelboka (ID, område, alvorlighet, kilde, tekst)")
    parser.add_argument("rule", nargs="?", metavar="ID", help="vis bare denne regelen, og hvor den vurderes og testes")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    parser.add_argument("--profile", "-p", default="standard", help="kommuneprofil med lokale overstyringer")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print every rule (or the one asked for, with where it lives) with the profile's overrides applied."""
    try:
        profile = find_profile(args.profile)
    except ProfileError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    book = load_rulebook().with_overrides(profile.rules)
    location: RuleLocation | None = None
    if args.rule is not None:
        try:
            location = locate(args.rule)
        except UnknownRuleError as exc:
            print(f"bti-trener rules: {exc}", file=sys.stderr)
            return 2
        ids = [location.rule_id] if location.rule_id in book.rules else []
        if not ids:
            print(f"bti-trener rules: regelen «{location.rule_id}» står ikke i regelboka", file=sys.stderr)
            return 2
    else:
        ids = [rule_id for rule_id in book.rules if rule_id in REGISTRY]
    if args.format == "json":
        rows = [{"id": rule_id, **book[rule_id].model_dump()} for rule_id in ids]
        if location is not None:
            rows[0].update(
                module=location.module, function=location.function,
                cases_file=location.cases_file, cases=location.case_count,
            )  # fmt: skip
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for rule_id in ids:
        entry = book[rule_id]
        state = "" if entry.enabled else "  (slått av i denne profilen)"
        print(f"{rule_id:<10} {entry.severity:<8} {COMPETENCE_AREAS.get(entry.area, entry.area)}{state}")
        print(f"           {entry.title}")
        print(f"           {entry.rule}")
        print(f"           Kilde: {entry.source}")
        if location is not None:
            print(f"           Vurderes av: {location.module}: {location.function}")
            print(f"           Regeltilfeller: {_cases(location)}")
        print()
    if location is None:
        print(f"{len(ids)} regler, kommuneprofil: {profile.name}")
        _print_arenas(profile)
    return 0


def _print_arenas(profile: KommuneProfile) -> None:
    """The profile's meeting arenas, as ARENA-01–03 judge them."""
    if not profile.arenas:
        print("Profilen har ingen egne møtearenaer; møter vurderes etter type (tverrfaglig, ansvarsgruppe …).")
        return
    consent = {
        "samtykke": "samtykke",
        "skriftlig-samtykke": "skriftlig samtykke",
        "bare-anonymt": "bare anonymt – ingen enkeltbarn med navn",
    }
    family = {"deltar": "er med", "deltar-eller-orientert": "er med eller vet om møtet", "samtykker": "samtykker"}
    print()
    print(f"Møtearenaer i {profile.name}:")
    for arena in profile.arenas:
        often = f" ({arena.frequency})" if arena.frequency else ""
        print(f"  {arena.id:<22} {arena.name}{often}")
        if arena.members:
            print(f"  {'':<22} Deltakere: {', '.join(arena.members)}")
        print(f"  {'':<22} Barn med navn: {consent[arena.named_child]}"
              + ("; bare de samtykket nevner, er med" if arena.only_concerned else ""))  # fmt: skip
        if arena.after:
            print(f"  {'':<22} Først drøftet i: {', '.join(arena.after)}")
        if arena.brought_by:
            print(f"  {'':<22} Saker meldes fra: {', '.join(arena.brought_by)}")
        print(f"  {'':<22} Familien: {family[arena.family]}; barnet "
              + ("velger selv om det vil være med" if arena.child_attends else "er ikke med"))  # fmt: skip


def _cases(location: RuleLocation) -> str:
    """«tests/scoring/cases/VO-01.yaml (12 tilfeller)», or that the installation has none."""
    if location.cases_file is None:
        return "finnes ikke i denne installasjonen"
    count = "1 tilfelle" if location.case_count == 1 else f"{location.case_count} tilfeller"
    return f"{location.cases_file} ({count})"
