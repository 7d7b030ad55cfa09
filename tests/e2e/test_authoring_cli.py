"""Authoring commands end to end: new, walk, analyse, graph (subprocess, as a trainer runs them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(
    *args: str, cwd: Path = ROOT, stdin: str | None = None, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if tmp is not None:
        env["BTI_TRENER_DATA"] = str(tmp / "data")
    return subprocess.run([sys.executable, "-m", "trainer", *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_new_from_flags_is_valid_but_for_its_placeholders_and_refuses_to_overwrite(tmp_path: Path) -> None:
    args = (
        "new",
        "--id",
        "ny-sak",
        "--title",
        "Ny sak",
        "--theme",
        "samtykke",
        "--role",
        "skole",
        "--age-band",
        "6-12",
    )
    first = cli(*args, cwd=tmp_path, tmp=tmp_path)
    assert first.returncode == 0, first.stderr
    path = tmp_path / "ny-sak.yaml"
    assert path.is_file() and (tmp_path / "scenario.schema.json").is_file()
    check = cli("validate", str(path), tmp=tmp_path)
    # an untouched skeleton is not a case yet: its one error says where the placeholders are
    assert check.returncode == 1 and check.stdout.count("STR017") == 1, check.stdout
    text = path.read_text(encoding="utf-8").replace("SKRIV-", "").replace("SKRIV:", "").replace("SKRIV", "")
    path.write_text(text, encoding="utf-8")
    filled = cli("validate", str(path), tmp=tmp_path)
    assert filled.returncode == 0 and "STR017" not in filled.stdout, filled.stdout
    again = cli(*args, cwd=tmp_path, tmp=tmp_path)
    assert again.returncode == 2 and "finnes allerede" in again.stderr


def test_new_asks_questions_when_flags_are_missing(tmp_path: Path) -> None:
    result = cli("new", cwd=tmp_path, stdin="Gravid og redd\n\nvold-overgrep\njordmor\ngravid\n", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "gravid-og-redd.yaml").read_text(encoding="utf-8")
    assert "role: jordmor" in text and "pregnant: true" in text


def test_new_rejects_bad_flags(tmp_path: Path) -> None:
    result = cli("new", "--id", "X Y", "--title", "t", "--theme", "undring", "--role", "skole", "--age-band", "0-6",
                 cwd=tmp_path, tmp=tmp_path)
    assert result.returncode == 2 and "ID" in result.stderr and "Traceback" not in result.stderr


def test_walk_over_the_bundled_library_finds_no_crash(tmp_path: Path) -> None:
    result = cli("walk", "--runs", "15", "--seed", "7", tmp=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "0 krasj" in result.stdout and "Traceback" not in result.stderr
    assert "VO-02" in result.stdout


def test_coverage_tells_modules_trained_by_rules_from_those_trained_through_discussion(tmp_path: Path) -> None:
    examples = str(ROOT / "scenarios" / "eksempler")
    data = json.loads(cli("coverage", examples, "--format", "json", tmp=tmp_path).stdout)
    assert data["modules_through_discussion"] == ["konsekvenser-risiko", "holdninger"]
    assert all(data["modules_by_rules"][m] == 0 for m in data["modules_through_discussion"])
    assert data["modules_by_rules"]["taushetsplikt-samhandling"] == 2  # TP-01 judges both examples
    text = cli("coverage", examples, tmp=tmp_path).stdout
    row = next(line for line in text.splitlines() if line.startswith("Holdninger"))
    assert " R" not in row and " d" in row  # declared by a case, judged by no rule
    assert "Ingen regel vurderer «Konsekvenser ved å vokse opp i risiko» og «Holdninger»" in text


def test_analyse_and_graph(tmp_path: Path) -> None:
    example = str(ROOT / "scenarios" / "eksempler" / "koppen-som-flaug.yaml")
    analysis = cli("analyse", example, tmp=tmp_path)
    assert analysis.returncode == 0
    assert "92 mulige gjennomspillinger" in analysis.stdout
    assert "beste sti: lytt,skriv-ordrett,meld-selv,som-vanlig,taus,trygg-henne → 100 poeng, bestått" in analysis.stdout
    mermaid = cli("graph", example, tmp=tmp_path)
    assert mermaid.stdout.startswith("flowchart TD") and "style" in mermaid.stdout
    dot = cli("graph", example, "--format", "dot", tmp=tmp_path)
    assert dot.stdout.startswith('digraph "koppen-som-flaug"') and "#f4a7a7" in dot.stdout


@pytest.mark.parametrize(("command", "args", "said"), [
    ("coverage", ["finnes-ikke"], "fant ikke «finnes-ikke»"),
    ("walk", ["finnes-ikke"], "fant ikke «finnes-ikke»"),
    ("validate", ["finnes-ikke"], "fant ikke «finnes-ikke»"),
    ("arshjul", ["--library", "finnes-ikke"], "fant ikke biblioteket «finnes-ikke»"),
])
def test_a_path_that_does_not_exist_is_a_usage_error_in_norwegian(
    command: str, args: list[str], said: str, tmp_path: Path
) -> None:
    done = cli(command, *args, cwd=tmp_path, tmp=tmp_path)
    assert done.returncode == 2
    assert f"bti-trener {command}: {said}" in done.stderr and "Traceback" not in done.stderr
