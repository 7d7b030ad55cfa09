"""The Norwegian authoring guide documents every action type, conversation move and fact the code knows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from scoring.actions import ACTION_TYPES, Basis, Move
from scoring.facts import CaseFacts
from scoring.vocabulary import COMPETENCE_AREAS, SERVICES

GUIDE = (Path(__file__).resolve().parents[2] / "scenarios" / "README.md").read_text(encoding="utf-8")


def _mentioned(word: str) -> bool:
    return re.search(rf"`{re.escape(word)}`", GUIDE) is not None


@pytest.mark.parametrize(
    "word",
    [*ACTION_TYPES, *get_args(Move), *get_args(Basis), *CaseFacts.model_fields, *COMPETENCE_AREAS, *sorted(SERVICES)],
)
def test_guide_documents(word: str) -> None:
    assert _mentioned(word), f"scenarios/README.md does not document `{word}`"


def test_guide_examples_parse() -> None:
    import yaml
    from pydantic import TypeAdapter

    from trainer.scenario.model import ActionSpec

    adapter = TypeAdapter(ActionSpec)
    rows = re.findall(r"^\| `(\w+)` – .*?\| `(\{.*?\})` \|", GUIDE, flags=re.M)
    assert len(rows) == len(ACTION_TYPES)
    for name, example in rows:
        action = adapter.validate_python(yaml.safe_load(example))
        assert action.type == name


def test_committed_schema_is_current() -> None:
    import json

    from trainer.cli.schema import scenario_schema

    committed = Path(__file__).resolve().parents[2] / "schema" / "scenario.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json.loads(json.dumps(scenario_schema())), (
        "schema/scenario.schema.json is stale: run `bti-trener schema --output schema/scenario.schema.json`"
    )
