"""The case's clock, checked: time passes only where the author says so, and adds up the same on every way.

Time passes in three places: a node's ``days`` (on arriving), a choice's ``days`` (after it), and a ``wait``
action. Deadlines (a report the same day, the talk with the parents within two weeks …) are judged on that
clock, so an author who forgets it, or lets two branches disagree about the date, gets verdicts that do not
match the story. Stable codes, all warnings:

* ``CLK001`` a node is reached on different days on different ways in (names both ways; said where the ways
  first disagree, not again at every node after it);
* ``CLK002`` time may be counted twice: a choice with a ``wait`` also has ``days``, or goes to a node that
  has ``days`` of its own;
* ``CLK003`` the text says time has passed («dagen etter», «tre uker senere») but no ``days`` brings the
  clock there.

Linear in nodes + choices times the (few) distinct days a node can be reached on.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from scoring import actions as a
from trainer.scenario.model import Choice, Scenario
from trainer.scenario.problems import WARNING, Problem
from trainer.scenario.yamlsafe import DataPath, MarkTable

#: Phrases that say time has passed since the last scene, in lower case: :func:`time_passed` searches the lowered
#: text, which is three times as fast as ``re.IGNORECASE`` (``validate`` runs it over every node of every file).
TIME_PASSED = re.compile(
    r"(?<!\w)(dagen etter|neste dag|neste morgen|morgenen etter|i morgen|uka etter|uken etter|neste uke|"
    r"(?:en|ei|én|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|fjorten|\d+)\s+(?:dager|døgn|uker|uke|måneder|måned)"
    r"\s+(?:senere|seinere|etter|har gått|går))\b"
)


_TIME_PASSED_ANY_CASE = re.compile(TIME_PASSED.pattern, re.IGNORECASE)


def time_passed(text: str) -> str | None:
    """The phrase in ``text`` that says time has passed, as the text writes it, or None."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters («İ») lower to two characters: search the text case-blind
        found = _TIME_PASSED_ANY_CASE.search(text)
        return None if found is None else found.group(0)
    found = TIME_PASSED.search(lowered)
    return None if found is None else text[found.start() : found.end()]


#: Ways in kept per day, to name in a message.
_EXAMPLES = 1


def _choice_days(choice: Choice) -> int:
    """Days a choice lets pass: its ``days`` plus its ``wait`` actions."""
    return choice.days + sum(action.days for action in choice.actions if isinstance(action, a.Wait))


@dataclass(slots=True)
class _Clock:
    """The days a node is reached on, with one way in for each."""

    ways: dict[int, list[str]] = field(default_factory=dict)


def arrival_days(scenario: Scenario) -> dict[str, dict[int, list[str]]]:
    """For each reachable node: the day the decision there is taken (after the node's own ``days``) → one way
    in (choice IDs from the start). A loop (refused by the structural checks) is followed once."""
    clocks: dict[str, _Clock] = {}
    start = scenario.nodes.get(scenario.start)
    if start is None:
        return {}
    queue: deque[tuple[str, int, list[str]]] = deque([(scenario.start, start.days, [])])
    seen: set[tuple[str, int]] = set()
    while queue:
        node_id, day, way = queue.popleft()
        if (node_id, day) in seen:
            continue
        seen.add((node_id, day))
        clock = clocks.setdefault(node_id, _Clock())
        clock.ways.setdefault(day, way)
        for choice in scenario.nodes[node_id].choices:
            target = scenario.nodes.get(choice.goto)
            if target is None:
                continue  # an ending, or a broken link (STR003)
            queue.append((choice.goto, day + _choice_days(choice) + target.days, [*way, choice.id]))
    return {node_id: clock.ways for node_id, clock in clocks.items()}


def _way(steps: list[str]) -> str:
    return " → ".join(steps) if steps else "starten"


def check_clock(scenario: Scenario, marks: MarkTable | None, path: str) -> list[Problem]:
    """The clock warnings (CLK001–CLK003) for one scenario, in file order."""
    problems: list[Problem] = []

    def warn(where: DataPath, code: str, message: str) -> None:
        line, col = marks.key_at(where) if marks else (1, 1)
        problems.append(Problem(path, line, col, code, message, WARNING))

    arrivals = arrival_days(scenario)
    before: dict[str, set[str]] = {}
    for node_id, node in scenario.nodes.items():
        for choice in node.choices:
            before.setdefault(choice.goto, set()).add(node_id)
    for node_id, days in arrivals.items():
        # warned where the ways disagree first, not again at every node after that
        inherited = all(len(arrivals.get(p, {})) > 1 for p in before.get(node_id, ()))
        if len(days) > 1 and not inherited:
            first, last = min(days), max(days)
            warn(
                ("nodes", node_id),
                "CLK001",
                f"noden «{node_id}» nås på ulike dager: dag {first} via {_way(days[first])}, dag {last} via "
                f"{_way(days[last])}. La tiden gå likt på alle veier inn (sett `days` på noden i stedet for på "
                "valgene), ellers blir fristene vurdert ulikt for samme sted i historien",
            )
    incoming: dict[str, list[Choice]] = {}
    for node_id, node in scenario.nodes.items():
        for index, choice in enumerate(node.choices):
            incoming.setdefault(choice.goto, []).append(choice)
            waits = [action for action in choice.actions if isinstance(action, a.Wait)]
            target = scenario.nodes.get(choice.goto)
            if waits and (choice.days or (target is not None and target.days)):
                extra = (
                    f"valget har også `days: {choice.days}`"
                    if choice.days
                    else (f"noden «{choice.goto}» har også `days: {target.days}`" if target is not None else "")
                )
                warn(
                    ("nodes", node_id, "choices", index),
                    "CLK002",
                    f"valg {index + 1} («{choice.id}») venter {sum(w.days for w in waits)} dager, og {extra}: "
                    "blir tiden telt to ganger? Bruk én av dem",
                )
    for node_id, node in scenario.nodes.items():
        into = incoming.get(node_id, [])
        if node.days or not into or any(_choice_days(choice) for choice in into):
            continue  # the clock moves on the way in (or nobody comes here): whatever the text says is fine
        said = time_passed(f"{node.title or ''}\n{node.text[:300]}")
        if said is not None:
            warn(
                ("nodes", node_id),
                "CLK003",
                f"teksten i «{node_id}» sier at tid har gått («{said}»), men klokka står stille: sett "
                f"`days:` på noden, så frister og «samme dag» blir vurdert etter historien",
            )
    return sorted(problems, key=lambda p: (p.line, p.col, p.code))
