"""The shared store: record what the coordinator's report needs, forget a learner, and read the report's sums.

Every write is its own short transaction and idempotent (an upsert), so a laptop that lost the network can
send the same attempt or workshop again, and a client killed in the middle of an attempt leaves every
decision it was told had been stored. The report's numbers are summed in the database (grouped by unit and
month), so the report stays fast with many thousands of learners.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Integer, Table, delete, distinct, extract, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from trainer.shared.database import SharedStoreError, database_url, describe, open_engine, upgrade
from trainer.shared.schema import (
    attempt_decisions,
    attempt_rules,
    attempts,
    learners,
    self_assessments,
    workshop_attendance,
    workshops,
)


@dataclass(frozen=True)
class AttemptStart:
    """A solo attempt as it begins (pseudonymous: the learner is a random key)."""

    attempt_key: str
    learner_key: str
    case_id: str
    mode: str
    unit: str | None
    role: str | None
    started_on: date


@dataclass(frozen=True)
class WorkshopRecord:
    """A workshop that was ended, with its attendance per unit."""

    workshop_key: str
    case_id: str
    unit: str | None
    season: str | None
    plan_session_id: str | None
    arena: str | None
    held_on: date
    reached_ending: bool
    decisions: int
    attendance: Mapping[str, int]


@dataclass(frozen=True)
class SelfAssessment:
    """A learner's five answers (1–5) at the start or the end of a season."""

    learner_key: str
    season: str
    phase: str
    unit: str | None
    answered_on: date
    answers: tuple[int, int, int, int, int]


@dataclass(frozen=True)
class UnitMonth:
    """Solo attempts of one unit in one month."""

    unit: str | None
    year: int
    month: int
    attempts: int
    learners: int
    finished: int
    passed: int
    score_sum: int


@dataclass(frozen=True)
class AreaMonth:
    """Finished attempts on the cases of one competence module in one month (all units)."""

    module: str
    year: int
    month: int
    finished: int
    learners: int
    score_sum: int


@dataclass(frozen=True)
class AreaUnit:
    """Finished attempts on the cases of one competence module by one unit (the whole range)."""

    module: str
    unit: str | None
    finished: int
    learners: int
    score_sum: int


@dataclass(frozen=True)
class RuleCount:
    """How many finished attempts, by how many learners, broke a rule."""

    rule_id: str
    attempts: int
    learners: int


@dataclass(frozen=True)
class WorkshopMonth:
    """Workshops held by one unit in one month, and their participants per attending unit."""

    unit: str | None
    year: int
    month: int
    workshops: int
    stopped_early: int


@dataclass(frozen=True)
class Attendance:
    """Participants from one unit at workshops in one month."""

    unit: str
    year: int
    month: int
    participants: int


@dataclass(frozen=True)
class PlanSessionCount:
    """Workshops held for one årshjul session."""

    plan_session_id: str
    workshops: int
    units: int


