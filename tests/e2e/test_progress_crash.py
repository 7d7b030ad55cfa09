"""A killed app process loses no recorded decision, and several processes can share the progress file."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from trainer.progress import FILE_NAME, ProgressStore

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

WRITER = """
import sys
from trainer.progress import ProgressStore

store = ProgressStore()
aid = store.start_attempt("krasj-scenario", "øving", "standard")
print(f"attempt {aid}", flush=True)
for step in range(1_000_000):
    store.record_decision(aid, step, f"node-{step}", f"valg-{step}")
    print(step, flush=True)
"""

PARALLEL_WRITER = """
import sys
from trainer.progress import ProgressStore

name, count = sys.argv[1], int(sys.argv[2])
with ProgressStore() as store:
    aid = store.start_attempt(f"sc-{name}", "øving", "standard")
    for step in range(count):
        store.record_decision(aid, step, f"{name}-{step}", "x")
    store.finish_attempt(aid, "slutt", True, count, {"samarbeid": count}, [], [f"R-{name}"])
print(aid, flush=True)
"""


def child_env(data: Path) -> dict[str, str]:
    """Environment for a child process: the repo on the path and a private data folder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["BTI_TRENER_DATA"] = str(data)
    return env


def test_sigkill_loses_no_recorded_decision(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(data),
        cwd=tmp_path,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.strip())
        lines.put(None)  # EOF

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    printed: list[str] = []
    try:
        deadline = time.monotonic() + 60
        steps_seen = 0
        while steps_seen < 5:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"child too slow; output so far: {printed}"
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                pytest.fail(f"no output from child within 60 s; output so far: {printed}")
            if line is None:
                stderr = proc.stderr.read() if proc.stderr else ""
                pytest.fail(f"child exited early ({proc.wait(timeout=5)}): {stderr}")
            printed.append(line)
            if line.isdigit():
                steps_seen += 1
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    # Everything the child printed before dying was printed after record_decision returned.
    reader.join(timeout=30)
    while True:
        try:
            line = lines.get_nowait()
        except queue.Empty:
            break
        if line is not None:
            printed.append(line)
    if proc.stdout:
        proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()

    assert printed[0].startswith("attempt ")
    aid = int(printed[0].split()[1])
    steps = [int(line) for line in printed[1:] if line.isdigit()]
    assert len(steps) >= 5
    assert steps == list(range(len(steps)))

    db = data / FILE_NAME
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in raw.execute("SELECT step FROM decisions WHERE attempt_id = ?", (aid,))}
    finally:
        raw.close()
    assert set(steps) <= stored

    with ProgressStore(db) as store:
        unfinished = store.unfinished()
        assert [a.id for a in unfinished] == [aid]
        assert unfinished[0].scenario_id == "krasj-scenario"
        assert unfinished[0].decisions >= len(steps)
        path = store.decision_path(aid)
        for step in steps:
            assert path[step] == (f"node-{step}", f"valg-{step}")
        # and the interrupted attempt can be carried on
        store.record_decision(aid, len(path), "node-videre", "valg-videre")
        assert store.decision_path(aid)[-1] == ("node-videre", "valg-videre")


def test_processes_share_the_progress_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    count = 200
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PARALLEL_WRITER, name, str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(data),
            cwd=tmp_path,
        )
        for name in ("a", "b", "c")
    ]
    results: dict[str, int] = {}
    try:
        for name, proc in zip(("a", "b", "c"), procs, strict=True):
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            results[name] = int(out.strip())
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
    with ProgressStore(data / FILE_NAME) as store:
        for name, aid in results.items():
            assert store.decision_path(aid) == [(f"{name}-{i}", "x") for i in range(count)]
        assert {a.id for a in store.attempts()} == set(results.values())
        assert store.unfinished() == []
        assert store.rule_counts() == [("R-a", 0, 1), ("R-b", 0, 1), ("R-c", 0, 1)]
