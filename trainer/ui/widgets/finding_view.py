"""One finding from the engine: ✗ broken (with why, «Bedre:» and «Kilde:») or ✓ followed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from trainer.ui.text import SEVERITY_LABELS

if TYPE_CHECKING:  # types only: keeps the engine out of start-up
    from scoring.report import Finding


class FindingView(Vertical):
    """A finding as the engine worded it; ``brief`` shows only the title line (for followed rules)."""

    DEFAULT_CSS = """
    FindingView {
        height: auto;
        margin-bottom: 1;
    }
    FindingView .finding-title {
        text-style: bold;
    }
    FindingView.-broken .finding-title {
        color: $text-error;
    }
    FindingView.-followed .finding-title {
        color: $text-success;
    }
    FindingView.-critical .finding-title {
        text-style: bold reverse;
    }
    FindingView .finding-body {
        padding-left: 2;
    }
    FindingView .finding-detail {
        text-style: italic;
    }
    """

    def __init__(self, finding: Finding, *, brief: bool = False, show_step: bool = False) -> None:
        outcome = "-broken" if finding.outcome == "brutt" else "-followed"
        critical = " -critical" if finding.outcome == "brutt" and finding.severity == "kritisk" else ""
        super().__init__(classes=outcome + critical)
        self.finding = finding
        """The finding shown."""
        self.brief = brief
        """Only the title line."""
        self.show_step = show_step
        """Say which decision it arose at."""

    def compose(self) -> ComposeResult:
        f = self.finding
        mark = "✗" if f.outcome == "brutt" else "✓"
        severity = f" [{SEVERITY_LABELS[f.severity]}]" if f.outcome == "brutt" else ""
        where = f" (valg {f.step + 1})" if self.show_step and f.step is not None else ""
        yield Static(f"{mark} {f.rule_id}{severity} {f.title}{where}", classes="finding-title", markup=False)
        if self.brief:
            return
        if f.did:
            yield Static(f.did, classes="finding-body finding-action", markup=False)
        if f.detail:
            yield Static(f.detail, classes="finding-body finding-detail", markup=False)
        yield Static(f.why, classes="finding-body", markup=False)
        if f.better:
            yield Static(f"Bedre: {f.better}", classes="finding-body finding-better", markup=False)
        yield Static(f"Kilde: {f.source}", classes="finding-body finding-source", markup=False)
