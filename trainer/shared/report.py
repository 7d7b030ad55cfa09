"""The BTI coordinator's report on a training year, built from the shared store's sums.

Per unit and month: workshops held, attendance, solo attempts and their scores; per årshjul session: whether it
was held; per competence module: the mean score per unit and over the year; the rules broken most often; the
cases nobody used; the before/after self-assessment per unit. **Every number computed from learners' shared
attempts or answers is suppressed when fewer than** :data:`MIN_LEARNERS` **learners stand behind it** (shown
as «<5»), so the report cannot single out a colleague in a small unit. Attendance (the presenters' head counts)
is suppressed the same way, month by month, and a unit's yearly attendance counts only its months with five or
more (so a hidden month cannot be worked out from the total). The number of workshops held is not about
learners and is shown as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from scoring.vocabulary import COMPETENCE_AREAS
from trainer.shared.assessment import QUESTIONS
from trainer.shared.store import AreaMonth, AreaUnit, RuleCount, SharedStore, UnitMonth
from trainer.yearplan import MONTHS, YearPlan

MIN_LEARNERS = 5
"""Fewer learners than this behind a number, and it is not shown."""

NO_UNIT = "(uten enhet)"
"""How a learner or workshop without a unit is listed."""

MONTH_NAMES = dict(enumerate(("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
                              "september", "oktober", "november", "desember"), start=1))  # fmt: skip


@dataclass(frozen=True)
class Figure:
    """A number in the report, or why it is not shown."""

    value: float | None
    """The number (None when suppressed or when there is nothing)."""
    learners: int = 0
    """How many learners stand behind it (0 for head counts)."""
    suppressed: bool = False
    """True when fewer than :data:`MIN_LEARNERS` learners stand behind it."""

    def text(self, decimals: int = 0) -> str:
        """«<5» when suppressed, «–» when empty, else the number."""
        if self.suppressed:
            return f"<{MIN_LEARNERS}"
        if self.value is None:
            return "–"
        return f"{self.value:.{decimals}f}".replace(".", ",")


def learner_figure(value: float | None, learners: int) -> Figure:
    """A number computed from ``learners`` learners' data: suppressed below :data:`MIN_LEARNERS`."""
    if learners == 0:
        return Figure(None)
    if learners < MIN_LEARNERS:
        return Figure(None, learners, suppressed=True)
    return Figure(value, learners)


@dataclass(frozen=True)
class SessionLine:
    """An årshjul session and whether it was held."""

    id: str
    title: str
    month: str
    workshops: int
    units: int


@dataclass(frozen=True)
class AssessmentLine:
    """One unit's self-assessment: mean per question at the start and the end of the year."""

    unit: str
    start: tuple[Figure, ...]
    end: tuple[Figure, ...]
    start_learners: int
    end_learners: int


@dataclass
class CoordinatorReport:
    """The training year of a kommune, ready to show or export."""

    season: str
    first: date
    last: date
    where: str
    """The database it was read from (no password)."""
    months: list[tuple[int, int]]
    """The season's months as (year, month), August first."""
    units: list[str] = field(default_factory=list)
    """Every unit that appears, sorted."""
    sessions: list[SessionLine] = field(default_factory=list)
    workshops: dict[tuple[str, tuple[int, int]], int] = field(default_factory=dict)
    """Workshops held per (unit, month)."""
    stopped_early: int = 0
    """Workshops stopped before an ending (no score, no pass)."""
    attendance: dict[tuple[str, tuple[int, int]], Figure] = field(default_factory=dict)
    """Participants per (unit, month) — suppressed below five."""
    solo_attempts: dict[tuple[str, tuple[int, int]], Figure] = field(default_factory=dict)
    """Solo attempts per (unit, month) — suppressed below five learners."""
    solo_scores: dict[tuple[str, tuple[int, int]], Figure] = field(default_factory=dict)
    """Mean score of finished solo attempts per (unit, month)."""
    area_by_unit: dict[tuple[str, str], Figure] = field(default_factory=dict)
    """Mean score per (competence module, unit)."""
    area_by_month: dict[tuple[str, tuple[int, int]], Figure] = field(default_factory=dict)
    """Mean score per (competence module, month)."""
    rules: list[RuleCount] = field(default_factory=list)
    """The rules broken most often (only those broken by at least five learners)."""
    rules_hidden: int = 0
    """How many of the most-broken rules were broken by fewer than five learners (not listed)."""
    unused_cases: list[tuple[str, str]] = field(default_factory=list)
    """(ID, title) of the library's cases nobody played, alone or in a workshop."""
    assessments: list[AssessmentLine] = field(default_factory=list)

    def month_label(self, month: tuple[int, int]) -> str:
        """«september 2026»."""
        return f"{MONTH_NAMES[month[1]]} {month[0]}"

    def yearly_attendance(self) -> dict[str, int]:
        """Participants per unit over the year, from the months with five or more (suppressed months left out)."""
        totals: dict[str, int] = {}
        for (unit, _), figure in self.attendance.items():
            if figure.value is not None and not figure.suppressed:
                totals[unit] = totals.get(unit, 0) + int(figure.value)
        return totals

    def activity(self) -> list[tuple[str, tuple[int, int], int, Figure, Figure, Figure]]:
        """(unit, month, workshops, attendance, solo attempts, mean score) for every unit and month with something
        to show, units in order, months in the season's order."""
        rows = []
        for unit in self.units:
            for month in self.months:
                held = self.workshops.get((unit, month), 0)
                came = self.attendance.get((unit, month), Figure(None))
                solo = self.solo_attempts.get((unit, month), Figure(None))
                score = self.solo_scores.get((unit, month), Figure(None))
                if held or came.value or came.suppressed or solo.value or solo.suppressed:
                    rows.append((unit, month, held, came, solo, score))
        return rows

    @property
    def modules(self) -> list[str]:
        """The competence modules that have a figure, in the competence list's order."""
        seen = {module for module, _ in self.area_by_unit} | {module for module, _ in self.area_by_month}
        return [module for module in COMPETENCE_AREAS if module in seen]


