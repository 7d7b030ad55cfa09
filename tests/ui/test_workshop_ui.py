"""Pilot tests of the workshop (fasilitator) mode and the årshjul in the TUI.

The fixture library's «Emma er blitt stille» has three decisions: morgen (observer / ring-mor), leder (drofte,
the only option) and foreldre (samtykke / del-uten); the letters they are shown under are drawn per workshop.
The fixture årshjul (tests/ui/data) has its current session in March, the frozen month of the tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.widgets import Digits, Input, OptionList, Static

from trainer.services.cases import CaseService
from trainer.services.workshops import VotingConfig, WorkshopService
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.library import LibraryScreen
from trainer.ui.screens.session_choice import SessionChoiceScreen
from trainer.ui.screens.summary import CaseSummaryScreen
from trainer.ui.screens.workshop import WorkshopScreen
from trainer.ui.screens.workshop_forms import (
    ChooseOptionScreen,
    ConfirmScreen,
    CountdownScreen,
    HandCountScreen,
    NoteScreen,
    ParticipantsScreen,
)
from trainer.ui.screens.yearplan import YearPlanScreen
from trainer.ui.themes import HIGH_CONTRAST
from trainer.ui.widgets.area_bars import AreaBars
from trainer.ui.widgets.finding_view import FindingView
from trainer.workshop.server import lan_address
from trainer.workshop.state import OptionView
from trainer.workshop.store import WorkshopStore

from .conftest import DATA, JOIN_CODE, TODAY
from .helpers import (
    at_screen,
    follow_majority,
    idle,
    letter_of,
    next_decision,
    open_workshop_from_library,
    presenter_ready,
    reveal,
    settle,
    this_month_on_top,
    type_hands,
    vote_by_phone,
    votes_shown,
    wait_for,
)

MakeApp = Callable[..., TrainerApp]


def text_of(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.render())


def menu_prompts(app: TrainerApp) -> list[str]:
    """The prompts of the home menu."""
    menu = app.screen.query_one("#home-menu", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


def stage_text(screen: WorkshopScreen) -> str:
    """Every Static on the stage, as plain text."""
    return "\n".join(text_of(s) for s in screen.query_one("#ws-stage").query(Static))


# -- the whole workshop ---------------------------------------------------------------------------
async def test_workshop_from_a_case_hands_phones_reveal_majority_override_note_and_export(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop_from_library(pilot)
        run = screen.run
        workshop = run.workshop
        server = run.server
        assert server is not None and server.running and server.loopback_only
        assert server.host == "127.0.0.1" and server.join_code == JOIN_CODE
        # no 127.0.0.1 for phones: the projector says they cannot join until l opens the page on the network
        assert text_of(screen.query_one("#ws-url", Static)) == "Telefonene kan ikke bli med ennå."
        assert "K 7 Q M" in text_of(screen.query_one("#ws-code", Static))
        # The presenter: the case introduction, the decision, the discussion prompt and lettered options.
        text = stage_text(screen)
        assert "Emma (4) har vært stille" in text
        assert "Til diskusjon: Hva vet dere egentlig om Emma nå" in text
        assert " A " in text_of(screen.query_one("#option-A", Static))
        observe, call = letter_of(screen, "observer"), letter_of(screen, "ring-mor")  # the order is drawn
        assert {observe, call} == {"A", "B"}
        assert "Du ringer mor" in text_of(screen.query_one(f"#option-{call}", Static))

        # Decision 1: three hands for observer, one for ring-mor; two phones (one through the server, one through
        # the session).
        await type_hands(pilot, screen, {"observer": 3, "ring-mor": 1})
        assert workshop.phase == "voting"
        await vote_by_phone(server.url, 0, "observer", "telefon-0001")
        await asyncio.to_thread(workshop.add_device_vote, "telefon-0002", "ring-mor", 0)
        await votes_shown(pilot, screen, 6)
        detail = text_of(screen.query_one("#ws-vote-detail", Static))
        assert "2 fra mobil · 4 hender" in detail and "skjult" in detail
        assert not screen.query("#bar-A")  # the distribution stays hidden until the reveal
        await reveal(pilot, screen)
        assert "4  (67 %)" in text_of(screen.query_one(f"#bar-{observe}", Static))
        assert "◀ flertall" in text_of(screen.query_one(f"#bar-{observe}", Static))
        assert f"Flertall: {observe}" in text_of(screen.query_one("#stage-majority", Static))
        await follow_majority(pilot, screen)
        assert f"Gruppa valgte {observe}" in stage_text(screen) and "(flertall)" in stage_text(screen)
        assert screen.query(FindingView), "the engine's findings for the choice"
        assert "Konkrete observasjoner" in text_of(screen.query_one("#stage-feedback", Static))
        # A note on the decision just taken.
        await pilot.press("t")
        await at_screen(pilot, NoteScreen)
        await pilot.press(*"Gruppa ville dokumentere først", "enter")
        await wait_for(pilot, lambda: pilot.app.screen is screen, what="the note form to close")
        await idle(pilot, screen)
        assert "Gruppa ville dokumentere først" in stage_text(screen)

        # Decision 2 has one option: one phone, reveal, follow.
        await next_decision(pilot, screen)
        assert screen.sub_title.startswith("Verksted – beslutning 2")
        await pilot.press("s")
        await wait_for(pilot, lambda: workshop.phase == "voting", what="voting to open")
        await vote_by_phone(server.url, 1, "drofte", "telefon-0001")
        await votes_shown(pilot, screen, 1)
        await reveal(pilot, screen)
        await follow_majority(pilot, screen)

        # Decision 3: the majority says samtykke; the facilitator overrides to del-uten with a reason.
        await next_decision(pilot, screen)
        consent = letter_of(screen, "samtykke")
        await type_hands(pilot, screen, {"samtykke": 4, "del-uten": 1})
        await reveal(pilot, screen)
        await pilot.press("o")
        await at_screen(pilot, ChooseOptionScreen)
        chooser = pilot.app.screen
        assert chooser.query_one("#choose-options", OptionList).highlighted_option.id == "del-uten"
        await pilot.press("enter")  # del-uten is highlighted (the first option other than the majority)
        await pilot.press(*"utforske minoriteten", "enter")
        await wait_for(pilot, lambda: screen.view == "outcome", what="the override")
        await idle(pilot, screen)
        assert f"overstyrt – flertallet stemte {consent}. Grunn: utforske minoriteten" in stage_text(screen)

        # The ending: the group's scorecard; Enter finishes and exports.
        await next_decision(pilot, screen, view="ending")
        assert screen.query(AreaBars)
        assert "Tilliten brister" in stage_text(screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.view == "done", what="the export")
        await idle(pilot, screen)
        result = screen.result
        assert result is not None
        paths = text_of(screen.query_one("#ws-paths", Static))
        assert str(result.paths.markdown) in paths and str(result.paths.html) in paths
        assert result.paths.csv is not None and str(result.paths.csv) in paths
        await wait_for(pilot, lambda: not server.running, what="the voting page to stop")

    markdown = result.paths.markdown
    assert markdown.is_file() and markdown.parent == data_dir / "eksport"
    summary = markdown.read_text(encoding="utf-8")
    assert "# Workshop: Emma er blitt stille" in summary
    assert "## Veien gruppa valgte" in summary
    # The votes (hands, phones, totals) and the path taken, with the override and the note.
    assert f"| **{observe}. Du skriver ned hva du har sett, med datoer.** (valgt) | 3 | 1 | 4 |" in summary
    assert f"| {call}. Du ringer mor med en gang og spør hva som er galt hjemme. | 1 | 1 | 2 |" in summary
    assert "| Sum | 4 | 2 | 6 |" in summary
    assert "(valgt) | 1 | 0 | 1 |" in summary  # del-uten at decision 3, chosen against the majority
    assert "utforske minoriteten" in summary
    assert "Gruppa ville dokumentere først" in summary
    assert "Slutt: Tilliten brister" in summary
    with WorkshopStore(data_dir / "workshops.sqlite3") as store:
        [row] = store.workshops()
        assert row.finished and row.ending == "darlig-slutt" and row.decisions == 3


async def test_a_tie_asks_the_facilitator_to_choose(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workshop_from_library(pilot)
        await type_hands(pilot, screen, [2, 2])
        await reveal(pilot, screen)
        assert "Uavgjort mellom A og B" in text_of(screen.query_one("#stage-majority", Static))
        await pilot.press("enter")  # no majority: Enter asks which option
        await at_screen(pilot, ChooseOptionScreen)
        first_shown = screen.run.workshop.options()[0].id
        await pilot.press("enter", "enter")  # A (highlighted first), no reason
        await wait_for(pilot, lambda: screen.view == "outcome", what="the tie-break")
        await idle(pilot, screen)
        [decision] = screen.run.workshop.path_taken()
        assert decision.chosen == first_shown and decision.tie_break and not decision.overridden
        assert "valgt av fasilitator" in stage_text(screen)
        await pilot.press("ctrl+t")  # high contrast applies to the presenter too
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST.name and screen.query_one("#ws-stage").has_class("projector")


async def test_countdown_is_shown_and_participants_are_counted_per_unit_with_deletable_names(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop_from_library(pilot)
        workshop = screen.run.workshop
        await pilot.press("d")
        await at_screen(pilot, CountdownScreen)
        field = pilot.app.screen.query_one(Input)
        field.value = ""
        await pilot.press("2", "enter")
        await wait_for(pilot, lambda: workshop.phase == "discussing", what="the discussion")
        await idle(pilot, screen)
        countdown = screen.query_one("#ws-countdown", Digits)
        await wait_for(
            pilot, lambda: countdown.display and countdown.value.startswith(("02:00", "01:5")), what="countdown"
        )
        assert "ingen poeng for fart" in text_of(screen.query_one("#ws-countdown-note", Static))

        await pilot.press("p")
        await at_screen(pilot, ParticipantsScreen)
        dialog = pilot.app.screen
        await pilot.press("shift+tab")  # to the unit field
        await pilot.press(*"Solsikken", "enter", "8", "enter")
        await wait_for(pilot, lambda: workshop.unit_counts == {"Solsikken": 8}, what="the unit count")
        dialog.query_one("#people-name", Input).focus()
        await pilot.press(*"Kari", "enter")
        await wait_for(pilot, lambda: [n.name for n in workshop.names] == ["Kari"], what="the name")
        await pilot.press(*"Per", "enter")
        await wait_for(pilot, lambda: len(workshop.names) == 2, what="the second name")
        await settle(pilot)
        names = dialog.query_one("#people-names", OptionList)
        names.focus()
        names.highlighted = 0
        await pilot.press("delete")
        await wait_for(pilot, lambda: [n.name for n in workshop.names] == ["Per"], what="a name deleted")
        await settle(pilot)
        dialog.query_one("#forget").press()
        await wait_for(pilot, lambda: workshop.names == [], what="every name deleted")
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen, what="the dialog to close")
        people = screen.query_one("#ws-people", Static)
        await wait_for(pilot, lambda: "Deltakere: 8 (Solsikken 8)" in text_of(people), what="participants shown")


async def test_voting_page_can_be_opened_to_the_lan_and_stops_when_leaving(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop_from_library(pilot)
        first = screen.run.server
        assert first is not None and first.loopback_only
        await pilot.press("l")
        await wait_for(pilot, lambda: screen.run.server is not first and screen.run.server is not None, what="restart")
        await settle(pilot)
        lan = screen.run.server
        assert lan is not None and not lan.loopback_only and lan.join_code == JOIN_CODE and not first.running
        assert "Åpen på nettet" in text_of(screen.query_one("#ws-lan", Static))
        assert text_of(screen.query_one("#ws-url", Static)) == lan.url
        # it listens on the address it shows, not on every interface of the laptop (unless none is known)
        assert lan.host == (lan_address() or "0.0.0.0") and lan.url.startswith(f"http://{lan.public_host}:")
        qr = screen.query_one("#ws-qr", Static)
        assert qr.display and any(block in text_of(qr) for block in "█▀▄")
        await pilot.press("l")
        await wait_for(pilot, lambda: screen.run.server is not lan, what="back to this machine")
        await settle(pilot)
        assert screen.run.server is not None and screen.run.server.loopback_only and not lan.running
        local = screen.run.server
        await pilot.press("escape")
        await at_screen(pilot, LibraryScreen)
        assert not local.running


# -- resuming --------------------------------------------------------------------------------------
async def test_closing_the_app_mid_workshop_keeps_the_votes_and_hjem_offers_to_continue(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workshop_from_library(pilot)
        workshop_id = screen.run.workshop.workshop_id
        await type_hands(pilot, screen, {"observer": 2, "ring-mor": 5})
        call = letter_of(screen, "ring-mor")
        await vote_by_phone(screen.run.server.url, 0, "observer", "telefon-0001")
        await votes_shown(pilot, screen, 8)
        server = screen.run.server
    assert not server.running  # the app closed the voting page on the way out

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett verkstedet" in p for p in menu_prompts(again)), what="resume entry")
        prompts = menu_prompts(again)
        assert prompts[0].startswith("Fortsett verkstedet «Emma er blitt stille» (0 beslutninger tatt")
        await pilot.press("enter")
        screen = await presenter_ready(pilot)
        workshop = screen.run.workshop
        assert screen.run.resumed and workshop.workshop_id == workshop_id
        assert workshop.phase == "voting" and workshop.current.hands == {"observer": 2, "ring-mor": 5}
        await votes_shown(pilot, screen, 8)
        await reveal(pilot, screen)
        assert f"Flertall: {call}" in text_of(screen.query_one("#stage-majority", Static))
        assert letter_of(screen, "ring-mor") == call  # the same letters after the resume
        await pilot.press("escape")
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett verkstedet" in p for p in menu_prompts(again)), what="resume again")

    third = make_app()
    async with third.run_test(size=(80, 24)) as pilot:  # a revealed result is shown again after a restart
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett verkstedet" in p for p in menu_prompts(third)), what="resume entry")
        await pilot.press("enter")
        screen = await presenter_ready(pilot)
        await wait_for(pilot, lambda: screen.view == "revealed", what="the result again")
        await idle(pilot, screen)
        await pilot.press("f")
        await at_screen(pilot, ConfirmScreen)
        await pilot.press("j")
        await wait_for(pilot, lambda: screen.view == "done", what="the export")
        assert screen.result is not None and not screen.result.finished
        assert "Stemmer avgitt" not in screen.result.paths.markdown.read_text(encoding="utf-8")
        assert "| Sum | 7 | 1 | 8 |" in screen.result.paths.markdown.read_text(encoding="utf-8")


# -- årshjul and Hjem ------------------------------------------------------------------------------
async def test_arshjul_highlights_the_current_month_and_shows_the_coverage_check(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("f5")
        await at_screen(pilot, YearPlanScreen)
        screen = app.screen
        assert app.current_mode == "arshjul"
        menu = screen.query_one("#year-sessions", OptionList)
        await wait_for(pilot, lambda: menu.option_count > 1, what="the sessions")
        highlighted = menu.highlighted_option
        assert highlighted is not None and highlighted.id == "session-mars-samtykke"
        prompt = str(highlighted.prompt)
        assert "MARS" in prompt and "▶ denne måneden" in prompt and "▶ Samtykke og taushetsplikt" in prompt
        assert "Saker: Emma er blitt stille; Spørsmål på pauserommet" in prompt
        assert "Status: planlagt · Leder: Ressurspersonen" in prompt
        prompts = {
            menu.get_option_at_index(i).id: str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)
        }
        assert list(prompts)[0] == "session-aug-start" and "AUGUST" in prompts["session-aug-start"]
        assert "Status: gjennomført" in prompts["session-aug-start"]
        assert "finnes-ikke (finnes ikke i biblioteket)" in prompts["session-okt-samtale"]
        assert "– ingen økt" in prompts["month-juni"] and "month-juli" not in prompts
        assert sum("denne måneden" in p for p in prompts.values()) == 1
        coverage = text_of(screen.query_one("#coverage", Static))
        assert coverage.startswith("✗ Sjekk av årshjulet: 2 feil")
        assert "7 av 9 kompetansemoduler" in coverage and "2 av 3 saker finnes i biblioteket" in coverage
        assert "«holdninger» (Holdninger)" in coverage
        assert "saken «finnes-ikke» finnes ikke i biblioteket" in coverage
        assert screen.query_one("#coverage-box").has_class("-problems")

        # Enter on a session: run one of its cases as a workshop or open it alone.
        await pilot.press("enter")
        await at_screen(pilot, SessionChoiceScreen)
        options = app.screen.query_one("#session-options", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["verksted:stille-emma", "sak:stille-emma", "verksted:pauserommet", "sak:pauserommet"]
        options.highlighted = 3
        await pilot.press("enter")
        await at_screen(pilot, CaseSummaryScreen)
        assert app.screen.entry.id == "pauserommet"


async def test_arshjul_keeps_this_months_session_at_the_top_when_the_list_changes_size(make_app: MakeApp) -> None:
    # The coverage box above the list finds its height a frame or two after loading, which shrinks the list after
    # the first scroll; a scroll clamped to the taller list's end left March's heading below the top (CI caught it).
    # A narrower terminal also re-wraps the entries, so the scroll must wait for the new line heights.
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("f5")
        await at_screen(pilot, YearPlanScreen)
        menu = app.screen.query_one("#year-sessions", OptionList)
        await this_month_on_top(pilot)
        assert "MARS" not in menu.render_line(0).text  # the taller list cannot scroll March all the way up
        await pilot.resize_terminal(80, 24)
        await this_month_on_top(pilot)
        assert "MARS" in menu.render_line(0).text


async def test_arshjul_from_the_palette_and_a_session_run_shows_as_held(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await at_screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"gå til: Årshjul")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await at_screen(pilot, YearPlanScreen)
        await pilot.press("v")  # the highlighted session (March) as a workshop: its first case
        screen = await presenter_ready(pilot)
        info = screen.run.workshop.info
        assert info.plan_session_id == "mars-samtykke" and info.scenario_id == "stille-emma"
        assert info.theme == "Samtykke og taushetsplikt: Hva kan deles, med hvem, og på hvilket grunnlag?"
        assert info.season == "2024–2025" and info.unit == "BTI-forum Test"
        for counts in ([1, 0], [1], [1, 0]):
            await type_hands(pilot, screen, counts)
            await reveal(pilot, screen)
            await follow_majority(pilot, screen)
            await next_decision(pilot, screen, view="ending" if screen.run.workshop.finished else "decision")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.view == "done", what="the export")
        await idle(pilot, screen)
        await pilot.press("escape")
        await at_screen(pilot, YearPlanScreen)
        menu = app.screen.query_one("#year-sessions", OptionList)
        await wait_for(
            pilot,
            lambda: "Status: gjennomført" in str(menu.get_option("session-mars-samtykke").prompt),
            what="the session marked as held",
        )


async def test_hjem_shows_this_months_session_and_starts_it_as_a_workshop(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await at_screen(pilot, HomeScreen)
        month = app.screen.query_one("#this-month", Static)
        await wait_for(pilot, lambda: "Samtykke" in text_of(month), what="this month")
        text = text_of(month)
        assert text.startswith("Denne måneden (mars): Samtykke og taushetsplikt")
        assert "Hva kan deles, med hvem, og på hvilket grunnlag?" in text
        assert "Saker: Emma er blitt stille; Spørsmål på pauserommet" in text
        prompts = menu_prompts(app)
        assert "Denne måneden: start verksted – «Samtykke og taushetsplikt» (v)" in prompts
        assert "Denne måneden: velg blant øktas saker" in prompts

        menu = app.screen.query_one("#home-menu", OptionList)
        menu.highlighted = prompts.index("Denne måneden: velg blant øktas saker")
        await pilot.press("enter")
        await at_screen(pilot, SessionChoiceScreen)
        await pilot.press("escape")
        await at_screen(pilot, HomeScreen)

        await pilot.press("v")
        screen = await presenter_ready(pilot)
        assert screen.run.workshop.info.plan_session_id == "mars-samtykke"
        await pilot.press("escape")
        await at_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: any("Fortsett verkstedet" in p for p in menu_prompts(app)), what="resume entry")
        await wait_for(pilot, lambda: "påbegynt" in text_of(month), what="the session marked as started")


async def test_a_month_without_a_session_says_so_and_names_the_next(make_app: MakeApp) -> None:
    from datetime import date

    app = make_app(today=lambda: date(2025, 7, 10))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_screen(pilot, HomeScreen)
        month = app.screen.query_one("#this-month", Static)
        await wait_for(pilot, lambda: "juli" in text_of(month), what="this month")
        assert (
            text_of(month) == "Denne måneden (juli): ingen økt i årshjulet. Neste økt: «Samtalen med barn» (oktober)."
        )
        assert not any(p.startswith("Denne måneden") for p in menu_prompts(app))


# -- the voting page's join code ---------------------------------------------------------------------------
def test_a_resumed_workshop_keeps_its_join_code(data_dir: Path) -> None:
    """The code on the projector (and on the phones) is the same after the app was closed and the workshop
    resumed, even though each start without a fixed code draws a random one."""
    def service() -> WorkshopService:
        return WorkshopService(
            CaseService([DATA], data_dir / "progress.sqlite3"),
            plan_path=DATA / "arshjul.yaml",
            store_path=data_dir / "workshops.sqlite3",
            export_dir=data_dir / "eksport",
            today=lambda: TODAY,
            voting=VotingConfig(port=0),  # no fixed code: a random one per start
        )

    first = service()
    run = first.start("stille-emma")
    first.start_server(run)
    assert run.server is not None and run.server.running
    code = run.server.join_code
    first.close()

    second = service()
    resumed = second.resume(run.workshop.workshop_id)  # type: ignore[arg-type]
    second.start_server(resumed)
    try:
        assert resumed.server is not None and resumed.server.join_code == code
    finally:
        second.close()
    fresh = service()
    other = fresh.start("stille-emma")
    fresh.start_server(other)
    try:
        assert other.server is not None and other.server.join_code != code  # 1 in ~900 000 to collide
    finally:
        fresh.close()


# -- the forms' shared base ---------------------------------------------------------------------------------
async def test_every_workshop_form_closes_without_an_answer_on_escape_and_on_avbryt() -> None:
    options = [OptionView("a", 1, "A", "Observere"), OptionView("b", 2, "B", "Ringe mor")]
    forms = [
        lambda: HandCountScreen(0, options, {}),
        lambda: CountdownScreen(),
        lambda: ChooseOptionScreen(options, "a", ("a",)),
        lambda: NoteScreen("verkstedet"),
    ]
    answers: list[object] = []
    app: App[None] = App()
    async with app.run_test() as pilot:
        for make in forms:
            for close in ("escape", "#cancel"):
                app.push_screen(make(), answers.append)
                await pilot.pause()
                if close == "escape":
                    await pilot.press("escape")
                else:
                    await pilot.click(close)
                await pilot.pause()
                assert not isinstance(app.screen, (HandCountScreen, CountdownScreen, ChooseOptionScreen, NoteScreen))
    assert answers == [None] * 8


# -- role-play ------------------------------------------------------------------------------------
async def test_g_starts_a_role_play_round_that_deals_each_phone_its_own_card(
    make_app: MakeApp, tmp_path: Path
) -> None:
    import shutil

    from tests.workshop.phones import Phone

    library = tmp_path / "bibliotek"
    library.mkdir()
    shutil.copy(Path(__file__).parents[1] / "workshop" / "data" / "rollespill.yaml", library)
    app = make_app(roots=[library])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop_from_library(pilot, "Samtalen med mor")
        server, workshop = screen.run.server, screen.run.workshop
        assert server is not None
        text = stage_text(screen)
        assert "Roller: Pedagogisk leder · Mor · Styrer" in text
        assert "Far flyttet ut" not in text  # the projector never shows a card
        phones = [Phone(server.url) for _ in range(4)]
        try:
            for phone in phones:
                assert await phone.join(JOIN_CODE) == 303
            await pilot.press("g")
            await at_screen(pilot, CountdownScreen)
            assert pilot.app.screen.query_one(Input).value == "5"
            await pilot.press("enter")
            await wait_for(pilot, lambda: pilot.app.screen is screen, what="the role-play dialog to close")
            await idle(pilot, screen)
            assert workshop.roleplay is not None and workshop.roleplay.active
            text = stage_text(screen)
            assert "Roller: Pedagogisk leder – 2 telefoner · Mor – 1 telefon · Styrer – 1 telefon" in text
            assert "Far flyttet ut" not in text
            assert "g: avslutt rollespillet" in text_of(screen.query_one("#stage-hint", Static))
            await wait_for(
                pilot,
                lambda: text_of(screen.query_one("#ws-countdown-title", Static)) == "Rollespill",
                what="the round's timer on the side panel",
            )
            assert screen.query_one("#ws-countdown", Digits).value in ("05:00", "04:59", "04:58")  # a wall clock
            for phone, role in zip(phones, ["Pedagogisk leder", "Mor", "Styrer", "Pedagogisk leder"], strict=True):
                status, state = await phone.state()
                assert status == 200 and state["roleplay"]["mine"]["role"] == role
                assert ("Far flyttet ut" in state["html"]) == (role == "Mor")
            await pilot.press("g")  # ends the round; the group votes as usual
            await idle(pilot, screen)
            assert workshop.roleplay is not None and not workshop.roleplay.active
            assert "Rollespillet er holdt." in stage_text(screen)
            await pilot.press("s")
            await idle(pilot, screen)
            assert workshop.phase == "voting"
            assert (await phones[1].vote("apent"))[0] == 200
            await votes_shown(pilot, screen, 1)
            assert not screen.check_action("roleplay", ())  # someone voted: no new round
        finally:
            for phone in phones:
                await phone.close()


async def test_g_does_nothing_at_a_decision_without_cards(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop_from_library(pilot)
        assert not screen.check_action("roleplay", ())
        await pilot.press("g")
        await idle(pilot, screen)
        assert pilot.app.screen is screen and screen.run.workshop.roleplay is None
        assert "Rollespill" not in stage_text(screen)
