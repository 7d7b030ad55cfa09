"""A case naming a kommune profile that is not bundled is played and judged under «standard», never a crash."""

from __future__ import annotations

from pathlib import Path

from trainer.scenario.load import load_scenario
from trainer.services.cases import CaseService
from trainer.session import Session

CASE = Path(__file__).resolve().parents[1] / "data" / "broken" / "str014-ukjent-profil.yaml"


def test_session_falls_back_to_standard() -> None:
    scenario = load_scenario(CASE).value
    assert scenario is not None and scenario.profile == "lillesand"
    session, note = Session.resume(scenario, [])
    assert note is None and session.profile.id == "standard"
    outcome = session.choose(1)
    assert outcome.ending is not None and session.report().summary


def test_the_app_looks_the_profile_up_the_same_way(tmp_path: Path) -> None:
    cases = CaseService([CASE], tmp_path / "progress.sqlite3")
    try:
        run = cases.start("str014-ukjent-profil", "øving")
        assert run.session.profile.id == "standard"
    finally:
        cases.close()
