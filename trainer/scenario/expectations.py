"""Checking an author's ``expect`` annotations against the rules engine (run by ``validate``).

Each annotated choice is played in context (:mod:`trainer.scenario.in_context`: the shortest way to its
node, then the choice), under only the rules the author named, and the engine's findings *at that decision*
are compared with what the author expected.
"""

from __future__ import annotations

from scoring.profile import KommuneProfile, profile_named
from trainer.scenario.in_context import judge_choices
from trainer.scenario.model import Scenario
from trainer.scenario.problems import Problem
from trainer.scenario.yamlsafe import MarkTable


def _profile(scenario: Scenario) -> KommuneProfile:
    return profile_named(scenario.profile)


def check_expectations(scenario: Scenario, marks: MarkTable | None, shown: str) -> list[Problem]:
    """EXP001: the engine did not find a rule the author expected; EXP002: it found the opposite."""
    wanted = {
        (node_id, choice.id): {*choice.expect.breaks, *choice.expect.satisfies}
        for node_id, node in scenario.nodes.items()
        for choice in node.choices
        if choice.expect is not None and (choice.expect.breaks or choice.expect.satisfies)
    }
    if not wanted:
        return []
    problems: list[Problem] = []
    for verdict in judge_choices(scenario, _profile(scenario), wanted):
        choice, node_id = verdict.choice, verdict.node
        assert choice.expect is not None
        wrong = [
            ("EXP001", rule_id, "bryte", "fulgt" if rule_id in verdict.followed else "ikke berørt")
            for rule_id in choice.expect.breaks
            if rule_id not in verdict.broken
        ]
        wrong += [
            ("EXP002", rule_id, "følge", "brutt" if rule_id in verdict.broken else "ikke berørt")
            for rule_id in choice.expect.satisfies
            if rule_id not in verdict.followed
        ]
        if not wrong:
            continue
        line, col = marks.key_at(("nodes", node_id, "choices", verdict.index, "expect")) if marks else (1, 1)
        for code, rule_id, verb, found in wrong:
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    code,
                    f"valget «{choice.id}» i «{node_id}» skal {verb} {rule_id}, men motoren sier: {found}",
                )
            )
    return problems
