from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from scoring.vocabulary import COMPETENCE_AREAS
from trainer.library import LibraryEntry
from trainer.progress import AttemptSummary, ScenarioStatus

if TYPE_CHECKING:  # types only: keeps the engine out of start-up
    from scoring.state import CaseState, Consent, Disclosure
    from trainer.yearplan import YearSession


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip(" ,") + "…"


#: Short names of the BTI levels (bti-primer §1.1), shown on the ladder.
LEVEL_NAMES: dict[int, str] = {
    0: "Avklare undringen",
    1: "Tiltak i egen tjeneste",
    2: "Enkelt samarbeid",
    3: "Bredt samarbeid",
}

MODE_LABELS: dict[str, str] = {"øving": "Øving", "prøve": "Prøve"}
"""Mode IDs (as the session and the store use them) → label."""

DIFFICULTY_LABELS: dict[str, str] = {"lett": "lett", "middels": "middels", "vanskelig": "vanskelig"}
"""Difficulty IDs → label."""

AGE_BAND_LABELS: dict[str, str] = {
    "gravid": "gravid",
    "0-6": "0–6 år",
    "6-12": "6–12 år",
    "13-18": "13–18 år",
    "18-23": "18–23 år",
}
"""Age bands → label."""

CONSENT_STATUS: dict[str, str] = {"given": "gitt", "refused": "nektet", "withdrawn": "trukket"}
"""Consent status → Norwegian."""

CONSENT_FORM: dict[str, str] = {"written": "skriftlig", "oral_journaled": "muntlig, journalført", "oral": "muntlig"}
"""Consent form → Norwegian."""

SEVERITY_LABELS: dict[str, str] = {"kritisk": "KRITISK", "alvorlig": "alvorlig", "mindre": "mindre"}
"""Severity → how a finding shows it."""

OUTCOME_LABELS: dict[str, str] = {"god": "god", "delvis": "delvis god", "dårlig": "dårlig"}
"""Ending outcome (as the author sees it) → label."""

REPORT_LABELS: dict[str, str] = {"barnevern": "Barnevernet", "politi": "Politiet"}
"""Report destinations → label."""

SPARK = "▁▂▃▄▅▆▇█"
"""Block characters for a one-line score trend, lowest first."""

NOT_TRIED = "ikke prøvd"
STARTED = "påbegynt"
PASSED = "bestått"
FAILED = "ikke bestått"
BROKEN_FILE = "feil i fila"


# -- library ---------------------------------------------------------------------------------------
def level_span(levels: Sequence[int]) -> str:
    """The levels a case spans: «0–3», «1», or «–» when the author left them out."""
    if not levels:
        return "–"
    low, high = min(levels), max(levels)
    return str(low) if low == high else f"{low}–{high}"


def covers_level(levels: Sequence[int], level: int) -> bool:
    """True when the case's level span includes ``level``."""
    return bool(levels) and min(levels) <= level <= max(levels)


def status_kind(entry: LibraryEntry, status: ScenarioStatus | None) -> str:
    """The learner's status with a case, as a filter key: ikke prøvd, påbegynt, bestått, ikke bestått, feil i fila."""
    if not entry.ok:
        return BROKEN_FILE
    if status is None or not status.tried:
        return NOT_TRIED
    if status.passed is None:
        return STARTED
    return PASSED if status.passed else FAILED


def status_text(entry: LibraryEntry, status: ScenarioStatus | None) -> str:
    """Status with the best score when there is one: «bestått (92)»."""
    kind = status_kind(entry, status)
    if status is not None and status.best is not None and kind in (PASSED, FAILED):
        return f"{kind} ({status.best})"
    return kind


def minutes_bucket(minutes: int) -> str:
    """The filter bucket of a case's length."""
    if minutes <= 5:
        return "≤ 5 min"
    if minutes <= 15:
        return "6–15 min"
    return "over 15 min"


MINUTE_BUCKETS = ("≤ 5 min", "6–15 min", "over 15 min")
"""Filter buckets for the length of a case, shortest first."""


def entry_matches(entry: LibraryEntry, text: str) -> bool:
    """Free-text search over title, summary, themes, service and file name (case-insensitive)."""
    needle = text.strip().lower()
    if not needle:
        return True
    haystack = " ".join([entry.title, entry.summary, " ".join(entry.themes), entry.role, entry.id, entry.path]).lower()
    return all(word in haystack for word in needle.split())


def recommend(entries: Iterable[LibraryEntry], statuses: dict[str, ScenarioStatus]) -> tuple[LibraryEntry, str] | None:
    """The recommended next case and why: first not tried, else a failed one, else the lowest best score."""
    playable = [e for e in entries if e.ok]
    for entry in playable:
        status = statuses.get(entry.id)
        if status is None or not status.tried:
            return entry, "du har ikke prøvd den ennå"
    for entry in playable:
        status = statuses[entry.id]
        if status.passed is False or status.passed is None:
            return entry, "du har ikke bestått den ennå"
    scored = [e for e in playable if statuses[e.id].best is not None]
    if not scored:
        return None
    lowest = min(scored, key=lambda e: statuses[e.id].best or 0)
    return lowest, f"den har din laveste beste poengsum ({statuses[lowest.id].best})"


