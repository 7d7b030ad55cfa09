"""The one workshop flow both faces use: start, resume (any paused workshop, same case, join code and port),
the årshjul's next case and its held sessions — through the service, and across the CLI and the app."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from trainer.services.cases import CaseService
from trainer.services.workshops import (
    DEFAULT_PORT,
    NoCaseForSession,
    VotingConfig,
    WorkshopFailure,
    WorkshopRun,
    WorkshopService,
    port_order,
)
from trainer.services.yearplan import held_dates, next_case, session_statuses
from trainer.workshop.store import WorkshopRow
from trainer.yearplan import load_plan

ROOT = Path(__file__).resolve().parents[2]
UI_DATA = ROOT / "tests" / "ui" / "data"
"""stille-emma, pauserommet, a broken file and an årshjul whose «mars-samtykke» session has both cases."""
WORKSHOP_DATA = ROOT / "tests" / "workshop" / "data"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("BTI_TRENER_DATA", str(folder))
    return folder


@pytest.fixture
def service(data_dir: Path) -> Iterator[WorkshopService]:
    opened = _service(data_dir)
    yield opened
    opened.close()


def _service(data_dir: Path, roots: list[Path] | None = None, voting: VotingConfig | None = None) -> WorkshopService:
    return WorkshopService(
        CaseService(roots or [UI_DATA], data_dir / "progress.sqlite3"),
        plan_path=UI_DATA / "arshjul.yaml",
        store_path=data_dir / "workshops.sqlite3",
        export_dir=data_dir / "eksport",
        today=lambda: date(2025, 3, 3),
        voting=voting or VotingConfig(port=0),
    )


def _play_to_the_end(run: WorkshopRun) -> None:
    workshop = run.workshop
    while not workshop.finished:
        workshop.open_voting()
        workshop.set_hand_counts({1: 1})
        workshop.reveal()
        workshop.advance()


# -- the voting page's ports ------------------------------------------------------------------------------


def test_the_port_order_is_the_workshops_own_then_the_one_asked_for_then_any() -> None:
    assert port_order(None, None) == [DEFAULT_PORT, 0]
    assert port_order(None, 9100) == [9100, DEFAULT_PORT, 0]
    assert port_order(9200, 9100) == [9100, 9200, 0]
    assert port_order(0, 9100) == [9100, 0]
    assert port_order(0, None) == [0]


def test_a_taken_port_falls_back_and_says_so(service: WorkshopService, data_dir: Path) -> None:
    first = service.start("stille-emma")
    service.start_server(first)
    assert first.server is not None
    taken = first.server.port
    other = _service(data_dir, voting=VotingConfig(port=taken))
    try:
        second = other.start("pauserommet")
        other.start_server(second)
        assert second.server is not None and second.server.port != taken
        assert second.server_note == f"Port {taken} var opptatt; bruker port {second.server.port}."
    finally:
        other.close()


# -- resuming -----------------------------------------------------------------------------------------------


def test_any_paused_workshop_resumes_with_its_case_join_code_and_port(data_dir: Path) -> None:
    first = _service(data_dir)
    older = first.start("stille-emma")
    first.start_server(older)
    newer = first.start("pauserommet")
    assert older.server is not None
    code, port = older.server.join_code, older.server.port
    older.workshop.open_voting()
    older.workshop.set_hand_counts({1: 2})
    first.close()

    second = _service(data_dir)
    try:
        assert [row.id for row in second.unfinished()] == [newer.workshop.workshop_id, older.workshop.workshop_id]
        resumed = second.resume(older.workshop.workshop_id)  # type: ignore[arg-type]
        assert resumed.resumed and resumed.workshop.scenario.id == "stille-emma"
        assert (resumed.join_code, resumed.port) == (code, port)
        assert resumed.workshop.progress() is not None and resumed.workshop.progress().hands == 2  # type: ignore[union-attr]
        second.start_server(resumed)
        assert resumed.server is not None and (resumed.server.join_code, resumed.server.port) == (code, port)
    finally:
        second.close()


def test_the_recorded_file_is_used_while_it_exists_else_the_library_entry(data_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "eget" / "stille-emma.yaml"
    copy.parent.mkdir()
    text = (UI_DATA / "stille-emma.yaml").read_text(encoding="utf-8")
    copy.write_text(text.replace("title:", "title: Kopi –", 1), encoding="utf-8")
    service = _service(data_dir)
    try:
        run = service.start(str(copy))
        assert run.workshop.info.scenario_source == str(copy.resolve())
        workshop_id = run.workshop.workshop_id
        assert workshop_id is not None
        assert service.resume(workshop_id).workshop.scenario.title.startswith("Kopi –")
        copy.unlink()
        service.close()
        service = _service(data_dir)
        from_library = service.resume(workshop_id).workshop.scenario
        assert from_library.id == "stille-emma" and not from_library.title.startswith("Kopi –")
    finally:
        service.close()


def test_a_case_gone_from_file_and_library_cannot_be_resumed(data_dir: Path, tmp_path: Path) -> None:
    library = tmp_path / "bibliotek"
    library.mkdir()
    shutil.copy(UI_DATA / "stille-emma.yaml", library)
    service = _service(data_dir, roots=[library])
    run = service.start("stille-emma")
    service.close()
    (library / "stille-emma.yaml").unlink()
    later = _service(data_dir, roots=[library])
    try:
        with pytest.raises(WorkshopFailure, match="finnes ikke lenger eller har feil"):
            later.resume(run.workshop.workshop_id)  # type: ignore[arg-type]
    finally:
        later.close()


def test_an_ended_workshop_is_opened_again_for_notes_and_a_new_export(service: WorkshopService) -> None:
    run = service.start("stille-emma")
    _play_to_the_end(run)
    first = service.finish(run.workshop)
    assert first.finished
    resumed = service.resume(run.workshop.workshop_id)  # type: ignore[arg-type]
    assert not resumed.workshop.ended and resumed.note is not None and "åpnet igjen" in resumed.note
    resumed.workshop.add_note("Etterord")
    assert service.finish(resumed.workshop).paths.markdown.read_text(encoding="utf-8").count("Etterord") == 1


# -- the årshjul ------------------------------------------------------------------------------------------


def test_the_next_case_is_the_first_not_yet_run_to_an_ending() -> None:
    plan = load_plan(UI_DATA / "arshjul.yaml").value
    assert plan is not None
    session = plan.session("mars-samtykke")
    assert session is not None

    def row(scenario_id: str, ending: str | None) -> WorkshopRow:
        return WorkshopRow(
            1, scenario_id, "", None, None, plan.season, session.id, None, "", None, ending, None, None, 0, 0
        )

    available = ["stille-emma", "pauserommet"]
    assert next_case(session, available, []) == "stille-emma"
    assert next_case(session, available, [row("stille-emma", None)]) == "stille-emma"  # not run to an ending
    assert next_case(session, available, [row("stille-emma", "slutt")]) == "pauserommet"
    assert next_case(session, available, [row("stille-emma", "a"), row("pauserommet", "b")]) == "stille-emma"
    assert next_case(session, [], []) is None


def test_a_session_started_without_a_case_runs_its_next_case(service: WorkshopService) -> None:
    first = service.start(None, "mars-samtykke")
    assert first.workshop.scenario.id == "stille-emma"
    assert first.workshop.info.plan_session_id == "mars-samtykke" and first.workshop.info.season == "2024–2025"
    _play_to_the_end(first)
    service.finish(first.workshop)
    year = service.year()
    assert year.current is not None
    second = service.start(None, "mars-samtykke")
    assert second.workshop.scenario.id == "pauserommet"
    assert service.pick_scenario(year, year.current) == "pauserommet"
    with pytest.raises(NoCaseForSession):
        _service_without_cases(service).start(None, "mars-samtykke")


def _service_without_cases(service: WorkshopService) -> WorkshopService:
    return WorkshopService(
        CaseService([WORKSHOP_DATA]), plan_path=UI_DATA / "arshjul.yaml", store_path=service.store_path()
    )


def test_held_sessions_are_counted_the_same_for_the_cli_and_the_app(service: WorkshopService, data_dir: Path) -> None:
    run = service.start(None, "aug-start")
    _play_to_the_end(run)
    service.finish(run.workshop)
    open_one = service.start(None, "okt-samtale")
    plan = load_plan(UI_DATA / "arshjul.yaml").value
    assert plan is not None
    held, error = held_dates(plan, data_dir / "workshops.sqlite3")
    statuses = service.year().statuses
    assert error is None and list(held) == ["aug-start"] and len(held["aug-start"]) == 1
    assert statuses["aug-start"].held_on == tuple(held["aug-start"])
    assert statuses["okt-samtale"].open_workshop == open_one.workshop.workshop_id and not statuses["okt-samtale"].held
    assert session_statuses(plan, []) == {s.id: statuses[s.id].__class__(s.status) for s in plan.sessions}
    assert held_dates(plan, data_dir / "finnes-ikke.sqlite3") == ({}, None)


# -- the CLI and the app share one flow ---------------------------------------------------------------------


def _cli(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(
        [sys.executable, "-m", "trainer", "workshop", *args],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        encoding="utf-8",
    )  # fmt: skip


def _code_and_port(output: str) -> tuple[str, int]:
    code = re.search(r"kode: ([A-Z2-9]{4})", output)
    port = re.search(r"\(Stemmesiden på denne maskinen: http://127\.0\.0\.1:(\d+)/\)", output)
    assert code and port, output
    return code[1], int(port[1])


def test_the_cli_resumes_a_workshop_paused_in_the_app_with_the_same_code_and_port(data_dir: Path) -> None:
    app_side = _service(data_dir)
    run = app_side.start("stille-emma")
    app_side.start_server(run)
    assert run.server is not None
    code, port = run.server.join_code, run.server.port
    app_side.close()  # the app was closed mid-workshop

    cli = _cli(data_dir, "--resume", str(run.workshop.workshop_id))
    out, err = cli.communicate("q\n", timeout=120)
    assert cli.returncode == 0, out + err
    assert "Workshop: " in out and _code_and_port(out) == (code, port)


def test_the_app_resumes_a_workshop_paused_in_the_cli_with_the_same_code_and_port(data_dir: Path) -> None:
    cli = _cli(data_dir, str(UI_DATA / "stille-emma.yaml"), "--port", "0")
    assert cli.stdout is not None
    seen = ""
    while "(Stemmesiden på denne maskinen:" not in seen:
        line = cli.stdout.readline()
        assert line, seen
        seen += line
    cli.kill()  # Ctrl-C or a closed terminal: nothing was ended
    cli.wait(timeout=20)
    code, port = _code_and_port(seen)

    app_side = _service(data_dir)
    try:
        (row,) = app_side.unfinished()
        resumed = app_side.resume(row.id)
        assert resumed.workshop.scenario.id == "stille-emma"
        app_side.start_server(resumed)
        assert resumed.server is not None and (resumed.server.join_code, resumed.server.port) == (code, port)
    finally:
        app_side.close()
