"""Structural checks: IDs, links, reachability, dead ends, loops, expect rules and people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trainer.scenario.checks import GENERIC_ROLES, check_scenario, load_checked_scenario
from trainer.scenario.load import load_scenario
from trainer.scenario.model import Choice, Expect, Scenario
from trainer.scenario.problems import WARNING


def scenario(nodes: dict[str, list[str]], endings: list[str], start: str = "a", **extra: Any) -> Scenario:
    """A scenario whose node ``n`` has one choice per target in ``nodes[n]``."""
    data: dict[str, Any] = {
        "id": "test",
        "title": "Test",
        "summary": "Test.",
        "themes": ["undring"],
        "role": "barnehage",
        "age_band": "0-6",
        "modules": ["kartlegging-undring"],
        "start": start,
        "nodes": {
            node_id: {
                "text": "Tekst.",
                "choices": [{"id": f"c{i}", "text": "Valg.", "goto": target} for i, target in enumerate(targets)],
            }
            for node_id, targets in nodes.items()
        },
        "endings": {e: {"title": "Slutt", "text": "Slutt."} for e in endings},
    }
    data.update(extra)
    return Scenario.model_validate(data)


def codes(s: Scenario, **kwargs: Any) -> list[tuple[str, str]]:
    """(code, first «quoted» word of the message) for each problem."""
    out = []
    for problem in check_scenario(s, None, "test.yaml", **kwargs):
        quoted = problem.message.split("«", 1)[1].split("»", 1)[0] if "«" in problem.message else ""
        out.append((problem.code, quoted))
    return out


def test_clean_scenario_has_no_problems() -> None:
    s = scenario({"a": ["b", "slutt"], "b": ["a", "slutt2"]}, ["slutt", "slutt2"])
    assert check_scenario(s, None, "test.yaml") == []


def test_duplicate_choice_id() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"])
    s.nodes["a"].choices.append(s.nodes["a"].choices[0].model_copy())
    assert codes(s) == [("STR001", "c0")]


def test_id_both_node_and_ending() -> None:
    s = scenario({"a": ["slutt"], "slutt": ["a"]}, ["slutt"])
    assert ("STR002", "slutt") in codes(s)


def test_missing_goto_suggests_and_suppresses_cascade() -> None:
    s = scenario({"a": ["slut"]}, ["slutt"])
    problems = check_scenario(s, None, "test.yaml")
    assert [p.code for p in problems] == ["STR003"]
    assert "mente du «slutt»?" in problems[0].message


def test_missing_start() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"], start="begynn")
    assert codes(s) == [("STR004", "begynn")]


def test_start_at_ending() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"], start="slutt")
    (problem,) = check_scenario(s, None, "test.yaml")
    assert problem.code == "STR004" and "slutten" in problem.message


def test_unreachable_node_and_ending() -> None:
    s = scenario({"a": ["slutt"], "b": ["slutt2"]}, ["slutt", "slutt2"])
    assert sorted(codes(s)) == [("STR005", "b"), ("STR005", "slutt2")]


def test_unreachable_is_an_error() -> None:
    s = scenario({"a": ["slutt"], "b": ["slutt"]}, ["slutt"])
    (problem,) = check_scenario(s, None, "test.yaml")
    assert problem.code == "STR005" and problem.is_error


def test_dead_end() -> None:
    s = scenario({"a": ["b", "slutt"], "b": []}, ["slutt"])
    assert codes(s) == [("STR006", "b")]


def test_no_reachable_ending() -> None:
    assert codes(scenario({"a": ["a"]}, [])) == [("STR007", "")]
    assert ("STR007", "a") in codes(scenario({"a": ["a"], "b": ["slutt"]}, ["slutt"]))


def test_loop_without_exit_reports_each_node() -> None:
    s = scenario({"a": ["b", "slutt"], "b": ["c"], "c": ["b"]}, ["slutt"])
    assert sorted(codes(s)) == [("STR008", "b"), ("STR008", "c")]


def test_loop_with_exit_is_fine() -> None:
    s = scenario({"a": ["b"], "b": ["a", "slutt"]}, ["slutt"])
    assert codes(s) == []


def test_path_to_dead_end_only() -> None:
    s = scenario({"a": ["b", "slutt"], "b": ["c"], "c": []}, ["slutt"])
    assert sorted(codes(s)) == [("STR006", "c"), ("STR008", "b")]


def test_expect_rules_checked_only_when_known() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"])
    choice = s.nodes["a"].choices[0]
    s.nodes["a"].choices[0] = choice.model_copy(update={"expect": Expect(breaks=["VO-01"], satisfies=["SAMT-99"])})
    assert codes(s) == []
    problems = check_scenario(s, None, "test.yaml", known_rules={"VO-01", "SAMT-01"})
    assert [p.code for p in problems] == ["STR009"]
    assert "«SAMT-99»" in problems[0].message and "mente du «SAMT-01»?" in problems[0].message


def test_people_in_facts() -> None:
    cast = [{"id": "emma", "name": "Emma", "role": "barn"}, {"id": "onkel-per", "name": "Per", "role": "onkel"}]
    ok = scenario(
        {"a": ["slutt"]},
        ["slutt"],
        cast=cast,
        facts={"suspected": "onkel-per", "parental_responsibility": sorted(GENERIC_ROLES)},
    )
    assert codes(ok) == []
    bad = scenario(
        {"a": ["slutt"]},
        ["slutt"],
        cast=cast,
        facts={"suspected": "onkel", "parental_responsibility": ["mor", "pappa"]},
    )
    assert sorted(codes(bad)) == [("STR010", "onkel"), ("STR010", "pappa")]


def test_people_in_reveals() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"])
    s.nodes["a"] = s.nodes["a"].model_copy(update={"reveals": s.facts.model_copy(update={"suspected": "nabo"})})
    assert codes(s) == [("STR010", "nabo")]


def test_duplicate_cast_id() -> None:
    cast = [{"id": "emma", "name": "Emma", "role": "barn"}, {"id": "emma", "name": "Emma", "role": "barn"}]
    assert codes(scenario({"a": ["slutt"]}, ["slutt"], cast=cast)) == [("STR012", "emma")]


def test_fixture_node_missing() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"], fixtures={"midt": {"node": "b"}})
    assert codes(s) == [("STR013", "midt")]


def test_id_differs_from_file_name_is_a_warning() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"])
    (problem,) = check_scenario(s, None, "mappe/annet-navn.yaml")
    assert problem.code == "STR011" and problem.severity == WARNING and not problem.is_error
    assert problem.format().startswith("mappe/annet-navn.yaml:1:1: STR011 advarsel: ")


def test_checks_are_linear_not_path_enumeration() -> None:
    # A ladder where every node has two choices to the next: 2**3000 paths, 3000 nodes.
    size = 3000
    nodes = {f"n{i}": [f"n{i + 1}", f"n{i + 1}"] for i in range(size)}
    nodes[f"n{size}"] = ["slutt"]
    assert check_scenario(scenario(nodes, ["slutt"], start="n0"), None, "test.yaml") == []
    # The same ladder entered from a start with an exit, its end looping back: a loop without exit.
    nodes[f"n{size}"] = ["n0"]
    nodes["inn"] = ["n0", "slutt"]
    problems = check_scenario(scenario(nodes, ["slutt"], start="inn"), None, "test.yaml")
    assert {p.code for p in problems} == {"STR008"} and len(problems) == size + 1


def test_problems_point_at_lines(tmp_path: Path) -> None:
    path = tmp_path / "linjer.yaml"
    path.write_text(
        """\
