"""Can the library be gamed? Where the best option stands, whether it is the longest text, whether pressing 1
everywhere passes, and how often a player who picks at random passes.

Every play-through of a case is judged in full by the engine (the same :func:`scoring.engine.judge_timeline`
the debrief uses), each weighted by its probability under uniform random choice, so the random pass rate is
exact. A case with more than :data:`EXACT_LIMIT` play-throughs is sampled instead (:data:`SAMPLES` plays with
a fixed seed, so the report is repeatable).

The targets the bundled library is held to (``tests/scenario/test_library_quality.py``) are the constants
below; ``bti-trener kvalitet`` prints the report.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from scoring.engine import judge_timeline
from scoring.profile import KommuneProfile, profile_named
from scoring.rulebook import load_rulebook
from scoring.timeline import Timeline, begin, extend
from trainer.scenario.model import Scenario
from trainer.scenario.steps import step_of

#: Above this many play-throughs a case is sampled rather than enumerated.
EXACT_LIMIT = 20_000
#: Plays sampled for a case too large to enumerate.
SAMPLES = 1_000
#: The bundled library's targets (issue «A library that cannot be gamed»).
MAX_BEST_IS_LONGEST = 0.40
"""At most this share of decisions may have a best option that is also the longest text."""
MAX_RANDOM_PASS = 0.15
"""In every case, a player who picks uniformly at random may pass at most this often."""


@dataclass(frozen=True)
class Decision:
    """One decision point of a case: where its best option stands in file order and whether it is the longest."""

    node: str
    """Node ID."""
    options: int
    """How many options it offers."""
    best: tuple[int, ...]
    """1-based file positions of the best options (more than one when they tie): those on the best play-through
    through this node — one that passes, then the best ending for the child, then the highest score."""
    best_is_longest: bool
    """A best option is also the option with the longest text."""


@dataclass
class CaseQuality:
    """The gaming report for one case."""

    scenario_id: str
    """The case."""
    title: str
    """Its title."""
    plays: int
    """Play-throughs judged (every one when ``exact``, else the sample)."""
    exact: bool
    """Every play-through was judged (the random pass rate is exact)."""
    decisions: list[Decision] = field(default_factory=list)
    """The decision points (nodes with two or more options)."""
    first_option_passes: bool = False
    """Choosing option 1 (file order) at every decision passes."""
    random_pass_rate: float = 0.0
    """Probability that uniformly random choices pass."""

    @property
    def best_first(self) -> int:
        """Decisions where a best option is option 1 in file order."""
        return sum(1 in d.best for d in self.decisions)

    @property
    def best_longest(self) -> int:
        """Decisions where a best option is also the longest text."""
        return sum(d.best_is_longest for d in self.decisions)


@dataclass
class LibraryQuality:
    """The gaming report for a library."""

    cases: list[CaseQuality]
    """One per case."""

    @property
    def decisions(self) -> int:
        """Decision points in all."""
        return sum(len(c.decisions) for c in self.cases)

    @property
    def best_first_share(self) -> float:
        """Share of decisions whose best option is option 1 in file order."""
        return sum(c.best_first for c in self.cases) / self.decisions if self.decisions else 0.0

    @property
    def best_longest_share(self) -> float:
        """Share of decisions whose best option is the longest text."""
        return sum(c.best_longest for c in self.cases) / self.decisions if self.decisions else 0.0

    @property
    def first_option_passes(self) -> list[str]:
        """Cases that pressing 1 everywhere passes."""
        return [c.scenario_id for c in self.cases if c.first_option_passes]

    @property
    def random_too_easy(self) -> list[str]:
        """Cases where random play passes more often than :data:`MAX_RANDOM_PASS`."""
        return [c.scenario_id for c in self.cases if c.random_pass_rate > MAX_RANDOM_PASS]

    def missed_targets(self) -> list[str]:
        """The targets this library misses, in Norwegian (empty when it meets them all)."""
        missed = []
        if self.best_longest_share > MAX_BEST_IS_LONGEST:
            missed.append(
                f"beste valg er den lengste teksten i {self.best_longest_share:.0%} av beslutningene "
                f"(mål: høyst {MAX_BEST_IS_LONGEST:.0%})"
            )
        if self.first_option_passes:
            missed.append("å velge nr. 1 overalt består: " + ", ".join(self.first_option_passes))
        if self.random_too_easy:
            missed.append(
                f"tilfeldige valg består oftere enn {MAX_RANDOM_PASS:.0%} av gangene: "
                + ", ".join(self.random_too_easy)
            )
        return missed

    def to_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return {
            "decisions": self.decisions,
            "best_first_share": round(self.best_first_share, 3),
            "best_longest_share": round(self.best_longest_share, 3),
            "first_option_passes": self.first_option_passes,
            "random_too_easy": self.random_too_easy,
            "targets": {"best_longest_share_max": MAX_BEST_IS_LONGEST, "random_pass_rate_max": MAX_RANDOM_PASS},
            "missed_targets": self.missed_targets(),
            "cases": [
                {
                    "id": c.scenario_id,
                    "title": c.title,
                    "plays": c.plays,
                    "exact": c.exact,
                    "decisions": len(c.decisions),
                    "best_first": c.best_first,
                    "best_longest": c.best_longest,
                    "best_positions": [list(d.best) for d in c.decisions],
                    "first_option_passes": c.first_option_passes,
                    "random_pass_rate": round(c.random_pass_rate, 4),
                }
                for c in self.cases
            ],
        }


_ENDING_RANK = {"god": 2, "delvis": 1, "dårlig": 0}


@dataclass(frozen=True)
class _Play:
    """One judged play-through."""

    path: tuple[tuple[str, str], ...]
    """(node, choice) at each decision."""
    probability: float
    """Its probability under uniform random choice."""
    passed: bool
    """The engine passed it."""
    ending: int
    """How the ending went for the child: 2 god, 1 delvis, 0 dårlig."""
    overall: int
    """The engine's score."""


