"""Cases for the app: the library, the progress store and the session — open, play, finish and record.

Nothing here imports Textual. Every method may block (YAML parsing, SQLite, judging) and is meant to be
called from a worker thread; the locks make the lazy opening safe when two workers ask at once. The
screens render what these methods return; nothing here decides what is right (the session asks
:func:`scoring.engine.judge`). The workshop service finds and loads its cases through here too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.library import Library, LibraryEntry
from trainer.option_order import new_key as new_order_key
from trainer.progress import (
    AttemptSummary,
    AttemptTakenOver,
    Learner,
    ProgressError,
    ProgressStore,
    ScenarioStatus,
    Sharing,
)
from trainer.services.shared import SharedAttempt, SharedService

if TYPE_CHECKING:  # the engine and the scenario model load on first use, not before the first frame
    from scoring.report import Report
    from scoring.state import CaseState
    from trainer.scenario.model import Scenario
    from trainer.session import Mode, Session, StepOutcome


class CaseError(Exception):
    """A case could not be opened or continued; the message is Norwegian and meant for the user."""


@dataclass
class CaseRun:
    """A session being played and the attempt it is recorded under."""

    session: Session
    """The play-through."""
    attempt_id: int | None
    """The attempt in the progress store (None when progress cannot be saved)."""
    entry: LibraryEntry
    """The library entry of the case."""
    note: str | None = None
    """A Norwegian note from resuming (the case file was changed and the path had to be cut)."""
    save_error: str | None = None
    """The last error from the store, if saving failed (play goes on)."""
    saved_steps: int = 0
    """How many of the session's decisions the store holds; the rest are written at the next chance."""
    holder: str | None = None
    """This window's claim on the attempt (:meth:`ProgressStore.claim_attempt`): another window that resumes
    the attempt takes it over, and this one's writes are refused from then on."""

    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""
        return self.session.scenario


@dataclass(frozen=True)
class ChoiceResult:
    """What the play screen needs after a choice: the outcome and the case as it now stands."""

    outcome: StepOutcome
    """The session's outcome of the choice (findings at that step, ending reached)."""
    state: CaseState
    """The case after the choice (side panel)."""
    save_error: str | None = None
    """Norwegian error when the decision could not be recorded."""


@dataclass(frozen=True)
class CaseResult:
    """A finished play-through: the engine's report and the level timeline, for the debrief."""

    report: Report
    """The verdict on the whole path."""
    timeline: list[tuple[int, int]]
    """(day, level) at the start and after each decision."""
    save_error: str | None = None
    """Norwegian error when the result could not be recorded."""
    share_problem: str | None = None
    """Norwegian note when the result could not be sent to the kommune's shared store (the learner shares)."""


@dataclass(frozen=True)
class ProgressData:
    """Everything the progress screen shows, read in one go."""

    attempts: list[AttemptSummary]
    """All attempts, newest first."""
    area_history: dict[str, list[tuple[str, int]]]
    """Per competence area, (finished_at, score) oldest first."""
    rule_counts: list[tuple[str, int, int]]
    """(rule_id, broken, followed), most broken first."""
    broken_by_attempt: dict[int, list[str]] = field(default_factory=dict)
    """Rule IDs broken in each finished attempt (once per attempt, however often)."""
    followed_by_attempt: dict[int, list[str]] = field(default_factory=dict)
    """Rule IDs followed in each finished attempt."""

    def to_practise(self, rules: list[str]) -> list[tuple[str, list[str]]]:
        """Cases to practise *rules* on, most recently played first: a case is listed with each of *rules*
        that its latest finished attempt touching the rule broke. A rule the learner has since followed in
        that case (without breaking it again) is no longer listed for it."""
        found: dict[str, list[str]] = {}
        settled: set[tuple[str, str]] = set()  # (case, rule) already decided by a newer attempt
        for attempt in self.attempts:  # newest first
            if attempt.id not in self.broken_by_attempt:
                continue  # unfinished: no verdict yet
            broken = set(self.broken_by_attempt[attempt.id])
            followed = set(self.followed_by_attempt.get(attempt.id, []))
            for rule in rules:
                key = (attempt.scenario_id, rule)
                if key in settled or (rule not in broken and rule not in followed):
                    continue
                settled.add(key)
                if rule in broken:
                    found.setdefault(attempt.scenario_id, []).append(rule)
        return [(case, sorted(found[case], key=rules.index)) for case in found]


