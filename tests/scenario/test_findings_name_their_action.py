"""A ✓ only for what was done: every bundled case played along many paths, and every finding checked against
the decision it points to — a followed rule names one of the trainee's own actions at that decision, of a
type the rule declares can earn its ✓; a broken rule that names an action names one taken there."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scoring.engine import rule_hits
from scoring.profile import profile_named
from scoring.rules import REGISTRY
from scoring.timeline import replay
from trainer.library_files import discover
from trainer.scenario.load import load_scenario
from trainer.scenario.model import Scenario
from trainer.session import Session

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = discover([ROOT / "scenarios"])
#: Paths per case: the first ones depth first (every branch near the start), then random ones (deep branches).
FIRST, RANDOM = 60, 60


def _paths(scenario: Scenario) -> list[list[str]]:
    found: list[list[str]] = []
    stack: list[tuple[str, list[str]]] = [(scenario.start, [])]
    while stack and len(found) < FIRST:
        node_id, path = stack.pop()
        for choice in reversed(scenario.nodes[node_id].choices):
            walked = [*path, choice.id]
            if choice.goto in scenario.endings:
                found.append(walked)
            elif choice.goto in scenario.nodes and len(walked) < 60:
                stack.append((choice.goto, walked))
    rng = random.Random(scenario.id)
    for _ in range(RANDOM):
        node_id, path = scenario.start, []
        while node_id in scenario.nodes and len(path) < 60:
            choice = rng.choice(scenario.nodes[node_id].choices)
            path.append(choice.id)
            node_id = choice.goto
        found.append(path)
    return found


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_tick_names_an_action_the_trainee_took_there(path: Path) -> None:
    scenario = load_scenario(path).value
    assert scenario is not None
    profile = profile_named(scenario.profile)
    for walk in _paths(scenario):
        session, note = Session.resume(scenario, walk, profile)
        assert note is None
        timeline = replay(session.trace(), profile, complete=session.finished)
        for rule_id, hits in rule_hits(timeline).items():
            credits = REGISTRY.spec(rule_id).credits
            for hit in hits:
                where = f"{scenario.id} {walk} {rule_id} {hit}"
                if hit.step is not None:
                    assert 0 <= hit.step < len(walk), where
                at_step = [r for r in timeline.records if r.step == hit.step]
                if hit.outcome == "satisfied":
                    assert hit.action is not None and hit.step is not None, where
                    own = [r for r in at_step if not r.is_event]
                    assert any(r.action is hit.action for r in own), f"✓ for an action not taken there: {where}"
                    assert isinstance(hit.action, credits), f"✓ by an action the rule does not credit: {where}"
                elif hit.action is not None:
                    assert any(r.action is hit.action for r in at_step), f"✗ names an action not taken there: {where}"
