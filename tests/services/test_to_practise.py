"""Fremgang's «Øv mer på»: a rule is listed for a case while the latest attempt there that touched it broke it."""

from __future__ import annotations

from trainer.progress import AttemptSummary
from trainer.services.cases import ProgressData


def attempt(aid: int, case: str, *, finished: bool = True) -> AttemptSummary:
    return AttemptSummary(
        id=aid, scenario_id=case, mode="oving", profile_id="standard", started_at=f"2026-12-0{aid}T10:00:00Z",
        finished_at=f"2026-12-0{aid}T11:00:00Z" if finished else None, ending="slutt" if finished else None,
        passed=None, overall=None, decisions=3, retry_of=None,
    )  # fmt: skip


def data(attempts: list[AttemptSummary], broken: dict[int, list[str]], followed: dict[int, list[str]]) -> ProgressData:
    return ProgressData(
        attempts=sorted(attempts, key=lambda a: a.id, reverse=True),  # newest first, as the store gives them
        area_history={}, rule_counts=[], broken_by_attempt=broken, followed_by_attempt=followed,
    )  # fmt: skip


def test_a_rule_broken_last_time_is_listed_once_per_case() -> None:
    d = data([attempt(1, "a"), attempt(2, "a")], {1: ["VO-01"], 2: ["VO-01", "TP-05"]}, {1: [], 2: []})
    assert d.to_practise(["VO-01", "TP-05"]) == [("a", ["VO-01", "TP-05"])]


def test_a_rule_followed_in_the_latest_attempt_is_no_longer_listed_for_that_case() -> None:
    d = data(
        [attempt(1, "a"), attempt(2, "b"), attempt(3, "a")],
        {1: ["VO-01"], 2: ["VO-01"], 3: []},
        {1: [], 2: [], 3: ["VO-01"]},
    )
    assert d.to_practise(["VO-01"]) == [("b", ["VO-01"])]


def test_an_attempt_that_did_not_touch_the_rule_leaves_the_older_verdict_standing() -> None:
    d = data([attempt(1, "a"), attempt(2, "a")], {1: ["VO-01"], 2: []}, {1: [], 2: ["TP-05"]})
    assert d.to_practise(["VO-01"]) == [("a", ["VO-01"])]


def test_an_unfinished_attempt_has_no_verdict_and_decides_nothing() -> None:
    d = data([attempt(1, "a"), attempt(2, "a", finished=False)], {1: ["VO-01"]}, {1: []})
    assert d.to_practise(["VO-01"]) == [("a", ["VO-01"])]


def test_broken_and_followed_in_the_same_attempt_still_counts_as_broken() -> None:
    d = data([attempt(1, "a")], {1: ["DOK-01"]}, {1: ["DOK-01"]})
    assert d.to_practise(["DOK-01"]) == [("a", ["DOK-01"])]
