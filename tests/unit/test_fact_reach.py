"""FCT001: a fact that creates the duty to report, revealed on some branches only, lets the passive path escape
the verdict — validate warns and names a way that never learns it."""

from __future__ import annotations

from trainer.scenario.fact_reach import check_fact_reach
from trainer.scenario.model import Scenario


def scenario(nodes: dict, facts: dict | None = None, outcome: str = "delvis") -> Scenario:
    return Scenario.model_validate(
        {
            "id": "fakta", "title": "Fakta", "summary": "s", "themes": ["undring"], "role": "skole",
            "age_band": "6-12", "modules": ["kartlegging-undring"], "start": "a", "nodes": nodes,
            "facts": facts or {},
            "endings": {"slutt": {"title": "Slutt", "text": "t", "outcome": outcome}},
        }
    )


def choice(cid: str, goto: str, **extra: object) -> dict:
    return {"id": cid, "text": cid, "goto": goto, **extra}


THRESHOLD = {"report_threshold_met": True}


def test_the_branch_that_never_asks_never_learns_the_threshold_is_named() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("spor", "samtale"), choice("vent", "b")]},
        "samtale": {"text": "Hun forteller.", "reveals": THRESHOLD, "choices": [choice("meld", "slutt",
                    actions=[{"report": "barnevern"}])]},
        "b": {"text": "Senere.", "choices": [choice("la-ligge", "slutt")]},
    })
    problems = check_fact_reach(s, None, "f.yaml")
    assert [(p.code, p.severity) for p in problems] == [("FCT001", "advarsel")]
    assert "`report_threshold_met`" in problems[0].message
    assert "«samtale»" in problems[0].message and "via vent → la-ligge" in problems[0].message


def test_a_way_that_ends_dårlig_cannot_pass_and_is_not_a_trap() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("spor", "samtale"), choice("vent", "slutt")]},
        "samtale": {"text": "Hun forteller.", "reveals": THRESHOLD, "choices": [choice("x", "slutt")]},
    }, outcome="dårlig")
    assert check_fact_reach(s, None, "f.yaml") == []


def test_a_fact_revealed_on_every_way_is_fine() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("spor", "b"), choice("vent", "b")]},
        "b": {"text": "Hun forteller.", "reveals": THRESHOLD, "choices": [choice("la-ligge", "slutt")]},
    })
    assert check_fact_reach(s, None, "f.yaml") == []


def test_a_way_that_reports_anyway_is_not_a_trap() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("spor", "samtale"),
                                            choice("meld-straks", "slutt", actions=[{"report": "barnevern"}])]},
        "samtale": {"text": "Hun forteller.", "reveals": {"suspicion": "vold"}, "choices": [choice("x", "slutt")]},
    })
    assert check_fact_reach(s, None, "f.yaml") == []


def test_a_fact_known_from_the_start_and_a_mild_suspicion_are_not_flagged() -> None:
    nodes = {
        "a": {"text": "Start.", "choices": [choice("spor", "samtale"), choice("vent", "slutt")]},
        "samtale": {"text": "Hun forteller.", "reveals": {**THRESHOLD, "suspicion": "rus"},
                    "choices": [choice("x", "slutt")]},
    }
    assert check_fact_reach(scenario(nodes, facts=THRESHOLD), None, "f.yaml") == []


def test_acute_danger_belongs_to_its_scene_and_is_not_flagged() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("la-ham-kjoere", "bilen"), choice("hold-igjen", "slutt")]},
        "bilen": {"text": "Bilen går.", "reveals": {"danger_to_life": True}, "choices": [choice("x", "slutt")]},
    })
    assert check_fact_reach(s, None, "f.yaml") == []