id: linjer
title: Test
summary: Test.
themes: [undring]
role: barnehage
age_band: "0-6"
modules: [kartlegging-undring]
start: start
nodes:
  start:
    text: Tekst.
    choices:
      - id: a
        text: Valg.
        goto: slutt
      - id: a
        text: Valg.
        goto: blindvei
  blindvei:
    text: Her stopper det.
endings:
  slutt:
    title: Slutt
    text: Slutt.
""",
        encoding="utf-8",
    )
    result = load_checked_scenario(path, display_path="linjer.yaml")
    found = [(p.code, p.line, p.col) for p in result.problems]
    assert found == [("STR001", 16, 13), ("STR006", 19, 3)]
    assert not result.ok


@pytest.mark.parametrize("name", ["tre-noder.yaml"])
def test_valid_fixture_passes_checks(name: str) -> None:
    path = Path(__file__).resolve().parents[1] / "data" / "valid" / name
    result = load_scenario(path)
    assert check_scenario(result.value, result.marks, path.name, known_rules=None) == []


# -- the traps a non-programmer falls into (#16) ---------------------------------------------------------------


def _with_action(action: dict, cast: list[dict] | None = None) -> Scenario:
    s = scenario({"a": ["slutt"]}, ["slutt"], cast=cast or [{"id": "mor", "name": "Camilla", "role": "mor"}])
    choice = s.nodes["a"].choices[0]
    s.nodes["a"].choices[0] = Choice.model_validate({**choice.model_dump(by_alias=True), "actions": [action]})
    return s


def test_a_name_written_instead_of_the_cast_id_is_an_error() -> None:
    problems = check_scenario(_with_action({"inform": "camilla"}), None, "test.yaml")
    assert [(p.code, p.is_error) for p in problems] == [("STR015", True)]
    assert "skriv cast-ID-en «mor»" in problems[0].message


def test_a_typo_of_a_known_word_is_an_error_with_a_suggestion() -> None:
    problems = check_scenario(_with_action({"consult_leader": "styer"}), None, "test.yaml")
    assert [(p.code, p.is_error) for p in problems] == [("STR015", True)]
    assert "mente du «styrer»?" in problems[0].message


def test_an_unknown_word_without_a_near_miss_is_a_warning() -> None:
    problems = check_scenario(_with_action({"talk": "vaktmesteren"}), None, "test.yaml")
    assert [(p.code, p.is_error) for p in problems] == [("STR015", False)]
    assert "privatperson" in problems[0].message


def test_known_words_and_cast_ids_pass() -> None:
    for action in ({"inform": "mor"}, {"talk": "barn"}, {"share": {"with": "ppt"}}, {"consult_leader": "rektor"},
                   {"hand_over_child": "mor"}, {"fetch_safe_adult": "foreldre"}):
        assert codes(_with_action(action)) == [], action


def test_a_near_miss_role_in_the_cast_is_an_error() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"], cast=[{"id": "lise", "name": "Lise", "role": "stryer"}])
    problems = check_scenario(s, None, "test.yaml")
    assert [p.code for p in problems] == ["STR016"] and "mente du «styrer»?" in problems[0].message


def test_forelder_is_ambiguous_and_another_childs_parent_is_a_known_role() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"], cast=[{"id": "herdis", "name": "Herdis", "role": "forelder"}])
    problems = check_scenario(s, None, "test.yaml")
    assert [p.code for p in problems] == ["STR016"]
    assert "«mor» eller «far»" in problems[0].message and "«annen-forelder»" in problems[0].message
    s = scenario({"a": ["slutt"]}, ["slutt"], cast=[{"id": "herdis", "name": "Herdis", "role": "annen-forelder"}])
    assert check_scenario(s, None, "test.yaml") == []


def test_an_untouched_skeleton_is_an_error_once() -> None:
    s = scenario({"a": ["slutt"]}, ["slutt"])
    s = s.model_copy(update={"summary": "SKRIV: to–tre linjer", "learning_goals": ["SKRIV: mål"]})
    problems = [p for p in check_scenario(s, None, "test.yaml") if p.code == "STR017"]
    assert len(problems) == 1 and "og 1 steder til" in problems[0].message
