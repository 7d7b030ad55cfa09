"""The årshjul as both faces show it: which sessions were held, this month's session, and the next case.

``bti-trener arshjul`` and ``bti-trener workshop --session`` (the CLI) and the Årshjul screen and Hjem's
«Denne måneden» (the TUI) all ask here, so a workshop run from one face counts as held in the other, and
both pick the same case for a session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypedDict

from trainer.library import LibraryEntry
from trainer.scenario.problems import Problem
from trainer.workshop.store import WorkshopRow, WorkshopStore, WorkshopStoreError
from trainer.yearplan import YearPlan, YearSession


@dataclass(frozen=True)
class SessionStatus:
    """Whether an årshjul session has been held: the plan's own status and the workshops in the store."""

    plan_status: str
    """``planlagt`` or ``gjennomført`` as written in the plan."""
    held_on: tuple[str, ...] = ()
    """Local dates (dd.mm.åååå) of finished workshops run for the session in BTI-trener, oldest first."""
    open_workshop: int | None = None
    """An unfinished workshop for the session, which can be continued."""

    @property
    def held(self) -> bool:
        """True when the plan says so or a workshop for the session was finished."""
        return self.plan_status == "gjennomført" or bool(self.held_on)

    @property
    def text(self) -> str:
        """The status in Norwegian: «gjennomført 14.10.2026», «påbegynt», «planlagt»."""
        if self.held_on:
            times = f" ({len(self.held_on)} ganger)" if len(self.held_on) > 1 else ""
            return f"gjennomført {self.held_on[-1]}{times}"
        if self.plan_status == "gjennomført":
            return "gjennomført"
        if self.open_workshop is not None:
            return "påbegynt – kan fortsettes fra Hjem"
        return "planlagt"


@dataclass(frozen=True)
class YearData:
    """Everything the årshjul screen and Hjem's «Denne måneden» show, read in one go."""

    path: Path
    """The plan file."""
    today: date
    """The day the year is shown for."""
    plan: YearPlan | None = None
    """The plan (None when it could not be read)."""
    current: YearSession | None = None
    """This month's session (the first not yet held), or None."""
    upcoming: YearSession | None = None
    """The next session not yet held, from this month on (for a month without a session)."""
    statuses: dict[str, SessionStatus] = field(default_factory=dict)
    """Session ID → status."""
    titles: dict[str, str] = field(default_factory=dict)
    """Playable scenario ID → title."""
    problems: list[Problem] = field(default_factory=list)
    """The coverage check (and the file's warnings), sorted by line."""
    load_errors: list[str] = field(default_factory=list)
    """Why the plan could not be read (Norwegian, with file:line)."""
    store_error: str | None = None
    """A Norwegian note when the workshop store could not be read (statuses then come from the plan)."""

    def status(self, session: YearSession) -> SessionStatus:
        """The status of one session."""
        return self.statuses.get(session.id) or SessionStatus(session.status)

    def available(self, session: YearSession) -> list[str]:
        """The session's scenarios that exist in the library and can be played, in order."""
        return available_cases(session, self.titles)


def local_date(stamp: str) -> str:
    """An ISO 8601 time from the store as a local date: «14.10.2026»."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%d.%m.%Y")


def problem_text(problem: Problem) -> str:
    """A problem of the plan file as one Norwegian line: «Feil (linje 12): …»."""
    kind = "Feil" if problem.is_error else "Advarsel"
    return f"{kind} (linje {problem.line}): {problem.message}"


def library_titles(entries: Iterable[LibraryEntry]) -> tuple[dict[str, str], set[str]]:
    """Scenario ID → title for the playable cases, and the IDs (file stems) of broken files."""
    entries = list(entries)
    return {e.id: e.title for e in entries if e.ok}, {e.id for e in entries if not e.ok}


def season_workshops(store_path: Path, season: str | None) -> tuple[list[WorkshopRow], str | None]:
    """The workshops of one season in the store at ``store_path`` — read only when the file exists (reading
    must not create it) — and a Norwegian note when it could not be read."""
    if not store_path.exists():
        return [], None
    try:
        with WorkshopStore(store_path) as store:
            return store.workshops(season), None
    except WorkshopStoreError as exc:
        return [], str(exc)


def held_dates(plan: YearPlan, store_path: Path) -> tuple[dict[str, list[str]], str | None]:
    """Årshjul session ID → local dates of the workshops held for it, and a Norwegian note when the store at
    ``store_path`` could not be read (it is read only when it exists)."""
    rows, error = season_workshops(store_path, plan.season)
    statuses = session_statuses(plan, rows)
    return {sid: list(status.held_on) for sid, status in statuses.items() if status.held_on}, error


def session_statuses(plan: YearPlan, workshops: Iterable[WorkshopRow]) -> dict[str, SessionStatus]:
    """Each session's status: the dates of the workshops run for it to the end, and one still open."""
    held: dict[str, list[str]] = {}
    open_ones: dict[str, int] = {}
    for row in workshops:
        if not row.plan_session_id:
            continue
        if row.finished:
            held.setdefault(row.plan_session_id, []).append(local_date(row.started_at))
        else:
            open_ones[row.plan_session_id] = row.id
    return {s.id: SessionStatus(s.status, tuple(held.get(s.id, ())), open_ones.get(s.id)) for s in plan.sessions}


def available_cases(session: YearSession, titles: Iterable[str]) -> list[str]:
    """The session's scenarios that are playable in the library (``titles``' IDs), in the plan's order."""
    playable = set(titles)
    return [sid for sid in session.scenarios if sid in playable]


def next_case(session: YearSession, available: list[str], workshops: Iterable[WorkshopRow]) -> str | None:
    """The case to run for a session: the first available one not yet run to an ending for it (the first
    one again when all have been); None when none is available."""
    if not available:
        return None
    done = {w.scenario_id for w in workshops if w.plan_session_id == session.id and w.ending}
    return next((sid for sid in available if sid not in done), available[0])


class PlanDetails(TypedDict, total=False):
    """What a workshop records besides its case (the fields of ``WorkshopInfo`` an årshjul session fills in)."""

    theme: str | None
    unit: str | None
    kommune: str | None
    season: str | None
    plan_session_id: str | None
    arena: str | None
    facilitator: str | None


def workshop_details(plan: YearPlan, session: YearSession) -> PlanDetails:
    """What a workshop run for an årshjul session records: theme, unit, kommune, season, arena, facilitator."""
    return PlanDetails(
        theme=f"{session.title}: {session.theme}",
        unit=plan.unit,
        kommune=plan.kommune,
        season=plan.season,
        plan_session_id=session.id,
        arena=session.arena,
        facilitator=session.facilitator,
    )
