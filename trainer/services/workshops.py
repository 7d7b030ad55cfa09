"""Workshops for both faces: start one (from a case or an årshjul session), resume any paused one, open its
voting page, finish it and write the summaries — blocking code, run in workers by the TUI.

``bti-trener workshop`` (the terminal facilitator) and the app's Verksted screen call the same methods, so a
workshop started in one can be continued in the other with the same case, join code and address. Nothing
here imports Textual; the app builds this service on first use, so its imports do not delay the first frame.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.profile import KommuneProfile
from scoring.report import Report
from trainer.library import find_scenario
from trainer.profiles import ProfileError, find_profile
from trainer.scenario.model import Scenario
from trainer.scenario.problems import LoadResult, Problem
from trainer.services.cases import CaseError, CaseService
from trainer.services.yearplan import (
    PlanDetails,
    YearData,
    available_cases,
    library_titles,
    next_case,
    problem_text,
    session_statuses,
    workshop_details,
)
from trainer.workshop.export import ExportPaths, write_exports
from trainer.workshop.state import WorkshopError, WorkshopInfo, WorkshopSession
from trainer.workshop.store import VotingPage, WorkshopRow, WorkshopStore, WorkshopStoreError, default_path
from trainer.yearplan import YearPlan, YearSession, bundled_plan_path, check_plan, current_session, load_plan
from trainer.yearplan import next_session as next_plan_session

if TYPE_CHECKING:
    from trainer.workshop.server import VotingServer

DEFAULT_PORT = 8765
"""The voting page's usual port (see :func:`port_order`)."""

LAN_HOST = "0.0.0.0"
"""The address the voting page binds when the facilitator opens it to the local network."""


class WorkshopFailure(Exception):
    """A workshop could not be started, continued or exported; the message is Norwegian.

    ``problems`` holds the file problems behind it (``fil:linje:kolonne: KODE``), when there are any."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
        """The problems of the case or årshjul file that stopped it."""


class NoCaseForSession(WorkshopFailure):
    """None of an årshjul session's cases is playable in the library, and no case was named."""


@dataclass(frozen=True)
class VotingConfig:
    """Where the voting page listens: the app's settings, or ``bti-trener workshop --host/--port/--no-server``."""

    host: str = "127.0.0.1"
    """The address bound by default (only this machine); the presenter can switch to the LAN."""
    port: int | None = None
    """The port asked for; None means the usual one (8765). See :func:`port_order` for the fallbacks."""
    join_code: str | None = None
    """A fixed join code (tests and screenshots); a random one when None."""
    secret: str | None = None
    """A fixed secret for the QR link (tests and screenshots); a random one when None."""
    enabled: bool = True
    """False runs workshops with raised hands only."""


@dataclass
class WorkshopRun:
    """A workshop being run, and its voting page."""

    workshop: WorkshopSession
    """The workshop (thread-safe; the voting page writes votes to it from its own thread)."""
    note: str | None = None
    """A Norwegian note from resuming (the case file changed and the path was cut, or it had been ended)."""
    resumed: bool = False
    """True when the workshop was continued rather than started."""
    server: VotingServer | None = None
    """The running voting page, if any."""
    server_error: str | None = None
    """Why the voting page is not running (Norwegian), when it failed to start."""
    server_note: str | None = None
    """A Norwegian note when the voting page got another port than the first one tried."""
    lan: bool = False
    """True when the voting page is open to the local network."""
    join_code: str | None = None
    """The voting page's join code to use again (a resumed workshop keeps the code the phones already have)."""
    port: int | None = None
    """The voting page's port to try first (a resumed workshop keeps the address the phones already have)."""
    secret: str | None = None
    """The QR link's secret to use again (phones that scanned it keep working after a resume)."""
    wrong_codes: int = 0
    """Wrong typed codes already counted against the join code (a resume does not refill the budget)."""


@dataclass(frozen=True)
class FinishResult:
    """A finished (or stopped) workshop: the group's report and the exported files."""

    report: Report
    """The engine's verdict on the group's path."""
    paths: ExportPaths
    """The Markdown, HTML and the year's CSV."""
    finished: bool
    """True when the case reached an ending (False when the workshop was stopped early)."""
    share_problem: str | None = None
    """Norwegian note when the workshop could not be sent to the kommune's shared store (it is sent again when
    the workshop is finished or exported again)."""


def port_order(asked: int | None, kept: int | None) -> list[int]:
    """The ports the voting page tries, in order: the port the workshop had (phones that joined keep its
    address), the port asked for (8765 when none), and then any free port (0)."""
    return list(dict.fromkeys(p for p in (kept, DEFAULT_PORT if asked is None else asked, 0) if p is not None))


