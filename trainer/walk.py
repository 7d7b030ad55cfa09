"""Random play-throughs of scenarios: any crash or engine error, and how often each rule is hit."""

from __future__ import annotations

import random
import traceback
from collections import Counter
from dataclasses import dataclass, field

from scoring.profile import profile_named
from trainer.scenario.model import Scenario
from trainer.session import Session

#: A walk stops after this many decisions even if a loop keeps it from reaching an ending.
MAX_STEPS = 500


@dataclass
class WalkReport:
    """What the random walks found."""

    runs: int = 0
    finished: int = 0
    passed: int = 0
    broken: Counter[str] = field(default_factory=Counter)
    followed: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    """One line per crash: scenario, path, exception."""


def walk(scenarios: list[Scenario], runs: int, seed: int) -> WalkReport:
    """Play ``runs`` random paths through every scenario, judging each with the engine."""
    rng = random.Random(seed)
    report = WalkReport()
    for scenario in scenarios:
        profile = profile_named(scenario.profile)
        for _ in range(runs):
            session = Session(scenario=scenario, profile=profile)
            report.runs += 1
            try:
                for _ in range(MAX_STEPS):
                    options = session.choices()
                    if not options:
                        break
                    session.choose(rng.choice(options).id)
                result = session.report()
            except Exception as exc:  # noqa: BLE001 — this is what the walk is looking for
                where = ",".join(session.path)
                last = traceback.extract_tb(exc.__traceback__)[-1]
                report.errors.append(
                    f"{scenario.id}: etter [{where}]: {type(exc).__name__}: {exc} ({last.filename}:{last.lineno})"
                )
                continue
            if session.finished:
                report.finished += 1
                report.passed += bool(result.passed)
            report.broken.update(result.broken_rules)
            report.followed.update(result.followed_rules)
    return report
