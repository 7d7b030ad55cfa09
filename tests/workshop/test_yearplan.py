"""The årshjul format: loading with file:line problems, the coverage check, and "this month"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scoring.vocabulary import COMPETENCE_AREAS
from trainer.yearplan import (
    MONTHS,
    YearPlan,
    bundled_plan_path,
    check_plan,
    current_session,
    load_plan,
    next_session,
)

DATA = Path(__file__).resolve().parent / "data"

#: The scenario IDs the bundled library has or is getting (the default årshjul may only use these).
LIBRARY_IDS = {
    "koppen-som-flaug", "stille-paa-avdelingen", "blaamerker-paa-rare-steder", "spraaket-som-ikke-kommer",
    "jordmor-og-cannabis", "sytten-og-gravid", "ni-hull-tre-uteblivelser", "foreldrene-som-ikke-svarer",
    "ung-mor-paa-nav", "ny-kjaereste-i-huset", "overgang-til-skolen", "mandagsfravaer",
    "helsesykepleieren-og-rektor", "stafetten-som-falt", "samtykket-som-ble-strukket", "anonymt-i-bygda",
    "mor-sier-nei", "du-faar-ikke-si-det", "ny-i-norge", "tiltaket-virket", "eleven-som-slo",
    "hasj-i-friminuttet", "gjengen-ved-kiosken", "skolevegring", "jeg-bestemmer-selv", "trusselen-paa-snap",
    "fra-barnevern-til-nav", "ungdomsklubben", "slt-motet-i-mars", "bup-henvisningen", "ansvarsgruppa",
}  # fmt: skip


def _load(name: str) -> tuple[YearPlan, object]:
    result = load_plan(DATA / name, display_path=name)
    assert result.value is not None, [p.format() for p in result.problems]
    return result.value, result.marks


# -- the bundled årshjul ------------------------------------------------------------------------------


def test_bundled_plan_loads_covers_every_module_and_runs_august_to_june() -> None:
    result = load_plan(bundled_plan_path())
    assert result.ok, [p.format() for p in result.problems]
    plan = result.value
    assert plan is not None
    assert plan.missing_modules() == []
    assert plan.sessions[0].month_name == "august" and plan.sessions[-1].month_name == "juni"
    months = {s.month_name for s in plan.sessions}
    assert months == set(MONTHS) - {"juli"}
    for session in plan.sessions:
        assert 2 <= len(session.scenarios) <= 3, session.id
    # no structural problems at all when the library is not consulted
    assert check_plan(plan, None, marks=result.marks) == []


def test_bundled_plan_uses_only_library_ids() -> None:
    plan = load_plan(bundled_plan_path()).value
    assert plan is not None
    assert set(plan.scenario_ids()) <= LIBRARY_IDS
    assert "koppen-som-flaug" in plan.scenario_ids()


def test_bundled_plan_is_not_taken_for_a_scenario() -> None:
    from trainer.library_files import discover

    assert bundled_plan_path() not in discover([bundled_plan_path().parent])


# -- loading ------------------------------------------------------------------------------------------


def test_broken_file_gives_file_line_errors() -> None:
    result = load_plan(DATA / "arshjul-feil.yaml", display_path="arshjul-feil.yaml")
    assert result.value is None
    found = {(p.code, p.line) for p in result.problems}
    assert ("SCH003", 8) in found  # month: oktobr
    assert ("SCH002", 14) in found  # titel
    assert ("SCH003", 17) in found  # samtale-foresatt
    month = next(p for p in result.problems if p.line == 8)
    assert "mente du «oktober»" in month.message
    assert month.format().startswith("arshjul-feil.yaml:8:12: SCH003 ")


def test_month_or_date_is_required(tmp_path: Path) -> None:
    path = tmp_path / "arshjul.yaml"
    path.write_text(
        "season: '2026–2027'\nkommune: K\nunit: U\nsessions:\n"
        "  - id: a\n    title: T\n    theme: T\n    modules: [holdninger]\n",
        encoding="utf-8",
    )
    result = load_plan(path)
    assert result.value is None
    assert any("month" in p.message and "date" in p.message and p.line == 5 for p in result.problems)


def test_a_date_gives_the_month(tmp_path: Path) -> None:
    plan, _ = _load("arshjul-ok.yaml")
    november = plan.session("nov-foresatte")
    assert november is not None and november.month_name == "november" and november.date == date(2026, 11, 12)
    assert plan.calendar_year(plan.sessions[-1]) == 2027
    assert plan.calendar_year(plan.sessions[0]) == 2026


# -- the check ----------------------------------------------------------------------------------------


def test_complete_plan_passes_the_check() -> None:
    plan, marks = _load("arshjul-ok.yaml")
    assert check_plan(plan, ["gruppesak"], marks=marks, path="arshjul-ok.yaml") == []


def test_check_reports_unknown_cases_missing_modules_and_order() -> None:
    plan, marks = _load("arshjul-mangler.yaml")
    problems = check_plan(plan, ["gruppesak"], marks=marks, path="arshjul-mangler.yaml")
    by_code: dict[str, list] = {}
    for problem in problems:
        by_code.setdefault(problem.code, []).append(problem)
    # unknown scenarios, at the line of the list item, with a suggestion for a typo
    unknown = {(p.line, p.col) for p in by_code["ARS001"]}
    assert unknown == {(12, 28), (18, 17)}
    assert "mente du «gruppesak»" in next(p for p in by_code["ARS001"] if p.line == 12).message
    # every missing module is named
    (missing,) = by_code["ARS003"]
    for module in set(COMPETENCE_AREAS) - {"samtale-barn", "kartlegging-undring"}:
        assert f"«{module}»" in missing.message
    assert missing.is_error
    # duplicate ID is an error, order and duplicate month are warnings
    assert by_code["ARS004"][0].line == 19 and by_code["ARS004"][0].is_error
    assert not by_code["ARS006"][0].is_error and by_code["ARS006"][0].line == 14
    assert not by_code["ARS007"][0].is_error
    assert by_code["ARS005"][0].line == 21
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_check_tells_a_broken_scenario_from_a_missing_one() -> None:
    plan, marks = _load("arshjul-ok.yaml")
    problems = check_plan(plan, [], broken_scenarios=["gruppesak"], marks=marks)
    assert {p.code for p in problems} == {"ARS002"}
    assert len(problems) == 4


def test_same_month_on_different_arenas_is_fine(tmp_path: Path) -> None:
    plan = load_plan(bundled_plan_path()).value
    assert plan is not None
    august = [s for s in plan.sessions if s.month_name == "august"]
    assert len(august) == 2 and august[0].arena != august[1].arena
    assert not any(p.code == "ARS007" for p in check_plan(plan, None))


# -- this month ---------------------------------------------------------------------------------------


def test_current_session_matches_the_month_in_any_year() -> None:
    plan, _ = _load("arshjul-ok.yaml")
    assert current_session(plan, date(2026, 10, 1)).id == "okt-samtale"  # type: ignore[union-attr]
    assert current_session(plan, date(2031, 10, 30)).id == "okt-samtale"  # type: ignore[union-attr]
    assert current_session(plan, date(2027, 7, 1)) is None
    assert current_session(plan, date(2026, 9, 15)) is None
    assert current_session(plan, date(2026, 11, 20)).id == "nov-foresatte"  # type: ignore[union-attr]


def test_current_session_prefers_a_planned_one() -> None:
    plan = load_plan(bundled_plan_path()).value
    assert plan is not None
    assert current_session(plan, date(2026, 8, 20)).id == "aug-nyansatt"  # type: ignore[union-attr]
    held = plan.model_copy(
        update={"sessions": [plan.sessions[0].model_copy(update={"status": "gjennomført"}), *plan.sessions[1:]]}
    )
    assert current_session(held, date(2026, 8, 20)).id == "aug-handlingsveilederen"  # type: ignore[union-attr]


def test_next_session_wraps_round_the_year() -> None:
    plan, _ = _load("arshjul-ok.yaml")
    assert next_session(plan, date(2026, 9, 1)).id == "okt-samtale"  # type: ignore[union-attr]
    # mai is gjennomført, so after mai the wheel goes round to august
    assert next_session(plan, date(2027, 5, 2)).id == "aug-start"  # type: ignore[union-attr]


@pytest.mark.parametrize("season", ["2026-2027", "2026 – 2027"])
def test_season_accepts_hyphen_or_dash(season: str, tmp_path: Path) -> None:
    path = tmp_path / "arshjul.yaml"
    path.write_text(
        f"season: '{season}'\nkommune: K\nunit: U\nsessions:\n"
        "  - {id: a, month: mai, title: T, theme: T, modules: [holdninger]}\n",
        encoding="utf-8",
    )
    result = load_plan(path)
    assert result.ok and result.value is not None and result.value.years == (2026, 2027)
