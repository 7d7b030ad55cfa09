"""Paths through a scenario graph: shortest ways in and out of each node, and a set of full paths.

Used by ``validate`` (to play each annotated choice in context) and by ``coverage`` (which rules can be
broken or followed in a scenario). Everything here is breadth-first over nodes + choices; full paths are
enumerated only while their number stays under a limit, otherwise one representative path per choice.
"""

from __future__ import annotations

from collections import deque

from trainer.scenario.model import Choice, Scenario

Path_ = list[str]
"""Choice IDs from the start node."""


def _way_in_order(choices: list[Choice]) -> list[Choice]:
    """The choices in the order a way in prefers them: those the author did not mark as mistakes (no
    ``expect.breaks``) first, then the rest — each group in file order. A choice's verdict in context then
    does not depend on where in the file the good option happens to stand (the app shuffles options anyway)."""
    return sorted(choices, key=lambda c: bool(c.expect is not None and c.expect.breaks))


def shortest_prefixes(scenario: Scenario) -> dict[str, Path_]:
    """For each reachable node or ending, the shortest list of choice IDs that leads there from start; among
    equally short ways, the one through choices the author did not mark as mistakes."""
    prefixes: dict[str, Path_] = {scenario.start: []}
    queue = deque([scenario.start])
    while queue:
        node_id = queue.popleft()
        node = scenario.nodes.get(node_id)
        if node is None:
            continue
        for choice in _way_in_order(node.choices):
            if choice.goto not in prefixes:
                prefixes[choice.goto] = [*prefixes[node_id], choice.id]
                queue.append(choice.goto)
    return prefixes


def shortest_suffixes(scenario: Scenario) -> dict[str, Path_]:
    """For each node that can reach an ending, the shortest list of choice IDs to the nearest ending."""
    incoming: dict[str, list[tuple[str, str]]] = {}
    for node_id, node in scenario.nodes.items():
        for choice in node.choices:
            incoming.setdefault(choice.goto, []).append((node_id, choice.id))
    suffixes: dict[str, Path_] = {ending: [] for ending in scenario.endings}
    queue = deque(scenario.endings)
    while queue:
        target = queue.popleft()
        for node_id, choice_id in incoming.get(target, []):
            if node_id not in suffixes:
                suffixes[node_id] = [choice_id, *suffixes[target]]
                queue.append(node_id)
    return suffixes


def representative_paths(scenario: Scenario) -> list[Path_]:
    """One full path through every choice: shortest way to its node, the choice, shortest way out."""
    prefixes = shortest_prefixes(scenario)
    suffixes = shortest_suffixes(scenario)
    paths: list[Path_] = []
    seen: set[tuple[str, ...]] = set()
    for node_id, node in scenario.nodes.items():
        if node_id not in prefixes:
            continue
        for choice in node.choices:
            if choice.goto not in suffixes:
                continue
            path = [*prefixes[node_id], choice.id, *suffixes[choice.goto]]
            key = tuple(path)
            if key not in seen:
                seen.add(key)
                paths.append(path)
    return paths


def all_paths(scenario: Scenario, limit: int = 2000) -> list[Path_] | None:
    """Every start-to-ending path without revisiting a node, or None when there are more than ``limit``."""
    found: list[Path_] = []
    stack: list[tuple[str, Path_, frozenset[str]]] = [(scenario.start, [], frozenset({scenario.start}))]
    while stack:
        node_id, path, visited = stack.pop()
        if scenario.is_ending(node_id):
            found.append(path)
            if len(found) > limit:
                return None
            continue
        node = scenario.nodes.get(node_id)
        if node is None:
            continue
        for choice in reversed(node.choices):
            if choice.goto in visited and not scenario.is_ending(choice.goto):
                continue
            stack.append((choice.goto, [*path, choice.id], visited | {choice.goto}))
    return found


def explored_paths(scenario: Scenario, limit: int = 2000) -> list[Path_]:
    """All paths when there are few enough, else one representative path per choice."""
    every = all_paths(scenario, limit)
    return every if every is not None else representative_paths(scenario)
