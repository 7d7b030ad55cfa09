"""No rule text without code, no field without a reader: every action field and every fact is read by the
engine (or marked descriptive), every action has a Norwegian phrase, and each rule's rulebook ``family`` is
the module that judges it."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from pydantic import ValidationError

import scoring
from scoring import actions as a
from scoring.describe import describe
from scoring.facts import CaseFacts
from scoring.rulebook import load_rulebook
from scoring.rules import REGISTRY
from scoring.state import HEARING_ACTIONS, apply, initial_state
from scoring.timeline import begin
from scoring.trace import CaseContext, CastEntry

SCORING = Path(scoring.__file__).parent
#: The engine's own code: what reads actions and facts (the action and fact models themselves excluded).
READERS = [p for p in SCORING.rglob("*.py") if p.name not in ("actions.py", "facts.py", "describe.py")]


def _names_read() -> set[str]:
    """Attribute names the engine reads (``x.name``), names matched in ``case`` patterns (``Talk(with_=…)``)
    and names passed to ``getattr``."""
    names: set[str] = set()
    for path in READERS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.MatchClass):
                names.update(node.kwd_attrs)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)  # getattr(facts, "danger_to_life"), ACUTE_FACTS, fact_day("suspicion")
    return names


def _descriptive(model: type, field: str) -> bool:
    extra = model.model_fields[field].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("descriptive"))


READ = _names_read()
FIELDS = [(cls, name) for cls in a.ACTION_CLASSES for name in cls.model_fields if name != "type"]
FIELDS += [(CaseFacts, name) for name in CaseFacts.model_fields]


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f in FIELDS])
def test_every_field_is_read_by_the_engine_or_marked_descriptive(model: type, field: str) -> None:
    if _descriptive(model, field):
        assert field not in READ or model is CaseFacts and field == "lives_with", (
            f"{model.__name__}.{field} is marked descriptive but the engine reads it"
        )
        return
    assert field in READ, f"{model.__name__}.{field}: read by no rule or transition — read it or mark it descriptive"


@pytest.mark.parametrize("cls", a.ACTION_CLASSES, ids=lambda c: c.__name__)
def test_every_action_type_is_judged_somewhere(cls: type[a.Action]) -> None:
    """An action no rule or state transition names would be vocabulary the engine silently ignores."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in READERS)
    assert f"a.{cls.__name__}" in source, f"{cls.__name__} is read by no rule"


#: One valid instance's fields for every action type that needs some.
SAMPLES: dict[type[a.Action], dict[str, object]] = {
    a.Talk: {"with": "mor"}, a.Share: {"with": "ppt"}, a.Refer: {"to": "ppt"}, a.AskConsent: {"from": ["mor"]},
    a.WithdrawConsent: {"by": "mor"}, a.Report: {"to": "barnevern"}, a.Inform: {"who": "mor"},
    a.Confront: {"who": "far"}, a.Withhold: {"from": "rektor"}, a.SetLevel: {"level": 1},
    a.AppointStafettholder: {"who": "kontaktlærer"}, a.HandOverStafett: {"to": "rektor"},
    a.AddLogReader: {"who": "ppt"}, a.PlanMeasure: {"what": "leksehjelp"}, a.HoldMeeting: {"kind": "evaluering"},
    a.Wait: {"days": 3}, a.SltDiscussion: {"part": 1}, a.HandOverChild: {"to": "far"},
    a.CallEmergency: {"to": "112"}, a.FetchSafeAdult: {"who": "mor"},
}


def test_every_action_has_a_norwegian_phrase() -> None:
    tl = begin(CaseContext(role="skole"))
    for cls in a.ACTION_CLASSES:
        action = cls.model_validate(SAMPLES.get(cls, {}))
        phrase = describe(action, tl)
        assert phrase != action.type and phrase[0].islower(), (cls.__name__, phrase)


def test_only_the_hearing_actions_can_hear_the_child() -> None:
    """MED-01/MED-02 look for hearings among :data:`HEARING_ACTIONS` alone: every other action, even one aimed at
    the child, leaves ``child_heard_days`` as it was."""
    ctx = CaseContext(role="skole", cast={"lea": CastEntry(role="barn")})
    state = initial_state(ctx)
    for cls in a.ACTION_CLASSES:
        sample = SAMPLES.get(cls, {})
        fields = {key: "lea" if key in ("with", "to", "who", "by") else value for key, value in sample.items()}
        fields = {**fields, "participants": ["lea"], "child_view": True} if cls is a.HoldMeeting else fields
        try:
            action = cls.model_validate(fields)
        except ValidationError:  # a target that cannot be a person (Report «to»: barnevern or politi)
            action = cls.model_validate(sample)
        heard = apply(state, action, ctx).child_heard_days != state.child_heard_days
        assert heard == (cls in HEARING_ACTIONS), cls.__name__


def test_each_rules_family_is_the_module_that_judges_it() -> None:
    book = load_rulebook()
    for rule_id in REGISTRY:
        module = inspect.getmodule(REGISTRY.spec(rule_id).predicate)
        assert module is not None
        assert module.__name__ == f"scoring.rules.{book[rule_id].family}", rule_id


def test_every_rule_names_the_actions_that_can_earn_its_tick() -> None:
    for rule_id in REGISTRY:
        credits = REGISTRY.spec(rule_id).credits
        assert credits, f"{rule_id} declares no action that can earn a ✓"
        assert all(issubclass(c, a.Action) for c in credits)
