"""The reusable widgets and the wording helpers, tested on their own."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from scoring.report import Finding
from scoring.state import CaseState, Consent, Disclosure
from trainer.library import LibraryEntry
from trainer.progress import ScenarioStatus
from trainer.ui.text import level_chart, recommend, sparkline, status_text
from trainer.ui.widgets.case_panel import CasePanel
from trainer.ui.widgets.finding_view import FindingView


def entry(scenario_id: str, ok: bool = True) -> LibraryEntry:
    return LibraryEntry(
        path=f"/x/{scenario_id}.yaml", id=scenario_id, title=scenario_id.title(), problems=() if ok else ("feil",)
    )


def status(passed: bool | None, best: int | None) -> ScenarioStatus:
    return ScenarioStatus(tried=True, passed=passed, best=best, last_played=None)


def test_recommend_prefers_untried_then_failed_then_lowest_best() -> None:
    entries = [entry("broken", ok=False), entry("a"), entry("b"), entry("c")]
    assert recommend(entries, {"a": status(True, 90)})[0].id == "b"  # type: ignore[index]
    statuses = {"a": status(True, 90), "b": status(False, 40), "c": status(True, 70)}
    assert recommend(entries, statuses)[0].id == "b"  # type: ignore[index]
    statuses["b"] = status(True, 95)
    chosen, why = recommend(entries, statuses)  # type: ignore[misc]
    assert chosen.id == "c" and "70" in why
    assert recommend([entry("broken", ok=False)], {}) is None


def test_status_text() -> None:
    assert status_text(entry("a"), None) == "ikke prøvd"
    assert status_text(entry("a"), status(None, None)) == "påbegynt"
    assert status_text(entry("a"), status(True, 92)) == "bestått (92)"
    assert status_text(entry("a"), status(False, 30)) == "ikke bestått (30)"
    assert status_text(entry("x", ok=False), None) == "feil i fila"


def test_level_chart_marks_each_decision() -> None:
    chart = level_chart([(0, 0), (0, 0), (3, 1), (10, 2)])
    lines = chart.splitlines()
    assert lines[0].startswith("Nivå 3 │")
    assert lines[3] == "Nivå 0 │ ●─────●"
    assert "●" in lines[2] and "●" in lines[1]
    assert lines[-2].split() == ["valg", "start", "1", "2", "3"]
    assert lines[-1].split() == ["dag", "d0", "d0", "d3", "d10"]


def test_sparkline() -> None:
    assert sparkline([0, 50, 100]) == "▁▄█"


class PanelApp(App[None]):
    """A tiny app that shows one case panel."""

    def compose(self) -> ComposeResult:
        yield CasePanel(names={"mor": "Kari"}, id="panel")


async def test_case_panel_shows_the_case_as_it_stands() -> None:
    state = CaseState(
        day=5,
        level=2,
        consents=(
            Consent(("mor",), frozenset({"ppt"}), ("språk",), "education", "written", True, "given", 2),
            Consent(("far",), frozenset({"bup"}), (), "health", "oral", True, "refused", 3),
        ),
        ledger=(
            Disclosure("ppt", "service", "ppt", True, ("språk",), 2),
            Disclosure("barnevern", "service", "barnevern", False, (), 1),
        ),
        reports=(("barnevern", 4),),
        stafettholder="kontaktlærer",
        log_open=True,
    )
    app = PanelApp()
    async with app.run_test(size=(60, 40)) as pilot:
        panel = app.query_one(CasePanel)
        panel.show(state)
        await pilot.pause()
        text = "\n".join(str(s.render()) for s in panel.query(Static) if s.display)
        assert "Dag 5" in text
        assert "▶2 Enkelt samarbeid" in text
        assert "✓ Kari → ppt (gitt, skriftlig, dag 2)" in text
        assert "✗ far → bup (nektet, muntlig, dag 3)" in text
        assert "ppt: språk (identifiserbart, dag 2)" in text
        assert "barnevern: om saken (anonymt, dag 1)" in text
        assert "Stafettholder: kontaktlærer" in text and "Stafettlogg: åpen" in text
        assert "Barnevernet, dag 4" in text
        assert panel.query_one("#rung-2").has_class("-current")


class FindingApp(App[None]):
    """A tiny app that shows one finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        yield FindingView(self.finding, show_step=True)


async def test_finding_view_shows_why_better_and_source() -> None:
    finding = Finding(
        rule_id="SAM-01",
        title="Få samtykke",
        severity="kritisk",
        area="taushetsplikt-samhandling",
        outcome="brutt",
        step=2,
        node="n",
        choice="c",
        explanation="Du delte uten samtykke [ikke markup].",
        better="Spør foreldrene først.",
        source="fvl § 13",
        detail="Helsestasjonen fikk vite om Emma.",
    )
    async with FindingApp(finding).run_test() as pilot:
        await pilot.pause()
        lines = [str(s.render()) for s in pilot.app.query(Static)]
        assert lines == [
            "✗ SAM-01 [KRITISK] Få samtykke (valg 3)",
            "Helsestasjonen fikk vite om Emma.",
            "Du delte uten samtykke [ikke markup].",
            "Bedre: Spør foreldrene først.",
            "Kilde: fvl § 13",
        ]


def test_the_help_lists_every_key_the_screens_bind() -> None:
    from textual.binding import Binding

    from trainer.ui import keys
    from trainer.ui.keys import key_label
    from trainer.ui.screens.help import HELP_TEXT

    rows = [line for line in HELP_TEXT.splitlines() if line.startswith("| ")]
    for binding in [*keys.APP, *keys.PLAY, *keys.LIBRARY, *keys.WORKSHOP]:
        assert isinstance(binding, Binding) and binding.tooltip, binding
        for key in binding.key.split(","):
            label = key_label(key)
            assert any(
                f"| {label} |" in row or f" {label}," in row or f"| {label}," in row or f", {label} |" in row
                or (label.isdigit() and "| 1–9 |" in row)
                for row in rows
            ), f"{key} is not in the help"
    assert key_label("ctrl+p") == "Ctrl+P" and key_label("f5") == "F5" and key_label("question_mark") == "?"
