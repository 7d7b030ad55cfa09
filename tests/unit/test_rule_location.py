"""`bti-trener rules ID`: the rule, the module and function that judge it, and its rule cases — one hop away."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.rulebook import load_rulebook
from scoring.rules import REGISTRY
from trainer.cli import main
from trainer.services import rules as rule_service
from trainer.services.rules import UnknownRuleError, locate


def test_a_rule_names_its_predicate_and_its_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "VO-01"]) == 0
    out = capsys.readouterr().out
    cases = len(
        [
            line
            for line in (rule_service.CASES_DIR / "VO-01.yaml").read_text(encoding="utf-8").splitlines()
            if "- name:" in line
        ]
    )
    assert out.splitlines()[0].startswith("VO-01 ")
    assert "Meld straks ved mistanke om vold eller overgrep" in out
    assert "Vurderes av: scoring/rules/vold.py: report_at_once" in out
    assert f"Regeltilfeller: tests/scoring/cases/VO-01.yaml ({cases} tilfeller)" in out
    assert "regler, kommuneprofil" not in out  # one rule, not the list


def test_an_installation_without_the_cases_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.setattr(rule_service, "CASES_DIR", tmp_path)
    assert main(["rules", "VO-01"]) == 0
    assert "Regeltilfeller: finnes ikke i denne installasjonen" in capsys.readouterr().out


def test_an_unknown_id_suggests_the_closest_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "VO-1"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "bti-trener rules: fant ingen regel «VO-1»; mente du «VO-01»?"
    assert main(["rules", "finnes-ikke-i-det-hele-tatt"]) == 2
    assert "se alle med «bti-trener rules»" in capsys.readouterr().err


def test_lower_case_ids_are_found() -> None:
    assert locate("vo-01").rule_id == "VO-01"
    with pytest.raises(UnknownRuleError):
        locate("")


def test_every_rule_is_judged_in_the_module_of_its_family_and_has_cases() -> None:
    book = load_rulebook()
    for rule_id in REGISTRY:
        where = locate(rule_id)
        assert where.module == f"scoring/rules/{book[rule_id].family}.py", rule_id
        assert where.cases_file == f"tests/scoring/cases/{rule_id}.yaml" and where.case_count >= 2, rule_id
