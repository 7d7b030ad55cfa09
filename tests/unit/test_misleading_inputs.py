"""Small things that mislead (issue 20.7): a FIFO named *.yaml is refused instead of hanging every command,
an invisible Unicode line break does not shift the line numbers after it, and a kommune profile's unknown rule
ID is an error instead of an override that silently does nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.profiles import ProfileError, find_profile
from trainer.scenario.checks import load_checked_scenario
from trainer.scenario.yamlsafe import read_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "eksempler" / "matpakka.yaml"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_by_every_command_that_reads_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "sak.yaml"
    os.mkfifo(fifo)
    [problem] = read_yaml(fifo).problems
    assert problem.code == "IO003" and "ikke en vanlig fil" in problem.message
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "BTI_TRENER_DATA": str(tmp_path)}
    for args in (
        ["validate", str(fifo)], ["play", str(fifo)], ["analyse", str(fifo)], ["graph", str(fifo)],
        ["arshjul", str(fifo)], ["play", str(EXAMPLE), "--profile", str(fifo)],
    ):  # fmt: skip
        out = subprocess.run([sys.executable, "-m", "trainer", *args], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert out.returncode in (1, 2), (args, out.stdout, out.stderr)
        assert "IO003" in out.stdout + out.stderr and "Traceback" not in out.stderr, args


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_an_invisible_line_break_does_not_shift_line_numbers(tmp_path: Path, separator: str) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    title = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    lines[title] += separator
    start = next(n for n, line in enumerate(lines) if line.startswith("start:"))
    lines[start] = "start: finnes-ikke"
    path = tmp_path / "matpakka.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = {p.code: p for p in load_checked_scenario(path).problems}
    assert problems["YAML007"].line == title + 1 and not problems["YAML007"].is_error
    assert problems["STR004"].line == start + 1  # as an editor counts lines


def test_an_unknown_rule_in_a_kommune_profile_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    base = (ROOT / "scoring" / "profiles" / "heim.yaml").read_text(encoding="utf-8")
    path = tmp_path / "min-kommune.yaml"
    path.write_text(base + "rules:\n  VO-01:\n    source: lokal rutine\n  OPL-2:\n    severity: mindre\n", "utf-8")
    with pytest.raises(ProfileError) as caught:
        find_profile(str(path))
    [problem] = caught.value.problems
    assert problem.code == "PRO002" and "«OPL-2»" in problem.message and "«OPL-02»" in problem.message
    assert problem.line == len(base.splitlines()) + 4
    path.write_text(base + "rules:\n  VO-01:\n    source: lokal rutine\n", encoding="utf-8")
    assert find_profile(str(path)).rules["VO-01"].source == "lokal rutine"
