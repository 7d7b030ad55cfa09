"""The rulebook: each rule's Norwegian texts, severity, competence area and source, kept as data."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from scoring.profile import RuleOverride

Severity = Literal["kritisk", "alvorlig", "mindre"]
SEVERITY_WEIGHT: dict[str, int] = {"kritisk": 3, "alvorlig": 2, "mindre": 1}


class RuleEntry(BaseModel):
    """One rule as the debrief explains it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    family: str
    """Rule family (undring, vold, samtykke …)."""
    title: str
    """Short imperative title."""
    severity: Severity
    """kritisk, alvorlig or mindre."""
    area: str
    """Competence area ID (see scoring.vocabulary.COMPETENCE_AREAS)."""
    source: str
    """Law paragraph and/or handlingsveileder step."""
    rule: str
    """The rule itself."""
    violation: str
    """What went wrong, addressed to the trainee."""
    better: str
    """The better action."""
    satisfied: str
    """What was done right."""
    example_bad: str
    """A typical mistake."""
    example_good: str
    """A good example."""
    enabled: bool = True
    """False when a kommune profile switches the rule off."""


class Rulebook(BaseModel):
    """All rule entries by ID."""

    model_config = ConfigDict(frozen=True)
    rules: dict[str, RuleEntry]
    """Rule ID → entry."""

    def __getitem__(self, rule_id: str) -> RuleEntry:
        return self.rules[rule_id]

    def with_overrides(self, overrides: Mapping[str, RuleOverride]) -> Rulebook:
        """A copy with a kommune's local changes applied."""
        if not overrides:
            return self
        rules = dict(self.rules)
        for rule_id, override in overrides.items():
            if rule_id not in rules:
                continue
            changes = override.model_dump(exclude_none=True)
            rules[rule_id] = rules[rule_id].model_copy(update=changes)
        return Rulebook(rules=rules)


@cache
def load_rulebook() -> Rulebook:
    """The rulebook shipped with the engine (``scoring/rulebook.yaml``)."""
    text = resources.files("scoring").joinpath("rulebook.yaml").read_text(encoding="utf-8")
    return Rulebook.model_validate(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
