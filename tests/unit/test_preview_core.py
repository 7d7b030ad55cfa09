"""The preview's core (no Textual): reading a version, start points, carrying a path over, the outline rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from trainer.scenario.model import Scenario
from trainer.services.preview import (
    StartError,
    carry_over,
    file_signature,
    outline_rows,
    read_version,
    safe_analyse,
    start_path,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "preview" / "matpakka.yaml"


@pytest.fixture(scope="module")
def matpakka() -> Scenario:
    version = read_version(EXAMPLE)
    assert version.playable and version.problems == [] and version.scenario is not None
    return version.scenario


def edited(scenario: Scenario, change) -> Scenario:  # type: ignore[no-untyped-def]
    """The example as data, changed, and validated again (as a new version of the file would be)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    change(data)
    return Scenario.model_validate(data)


def test_read_version_of_a_missing_file_is_not_playable(tmp_path: Path) -> None:
    version = read_version(tmp_path / "borte.yaml", "borte.yaml")
    assert not version.playable and version.scenario is None
    assert [p.code for p in version.problems] == ["IO001"]
    assert file_signature(tmp_path / "borte.yaml") is None


def test_read_version_keeps_a_structurally_broken_scenario_for_the_outline(tmp_path: Path) -> None:
    path = tmp_path / "matpakka.yaml"
    shutil.copyfile(EXAMPLE, path)
    path.write_text(path.read_text(encoding="utf-8").replace("goto: slutt-tapt", "goto: slutt-borte"), encoding="utf-8")
    version = read_version(path, "matpakka.yaml")
    assert not version.playable and version.scenario is not None
    assert [p.code for p in version.errors] == ["STR003"]


def test_unknown_profile_falls_back_to_standard_with_a_warning_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "matpakka.yaml"
    shutil.copyfile(EXAMPLE, path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("minutes: 6\n", "minutes: 6\nprofile: ukjent\n"), encoding="utf-8"
    )
    version = read_version(path, "matpakka.yaml")
    assert version.playable and version.profile is not None and version.profile.id == "standard"
    line = path.read_text(encoding="utf-8").splitlines().index("profile: ukjent") + 1
    assert [(p.code, p.severity, p.line) for p in version.problems] == [("STR014", "advarsel", line)]


def test_start_path_by_node_fixture_and_default(matpakka: Scenario) -> None:
    assert start_path(matpakka) == []
    assert start_path(matpakka, node="oppdager") == []
    assert start_path(matpakka, node="slutt-tapt") == ["ring-mor", "til-rektor"]
    assert start_path(matpakka, fixture="etter-samtalen") == ["skriv-ned", "avtal", "aapent", "konkret"]


def test_a_fixture_whose_steps_do_not_lead_to_its_node_is_a_file_error(matpakka: Scenario) -> None:
    broken = edited(matpakka, lambda d: d["fixtures"].update({"feil": {"node": "jonas", "steps": ["skriv-ned"]}}))
    with pytest.raises(StartError) as error:
        start_path(broken, fixture="feil")
    assert error.value.exit_code == 1
    assert "fører til «leder», ikke til «jonas»" in str(error.value)
    cut = edited(matpakka, lambda d: d["fixtures"].update({"kuttet": {"node": "jonas", "steps": ["skriv-ned", "x"]}}))
    with pytest.raises(StartError, match="stopper ved «leder»"):
        start_path(cut, fixture="kuttet")


def test_no_fixtures_says_so(matpakka: Scenario) -> None:
    bare = edited(matpakka, lambda d: d.pop("fixtures"))
    with pytest.raises(StartError, match="fila har ingen fixtures"):
        start_path(bare, fixture="noe")


def test_carry_over_stays_when_the_path_still_fits(matpakka: Scenario) -> None:
    session, note = carry_over(matpakka, ["skriv-ned", "avtal"], "jonas")
    assert (session.position, session.path, note) == ("jonas", ["skriv-ned", "avtal"], None)


def test_carry_over_goes_to_the_same_node_by_the_shortest_way_when_the_path_changed(matpakka: Scenario) -> None:
    def rename(d: dict) -> None:
        d["nodes"]["leder"]["choices"][0]["id"] = "avtale"

    session, note = carry_over(edited(matpakka, rename), ["skriv-ned", "avtal", "aapent"], "foreldre")
    assert (session.position, session.path) == ("foreldre", ["skriv-ned", "avtale", "aapent"])
    assert note is not None and "Veien hit er endret" in note


def test_carry_over_moves_back_when_the_node_is_gone(matpakka: Scenario) -> None:
    def drop_mor_sur(d: dict) -> None:
        del d["nodes"]["mor-sur"]
        d["nodes"]["oppdager"]["choices"] = d["nodes"]["oppdager"]["choices"][:1]
        del d["endings"]["slutt-tapt"]
        d["fixtures"].pop("mor-la-paa")

    session, note = carry_over(edited(matpakka, drop_mor_sur), ["ring-mor"], "mor-sur")
    assert (session.position, session.path) == ("oppdager", [])
    assert note is not None and "«mor-sur» finnes ikke lenger" in note and "«oppdager»" in note


def test_outline_rows_count_paths_and_worst_severity(matpakka: Scenario) -> None:
    rows = {row.id: row for row in outline_rows(matpakka, safe_analyse(matpakka))}
    assert rows["oppdager"].is_start and rows["oppdager"].paths == 1
    assert (rows["beslutning"].paths, rows["beslutning"].worst) == (4, "kritisk")
    assert (rows["slutt-aapen"].kind, rows["slutt-aapen"].paths, rows["slutt-aapen"].outcome) == ("ending", 8, "delvis")
    assert rows["leder"].worst is None
    assert [(c.id, c.goto) for c in rows["mor-sur"].choices] == [("til-rektor", "slutt-tapt")]


def test_outline_rows_of_a_loop_say_infinitely_many(matpakka: Scenario) -> None:
    def loop(d: dict) -> None:
        d["nodes"]["jonas"]["choices"].append({"id": "tilbake", "text": "Du går tilbake til rektor.", "goto": "leder"})

    looped = edited(matpakka, loop)
    rows = {row.id: row for row in outline_rows(looped, safe_analyse(looped))}
    assert rows["leder"].paths is None and rows["leder"].counted
    assert rows["jonas"].paths is None
    assert rows["oppdager"].paths == 1


def test_outline_rows_without_analysis_still_mark_unreachable(matpakka: Scenario) -> None:
    def orphan(d: dict) -> None:
        d["nodes"]["glemt"] = {
            "text": "Ingen kommer hit.",
            "choices": [{"id": "ut", "text": "Ut.", "goto": "ingensteds"}],
        }

    rows = {row.id: row for row in outline_rows(edited(matpakka, orphan), None)}
    assert not rows["glemt"].reachable and not rows["glemt"].counted
    assert not rows["glemt"].choices[0].target_exists
    assert rows["oppdager"].reachable and rows["oppdager"].worst is None


def test_a_profile_file_that_cannot_be_used_is_pro001_and_standard(tmp_path: Path) -> None:
    path = tmp_path / "matpakka.yaml"
    shutil.copyfile(EXAMPLE, path)
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: 6\n", "minutes: 6\nprofile: min-kommune.yaml\n"),
                    encoding="utf-8")
    version = read_version(path, "matpakka.yaml")
    assert version.playable and version.profile is not None and version.profile.id == "standard"
    assert [(p.code, p.severity) for p in version.problems] == [("PRO001", "advarsel")]  # not also STR014
