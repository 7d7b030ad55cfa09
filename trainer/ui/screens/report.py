"""Rapport: the BTI coordinator's report on the training year, read from the kommune's shared store, with CSV
and HTML exports. Every number behind which fewer than five learners stand is shown as «<5»."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from trainer.paths import data_dir
from trainer.services.reports import ReportFailure, coordinator_report
from trainer.ui.screens.base import TrainerScreen

if TYPE_CHECKING:
    from trainer.services.reports import MadeReport


class ReportScreen(TrainerScreen[None]):
    """The coordinator's report as text, with keys to save it as CSV or as an HTML page with charts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "save('csv')", "Lagre CSV"),
        Binding("h", "save('html')", "Lagre HTML"),
        Binding("escape", "app.pop_screen", "Tilbake"),
    ]
    """c and h save the report in the data folder's «rapporter»; Esc goes back to the årshjul."""

    def __init__(self) -> None:
        super().__init__()
        self.made: MadeReport | None = None
        """The report, once read."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report-box"):
            yield Static("Leser den felles databasen …", id="report-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Read the report in a thread (a big shared store can take a moment)."""
        self.title = "Rapport – opplæringsåret"
        self.load()

    @work(exclusive=True, group="report")
    async def load(self) -> None:
        """Build the report from the årshjul, the library and the shared store."""
        text = self.query_one("#report-text", Static)
        plan = self.trainer.workshops.plan_path()
        cases = self.cases

        def say(what: str) -> None:
            self.app.call_from_thread(text.update, what)

        try:

            def make() -> MadeReport:
                return coordinator_report(plan, entries=cases.entries(), shared=cases.shared, progress=say)

            self.made = await asyncio.to_thread(make)
        except ReportFailure as exc:
            text.update("Rapporten kan ikke lages: " + "\n".join([str(exc), *exc.problems]))
            return
        text.update(self.made.text())
        self.sub_title = f"{self.made.report.season} · {self.made.report.where}"

    def action_save(self, kind: str) -> None:
        """Save the report as CSV or HTML in the data folder."""
        if self.made is None:
            return
        self._save(kind)

    @work(group="report-save")
    async def _save(self, kind: str) -> None:
        made = self.made
        assert made is not None
        season = made.report.season.replace("–", "-")
        path = data_dir() / "rapporter" / f"bti-rapport-{season}.{kind}"
        content = made.csv() if kind == "csv" else made.html()

        def write() -> Path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            return path

        try:
            written = await asyncio.to_thread(write)
        except OSError as exc:
            self.app.notify(f"Kunne ikke lagre {path} ({exc.strerror or exc}).", title="Rapport", severity="error")
            return
        self.app.notify(f"Lagret {written}", title="Rapport")
