"""Messages between the screens and the app: open, start, resume and retry cases and workshops.

Plain ``Message`` subclasses (not dataclasses): they are imported at start-up, and building a dataclass costs
almost a millisecond each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # types only: keeps the engine and the stores out of start-up
    from trainer.progress import AttemptSummary
    from trainer.services.cases import CaseRun
    from trainer.session import Mode


class OpenCase(Message):
    """Show a case's summary (and let the learner pick a mode and start it)."""

    def __init__(self, scenario_id: str) -> None:
        super().__init__()
        self.scenario_id = scenario_id
        """The scenario (or, for a broken file, the file stem)."""


class StartCase(Message):
    """Start a new attempt at a case."""

    def __init__(self, scenario_id: str, mode: Mode) -> None:
        super().__init__()
        self.scenario_id = scenario_id
        """The scenario to play."""
        self.mode = mode
        """øving or prøve."""


class ResumeAttempt(Message):
    """Continue an unfinished attempt."""

    def __init__(self, attempt: AttemptSummary) -> None:
        super().__init__()
        self.attempt = attempt
        """The attempt to continue."""


class RetryFrom(Message):
    """*Prøv igjen fra her*: a new attempt from just before an earlier decision."""

    def __init__(self, run: CaseRun, step: int) -> None:
        super().__init__()
        self.run = run
        """The finished play-through to branch from."""
        self.step = step
        """The 0-based decision to redo."""


class StartWorkshop(Message):
    """Run a case for a group (fasilitatormodus), optionally as a session of the årshjul."""

    def __init__(self, scenario_id: str, plan_session_id: str | None = None) -> None:
        super().__init__()
        self.scenario_id = scenario_id
        """The scenario to run."""
        self.plan_session_id = plan_session_id
        """The årshjul session it belongs to (theme, unit and arena come from there)."""


class ResumeWorkshop(Message):
    """Continue a workshop that was interrupted (everything recorded is kept)."""

    def __init__(self, workshop_id: int) -> None:
        super().__init__()
        self.workshop_id = workshop_id
        """The workshop in the workshop store."""
