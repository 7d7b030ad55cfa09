"""The rule registry: every rule is a small predicate registered under its catalogue ID.

A rule yields :class:`Hit` s. A *satisfied* hit always names the trainee's action that earned it — a ✓ is
never given for something the learner did not do — and each rule declares which action types can earn
its ✓ (``credits``), so a test can check every ✓ the bundled library gives against the step it points to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from scoring import actions as a

if TYPE_CHECKING:
    from scoring.timeline import Record, Timeline

Outcome = Literal["violated", "satisfied"]


@dataclass(slots=True)  # not frozen: rules create many hits per judgement, and frozen __init__ is ~6× slower
class Hit:
    """What a rule found: broken or satisfied, at which decision (step index), with an optional detail."""

    outcome: Outcome
    """violated or satisfied."""
    step: int | None
    """The decision it is pinned to (None: the case as a whole)."""
    detail: str | None = None
    """What exactly happened, in Norwegian."""
    action: a.Action | None = None
    """The trainee's action the finding is about: the one that earned a ✓, or the one that broke the rule
    (None when the breach is something left undone)."""


def violated(at: Record[a.Action] | int | None, detail: str | None = None) -> Hit:
    """A rule broken: by an action (pass its record) or by something left undone at a decision (its index)."""
    if isinstance(at, int) or at is None:
        return Hit("violated", at, detail)
    return Hit("violated", at.step, detail, at.action)


def satisfied(record: Record[a.Action], detail: str | None = None) -> Hit:
    """A rule followed — always by an action the trainee took (its record)."""
    return Hit("satisfied", record.step, detail, record.action)


RuleFn = Callable[["Timeline"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A registered rule: its predicate and the action types that can earn its ✓."""

    rule_id: str
    """Catalogue ID."""
    predicate: RuleFn
    """The function that judges a timeline."""
    credits: tuple[type[a.Action], ...]
    """Action types a satisfied hit of this rule may name."""


class DuplicateRuleError(ValueError):
    """Two predicates were registered under the same rule ID."""


class RuleRegistry:
    """Maps rule IDs to predicates; refuses a second predicate for an ID."""

    def __init__(self) -> None:
        self._rules: dict[str, RuleSpec] = {}

    def register(self, rule_id: str, *, credits: tuple[type[a.Action], ...]) -> Callable[[RuleFn], RuleFn]:
        """Decorator: ``@REGISTRY.register("VO-01", credits=(a.Report,))``."""

        def decorate(fn: RuleFn) -> RuleFn:
            if rule_id in self._rules:
                raise DuplicateRuleError(f"rule {rule_id} is already registered")
            self._rules[rule_id] = RuleSpec(rule_id, fn, credits)
            return fn

        return decorate

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def spec(self, rule_id: str) -> RuleSpec:
        """The registered rule with this ID (KeyError if none)."""
        return self._rules[rule_id]

    def items(self) -> Iterable[tuple[str, RuleFn]]:
        """(rule ID, predicate) in registration order."""
        return ((rule_id, spec.predicate) for rule_id, spec in self._rules.items())

    def subset(self, rule_ids: Iterable[str]) -> list[tuple[str, RuleFn]]:
        """(rule ID, predicate) of the registered ones among ``rule_ids``, in registration order."""
        wanted = set(rule_ids)
        return [(rule_id, spec.predicate) for rule_id, spec in self._rules.items() if rule_id in wanted]


REGISTRY = RuleRegistry()
rule = REGISTRY.register
