"""`validate --deep`: the path analysis of each file that loads cleanly, its ANA warnings, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main
from trainer.scenario import validate as pipeline

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "data" / "valid" / "tre-noder.yaml"
BROKEN = ROOT / "tests" / "data" / "broken" / "str006-blindvei.yaml"


def test_a_case_whose_worst_path_passes_gets_ana002() -> None:
    problems, analysis = pipeline.deep_check(VALID, "tre-noder.yaml")
    assert analysis is not None and analysis.paths == 4
    assert [(p.code, p.severity) for p in problems] == [("ANA002", "advarsel")]


def test_a_file_with_errors_is_not_analysed() -> None:
    assert pipeline.deep_check(BROKEN, "blindvei.yaml") == ([], None)


def test_the_cli_prints_the_analysis_after_the_problems(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--deep", str(VALID)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("ANA002 advarsel: selv den dårligste stien består; gi saken et fristende, alvorlig feilvalg")
    assert any(line.endswith("3 noder, 5 valg, 4 mulige gjennomspillinger") for line in out)
    assert out[-1] == "1 fil sjekket: 0 med feil, 1 uten feil (0 feil, 1 advarsel)"


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
