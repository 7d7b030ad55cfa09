"""Property-based tests of the engine: any action trace is judged without an exception, consistently."""

from __future__ import annotations

import types
import typing
from itertools import pairwise
from typing import Any, Literal, get_args, get_origin

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scoring import actions as a
from scoring.engine import judge, replay
from scoring.facts import CaseFacts
from scoring.report import MAX_SERIOUS_TO_PASS
from scoring.rulebook import load_rulebook
from scoring.trace import CaseContext, CastEntry, Step, Trace

WORDS = ["barn", "mor", "far", "foreldre", "stefar", "ungdom", "gravid", "leder", "kollega", "personalet", "rektor",
         "ppt", "helsestasjon", "barnevern", "politi", "bup", "nav", "trener", "skolen", "alle", "stafettlogg", "emma"]


def _for_annotation(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*[_for_annotation(arg, metadata) for arg in get_args(annotation)])
    if annotation is type(None):
        return st.none()
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is list:
        return st.lists(_for_annotation(get_args(annotation)[0], []), max_size=4)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), -5)
        high = next((m.le for m in metadata if getattr(m, "le", None) is not None), 400)
        return st.integers(min_value=low, max_value=high)
    return st.sampled_from(WORDS)


def _model(cls: type) -> st.SearchStrategy[Any]:
    fields = {
        (info.alias or name): _for_annotation(info.annotation, list(info.metadata))
        for name, info in cls.model_fields.items()
        if name != "type"
    }
    return (
        st.fixed_dictionaries({}, optional=fields).map(lambda data: _build(cls, data)).filter(lambda x: x is not None)
    )


def _build(cls: type, data: dict[str, Any]) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError:
        return None


ACTIONS = st.one_of(*[_model(cls) for cls in a.ACTION_CLASSES])
FACTS = _model(CaseFacts)
STEPS = st.builds(
    lambda days, reveals, events, acts: Step(
        node="n", choice="c", days_before=days, reveals=reveals, events=events, actions=acts
    ),
    st.integers(0, 30),
    st.one_of(st.none(), FACTS),
    st.lists(ACTIONS, max_size=1),
    st.lists(ACTIONS, max_size=5),
)
CONTEXTS = st.builds(
    lambda role, facts: CaseContext(
        role=role,
        cast={"emma": CastEntry(role="barn"), "mor": CastEntry(role="mor"), "far": CastEntry(role="far"),
              "rektor": CastEntry(role="rektor", service="skole")},
        facts=facts,
    ),
    st.sampled_from(["barnehage", "skole", "skolehelsetjeneste", "nav", "slt", "jordmor", "barnevern"]),
    FACTS,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(CONTEXTS, st.lists(STEPS, max_size=12), st.booleans())
def test_any_trace_is_judged_consistently(context: CaseContext, steps: list[Step], complete: bool) -> None:
    trace = Trace(context=context, steps=steps)
    report = judge(trace, complete=complete)
    assert report == judge(trace, complete=complete)  # deterministic
    book = load_rulebook()
    assert all(f.rule_id in book.rules for f in report.findings)
    assert all(f.step is None or 0 <= f.step < len(steps) for f in report.findings)
    critical = [f for f in report.violations if f.severity == "kritisk"]
    if not complete:  # an unfinished attempt has no score and no pass
        assert report.passed is None and report.overall is None and report.areas == []
    else:
        assert report.overall is not None and report.passed is not None
        serious = {f.rule_id for f in report.violations if f.severity == "alvorlig"}
        assert report.passed == (not critical and len(serious) <= MAX_SERIOUS_TO_PASS)
        assert 0 <= report.overall <= 100 and all(0 <= area.score <= 100 for area in report.areas)
    timeline = replay(trace)
    assert len(timeline.step_states) == len(steps)
    assert all(0 <= s.level <= 3 for s in timeline.step_states)
    assert all(later.day >= earlier.day for earlier, later in pairwise(timeline.step_states))