class CaseService:
    """The library and the progress store behind the app, opened lazily and safely from worker threads."""

    def __init__(
        self,
        library_roots: list[Path] | None = None,
        store_path: Path | None = None,
        clock: Callable[[], datetime] | None = None,
        shared: SharedService | None = None,
    ) -> None:
        self.library = Library(library_roots)
        self.shared = shared or SharedService()
        """The kommune's shared store (used only for a learner who opts in to sharing)."""
        self._sharing: Sharing | None = None
        self._store_path = store_path
        self._clock = clock
        self._store: ProgressStore | None = None
        self._store_error: ProgressError | None = None
        self._store_lock = threading.Lock()
        self._library_lock = threading.Lock()
        self.library_problem: str | None = None
        """A Norwegian note when a library folder could not be read (the app still starts)."""

    # -- opening ---------------------------------------------------------------------------------
    def store(self) -> ProgressStore:
        """The progress store, opened on first use; raises :class:`ProgressError` (again) if it cannot open."""
        with self._store_lock:
            if self._store is not None:
                return self._store
            if self._store_error is not None:
                raise self._store_error
            try:
                self._store = ProgressStore(self._store_path, now=self._clock)
            except ProgressError as exc:
                self._store_error = exc
                raise
            return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def entries(self) -> list[LibraryEntry]:
        """Every file in the library (broken ones included), indexed once; empty if a folder is missing."""
        with self._library_lock:
            try:
                return list(self.library.entries())
            except OSError as exc:
                self.library_problem = f"Biblioteket kunne ikke leses: {exc.strerror or exc} ({exc.filename or ''})."
                return []

    def find_entry(self, scenario_id: str) -> LibraryEntry | None:
        """The entry with this ID — a playable one first, else a broken file with that stem."""
        entries = self.entries()
        return next((e for e in entries if e.id == scenario_id and e.ok), None) or next(
            (e for e in entries if e.id == scenario_id), None
        )

    def load(self, entry: LibraryEntry) -> Scenario:
        """The full scenario behind an entry; raises :class:`CaseError` with the file's problems."""
        if not entry.ok:
            raise CaseError(f"Saken «{entry.title}» kan ikke spilles: " + "; ".join(entry.problems))
        with self._library_lock:
            scenario, problems = self.library.load(entry)
        if scenario is None:
            raise CaseError(f"Saken «{entry.title}» kan ikke spilles: " + "; ".join(p.format() for p in problems))
        return scenario

    # -- reading progress -------------------------------------------------------------------------
    def statuses(self) -> dict[str, ScenarioStatus]:
        """The learner's status per scenario (empty when the store cannot be read)."""
        return self.store().status_by_scenario()

    def learner(self) -> Learner:
        """Who is training."""
        return self.store().get_learner()

    def set_learner(self, learner: Learner) -> None:
        """Save who is training (a learner who shares: the unit and role go to the shared store too)."""
        self.store().set_learner(learner.name, learner.unit, learner.role)
        self.shared.update_learner(self.sharing(), learner)

    # -- sharing with the kommune's report (opt-in) ----------------------------------------------------
    def sharing(self) -> Sharing:
        """The learner's choice about sharing (read once, then kept)."""
        if self._sharing is None:
            self._sharing = self.store().sharing()
        return self._sharing

    def start_sharing(self) -> Sharing:
        """Opt in to sharing with the kommune's report (pseudonymous)."""
        self._sharing = self.shared.start_sharing(self.store())
        return self._sharing

    def new_share_key(self) -> Sharing:
        """Share under a new random key from now on."""
        self._sharing = self.shared.new_key(self.store())
        return self._sharing

    def stop_sharing(self) -> bool:
        """Opt out and delete what was shared; False when the shared store could not be reached (nothing changed)."""
        done = self.shared.stop_sharing(self.store())
        self._sharing = None
        return done

    def record_assessment(self, phase: str, answers: tuple[int, int, int, int, int]) -> bool:
        """The learner's self-assessment, sent to the shared store and noted here; False when not sent."""
        sent = self.shared.record_assessment(self.store(), phase, answers)
        self._sharing = None  # it now says the assessment was answered
        return sent

    def _shared_attempt(self, run: CaseRun) -> SharedAttempt | None:
        if run.attempt_id is None:
            return None
        return SharedAttempt(run.attempt_id, run.session.scenario.id, run.session.mode)

    def unfinished(self) -> list[AttemptSummary]:
        """Attempts that can be continued, newest first."""
        return self.store().unfinished()

    def progress(self) -> ProgressData:
        """Attempts, area history, rule counts and the rules broken in each finished attempt."""
        store = self.store()
        exported = store.export()
        finished = [a for a in exported["attempts"] if a["finished_at"] is not None]
        return ProgressData(
            attempts=store.attempts(),
            area_history=store.area_history(),
            rule_counts=store.rule_counts(),
            broken_by_attempt={int(a["id"]): list(a["rules"]["brutt"]) for a in finished},
            followed_by_attempt={int(a["id"]): list(a["rules"]["fulgt"]) for a in finished},
        )

    # -- playing ---------------------------------------------------------------------------------
    def start(self, scenario_id: str, mode: Mode) -> CaseRun:
        """A new attempt at a case from the start."""
        entry = self._entry_or_error(scenario_id)
        scenario = self.load(entry)
        session, _ = _session_class().resume(scenario, [], mode=mode)  # judged under the case's own profile
        profile = session.profile
        run = CaseRun(session=session, attempt_id=None, entry=entry)
        try:
            run.attempt_id = self.store().start_attempt(scenario.id, mode, profile.id)
            run.holder = self.store().claim_attempt(run.attempt_id)
        except ProgressError as exc:
            run.save_error = str(exc)
        self._share_start(run)
        # the options' order is drawn per attempt (trainer.option_order): keyed on the attempt's number
        session.order_key = run.attempt_id if run.attempt_id is not None else new_order_key()
        return run

    def resume(self, attempt: AttemptSummary) -> CaseRun:
        """Continue an unfinished attempt from its saved decisions.

        A case that is gone or broken ends the attempt with a note and raises :class:`CaseError`.
        """
        store = self.store()
        entry = self.find_entry(attempt.scenario_id)
        problem: str | None = None
        if entry is None:
            problem = f"Saken «{attempt.scenario_id}» finnes ikke lenger i biblioteket."
        elif not entry.ok:
            problem = f"Saken «{entry.title}» har feil i fila og kan ikke spilles nå."
        if problem is not None or entry is None:
            store.end_attempt_removed(attempt.id, problem or "")
            raise CaseError(f"{problem} Det uferdige forsøket er avsluttet.")
        scenario = self.load(entry)
        path = [choice for _, choice in store.decision_path(attempt.id)]
        mode: Mode = "prøve" if attempt.mode == "prøve" else "øving"
        session, note = _session_class().resume(scenario, path, mode=mode, order_key=self._order_key(attempt))
        run = CaseRun(
            # a path cut because the case changed keeps only its first steps; the next choice replaces the rest
            session=session, attempt_id=attempt.id, entry=entry, note=note, saved_steps=len(session.path),
        )
        try:
            run.holder = store.claim_attempt(attempt.id)  # this window takes the attempt over from any other
        except ProgressError as exc:
            run.save_error = str(exc)  # play goes on; the choices are written when the store takes them
        return run

    def _order_key(self, attempt: AttemptSummary) -> int:
        """The order key of an attempt: the number of the first attempt in its chain of retries, so a resumed
        or retried attempt shows the options as before."""
        store = self.store()
        seen = {attempt.id}
        while attempt.retry_of is not None and attempt.retry_of not in seen:
            earlier = store.attempt(attempt.retry_of)
            if earlier is None:
                break
            seen.add(earlier.id)
            attempt = earlier
        return attempt.id

    def retry_from(self, run: CaseRun, step: int) -> CaseRun:
        """*Prøv igjen fra her*: a new attempt that keeps decisions before ``step`` and redoes ``step``."""
        old = run.session
        prefix_choices = list(old.path[:step])
        prefix = list(zip(old.nodes[:step], prefix_choices, strict=True))
        session, note = _session_class().resume(
            old.scenario, prefix_choices, old.profile, old.mode, order_key=old.order_key
        )
        new = CaseRun(session=session, attempt_id=None, entry=run.entry, note=note)
        try:
            new.attempt_id = self.store().start_attempt(
                old.scenario.id, old.mode, old.profile.id, prefix=prefix, retry_of=run.attempt_id
            )
            new.saved_steps = len(prefix)
            new.holder = self.store().claim_attempt(new.attempt_id)
        except ProgressError as exc:
            new.save_error = str(exc)
        self._share_start(new)
        return new

    def _share_start(self, run: CaseRun) -> None:
        """Tell the shared store an attempt began — only when the learner shares."""
        shared = self._shared_attempt(run)
        if shared is None:
            return
        try:
            sharing = self.sharing()
            if sharing.key is not None:
                self.shared.attempt_started(sharing, self.learner(), shared)
        except ProgressError:
            pass  # the local store is the one to report on; sharing waits for it

    def state(self, run: CaseRun) -> CaseState:
        """The case as it stands now (replays the path)."""
        return run.session.state()

    def choose(self, run: CaseRun, key: str) -> ChoiceResult:
        """Take a choice, record it at once, and return the findings at that step and the new state.

        A decision the store cannot take now (the database is locked by another program, the disk is full)
        stays in the session and is written, with any others still waiting, at the next choice or at the
        finish; ``save_error`` is set only the first time, so the learner is told once."""
        session = run.session
        outcome = session.choose(key)
        already_failing = run.save_error is not None and run.attempt_id is not None
        error = self._save_pending(run)
        return ChoiceResult(
            outcome=outcome, state=session.state(), save_error=None if already_failing else error
        )

    def _save_pending(self, run: CaseRun) -> str | None:
        """Write the decisions the store does not hold yet, in order; None when all are saved (the run's
        ``save_error`` is cleared then), else the Norwegian error (kept in ``save_error``)."""
        if run.attempt_id is None:
            return None
        session = run.session
        try:
            store = self.store()
            for step in range(run.saved_steps, len(session.path)):
                store.record_decision(run.attempt_id, step, session.nodes[step], session.path[step], run.holder)
                run.saved_steps = step + 1
                sharing = self.sharing()
                if sharing.key is not None:
                    self.shared.decision(sharing, run.attempt_id, step, session.nodes[step], session.path[step])
        except AttemptTakenOver as exc:
            run.save_error = str(exc)
            return run.save_error
        except ProgressError as exc:
            run.save_error = (
                f"{exc} Valgene dine er ikke tapt: de lagres så snart det går, og du kan spille videre."
            )
            return run.save_error
        run.save_error = None
        return None

    def finish(self, run: CaseRun) -> CaseResult:
        """Judge the whole path and record the result of the attempt."""
        session = run.session
        report = session.report()
        timeline = session.level_timeline()
        error = None
        if self._save_pending(run) is not None:
            # a score must belong to the stored path: with decisions missing, none is recorded
            error = "Resultatet ble ikke lagret, fordi ikke alle valgene kunne lagres. " + (run.save_error or "")
        # only a finished case has a score and a pass to record (an unfinished report has neither)
        elif run.attempt_id is not None and report.passed is not None and report.overall is not None:
            try:
                self.store().finish_attempt(
                    run.attempt_id,
                    ending=session.position,
                    passed=report.passed,
                    overall=report.overall,
                    areas={a.area: a.score for a in report.areas},
                    broken_rules=report.broken_rules,
                    followed_rules=report.followed_rules,
                    holder=run.holder,
                    path=list(zip(session.nodes, session.path, strict=True)),
                )
            except ProgressError as exc:
                error = str(exc)
            else:
                self._share_finish(run, report.overall, report.passed, report.broken_rules)
        return CaseResult(report=report, timeline=timeline, save_error=error, share_problem=self.shared.problem)

    def _share_finish(self, run: CaseRun, score: int, passed: bool, broken: list[str]) -> None:
        """Send a finished attempt whole — only when the learner shares."""
        shared = self._shared_attempt(run)
        sharing = self.sharing()
        if shared is None or sharing.key is None:
            return
        path = list(zip(run.session.nodes, run.session.path, strict=True))
        try:
            started = self.store().attempt(shared.attempt_id)
            day = date.fromisoformat(started.started_at[:10]) if started is not None else None
            sent = self.shared.attempt_finished(
                sharing, self.learner(), shared, score=score, passed=passed, broken_rules=broken, path=path, started=day
            )
            if sent:
                self.store().mark_sent(shared.attempt_id)
                self.shared.catch_up(self.store())  # any finished while the shared store could not be reached
        except ProgressError:
            pass  # the result is stored here; it is sent with the next finished attempt (catch_up)

    def _entry_or_error(self, scenario_id: str) -> LibraryEntry:
        entry = self.find_entry(scenario_id)
        if entry is None:
            raise CaseError(f"Fant ingen sak med ID «{scenario_id}» i biblioteket.")
        return entry


def _session_class() -> type[Session]:
    """The session class, imported when a case is first opened."""
    from trainer.session import Session  # start-up: the engine and pydantic load when a case opens, not before

    return Session
