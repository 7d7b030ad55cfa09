"""What every BTI-trener screen and dialog shares: typed access to the app's services, and a pause note."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:  # types only: the app imports the screens
    from trainer.services.cases import CaseService
    from trainer.ui.app import TrainerApp

ResultT = TypeVar("ResultT")

CSSPath = str | PurePath | list[str | PurePath] | None
"""What a screen's ``CSS_PATH`` may hold (Textual's own alias is not exported)."""


class _HasCases(Protocol):
    """An app with a case service (the main app and the preview app)."""

    cases: CaseService


class AppAccess:
    """Typed access to the app a screen runs in — mixed into :class:`TrainerScreen` and the dialogs, so no
    screen needs ``type: ignore`` to reach the app's services."""

    @property
    def cases(self) -> CaseService:
        """The case service of the app (the main app or the preview)."""
        return cast(_HasCases, cast(Any, self).app).cases

    @property
    def trainer(self) -> TrainerApp:
        """The main app: its areas, its workshop service and its actions (screens of the main app only)."""
        return cast("TrainerApp", cast(Any, self).app)


class TrainerScreen(AppAccess, Screen[ResultT]):
    """A full screen of BTI-trener."""

    PAUSE_NOTE: ClassVar[str | None] = None
    """What the app says when the learner leaves this screen for another area (what was kept, and where it
    continues); None when leaving it loses nothing."""
