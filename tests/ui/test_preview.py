"""``bti-trener preview``: reload on save, the error panel, start points, the outline, and the CLI's errors.

Time is driven by hand: the apps are built with ``poll_interval=None`` and the tests call
:meth:`PreviewApp.check_file` (the timer's tick) after each edit, then wait for the reload worker. Every
wait is bounded (:func:`tests.ui.helpers.wait_for`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import ListView, Markdown, Static

from trainer.scenario.validate import validate_file
from trainer.services.preview import read_version, start_path
from trainer.ui.preview import PreviewApp
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.feedback import FeedbackScreen
from trainer.ui.screens.outline import OutlineItem, OutlineScreen
from trainer.ui.screens.preview_help import PreviewHelpScreen
from trainer.ui.screens.preview_play import PreviewPlayScreen
from trainer.ui.themes import HIGH_CONTRAST, NORMAL_THEME
from trainer.ui.widgets.problems_panel import ProblemsPanel

from .helpers import settle, wait_for

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "preview" / "matpakka.yaml"
"""The format example; it has the fixtures ``foreldresamtalen``, ``etter-samtalen`` and ``mor-la-paa``."""

SHOWN = "matpakka.yaml"
"""The file name written in problems (fixed, so snapshots do not depend on the temporary folder)."""

Snap = Callable[..., bool]


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    """A fresh copy of the example, to edit."""
    path = tmp_path / "matpakka.yaml"
    shutil.copyfile(EXAMPLE, path)
    return path


def make_preview(path: Path, *, node: str | None = None, fixture: str | None = None) -> PreviewApp:
    """The preview as the CLI builds it, with the poll timer off."""
    version = read_version(path, SHOWN)
    assert version.playable and version.scenario is not None
    start = start_path(version.scenario, node=node, fixture=fixture)
    return PreviewApp(path, version, start, display_path=SHOWN, poll_interval=None)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in the file, as an editor would save it (and make sure the signature changes)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    before = os.stat(path).st_mtime_ns
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    if os.stat(path).st_mtime_ns == before:  # a coarse file-system clock: move mtime on by hand
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def rewrite(path: Path, change: Callable[[dict], None]) -> None:
    """Load the file as data, change it, and save it again."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


async def ready(pilot: Pilot) -> None:
    """Wait for the play screen and its workers."""
    await pilot.pause()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, (PreviewPlayScreen, DebriefScreen)), what="preview")
    await settle(pilot)


async def saved(pilot: Pilot) -> None:
    """One tick of the file check after an edit, then wait for the reload to be shown."""
    app = pilot.app
    assert isinstance(app, PreviewApp)
    before = app.reloads
    assert app.check_file(), "the edit was not noticed"
    await wait_for(pilot, lambda: app.reloads > before, what="the reload")
    await settle(pilot)


def narrative(app: PreviewApp) -> str:
    return app.play.query_one("#narrative-text", Markdown).source


def panel(app: PreviewApp) -> ProblemsPanel:
    return app.play.query_one(ProblemsPanel)


