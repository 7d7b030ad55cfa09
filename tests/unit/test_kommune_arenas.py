"""Kommune arenas: the seed kommuner's profiles, how their files are checked, and a case whose verdict about an
arena and its consent differs between Ullensaker and the standard profile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.engine import judge
from scoring.profile import bundled_profile
from trainer.profiles import ProfileError, arena_problems, find_profile
from trainer.scenario.checks import load_checked_scenario
from trainer.scenario.load import load_scenario
from trainer.scenario.steps import trace_of

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "scoring" / "profiles"
SEED_PROFILES = ("ullensaker", "lillestrom", "lorenskog")
BRUS_CASE = ROOT / "scenarios" / "ullensaker" / "saken-som-stod-fast.yaml"


@pytest.mark.parametrize("name", SEED_PROFILES)
def test_a_seed_profile_loads_as_a_file_with_arenas_and_no_problems(name: str) -> None:
    path = PROFILES / f"{name}.yaml"
    profile = find_profile(str(path))  # the same checks a kommune's own file gets (PRO002, PRO003)
    assert profile == bundled_profile(name) and profile.arenas
    assert arena_problems(profile, path) == []


@pytest.mark.parametrize("name", SEED_PROFILES)
def test_every_value_in_a_seed_profile_says_where_it_comes_from(name: str) -> None:
    unsourced = []
    for number, line in enumerate((PROFILES / f"{name}.yaml").read_text(encoding="utf-8").splitlines(), 1):
        key = re.match(r"^\s*(?:- )?([a-z_0-9]+):", line)
        if key and key.group(1) not in ("id", "name", "source", "arenas") and "#" not in line:
            unsourced.append(f"{number}: {line.strip()}")
    assert unsourced == []


def test_a_typo_in_an_arena_is_reported_with_its_line(tmp_path: Path) -> None:
    text = (PROFILES / "ullensaker.yaml").read_text(encoding="utf-8").replace("after: [fastlege,", "after: [fastlegen,")
    path = tmp_path / "min-kommune.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        find_profile(str(path))
    [problem] = caught.value.problems
    assert problem.code == "PRO003" and "«fastlegen»" in problem.message and "«brus»" in problem.message
    assert problem.line == next(n for n, line in enumerate(text.splitlines(), 1) if "fastlegen" in line)


def test_a_case_naming_an_arena_its_profile_lacks_is_an_error(tmp_path: Path) -> None:
    text = BRUS_CASE.read_text(encoding="utf-8").replace("profile: ullensaker", "profile: lillestrom")
    path = tmp_path / "saken-som-stod-fast.yaml"
    path.write_text(text, encoding="utf-8")
    problems = [p for p in load_checked_scenario(path).problems if p.code == "STR021"]
    assert problems and all(p.is_error for p in problems)
    first = next(n for n, line in enumerate(text.splitlines(), 1) if "arena: brus" in line)
    assert problems[0].line == first and "«brus»" in problems[0].message and "«lillestrom»" in problems[0].message


def _verdicts(profile: str, choices: list[str], nodes: list[str]) -> dict[str, str]:
    scenario = load_scenario(BRUS_CASE).value
    assert scenario is not None and scenario.profile == "ullensaker"
    report = judge(trace_of(scenario, nodes, choices), bundled_profile(profile))
    return {f.rule_id: f.outcome for f in report.findings if f.rule_id.startswith(("ARENA", "MED-03"))}


def test_a_consent_to_bup_reaches_brus_in_ullensaker_only_as_far_as_bup() -> None:
    path = (["samarbeidsmote", "brus-med-bup-samtykket"], ["seks-uker", "fortsatt-fast"])
    # Ullensaker: BRUS seats barnevernet and helsestasjonen too, whom the family never said yes to
    assert _verdicts("ullensaker", *path) == {"ARENA-01": "brutt", "ARENA-02": "fulgt", "ARENA-03": "fulgt",
                                              "MED-03": "fulgt"}  # fmt: skip
    # standard: no BRUS, so a meeting with BUP, which the consent covers; a 14-year-old is invited to meetings
    assert _verdicts("standard", *path) == {"ARENA-01": "fulgt", "MED-03": "brutt"}


def test_the_finding_names_only_the_services_the_consent_does_not_reach() -> None:
    scenario = load_scenario(BRUS_CASE).value
    assert scenario is not None
    trace = trace_of(scenario, ["seks-uker", "fortsatt-fast"], ["samarbeidsmote", "brus-med-bup-samtykket"])
    findings = judge(trace, bundled_profile("ullensaker")).findings
    (broken,) = [f for f in findings if f.rule_id == "ARENA-01" and f.outcome == "brutt"]
    # the family said yes to BUP: the finding names the services that consent does not reach, not BUP
    assert broken.detail == "Barnet ble drøftet med navn i BRUS uten samtykke som dekker barnevern og helsestasjon."


def test_brus_before_any_other_team_is_wrong_only_where_brus_has_that_precondition() -> None:
    path = (["rett-til-brus", "samarbeidsmote-na"], ["seks-uker", "for-tidlig"])
    assert _verdicts("ullensaker", *path)["ARENA-02"] == "brutt"
    assert "ARENA-02" not in _verdicts("standard", *path)
