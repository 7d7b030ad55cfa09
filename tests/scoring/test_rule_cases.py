"""Every rule's YAML cases: each named trace must break, satisfy, or not touch the rule as stated."""

from __future__ import annotations

import pytest

from scoring.engine import judge
from scoring.rulebook import load_rulebook
from scoring.rules import REGISTRY
from tests.scoring.rule_cases import RuleCase, load_case_files

FILES = load_case_files()
CASES = [(f.rule, case) for _, f in FILES for case in f.cases]


@pytest.mark.parametrize(("rule_id", "case"), CASES, ids=[f"{r}:{c.name}" for r, c in CASES])
def test_rule_case(rule_id: str, case: RuleCase) -> None:
    report = judge(case.trace(), case.kommune_profile(), complete=case.complete)
    mine = [f for f in report.findings if f.rule_id == rule_id]
    broken = [f for f in mine if f.outcome == "brutt"]
    followed = [f for f in mine if f.outcome == "fulgt"]
    context = f"{case.name}: {[(f.outcome, f.step, f.detail) for f in mine]}"
    if case.expect == "violated":
        assert broken, f"expected {rule_id} broken — {context}"
        if case.step is not None:
            assert any(f.step == case.step for f in broken), context
    elif case.expect == "satisfied":
        assert followed and not broken, f"expected {rule_id} followed — {context}"
        if case.step is not None:
            assert any(f.step == case.step for f in followed), context
    else:
        assert not mine, f"expected {rule_id} not to apply — {context}"


def test_case_file_names_match_rules() -> None:
    for path, case_file in FILES:
        assert path.stem == case_file.rule, path


def test_every_rule_has_a_violating_and_a_satisfying_case() -> None:
    outcomes: dict[str, set[str]] = {}
    for rule_id, case in CASES:
        outcomes.setdefault(rule_id, set()).add(case.expect)
    missing = {
        rule_id: sorted({"violated", "satisfied"} - outcomes.get(rule_id, set()))
        for rule_id in REGISTRY
        if {"violated", "satisfied"} - outcomes.get(rule_id, set())
    }
    assert not missing, f"rules without cases: {missing}"


def test_every_registered_rule_is_in_the_rulebook_and_back() -> None:
    assert set(REGISTRY) == set(load_rulebook().rules)
