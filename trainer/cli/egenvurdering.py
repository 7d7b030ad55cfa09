"""``bti-trener egenvurdering``: the short before/after self-assessment of the training year (five statements,
1–5), stored pseudonymously in the kommune's shared store for the coordinator's report.

Only for a learner who shares (``bti-trener data share på``). At the start of the year (August–October) it is
the «start» answer, at the end (April–June) the «slutt» answer; ``--fase`` chooses outside those months.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from trainer.progress import ProgressError, ProgressStore
from trainer.services.shared import SharedService
from trainer.shared.assessment import PHASES, QUESTIONS, SCALE, parse_answers, phase_for


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``egenvurdering`` subcommand."""
    parser = sub.add_parser(
        "egenvurdering",
        help="kort egenvurdering ved årets start og slutt (fem påstander, 1–5) til kommunens rapport",
        description="Fem påstander om BTI-kompetansen din, fra 1 (helt uenig) til 5 (helt enig). Svarene lagres "
        "uten navn i kommunens felles database, og rapporten viser bare snitt for enheter med minst 5 svar. "
        "Krever at du deler (bti-trener data share på).",
    )
    parser.add_argument("--fase", choices=sorted(PHASES), help="start eller slutt (standard: etter måneden)")
    parser.add_argument("--svar", metavar="12345", help="fem tall fra 1 til 5, i rekkefølge (ellers spør den)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Ask (or take) the five answers and store them."""
    phase = args.fase or phase_for(date.today())
    if phase is None:
        print(
            "bti-trener egenvurdering: egenvurderingen gjøres ved årets start (august–oktober) og slutt "
            "(april–juni). Velg med --fase start eller --fase slutt.",
            file=sys.stderr,
        )
        return 2
    try:
        store = ProgressStore()
    except ProgressError as exc:
        print(f"bti-trener egenvurdering: {exc}", file=sys.stderr)
        return 1
    shared = SharedService()
    try:
        with store:
            sharing = store.sharing()
            if sharing.key is None:
                print(
                    "bti-trener egenvurdering: du deler ikke resultatene dine. Start med «bti-trener data share på» "
                    "(uten navn) – da kommer svarene med i kommunens rapport.",
                    file=sys.stderr,
                )
                return 1
            answers = parse_answers(args.svar) if args.svar is not None else _ask()
            if answers is None:
                print("bti-trener egenvurdering: skriv fem tall fra 1 til 5, f.eks. --svar 34425", file=sys.stderr)
                return 2
            if not shared.record_assessment(store, phase, answers):
                print(f"bti-trener egenvurdering: {shared.problem}", file=sys.stderr)
                return 1
    finally:
        shared.close()
    print(f"Takk! Egenvurderingen {PHASES[phase]} er lagret uten navn.")
    return 0


def _ask() -> tuple[int, int, int, int, int] | None:
    """The five answers, asked one by one on the terminal (None when the input ends or is not 1–5)."""
    print("Svar fra 1 til 5: " + ", ".join(f"{n} = {word}" for n, word in enumerate(SCALE, start=1)) + ".")
    answers: list[str] = []
    for number, question in enumerate(QUESTIONS, start=1):
        print(f"{number}. {question}")
        line = sys.stdin.readline()
        if not line:
            return None
        answers.append(line.strip())
    return parse_answers("".join(answers))
