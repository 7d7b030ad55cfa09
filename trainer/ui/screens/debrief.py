"""Oppsummering (debrief): the verdict, scores, findings, level timeline, transcript and reflection."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList, Static, TabbedContent, TabPane, Tabs
from textual.widgets.option_list import Option

from trainer.render.text import verdict_heading
from trainer.services.cases import CaseResult, CaseRun
from trainer.ui.messages import RetryFrom
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.text import MODE_LABELS, OUTCOME_LABELS, level_chart
from trainer.ui.widgets.area_bars import AreaBars
from trainer.ui.widgets.finding_view import FindingView


class DebriefScreen(TrainerScreen[None]):
    """What the engine said about the whole path, and *prøv igjen fra her* on any earlier decision."""

    CSS_PATH: ClassVar[str] = "results.tcss"
    """This screen's stylesheet, beside this module; loaded when the screen is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Ferdig"),
        Binding("r", "show_tab('tab-transcript')", "Prøv igjen fra …"),
        Binding("f", "show_tab('tab-findings')", "Funn", show=False),
        Binding("n", "next_tab", "Neste fane"),
    ]
    """Escape closes; r jumps to the transcript where a decision can be retried."""

    def __init__(self, run: CaseRun, result: CaseResult) -> None:
        super().__init__()
        self.run = run
        """The finished play-through."""
        self.result = result
        """The report and level timeline."""

    def compose(self) -> ComposeResult:
        report = self.result.report
        session = self.run.session
        scenario = session.scenario
        ending = session.ending
        yield Header()
        with TabbedContent(id="debrief", initial="tab-result"):
            with TabPane("Resultat", id="tab-result"), VerticalScroll(classes="debrief-body"):
                yield Static(
                    verdict_heading(report),
                    id="verdict",
                    classes="passed" if report.passed else "failed",
                    markup=False,
                )
                yield Static(report.summary, id="verdict-summary", markup=False)
                if self.result.save_error:
                    yield Static(self.result.save_error, id="save-warning", classes="failed", markup=False)
                if ending is not None:
                    outcome = OUTCOME_LABELS.get(ending.outcome, ending.outcome)
                    yield Static(f"Slutt: {ending.title} (utfall for barnet: {outcome})", classes="section-title")
                    yield Markdown(ending.text, id="ending-text")
                if report.complete:
                    yield Static("Poeng per kompetanseområde", classes="section-title")
                    yield AreaBars(report.areas, id="area-bars")
                yield Static("BTI-nivå underveis", classes="section-title")
                yield Static(level_chart(self.result.timeline), id="level-chart", markup=False)
            violations = report.violations
            followed = report.followed
            with TabPane(f"Funn ({len(violations)} brudd)", id="tab-findings"):
                with VerticalScroll(classes="debrief-body", id="findings"):
                    yield Static(f"Brudd ({len(violations)})", classes="section-title")
                    if not violations:
                        yield Static("Ingen brudd.", classes="muted")
                    for finding in violations:
                        yield FindingView(finding, show_step=True)
                    yield Static(f"Gjort riktig ({len(followed)})", classes="section-title")
                    if not followed:
                        yield Static("Ingen regler ble fulgt i denne saken.", classes="muted")
                    for finding in followed:
                        yield FindingView(finding, show_step=True)
            with TabPane("Forløp", id="tab-transcript"):
                yield Static(
                    "Velg et valg og trykk Enter for å prøve igjen fra det (et nytt forsøk; dette beholdes).",
                    classes="dialog-help",
                    markup=False,
                )
                options = []
                for index, (node_id, choice_id) in enumerate(zip(session.nodes, session.path, strict=True)):
                    node = scenario.nodes.get(node_id)
                    choice = scenario.choice(node_id, choice_id)
                    where = (node.title if node and node.title else node_id) or node_id
                    text = choice.text if choice else choice_id
                    options.append(Option(f"{index + 1}. {where}: {text}", id=f"step-{index}"))
                if ending is not None:
                    options.append(Option(f"Slutt: {ending.title}", id="ending", disabled=True))
                yield OptionList(*options, id="transcript")
            with TabPane("Refleksjon", id="tab-reflection"), VerticalScroll(classes="debrief-body"):
                yield Static("Spørsmål til refleksjon", classes="section-title")
                questions = scenario.reflection or ["Hva ville du gjort annerledes neste gang?"]
                yield Static(
                    "\n\n".join(f"{n}. {q}" for n, q in enumerate(questions, 1)), id="reflection", markup=False
                )
        yield Footer()

    def on_mount(self) -> None:
        """Titles and focus."""
        mode = MODE_LABELS.get(self.run.session.mode, self.run.session.mode)
        self.title = self.run.scenario.title
        self.sub_title = f"Oppsummering ({mode.lower()})"
        if self.result.save_error:
            self.app.notify(self.result.save_error, title="Resultatet ble ikke lagret", severity="error")
        self.query_one(TabbedContent).query_one(Tabs).focus()

    @on(OptionList.OptionSelected, "#transcript")
    def _retry(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("step-"):
            self.post_message(RetryFrom(self.run, int(option_id.removeprefix("step-"))))

    def action_show_tab(self, tab: str) -> None:
        """Switch to a tab (and focus what is in it)."""
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        focusable = tabs.get_pane(tab).query("OptionList, VerticalScroll")
        if focusable:
            focusable.first().focus()

    def action_next_tab(self) -> None:
        """Go to the next tab (wrapping round) and focus what is in it."""
        tabs = self.query_one(TabbedContent)
        ids = [pane.id for pane in tabs.query(TabPane) if pane.id]
        index = ids.index(tabs.active) if tabs.active in ids else -1
        self.action_show_tab(ids[(index + 1) % len(ids)])

    def action_close(self) -> None:
        """Leave the debrief."""
        self.dismiss()
