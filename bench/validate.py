"""`validate` over 1,000 realistic scenario files vs a bare ``yaml.CSafeLoader`` parse of the same files.

The files are the bundled library's cases copied under new IDs (so every one is a real, rich case with its
``expect`` annotations). Measured side by side in one run: the bare parse; our safe YAML reader alone; the
reader + schema + structural checks; and the ``validate`` command itself (adds the anonymisation lint and
plays every ``expect`` annotation through the rules engine), in one process and with ``--jobs 0``. The
command is timed as a user runs it: a new process, start-up included. Each figure is the median of three
runs, taken in turn.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench import compile_ours

ROOT = Path(__file__).resolve().parents[1]
COUNT = 1000


def _generate(folder: Path) -> list[Path]:
    from trainer.library_files import discover

    sources = [p for p in discover([ROOT / "scenarios"]) if "eksempler" not in p.parts]
    files = []
    for i in range(COUNT):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8")
        new_id = f"{source.stem}-{i:04d}"
        text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
        path = folder / f"{new_id}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _each(files: list[Path], fn: Callable[[Path], object]) -> None:
    for path in files:
        fn(path)


def run(repeats: int = 3) -> list[tuple[str, str, str]]:
    from trainer.scenario.checks import load_checked_scenario
    from trainer.scenario.yamlsafe import read_yaml

    compile_ours()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = _generate(folder)
        load_checked_scenario(files[0])  # import and build the models once, as a CLI process would
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": tmp}
        cmd = [sys.executable, "-m", "trainer", "validate", str(folder)]
        measured = {  # each result is dropped at once (kept, 1,000 parsed files would slow the collector)
            "bare": lambda: _each(files, lambda p: yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)),
            "reader": lambda: _each(files, read_yaml),
            "ours": lambda: _each(files, load_checked_scenario),
            "one": lambda: subprocess.run([*cmd, "-j", "1"], env=env, capture_output=True, check=True),
            "jobs": lambda: subprocess.run([*cmd, "-j", "0"], env=env, capture_output=True, check=True),
        }
        times: dict[str, list[float]] = {name: [] for name in measured}
        for _ in range(repeats):  # interleaved, so machine noise hits all alike; the median of each is kept
            for name, fn in measured.items():
                times[name].append(_time(fn))
    bare, reader, ours, one, jobs = (statistics.median(times[name]) for name in measured)
    cores = os.cpu_count() or 1
    return [
        ("validate: bare CSafeLoader parse, 1,000 files", f"{bare:.2f} s", "(baseline)"),
        (
            "validate: our safe YAML reader (positions on demand)",
            f"{reader:.2f} s ({reader / bare:.2f}×)",
            "(part of it)",
        ),
        ("validate: reader + schema + structure", f"{ours:.2f} s ({ours / bare:.2f}×)", "(part of it)"),
        ("validate CLI (+ lint, every expect vs engine)", f"{one:.2f} s ({one / bare:.2f}×)", "≤ 1.3×"),
        (f"validate CLI --jobs 0 ({cores} cores)", f"{jobs:.2f} s ({jobs / bare:.2f}×)", "≤ 0.8×"),
    ]
