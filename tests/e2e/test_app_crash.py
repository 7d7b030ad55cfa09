"""Crash safety of a practice session: SIGKILL in the middle of an attempt loses no committed decision.

A child process runs the app's own persistence path (``trainer.services.cases.CaseService``, which the Spill
screen calls for every choice) and reports each decision after it returns; the test kills it hard after
the second decision, then a fresh process — as a restarted app — finds the attempt unfinished, the file
intact, and resumes at the right place. Bounded in time.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "scenarios" / "eksempler"

PLAYER = """
import sys, time
from pathlib import Path
from trainer.services.cases import CaseService
cases = CaseService([Path(sys.argv[1])], Path(sys.argv[2]))
run = cases.start("matpakka", "øving")
for key in ("skriv-ned", "avtal"):
    cases.choose(run, key)
    print("valg", key, flush=True)
time.sleep(60)  # still «playing» when it is killed
"""

RESUMER = """
import sys
from pathlib import Path
from trainer.services.cases import CaseService
cases = CaseService([Path(sys.argv[1])], Path(sys.argv[2]))
[attempt] = cases.unfinished()
run = cases.resume(attempt)
print(run.session.position, ",".join(run.session.path), attempt.decisions)
result = cases.choose(run, "aapent")
print("lagret", result.save_error is None)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_mid_attempt_resumes_where_it_stopped(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-c", PLAYER, str(LIBRARY), str(store)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while len(seen) < 2 and time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line:
                break
            seen.append(line.strip())
        assert seen == ["valg skriv-ned", "valg avtal"], proc.stderr.read() if proc.stderr else ""
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    resumed = subprocess.run([sys.executable, "-c", RESUMER, str(LIBRARY), str(store)], env=env,
                             capture_output=True, text=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    position, path, decisions = resumed.stdout.splitlines()[0].split()
    assert (position, path, decisions) == ("jonas", "skriv-ned,avtal", "2")
    assert resumed.stdout.splitlines()[1] == "lagret True"
