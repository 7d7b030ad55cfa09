"""``bti-trener schema [--output FILE]``: print the JSON Schema of the scenario format (for editors)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from trainer.scenario.json_schema import documented_json_schema
from trainer.scenario.model import Scenario, hoist_action_schema

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TITLE = "BTI-trener scenario"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``bti-trener schema [--output FILE]``."""
    parser = sub.add_parser(
        "schema",
        help="skriv JSON Schema for scenarioformatet",
        description="Skriver JSON Schema for scenariofiler, f.eks. til bruk i en editor med YAML-støtte.",
    )
    parser.add_argument(
        "--output", "-o", type=Path, metavar="FIL", help="skriv til denne fila i stedet for til skjermen"
    )
    parser.set_defaults(func=run)


def scenario_schema() -> dict[str, Any]:
    """The Scenario model's JSON Schema with ``$schema`` and a title."""
    schema = hoist_action_schema(documented_json_schema(Scenario))
    return {"$schema": SCHEMA_DIALECT, **schema, "title": SCHEMA_TITLE}


def run(args: argparse.Namespace) -> int:
    """Print or write the schema; returns the exit code."""
    text = json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(
            f"bti-trener schema: kunne ikke skrive «{args.output}» ({exc.strerror or type(exc).__name__})",
            file=sys.stderr,
        )
        return 1
    print(f"Skrev JSON Schema til «{args.output}».")
    return 0
