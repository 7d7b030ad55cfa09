"""``bti-trener play SCENARIO --choose c1,c2`` — play a path headless and print the verdict."""

from __future__ import annotations

import argparse
import json
import sys

from trainer.library import find_scenario
from trainer.profiles import ProfileError, find_profile
from trainer.render.text import session_json, session_text
from trainer.session import InvalidChoiceError, Session


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``play`` subcommand."""
    parser = sub.add_parser(
        "play",
        help="spill en sti gjennom en sak uten skjerm og vis funn og poeng",
        description="Spiller valgene i rekkefølge (ID eller nummer fra 1) og skriver forløp, funn og poeng.",
    )
    parser.add_argument("scenario", help="scenariofil (.yaml) eller scenario-ID i det innebygde biblioteket")
    parser.add_argument("--choose", "-c", default="", help="valg, kommaseparert: lytt,meld eller 2,1,3")
    parser.add_argument("--profile", "-p", default=None, help="kommuneprofil: navn (standard) eller fil")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="stokk valgene slik appen gjør, med dette frøet (nummer i --choose gjelder da den stokkede "
        "rekkefølgen); uten: rekkefølgen i fila",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Play the path; exit 0 when every choice was valid, 1 when one was not or the file is broken."""
    scenario, problems = find_scenario(args.scenario)
    if scenario is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return 1
    try:
        profile = find_profile(args.profile or scenario.profile)
    except ProfileError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    session = Session(scenario=scenario, profile=profile, order_key=args.seed)
    keys = [k for k in (part.strip() for part in args.choose.split(",")) if k]
    for number, key in enumerate(keys, 1):
        try:
            session.choose(key)
        except InvalidChoiceError as exc:
            print(f"{args.scenario}: valg {number}: {exc}", file=sys.stderr)
            return 1
    report = session.report()
    if args.format == "json":
        print(json.dumps(session_json(session, report), ensure_ascii=False, indent=2))
    else:
        print(session_text(session, report))
    return 0
