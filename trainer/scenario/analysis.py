"""Path analysis of a scenario graph without enumerating paths.

* **Counting** — the number of distinct play-throughs (Python big integers) and how many lead to each
  ending, by dynamic programming over the graph condensed into strongly connected components. A loop that
  can be entered and still reach an ending means infinitely many play-throughs; that is reported, not hidden.
* **Best and worst path** — when a case has at most :data:`EXACT_PATH_LIMIT` play-throughs, every one is
  judged and the best and worst are exact. Otherwise every choice is judged once, after the shortest way
  to its node; the local verdict gives the choice a weight (followed rules up, broken rules down, weighted
  by severity), and a longest/shortest-path DP over the acyclic part of the graph picks the best and worst
  path, which are then judged *in full* so the scorecards shown are the engine's own.
* **Rules** — which rules some choice can break or follow, and which no choice touches.

Everything is linear in nodes + choices, plus one small judgement per distinct choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.engine import judge
from scoring.profile import KommuneProfile, profile_named
from scoring.report import Report
from scoring.rulebook import SEVERITY_WEIGHT, load_rulebook
from scoring.rules import REGISTRY
from trainer.scenario.in_context import judge_choices
from trainer.scenario.model import Scenario
from trainer.scenario.paths import all_paths, shortest_prefixes
from trainer.scenario.steps import follow, trace_of

#: Up to this many play-throughs every path is judged and the best and worst are exact; above it, the DP
#: over per-choice verdicts picks them.
EXACT_PATH_LIMIT = 400

#: A broken critical rule weighs this much more than its severity weight when picking best/worst paths.
CRITICAL_PENALTY = 10

#: Ending «dårlig» weighs like a broken critical rule when picking best/worst paths (it fails the path).
BAD_ENDING_PENALTY = CRITICAL_PENALTY + 3



@dataclass
class ChoiceVerdict:
    """The local verdict on one choice: rules broken and followed at that decision, and its weight."""

    node: str
    choice: str
    broken: dict[str, str] = field(default_factory=dict)
    """rule ID → severity."""
    followed: set[str] = field(default_factory=set)
    weight: int = 0
    """How bad the breaches are (severity weights, a critical one much more); 0 when nothing is broken."""

    def rank(self, strict: bool) -> tuple[int, int]:
        """Ordering for picking the best path. ``strict``: first the fewest and mildest breaches, then the most
        rules followed — so a choice that does many things, one of them wrong, does not outrank the clean one.
        Otherwise one balance of the two (two points per rule followed), which copes better with breaches
        that a choice's local verdict charges to it although they belong to the whole path."""
        if strict:
            return (-self.weight, len(self.followed))
        return (2 * len(self.followed) - self.weight, 0)


@dataclass
class Analysis:
    """What the analysis found."""

    scenario_id: str
    nodes: int
    choices: int
    paths: int | None
    """Number of distinct play-throughs; None when a loop makes it infinite."""
    loop_nodes: list[str]
    """Nodes on a loop that can still reach an ending (why ``paths`` is None)."""
    endings: dict[str, int | None]
    """ending ID → number of paths to it (None = infinite); unreachable endings are left out."""
    best_path: list[str]
    worst_path: list[str]
    best: Report | None
    worst: Report | None
    can_break: set[str]
    can_follow: set[str]
    never: set[str]
    verdicts: dict[tuple[str, str], ChoiceVerdict]
    node_worst: dict[str, str | None]
    """node or ending ID → the worst severity that can arise there (a choice at the node, or on the way in)."""
    node_paths: dict[str, int | None] = field(default_factory=dict)
    """node or ending ID → the number of ways to reach it from start (None = infinite, through a loop);
    unreachable ones are left out."""
    weak_passes: list[tuple[list[str], str]] = field(default_factory=list)
    """Paths the engine finds nothing wrong with although they end in a «delvis» or «dårlig» ending, with
    that ending: the story says something went wrong that the verdict does not see (found only when every
    path is judged, see :data:`EXACT_PATH_LIMIT`)."""


def _profile(scenario: Scenario, profile: KommuneProfile | None) -> KommuneProfile:
    if profile is not None:
        return profile
    return profile_named(scenario.profile)