class WorkshopService:
    """The årshjul, the workshop store and the voting pages, opened lazily and safely from worker threads."""

    def __init__(
        self,
        cases: CaseService,
        *,
        plan_path: Path | None = None,
        store_path: Path | None = None,
        export_dir: Path | None = None,
        today: Callable[[], date] | None = None,
        voting: VotingConfig | None = None,
    ) -> None:
        """Use ``cases``' library; the other arguments default to the bundled plan and the data folder."""
        self.cases = cases
        """The library (and the progress store)."""
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
        self._plan_cache: tuple[Path, tuple[int, int], LoadResult[YearPlan]] | None = None
        self._servers: set[VotingServer] = set()
        self._servers_lock = threading.Lock()

    # -- files -----------------------------------------------------------------------------------
    def plan_path(self) -> Path:
        """The årshjul used: the one given, else ``arshjul.yaml`` in a library folder, else the bundled one."""
        if self._plan_path is not None:
            return self._plan_path
        for root in self.cases.library.roots:
            candidate = Path(root) / "arshjul.yaml"
            if candidate.is_file():
                return candidate
        return bundled_plan_path()

    def store_path(self) -> Path:
        """The workshop database file."""
        return self._store_path if self._store_path is not None else default_path()

    def store(self) -> WorkshopStore:
        """The workshop store, opened (and created) on first use; raises ``WorkshopStoreError``."""
        with self._lock:
            if self._store is None:
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
    def load_plan(self) -> LoadResult[YearPlan]:
        """The load result of the plan file, cached by modification time and size; raises ``OSError``."""
        path = self.plan_path()
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        cached = self._plan_cache
        if cached is not None and cached[0] == path and cached[1] == signature:
            return cached[2]
        result = load_plan(path, display_path=path.name)
        self._plan_cache = (path, signature, result)
        return result

    def _season_workshops(self, season: str | None) -> list[WorkshopRow]:
        """The workshops of one season (none when there is no store file yet); raises ``WorkshopStoreError``."""
        store = self._existing_store()
        return store.workshops(season) if store is not None else []

    def year(self) -> YearData:
        """The plan, this month's session, each session's status and the coverage check."""
        path = self.plan_path()
        today = self.today()
        if not path.is_file():
            return YearData(path=path, today=today, load_errors=[f"Fant ikke årshjulet «{path}»."])
        try:
            result = self.load_plan()
        except OSError as exc:
            return YearData(path=path, today=today, load_errors=[f"Årshjulet kunne ikke leses: {exc.strerror or exc}."])
        if result.value is None or result.errors:
            return YearData(path=path, today=today, load_errors=[problem_text(p) for p in result.problems])
        plan: YearPlan = result.value
        titles, broken = library_titles(self.cases.entries())
        checked = check_plan(plan, titles.keys(), broken_scenarios=broken, marks=result.marks, path=path.name)
        problems = [*result.warnings, *checked]
        store_error = None
        try:
            rows = self._season_workshops(plan.season)
        except WorkshopStoreError as exc:
            rows, store_error = [], str(exc)
        statuses = session_statuses(plan, rows)
        # A session held in BTI-trener counts as held, so "this month" moves on to the next one.
        effective = plan.model_copy(
            update={
                "sessions": [
                    s.model_copy(update={"status": "gjennomført"}) if statuses[s.id].held else s for s in plan.sessions
                ]
            }
        )
        current = current_session(effective, today)
        upcoming = next_plan_session(effective, today)
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

    def pick_scenario(self, year: YearData, session: YearSession) -> str | None:
        """The case to run for a session: the first available one not yet run to an ending for it."""
        season = year.plan.season if year.plan is not None else None
        rows = self._season_workshops(season) if year.plan is not None else []
        return next_case(session, year.available(session), rows)

    def _plan_session(self, plan_session_id: str) -> tuple[YearPlan, YearSession]:
        """The plan and one of its sessions; :class:`WorkshopFailure` when either cannot be had."""
        path = self.plan_path()
        try:
            result = self.load_plan()
        except OSError as exc:
            raise WorkshopFailure(f"Årshjulet «{path}» kunne ikke leses: {exc.strerror or exc}.") from None
        plan = result.value
        if plan is None or result.errors:
            raise WorkshopFailure(f"Årshjulet «{path}» har feil.", result.problems)
        session = plan.session(plan_session_id)
        if session is None:
            known = ", ".join(s.id for s in plan.sessions) or "(ingen)"
            raise WorkshopFailure(f"fant ingen økt «{plan_session_id}» i årshjulet {path.name}; øktene er: {known}")
        return plan, session

    # -- workshops -------------------------------------------------------------------------------
    def unfinished(self) -> list[WorkshopRow]:
        """Every workshop never ended, the most recent first (empty when there is no store yet)."""
        store = self._existing_store()
        return store.unfinished() if store is not None else []

    def _scenario(self, key: str) -> tuple[Scenario, str]:
        """The case named by a library ID or a scenario file, and the source to record for it."""
        path = Path(key)
        if path.suffix in (".yaml", ".yml") or path.is_file():
            scenario, problems = find_scenario(key)
            if scenario is None:
                raise WorkshopFailure(f"Saken i «{key}» kan ikke kjøres.", problems)
            return scenario, str(path.resolve())
        entry = self.cases.find_entry(key)
        if entry is None:
            known = ", ".join(sorted(e.id for e in self.cases.entries() if e.ok)) or "(ingen)"
            problem = Problem(key, 1, 1, "LIB001", f"fant ingen sak med ID «{key}»; kjente saker: {known}")
            raise WorkshopFailure(f"Fant ingen sak med ID «{key}» i biblioteket.", [problem])
        try:
            return self.cases.load(entry), str(entry.path)
        except CaseError as exc:
            raise WorkshopFailure(str(exc)) from None

    def start(
        self,
        scenario_id: str | None,
        plan_session_id: str | None = None,
        *,
        profile: str | None = None,
        theme: str | None = None,
        unit: str | None = None,
    ) -> WorkshopRun:
        """A new workshop on a case (a library ID or a scenario file), described from the årshjul session when
        one is given — its next case (:func:`~trainer.services.yearplan.next_case`) when no case is named.
        ``profile`` overrides the case's kommune profile; ``theme`` and ``unit`` the session's."""
        details: PlanDetails = {}
        if plan_session_id is not None:
            plan, session = self._plan_session(plan_session_id)
            details = workshop_details(plan, session)
            if scenario_id is None:
                titles, _ = library_titles(self.cases.entries())
                available = available_cases(session, titles)
                scenario_id = next_case(session, available, self._season_workshops(plan.season))
                if scenario_id is None:
                    listed = ", ".join(session.scenarios) or "(ingen)"
                    raise NoCaseForSession(
                        f"ingen av sakene i økta «{session.id}» finnes i biblioteket ennå ({listed})."
                    )
        if scenario_id is None:
            raise WorkshopFailure("Oppgi en sak eller en økt fra årshjulet.")
        if theme:
            details["theme"] = theme
        if unit:
            details["unit"] = unit
        scenario, source = self._scenario(scenario_id)
        judged_under = self._profile(profile or scenario.profile)
        info = WorkshopInfo(scenario_id=scenario.id, scenario_title=scenario.title, scenario_source=source, **details)
        try:
            workshop = WorkshopSession(scenario, profile=judged_under, info=info, recorder=self.store(), shuffled=True)
        except WorkshopStoreError as exc:
            raise WorkshopFailure(str(exc)) from None
        return WorkshopRun(workshop=workshop, join_code=self.voting.join_code, secret=self.voting.secret)

    @staticmethod
    def _profile(name: str) -> KommuneProfile:
        try:
            return find_profile(name)
        except ProfileError as exc:
            raise WorkshopFailure("; ".join(p.message for p in exc.problems) or str(exc), exc.problems) from None

    def resume(self, workshop_id: int) -> WorkshopRun:
        """Continue any paused workshop from what the store recorded (votes, phase, notes and participants),
        with the voting page's join code and port it had.

        The case is read from the file recorded when the workshop started if it still exists, else from the
        library by its ID. A workshop that was already ended is opened again for notes and a new export."""
        try:
            store = self.store()
            data = store.restore_data(workshop_id)
            page = store.voting_page(workshop_id)
        except WorkshopStoreError as exc:
            raise WorkshopFailure(str(exc)) from None
        scenario = self._recorded_scenario(data.info)
        if scenario is None:
            raise WorkshopFailure(
                f"Saken «{data.info.scenario_title}» ({data.info.scenario_id}) finnes ikke lenger eller har feil, "
                "så verkstedet kan ikke fortsettes."
            )
        try:
            profile: KommuneProfile | None = find_profile(data.info.profile_id)
        except ProfileError:
            profile = None  # judged under the case's own profile
        try:
            workshop, note = WorkshopSession.restore(scenario, data, profile=profile, recorder=store, shuffled=True)
        except WorkshopStoreError as exc:
            raise WorkshopFailure(str(exc)) from None
        if workshop.ended:
            workshop.ended = False
            reopened = f"Verksted {workshop_id} var avsluttet; det er åpnet igjen for notater og ny eksport."
            note = f"{note} {reopened}" if note else reopened
        return WorkshopRun(
            workshop=workshop,
            note=note,
            resumed=True,
            join_code=page.join_code or self.voting.join_code,
            port=page.port,
            secret=page.secret or self.voting.secret,
            wrong_codes=page.wrong_codes if page.join_code else 0,
        )

    def _recorded_scenario(self, info: WorkshopInfo) -> Scenario | None:
        """The workshop's case: from its recorded source file while that exists and loads, else the library's."""
        source = info.scenario_source
        if source and Path(source).is_file():
            scenario, _ = find_scenario(source)
            if scenario is not None:
                return scenario
        entry = self.cases.find_entry(info.scenario_id)
        if entry is None or not entry.ok:
            return None
        try:
            return self.cases.load(entry)
        except CaseError:
            return None

    def finish(self, workshop: WorkshopSession) -> FinishResult:
        """End the workshop, record the result and write the summaries (Markdown, HTML, the year's CSV), and send
        the workshop with its attendance to the kommune's shared store (for the coordinator's report)."""
        try:
            report = workshop.finish()
            paths = write_exports(workshop, self.export_dir, store=self.store())
        except (WorkshopError, WorkshopStoreError) as exc:
            raise WorkshopFailure(str(exc)) from None
        except OSError as exc:
            raise WorkshopFailure(f"Sammendraget kunne ikke skrives ({exc.strerror or exc}).") from None
        shared = self.cases.shared
        sent = shared.workshop_ended(workshop)
        return FinishResult(
            report=report, paths=paths, finished=workshop.finished, share_problem=None if sent else shared.problem
        )

    # -- the voting page -------------------------------------------------------------------------
    def start_server(self, run: WorkshopRun, *, lan: bool | None = None) -> None:
        """(Re)start the voting page for ``run`` (on the LAN when ``lan``); a failure is kept in ``server_error``.

        The ports are tried in :func:`port_order`. The join code and the port stay the same across a restart
        and when the workshop is resumed later (both are kept in the workshop store), so phones that joined
        keep working."""
        # start-up: aiohttp loads when a voting page first starts, not when Hjem reads the årshjul through here
        from trainer.workshop.server import VotingServer, VotingServerError, lan_address

        if not self.voting.enabled:
            run.server_error = "Stemmesiden er slått av. Bruk håndsopprekning."
            return
        want_lan = run.lan if lan is None else lan
        if run.server is not None:  # a restart keeps who may join
            access = run.server.access
            run.join_code, run.secret, run.wrong_codes = access.join_code, access.secret, access.wrong_codes
        self.stop_server(run)
        # on the LAN: only the interface whose address is shown (every interface only when it is unknown)
        host = (lan_address() or LAN_HOST) if want_lan else self.voting.host
        ports = port_order(self.voting.port, run.port)
        error = "Stemmesiden kunne ikke starte."
        for port in ports:
            server = VotingServer(
                run.workshop,
                host=host,
                port=port,
                join_code=run.join_code,
                secret=run.secret,
                wrong_codes=run.wrong_codes,
                on_access_change=lambda changed: self._keep_page(run, changed),
            )
            try:
                server.start()
            except VotingServerError as exc:
                error = str(exc)
                continue
            with self._servers_lock:
                self._servers.add(server)
            run.server, run.server_error, run.lan = server, None, want_lan
            run.server_note = f"Port {ports[0]} var opptatt; bruker port {server.port}." if port != ports[0] else None
            self._keep_page(run, server)
            return
        run.server, run.server_error = None, error

    def _keep_page(self, run: WorkshopRun, server: VotingServer) -> None:
        """Record the page's join code, port, QR secret and wrong-code count with the workshop, so a later
        resume gets the same address and access (called again whenever a wrong code is typed or a new code
        drawn)."""
        access = server.access
        kept = VotingPage(access.join_code, server.port, access.secret, access.wrong_codes)
        run.join_code, run.port, run.secret, run.wrong_codes = kept.join_code, kept.port, kept.secret, kept.wrong_codes
        if run.workshop.workshop_id is None:
            return
        try:
            self.store().record_voting_page(run.workshop.workshop_id, kept)
        except WorkshopStoreError:
            pass  # the page works; only a later resume would get a new code and address

    def new_code(self, run: WorkshopRun) -> str | None:
        """Draw a new join code for the running voting page (the typed code works again after too many wrong
        tries); None when no page runs. Phones that joined stay joined."""
        if run.server is None:
            return None
        return run.server.new_code()

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
        from trainer.workshop.server import qr_text  # start-up: loaded with the running page anyway (see start_server)

        return qr_text(run.server.join_url)
