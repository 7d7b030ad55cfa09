"""What the engine sees of a path through a scenario: one :class:`~scoring.trace.Step` per decision.

The file format owns this translation (a node's days, reveals and events, then the choice's actions), so the
session, the path analysis and the in-context judging all build their traces the same way and nothing in
:mod:`trainer.scenario` has to import the session above it.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.trace import Step, Trace
from trainer.scenario.model import Choice, Node, Scenario


def decision_step(scenario: Scenario, node_id: str, choice_id: str) -> Step:
    """What the engine sees of one decision: the node's days, reveals and events, then the choice's actions."""
    choice = scenario.choice(node_id, choice_id)
    if choice is None:
        raise KeyError(f"{node_id}/{choice_id}")
    return step_of(node_id, scenario.nodes[node_id], choice)


def step_of(node_id: str, node: Node, choice: Choice) -> Step:
    """:func:`decision_step` for a node and choice already at hand.

    Built without validating again: the node and choice were validated when the scenario loaded, and a
    trace is rebuilt after every choice (and once per ``expect`` when validating)."""
    return Step.model_construct(
        node=node_id,
        choice=choice.id,
        days_before=node.days,
        reveals=node.reveals,
        events=list(node.events),
        actions=list(choice.actions),
        days_after=choice.days,
    )


def trace_of(scenario: Scenario, nodes: Sequence[str], choices: Sequence[str]) -> Trace:
    """The trace of decisions ``choices`` taken at ``nodes`` (same length), built without validating again; when
    the last choice reaches an ending, the trace carries how that ending went for the child (a «dårlig» ending
    never passes)."""
    steps = [decision_step(scenario, n, c) for n, c in zip(nodes, choices, strict=True)]
    outcome = None
    if nodes:
        last = scenario.choice(nodes[-1], choices[-1])
        ending = scenario.endings.get(last.goto) if last is not None else None
        outcome = ending.outcome if ending is not None else None
    return Trace.model_construct(context=scenario.context(), steps=steps, outcome=outcome)


def follow(scenario: Scenario, path: Sequence[str]) -> tuple[list[str], str] | None:
    """The node of each decision on ``path`` (choice IDs from start) and where it ends up; None when a choice
    does not exist at the node it is taken at, or the path goes on past an ending."""
    nodes: list[str] = []
    position = scenario.start
    for choice_id in path:
        choice = scenario.choice(position, choice_id) if position in scenario.nodes else None
        if choice is None:
            return None
        nodes.append(position)
        position = choice.goto
    return nodes, position
