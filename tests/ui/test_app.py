"""Pilot tests of the TUI: home, library, summary, playing in both modes, debrief, retry, resume, progress."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DataTable, Input, OptionList, Select, Static

from trainer.progress import ProgressStore
from trainer.session import Session
from trainer.ui.app import TrainerApp
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.error import ErrorScreen
from trainer.ui.screens.feedback import FeedbackScreen
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.learner import LearnerScreen
from trainer.ui.screens.library import LibraryScreen
from trainer.ui.screens.play import PlayScreen
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.summary import CaseSummaryScreen
from trainer.ui.themes import HIGH_CONTRAST, NORMAL_THEME
from trainer.ui.widgets.case_panel import CasePanel
from trainer.ui.widgets.finding_view import FindingView
from trainer.ui.widgets.key_bar import KeyBar
from trainer.ui.widgets.level_ladder import LevelLadder

from .helpers import at_screen, choose, play_path, ready_to_choose, wait_for

MakeApp = Callable[..., TrainerApp]

# stille-emma: 1 observer → 1 drofte → 1 samtykke is the good path; 2 ring-mor → 1 → 2 del-uten the bad one.
GOOD_PATH = [1, 1, 1]
BAD_PATH = [2, 1, 2]


def text_of(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.render())


def menu_prompts(app: TrainerApp) -> list[str]:
    """The prompts of the home menu."""
    menu = app.screen.query_one("#home-menu", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def open_library(pilot) -> LibraryScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f3")
    await at_screen(pilot, LibraryScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.query_one("#cases", DataTable).row_count > 0, what="library rows")
    return screen


async def start_case(pilot, title: str, mode_key: str = "o") -> PlayScreen:  # type: ignore[no-untyped-def]
    """From anywhere: open the library, put the cursor on ``title``, open its summary and start it."""
    library = await open_library(pilot)
    table = library.query_one("#cases", DataTable)
    titles = [table.get_row_at(i)[0] for i in range(table.row_count)]
    table.move_cursor(row=titles.index(title))
    table.focus()
    await pilot.press("enter")
    await at_screen(pilot, CaseSummaryScreen)
    await pilot.press(mode_key)
    await at_screen(pilot, PlayScreen)
    await ready_to_choose(pilot)
    return pilot.app.screen


# -- home ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_start_shows_home_with_recommendation_and_month_slot(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Anbefalt" in p for p in menu_prompts(app)), what="recommendation")
        prompts = menu_prompts(app)
        assert any("Anbefalt neste sak: «Spørsmål på pauserommet»" in p for p in prompts)
        assert any(p.startswith("Bibliotek") for p in prompts)
        assert "Denne måneden" in text_of(app.screen.query_one("#this-month", Static))
        assert app.current_mode == "hjem"


async def test_learner_form_saves_name_unit_and_role(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, LearnerScreen), what="learner form")
        await pilot.press(*"Kari")
        await pilot.press("enter")
        await pilot.press(*"Blåklokka")
        await pilot.press("enter", *"pedagogisk leder", "enter")
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: "Kari" in text_of(app.screen.query_one("#who", Static)), what="greeting")
        assert "Blåklokka, pedagogisk leder" in text_of(app.screen.query_one("#who", Static))
    with ProgressStore(store_path) as store:
        learner = store.get_learner()
    assert (learner.name, learner.unit, learner.role) == ("Kari", "Blåklokka", "pedagogisk leder")


async def test_learner_form_can_be_cancelled(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, LearnerScreen), what="learner form")
        await pilot.press(*"X", "escape")
        await at_screen(pilot, HomeScreen)
        assert "Hei!" in text_of(app.screen.query_one("#who", Static))


async def test_home_key_bar_lists_the_keys_and_a_click_presses_one(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await at_screen(pilot, HomeScreen)
        bar = app.screen.query_one(KeyBar)
        assert bar.keys == [
            ("b", "Bibliotek"), ("f", "Fremgang"), ("m", "Om meg"), ("^q", "Avslutt"), ("f1", "Hjelp"),
            ("^p", "Kommandoer"),
        ]
        # « f Fremgang » starts after « b Bibliotek » and one space: column 13.
        await pilot.click(KeyBar, offset=(14, 0))
        await at_screen(pilot, ProgressScreen)
        await pilot.press("f2")
        await at_screen(pilot, HomeScreen)
        await pilot.click(KeyBar, offset=(2, 0))
        await at_screen(pilot, LibraryScreen)


# -- library ------------------------------------------------------------------------------------
async def test_library_lists_every_case_and_the_broken_file(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        library = await open_library(pilot)
        table = library.query_one("#cases", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [r[0] for r in rows] == ["Emma er blitt stille", "Spørsmål på pauserommet", "odelagt.yaml"]
        assert rows[0][1] == "ikke prøvd"
        assert rows[0][2:] == ["undring, samtykke", "barnehage", "0–6 år", "0–1", "5", "lett"]
        assert rows[2][1] == "feil i fila"
        assert "1 med feil i fila" in text_of(library.query_one("#library-count", Static))


async def test_library_filters_and_search(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        library = await open_library(pilot)
        table = library.query_one("#cases", DataTable)

        library.query_one("#filter-theme", Select).value = "taushetsplikt"
        await pilot.pause()
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["Spørsmål på pauserommet"]

        library.query_one("#filter-theme", Select).clear()
        library.query_one("#filter-level", Select).value = "1"
        await pilot.pause()
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["Emma er blitt stille"]

        library.query_one("#filter-level", Select).clear()
        library.query_one("#filter-status", Select).value = "feil i fila"
        await pilot.pause()
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["odelagt.yaml"]

        library.query_one("#filter-status", Select).clear()
        await pilot.press("slash")
        assert isinstance(library.focused, Input)
        await pilot.press(*"kollega")
        await pilot.pause()
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["Spørsmål på pauserommet"]

        await pilot.press(*"zzz")
        await pilot.pause()
        assert table.row_count == 0
        assert "ingen saker passer" in text_of(library.query_one("#library-count", Static))

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert table.row_count == 3


async def test_an_open_filter_list_is_closed_with_escape_described_in_norwegian(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        library = await open_library(pilot)
        select = library.query_one("#filter-status", Select)
        select.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: select.expanded, what="the list open")
        shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert "Lukk listen" in shown and "Dismiss menu" not in shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: not select.expanded, what="the list closed")
        assert isinstance(app.screen, LibraryScreen)  # Escape closed the list, not the library


async def test_case_summary_shows_learning_goals_and_modes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await open_library(pilot)
        await pilot.press("enter")
        await at_screen(pilot, CaseSummaryScreen)
        summary = app.screen
        assert "Emma (4)" in text_of(summary.query_one("#summary-text", Static))
        assert "Skrive ned konkrete observasjoner" in text_of(summary.query_one("#summary-goals", Static))
        assert summary.query_one("#start-oving") and summary.query_one("#start-prove")
        await pilot.press("escape")
        await at_screen(pilot, LibraryScreen)


async def test_broken_file_summary_shows_the_problem(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        library = await open_library(pilot)
        library.query_one("#cases", DataTable).move_cursor(row=2)
        await pilot.press("enter")
        await at_screen(pilot, CaseSummaryScreen)
        problems = text_of(app.screen.query_one("#summary-problems", Static))
        assert "YAML001" in problems and "odelagt.yaml" in problems
        assert not app.screen.query("#start-oving")
        await pilot.press("o")  # cannot start a broken file
        await pilot.pause()
        assert isinstance(app.screen, CaseSummaryScreen)


# -- playing ------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_play_whole_case_in_oving_mode_shows_feedback(
    make_app: MakeApp, store_path: Path, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        play = await start_case(pilot, "Emma er blitt stille", "o")
        assert play.run.session.mode == "øving"
        assert play.query_one(LevelLadder).level == 0

        # The screen shows exactly what the engine finds at each step (asked here without the UI).
        engine = Session(play.run.scenario, play.run.session.profile)
        for step, choice_id in enumerate(["observer", "drofte"]):
            expected = engine.choose(choice_id).findings
            await ready_to_choose(pilot)
            await choose(pilot, 1)
            assert isinstance(app.screen, FeedbackScreen)
            feedback = app.screen
            assert text_of(feedback.query_one(".dialog-title", Static)) == f"Tilbakemelding på valg {step + 1}"
            shown = [v.finding for v in feedback.query(FindingView).results(FindingView)]
            broken_first = sorted(expected, key=lambda f: f.outcome != "brutt")
            assert [(f.rule_id, f.outcome) for f in shown] == [(f.rule_id, f.outcome) for f in broken_first]
            if not expected:
                assert feedback.query("#feedback-none")
            if step == 0:
                assert "Konkrete observasjoner" in text_of(feedback.query_one("#feedback-author", Static))
            await pilot.press("enter")

        await play_path(pilot, [1])
        await at_screen(pilot, DebriefScreen)
        assert "BESTÅTT" in text_of(app.screen.query_one("#verdict", Static))
    with ProgressStore(store_path) as store:
        (attempt,) = store.attempts()
        assert attempt.finished and attempt.passed and attempt.decisions == 3
        assert store.decision_path(attempt.id) == [
            ("morgen", "observer"),
            ("leder", "drofte"),
            ("foreldre", "samtykke"),
        ]


async def test_side_panel_follows_the_case_and_can_be_hidden(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        play = await start_case(pilot, "Emma er blitt stille", "p")
        panel = play.query_one(CasePanel)
        assert text_of(panel.query_one("#panel-day", Static)) == "Dag 0"
        await play_path(pilot, [1, 1])  # arriving at «foreldre» takes three days
        await wait_for(pilot, lambda: text_of(panel.query_one("#panel-day", Static)) == "Dag 3", what="day 3")
        assert "▶0" in text_of(panel.query_one("#rung-0", Static))
        assert panel.query_one("#rung-0", Static).has_class("-current")
        await pilot.press("s")
        assert not panel.display
        await pilot.press("s")
        assert panel.display


async def test_play_in_prove_mode_gives_no_feedback_until_the_end(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        play = await start_case(pilot, "Emma er blitt stille", "p")
        assert play.run.session.mode == "prøve"
        for number in BAD_PATH[:-1]:
            await choose(pilot, number)
            assert isinstance(app.screen, PlayScreen), "prøve mode must not show feedback during the case"
            assert not app.screen.query(FindingView)
        await choose(pilot, BAD_PATH[-1])
        await at_screen(pilot, DebriefScreen)
        debrief = app.screen
        assert "IKKE BESTÅTT" in text_of(debrief.query_one("#verdict", Static))
        assert "SAM-01" in text_of(debrief.query_one("#verdict-summary", Static))
    with ProgressStore(store_path) as store:
        (attempt,) = store.attempts()
        assert attempt.mode == "prøve" and attempt.passed is False


async def test_debrief_shows_findings_timeline_transcript_and_reflection(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_case(pilot, "Emma er blitt stille", "p")
        await play_path(pilot, BAD_PATH)
        await at_screen(pilot, DebriefScreen)
        debrief = app.screen
        views = list(debrief.query("#findings FindingView").results(FindingView))
        broken = [v for v in views if v.finding.outcome == "brutt"]
        followed = [v for v in views if v.finding.outcome == "fulgt"]
        assert broken and followed
        assert views.index(broken[-1]) < views.index(followed[0]), "broken findings come first"
        serious = next(v for v in broken if v.finding.rule_id == "SAM-01")
        lines = [text_of(s) for s in serious.query(Static)]
        assert lines[0].startswith("✗ SAM-01 [alvorlig]")
        assert lines[1].startswith("Du delte opplysninger med"), "a finding says what the learner did"
        assert any(line.startswith("Bedre: ") for line in lines)
        assert any(line.startswith("Kilde: ") and "forvaltningsloven" in line for line in lines)
        assert "Taushetsplikten i samhandlingsrommet" in text_of(debrief.query_one("#area-bars", Static))
        assert "Nivå 0 │ ●" in text_of(debrief.query_one("#level-chart", Static))
        transcript = debrief.query_one("#transcript", OptionList)
        assert str(transcript.get_option_at_index(0).prompt).startswith("1. Mandag morgen: Du ringer mor")
        assert "Hvorfor trenger du samtykke" in text_of(debrief.query_one("#reflection", Static))
        await pilot.press("n")
        assert debrief.query_one("TabbedContent").active == "tab-findings"


async def test_retry_from_here_creates_a_second_attempt(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await start_case(pilot, "Emma er blitt stille", "o")
        await play_path(pilot, BAD_PATH)
        await at_screen(pilot, DebriefScreen)
        await pilot.press("r")
        await pilot.press("down", "down", "enter")  # decision 3: redo the last choice
        await at_screen(pilot, PlayScreen)
        play = app.screen
        assert play.run.session.path == ["ring-mor", "drofte"]
        assert play.run.session.position == "foreldre"
        await play_path(pilot, [1])
        await at_screen(pilot, DebriefScreen)
    with ProgressStore(store_path) as store:
        attempts = store.attempts()
        assert len(attempts) == 2
        new, old = attempts
        assert new.retry_of == old.id
        assert store.decision_path(new.id) == [("morgen", "ring-mor"), ("leder", "drofte"), ("foreldre", "samtykke")]
        assert all(a.finished for a in attempts)


async def test_resume_an_interrupted_attempt(make_app: MakeApp, store_path: Path) -> None:
    with ProgressStore(store_path) as store:
        attempt_id = store.start_attempt("stille-emma", "øving", "standard")
        store.record_decision(attempt_id, 0, "morgen", "observer")
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett" in p for p in menu_prompts(app)), what="resume entry")
        prompts = menu_prompts(app)
        assert prompts[0].startswith("Fortsett «Emma er blitt stille» (øving, 1 valg tatt")
        await pilot.press("enter")
        await at_screen(pilot, PlayScreen)
        play = app.screen
        assert play.run.attempt_id == attempt_id
        assert play.run.session.path == ["observer"] and play.run.session.position == "leder"
        await play_path(pilot, [1, 1])
        await at_screen(pilot, DebriefScreen)
        await pilot.press("escape")
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: not any("Fortsett" in p for p in menu_prompts(app)), what="resume gone")
    with ProgressStore(store_path) as store:
        assert store.unfinished() == []
        assert store.attempt(attempt_id).passed is True  # type: ignore[union-attr]


async def test_pause_then_resume_from_home(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await start_case(pilot, "Emma er blitt stille", "p")
        await choose(pilot, 1)
        await pilot.press("escape")
        await at_screen(pilot, LibraryScreen)
        await pilot.press("f2")
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett" in p for p in menu_prompts(app)), what="resume entry")
        await pilot.press("enter")
        await at_screen(pilot, PlayScreen)
        assert app.screen.run.session.path == ["observer"]


async def test_resume_when_the_case_was_changed_shows_the_note(make_app: MakeApp, store_path: Path) -> None:
    with ProgressStore(store_path) as store:
        store.start_attempt("stille-emma", "prøve", "standard")
        store.record_decision(1, 0, "morgen", "valg-som-er-borte")
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett" in p for p in menu_prompts(app)), what="resume entry")
        await pilot.press("enter")
        await at_screen(pilot, PlayScreen)
        note = text_of(app.screen.query_one("#play-note", Static))
        assert "Saken er endret" in note and "valg-som-er-borte" in note
        assert app.screen.run.session.path == []
        await choose(pilot, 1)  # the new decision replaces the stale one
    with ProgressStore(store_path) as store:
        assert store.decision_path(1) == [("morgen", "observer")]


async def test_resume_of_a_case_that_is_gone_ends_the_attempt(make_app: MakeApp, store_path: Path) -> None:
    with ProgressStore(store_path) as store:
        store.start_attempt("finnes-ikke", "øving", "standard")
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett" in p for p in menu_prompts(app)), what="resume entry")
        await pilot.press("enter")
        await at_screen(pilot, ErrorScreen)
        assert "finnes ikke lenger" in text_of(app.screen.query_one("#error-message", Static))
    with ProgressStore(store_path) as store:
        assert store.unfinished() == []
        assert "finnes ikke lenger" in (store.attempt(1).note or "")  # type: ignore[union-attr]


# -- progress -----------------------------------------------------------------------------------
async def test_progress_after_two_attempts_shows_both(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_case(pilot, "Spørsmål på pauserommet", "p")
        await play_path(pilot, [2])
        await at_screen(pilot, DebriefScreen)
        await start_case(pilot, "Spørsmål på pauserommet", "p")
        await play_path(pilot, [1])
        await at_screen(pilot, DebriefScreen)
        await pilot.press("f4")
        await at_screen(pilot, ProgressScreen)
        progress = app.screen
        table = progress.query_one("#attempts", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2, what="two attempts")
        rows = [table.get_row_at(i) for i in range(2)]
        assert [r[2] for r in rows] == ["bestått", "ikke bestått"]
        assert rows[0][0] == "03.03.2025 09.03"  # start, decision and finish of the first attempt took 09.00–09.02
        trend = text_of(progress.query_one("#trend", Static))
        assert "Taushetsplikten i samhandlingsrommet" in trend and "siste 100" in trend
        most_broken = text_of(progress.query_one("#most-broken", Static))
        counts = await asyncio.to_thread(lambda: app.cases.store().rule_counts())
        top, broken, followed = counts[0]
        assert most_broken.startswith(f"{top} ")
        assert f"brutt {broken} {'gang' if broken == 1 else 'ganger'}, fulgt {followed}" in most_broken.splitlines()[0]
        assert "TP-01 Del bare når du har et lovlig grunnlag – brutt 1 gang, fulgt 1" in most_broken
        practise = progress.query_one("#practise", OptionList)
        assert str(practise.get_option_at_index(0).prompt).startswith(f"«Spørsmål på pauserommet» – du brøt {top}")

        # the library shows the status too
        await pilot.press("f3")
        await at_screen(pilot, LibraryScreen)
        cases = app.screen.query_one("#cases", DataTable)
        await wait_for(pilot, lambda: cases.row_count == 3, what="library rows")
        best = max(a.overall for a in await asyncio.to_thread(lambda: app.cases.store().attempts()))
        assert cases.get_row_at(1)[1] == f"bestått ({best})"


# -- errors, help, theme, palette -------------------------------------------------------------------
async def test_unusable_progress_file_shows_norwegian_error_and_play_goes_on(
    make_app: MakeApp, data_dir: Path
) -> None:
    folder = data_dir / "er-en-mappe"
    folder.mkdir()
    app = make_app(store=folder)
    async with app.run_test() as pilot:
        await at_screen(pilot, ErrorScreen)
        assert "er en mappe" in text_of(app.screen.query_one("#error-message", Static))
        await pilot.press("enter")
        await at_screen(pilot, HomeScreen)
        play = await start_case(pilot, "Spørsmål på pauserommet", "o")
        assert play.run.attempt_id is None
        await play_path(pilot, [1])
        await at_screen(pilot, DebriefScreen)


async def test_help_opens_with_f1_and_question_mark(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("f1")
        await at_screen(pilot, HelpScreen)
        await pilot.press("escape")
        await at_screen(pilot, HomeScreen)
        await pilot.press("question_mark")
        await at_screen(pilot, HelpScreen)
        await pilot.press("question_mark")
        await at_screen(pilot, HomeScreen)


async def test_high_contrast_toggles_with_ctrl_t(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        assert app.theme == NORMAL_THEME
        await pilot.press("ctrl+t")
        assert app.theme == HIGH_CONTRAST.name
        await pilot.press("ctrl+t")
        assert app.theme == NORMAL_THEME


async def test_command_palette_finds_cases_and_actions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sak: pauserommet")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await at_screen(pilot, CaseSummaryScreen)
        assert app.screen.entry.id == "pauserommet"
        await pilot.press("escape")
        await at_screen(pilot, HomeScreen)

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"gå til: Fremgang")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await at_screen(pilot, ProgressScreen)
        assert app.current_mode == "fremgang"

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tema: høy kontrast")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST.name


async def test_missing_library_folder_still_starts(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app(roots=[data_dir / "finnes-ikke"])
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("f3")
        await at_screen(pilot, LibraryScreen)
        count = app.screen.query_one("#library-count", Static)
        await wait_for(pilot, lambda: "Biblioteket kunne ikke leses" in text_of(count), what="library problem")
        assert app.screen.query_one("#cases", DataTable).row_count == 0


async def test_recommended_case_opens_its_summary(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: menu_prompts(app)[0].startswith("Anbefalt"), what="recommendation")
        await pilot.press("enter")
        await at_screen(pilot, CaseSummaryScreen)
        assert app.screen.entry.id == "pauserommet"


async def test_resume_of_a_path_that_already_reached_an_ending_opens_the_debrief(
    make_app: MakeApp, store_path: Path
) -> None:
    # The app was closed after the last decision was saved but before the result was.
    with ProgressStore(store_path) as store:
        attempt_id = store.start_attempt("pauserommet", "prøve", "standard")
        store.record_decision(attempt_id, 0, "pause", "taus")
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett" in p for p in menu_prompts(app)), what="resume entry")
        await pilot.press("enter")
        await at_screen(pilot, DebriefScreen)
    with ProgressStore(store_path) as store:
        attempt = store.attempt(attempt_id)
        assert attempt is not None and attempt.finished and attempt.ending == "slutt-god"


async def test_learner_form_takes_a_fast_burst_of_typing_into_the_right_fields(
    make_app: MakeApp, store_path: Path
) -> None:
    """Name, Tab, unit, Tab, role typed in one burst right after «m» (issue 20.7): every key lands where it was
    meant, even before the form has drawn."""
    app = make_app()
    async with app.run_test() as pilot:
        await at_screen(pilot, HomeScreen)
        burst = ["m", *"Kari", "tab", *"Solsikken", "tab", *"styrer", "enter"]
        for key in burst:  # posted at once, as a terminal delivers a fast typist's (or a paste's) keys
            app.post_message(events.Key(key, "\t" if key == "tab" else "\r" if key == "enter" else key))
        await wait_for(pilot, lambda: isinstance(app.screen, LearnerScreen), what="learner form")
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: "Kari" in text_of(app.screen.query_one("#who", Static)), what="greeting")
    with ProgressStore(store_path) as store:
        learner = store.get_learner()
    assert (learner.name, learner.unit, learner.role) == ("Kari", "Solsikken", "styrer")