# -- dates -----------------------------------------------------------------------------------------
def when(stamp: str | None) -> str:
    """An ISO 8601 time from the store in local time: «23.11.2025 19.35»; «–» for none."""
    if not stamp:
        return "–"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%d.%m.%Y %H.%M")


# -- the case as it stands (side panel) --------------------------------------------------------------
def consent_line(consent: Consent, names: dict[str, str]) -> str:
    """One consent: «✓ foreldre → helsestasjon (gitt, skriftlig, dag 3)»."""
    mark = {"given": "✓", "refused": "✗", "withdrawn": "↺"}[consent.status]
    givers = ", ".join(names.get(g, g) for g in consent.givers) or "?"
    services = ", ".join(sorted(consent.services)) or "ingen tjeneste nevnt"
    status = CONSENT_STATUS.get(consent.status, consent.status)
    form = CONSENT_FORM.get(consent.form, consent.form)
    return f"{mark} {givers} → {services} ({status}, {form}, dag {consent.day})"


def disclosure_line(entry: Disclosure, names: dict[str, str]) -> str:
    """One ledger entry: «helsestasjon: trivsel (identifiserbart, dag 3)»."""
    who = names.get(entry.to, entry.to)
    what = ", ".join(entry.topics) or "om saken"
    kind = "identifiserbart" if entry.identifiable else "anonymt"
    return f"{who}: {what} ({kind}, dag {entry.day})"


def case_lines(state: CaseState, names: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The side panel's sections as lines of text, keyed by section heading."""
    names = names or {}
    sections: dict[str, list[str]] = {}
    sections["Samtykker"] = [consent_line(c, names) for c in state.consents] or ["Ingen samtykker ennå."]
    sections["Hvem vet hva"] = [disclosure_line(d, names) for d in state.ledger] or ["Ingen utenfor tjenesten."]
    holder = state.stafettholder
    stafett = [f"Stafettholder: {names.get(holder, holder)}" if holder else "Stafettholder: ingen"]
    stafett.append("Stafettlogg: åpen" if state.log_open else "Stafettlogg: ikke åpnet")
    if state.log_open and state.log_readers:
        stafett.append("Lesere: " + ", ".join(names.get(r, r) for r in state.log_readers))
    sections["Stafett"] = stafett
    sections["Meldinger"] = [f"{REPORT_LABELS.get(to, to)}, dag {day}" for to, day in state.reports] or [
        "Ingen meldinger sendt."
    ]
    if state.measures:
        sections["Tiltak"] = [
            m.what + (f" (evalueres dag {m.evaluate_day})" if m.evaluate_day is not None else "")
            for m in state.measures
        ]
    return sections


# -- debrief ---------------------------------------------------------------------------------------
def bar(score: int, width: int = 20) -> str:
    """A horizontal bar for a 0–100 score: «██████████░░░░░░░░░░»."""
    score = max(0, min(100, score))
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


def level_chart(points: Sequence[tuple[int, int]]) -> str:
    """The BTI level after each decision as a small text chart (rows = levels 3..0, columns = decisions).

    ``points`` is :meth:`trainer.session.Session.level_timeline`: the starting (day, level), then one
    point per decision.
    """
    if not points:
        return "Ingen valg ennå."
    cell = 6
    rows = []
    for level in (3, 2, 1, 0):
        line = ""
        for index, (_, at) in enumerate(points):
            mark = "●" if at == level else " "
            link = " "
            if index + 1 < len(points):
                nxt = points[index + 1][1]
                link = "─" if at == level and nxt == level else " "
            line += mark + link * (cell - 1)
        rows.append(f"Nivå {level} │ {line.rstrip()}")
    axis = "       └─" + "─" * (cell * len(points))
    labels = "".join(f"{'start' if i == 0 else str(i):<{cell}}" for i in range(len(points)))
    days = "".join(f"{'d' + str(day):<{cell}}" for day, _ in points)
    rows += [axis, f"  valg   {labels.rstrip()}", f"  dag    {days.rstrip()}"]
    return "\n".join(rows)


# -- progress --------------------------------------------------------------------------------------
def sparkline(scores: Sequence[int]) -> str:
    """A one-line trend of 0–100 scores with block characters."""
    return "".join(SPARK[min(len(SPARK) - 1, max(0, s) * len(SPARK) // 101)] for s in scores)


def area_label(area: str) -> str:
    """A competence area's Norwegian name."""
    return COMPETENCE_AREAS.get(area, area)


def attempt_result(attempt: AttemptSummary) -> str:
    """How an attempt ended: bestått, ikke bestått, pågår, or avsluttet (the case was changed)."""
    if not attempt.finished:
        return "pågår"
    if attempt.passed is None:
        return "avsluttet"
    return PASSED if attempt.passed else FAILED


# -- årshjul and workshops ------------------------------------------------------------------------
def session_cases(session: YearSession, titles: dict[str, str]) -> str:
    """The cases of an årshjul session by title; a missing one by its ID and «finnes ikke i biblioteket»."""
    if not session.scenarios:
        return "ingen saker valgt"
    return "; ".join(titles.get(sid, f"{sid} (finnes ikke i biblioteket)") for sid in session.scenarios)


def session_modules(session: YearSession) -> str:
    """The competence modules of an årshjul session, by their Norwegian names."""
    return ", ".join(area_label(module) for module in session.modules)


def clock_text(seconds: int) -> str:
    """Seconds as «mm:ss» (for the discussion countdown)."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{rest:02d}"
