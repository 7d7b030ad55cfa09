"""Messages between the screens and the app: open, start, resume and retry cases and workshops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from trainer.progress import AttemptSummary
from trainer.ui.backend import CaseRun

if TYPE_CHECKING:  # types only: keeps the engine out of start-up
    from trainer.session import Mode


@dataclass
class OpenCase(Message):
    """Show a case's summary (and let the learner pick a mode and start it)."""

    scenario_id: str
    """The scenario (or, for a broken file, the file stem)."""


@dataclass
class StartCase(Message):
    """Start a new attempt at a case."""

    scenario_id: str
    """The scenario to play."""
    mode: Mode
    """øving or prøve."""


@dataclass
class ResumeAttempt(Message):
    """Continue an unfinished attempt."""

    attempt: AttemptSummary
    """The attempt to continue."""


@dataclass
class RetryFrom(Message):
    """*Prøv igjen fra her*: a new attempt from just before an earlier decision."""

    run: CaseRun
    """The finished play-through to branch from."""
    step: int
    """The 0-based decision to redo."""



@dataclass
class StartWorkshop(Message):
    """Run a case for a group (fasilitatormodus), optionally as a session of the årshjul."""

    scenario_id: str
    """The scenario to run."""
    plan_session_id: str | None = None
    """The årshjul session it belongs to (theme, unit and arena come from there)."""


@dataclass
class ResumeWorkshop(Message):
    """Continue a workshop that was interrupted (everything recorded is kept)."""

    workshop_id: int
    """The workshop in the workshop store."""
