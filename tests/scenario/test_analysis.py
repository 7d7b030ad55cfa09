"""Path analysis: exact counts without enumeration, loops, endings, best and worst paths."""

from __future__ import annotations

from pathlib import Path

from tests.scenario.generate import layered
from trainer.library import find_scenario
from trainer.scenario.analysis import analyse, count_paths
from trainer.scenario.paths import all_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios" / "eksempler"


def test_counts_match_enumeration_on_a_small_graph() -> None:
    scenario = layered(layers=4, width=3, branching=2)
    counts = count_paths(scenario)
    enumerated = all_paths(scenario, limit=10_000)
    assert enumerated is not None
    assert counts.paths == len(enumerated) == 16
    per_ending = {e: sum(1 for p in enumerated if _ending(scenario, p) == e) for e in scenario.endings}
    assert counts.endings == per_ending


def _ending(scenario, path):  # type: ignore[no-untyped-def]
    node = scenario.start
    for choice_id in path:
        node = scenario.choice(node, choice_id).goto
    return node


def test_exact_big_integer_counts_without_enumeration() -> None:
    scenario = layered(layers=60, width=2, branching=3)
    counts = count_paths(scenario)
    assert counts.paths == 3**60  # far beyond anything that could be enumerated
    assert sum(counts.endings.values()) == 3**60


def test_a_loop_that_can_still_end_means_infinitely_many() -> None:
    counts = count_paths(layered(layers=4, width=2, branching=2, loop=True))
    assert counts.paths is None
    assert "l0-0" in counts.loop_nodes and "l1-0" in counts.loop_nodes
    assert all(n is None for n in counts.endings.values())


def test_best_and_worst_are_judged_in_full() -> None:
    scenario, _ = find_scenario(str(EXAMPLES / "matpakka.yaml"))
    assert scenario is not None
    analysis = analyse(scenario)
    assert analysis.best is not None and analysis.best.passed and analysis.best.overall == 100
    assert analysis.worst is not None and not analysis.worst.passed
    assert "SAM-01" in analysis.worst.broken_rules
    assert analysis.paths == sum(analysis.endings.values())
    assert {"SAM-01", "SAMT-02"} <= analysis.can_break
    assert analysis.node_worst["beslutning"] == "kritisk"
    assert not (analysis.never & (analysis.can_break | analysis.can_follow))
