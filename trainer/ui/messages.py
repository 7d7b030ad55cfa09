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

