"""The app's link to the årshjul, the workshop store and the voting page — blocking code, run in workers.

Nothing here imports Textual, and nothing heavy is imported at module level: the year plan, the workshop
session, the store and the aiohttp server load on first use, so the app's first frame does not wait for
them. Every method may block (YAML, SQLite, the engine, starting or stopping a server thread) and is meant
to be called from a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: these modules load when a workshop or the årshjul is first used
    from scoring.report import Report
    from trainer.scenario.problems import LoadResult, Problem
    from trainer.ui.backend import Backend
    from trainer.workshop.export import ExportPaths
    from trainer.workshop.server import VotingServer
    from trainer.workshop.state import WorkshopSession
    from trainer.workshop.store import WorkshopRow, WorkshopStore
    from trainer.yearplan import YearPlan, YearSession

LAN_HOST = "0.0.0.0"
"""The address the voting page binds when the facilitator opens it to the local network."""


class WorkshopFailure(Exception):
    """A workshop could not be started, continued or exported; the message is Norwegian."""


@dataclass(frozen=True)
class VotingConfig:
    """Where the voting page listens when a workshop starts from the app."""

    host: str = "127.0.0.1"
    """The address bound by default (only this machine); the presenter can switch to the LAN."""
    port: int | None = None
    """The port; None tries the usual port (8765) and falls back to any free port."""
    join_code: str | None = None
    """A fixed join code (tests and screenshots); a random one when None."""
    enabled: bool = True
    """False runs workshops with raised hands only."""


@dataclass(frozen=True)
class SessionStatus:
    """Whether an årshjul session has been held: the plan's own status and the workshops in the store."""

    plan_status: str
    """``planlagt`` or ``gjennomført`` as written in the plan."""
    held_on: tuple[str, ...] = ()
    """Local dates (dd.mm.åååå) of finished workshops run for the session in BTI-trener."""
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
        return [sid for sid in session.scenarios if sid in self.titles]


@dataclass
class WorkshopRun:
    """A workshop being run from the app, and its voting page."""

    workshop: WorkshopSession
    """The workshop (thread-safe; the voting page writes votes to it from its own thread)."""
    note: str | None = None
    """A Norwegian note from resuming (the case file changed and the path was cut)."""
    resumed: bool = False
    """True when the workshop was continued rather than started."""
    server: VotingServer | None = None
    """The running voting page, if any."""
    server_error: str | None = None
    """Why the voting page is not running (Norwegian), when it failed to start."""
    lan: bool = False
    """True when the voting page is open to the local network."""
    join_code: str | None = None
    """The voting page's join code to use again (a resumed workshop keeps the code the phones already have)."""


@dataclass(frozen=True)
class FinishResult:
    """A finished (or stopped) workshop: the group's report and the exported files."""

    report: Report
    """The engine's verdict on the group's path."""
    paths: ExportPaths
    """The Markdown, HTML and the year's CSV."""
    finished: bool
    """True when the case reached an ending (False when the workshop was stopped early)."""


