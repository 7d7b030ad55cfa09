"""Path analysis of a generated 4,000-node scenario: the graph DP alone, and with every choice judged."""

from __future__ import annotations

import time


def run() -> list[tuple[str, str, str]]:
    from tests.scenario.generate import layered
    from trainer.scenario.analysis import analyse, count_paths

    scenario = layered(layers=400, width=10, branching=3)
    count_paths(scenario)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        counts = count_paths(scenario)
        runs.append(time.perf_counter() - start)
    graph_ms = min(runs) * 1000
    digits = len(str(counts.paths))
    smaller = layered(layers=40, width=10, branching=3)
    start = time.perf_counter()
    analyse(smaller)
    full_s = time.perf_counter() - start
    return [
        (
            "analyse: 4,000 nodes, 12,000 choices — path DP",
            f"{graph_ms:.1f} ms ({digits}-digit path count)",
            "≤ 100 ms",
        ),
        ("analyse: 400 nodes, every choice judged in context", f"{full_s:.2f} s", "(no target)"),
    ]
