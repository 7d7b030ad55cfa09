"""The before/after self-assessment: five statements on the themes of the BTI employee survey, answered from 1
(helt uenig) to 5 (helt enig) at the start and at the end of the training year.

The statements follow the competence the seeds' employee survey asks about: what to do when one wonders about
a child, talking with the child, talking with the parents, consent and confidentiality, and when to report.
"""

from __future__ import annotations

from datetime import date

QUESTIONS: tuple[str, ...] = (
    "Jeg vet hva jeg skal gjøre når jeg undrer meg over et barn.",
    "Jeg er trygg på å snakke med et barn om det jeg undrer meg over.",
    "Jeg er trygg på å ta opp undringen min med foreldrene.",
    "Jeg vet hva jeg kan dele, med hvem, og når jeg trenger samtykke.",
    "Jeg vet når og hvordan jeg skal melde til barnevernet.",
)
"""The five statements, in order (the store's q1–q5)."""

SCALE: tuple[str, ...] = ("helt uenig", "litt uenig", "både og", "litt enig", "helt enig")
"""What 1–5 mean."""

PHASES: dict[str, str] = {"start": "ved årets start", "slutt": "ved årets slutt"}
"""The two phases and how they are said."""

START_MONTHS = (8, 9, 10)
"""August–October: the self-assessment at the start of the year is offered."""

END_MONTHS = (4, 5, 6)
"""April–June: the self-assessment at the end of the year is offered."""


def phase_for(today: date) -> str | None:
    """The phase offered on ``today`` («start», «slutt» or None between them)."""
    if today.month in START_MONTHS:
        return "start"
    if today.month in END_MONTHS:
        return "slutt"
    return None


def season_of(today: date) -> str:
    """The training year ``today`` falls in: «2026–2027» from August 2026 to July 2027."""
    first = today.year if today.month >= 8 else today.year - 1
    return f"{first}–{first + 1}"


def parse_answers(text: str) -> tuple[int, int, int, int, int] | None:
    """Five digits 1–5, e.g. «3 4 4 2 5» or «34425»; None when it is not that."""
    digits = [c for c in text if not c.isspace() and c != ","]
    if len(digits) != len(QUESTIONS) or not all(c in "12345" for c in digits):
        return None
    a, b, c, d, e = (int(x) for x in digits)
    return a, b, c, d, e
