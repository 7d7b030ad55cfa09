"""The case's clock: time adds up the same on every way in, is not counted twice, and moves where the text
says it does (CLK001–CLK003)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.scenario.clock import TIME_PASSED, arrival_days, check_clock, time_passed
from trainer.scenario.model import Scenario


def scenario(nodes: dict, start: str = "a") -> Scenario:
    return Scenario.model_validate(
        {
            "id": "klokke", "title": "Klokke", "summary": "s", "themes": ["undring"], "role": "skole",
            "age_band": "6-12", "modules": ["kartlegging-undring"], "start": start, "nodes": nodes,
            "endings": {"slutt": {"title": "Slutt", "text": "t", "outcome": "god"}},
        }
    )


def choice(cid: str, goto: str, **extra: object) -> dict:
    return {"id": cid, "text": cid, "goto": goto, **extra}


def codes(s: Scenario) -> list[str]:
    return [p.code for p in check_clock(s, None, "f.yaml")]


def test_branches_that_rejoin_on_different_days_are_named_once_where_they_meet() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("anonym", "b"), choice("vent", "b", actions=[{"wait": 16}])]},
        "b": {"text": "Senere.", "days": 14, "choices": [choice("videre", "c")]},
        "c": {"text": "Enda senere.", "choices": [choice("slutt", "slutt")]},
    })
    assert arrival_days(s)["b"].keys() == {14, 30}
    problems = [p for p in check_clock(s, None, "f.yaml") if p.code == "CLK001"]
    assert len(problems) == 1  # at «b», where the ways meet; not again at «c»
    assert "dag 14 via anonym" in problems[0].message and "dag 30 via vent" in problems[0].message


def test_time_on_the_node_adds_up_the_same_from_every_branch() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("anonym", "b"), choice("vent", "b")]},
        "b": {"text": "Tre uker senere kommer han tilbake.", "days": 21, "choices": [choice("slutt", "slutt")]},
    })
    assert codes(s) == []


def test_a_wait_into_a_node_with_days_may_be_counted_twice() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("vent", "b", actions=[{"wait": 14}])]},
        "b": {"text": "Etter to uker.", "days": 14, "choices": [choice("slutt", "slutt")]},
    })
    assert codes(s) == ["CLK002"]


def test_text_that_says_time_passed_without_days_is_flagged() -> None:
    s = scenario({
        "a": {"text": "Start.", "choices": [choice("meld", "b")]},
        "b": {"title": "Dagen etter", "text": "Mor ringer.", "choices": [choice("slutt", "slutt")]},
    })
    problems = check_clock(s, None, "f.yaml")
    assert [p.code for p in problems] == ["CLK003"] and "«Dagen etter»" in problems[0].message
    assert all(not p.is_error for p in problems)
    s.nodes["b"].days = 1
    assert codes(s) == []


_PIECES = st.sampled_from([
    "Dagen etter", "NESTE UKE", "to uker senere", "Tre Dager Seinere", "14 døgn går", "i morgen", "Neste morgen",
    "uka", "etter", "dager", " ", "\n", ".", "x", "ti", "én", "Å", "İ", "ẞ", "ǅ", "ﬀ", "1", "å",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_time_passed_finds_what_a_case_blind_search_finds_as_written(text: str) -> None:
    reference = re.compile(TIME_PASSED.pattern, re.IGNORECASE).search(text)
    assert time_passed(text) == (None if reference is None else reference.group(0))
