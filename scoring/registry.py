"""The rule registry: every rule is a small predicate registered under its catalogue ID."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from scoring.engine import Timeline

Outcome = Literal["violated", "satisfied"]


@dataclass(slots=True)  # not frozen: rules create many hits per judgement, and frozen __init__ is ~6× slower
class Hit:
    """What a rule found: broken or satisfied, at which decision (step index), with an optional detail."""

    outcome: Outcome
    step: int | None
    detail: str | None = None


def violated(step: int | None, detail: str | None = None) -> Hit:
    """A rule broken at a decision."""
    return Hit("violated", step, detail)


def satisfied(step: int | None, detail: str | None = None) -> Hit:
    """A rule followed at a decision."""
    return Hit("satisfied", step, detail)


RuleFn = Callable[["Timeline"], Iterable[Hit]]


class DuplicateRuleError(ValueError):
    """Two predicates were registered under the same rule ID."""


class RuleRegistry:
    """Maps rule IDs to predicates; refuses a second predicate for an ID."""

    def __init__(self) -> None:
        self._rules: dict[str, RuleFn] = {}
        self._order: dict[str, int] | None = None

    def register(self, rule_id: str) -> Callable[[RuleFn], RuleFn]:
        """Decorator: ``@REGISTRY.register("VO-01")``."""

        def decorate(fn: RuleFn) -> RuleFn:
            if rule_id in self._rules:
                raise DuplicateRuleError(f"rule {rule_id} is already registered")
            self._rules[rule_id] = fn
            return fn

        return decorate

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def items(self) -> Iterable[tuple[str, RuleFn]]:
        """(rule ID, predicate) in registration order."""
        return self._rules.items()

    def subset(self, rule_ids: Iterable[str]) -> list[tuple[str, RuleFn]]:
        """(rule ID, predicate) of the registered ones among ``rule_ids``, in registration order."""
        if self._order is None or len(self._order) != len(self._rules):
            self._order = {rule_id: index for index, rule_id in enumerate(self._rules)}
        order = self._order
        return [(rule_id, self._rules[rule_id]) for rule_id in sorted((r for r in rule_ids if r in order), key=order.__getitem__)]


REGISTRY = RuleRegistry()
rule = REGISTRY.register
