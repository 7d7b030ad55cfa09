"""A fact that changes the verdict, revealed on some branches only.

The engine judges a path by what the trainee knew on it. When the fact that creates the duty to report (the
report threshold, a suspicion of violence, a serious crime) comes out only on the branches where the trainee
asked, the branch that never asked is never judged by it: the passive path that never reports can come out
as the «beste sti» at 100. Stable code, a warning:

* ``FCT001`` such a fact is revealed on some ways through the case, and an ending that is not «dårlig» (which
  never passes anyway) can be reached without it and without any report (names the nodes that reveal it and
  one such way).

Acute facts (danger to life, an endangering adult, a youth who must not be alone) are left out: they belong
to the scene where the danger arises, not to a truth that was there all along.

Linear in nodes + choices per fact.
"""

from __future__ import annotations

from collections import deque

from scoring import actions as a
from scoring.facts import CaseFacts
from trainer.scenario.model import Choice, Scenario
from trainer.scenario.problems import WARNING, Problem
from trainer.scenario.yamlsafe import MarkTable

#: Suspicions that bring in the violence exception (the same as the VO rules read).
_VIOLENCE = frozenset({"vold", "seksuelle-overgrep", "alvorlig-omsorgssvikt"})


def _duty_facts(facts: CaseFacts | None) -> set[str]:
    """The facts in *facts* whose value creates the duty to report."""
    if facts is None:
        return set()
    found = {name for name in ("report_threshold_met", "serious_crime_likely") if getattr(facts, name, None)}
    if facts.suspicion in _VIOLENCE:
        found.add("suspicion")
    return found


def _reports(choice: Choice) -> bool:
    return any(isinstance(action, a.Report) for action in choice.actions)


def _way_avoiding(scenario: Scenario, avoid: set[str]) -> tuple[str, list[str]] | None:
    """An ending reached from start without visiting a node in *avoid* and without a report, with the choice
    IDs on the way."""
    if scenario.start in avoid or scenario.start not in scenario.nodes:
        return None
    queue: deque[tuple[str, list[str]]] = deque([(scenario.start, [])])
    seen = {scenario.start}
    while queue:
        node_id, way = queue.popleft()
        for choice in scenario.nodes[node_id].choices:
            target = choice.goto
            if _reports(choice):
                continue
            if scenario.is_ending(target):
                if scenario.endings[target].outcome != "dårlig":  # a «dårlig» ending never passes anyway
                    return target, [*way, choice.id]
                continue
            if target in seen or target in avoid or target not in scenario.nodes:
                continue
            seen.add(target)
            queue.append((target, [*way, choice.id]))
    return None


def check_fact_reach(scenario: Scenario, marks: MarkTable | None, path: str) -> list[Problem]:
    """FCT001 for each duty-creating fact revealed on some branches only."""
    initial = _duty_facts(scenario.facts)
    revealed_at: dict[str, list[str]] = {}
    for node_id, node in scenario.nodes.items():
        for name in _duty_facts(node.reveals) - initial:
            revealed_at.setdefault(name, []).append(node_id)
    problems = []
    for name, nodes in revealed_at.items():
        escape = _way_avoiding(scenario, set(nodes))
        if escape is None:
            continue
        ending, way = escape
        where = ("nodes", nodes[0], "reveals", name)
        line, col = marks.key_at(where) if marks else (1, 1)
        shown = ", ".join(f"«{n}»" for n in nodes)
        message = (
            f"faktumet `{name}` kommer bare fram i {shown}, men slutten «{ending}» kan nås uten det "
            f"og uten melding (via {' → '.join(way)}). Den veien blir ikke vurdert etter meldeplikten faktumet "
            "gir, så den kan se ut som den beste. La det komme fram på alle veier (for eksempel i en senere node, "
            "eller i `facts:` om det er kjent fra start)"
        )
        problems.append(Problem(path, line, col, "FCT001", message, WARNING))
    return problems
