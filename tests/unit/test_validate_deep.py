"""`validate --deep`: the path analysis of each file that loads cleanly, its ANA warnings, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main
from trainer.scenario import validate as pipeline

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "data" / "valid" / "tre-noder.yaml"
BROKEN = ROOT / "tests" / "data" / "broken" / "str006-blindvei.yaml"


DEEP = ROOT / "tests" / "data" / "deep" / "svak.yaml"


def test_a_case_whose_worst_path_passes_gets_ana002() -> None:
    problems, analysis = pipeline.deep_check(DEEP, "svak.yaml")
    assert analysis is not None and analysis.paths == 2
    assert ("ANA002", "advarsel") in [(p.code, p.severity) for p in problems]


def test_a_case_whose_worst_path_fails_has_no_ana_warning() -> None:
    problems, analysis = pipeline.deep_check(VALID, "tre-noder.yaml")
    assert analysis is not None and analysis.paths == 4
    assert problems == []


def test_a_file_with_errors_is_not_analysed() -> None:
    assert pipeline.deep_check(BROKEN, "blindvei.yaml") == ([], None)


def test_the_cli_prints_the_analysis_after_the_problems(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--deep", str(VALID)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("3 noder, 5 valg, 4 mulige gjennomspillinger")
    assert out[-1] == "1 fil sjekket: 0 med feil, 1 uten feil (0 feil, 0 advarsler)"


def test_the_cli_prints_the_warnings_before_the_analysis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--deep", str(DEEP)]) == 1  # the EXP001 error in the fixture
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("EXP001 valget «apent» i «morgen» skal bryte SAMT-01, men motoren sier: fulgt")
    assert out[1].endswith("ANA002 advarsel: selv den dårligste stien består; gi saken et fristende, alvorlig feilvalg")
    assert any(line.endswith("1 noder, 2 valg, 2 mulige gjennomspillinger") for line in out)


def test_a_crash_in_the_analysis_is_int003_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(path: Path, shown: str) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(pipeline, "deep_check", crash)
    assert main(["validate", "--deep", str(VALID)]) == 1  # an internal error is an error
    out = capsys.readouterr().out
    assert "tre-noder.yaml:1:1: INT003 intern feil i stianalysen (RuntimeError)" in out
    assert "Traceback" not in out


def test_a_faultless_path_to_a_weak_ending_and_a_best_path_through_a_marked_mistake_are_warned() -> None:
    problems, analysis = pipeline.deep_check(DEEP, "svak.yaml")
    assert analysis is not None and analysis.weak_passes == [(["apent"], "halvveis")]
    by_code = {p.code: p for p in problems}
    assert {"ANA003", "ANA004"} <= by_code.keys()
    assert "stien apent" in by_code["ANA003"].message and "«delvis»" in by_code["ANA003"].message
    assert by_code["ANA003"].line == 38  # the ending
    assert "valg 1 («apent») i «morgen»" in by_code["ANA004"].message and "SAMT-01" in by_code["ANA004"].message
    assert by_code["ANA004"].line == 23  # the choice


def test_a_path_with_a_finding_to_a_weak_ending_is_not_ana003() -> None:
    problems, analysis = pipeline.deep_check(VALID, "tre-noder.yaml")
    assert analysis is not None and analysis.weak_passes == []  # the dårlig path breaks SAMT-01