def _sccs(scenario: Scenario) -> list[list[str]]:
    """Strongly connected components of the node graph (iterative Tarjan), in reverse topological order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in scenario.nodes:
        if root in index:
            continue
        work = [(root, iter(scenario.nodes[root].choices))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node_id, children = work[-1]
            advanced = False
            for choice in children:
                target = choice.goto
                if target not in scenario.nodes:
                    continue
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(scenario.nodes[target].choices)))
                    advanced = True
                    break
                if target in on_stack:
                    low[node_id] = min(low[node_id], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node_id])
            if low[node_id] == index[node_id]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node_id:
                        break
                result.append(component)
    return result


def choice_verdicts(scenario: Scenario, profile: KommuneProfile | None = None) -> dict[tuple[str, str], ChoiceVerdict]:
    """Judge every reachable choice once, played after the shortest way to its node (as ``expect`` is checked).

    The verdict is what the engine finds *at that decision*; when the choice ends the case, the whole-case
    rules are included."""
    profile = _profile(scenario, profile)
    book = load_rulebook().with_overrides(profile.rules)
    verdicts: dict[tuple[str, str], ChoiceVerdict] = {}
    for judged in judge_choices(scenario, profile):
        broken: dict[str, str] = {rule_id: book[rule_id].severity for rule_id in judged.broken}
        weight = sum(
            SEVERITY_WEIGHT[sev] + (CRITICAL_PENALTY if sev == "kritisk" else 0) for sev in broken.values()
        )
        verdicts[(judged.node, judged.choice.id)] = ChoiceVerdict(
            judged.node, judged.choice.id, broken, set(judged.followed), weight
        )
    return verdicts


def _extreme_path(
    scenario: Scenario, verdicts: dict[tuple[str, str], ChoiceVerdict], best: bool, strict: bool
) -> list[str]:
    """The path from start to an ending with the best (or worst) total rank (see :meth:`ChoiceVerdict.rank`),
    ignoring back edges."""
    sign = 1 if best else -1
    # a «dårlig» ending fails the path like a critical breach does
    value: dict[str, tuple[tuple[int, int], list[str]] | None] = {
        ending_id: ((-sign * BAD_ENDING_PENALTY if ending.outcome == "dårlig" else 0, 0), [])
        for ending_id, ending in scenario.endings.items()
    }
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = done
    order: list[str] = []
    stack = [(scenario.start, False)]
    while stack:
        node_id, leaving = stack.pop()
        if leaving:
            state[node_id] = 2
            order.append(node_id)
            continue
        if node_id in state or node_id not in scenario.nodes:
            continue
        state[node_id] = 1
        stack.append((node_id, True))
        for choice in scenario.nodes[node_id].choices:
            if choice.goto in scenario.nodes and choice.goto not in state:
                stack.append((choice.goto, False))
    for node_id in order:  # post-order: successors first
        candidates = []
        for choice in scenario.nodes[node_id].choices:
            nxt = value.get(choice.goto)
            if nxt is None:
                continue  # back edge, dead end or a node with no way out
            verdict = verdicts.get((node_id, choice.id))
            rank = verdict.rank(strict) if verdict else (0, 0)
            total = (nxt[0][0] + sign * rank[0], nxt[0][1] + sign * rank[1])
            candidates.append((total, [choice.id, *nxt[1]]))
        value[node_id] = max(candidates, key=lambda c: c[0]) if candidates else None
    found = value.get(scenario.start)
    return found[1] if found else []


_RANK = {"mindre": 1, "alvorlig": 2, "kritisk": 3}


def _worst_severity(scenario: Scenario, verdicts: dict[tuple[str, str], ChoiceVerdict]) -> dict[str, str | None]:
    """The worst severity that can arise at each node (by its choices) and each ending (by the choices into it)."""
    worst: dict[str, str | None] = {}

    def note(place: str, severity: str) -> None:
        if _RANK[severity] > _RANK.get(worst.get(place) or "", 0):
            worst[place] = severity

    for (node_id, choice_id), verdict in verdicts.items():
        goto = scenario.choice(node_id, choice_id).goto  # type: ignore[union-attr]
        for severity in verdict.broken.values():
            note(node_id, severity)
            if scenario.is_ending(goto):
                note(goto, severity)
    return worst


@dataclass
class PathCounts:
    """The pure graph part of the analysis."""

    paths: int | None
    endings: dict[str, int | None]
    loop_nodes: list[str]
    into: dict[str, int | None] = field(default_factory=dict)
    """Ways to reach each reachable node or ending from start (None = infinite)."""


def count_paths(scenario: Scenario) -> PathCounts:
    """Distinct play-throughs and paths per ending, by DP over strongly connected components."""
    components = _sccs(scenario)
    cyclic = {
        i
        for i, comp in enumerate(components)
        if len(comp) > 1 or any(c.goto == comp[0] for c in scenario.nodes[comp[0]].choices)
    }
    # paths from each node to any ending (components come in reverse topological order: successors first)
    out: dict[str, int | None] = {e: 1 for e in scenario.endings}
    reaches: dict[str, bool] = {e: True for e in scenario.endings}
    for i, comp in enumerate(components):
        can = any(reaches.get(c.goto, False) for n in comp for c in scenario.nodes[n].choices)
        for n in comp:
            reaches[n] = can
        if i in cyclic and can:
            for n in comp:
                out[n] = None
            continue
        for n in comp:
            total: int | None = 0
            for choice in scenario.nodes[n].choices:
                sub = out.get(choice.goto, 0)
                if sub is None:
                    total = None
                    break
                total += sub  # type: ignore[operator]
            out[n] = total
    # paths from start to each node (forward, topological order)
    reachable = set(shortest_prefixes(scenario))
    into: dict[str, int | None] = {scenario.start: 1}
    for comp_index in range(len(components) - 1, -1, -1):
        comp = components[comp_index]
        for n in comp:
            if n not in reachable:
                continue
            loop = comp_index in cyclic and reaches.get(n, False)
            if loop:  # round the loop and back: infinitely many ways in
                into[n] = None
            ways = into.get(n, 0)
            for choice in scenario.nodes[n].choices:
                current = into.get(choice.goto, 0)
                if ways is None or current is None or loop:
                    into[choice.goto] = None
                else:
                    into[choice.goto] = current + ways
    endings = {e: into[e] for e in scenario.endings if e in into and e in reachable}
    loop_nodes = sorted(n for i in cyclic for n in components[i] if n in reachable and reaches.get(n))
    reached_into = {n: into.get(n, 0) for n in reachable}
    return PathCounts(paths=out.get(scenario.start), endings=endings, loop_nodes=loop_nodes, into=reached_into)


def analyse(scenario: Scenario, profile: KommuneProfile | None = None) -> Analysis:
    """Count paths and endings, find the best and worst path, and the rules in reach."""
    profile = _profile(scenario, profile)
    counts = count_paths(scenario)
    verdicts = choice_verdicts(scenario, profile)

    def full(path: list[str]) -> Report | None:
        if not path:
            return None
        followed = follow(scenario, path)
        if followed is None or followed[1] not in scenario.nodes and followed[1] not in scenario.endings:
            return None
        nodes, position = followed
        return judge(trace_of(scenario, nodes, path), profile, complete=scenario.is_ending(position))

    best: Report | None
    worst: Report | None
    every = all_paths(scenario, EXACT_PATH_LIMIT) if counts.paths is not None else None
    weak_passes: list[tuple[list[str], str]] = []
    if every:
        judged = [(path, report) for path in every if (report := full(path)) is not None]
        for path, report in judged:
            followed = follow(scenario, path)
            end = followed[1] if followed is not None else None
            weak = end in scenario.endings and scenario.endings[end].outcome != "god"
            if weak and end is not None and report.passed and not report.violations:
                weak_passes.append((path, end))
        (best_path, best), (worst_path, worst) = (
            max(judged, key=lambda pr: (pr[1].passed, pr[1].overall, len(pr[0]))),
            min(judged, key=lambda pr: (pr[1].passed, pr[1].overall, len(pr[0]))),
        )
    else:
        # both rankings propose a path; the engine's verdict on the whole path decides between them
        candidates = [
            (path, report)
            for strict in (True, False)
            for path in (
                _extreme_path(scenario, verdicts, best=True, strict=strict),
                _extreme_path(scenario, verdicts, best=False, strict=strict),
            )
            if (report := full(path)) is not None
        ]
        if candidates:
            (best_path, best), (worst_path, worst) = (
                max(candidates, key=lambda pr: (pr[1].passed, pr[1].overall, len(pr[0]))),
                min(candidates, key=lambda pr: (pr[1].passed, pr[1].overall, len(pr[0]))),
            )
        else:
            best_path, worst_path, best, worst = [], [], None, None
    can_break = {r for v in verdicts.values() for r in v.broken}
    can_follow = {r for v in verdicts.values() for r in v.followed}
    for report in (best, worst):
        if report is not None:
            can_break |= set(report.broken_rules)
            can_follow |= set(report.followed_rules)
    node_worst = _worst_severity(scenario, verdicts)
    return Analysis(
        scenario_id=scenario.id,
        nodes=len(scenario.nodes),
        choices=sum(len(n.choices) for n in scenario.nodes.values()),
        paths=counts.paths,
        loop_nodes=counts.loop_nodes,
        endings=counts.endings,
        best_path=best_path,
        worst_path=worst_path,
        best=best,
        worst=worst,
        can_break=can_break,
        can_follow=can_follow,
        never=set(REGISTRY) - can_break - can_follow,
        verdicts=verdicts,
        node_worst=node_worst,
        node_paths=counts.into,
        weak_passes=weak_passes,
    )
