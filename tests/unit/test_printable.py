"""Output that is safe to print (issue 20.6): control characters from a user's file never reach the terminal
raw, one problem stays one line, and ``validate`` flags control characters in texts (STR019)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.printable import printable
from trainer.scenario.checks import load_checked_scenario
from trainer.scenario.problems import Problem

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "eksempler" / "matpakka.yaml"
RAW = ("\x1b", "\x07", "\x00", "\x9b", "\u2028")


def test_control_characters_are_shown_as_escapes() -> None:
    assert printable("rød\x1b[31m\x07\x00") == "rød\\e[31m\\u0007\\u0000"
    assert printable("to\nlinjer\tog\r") == "to\\nlinjer\\tog\\r"
    assert printable("to\nlinjer\tog", keep_newlines=True) == "to\nlinjer\tog"
    assert printable("æøå «sitat» – ok") == "æøå «sitat» – ok"


def test_a_problem_with_a_newline_in_a_value_stays_on_one_line() -> None:
    problem = Problem("sak.yaml", 3, 5, "STR015", "ukjent person «Kari\nsak.yaml:1:1: STR999 falsk»")
    line = problem.format()
    assert "\n" not in line and line.count("sak.yaml:") == 2 and "Kari\\nsak.yaml" in line


@pytest.mark.parametrize("escape", ["\\e[31m", "\\a", "\\x7f", "\\x9b", "\\0"])
def test_validate_flags_a_control_character_in_a_text(tmp_path: Path, escape: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    title_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("title:"))
    lines = text.splitlines()
    lines[title_line - 1] = f'title: "Matpakka {escape}rød"'
    path = tmp_path / "matpakka.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in load_checked_scenario(path).problems if p.code == "STR019"]
    assert [(p.line, p.col, p.is_error) for p in problems] == [(title_line, 8, True)]
    assert "kontrolltegn (\\" in problems[0].format()  # shown as an escape, never raw
    clean = [p for p in load_checked_scenario(EXAMPLE).problems if p.code == "STR019"]
    assert clean == []  # multi-line texts (newlines) are fine


def test_the_cli_never_prints_a_raw_control_character(tmp_path: Path) -> None:
    profile = (ROOT / "scoring" / "profiles" / "heim.yaml").read_text(encoding="utf-8")
    profile = "\n".join('name: "Heim \\e[2J\\a"' if line.startswith("name:") else line for line in profile.splitlines())
    path = tmp_path / "profil.yaml"
    path.write_text(profile + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "play", str(EXAMPLE), "--profile", str(path), "--choose", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "kommuneprofil: Heim \\e[2J\\u0007" in out.stdout
    assert not any(char in out.stdout for char in RAW)