def line_and_col(path: Path, line_text: str, word: str) -> tuple[int, int]:
    """1-based line and column of ``word`` on the (first) line equal to ``line_text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index(line_text)
    return index + 1, lines[index].index(word) + 1


# -- reloading -------------------------------------------------------------------------------------------


async def test_edited_text_is_shown_and_the_position_kept(scenario_file: Path) -> None:
    app = make_preview(scenario_file, fixture="foreldresamtalen")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.play.run.session.position == "foreldre"
        path_before = list(app.play.run.session.path)
        assert "Sara og Petter kommer sammen" in narrative(app)
        assert not app.check_file(), "nothing was saved yet"

        edit(
            scenario_file,
            "Sara og Petter kommer sammen.",
            "Sara og Petter kommer hver for seg, tjue minutter for sent.",
        )
        await saved(pilot)

        assert "kommer hver for seg, tjue minutter for sent" in narrative(app)
        assert app.play.run.session.position == "foreldre"
        assert app.play.run.session.path == path_before
        assert not app.play.query_one("#play-note", Static).display
        assert not panel(app).display
        assert "oppdatert 1×" in app.play.sub_title


async def test_broken_yaml_shows_the_error_in_place_and_recovers(scenario_file: Path) -> None:
    app = make_preview(scenario_file, fixture="foreldresamtalen")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        edit(scenario_file, "    title: Foreldresamtalen", "    title: [Foreldresamtalen")
        line, _ = line_and_col(scenario_file, "    title: [Foreldresamtalen", "[")
        await saved(pilot)

        shown = panel(app)
        assert shown.display and not shown.has_class("-playable")
        assert "viser siste versjon uten feil" in str(shown.border_title)
        assert shown.lines == [p.format() for p in validate_file(scenario_file, SHOWN)]
        assert shown.lines[0].startswith(f"{SHOWN}:{line + 1}:9: YAML001 ")
        assert "Sara og Petter kommer sammen" in narrative(app), "the last good version stays on screen"
        assert app.play.run.session.position == "foreldre"

        edit(scenario_file, "    title: [Foreldresamtalen", "    title: Foreldresamtalen i ny versjon")
        await saved(pilot)
        assert not panel(app).display
        assert app.play.query_one("#narrative").border_title == "Foreldresamtalen i ny versjon"
        assert app.play.run.session.position == "foreldre"


async def test_unknown_goto_shows_str003_at_its_line_and_column(scenario_file: Path) -> None:
    app = make_preview(scenario_file, fixture="foreldresamtalen")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        edit(scenario_file, "        goto: beslutning\n", "        goto: beslutnig\n")
        line, col = line_and_col(scenario_file, "        goto: beslutnig", "beslutnig")
        await saved(pilot)

        lines = panel(app).lines
        assert lines[0].startswith(f"{SHOWN}:{line}:{col}: STR003 valget «konkret» går til «beslutnig»")
        assert "mente du «beslutning»?" in lines[0]
        assert not app.latest.playable and app.good.playable

        # the last good version is still playable underneath
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedbackScreen), what="feedback")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: app.play.run.session.position == "beslutning" and not app.play.busy, what="beslutning"
        )

        edit(scenario_file, "        goto: beslutnig\n", "        goto: beslutning\n")
        await saved(pilot)
        assert not panel(app).display
        assert app.play.run.session.position == "beslutning"


async def test_a_removed_current_node_moves_you_back_with_a_note(scenario_file: Path) -> None:
    app = make_preview(scenario_file, node="jonas")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.play.run.session.path == ["skriv-ned", "avtal"]

        def without_jonas(data: dict) -> None:
            del data["nodes"]["jonas"]
            data["nodes"]["leder"]["choices"] = [
                {"id": "avtal-direkte", "text": "Dere inviterer foreldrene.", "goto": "foreldre",
                 "actions": [{"consult_leader": "rektor"}]}
            ]

        rewrite(scenario_file, without_jonas)
        await saved(pilot)

        assert app.latest.playable, panel(app).lines  # (without the talk with Jonas an expect no longer holds)
        assert app.play.run.session.position == "leder"
        assert app.play.run.session.path == ["skriv-ned"]
        note = app.play.query_one("#play-note", Static)
        assert note.display
        assert "«jonas» finnes ikke lenger" in str(note.content)
        assert "«leder»" in str(note.content)


async def test_a_changed_path_keeps_you_at_the_node(scenario_file: Path) -> None:
    app = make_preview(scenario_file, fixture="foreldresamtalen")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        edit(scenario_file, "      - id: aapent\n", "      - id: apent\n")
        await saved(pilot)
        assert app.play.run.session.position == "foreldre"
        assert app.play.run.session.path == ["skriv-ned", "avtal", "apent"]
        assert "Veien hit er endret" in str(app.play.query_one("#play-note", Static).content)


async def test_a_save_during_feedback_waits_until_it_is_closed(scenario_file: Path) -> None:
    app = make_preview(scenario_file, fixture="foreldresamtalen")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedbackScreen), what="feedback")
        run = app.play.run
        edit(scenario_file, "Foreldrene forteller at far", "Foreldrene forteller etter en stund at far")
        await saved(pilot)
        assert app.play.run is run, "the new version waits while the choice is being shown"
        assert isinstance(app.screen, FeedbackScreen)

        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.play.busy, what="the choice to finish")
        app.check_file()  # the next tick shows the waiting version
        await settle(pilot)
        assert app.play.run.session.position == "beslutning"
        assert "forteller etter en stund at far" in narrative(app)


async def test_an_ending_is_shown_again_after_a_save(scenario_file: Path) -> None:
    app = make_preview(scenario_file, node="slutt-god")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), what="debrief")
        edit(scenario_file, "Jonas spiser frokost på skolen,", "Jonas spiser frokost på skolen hver dag,")
        await saved(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), what="new debrief")
        assert "hver dag" in app.screen.query_one("#ending-text", Markdown).source
        assert len(app.screen_stack) == 2

        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.play, what="back to the play screen")
        await pilot.press("r")
        await settle(pilot)
        assert app.play.run.session.position == "oppdager" and not app.play.busy


# -- start points and keys -------------------------------------------------------------------------------


async def test_node_starts_there_by_the_shortest_path(scenario_file: Path) -> None:
    app = make_preview(scenario_file, node="beslutning")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.play.run.session.position == "beslutning"
        assert app.play.run.session.path == ["skriv-ned", "avtal", "aapent", "konkret"]
        assert "node «beslutning»" in str(app.play.query_one("#play-status", Static).content)
        await pilot.press("r")
        await settle(pilot)
        assert app.play.run.session.position == "oppdager"
        assert app.play.run.session.path == []


async def test_fixture_replays_its_steps(scenario_file: Path) -> None:
    app = make_preview(scenario_file, fixture="mor-la-paa")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.play.run.session.position == "mor-sur"
        assert app.play.run.session.path == ["ring-mor"]
        assert "Sara blir sint" in narrative(app)


async def test_help_and_escape(scenario_file: Path) -> None:
    app = make_preview(scenario_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # a preview has nothing to pause
        await settle(pilot)
        assert app.screen is app.play
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewHelpScreen), what="help")
        assert "Forhåndsvisning" in app.screen.query_one(Markdown).source
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.play, what="help closed")


async def test_high_contrast_with_ctrl_t(scenario_file: Path) -> None:
    app = make_preview(scenario_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.theme == NORMAL_THEME
        await pilot.press("ctrl+t")
        assert app.theme == HIGH_CONTRAST.name
        await pilot.press("ctrl+t")
        assert app.theme == NORMAL_THEME


def test_start_errors_list_the_valid_names() -> None:
    from trainer.services.preview import StartError

    version = read_version(EXAMPLE)
    assert version.scenario is not None
    with pytest.raises(StartError) as node_error:
        start_path(version.scenario, node="foreldrer")
    assert node_error.value.exit_code == 2
    assert "Mente du «foreldre»?" in str(node_error.value) and "slutt-god" in str(node_error.value)
    with pytest.raises(StartError) as fixture_error:
        start_path(version.scenario, fixture="ukjent")
    assert "foreldresamtalen, etter-samtalen, mor-la-paa" in str(fixture_error.value)


# -- the outline -----------------------------------------------------------------------------------------


async def open_outline(pilot: Pilot) -> OutlineScreen:
    await pilot.press("o")
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, OutlineScreen) and pilot.app.screen.ready, what="outline"
    )
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OutlineScreen)
    return screen


def items(screen: OutlineScreen) -> dict[str, OutlineItem]:
    return {item.row.id: item for item in screen.query(OutlineItem)}


async def test_outline_lists_nodes_with_severity_and_jumps(scenario_file: Path) -> None:
    app = make_preview(scenario_file, fixture="foreldresamtalen")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        outline = await open_outline(pilot)
        found = items(outline)
        assert list(found) == ["oppdager", "leder", "jonas", "foreldre", "beslutning", "mor-sur",
                               "slutt-god", "slutt-aapen", "slutt-tapt"]
        assert found["beslutning"].has_class("sev-kritisk")
        assert found["oppdager"].has_class("sev-alvorlig")
        assert found["mor-sur"].has_class("sev-mindre")
        assert found["leder"].has_class("sev-ingen")
        assert found["slutt-aapen"].has_class("sev-kritisk", "ending")
        assert found["foreldre"].has_class("current")
        assert not any(item.has_class("unreachable") for item in found.values())
        meta = {key: str(item.query_one(".outline-meta", Static).content) for key, item in found.items()}
        assert meta["oppdager"] == "start · 1 sti · verst: alvorlig"
        assert meta["beslutning"] == "4 stier · verst: kritisk"
        assert meta["slutt-aapen"] == "slutt (delvis) · 8 stier · verst: kritisk"
        choices = str(found["beslutning"].query_one(".outline-choices", Static).content)
        assert "niva1 → slutt-god" in choices and "la-ligge → slutt-aapen" in choices
        assert "13 stier" in str(outline.query_one("#outline-summary", Static).content)

        listing = outline.query_one("#outline", ListView)
        assert listing.index == 3, "the cursor starts where the preview stands"
        listing.index = 5  # mor-sur
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.play, what="the jump")
        await settle(pilot)
        assert app.play.run.session.position == "mor-sur"
        assert app.play.run.session.path == ["ring-mor"]


async def test_outline_marks_unreachable_nodes_of_a_broken_file(scenario_file: Path) -> None:
    app = make_preview(scenario_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        edit(
            scenario_file,
            "  mor-sur:\n",
            "  glemt:\n    title: Glemt\n    text: Ingen valg fører hit.\n"
            "    choices:\n      - {id: videre, text: Videre., goto: slutt-god}\n  mor-sur:\n",
        )
        await saved(pilot)
        assert [line.split(": ")[1].split()[0] for line in panel(app).lines] == ["STR005"]

        outline = await open_outline(pilot)
        found = items(outline)
        assert found["glemt"].has_class("unreachable")
        assert str(found["glemt"].query_one(".outline-meta", Static).content) == "kan ikke nås fra start"
        assert "Fila har feil" in str(outline.query_one("#outline-summary", Static).content)
        assert outline.query_one(ProblemsPanel).display

        listing = outline.query_one("#outline", ListView)
        listing.index = list(found).index("glemt")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.play, what="outline closed")
        assert app.play.run.session.position == "oppdager", "an unreachable node cannot be jumped to"


async def test_outline_follows_a_save(scenario_file: Path) -> None:
    app = make_preview(scenario_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        outline = await open_outline(pilot)
        assert str(items(outline)["leder"].query_one(".outline-head", Static).content) == "leder – Hos rektor"
        edit(scenario_file, "    title: Hos rektor", "    title: På rektors kontor")
        await saved(pilot)
        await wait_for(pilot, lambda: outline.ready, what="outline refreshed")
        assert str(items(outline)["leder"].query_one(".outline-head", Static).content) == "leder – På rektors kontor"


# -- snapshots -------------------------------------------------------------------------------------------


class TestPreviewSnapshots:
    """The preview with the error panel, and the outline, at 80×24."""

    def test_error_panel(self, snap_compare: Snap, scenario_file: Path) -> None:
        async def run_before(pilot: Pilot) -> None:
            await ready(pilot)
            edit(scenario_file, "        goto: beslutning\n", "        goto: beslutnig\n")
            await saved(pilot)

        app = make_preview(scenario_file, fixture="foreldresamtalen")
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

    def test_outline(self, snap_compare: Snap, scenario_file: Path) -> None:
        async def run_before(pilot: Pilot) -> None:
            await ready(pilot)
            await open_outline(pilot)

        app = make_preview(scenario_file, fixture="foreldresamtalen")
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# -- the command line ------------------------------------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "trainer", "preview", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    out = cli("finnes-ikke.yaml", cwd=tmp_path)
    assert out.returncode == 2
    assert "fant ikke «finnes-ikke.yaml»" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_unknown_node_lists_the_valid_ones(scenario_file: Path) -> None:
    out = cli("matpakka.yaml", "--node", "foreldrer", cwd=scenario_file.parent)
    assert out.returncode == 2
    assert "fant ingen node eller slutt «foreldrer». Mente du «foreldre»?" in out.stderr
    assert "Noder: oppdager, leder, jonas, foreldre, beslutning, mor-sur" in out.stderr
    assert "Slutter: slutt-god, slutt-aapen, slutt-tapt" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_unknown_fixture_lists_the_valid_ones(scenario_file: Path) -> None:
    out = cli("matpakka.yaml", "--fixture", "samtykke", cwd=scenario_file.parent)
    assert out.returncode == 2
    assert "Fixtures: foreldresamtalen, etter-samtalen, mor-la-paa" in out.stderr


def test_cli_broken_file_prints_the_problems_and_exits_1(scenario_file: Path) -> None:
    edit(scenario_file, "        goto: beslutning\n", "        goto: beslutnig\n")
    line, col = line_and_col(scenario_file, "        goto: beslutnig", "beslutnig")
    out = cli("matpakka.yaml", cwd=scenario_file.parent)
    assert out.returncode == 1
    assert f"matpakka.yaml:{line}:{col}: STR003 " in out.stderr
    assert "kan ikke forhåndsvises" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_node_and_fixture_exclude_each_other(scenario_file: Path) -> None:
    out = cli("matpakka.yaml", "--node", "jonas", "--fixture", "mor-la-paa", cwd=scenario_file.parent)
    assert out.returncode == 2
    assert "feil:" in out.stderr
