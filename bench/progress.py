"""Recording 10,000 decisions in the progress store, each committed as it happens (as the app does)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def run() -> list[tuple[str, str, str]]:
    from trainer.progress import ProgressStore

    with tempfile.TemporaryDirectory() as tmp, ProgressStore(Path(tmp) / "progress.sqlite3") as store:
        attempts = [store.start_attempt(f"sak-{i}", "øving", "standard") for i in range(100)]
        start = time.perf_counter()
        for step in range(100):
            for attempt in attempts:
                store.record_decision(attempt, step, f"node-{step}", "valg")
        elapsed = time.perf_counter() - start
    per = elapsed / 10_000 * 1e6
    return [
        ("progress: record 10,000 decisions (one commit each)", f"{elapsed:.2f} s ({per:.0f} µs each)", "(no target)")
    ]