_PathPlay = tuple[tuple[tuple[str, str], ...], float, Timeline]
"""A play-through: (node, choice) at each decision, its probability, and its replayed timeline."""


def _plays(scenario: Scenario, profile: KommuneProfile) -> Iterator[_PathPlay]:
    """Every play-through to an ending, depth first, with its probability and its replayed timeline (each
    prefix replayed once)."""
    stack: list[tuple[str, tuple[tuple[str, str], ...], float, Timeline]] = [
        (scenario.start, (), 1.0, begin(scenario.context(), profile))
    ]
    while stack:
        node_id, path, probability, timeline = stack.pop()
        node = scenario.nodes[node_id]
        share = probability / len(node.choices)
        for choice in reversed(node.choices):
            step = step_of(node_id, node, choice)
            walked = (*path, (node_id, choice.id))
            if choice.goto in scenario.endings:
                outcome = scenario.endings[choice.goto].outcome
                yield walked, share, extend(timeline, [step], complete=True, outcome=outcome)
            else:
                stack.append((choice.goto, walked, share, extend(timeline, [step], complete=False)))


def _count_plays(scenario: Scenario, limit: int) -> int:
    """Play-throughs to an ending (stops counting above ``limit``)."""
    memo: dict[str, int] = {}

    def count(node_id: str) -> int:
        if node_id in scenario.endings:
            return 1
        if node_id not in memo:
            memo[node_id] = 0  # a loop (refused by the structural checks) counts as nothing
            memo[node_id] = min(limit + 1, sum(count(c.goto) for c in scenario.nodes[node_id].choices))
        return memo[node_id]

    return count(scenario.start)


