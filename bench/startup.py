"""Cold start to the first interactive screen: the app with the bundled library vs a bare Textual app.

Each measurement is a fresh Python process that imports everything, runs the app headless and exits right
after its first rendered frame (both apps the same way), so import time and start-up work are counted as a
user meets them. A second figure waits until BTI-trener is idle — the library indexed and the progress store
opened in the background. Peak memory is the child's max RSS. All are measured interleaved in one run.

Our own modules are compiled to bytecode first, as ``pip install`` does for an installed app (and as Textual's
already are): otherwise a machine with ``PYTHONDONTWRITEBYTECODE`` set would compile BTI-trener from source on
every start and the comparison would measure the compiler.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import compile_ours

ROOT = Path(__file__).resolve().parents[1]

#: Exit right after the first frame is rendered (the screen is on and takes keys) …
FIRST_FRAME = """
async def stop(pilot):
    pilot.app.call_after_refresh(pilot.app.exit)
"""
#: … or only once the app is idle (for BTI-trener: the library indexed and the progress store open).
IDLE = """
async def stop(pilot):
    await pilot.pause()
    pilot.app.exit()
"""

HELLO = """
from textual.app import App
from textual.widgets import Label
class Hello(App):
    def compose(self):
        yield Label("Hei")
Hello().run(headless=True, auto_pilot=stop)
"""

BTI = """
from trainer.ui.app import TrainerApp
TrainerApp().run(headless=True, auto_pilot=stop)
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
    compile_ours()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": data}
        first_ever, _ = _measure(IDLE + BTI, env)  # builds the library index cache
        hello, bti, idle = [], [], []
        for _ in range(repeats):  # interleaved, so machine noise hits both alike
            hello.append(_measure(FIRST_FRAME + HELLO, env))
            bti.append(_measure(FIRST_FRAME + BTI, env))
            idle.append(_measure(IDLE + BTI, env))
    h_time = statistics.median(t for t, _ in hello)
    b_time = statistics.median(t for t, _ in bti)
    i_time = statistics.median(t for t, _ in idle)
    h_mem = max(m for _, m in hello)
    b_mem = max(m for _, m in bti + idle)
    return [
        ("cold start: bare Textual hello-world", f"{h_time * 1000:.0f} ms, {h_mem / 1024:.0f} MiB", "(baseline)"),
        ("cold start: BTI-trener to its first frame", f"{b_time * 1000:.0f} ms ({b_time / h_time:.2f}×), "
         f"{b_mem / 1024:.0f} MiB ({b_mem / h_mem:.2f}×)", "≤ 1.3× time, ≤ 1.5× memory"),
        ("cold start: BTI-trener until idle (library indexed)", f"{i_time * 1000:.0f} ms ({i_time / h_time:.2f}×)",
         "(no target)"),
        ("first start ever (builds the index cache)", f"{first_ever * 1000:.0f} ms", "(no target)"),
    ]
