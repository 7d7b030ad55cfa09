"""The JSON Schema an editor uses accepts exactly what ``validate`` accepts: every bundled case, the short and
the tagged form of every action, and a text where a list of texts is expected; and it still refuses what the
loader refuses. The action schema has one place in the file, so an editor offers each action once."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from trainer.library_files import discover
from trainer.scenario.load import model_from_yaml
from trainer.scenario.model import ACTION_SCHEMA_TITLE, Scenario
from trainer.scenario.yamlsafe import parse_yaml, read_yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
BUNDLED = discover([ROOT / "scenarios"])


def _json(data: object) -> object:
    return json.loads(json.dumps(data, default=str))  # dates as text, as an editor sees them


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_case_is_valid_against_the_schema(path: Path) -> None:
    errors = list(VALIDATOR.iter_errors(_json(read_yaml(path).value.data)))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:120]}" for e in errors[:5]]


BASE = """\
version: 1
id: t
title: T
summary: s
themes: [undring]
role: skole
age_band: "6-12"
modules: [kartlegging-undring]
start: a
nodes:
  a:
    text: A
    choices:
      - id: c
        text: C
        goto: slutt
        actions:
          - {action}
endings:
  slutt: {{title: S, text: t}}
"""

ACCEPTED = [
    "{ask_consent: mor, services: [ppt]}",
    "{ask_consent: [mor, far], services: [ppt]}",
    "{type: talk, with: barn, moves: [open_question]}",
    "{talk: barn, moves: [open_question]}",
    "{call_emergency: 112}",
    "{call_emergency: barnevernvakt}",
    "{keep_child: true}",
    "{stay_with_child: true}",
    "{open_log: {}}",
    "{document: {what: notat, verbatim: true}}",
]
REFUSED = [
    "{report: 112}",
    "{talk: barn, moves: [ukjent_trekk]}",
    "{talk: barn, type: talk}",
    "{ukjent_handling: x}",
    "{talk: barn, ukjent_felt: 1}",
]


def _both(action: str) -> tuple[bool, bool]:
    text = BASE.format(action=action)
    raw = parse_yaml(text.encode(), "t.yaml")
    loaded = model_from_yaml(raw, Scenario, "t.yaml").value is not None
    schema_ok = VALIDATOR.is_valid(_json(raw.value.data))
    return loaded, schema_ok


@pytest.mark.parametrize("action", ACCEPTED)
def test_what_validate_accepts_the_schema_accepts(action: str) -> None:
    assert _both(action) == (True, True)


@pytest.mark.parametrize("action", REFUSED)
def test_what_validate_refuses_the_schema_refuses(action: str) -> None:
    assert _both(action) == (False, False)


def test_the_action_schema_has_one_place() -> None:
    text = json.dumps(SCHEMA)
    assert text.count(f'"title": "{ACTION_SCHEMA_TITLE}"') == 1
    variants = SCHEMA["$defs"][ACTION_SCHEMA_TITLE]["anyOf"]
    titles = [v["title"] for v in variants]
    assert len(titles) == len(set(titles))