class WorkshopBackend:
    """The årshjul and the workshops behind the app, opened lazily and safely from worker threads."""

    def __init__(
        self,
        backend: Backend,
        *,
        plan_path: Path | None = None,
        store_path: Path | None = None,
        export_dir: Path | None = None,
        today: Callable[[], date] | None = None,
        voting: VotingConfig | None = None,
    ) -> None:
        """Use ``backend``'s library; the other arguments default to the bundled plan and the data folder."""
        self.backend = backend
        """The library (and the progress store) of the app."""
        self._plan_path = plan_path
        self._store_path = store_path
        self.export_dir = export_dir
        """Where summaries are written (the data folder's ``eksport`` when None)."""
        self.today = today or date.today
        """Today's date (tests freeze it)."""
        self.voting = voting or VotingConfig()
        """Where the voting page listens."""
        self._store: WorkshopStore | None = None
        self._lock = threading.Lock()
        self._plan_cache: tuple[tuple[int, int], LoadResult[YearPlan]] | None = None
        self._servers: set[VotingServer] = set()
        self._servers_lock = threading.Lock()

    # -- files -----------------------------------------------------------------------------------
    def plan_path(self) -> Path:
        """The årshjul shown: the one given, else ``arshjul.yaml`` in a library folder, else the bundled one."""
        if self._plan_path is not None:
            return self._plan_path
        for root in self.backend.library.roots:
            candidate = Path(root) / "arshjul.yaml"
            if candidate.is_file():
                return candidate
        from trainer.yearplan import bundled_plan_path

        return bundled_plan_path()

    def store_path(self) -> Path:
        """The workshop database file."""
        if self._store_path is not None:
            return self._store_path
        from trainer.workshop.store import default_path

        return default_path()

    def store(self) -> WorkshopStore:
        """The workshop store, opened (and created) on first use; raises ``WorkshopStoreError``."""
        with self._lock:
            if self._store is None:
                from trainer.workshop.store import WorkshopStore

                self._store = WorkshopStore(self.store_path())
            return self._store

    def _existing_store(self) -> WorkshopStore | None:
        """The store, but only when its file exists (reading must not create it)."""
        if self._store is None and not self.store_path().exists():
            return None
        return self.store()

    def close(self) -> None:
        """Stop every voting page still running and close the store."""
        with self._servers_lock:
            servers = list(self._servers)
        for server in servers:
            self._stop(server)
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    # -- the årshjul -----------------------------------------------------------------------------
    def _load_plan(self, path: Path) -> LoadResult[YearPlan]:
        """The load result of the plan file, cached by modification time and size."""
        from trainer.yearplan import load_plan

        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        if self._plan_cache is not None and self._plan_cache[0] == signature:
            return self._plan_cache[1]
        result = load_plan(path, display_path=path.name)
        self._plan_cache = (signature, result)
        return result

    def year(self) -> YearData:
        """The plan, this month's session, each session's status and the coverage check."""
        from trainer.yearplan import check_plan, current_session, next_session

        path = self.plan_path()
        today = self.today()
        if not path.is_file():
            return YearData(path=path, today=today, load_errors=[f"Fant ikke årshjulet «{path}»."])
        try:
            result = self._load_plan(path)
        except OSError as exc:
            return YearData(path=path, today=today, load_errors=[f"Årshjulet kunne ikke leses: {exc.strerror or exc}."])
        if result.value is None or result.errors:
            return YearData(path=path, today=today, load_errors=[_problem_text(p) for p in result.problems])
        plan: YearPlan = result.value
        entries = self.backend.entries()
        titles = {e.id: e.title for e in entries if e.ok}
        broken = {e.id for e in entries if not e.ok}
        problems = [*result.warnings, *check_plan(plan, titles.keys(), broken_scenarios=broken, marks=result.marks, path=path.name)]
        statuses, store_error = self._statuses(plan)
        # A session held in BTI-trener counts as held, so "this month" moves on to the next one.
        effective = plan.model_copy(
            update={
                "sessions": [
                    s.model_copy(update={"status": "gjennomført"}) if statuses.get(s.id, SessionStatus(s.status)).held else s
                    for s in plan.sessions
                ]
            }
        )
        current = current_session(effective, today)
        upcoming = next_session(effective, today)
        by_id = {s.id: s for s in plan.sessions}
        return YearData(
            path=path,
            today=today,
            plan=plan,
            current=by_id.get(current.id) if current else None,
            upcoming=by_id.get(upcoming.id) if upcoming else None,
            statuses=statuses,
            titles=titles,
            problems=problems,
            store_error=store_error,
        )

    def _statuses(self, plan: YearPlan) -> tuple[dict[str, SessionStatus], str | None]:
        from trainer.workshop.store import WorkshopStoreError

        held: dict[str, list[str]] = {}
        open_ones: dict[str, int] = {}
        error = None
        try:
            store = self._existing_store()
            rows = store.workshops(plan.season) if store is not None else []
        except WorkshopStoreError as exc:
            rows, error = [], str(exc)
        for row in rows:
            if not row.plan_session_id:
                continue
            if row.finished:
                held.setdefault(row.plan_session_id, []).append(local_date(row.started_at))
            else:
                open_ones[row.plan_session_id] = row.id
        return {
            s.id: SessionStatus(s.status, tuple(held.get(s.id, ())), open_ones.get(s.id)) for s in plan.sessions
        }, error

    # -- workshops -------------------------------------------------------------------------------
    def unfinished(self) -> WorkshopRow | None:
        """The most recent workshop that was never ended (None when there is none, or no store yet)."""
        store = self._existing_store()
        return store.latest_unfinished() if store is not None else None

    def pick_scenario(self, year: YearData, session: YearSession) -> str | None:
        """The case to run for a session: the first available one not yet run to the end for it."""
        available = year.available(session)
        if not available:
            return None
        done: set[str] = set()
        store = self._existing_store()
        if store is not None and year.plan is not None:
            done = {
                w.scenario_id for w in store.workshops(year.plan.season) if w.plan_session_id == session.id and w.ending
            }
        return next((sid for sid in available if sid not in done), available[0])

    def start(self, scenario_id: str, plan_session_id: str | None = None) -> WorkshopRun:
        """A new workshop on a case in the library, described from the årshjul session when one is given."""
        from trainer.profiles import ProfileError, find_profile
        from trainer.ui.backend import CaseError
        from trainer.workshop.state import WorkshopInfo, WorkshopSession
        from trainer.workshop.store import WorkshopStoreError

        entry = self.backend.find_entry(scenario_id)
        if entry is None:
            raise WorkshopFailure(f"Fant ingen sak med ID «{scenario_id}» i biblioteket.")
        try:
            scenario = self.backend.load(entry)
        except CaseError as exc:
            raise WorkshopFailure(str(exc)) from None
        try:
            profile = find_profile(scenario.profile)
        except ProfileError as exc:
            raise WorkshopFailure("; ".join(p.message for p in exc.problems) or str(exc)) from None
        details: dict[str, str | None] = {}
        if plan_session_id is not None:
            details = self._plan_details(plan_session_id)
        info = WorkshopInfo(
            scenario_id=scenario.id,
            scenario_title=scenario.title,
            scenario_source=entry.path,
            **details,  # type: ignore[arg-type]
        )
        try:
            workshop = WorkshopSession(scenario, profile=profile, info=info, recorder=self.store())
        except WorkshopStoreError as exc:
            raise WorkshopFailure(str(exc)) from None
        return WorkshopRun(workshop=workshop)

    def _plan_details(self, plan_session_id: str) -> dict[str, str | None]:
        """Theme, unit, kommune, season, arena and facilitator from an årshjul session."""
        path = self.plan_path()
        result = self._load_plan(path)
        plan = result.value
        session = plan.session(plan_session_id) if plan is not None else None
        if plan is None or session is None:
            raise WorkshopFailure(f"Fant ingen økt «{plan_session_id}» i årshjulet {path.name}.")
        return {
            "theme": f"{session.title}: {session.theme}",
            "unit": plan.unit,
            "kommune": plan.kommune,
            "season": plan.season,
            "plan_session_id": session.id,
            "arena": session.arena,
            "facilitator": session.facilitator,
        }

    def resume(self, workshop_id: int) -> WorkshopRun:
        """Continue a workshop from what the store recorded (votes, phase, notes and participants)."""
        from trainer.library import find_scenario
        from trainer.profiles import ProfileError, find_profile
        from trainer.ui.backend import CaseError
        from trainer.workshop.state import WorkshopSession
        from trainer.workshop.store import WorkshopStoreError

        try:
            store = self.store()
            data = store.restore_data(workshop_id)
        except WorkshopStoreError as exc:
            raise WorkshopFailure(str(exc)) from None
        scenario = None
        entry = self.backend.find_entry(data.info.scenario_id)
        if entry is not None and entry.ok:
            try:
                scenario = self.backend.load(entry)
            except CaseError:
                scenario = None
        source = data.info.scenario_source
        if scenario is None and source and Path(source).is_file():
            scenario, _ = find_scenario(source)
        if scenario is None:
            raise WorkshopFailure(
                f"Saken «{data.info.scenario_title}» ({data.info.scenario_id}) finnes ikke lenger eller har feil, "
                "så verkstedet kan ikke fortsettes."
            )
        try:
            profile = find_profile(data.info.profile_id)
        except ProfileError:
            profile = None
        try:
            workshop, note = WorkshopSession.restore(scenario, data, profile=profile, recorder=store)
            code = store.join_code(workshop_id)
        except WorkshopStoreError as exc:
            raise WorkshopFailure(str(exc)) from None
        return WorkshopRun(workshop=workshop, note=note, resumed=True, join_code=code)

    def finish(self, workshop: WorkshopSession) -> FinishResult:
        """End the workshop, record the result and write the summaries (Markdown, HTML, the year's CSV)."""
        from trainer.workshop.export import write_exports
        from trainer.workshop.state import WorkshopError
        from trainer.workshop.store import WorkshopStoreError

        try:
            report = workshop.finish()
            paths = write_exports(workshop, self.export_dir, store=self.store())
        except (WorkshopError, WorkshopStoreError) as exc:
            raise WorkshopFailure(str(exc)) from None
        except OSError as exc:
            raise WorkshopFailure(f"Sammendraget kunne ikke skrives ({exc.strerror or exc}).") from None
        return FinishResult(report=report, paths=paths, finished=workshop.finished)

    # -- the voting page -------------------------------------------------------------------------
    def start_server(self, run: WorkshopRun, *, lan: bool | None = None) -> None:
        """(Re)start the voting page for ``run`` (on the LAN when ``lan``); a failure is kept in ``server_error``.

        The join code stays the same across a restart and when the workshop is resumed later (it is kept in
        the workshop store), so phones that joined keep working.
        """
        from trainer.workshop.server import DEFAULT_PORT, VotingServer, VotingServerError
        from trainer.workshop.store import WorkshopStoreError

        if not self.voting.enabled:
            run.server_error = "Stemmesiden er slått av. Bruk håndsopprekning."
            return
        want_lan = run.lan if lan is None else lan
        code = run.server.join_code if run.server is not None else run.join_code or self.voting.join_code
        previous_port = run.server.port if run.server is not None and run.server.running else None
        self.stop_server(run)
        host = LAN_HOST if want_lan else self.voting.host
        configured = DEFAULT_PORT if self.voting.port is None else self.voting.port
        ports = [p for p in (previous_port, configured, 0) if p is not None]
        error = "Stemmesiden kunne ikke starte."
        for port in dict.fromkeys(ports):
            server = VotingServer(run.workshop, host=host, port=port, join_code=code)
            try:
                server.start()
            except VotingServerError as exc:
                error = str(exc)
                continue
            with self._servers_lock:
                self._servers.add(server)
            run.server, run.server_error, run.lan = server, None, want_lan
            if run.join_code != server.join_code and run.workshop.workshop_id is not None:
                run.join_code = server.join_code
                try:
                    self.store().record_join_code(run.workshop.workshop_id, server.join_code)
                except WorkshopStoreError:
                    pass  # the page works; only a later resume would show a new code
            return
        run.server, run.server_error = None, error

    def stop_server(self, run: WorkshopRun) -> None:
        """Stop the voting page of ``run`` (nothing happens when it is not running)."""
        if run.server is not None:
            self._stop(run.server)

    def _stop(self, server: VotingServer) -> None:
        """Stop a server once: whoever takes it out of the running set stops it (stopping twice at the same
        time would stop its event loop in the middle of the clean-up)."""
        with self._servers_lock:
            if server not in self._servers:
                return
            self._servers.discard(server)
        server.stop()

    def qr(self, run: WorkshopRun) -> str | None:
        """The join address as a QR code in block characters — only when the page is open to the LAN."""
        if run.server is None or run.server.loopback_only:
            return None
        from trainer.workshop.server import qr_text

        return qr_text(run.server.join_url)


def local_date(stamp: str) -> str:
    """An ISO 8601 time from the store as a local date: «14.10.2026»."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%d.%m.%Y")


def _problem_text(problem: Problem) -> str:
    kind = "Feil" if problem.is_error else "Advarsel"
    return f"{kind} (linje {problem.line}): {problem.message}"
