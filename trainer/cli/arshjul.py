"""``bti-trener arshjul [FIL] [--check]``: show the year's BTI training sessions, or check the plan.

Without ``--check`` the year is printed month by month, with the current month marked «▶ denne
måneden», each session's cases (and whether they exist in the library) and its status. Workshops run
with ``bti-trener workshop --session`` are counted from the workshop database when it exists.

With ``--check`` the plan is checked like ``validate`` checks scenarios: every competence module must
be trained somewhere in the year and every case must exist in the library. Problems are printed as
``fil:linje:kolonne: KODE melding``; the exit code is 1 when there is an error (warnings are allowed)
and 2 for a usage error. The default file is the bundled ``scenarios/arshjul.yaml``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.common import missing_path

if TYPE_CHECKING:  # keep `bti-trener --help` fast
    from trainer.yearplan import YearPlan

MARKER = "▶ denne måneden"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``arshjul`` subcommand."""
    parser = sub.add_parser(
        "arshjul",
        help="vis årshjulet for BTI-opplæringen, eller sjekk det",
        description="Viser årets BTI-økter måned for måned (denne måneden er markert). Med --check sjekkes at "
        "alle kompetansemoduler er med i året og at alle saker finnes i biblioteket.",
    )
    parser.add_argument("file", nargs="?", type=Path, metavar="FIL", help="årshjul-fil (standard: det innebygde)")
    parser.add_argument("--check", action="store_true", help="sjekk moduler og saker; avslutt med kode 1 ved feil")
    parser.add_argument(
        "--library",
        action="append",
        type=Path,
        metavar="STI",
        help="sjekk sakene mot denne mappa i stedet for det innebygde biblioteket (kan gjentas)",
    )
    parser.add_argument("--today", type=_parse_date, metavar="ÅÅÅÅ-MM-DD", help="vis året som om det var denne datoen")
    parser.set_defaults(func=run)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldig dato «{text}»; skriv ÅÅÅÅ-MM-DD") from None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def run(args: argparse.Namespace) -> int:
    """Show or check the årshjul; returns the exit code."""
    from trainer.paths import bundled_library
    from trainer.yearplan import bundled_plan_path, check_plan, load_plan

    path: Path = args.file or bundled_plan_path()
    roots: list[Path] = list(args.library or [bundled_library()])
    if missing_path("arshjul", [path]) or missing_path("arshjul", roots, "biblioteket "):
        return 2
    shown = _display(path)
    result = load_plan(path, display_path=shown)
    if result.value is None or result.errors:
        for problem in result.problems:
            print(problem.format())
        errors = len(result.errors) or 1
        print(f"{shown}: årshjulet kunne ikke leses ({errors} feil)")
        return 1
    plan = result.value
    titles, broken = _library(roots)
    if args.check:
        problems = check_plan(plan, titles.keys(), broken_scenarios=broken, marks=result.marks, path=shown)
        for problem in [*result.problems, *problems]:
            print(problem.format())
        errors = [p for p in problems if p.is_error]
        warnings = len(problems) - len(errors) + len(result.warnings)
        print(_check_summary(plan, shown, len(errors), warnings, titles))
        return 1 if errors else 0
    today = args.today or date.today()
    print(year_text(plan, today, titles, _held(plan)))
    return 0


def _library(roots: list[Path]) -> tuple[dict[str, str], set[str]]:
    """Scenario ID → title for playable scenarios, and the IDs (file stems) of broken files."""
    from trainer.library import Library

    entries = Library(roots=roots).entries()
    titles = {e.id: e.title for e in entries if e.ok}
    broken = {e.id for e in entries if not e.ok}
    return titles, broken


def _held(plan: YearPlan) -> dict[str, list[str]]:
    """Årshjul session ID → local dates of workshops held for it (read only if the database exists)."""
    from trainer.workshop.store import WorkshopStore, WorkshopStoreError, default_path

    path = default_path()
    if not path.exists():
        return {}
    try:
        with WorkshopStore(path) as store:
            rows = store.workshops(plan.season)
    except WorkshopStoreError as exc:
        print(f"Merk: {exc}", file=sys.stderr)
        return {}
    from trainer.workshop.export import _local_date

    held: dict[str, list[str]] = {}
    for row in rows:
        if row.plan_session_id and row.finished:
            held.setdefault(row.plan_session_id, []).append(_local_date(row.started_at).strftime("%d.%m.%Y"))
    return held


def year_text(plan: YearPlan, today: date, titles: dict[str, str], held: dict[str, list[str]] | None = None) -> str:
    """The year as plain text, month by month, with the current session marked."""
    from scoring.vocabulary import COMPETENCE_AREAS
    from trainer.yearplan import current_session

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
        status = session.status
        if session.id in held:
            count = len(held[session.id])
            status += f", kjørt {count} gang{'er' if count > 1 else ''} i BTI-trener (sist {held[session.id][-1]})"
        head = f"{'▶' if is_current else ' '} {when}  {session.title}  [{session.id}] · {session.arena_label} · {status}"
        if is_current:
            head += f"   {MARKER}"
        lines.append(head)
        pad = " " * (width + 4)
        lines.extend(_wrap(session.theme, pad))
        modules = ", ".join(COMPETENCE_AREAS.get(m, m) for m in session.modules)
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
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=pad, subsequent_indent=pad + "  ") or [pad]


def _month(today: date) -> str:
    from trainer.yearplan import MONTH_BY_NUMBER

    return MONTH_BY_NUMBER[today.month]


def _check_summary(plan: YearPlan, shown: str, errors: int, warnings: int, titles: dict[str, str]) -> str:
    from scoring.vocabulary import COMPETENCE_AREAS

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
