"""``bti-trener new`` — scaffold a valid scenario from flags or questions."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import get_args

from scoring.vocabulary import SERVICES
from trainer.cli.schema import scenario_schema
from trainer.scaffold import THEME_MODULE, NewScenario, render
from trainer.scenario.model import ID_PATTERN, AgeBand, Theme
from trainer.scenario.validate import validate_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``new`` subcommand."""
    parser = sub.add_parser("new", help="lag en ny sak med alt du skal fylle inn markert")
    parser.add_argument("--id", help="stabil ID, f.eks. mandagsfravaer (blir også filnavnet)")
    parser.add_argument("--title", help="tittel")
    parser.add_argument("--theme", help="hovedtema (undring, samtykke, vold-overgrep …)")
    parser.add_argument("--role", help="deltakerens tjeneste (barnehage, skole, helsestasjon …)")
    parser.add_argument("--age-band", dest="age_band", help="aldersgruppe: gravid, 0-6, 6-12, 13-18, 18-23")
    parser.add_argument("--output", "-o", type=Path, help="fil eller mappe (standard: ID.yaml her)")
    parser.set_defaults(func=run)


def _ask(prompt: str, allowed: tuple[str, ...] | None, default: str | None) -> str:
    hint = f" ({', '.join(allowed)})" if allowed else ""
    suffix = f" [{default}]" if default else ""
    while True:
        print(f"{prompt}{hint}{suffix}: ", end="", flush=True, file=sys.stderr)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        answer = line.strip() or (default or "")
        if answer and (allowed is None or answer in allowed):
            return answer
        print("  Ugyldig svar, prøv igjen.", file=sys.stderr)


def _schema_reference(output: Path) -> str:
    """A relative path to a JSON Schema for the editor: the checkout's ``schema/`` or one written beside the file."""
    folder = output.resolve().parent
    for parent in [folder, *folder.parents]:
        candidate = parent / "schema" / "scenario.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    beside = folder / "scenario.schema.json"
    if not beside.exists():
        beside.write_text(json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return "scenario.schema.json"


def run(args: argparse.Namespace) -> int:
    """Write the skeleton and check that it validates."""
    themes, ages, roles = get_args(Theme), get_args(AgeBand), tuple(sorted(SERVICES))
    values: dict[str, str | None] = {
        "id": args.id, "title": args.title, "theme": args.theme, "role": args.role, "age_band": args.age_band,
    }  # fmt: skip
    checks = {"theme": themes, "role": roles, "age_band": ages}
    for key, allowed in checks.items():
        if values[key] is not None and values[key] not in allowed:
            print(f"bti-trener new: ugyldig {key} «{values[key]}»; tillatt: {', '.join(allowed)}", file=sys.stderr)
            return 2
    if values["id"] is not None and not re.match(ID_PATTERN, values["id"]):
        print("bti-trener new: ID kan bare ha små bokstaver, tall, - og _", file=sys.stderr)
        return 2
    missing = [k for k, v in values.items() if v is None]
    if missing and not sys.stdin.isatty() and not sys.stdin.readable():
        print(f"bti-trener new: mangler {', '.join('--' + m.replace('_', '-') for m in missing)}", file=sys.stderr)
        return 2
    try:
        title = values["title"] = values["title"] or _ask("Tittel på saken", None, None)
        if values["id"] is None:
            suggestion = re.sub(r"[^a-z0-9æøå]+", "-", title.lower()).strip("-") or "ny-sak"
            new_id = values["id"] = _ask("ID (blir filnavnet)", None, suggestion)
            if not re.match(ID_PATTERN, new_id):
                print("bti-trener new: ID kan bare ha små bokstaver, tall, - og _", file=sys.stderr)
                return 2
        if values["theme"] is None:
            values["theme"] = _ask("Hovedtema", tuple(THEME_MODULE), "undring")
        if values["role"] is None:
            values["role"] = _ask("Deltakerens tjeneste", roles, "barnehage")
        if values["age_band"] is None:
            values["age_band"] = _ask("Aldersgruppe", ages, "0-6")
    except EOFError:
        print("\nbti-trener new: avbrutt – mangler svar", file=sys.stderr)
        return 2
    output: Path = args.output or Path(f"{values['id']}.yaml")
    if output.is_dir():
        output = output / f"{values['id']}.yaml"
    if output.exists():
        print(f"bti-trener new: «{output}» finnes allerede; velg et annet navn", file=sys.stderr)
        return 2
    choice = NewScenario(**{key: value or "" for key, value in values.items()})  # every value was asked for
    output.parent.mkdir(parents=True, exist_ok=True)
    schema = _schema_reference(output)
    output.write_text(render(choice, str(output), schema), encoding="utf-8")
    # the placeholders are what the author fills in next (STR017 says so once they run validate)
    problems = [p for p in validate_file(output) if p.is_error and p.code != "STR017"]
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    print(f"Skrev «{output}». Fyll inn alt som er merket SKRIV, og sjekk med «bti-trener validate {output}».")
    return 1 if problems else 0
