"""The årshjul (year plan): which BTI training session runs when, on what theme, with which cases.

BTI ressurspersoner run training for colleagues and meet in the BTI forum; the themes follow an årshjul
from August to June. This module holds the file format (:class:`YearPlan`), loading it with file:line
problems (:func:`load_plan`), checking it against the scenario library and the competence modules
(:func:`check_plan`) and finding the session of the current month (:func:`current_session`).

Stable problem codes of :func:`check_plan`:

* ``ARS001`` (feil) a scenario ID that is not in the library;
* ``ARS002`` (feil) a scenario whose file is in the library but has errors;
* ``ARS003`` (feil) a competence module that no session in the year covers (all missing ones listed);
* ``ARS004`` (feil) a session ID used twice;
* ``ARS005`` (feil) a session whose ``date`` lies in another month than its ``month``;
* ``ARS006`` (advarsel) sessions not in calendar order (August → July);
* ``ARS007`` (advarsel) two sessions in the same month on the same arena;
* ``ARS008`` (advarsel) a dated session outside the season's two years;
* ``ARS009`` (advarsel) a season whose years do not follow each other (``2026–2028``);
* ``ARS010`` (advarsel) the same scenario listed twice in one session.

The wheel is cyclical: :func:`current_session` matches on the month only, so last year's plan still
says what "this month" is about.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring.vocabulary import COMPETENCE_AREAS, Module
from trainer.paths import bundled_library
from trainer.scenario.load import load_model
from trainer.scenario.model import ID_PATTERN
from trainer.scenario.problems import ERROR, WARNING, LoadResult, Problem, Severity
from trainer.scenario.yamlsafe import DataPath, MarkTable

#: A month of the school year, by its Norwegian name (August first).
Month = Literal[
    "august",
    "september",
    "oktober",
    "november",
    "desember",
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
]
#: Norwegian month names in the order of the school year (August first).
MONTHS: tuple[str, ...] = get_args(Month)
#: Calendar month number (1–12) → Norwegian month name (the school year starts in month 8).
MONTH_BY_NUMBER: dict[int, str] = {(index + 7) % 12 + 1: name for index, name in enumerate(MONTHS)}
#: Norwegian month name → calendar month number.
MONTH_NUMBER: dict[str, int] = {name: number for number, name in MONTH_BY_NUMBER.items()}
Arena = Literal["bti-forum", "enhetsmote", "fagdag", "nyansatt"]
Status = Literal["planlagt", "gjennomført"]

#: Norwegian display names of the arenas.
ARENA_LABELS: dict[str, str] = {
    "bti-forum": "BTI-forum",
    "enhetsmote": "enhetsmøte",
    "fagdag": "fagdag",
    "nyansatt": "opplæring for nyansatte",
}

StableId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
SEASON_PATTERN = r"^(\d{4})\s*[–-]\s*(\d{4})$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class YearSession(_Model):
    """One training session in the årshjul (a BTI forum meeting, an enhetsmøte, a fagdag …)."""

    id: StableId
    """Stable ID, used by ``bti-trener workshop --session`` and in the workshop records."""
    month: Month | None = None
    """The month, as a Norwegian name (august … juni); may be left out when ``date`` is given."""
    date: Date | None = None
    """The exact day (YYYY-MM-DD), when it is known."""
    title: str = Field(min_length=1, max_length=120)
    """Short heading shown in the year view."""
    theme: str = Field(min_length=1, max_length=300)
    """The theme or focus of the session, in a sentence."""
    description: str | None = None
    """Optional notes for the facilitator: goals, exercises, what to prepare."""
    modules: list[Module] = Field(min_length=1)  # type: ignore[valid-type]  # scoring builds it at run time
    """Competence modules trained (IDs from the competence list, e.g. ``samtale-barn``)."""
    scenarios: list[StableId] = Field(default_factory=list)
    """Scenario IDs from the library to run in the session (usually 2–3)."""
    arena: Arena = "bti-forum"
    """Where it runs: bti-forum, enhetsmote, fagdag or nyansatt."""
    facilitator: str | None = None
    """Who leads the session (optional)."""
    status: Status = "planlagt"
    """planlagt or gjennomført."""

    @model_validator(mode="after")
    def _month_or_date(self) -> YearSession:
        if self.month is None and self.date is None:
            raise ValueError("økta må ha «month» (f.eks. oktober) eller «date» (ÅÅÅÅ-MM-DD)")
        return self

    @property
    def month_name(self) -> str:
        """The Norwegian month of the session (from ``month``, else from ``date``)."""
        if self.month is not None:
            return self.month
        assert self.date is not None
        return MONTH_BY_NUMBER[self.date.month]

    @property
    def month_index(self) -> int:
        """Position of the month in the school year: august = 0 … juli = 11."""
        return MONTHS.index(self.month_name)

    @property
    def arena_label(self) -> str:
        """The arena in Norwegian."""
        return ARENA_LABELS.get(self.arena, self.arena)


class YearPlan(_Model):
    """An årshjul: the BTI training sessions of one school year for one kommune or unit."""

    version: Literal[1] = 1
    """Format version."""
    season: str = Field(pattern=SEASON_PATTERN)
    """The school year, e.g. «2026–2027»."""
    kommune: str = Field(min_length=1, max_length=120)
    """The kommune the plan belongs to."""
    unit: str = Field(min_length=1, max_length=120)
    """The unit, service or network the plan is for (e.g. «BTI-forum, alle enheter»)."""
    sessions: list[YearSession] = Field(min_length=1)
    """The sessions, in calendar order from August."""

    @property
    def years(self) -> tuple[int, int]:
        """The two calendar years of the season."""
        match = re.match(SEASON_PATTERN, self.season)
        assert match is not None
        return int(match.group(1)), int(match.group(2))

    def session(self, session_id: str) -> YearSession | None:
        """A session by ID."""
        return next((s for s in self.sessions if s.id == session_id), None)

    def calendar_year_of_month(self, month: str) -> int:
        """The calendar year a month of the season falls in (August–December: the first; January–July: the second)."""
        first, second = self.years
        return first if MONTHS.index(month) <= MONTHS.index("desember") else second

    def calendar_year(self, session: YearSession) -> int:
        """The calendar year a session falls in (its date's year, else from its month)."""
        if session.date is not None:
            return session.date.year
        return self.calendar_year_of_month(session.month_name)

    def covered_modules(self) -> set[str]:
        """The competence modules some session trains."""
        return {module for s in self.sessions for module in s.modules}

    def missing_modules(self) -> list[str]:
        """Competence modules no session trains, in the order of the competence list."""
        covered = self.covered_modules()
        return [module for module in COMPETENCE_AREAS if module not in covered]

    def scenario_ids(self) -> list[str]:
        """Every scenario ID in the plan, in order of first appearance."""
        return list(dict.fromkeys(sid for s in self.sessions for sid in s.scenarios))


def load_plan(path: Path, *, display_path: str | None = None) -> LoadResult[YearPlan]:
    """Read an årshjul file; problems (YAML and schema) come back with file:line:col, never raised."""
    return load_model(Path(path), YearPlan, display_path=display_path)


def bundled_plan_path() -> Path:
    """The default årshjul shipped with the library (``scenarios/arshjul.yaml``)."""
    return bundled_library() / "arshjul.yaml"


class _Out:
    def __init__(self, marks: MarkTable | None, path: str) -> None:
        self.marks = marks or MarkTable()
        self.path = path
        self.problems: list[Problem] = []

    def at_value(self, where: DataPath, code: str, message: str, severity: Severity = ERROR) -> None:
        """Add a problem at the value at ``where``."""
        line, col = self.marks.value_at(where)
        self.problems.append(Problem(self.path, line, col, code, message, severity))

    def at_key(self, where: DataPath, code: str, message: str, severity: Severity = ERROR) -> None:
        """Add a problem at the key naming ``where``."""
        line, col = self.marks.key_at(where)
        self.problems.append(Problem(self.path, line, col, code, message, severity))


def check_plan(
    plan: YearPlan,
    known_scenarios: Iterable[str] | None,
    *,
    broken_scenarios: Iterable[str] = (),
    marks: MarkTable | None = None,
    path: str = "arshjul.yaml",
) -> list[Problem]:
    """Check an årshjul against the library and the competence modules; problems sorted by line.

    ``known_scenarios`` are the IDs of the scenarios that can be played; ``None`` skips the scenario
    check. ``broken_scenarios`` are IDs whose file exists but has errors. ``marks`` (from the load
    result) places each problem on its line.
    """
    out = _Out(marks, path)
    _check_scenarios(plan, known_scenarios, set(broken_scenarios), out)
    _check_modules(plan, out)
    _check_ids(plan, out)
    _check_calendar(plan, out)
    return sorted(out.problems, key=lambda p: (p.line, p.col, p.code))


def _check_scenarios(plan: YearPlan, known: Iterable[str] | None, broken: set[str], out: _Out) -> None:
    known_set = set(known) if known is not None else None
    for index, session in enumerate(plan.sessions):
        seen: set[str] = set()
        for position, scenario_id in enumerate(session.scenarios):
            where = ("sessions", index, "scenarios", position)
            if scenario_id in seen:
                out.at_value(where, "ARS010", f"saken «{scenario_id}» står to ganger i økta «{session.id}»", WARNING)
            seen.add(scenario_id)
            if known_set is None or scenario_id in known_set:
                continue
            if scenario_id in broken:
                out.at_value(
                    where,
                    "ARS002",
                    f"saken «{scenario_id}» finnes i biblioteket, men fila har feil; kjør «bti-trener validate»",
                )
                continue
            match = difflib.get_close_matches(scenario_id, sorted(known_set), n=1, cutoff=0.7)
            hint = f" – mente du «{match[0]}»?" if match else ""
            out.at_value(where, "ARS001", f"saken «{scenario_id}» finnes ikke i biblioteket{hint}")


def _check_modules(plan: YearPlan, out: _Out) -> None:
    missing = plan.missing_modules()
    if missing:
        names = ", ".join(f"«{m}» ({COMPETENCE_AREAS[m]})" for m in missing)
        count = "én kompetansemodul" if len(missing) == 1 else f"{len(missing)} kompetansemoduler"
        out.at_key(("sessions",), "ARS003", f"{count} er ikke med i året: {names}")


def _check_ids(plan: YearPlan, out: _Out) -> None:
    first_at: dict[str, int] = {}
    for index, session in enumerate(plan.sessions):
        if session.id in first_at:
            out.at_value(
                ("sessions", index, "id"),
                "ARS004",
                f"økt-ID-en «{session.id}» er brukt før (økt nr. {first_at[session.id] + 1}); ID-en må være unik",
            )
        else:
            first_at[session.id] = index


def _check_calendar(plan: YearPlan, out: _Out) -> None:
    first, second = plan.years
    if second != first + 1:
        out.at_value(
            ("season",),
            "ARS009",
            f"sesongen «{plan.season}» bør være to år etter hverandre, f.eks. «{first}–{first + 1}»",
            WARNING,
        )
    previous: YearSession | None = None
    by_month_arena: dict[tuple[str, str], str] = {}
    for index, session in enumerate(plan.sessions):
        if (
            session.month is not None
            and session.date is not None
            and MONTH_BY_NUMBER[session.date.month] != session.month
        ):
            out.at_value(
                ("sessions", index, "date"),
                "ARS005",
                f"datoen {session.date.isoformat()} er i {MONTH_BY_NUMBER[session.date.month]}, "
                f"men økta står i {session.month}",
            )
        if session.date is not None and session.date.year != plan.calendar_year_of_month(session.month_name):
            out.at_value(
                ("sessions", index, "date"),
                "ARS008",
                f"datoen {session.date.isoformat()} ligger utenfor sesongen {plan.season}",
                WARNING,
            )
        if previous is not None and _sort_key(session) < _sort_key(previous):
            out.at_value(
                ("sessions", index, "month" if session.month is not None else "date"),
                "ARS006",
                f"økta «{session.id}» ({session.month_name}) står etter «{previous.id}» ({previous.month_name}); "
                "sett øktene i rekkefølge fra august",
                WARNING,
            )
        key = (session.month_name, session.arena)
        if key in by_month_arena:
            out.at_value(
                ("sessions", index, "month" if session.month is not None else "date"),
                "ARS007",
                f"to økter i {session.month_name} på samme arena ({session.arena_label}): "
                f"«{by_month_arena[key]}» og «{session.id}»",
                WARNING,
            )
        else:
            by_month_arena[key] = session.id
        previous = session


def _sort_key(session: YearSession) -> tuple[int, int]:
    return session.month_index, session.date.day if session.date is not None else 0


def sessions_in_month(plan: YearPlan, today: Date) -> list[YearSession]:
    """The sessions of the month ``today`` falls in (matched on the month only: the wheel repeats)."""
    month = MONTH_BY_NUMBER[today.month]
    return [s for s in plan.sessions if s.month_name == month]


def current_session(plan: YearPlan, today: Date) -> YearSession | None:
    """The session for "this month", or ``None`` when the month has none (e.g. July).

    With several sessions in the month the first one not yet held (``planlagt``) wins; dated
    sessions are compared by day, so after the 10th a session dated the 12th comes before one dated
    the 3rd that is already past.
    """
    candidates = sessions_in_month(plan, today)
    if not candidates:
        return None
    planned = [s for s in candidates if s.status == "planlagt"] or candidates
    upcoming = [s for s in planned if s.date is None or s.date.day >= today.day]
    return (upcoming or planned)[0]


def next_session(plan: YearPlan, today: Date) -> YearSession | None:
    """The first planned session from this month on (wrapping round the year), for "neste økt"."""
    start = MONTHS.index(MONTH_BY_NUMBER[today.month])
    ordered = sorted(plan.sessions, key=lambda s: ((s.month_index - start) % 12, _sort_key(s)))
    return next((s for s in ordered if s.status == "planlagt"), None)