def _sampled(scenario: Scenario, profile: KommuneProfile, samples: int) -> Iterator[_PathPlay]:
    """``samples`` uniformly random play-throughs (fixed seed), each with weight 1/samples."""
    rng = random.Random(f"{scenario.id}:{samples}")
    for _ in range(samples):
        node_id, path, steps = scenario.start, [], []
        while node_id not in scenario.endings:
            node = scenario.nodes[node_id]
            choice = rng.choice(node.choices)
            path.append((node_id, choice.id))
            steps.append(step_of(node_id, node, choice))
            node_id = choice.goto
        outcome = scenario.endings[node_id].outcome
        timeline = extend(begin(scenario.context(), profile), steps, complete=True, outcome=outcome)
        yield tuple(path), 1 / samples, timeline


def case_quality(scenario: Scenario, profile: KommuneProfile | None = None) -> CaseQuality:
    """The gaming report for one case (judged under its own kommune profile unless one is given)."""
    profile = profile or profile_named(scenario.profile)
    book = load_rulebook()
    exact = _count_plays(scenario, EXACT_LIMIT) <= EXACT_LIMIT
    source = _plays(scenario, profile) if exact else _sampled(scenario, profile, SAMPLES)
    plays = []
    for path, probability, timeline in source:
        report = judge_timeline(timeline, book)
        ending = _ENDING_RANK.get(timeline.outcome or "", 0)
        plays.append(_Play(path, probability, bool(report.passed), ending, report.overall or 0))
    quality = CaseQuality(scenario.id, scenario.title, len(plays), exact)
    quality.random_pass_rate = sum(p.probability for p in plays if p.passed)
    first_path = _first_option_path(scenario)
    quality.first_option_passes = (
        any(p.path == first_path and p.passed for p in plays) if exact else _passes(scenario, profile, first_path)
    )
    best: dict[tuple[str, str], tuple[bool, int, int]] = {}
    for play in plays:
        value = (play.passed, play.ending, play.overall)  # a pass first, then a better ending, then the score
        for key in play.path:
            if key not in best or value > best[key]:
                best[key] = value
    for node_id, node in scenario.nodes.items():
        if len(node.choices) < 2:
            continue
        values = [best.get((node_id, c.id)) for c in node.choices]
        known = [v for v in values if v is not None]
        if not known:
            continue  # not reached by any sampled play
        top = max(known)
        positions = tuple(i for i, v in enumerate(values, 1) if v == top)
        longest = max(len(c.text) for c in node.choices)
        quality.decisions.append(
            Decision(
                node_id, len(node.choices), positions, any(len(node.choices[i - 1].text) == longest for i in positions)
            )
        )
    return quality


def _first_option_path(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """The path of a player who takes option 1 (file order) at every decision."""
    path, node_id, seen = [], scenario.start, set()
    while node_id in scenario.nodes and node_id not in seen:
        seen.add(node_id)
        choice = scenario.nodes[node_id].choices[0]
        path.append((node_id, choice.id))
        node_id = choice.goto
    return tuple(path)


def _passes(scenario: Scenario, profile: KommuneProfile, path: tuple[tuple[str, str], ...]) -> bool:
    """The engine passes this play-through."""
    steps = [step_of(n, scenario.nodes[n], scenario.choice(n, c)) for n, c in path]  # type: ignore[arg-type]
    end = scenario.choice(*path[-1]).goto if path else scenario.start  # type: ignore[union-attr]
    if end not in scenario.endings:
        return False
    timeline = extend(begin(scenario.context(), profile), steps, complete=True, outcome=scenario.endings[end].outcome)
    return bool(judge_timeline(timeline).passed)


def library_quality(
    scenarios: list[Scenario], on_case: Callable[[int, int, Scenario], None] | None = None
) -> LibraryQuality:
    """The gaming report for every case given; ``on_case(number, total, scenario)`` is called before each
    case is judged (for a progress line)."""
    cases = []
    for number, scenario in enumerate(scenarios, 1):
        if on_case is not None:
            on_case(number, len(scenarios), scenario)
        cases.append(case_quality(scenario))
    return LibraryQuality(cases)
