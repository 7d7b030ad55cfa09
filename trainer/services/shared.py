"""The kommune's shared store for both faces: the learner's opt-in, sending attempts and workshops, forgetting a
learner everywhere, the self-assessment and the coordinator's report.

Sharing is opt-in and pseudonymous: the learner's random key, unit and role, and per attempt the case, the
dates, the decisions (IDs), the score, the pass and the broken rule IDs — never a name, a note or free text.
Sending never stops play: a failure is kept as a Norwegian note, and the finished attempt is sent whole (an
idempotent upsert), which repairs whatever did not arrive. SQLAlchemy loads only when something is sent or read.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from trainer.progress import Learner, ProgressStore, Sharing

if TYPE_CHECKING:
    from trainer.shared.report import CoordinatorReport
    from trainer.shared.store import AttemptStart, SharedStore
    from trainer.workshop.state import WorkshopSession
    from trainer.yearplan import YearPlan


@dataclass(frozen=True)
class SharedAttempt:
    """What the shared store gets about one local attempt."""

    attempt_id: int
    case_id: str
    mode: str


def attempt_key(learner_key: str, attempt_id: int) -> str:
    """The shared key of a local attempt (the same every time it is sent; unlinkable without the learner key)."""
    return hashlib.sha256(f"{learner_key}:forsøk:{attempt_id}".encode()).hexdigest()[:32]


def workshop_key(device_salt: str) -> str:
    """The shared key of a workshop: a hash of its random device salt (stable across resumes)."""
    return hashlib.sha256(f"verksted:{device_salt}".encode()).hexdigest()[:32]


QUIET_AFTER_FAILURE = 60.0
"""Seconds after a failure to reach the shared store during which sends made while playing are not tried."""


class SharedService:
    """Opens the shared store on first use and keeps the last problem as a Norwegian note."""

    def __init__(self, url: str | None = None, today: Callable[[], date] | None = None) -> None:
        """``url`` overrides ``BTI_TRENER_DATABASE`` (tests); ``today`` is an injectable clock."""
        self._url = url
        self._today = today or date.today
        self._store: SharedStore | None = None
        self._lock = threading.Lock()
        self.problem: str | None = None
        """The last failure to send or read (Norwegian), cleared by the next success."""
        self._failed_at: float | None = None

    def store(self) -> SharedStore:
        """The shared store, opened (and migrated) on first use; raises SharedStoreError."""
        from trainer.shared.store import SharedStore  # start-up: SQLAlchemy loads only when something is shared

        with self._lock:
            if self._store is None:
                self._store = SharedStore(self._url)
            return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def _send(self, call: Callable[[SharedStore], object], *, in_play: bool = False) -> bool:
        """Run ``call`` on the store; False (and a note in ``problem``) when the store is not reachable.

        ``in_play``: sent while the learner plays (an attempt begun, a decision). Within
        :data:`QUIET_AFTER_FAILURE` seconds of a failure these are not tried (each try could wait for the
        connect timeout on every choice); the finished attempt is sent whole anyway."""
        # start-up: the shared store (SQLAlchemy) loads only when something is shared
        from trainer.shared.database import SharedStoreError

        if in_play and self._failed_at is not None and time.monotonic() - self._failed_at < QUIET_AFTER_FAILURE:
            return False
        try:
            call(self.store())
        except SharedStoreError as exc:
            self.problem = str(exc)
            self._failed_at = time.monotonic()
            return False
        self.problem = None
        self._failed_at = None
        return True

    # -- the learner's choice ------------------------------------------------------------------------
    def start_sharing(self, progress: ProgressStore) -> Sharing:
        """Opt in (a new random key unless one is in use) and tell the store the learner's unit and role."""
        sharing = progress.sharing()
        if sharing.key is None:
            sharing = progress.set_sharing(secrets.token_hex(16))
        learner = progress.get_learner()
        key = sharing.key
        assert key is not None
        if self._send(lambda store: store.join(key, learner.unit, learner.role)):
            self.catch_up(progress)  # already sharing: results finished while the store was out of reach
        return sharing

    def new_key(self, progress: ProgressStore) -> Sharing:
        """A new learner key: what is shared from now on cannot be linked to what was shared before."""
        sharing = progress.set_sharing(secrets.token_hex(16))
        learner = progress.get_learner()
        key = sharing.key
        assert key is not None
        self._send(lambda store: store.join(key, learner.unit, learner.role))
        return sharing

    def stop_sharing(self, progress: ProgressStore) -> bool:
        """Opt out: nothing more is sent, and what was shared is deleted (False when the store could not be
        reached — then nothing changes locally either, so it can be tried again)."""
        keys = progress.sharing().all_keys
        if keys and not self._send(lambda store: store.forget(keys)):
            return False
        progress.set_sharing(None)
        return True

    def forget(self, keys: Iterable[str]) -> bool:
        """Delete everything shared under ``keys``; False when the store could not be reached."""
        keys = tuple(keys)
        return not keys or self._send(lambda store: store.forget(keys))

    def update_learner(self, sharing: Sharing, learner: Learner) -> None:
        """The learner changed unit or role: the store gets it for later attempts."""
        key = sharing.key
        if key is not None:
            self._send(lambda store: store.join(key, learner.unit, learner.role))

    # -- attempts ------------------------------------------------------------------------------------
    def _start(
        self, sharing: Sharing, learner: Learner, attempt: SharedAttempt, started: date | None = None
    ) -> AttemptStart:
        # start-up: the shared store (SQLAlchemy) loads only when something is shared
        from trainer.shared.store import AttemptStart

        assert sharing.key is not None
        return AttemptStart(
            attempt_key=attempt_key(sharing.key, attempt.attempt_id),
            learner_key=sharing.key,
            case_id=attempt.case_id,
            mode=attempt.mode,
            unit=learner.unit,
            role=learner.role,
            started_on=started or self._today(),
        )

    def attempt_started(self, sharing: Sharing, learner: Learner, attempt: SharedAttempt) -> None:
        """An attempt began (sent only when the learner shares)."""
        if sharing.key is None:
            return
        start = self._start(sharing, learner, attempt)

        def send(store: SharedStore) -> None:
            store.join(start.learner_key, learner.unit, learner.role)
            store.start_attempt(start)

        self._send(send, in_play=True)

    def decision(self, sharing: Sharing, attempt_id: int, step: int, node_id: str, choice_id: str) -> None:
        """One decision, sent as it is made."""
        if sharing.key is None:
            return
        key = attempt_key(sharing.key, attempt_id)
        self._send(lambda store: store.record_decision(key, step, node_id, choice_id), in_play=True)

    def attempt_finished(
        self,
        sharing: Sharing,
        learner: Learner,
        attempt: SharedAttempt,
        *,
        score: int,
        passed: bool,
        broken_rules: Sequence[str],
        path: Sequence[tuple[str, str]],
        started: date | None = None,
    ) -> bool:
        """A finished attempt, sent whole (it fills in anything that did not arrive before); False when the
        store could not be reached."""
        if sharing.key is None:
            return False
        start = self._start(sharing, learner, attempt, started)
        finished = self._today()

        def send(store: SharedStore) -> None:
            store.join(start.learner_key, learner.unit, learner.role)
            store.finish_attempt(
                start, finished_on=finished, score=score, passed=passed, broken_rules=broken_rules, path=path
            )

        return self._send(send)

    def catch_up(self, progress: ProgressStore) -> int:
        """Send the finished attempts the shared store has not confirmed (finished while it could not be
        reached, or before this version sent them); how many were sent. Only attempts started while sharing
        under the current key are sent."""
        sharing = progress.sharing()
        if sharing.key is None:
            return 0
        learner = progress.get_learner()
        sent = 0
        for summary in progress.unsent_results():
            if summary.passed is None or summary.overall is None:
                continue
            attempt = SharedAttempt(summary.id, summary.scenario_id, summary.mode)
            ok = self.attempt_finished(
                sharing,
                learner,
                attempt,
                score=summary.overall,
                passed=summary.passed,
                broken_rules=progress.broken_rules(summary.id),
                path=progress.decision_path(summary.id),
                started=date.fromisoformat(summary.started_at[:10]),
            )
            if not ok:
                break
            progress.mark_sent(summary.id)
            sent += 1
        return sent

    # -- workshops -----------------------------------------------------------------------------------
    def workshop_ended(self, workshop: WorkshopSession) -> bool:
        """Send an ended workshop with its attendance per unit (the presenter's counts, else one line with the
        estimate from phones and hands); False when the store could not be reached."""
        # start-up: the shared store (SQLAlchemy) loads only when something is shared
        from trainer.shared.report import NO_UNIT
        from trainer.shared.store import WorkshopRecord

        info = workshop.info
        attendance = dict(workshop.unit_counts)
        if not attendance:
            estimate = workshop.participant_total or workshop.participant_estimate()
            if estimate:
                attendance = {info.unit or NO_UNIT: estimate}
        held = date.fromisoformat(info.started_at[:10]) if info.started_at else self._today()
        record = WorkshopRecord(
            workshop_key=workshop_key(workshop.device_salt),
            case_id=info.scenario_id,
            unit=info.unit,
            season=info.season,
            plan_session_id=info.plan_session_id,
            arena=info.arena,
            held_on=held,
            reached_ending=workshop.finished,
            decisions=len(workshop.session.path),
            attendance=attendance,
        )
        return self._send(lambda store: store.record_workshop(record))

    # -- self-assessment and the report --------------------------------------------------------------
    def record_assessment(
        self, progress: ProgressStore, phase: str, answers: tuple[int, int, int, int, int]
    ) -> bool:
        """Store the learner's five answers for this season, and note locally that they are given (Hjem stops
        offering it); False when the learner does not share or the store is not reachable."""
        # start-up: the shared store (SQLAlchemy) loads only when something is shared
        from trainer.shared.assessment import season_of
        from trainer.shared.store import SelfAssessment

        key = progress.sharing().key
        if key is None:
            return False
        learner = progress.get_learner()
        today = self._today()
        answer = SelfAssessment(key, season_of(today), phase, learner.unit, today, answers)

        def send(store: SharedStore) -> None:
            store.join(key, learner.unit, learner.role)
            store.record_self_assessment(answer)

        if not self._send(send):
            return False
        progress.mark_answered(answer.season, phase)
        return True

    def report(
        self, plan: YearPlan, case_modules: dict[str, tuple[str, ...]], case_titles: dict[str, str]
    ) -> CoordinatorReport:
        """The coordinator's report for the plan's season; raises SharedStoreError when the store cannot be read."""
        # start-up: the shared store (SQLAlchemy) loads only when something is shared
        from trainer.shared.report import build_report

        return build_report(self.store(), plan, case_modules, case_titles)
