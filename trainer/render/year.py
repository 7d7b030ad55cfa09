"""The årshjul as plain text for ``bti-trener arshjul``: the year month by month, and the check's summary."""

from __future__ import annotations

import textwrap
from datetime import date

from scoring.vocabulary import COMPETENCE_AREAS
from trainer.yearplan import MONTH_BY_NUMBER, YearPlan, current_session

MARKER = "▶ denne måneden"
"""Marks this month's session."""


def year_text(plan: YearPlan, today: date, titles: dict[str, str], held: dict[str, list[str]] | None = None) -> str:
    """The year as plain text, month by month, with the current session marked."""
    held = held or {}
    current = current_session(plan, today)
    lines = [f"Årshjul {plan.season} – {plan.kommune} – {plan.unit}", ""]
    width = max(len(s.month_name) for s in plan.sessions)
    previous_month = None
    for session in plan.sessions:
        is_current = current is not None and session.id == current.id
        month = session.month_name if session.month_name != previous_month else ""
        previous_month = session.month_name
        when = f"{month:<{width}}"
        if session.date is not None:
            when = f"{month or '':<{width}} {session.date.strftime('%d.%m.')}"
        status: str = session.status
        if session.id in held:
            count = len(held[session.id])
            status += f", kjørt {count} gang{'er' if count > 1 else ''} i BTI-trener (sist {held[session.id][-1]})"
        head = (
            f"{'▶' if is_current else ' '} {when}  {session.title}  [{session.id}] · {session.arena_label} · {status}"
        )
        if is_current:
            head += f"   {MARKER}"
        lines.append(head)
        pad = " " * (width + 4)
        lines.extend(_wrap(session.theme, pad))
        modules = ", ".join(COMPETENCE_AREAS.get(m) or m for m in session.modules)
        lines.extend(_wrap(f"Moduler: {modules}", pad))
        if session.scenarios:
            cases = []
            for scenario_id in session.scenarios:
                title = titles.get(scenario_id)
                cases.append(f"{title} ({scenario_id})" if title else f"{scenario_id} (finnes ikke i biblioteket)")
            lines.extend(_wrap("Saker: " + "; ".join(cases), pad))
        if session.facilitator:
            lines.append(f"{pad}Leder: {session.facilitator}")
        lines.append("")
    if current is None:
        lines.append(f"Ingen økt i {_month(today)} – neste økt står over.")
    else:
        lines.append(f"Start månedens økt med: bti-trener workshop --session {current.id}")
    missing = plan.missing_modules()
    if missing:
        lines.append(f"Merk: {len(missing)} kompetansemodul(er) er ikke med i året. Kjør «bti-trener arshjul --check».")
    return "\n".join(lines)


def _wrap(text: str, pad: str, width: int = 110) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=pad, subsequent_indent=pad + "  ") or [pad]


def _month(today: date) -> str:
    return MONTH_BY_NUMBER[today.month]


def check_summary(plan: YearPlan, shown: str, errors: int, warnings: int, titles: dict[str, str]) -> str:
    """The last line of ``arshjul --check``: the counts, and whether the plan is in order."""
    ids = plan.scenario_ids()
    found = sum(1 for sid in ids if sid in titles)
    covered = len(COMPETENCE_AREAS) - len(plan.missing_modules())
    facts = (
        f"{len(plan.sessions)} økter, {covered} av {len(COMPETENCE_AREAS)} kompetansemoduler, "
        f"{found} av {len(ids)} saker finnes i biblioteket"
    )
    warning_text = "1 advarsel" if warnings == 1 else f"{warnings} advarsler"
    if errors:
        return f"{shown}: {errors} feil, {warning_text} ({facts})"
    return f"{shown}: årshjulet er i orden, {warning_text} ({facts})"
