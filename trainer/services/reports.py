"""The coordinator's report for both faces: read the årshjul and the library, sum the shared store, and hand
back the report with its text, CSV and HTML forms (``bti-trener rapport`` and the app's Rapport screen)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.library import Library, LibraryEntry
from trainer.services.shared import SharedService
from trainer.yearplan import YearPlan, bundled_plan_path, load_plan

if TYPE_CHECKING:
    from trainer.shared.report import CoordinatorReport


class ReportFailure(Exception):
    """The report could not be made; the message is Norwegian, ``problems`` are formatted file problems."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
        """``fil:linje:kolonne: KODE melding`` lines of the årshjul file, when it had errors."""


@dataclass(frozen=True)
class MadeReport:
    """The report and its three forms."""

    report: CoordinatorReport

    def text(self) -> str:
        """For a terminal or the app."""
        from trainer.shared.report_export import text_lines  # start-up: loaded with the report

        return "\n".join(text_lines(self.report)) + "\n"

    def csv(self) -> str:
        """One row per figure."""
        from trainer.shared.report_export import csv_text  # start-up: loaded with the report

        return csv_text(self.report)

    def html(self) -> str:
        """One self-contained page with charts."""
        from trainer.shared.report_export import html_page  # start-up: loaded with the report

        return html_page(self.report)


def _plan(path: Path | None) -> YearPlan:
    result = load_plan(path or bundled_plan_path())
    if result.value is None or result.errors:
        raise ReportFailure("årshjulet har feil, så rapporten kan ikke lages.", [p.format() for p in result.problems])
    return result.value


def coordinator_report(
    plan_path: Path | None = None,
    *,
    entries: Iterable[LibraryEntry] | None = None,
    shared: SharedService | None = None,
    progress: Callable[[str], None] | None = None,
) -> MadeReport:
    """The report for the årshjul's season (the bundled årshjul by default) from the shared store; raises
    :class:`ReportFailure`. ``entries`` is the library (the bundled one by default); ``progress`` hears what is
    being done (the report can take a moment on a big store)."""
    from trainer.shared.database import SharedStoreError  # start-up: SQLAlchemy loads with the report

    say = progress or (lambda _: None)
    plan = _plan(plan_path)
    say("Leser biblioteket …")
    playable = [e for e in (Library().entries() if entries is None else entries) if e.ok]
    modules = {e.id: tuple(e.modules) for e in playable}
    titles = {e.id: e.title for e in playable}
    service = shared or SharedService()
    say("Leser den felles databasen …")
    try:
        report = service.report(plan, modules, titles)
    except SharedStoreError as exc:
        raise ReportFailure(str(exc)) from None
    finally:
        if shared is None:
            service.close()
    return MadeReport(report)
