"""Where a rule lives: the module and function that judge it, and its rule cases — one hop from the rule ID.

``bti-trener rules ID`` prints this, so a coordinator's «why did VO-01 fire?» leads straight to the predicate
(:mod:`scoring.rules`) and to the named cases that specify it (``tests/scoring/cases/<ID>.yaml``, present in a
checkout, not in an installed wheel).
"""

from __future__ import annotations

import difflib
import inspect
from dataclasses import dataclass
from pathlib import Path

import yaml

import scoring
from scoring.rules import REGISTRY

CHECKOUT_ROOT = Path(inspect.getfile(scoring)).resolve().parents[1]
"""The folder holding the ``scoring`` package (in a checkout: the repository; installed: site-packages)."""

CASES_DIR = CHECKOUT_ROOT / "tests" / "scoring" / "cases"
"""The rule cases of a checkout."""


@dataclass(frozen=True)
class RuleLocation:
    """Where one rule is judged and specified."""

    rule_id: str
    """The rule's catalogue ID."""
    module: str
    """The file of the predicate, relative to the package root: ``scoring/rules/vold.py``."""
    function: str
    """The predicate's name: ``report_at_once``."""
    cases_file: str | None
    """The rule cases relative to the checkout (``tests/scoring/cases/VO-01.yaml``), None when not installed."""
    case_count: int = 0
    """How many named cases the file holds."""


class UnknownRuleError(LookupError):
    """No rule has the ID; the message is Norwegian and suggests the closest ID."""


def locate(rule_id: str) -> RuleLocation:
    """The predicate and the rule cases of ``rule_id``; raises :class:`UnknownRuleError`."""
    predicates = dict(REGISTRY.items())
    if rule_id not in predicates and rule_id.upper() in predicates:
        rule_id = rule_id.upper()
    predicate = predicates.get(rule_id)
    if predicate is None:
        close = difflib.get_close_matches(rule_id.upper(), list(predicates), n=1, cutoff=0.5)
        hint = f"; mente du «{close[0]}»?" if close else "; se alle med «bti-trener rules»."
        raise UnknownRuleError(f"fant ingen regel «{rule_id}»{hint}")
    function = inspect.unwrap(predicate)
    source = Path(inspect.getfile(function)).resolve()
    try:
        module = source.relative_to(CHECKOUT_ROOT).as_posix()
    except ValueError:
        module = source.as_posix()
    cases = CASES_DIR / f"{rule_id}.yaml"
    if not cases.is_file():
        return RuleLocation(rule_id, module, function.__qualname__, None)
    data = yaml.safe_load(cases.read_text(encoding="utf-8")) or {}
    count = len(data.get("cases") or []) if isinstance(data, dict) else 0
    return RuleLocation(rule_id, module, function.__qualname__, cases.relative_to(CHECKOUT_ROOT).as_posix(), count)
