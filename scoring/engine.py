"""Judge a trace against the rules.

``judge(trace, profile)`` replays the trace into a :class:`~scoring.timeline.Timeline`, runs every
registered rule over it and builds a :class:`~scoring.report.Report`. It is pure and deterministic.

Callers that judge many traces sharing a beginning (``validate`` checking every ``expect``) replay the
shared part once — ``extend(begin(context), steps)`` from :mod:`scoring.timeline` — and judge each
continuation with :func:`judge_timeline` or, when they need only some rules' hits, :func:`rule_hits`.
"""

from __future__ import annotations

from collections.abc import Collection

from scoring.gc_pause import collector_paused
from scoring.profile import KommuneProfile
from scoring.registry import Hit
from scoring.report import Report, build_report
from scoring.rulebook import Rulebook, load_rulebook
from scoring.rules import REGISTRY
from scoring.timeline import Record, Timeline, begin, extend, replay
from scoring.trace import Trace

__all__ = ["Record", "Timeline", "begin", "extend", "judge", "judge_timeline", "replay", "rule_hits"]


def judge(
    trace: Trace,
    profile: KommuneProfile | None = None,
    rulebook: Rulebook | None = None,
    complete: bool = True,
) -> Report:
    """Judge a trace: every rule's findings, the scorecard and pass/fail.

    ``complete=False`` judges a play-through still under way: rules about the whole trace (deadlines,
    closing) hold their verdict until the end, and the report has no score and no pass.
    """
    with collector_paused():
        return judge_timeline(replay(trace, profile, complete=complete), rulebook)


def judge_timeline(timeline: Timeline, rulebook: Rulebook | None = None, only: Collection[str] | None = None) -> Report:
    """Judge a replayed trace (see :func:`judge`). With ``only``, just those rules are run: their findings
    are the same as in a full judgement (rules never read each other's verdicts), the scorecard covers them
    alone."""
    book = (rulebook or load_rulebook()).with_overrides(timeline.profile.rules)
    with collector_paused():
        return build_report(rule_hits(timeline, book, only), book, timeline)


def rule_hits(
    timeline: Timeline, book: Rulebook | None = None, only: Collection[str] | None = None
) -> dict[str, list[Hit]]:
    """What each enabled rule (of ``only``, when given) found in the timeline, by rule ID in registration
    order; rules that found nothing are left out. ``book`` defaults to the rulebook with the timeline's
    kommune profile applied."""
    if book is None:
        book = load_rulebook().with_overrides(timeline.profile.rules)
    hits = {}
    entries = book.rules
    for rule_id, predicate in REGISTRY.items() if only is None else REGISTRY.subset(only):
        entry = entries.get(rule_id)
        if entry is None or not entry.enabled:
            continue
        found = list(predicate(timeline))
        if found:
            hits[rule_id] = found
    return hits
