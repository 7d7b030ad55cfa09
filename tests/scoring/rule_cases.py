"""Loading the per-rule YAML case files in tests/scoring/cases/ into traces the engine can judge."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from scoring.facts import CaseFacts
from scoring.profile import KommuneProfile, bundled_profile
from scoring.trace import CaseContext, CaseKind, CastEntry, Outcome, Step, Trace, default_case_kind
from trainer.scenario.model import ActionSpec

CASES_DIR = Path(__file__).parent / "cases"


class CaseStep(BaseModel):
    """One decision in a rule case."""

    model_config = ConfigDict(extra="forbid")
    days_before: int = 0
    reveals: CaseFacts | None = None
    events: list[ActionSpec] = Field(default_factory=list)
    actions: list[ActionSpec] = Field(default_factory=list)
    days_after: int = 0


class RuleCase(BaseModel):
    """A named trace and the outcome expected for the file's rule."""

    model_config = ConfigDict(extra="forbid")
    name: str
    expect: Literal["violated", "satisfied", "not_applicable"]
    step: int | None = None
    """When given: the (0-based) decision the finding must be pinned to."""
    role: str = "barnehage"
    case_kind: CaseKind | None = None
    """What kind of case it is for the trainee (default: by role, as a scenario file)."""
    cast: dict[str, Any] = Field(default_factory=dict)
    """id → role, or id → {role, service}."""
    facts: CaseFacts = Field(default_factory=CaseFacts)
    steps: list[CaseStep]
    complete: bool = True
    outcome: Outcome | None = None
    """How the ending went for the child (a «dårlig» ending never passes)."""
    profile: str | dict[str, Any] = "standard"
    note: str | None = None

    def trace(self) -> Trace:
        cast = {
            key: CastEntry(role=value) if isinstance(value, str) else CastEntry(**value)
            for key, value in self.cast.items()
        }
        steps = [
            Step(node=f"n{i}", choice=f"c{i}", days_before=s.days_before, reveals=s.reveals, events=s.events,
                 actions=s.actions, days_after=s.days_after)
            for i, s in enumerate(self.steps)
        ]
        kind = self.case_kind or default_case_kind(self.role)
        context = CaseContext(role=self.role, case_kind=kind, cast=cast, facts=self.facts)
        return Trace(context=context, steps=steps, outcome=self.outcome)

    def kommune_profile(self) -> KommuneProfile:
        if isinstance(self.profile, str):
            return bundled_profile(self.profile)
        base = bundled_profile("standard").model_dump()
        return KommuneProfile.model_validate({**base, **self.profile})


class RuleCaseFile(BaseModel):
    """tests/scoring/cases/<RULE-ID>.yaml"""

    model_config = ConfigDict(extra="forbid")
    rule: str
    cases: list[RuleCase]


def load_case_files() -> list[tuple[Path, RuleCaseFile]]:
    """Every case file, parsed."""
    return [
        (path, RuleCaseFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in sorted(CASES_DIR.glob("*.yaml"))
    ]
