"""Judging choices in context: each choice played after the shortest way to its node.

What the engine finds *at that decision* is exactly what a trainee playing that way sees after the choice
(a :class:`~trainer.session.Session` gives the same; a test holds them equal), but computed the way
``validate`` and the path analysis need it for every choice of a case: the shortest ways in share their
beginnings, so each is replayed once and continued, and a caller may ask for only some rules.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from scoring.engine import Timeline, begin, extend, rule_hits
from scoring.profile import KommuneProfile
from scoring.rulebook import load_rulebook
from trainer.scenario.model import Choice, Scenario
from trainer.scenario.paths import shortest_prefixes
from trainer.scenario.steps import step_of


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ is several times slower
class JudgedChoice:
    """What the engine said at one choice, played after the shortest way to its node."""

    node: str
    """The node the choice is at."""
    index: int
    """The choice's position among the node's choices."""
    choice: Choice
    """The choice."""
    broken: frozenset[str]
    """Rules broken at that decision."""
    followed: frozenset[str]
    """Rules followed (and not also broken) at that decision."""


def judge_choices(
    scenario: Scenario, profile: KommuneProfile, rules_for: Mapping[tuple[str, str], Collection[str]] | None = None
) -> Iterator[JudgedChoice]:
    """The engine's verdict at each choice of each reachable node, in file order.

    ``rules_for`` maps ``(node, choice)`` to the rules to run there; choices not in it are skipped. Without
    it every choice is judged under every rule."""
    prefixes = shortest_prefixes(scenario)
    root = begin(scenario.context(), profile)
    book = load_rulebook().with_overrides(profile.rules)
    ways_in: dict[tuple[str, ...], tuple[Timeline, str]] = {(): (root, scenario.start)}

    def way_in(path: tuple[str, ...]) -> tuple[Timeline, str]:
        """The replayed shortest way in (each prefix once: breadth-first prefixes share their beginnings)."""
        known = ways_in.get(path)
        if known is None:
            before, node_id = way_in(path[:-1])
            choice = scenario.choice(node_id, path[-1])
            assert choice is not None  # the prefixes follow existing choices
            step = step_of(node_id, scenario.nodes[node_id], choice)
            known = ways_in[path] = (extend(before, [step], complete=False), choice.goto)
        return known

    for node_id, node in scenario.nodes.items():
        if node_id not in prefixes:
            continue  # unreachable: the structural check already says so
        prefix = tuple(prefixes[node_id])
        for index, choice in enumerate(node.choices):
            rules = None if rules_for is None else rules_for.get((node_id, choice.id))
            if rules_for is not None and not rules:
                continue
            before, at = way_in(prefix)
            if at != node_id:
                continue  # two choices share an ID on the way in (STR001 says so): no well-defined way in
            timeline = extend(before, [step_of(node_id, node, choice)], complete=choice.goto in scenario.endings)
            step = len(before.steps)
            broken: set[str] = set()
            followed: set[str] = set()
            for rule_id, hits in rule_hits(timeline, book, only=rules).items():
                for hit in hits:  # the findings a session shows after this choice
                    if hit.step == step:
                        (broken if hit.outcome == "violated" else followed).add(rule_id)
            yield JudgedChoice(node_id, index, choice, frozenset(broken), frozenset(followed - broken))
