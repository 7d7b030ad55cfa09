"""The options are shown in an order drawn per attempt (:mod:`trainer.option_order`): the same after resuming,
after «prøv igjen herfra», on the projector and the phones and after a workshop is resumed — and what is stored
(choice IDs) never depends on it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from trainer.option_order import shown_order
from trainer.scenario.load import load_scenario
from trainer.services.cases import CaseRun, CaseService
from trainer.services.workshops import VotingConfig, WorkshopService
from trainer.session import Session

ROOT = Path(__file__).resolve().parents[2]
UI_DATA = ROOT / "tests" / "ui" / "data"
WORKSHOP_DATA = ROOT / "tests" / "workshop" / "data"
MATPAKKA = ROOT / "scenarios" / "eksempler" / "matpakka.yaml"


def _ids(run: CaseRun) -> list[str]:
    return [c.id for c in run.session.choices()]


@pytest.fixture
def cases(tmp_path: Path) -> Iterator[CaseService]:
    service = CaseService([UI_DATA], tmp_path / "progress.sqlite3")
    yield service
    service.close()


def test_an_order_is_a_permutation_that_depends_on_the_key() -> None:
    scenario = load_scenario(MATPAKKA).value
    assert scenario is not None
    seen = set()
    for key in range(20):
        session = Session(scenario=scenario, order_key=key)
        shown = []
        for node_id, node in scenario.nodes.items():
            ids = [c.id for c in session.options_at(node_id)]
            assert sorted(ids) == sorted(c.id for c in node.choices)
            shown.append(tuple(ids))
        seen.add(tuple(shown))
    assert len(seen) > 10  # 20 attempts do not all see the same order
    in_file = [c.id for c in scenario.nodes[scenario.start].choices]
    assert [c.id for c in Session(scenario=scenario).choices()] == in_file  # no key: the file's order


def test_a_resumed_attempt_shows_the_options_as_before(cases: CaseService) -> None:
    run = cases.start("stille-emma", "øving")
    assert run.attempt_id is not None and run.session.order_key == run.attempt_id
    first_shown = _ids(run)
    cases.choose(run, "1")  # the first option *as shown*
    taken = run.session.path[0]
    assert taken == first_shown[0]
    second_shown = _ids(run)
    (unfinished,) = cases.unfinished()
    resumed = cases.resume(unfinished)
    assert resumed.session.path == [taken]  # the store kept the choice ID, not the number
    assert _ids(resumed) == second_shown
    assert [c.id for c in resumed.session.options_at(resumed.session.nodes[0])] == first_shown


def test_retry_from_keeps_the_order_and_a_new_attempt_draws_again(cases: CaseService) -> None:
    run = cases.start("stille-emma", "øving")
    first_shown = _ids(run)
    cases.choose(run, "2")
    retry = cases.retry_from(run, 0)
    assert retry.attempt_id != run.attempt_id
    assert _ids(retry) == first_shown
    (unfinished, *_) = cases.unfinished()
    assert unfinished.id == retry.attempt_id
    assert _ids(cases.resume(unfinished)) == first_shown  # keyed on the first attempt of the chain
    orders = {tuple(_ids(cases.start("stille-emma", "øving"))) for _ in range(12)}
    assert len(orders) > 1


@pytest.fixture
def workshops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopService]:
    monkeypatch.setenv("BTI_TRENER_DATA", str(tmp_path))
    service = WorkshopService(
        CaseService([WORKSHOP_DATA], tmp_path / "progress.sqlite3"),
        plan_path=UI_DATA / "arshjul.yaml",
        store_path=tmp_path / "workshops.sqlite3",
        export_dir=tmp_path / "eksport",
        today=lambda: date(2025, 3, 3),
        voting=VotingConfig(port=0),
    )
    yield service
    service.close()


def test_projector_phones_record_and_resume_share_one_order(workshops: WorkshopService) -> None:
    run = workshops.start("gruppesak")
    workshop = run.workshop
    assert workshop.workshop_id is not None
    node = workshop.node
    assert node is not None
    expected = [c.id for c in shown_order(workshop.workshop_id, workshop.session.position, node.choices)]
    projector = [(o.letter, o.id) for o in workshop.options()]
    phones = [(o["letter"], o["id"]) for o in workshop.public_state()["options"]]  # type: ignore[attr-defined]
    assert [i for _, i in projector] == expected and phones == projector
    assert workshop.current is not None and list(workshop.current.options) == expected
    workshop.open_voting()
    workshop.set_hand_counts({expected.index("observer") + 1: 3})  # hands are counted per option as shown
    workshop.reveal()
    workshop.advance()
    assert workshop.session.path == ["observer"]
    second = [(o.letter, o.id) for o in workshop.options()]
    workshops.close()
    resumed = workshops.resume(workshop.workshop_id).workshop
    assert resumed.session.path == ["observer"]
    assert [(o.letter, o.id) for o in resumed.options()] == second
    assert list(resumed.decisions[0].options) == expected


def _play(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "play", str(MATPAKKA), *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def test_play_seed_draws_the_app_order_and_numbers_follow_it() -> None:
    scenario = load_scenario(MATPAKKA).value
    assert scenario is not None
    start = scenario.nodes[scenario.start]
    for seed in (3, 4):
        shown = shown_order(seed, scenario.start, start.choices)
        text = _play("--seed", str(seed), "--choose", "")
        listed = [line.strip() for line in text.splitlines() if line.startswith("    ") and line.strip()[:1].isdigit()]
        assert listed == [f"{n}. {c.text} ({c.id})" for n, c in enumerate(shown, 1)]
        assert _play("--seed", str(seed), "--choose", "") == text  # the same seed, the same order
        first = _play("--seed", str(seed), "--choose", "1")
        assert re.search(rf"^  1\. \[.*\({shown[0].id}\)$", first, flags=re.M), first
    without = _play("--choose", "")
    listed = [line.strip() for line in without.splitlines() if line.startswith("    ") and line.strip()[:1].isdigit()]
    assert listed == [f"{n}. {c.text} ({c.id})" for n, c in enumerate(start.choices, 1)]