@dataclass(frozen=True)
class AssessmentSums:
    """Self-assessments of one unit at one phase of a season: respondents and the sum per question."""

    unit: str | None
    phase: str
    learners: int
    sums: tuple[int, int, int, int, int]


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT that can say ON CONFLICT."""
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def _upsert(conn: Connection, table: Table, row: Mapping[str, Any], keys: Sequence[str], update: bool = True) -> None:
    statement = _insert(conn, table).values(**row)
    changed = {name: statement.excluded[name] for name in row if name not in keys}
    if update and changed:
        statement = statement.on_conflict_do_update(index_elements=list(keys), set_=changed)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    conn.execute(statement)


class SharedStore:
    """The shared store at ``url`` (default: :func:`~trainer.shared.database.database_url`), migrated on open."""

    def __init__(self, url: str | None = None) -> None:
        """Open (and migrate) the store; raises :class:`SharedStoreError` in Norwegian."""
        self.url = url or database_url()
        self.where = describe(self.url)
        """The database, for messages («PostgreSQL-databasen bti på …» or «fila …»)."""
        self.engine: Engine = open_engine(self.url)
        upgrade(self.engine, self.url)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> SharedStore:
        """Use in a ``with`` block."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close."""
        self.close()

    def _write(self, what: str) -> Any:
        return _Transaction(self, what)

    # ----------------------------------------------------------------- learners and attempts

    def join(self, learner_key: str, unit: str | None, role: str | None) -> None:
        """A learner starts (or goes on) sharing; the unit and role are updated."""
        with self._write("lagre deltakeren") as conn:
            row = {"learner_key": learner_key, "unit": unit, "role": role, "joined_at": datetime.now(UTC)}
            statement = _insert(conn, learners).values(**row)
            statement = statement.on_conflict_do_update(
                index_elements=["learner_key"], set_={"unit": statement.excluded.unit, "role": statement.excluded.role}
            )
            conn.execute(statement)

    def start_attempt(self, start: AttemptStart) -> None:
        """An attempt begins (sending it again changes nothing)."""
        with self._write("lagre forsøket") as conn:
            _upsert(conn, attempts, _attempt_row(start), ["attempt_key"], update=False)

    def record_decision(self, attempt_key: str, step: int, node_id: str, choice_id: str) -> None:
        """One decision of an attempt, stored before this returns (a later one at the same step replaces it)."""
        with self._write("lagre valget") as conn:
            row = {"attempt_key": attempt_key, "step": step, "node_id": node_id, "choice_id": choice_id}
            _upsert(conn, attempt_decisions, row, ["attempt_key", "step"])

    def finish_attempt(
        self,
        start: AttemptStart,
        *,
        finished_on: date,
        score: int,
        passed: bool,
        broken_rules: Iterable[str],
        path: Sequence[tuple[str, str]],
    ) -> None:
        """A finished attempt: its whole path (so decisions that never arrived are filled in), its score, pass
        and broken rules — in one transaction."""
        with self._write("lagre resultatet") as conn:
            _upsert(conn, attempts, _attempt_row(start), ["attempt_key"], update=False)
            conn.execute(delete(attempt_decisions).where(attempt_decisions.c.attempt_key == start.attempt_key))
            if path:
                conn.execute(
                    attempt_decisions.insert(),
                    [
                        {"attempt_key": start.attempt_key, "step": step, "node_id": node, "choice_id": choice}
                        for step, (node, choice) in enumerate(path)
                    ],
                )
            conn.execute(
                attempts.update()
                .where(attempts.c.attempt_key == start.attempt_key)
                .values(finished_on=finished_on, score=score, passed=passed)
            )
            conn.execute(delete(attempt_rules).where(attempt_rules.c.attempt_key == start.attempt_key))
            rules = sorted(set(broken_rules))
            if rules:
                conn.execute(
                    attempt_rules.insert(), [{"attempt_key": start.attempt_key, "rule_id": rule} for rule in rules]
                )

    def forget(self, learner_keys: Iterable[str]) -> int:
        """Delete learners with everything they shared (attempts, decisions, rules, self-assessments); how many
        learners were found."""
        keys = sorted(set(learner_keys))
        if not keys:
            return 0
        with self._write("slette deltakeren") as conn:
            owned = select(attempts.c.attempt_key).where(attempts.c.learner_key.in_(keys))
            for table in (attempt_decisions, attempt_rules):  # SQLite without foreign keys on would keep them
                conn.execute(delete(table).where(table.c.attempt_key.in_(owned)))
            conn.execute(delete(attempts).where(attempts.c.learner_key.in_(keys)))
            conn.execute(delete(self_assessments).where(self_assessments.c.learner_key.in_(keys)))
            return int(conn.execute(delete(learners).where(learners.c.learner_key.in_(keys))).rowcount or 0)

    def learner_data(self, learner_key: str) -> dict[str, int]:
        """How many rows the store holds for one learner, per table (for ``data export`` and tests)."""
        with self._read() as conn:
            owned = select(attempts.c.attempt_key).where(attempts.c.learner_key == learner_key)
            return {
                "learners": _count(conn, learners, learners.c.learner_key == learner_key),
                "attempts": _count(conn, attempts, attempts.c.learner_key == learner_key),
                "decisions": _count(conn, attempt_decisions, attempt_decisions.c.attempt_key.in_(owned)),
                "rules": _count(conn, attempt_rules, attempt_rules.c.attempt_key.in_(owned)),
                "self_assessments": _count(conn, self_assessments, self_assessments.c.learner_key == learner_key),
            }

    # ----------------------------------------------------------------- workshops and self-assessments

    def record_workshop(self, record: WorkshopRecord) -> None:
        """A workshop that was ended (again: it replaces what was sent before)."""
        with self._write("lagre verkstedet") as conn:
            row = {
                "workshop_key": record.workshop_key,
                "case_id": record.case_id,
                "unit": record.unit,
                "season": record.season,
                "plan_session_id": record.plan_session_id,
                "arena": record.arena,
                "held_on": record.held_on,
                "reached_ending": record.reached_ending,
                "decisions": record.decisions,
            }
            _upsert(conn, workshops, row, ["workshop_key"])
            conn.execute(delete(workshop_attendance).where(workshop_attendance.c.workshop_key == record.workshop_key))
            rows = [
                {"workshop_key": record.workshop_key, "unit": unit, "participants": count}
                for unit, count in sorted(record.attendance.items())
                if count > 0
            ]
            if rows:
                conn.execute(workshop_attendance.insert(), rows)

    def record_self_assessment(self, answer: SelfAssessment) -> None:
        """A self-assessment (a second one in the same season and phase replaces the first)."""
        if len(answer.answers) != 5 or not all(1 <= a <= 5 for a in answer.answers):
            raise SharedStoreError("Egenvurderingen må ha fem svar fra 1 til 5.")
        with self._write("lagre egenvurderingen") as conn:
            row = {
                "learner_key": answer.learner_key,
                "season": answer.season,
                "phase": answer.phase,
                "unit": answer.unit,
                "answered_on": answer.answered_on,
                **{f"q{n}": value for n, value in enumerate(answer.answers, start=1)},
            }
            _upsert(conn, self_assessments, row, ["learner_key", "season", "phase"])

    # ----------------------------------------------------------------- the report's sums

    # Counting learners: every sum below first groups by learner (one row per learner and group) and then
    # counts those rows — two hash aggregations instead of COUNT(DISTINCT …), which sorts every row and took
    # seconds on the benchmark's 200,000 attempts (``make bench``, report ≤ 1 s).

    def unit_months(self, first: date, last: date) -> list[UnitMonth]:
        """Solo attempts per unit and month between two days (inclusive)."""
        year, month = extract("year", attempts.c.started_on), extract("month", attempts.c.started_on)
        per_learner = (
            select(
                attempts.c.unit.label("unit"),
                year.label("year"),
                month.label("month"),
                func.count().label("attempts"),
                func.count(attempts.c.score).label("finished"),
                func.coalesce(func.sum(func.cast(attempts.c.passed, _int())), 0).label("passed"),
                func.coalesce(func.sum(attempts.c.score), 0).label("score_sum"),
            )
            .where(attempts.c.started_on.between(first, last))
            .group_by(attempts.c.unit, year, month, attempts.c.learner_key)
            .subquery()
        )
        c = per_learner.c
        query = select(
            c.unit, c.year, c.month, func.sum(c.attempts), func.count(), func.sum(c.finished), func.sum(c.passed),
            func.sum(c.score_sum),
        ).group_by(c.unit, c.year, c.month)  # fmt: skip
        with self._read() as conn:
            return [UnitMonth(r[0], int(r[1]), int(r[2]), *(int(v) for v in r[3:])) for r in conn.execute(query)]

    def area_months(self, first: date, last: date, case_modules: Mapping[str, Sequence[str]]) -> list[AreaMonth]:
        """Finished attempts per competence module and month (a case counts for each of its modules)."""
        year, month = extract("year", attempts.c.finished_on), extract("month", attempts.c.finished_on)
        rows = self._by_module(first, last, case_modules, [year.label("year"), month.label("month")])
        return [
            AreaMonth(module, int(key[0]), int(key[1]), finished, learners, score)
            for module, key, finished, learners, score in rows
        ]

    def area_units(self, first: date, last: date, case_modules: Mapping[str, Sequence[str]]) -> list[AreaUnit]:
        """Finished attempts per competence module and unit over the whole range."""
        rows = self._by_module(first, last, case_modules, [attempts.c.unit.label("unit")])
        return [AreaUnit(module, key[0], finished, learners, score) for module, key, finished, learners, score in rows]

    def _by_module(
        self, first: date, last: date, case_modules: Mapping[str, Sequence[str]], keys: list[Any]
    ) -> list[tuple[str, tuple[Any, ...], int, int, int]]:
        """(module, key values, finished attempts, learners, score sum) per module and key, for the modules that
        have attempts. One pass over the attempts: per learner and key, a count and a score sum per module (the
        cases of each module as an IN list), then the learners with any attempt counted per module."""
        modules: dict[str, list[str]] = {}
        for case, names in case_modules.items():
            for module in names:
                modules.setdefault(module, []).append(case)
        if not modules:
            return []
        order = sorted(modules)
        columns: list[Any] = []
        for n, module in enumerate(order):
            here = attempts.c.case_id.in_(sorted(modules[module]))
            columns.append(func.count().filter(here).label(f"n{n}"))
            columns.append(func.coalesce(func.sum(attempts.c.score).filter(here), 0).label(f"s{n}"))
        per_learner = (
            select(*keys, *columns)
            .where(attempts.c.finished_on.between(first, last), attempts.c.score.is_not(None))
            .group_by(*keys, attempts.c.learner_key)
            .subquery()
        )
        c = per_learner.c
        key_columns = [c[k.name] for k in keys]
        sums: list[Any] = []
        for n in range(len(order)):
            sums += [func.sum(c[f"n{n}"]), func.count().filter(c[f"n{n}"] > 0), func.sum(c[f"s{n}"])]
        query = select(*key_columns, *sums).group_by(*key_columns)
        out: list[tuple[str, tuple[Any, ...], int, int, int]] = []
        with self._read() as conn:
            for row in conn.execute(query):
                key = tuple(row[: len(keys)])
                values = row[len(keys) :]
                for n, module in enumerate(order):
                    finished, learners, score = (int(v or 0) for v in values[3 * n : 3 * n + 3])
                    if finished:
                        out.append((module, key, finished, learners, score))
        return out

    def broken_rules(self, first: date, last: date, limit: int = 10) -> list[RuleCount]:
        """The rules broken in most finished attempts between two days."""
        per_learner = (
            select(attempt_rules.c.rule_id.label("rule_id"), func.count().label("attempts"))
            .select_from(attempt_rules.join(attempts, attempts.c.attempt_key == attempt_rules.c.attempt_key))
            .where(attempts.c.finished_on.between(first, last))
            .group_by(attempt_rules.c.rule_id, attempts.c.learner_key)
            .subquery()
        )
        c = per_learner.c
        total = func.sum(c.attempts)
        query = (
            select(c.rule_id, total, func.count()).group_by(c.rule_id).order_by(total.desc(), c.rule_id).limit(limit)
        )
        with self._read() as conn:
            return [RuleCount(r[0], int(r[1]), int(r[2])) for r in conn.execute(query)]

    def workshop_months(self, first: date, last: date) -> list[WorkshopMonth]:
        """Workshops per holding unit and month."""
        year, month = extract("year", workshops.c.held_on), extract("month", workshops.c.held_on)
        early = func.sum(func.cast(~workshops.c.reached_ending, _int()))
        query = (
            select(workshops.c.unit, year, month, func.count(), func.coalesce(early, 0))
            .where(workshops.c.held_on.between(first, last))
            .group_by(workshops.c.unit, year, month)
        )
        with self._read() as conn:
            return [WorkshopMonth(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in conn.execute(query)]

    def attendance(self, first: date, last: date) -> list[Attendance]:
        """Participants per attending unit and month."""
        year, month = extract("year", workshops.c.held_on), extract("month", workshops.c.held_on)
        query = (
            select(workshop_attendance.c.unit, year, month, func.sum(workshop_attendance.c.participants))
            .select_from(workshop_attendance.join(workshops))
            .where(workshops.c.held_on.between(first, last))
            .group_by(workshop_attendance.c.unit, year, month)
        )
        with self._read() as conn:
            return [Attendance(r[0], int(r[1]), int(r[2]), int(r[3])) for r in conn.execute(query)]

    def plan_sessions(self, first: date, last: date) -> list[PlanSessionCount]:
        """Workshops held per årshjul session."""
        query = (
            select(workshops.c.plan_session_id, func.count(), func.count(distinct(workshops.c.unit)))
            .where(workshops.c.held_on.between(first, last), workshops.c.plan_session_id.is_not(None))
            .group_by(workshops.c.plan_session_id)
        )
        with self._read() as conn:
            return [PlanSessionCount(r[0], int(r[1]), int(r[2])) for r in conn.execute(query)]

    def used_cases(self, first: date, last: date) -> set[str]:
        """Every case someone played alone or in a workshop between two days."""
        solo = select(distinct(attempts.c.case_id)).where(attempts.c.started_on.between(first, last))
        group = select(distinct(workshops.c.case_id)).where(workshops.c.held_on.between(first, last))
        with self._read() as conn:
            return {r[0] for r in conn.execute(solo)} | {r[0] for r in conn.execute(group)}

    def assessments(self, season: str) -> list[AssessmentSums]:
        """Self-assessments per unit and phase of a season."""
        questions = [func.sum(getattr(self_assessments.c, f"q{n}")) for n in range(1, 6)]
        query = (
            select(
                self_assessments.c.unit,
                self_assessments.c.phase,
                func.count(distinct(self_assessments.c.learner_key)),
                *questions,
            )
            .where(self_assessments.c.season == season)
            .group_by(self_assessments.c.unit, self_assessments.c.phase)
        )
        with self._read() as conn:
            return [
                AssessmentSums(r[0], r[1], int(r[2]), tuple(int(v) for v in r[3:8]))  # type: ignore[arg-type]
                for r in conn.execute(query)
            ]

    def _read(self) -> Any:
        return _Transaction(self, "lese rapporten", write=False)


REPORT_WORK_MEM = "64MB"
"""PostgreSQL's memory per sort or hash for the report's sums (the default 4 MB spills to disk; ``make bench``)."""


class _Transaction:
    """A connection in a transaction; a database error becomes a Norwegian :class:`SharedStoreError`."""

    def __init__(self, store: SharedStore, what: str, write: bool = True) -> None:
        self.store, self.what, self.write = store, what, write
        self._context: Any = None

    def __enter__(self) -> Connection:
        try:
            self._context = self.store.engine.begin()
            conn: Connection = self._context.__enter__()
            if not self.write and conn.dialect.name == "postgresql":
                # the report's sums group a few hundred thousand rows: aggregate in memory, not on disk
                conn.exec_driver_sql(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
            return conn
        except SQLAlchemyError as exc:
            raise SharedStoreError(f"Kunne ikke {self.what} i {self.store.where}: {_first_line(exc)}") from None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        try:
            self._context.__exit__(kind, exc, tb)
        except SQLAlchemyError as error:
            raise SharedStoreError(f"Kunne ikke {self.what} i {self.store.where}: {_first_line(error)}") from None
        if isinstance(exc, SQLAlchemyError):
            raise SharedStoreError(f"Kunne ikke {self.what} i {self.store.where}: {_first_line(exc)}") from None


def _first_line(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _attempt_row(start: AttemptStart) -> dict[str, Any]:
    return {
        "attempt_key": start.attempt_key,
        "learner_key": start.learner_key,
        "case_id": start.case_id,
        "mode": start.mode,
        "unit": start.unit,
        "role": start.role,
        "started_on": start.started_on,
    }


def _count(conn: Connection, table: Table, condition: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table).where(condition)).scalar_one())


def _int() -> Integer:
    return Integer()
