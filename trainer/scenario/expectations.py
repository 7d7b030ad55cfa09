"""Checking an author's ``expect`` annotations against the rules engine (run by ``validate``).

Each annotated choice is played in context — the shortest way to its node, then the choice — and the
engine's findings *at that decision* are compared with what the author expected.
"""

from __future__ import annotations

from trainer.scenario.model import Scenario
from trainer.scenario.paths import shortest_prefixes
from trainer.scenario.problems import Problem
from trainer.scenario.yamlsafe import MarkTable


def _profile(scenario: Scenario):  # type: ignore[no-untyped-def]
    from scoring.profile import bundled_profile, bundled_profile_names

    return bundled_profile(scenario.profile if scenario.profile in bundled_profile_names() else "standard")


def check_expectations(scenario: Scenario, marks: MarkTable | None, shown: str) -> list[Problem]:
    """EXP001: the engine did not find a rule the author expected; EXP002: it found the opposite."""
    from trainer.session import Session

    problems: list[Problem] = []
    prefixes = shortest_prefixes(scenario)
    profile = _profile(scenario)
    for node_id, node in scenario.nodes.items():
        if node_id not in prefixes:
            continue  # unreachable: the structural check already says so
        for index, choice in enumerate(node.choices):
            if choice.expect is None or not (choice.expect.breaks or choice.expect.satisfies):
                continue
            session, note = Session.resume(scenario, prefixes[node_id], profile)
            if note is not None:
                continue
            outcome = session.choose(choice.id)
            broken = {f.rule_id for f in outcome.findings if f.outcome == "brutt"}
            followed = {f.rule_id for f in outcome.findings if f.outcome == "fulgt"} - broken
            where = ("nodes", node_id, "choices", index, "expect")
            line, col = marks.key_at(where) if marks else (1, 1)
            for rule_id in choice.expect.breaks:
                if rule_id not in broken:
                    found = "fulgt" if rule_id in followed else "ikke berørt"
                    problems.append(
                        Problem(shown, line, col, "EXP001",
                                f"valget «{choice.id}» i «{node_id}» skal bryte {rule_id}, men motoren sier: {found}")
                    )
            for rule_id in choice.expect.satisfies:
                if rule_id not in followed:
                    found = "brutt" if rule_id in broken else "ikke berørt"
                    problems.append(
                        Problem(shown, line, col, "EXP002",
                                f"valget «{choice.id}» i «{node_id}» skal følge {rule_id}, men motoren sier: {found}")
                    )
    return problems
