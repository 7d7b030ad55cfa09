"""Cold start to the first interactive screen: the app with the bundled library vs a bare Textual app.

Each measurement is a fresh Python process that imports everything, runs the app headless and exits after
the first frame, so import time and start-up work are counted exactly as a user meets them. Peak memory
is the child's max RSS. Both apps are measured side by side in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HELLO = """
from textual.app import App
from textual.widgets import Label
class Hello(App):
    def compose(self):
        yield Label("Hei")
async def first_frame(pilot):
    await pilot.pause()
    pilot.app.exit()
Hello().run(headless=True, auto_pilot=first_frame)
"""

BTI = """
from trainer.ui.app import TrainerApp
async def first_frame(pilot):
    await pilot.pause()
    pilot.app.exit()
TrainerApp().run(headless=True, auto_pilot=first_frame)
"""


def _measure(code: str, env: dict[str, str]) -> tuple[float, int]:
    """(seconds, peak RSS in KiB) for one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "start-up failed")
    return elapsed, usage.ru_maxrss


def run(repeats: int = 7) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": data}
        first_ever, _ = _measure(BTI, env)  # builds the library index cache
        hello, bti = [], []
        for _ in range(repeats):  # interleaved, so machine noise hits both alike
            hello.append(_measure(HELLO, env))
            bti.append(_measure(BTI, env))
    h_time = statistics.median(t for t, _ in hello)
    b_time = statistics.median(t for t, _ in bti)
    h_mem = max(m for _, m in hello)
    b_mem = max(m for _, m in bti)
    return [
        ("cold start: bare Textual hello-world", f"{h_time * 1000:.0f} ms, {h_mem / 1024:.0f} MiB", "(baseline)"),
        ("cold start: BTI-trener, bundled library", f"{b_time * 1000:.0f} ms ({b_time / h_time:.2f}×), "
         f"{b_mem / 1024:.0f} MiB ({b_mem / h_mem:.2f}×)", "≤ 1.3× time, ≤ 1.5× memory"),
        ("first start ever (builds the index cache)", f"{first_ever * 1000:.0f} ms", "(no target)"),
    ]
