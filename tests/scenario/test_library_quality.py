"""The library report (``bti-trener kvalitet``): computed right on a small case, and the bundled library held to
its targets — the best option is not given away by its length, pressing 1 everywhere passes no case, and random
play rarely passes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.library import Library
from trainer.library_quality import MAX_BEST_IS_LONGEST, MAX_RANDOM_PASS, case_quality, library_quality
from trainer.scenario.load import load_scenario
from trainer.scenario.model import Scenario
from trainer.session import Session

ROOT = Path(__file__).resolve().parents[2]
GROUP_CASE = ROOT / "tests/workshop/data/gruppesak.yaml"  # option 1 is best at both decisions


def _load(path: Path) -> Scenario:
    scenario = load_scenario(path).value
    assert scenario is not None
    return scenario


def _every_play(scenario: Scenario) -> list[tuple[list[str], float]]:
    """Each play-through as choice IDs with its probability, walked with the app's own session."""
    plays: list[tuple[list[str], float]] = []

    def walk(path: list[str], probability: float) -> None:
        session, _ = Session.resume(scenario, path)
        if session.finished:
            plays.append((path, probability))
            return
        options = session.choices()
        for choice in options:
            walk([*path, choice.id], probability / len(options))

    walk([], 1.0)
    return plays


def test_random_pass_rate_is_the_probability_of_the_passing_plays() -> None:
    scenario = _load(GROUP_CASE)
    quality = case_quality(scenario)
    plays = _every_play(scenario)
    expected = sum(p for path, p in plays if Session.resume(scenario, path)[0].report().passed)
    assert quality.exact and quality.plays == len(plays) == 5
    assert quality.random_pass_rate == pytest.approx(expected)
    assert 0 < expected < 1  # the case has passing and failing plays, so the sum tests something


def test_first_option_and_best_positions_in_file_order() -> None:
    scenario = _load(GROUP_CASE)
    quality = case_quality(scenario)
    assert quality.first_option_passes  # «observer», then «apent»: the good ending
    assert Session.resume(scenario, ["observer", "apent"])[0].report().passed
    assert [(d.node, d.best) for d in quality.decisions] == [("morgen", (1,)), ("samtale", (1,))]
    assert quality.best_first == 2
    # at «samtale» the best option («Fortell meg om helgen din.») is also the longer text
    assert [d.best_is_longest for d in quality.decisions] == [False, True]
    report = library_quality([scenario])
    assert report.first_option_passes == ["gruppesak"]
    assert any("nr. 1 overalt" in line for line in report.missed_targets())


def test_sampled_when_too_many_plays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trainer.library_quality.EXACT_LIMIT", 3)
    monkeypatch.setattr("trainer.library_quality.SAMPLES", 600)
    quality = case_quality(_load(GROUP_CASE))
    assert not quality.exact and quality.plays == 600
    assert quality.random_pass_rate == pytest.approx(1 / 3, abs=0.07)  # exact value 1/3 (the test above)


def test_bundled_library_cannot_be_gamed() -> None:
    scenarios, broken = Library().playable()
    assert not broken and len(scenarios) >= 46
    report = library_quality(scenarios)
    assert report.best_longest_share <= MAX_BEST_IS_LONGEST
    assert report.first_option_passes == []
    too_easy = {
        c.scenario_id: round(c.random_pass_rate, 3) for c in report.cases if c.random_pass_rate > MAX_RANDOM_PASS
    }
    assert too_easy == {}
    assert report.missed_targets() == []
    # every case has a best option somewhere other than first, so file order alone would not teach position
    assert all(c.best_first < len(c.decisions) for c in report.cases if len(c.decisions) > 1)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "trainer", "kvalitet", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def test_cli_exits_1_and_names_the_missed_target() -> None:
    out = _cli(str(GROUP_CASE))
    assert out.returncode == 1, out.stdout + out.stderr
    assert "Ikke nådd: å velge nr. 1 overalt består: gruppesak" in out.stdout
    assert "Traceback" not in out.stderr


def test_cli_json_and_a_library_that_meets_the_targets() -> None:
    out = _cli("--format", "json", "scenarios/eksempler")
    assert out.returncode == 0, out.stdout + out.stderr
    data = json.loads(out.stdout)
    assert data["missed_targets"] == [] and {c["id"] for c in data["cases"]} == {"koppen-som-flaug", "matpakka"}
    assert all(0 <= c["random_pass_rate"] <= MAX_RANDOM_PASS for c in data["cases"])


def test_cli_refuses_a_missing_path() -> None:
    out = _cli("finnes-ikke")
    assert out.returncode == 2 and "fant ikke «finnes-ikke»" in out.stderr

