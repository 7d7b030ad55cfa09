"""Which rules and competence modules the library trains: the rule × scenario and module × scenario matrices.

A rule counts as *broken* (or *followed*) in a scenario when the engine reports it so on at least one
explored path through it (all paths when there are few, otherwise one representative path per choice). A
competence module counts as trained *by rules* in a scenario only where a rule of that area judged a choice;
modules no rule judges (:func:`modules_without_rules`) are trained through discussion and reflection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.profile import profile_named
from scoring.rulebook import load_rulebook
from scoring.rules import REGISTRY
from scoring.vocabulary import COMPETENCE_AREAS
from trainer.scenario.model import Scenario
from trainer.scenario.paths import explored_paths
from trainer.session import Session

#: How many times each rule must be broken and followed across the library, and each module trained.
MIN_RULE_SCENARIOS = 2
MIN_MODULE_SCENARIOS = 3


@dataclass
class ScenarioCoverage:
    """Rules broken and followed on the explored paths of one scenario."""

    scenario_id: str
    broken: set[str] = field(default_factory=set)
    followed: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    paths: int = 0


def scenario_coverage(scenario: Scenario, path_limit: int = 300) -> ScenarioCoverage:
    """Play every explored path of a scenario and collect the rules it breaks and follows."""
    profile = profile_named(scenario.profile)
    result = ScenarioCoverage(scenario.id, modules=set(scenario.modules))
    for path in explored_paths(scenario, path_limit):
        session, note = Session.resume(scenario, path, profile)
        if note is not None or not session.finished:
            continue
        report = session.report()
        result.broken.update(report.broken_rules)
        result.followed.update(report.followed_rules)
        result.paths += 1
    return result


@dataclass
class LibraryCoverage:
    """Coverage of a whole library."""

    scenarios: list[ScenarioCoverage]

    def rule_counts(self) -> dict[str, tuple[int, int]]:
        """rule ID → (scenarios where it is broken, scenarios where it is followed)."""
        return {
            rule_id: (
                sum(rule_id in s.broken for s in self.scenarios),
                sum(rule_id in s.followed for s in self.scenarios),
            )
            for rule_id in REGISTRY
        }

    def module_counts(self) -> dict[str, int]:
        """module ID → number of scenarios that declare it (trained by rules or through discussion)."""
        return {module: sum(module in s.modules for s in self.scenarios) for module in COMPETENCE_AREAS}

    def module_rule_counts(self) -> dict[str, int]:
        """module ID → scenarios that declare it *and* where a rule of that competence area judged a choice
        (broken or followed) on an explored path: trained by rules, not only through discussion."""
        area = {rule_id: entry.area for rule_id, entry in load_rulebook().rules.items()}
        return {
            module: sum(
                module in s.modules and any(area.get(r) == module for r in s.broken | s.followed)
                for s in self.scenarios
            )
            for module in COMPETENCE_AREAS
        }

    def rule_gaps(self) -> dict[str, tuple[int, int]]:
        """Rules broken or followed in fewer than :data:`MIN_RULE_SCENARIOS` scenarios."""
        return {rule_id: counts for rule_id, counts in self.rule_counts().items() if min(counts) < MIN_RULE_SCENARIOS}

    def module_gaps(self) -> dict[str, int]:
        """Modules trained in fewer than :data:`MIN_MODULE_SCENARIOS` scenarios: by rules where a rule judges the
        module (:meth:`module_rule_counts`), through discussion where none does (:func:`modules_without_rules`)."""
        by_discussion = set(modules_without_rules())
        declared, by_rules = self.module_counts(), self.module_rule_counts()
        counts = {m: declared[m] if m in by_discussion else by_rules[m] for m in COMPETENCE_AREAS}
        return {m: n for m, n in counts.items() if n < MIN_MODULE_SCENARIOS}


def library_coverage(scenarios: list[Scenario], path_limit: int = 300) -> LibraryCoverage:
    """Coverage over a list of scenarios."""
    return LibraryCoverage([scenario_coverage(s, path_limit) for s in scenarios])


def modules_without_rules() -> list[str]:
    """Competence modules no rule judges (``konsekvenser-risiko``, ``holdninger``): a case trains them through
    its story, discussion prompts and reflection questions — the scorecard never shows them."""
    judged = {entry.area for entry in load_rulebook().rules.values()}
    return [module for module in COMPETENCE_AREAS if module not in judged]