def season_range(plan: YearPlan) -> tuple[date, date, list[tuple[int, int]]]:
    """The first and last day of the plan's season (1 August – 31 July) and its months."""
    first_year, second_year = plan.years
    months = [(first_year if i < 5 else second_year, (i + 7) % 12 + 1) for i in range(len(MONTHS))]
    return date(first_year, 8, 1), date(second_year, 7, 31), months


@dataclass(frozen=True)
class Sums:
    """The four big sums of the report, read side by side."""

    solo: list[UnitMonth]
    by_unit: list[AreaUnit]
    by_month: list[AreaMonth]
    rules: list[RuleCount]


def build_report(
    store: SharedStore,
    plan: YearPlan,
    case_modules: Mapping[str, Sequence[str]],
    case_titles: Mapping[str, str],
) -> CoordinatorReport:
    """Read the sums of the plan's season from ``store`` and shape them (suppressing small groups)."""
    first, last, months = season_range(plan)
    report = CoordinatorReport(season=plan.season, first=first, last=last, where=store.where, months=months)
    # The four big sums run side by side, each on its own pooled connection: one after the other they took
    # about 1.1 s on the benchmark's 200,000 attempts, together about half (``make bench``: report ≤ 1 s).
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="bti-rapport") as pool:
        solo_sums = pool.submit(store.unit_months, first, last)
        unit_sums = pool.submit(store.area_units, first, last, case_modules)
        month_sums = pool.submit(store.area_months, first, last, case_modules)
        rule_sums = pool.submit(store.broken_rules, first, last, 20)
        big = Sums(solo_sums.result(), unit_sums.result(), month_sums.result(), rule_sums.result())
    units: set[str] = set()

    for w in store.workshop_months(first, last):
        unit = w.unit or NO_UNIT
        units.add(unit)
        key = (unit, (w.year, w.month))
        report.workshops[key] = report.workshops.get(key, 0) + w.workshops
        report.stopped_early += w.stopped_early
    for a in store.attendance(first, last):
        units.add(a.unit)
        report.attendance[(a.unit, (a.year, a.month))] = learner_figure(a.participants, a.participants)

    for u in big.solo:
        unit = u.unit or NO_UNIT
        units.add(unit)
        key = (unit, (u.year, u.month))
        report.solo_attempts[key] = learner_figure(u.attempts, u.learners)
        mean = u.score_sum / u.finished if u.finished else None
        report.solo_scores[key] = learner_figure(mean, u.learners) if u.finished else Figure(None)

    for area in big.by_unit:
        unit = area.unit or NO_UNIT
        report.area_by_unit[(area.module, unit)] = learner_figure(area.score_sum / area.finished, area.learners)
    for month in big.by_month:
        mean = month.score_sum / month.finished
        report.area_by_month[(month.module, (month.year, month.month))] = learner_figure(mean, month.learners)

    held = {s.plan_session_id: s for s in store.plan_sessions(first, last)}
    for session in sorted(plan.sessions, key=lambda s: s.month_index):
        count = held.get(session.id)
        report.sessions.append(
            SessionLine(
                session.id,
                session.title,
                session.month_name,
                count.workshops if count else 0,
                count.units if count else 0,
            )  # fmt: skip
        )

    broken = big.rules
    report.rules = [r for r in broken if r.learners >= MIN_LEARNERS][:10]
    report.rules_hidden = sum(1 for r in broken[:10] if r.learners < MIN_LEARNERS)

    used = store.used_cases(first, last)
    report.unused_cases = sorted(((cid, title) for cid, title in case_titles.items() if cid not in used),
                                 key=lambda pair: pair[1].casefold())  # fmt: skip

    by_unit: dict[str, dict[str, tuple[int, tuple[int, ...]]]] = defaultdict(dict)
    for sums in store.assessments(plan.season):
        by_unit[sums.unit or NO_UNIT][sums.phase] = (sums.learners, sums.sums)
    for unit in sorted(by_unit):
        units.add(unit)
        start_n, start_sums = by_unit[unit].get("start", (0, (0,) * len(QUESTIONS)))
        end_n, end_sums = by_unit[unit].get("slutt", (0, (0,) * len(QUESTIONS)))
        report.assessments.append(
            AssessmentLine(
                unit=unit,
                start=tuple(learner_figure(s / start_n if start_n else None, start_n) for s in start_sums),
                end=tuple(learner_figure(s / end_n if end_n else None, end_n) for s in end_sums),
                start_learners=start_n,
                end_learners=end_n,
            )
        )
    report.units = sorted(units, key=str.casefold)
    return report
