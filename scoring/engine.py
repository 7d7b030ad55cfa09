"""Replay a trace into case states and judge it against the rules.

``replay(trace)`` gives a :class:`Timeline`: one :class:`Record` per action with the state before and
after it. ``judge(trace, profile)`` runs every registered rule over the timeline and builds a
:class:`~scoring.report.Report`. Both are pure and deterministic.

Callers that judge many traces sharing a beginning (``validate`` checking every ``expect``) replay the
shared part once — ``extend(begin(context), steps)`` — and judge each continuation with
:func:`judge_timeline` or, when they need only some rules' hits, :func:`rule_hits`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from scoring import actions as a
from scoring.facts import CaseFacts
from scoring.parties import Party, matches_person, resolve_cached
from scoring.profile import KommuneProfile, bundled_profile
from scoring.registry import Hit
from scoring.report import Report, build_report
from scoring.rulebook import Rulebook, load_rulebook
from scoring.state import CaseState, advance, apply, initial_state, reveal
from scoring.trace import CaseContext, Step, Trace
from scoring.vocabulary import VIOLENCE_SUSPICIONS, normalise

#: Service words written in capitals when a finding names them.
#: A compound starting with one keeps its hyphen: «sfo-assistent» is «SFO-assistent», «nav-kontoret» «NAV-kontoret».
ACRONYMS = {"ppt": "PPT", "bup": "BUP", "nav": "NAV", "slt": "SLT", "sfo": "SFO"}


@dataclass(slots=True, eq=False)  # one per action on the hot path: plain init, compared by identity
class Record:
    """One action as it happened: at which decision, the state before and after."""

    step: int
    """Index of the decision (0-based) in the trace."""
    action: a.Action
    """The action."""
    is_event: bool
    """True for things the scenario made happen (node events), not the trainee's choice."""
    before: CaseState
    """State just before the action."""
    after: CaseState
    """State just after the action."""

    @property
    def day(self) -> int:
        """The day the action happened."""
        return self.before.day

    @property
    def facts(self) -> CaseFacts:
        """Facts known when the action happened."""
        return self.before.facts


@dataclass
class Timeline:
    """A replayed trace: what the rules look at."""

    context: CaseContext
    """The case."""
    profile: KommuneProfile
    """The kommune profile judged under."""
    records: list[Record]
    """Every action in order."""
    step_states: list[CaseState]
    """State after each decision (same length as the trace's steps)."""
    initial: CaseState
    """State before the first decision."""
    complete: bool = True
    """True when the play-through reached an ending; whole-trace rules wait for it."""
    steps: list[Step] = field(default_factory=list)
    """The decisions replayed (a finding names its step's node and choice)."""
    cache: dict[str, object] = field(default_factory=dict, repr=False)
    """Scratch space for helpers shared by several rules (e.g. classified shares)."""
    _by_type: dict[type, list[Record]] | None = field(default=None, repr=False)
    _by_types: dict[tuple[type, ...], list[Record]] = field(default_factory=dict, repr=False)

    @property
    def final(self) -> CaseState:
        """The state at the end."""
        return self.step_states[-1] if self.step_states else self.initial

    @property
    def last_step(self) -> int | None:
        """Index of the last decision, if any."""
        return len(self.step_states) - 1 if self.step_states else None

    def of(self, *types: type[a.Action]) -> list[Record]:
        """Records of the given action types, in trace order."""
        if len(types) == 1:
            by_type = self._by_type
            if by_type is None:  # grouped on first use: a judgement of a few rules may never ask
                grouped: dict[type, list[Record]] = defaultdict(list)
                for record in self.records:
                    grouped[type(record.action)].append(record)
                by_type = self._by_type = dict(grouped)
            return by_type.get(types[0], [])
        found = self._by_types.get(types)
        if found is None:
            wanted = set(types)
            found = self._by_types[types] = [r for r in self.records if type(r.action) in wanted]
        return found

    def first(self, *types: type[a.Action]) -> Record | None:
        """The first record of the given types."""
        found = self.of(*types)
        return found[0] if found else None

    def party(self, target: str) -> Party:
        """Resolve a target word against this case (memoised on the timeline)."""
        parties = self.cache.setdefault("parties", {})
        party = parties.get(target)  # type: ignore[attr-defined]
        if party is None:
            party = parties[target] = resolve_cached(target, self.context)  # type: ignore[index]
        return party  # type: ignore[return-value]

    def display(self, target: str) -> str:
        """How a finding names a target: the cast member's fictional name, or the word (PPT, BUP, NAV in capitals)."""
        entry = self.context.cast.get(target) or self.context.cast.get(normalise(target))
        if entry is not None and entry.name:
            return entry.name
        key = normalise(target)
        if key in ACRONYMS:
            return ACRONYMS[key]
        head, hyphen, tail = key.partition("-")
        if hyphen and head in ACRONYMS:
            return f"{ACRONYMS[head]}-{tail}"
        return target.replace("-", " ")

    def is_suspect(self, target: str, facts: CaseFacts) -> bool:
        """The target is the suspected person."""
        return matches_person(target, facts.suspected, self.context)

    @cached_property
    def violence_known_day(self) -> int | None:
        """Day a violence/abuse suspicion became known, or None."""
        if self.final.facts.suspicion not in VIOLENCE_SUSPICIONS:
            return None
        return self.final.fact_day("suspicion")

    def violence_at(self, record: Record) -> bool:
        """A violence/abuse suspicion was known when the action happened."""
        return record.facts.suspicion in VIOLENCE_SUSPICIONS

    def step_of_day(self, day: int) -> int | None:
        """The first decision at which the clock had reached ``day``."""
        for index, state in enumerate(self.step_states):
            if state.day >= day:
                return index
        return self.last_step


def begin(context: CaseContext, profile: KommuneProfile | None = None) -> Timeline:
    """The timeline of a case before its first decision."""
    start = initial_state(context)
    return Timeline(context=context, profile=profile or bundled_profile("standard"), records=[], step_states=[],
                    initial=start, complete=False)


def extend(timeline: Timeline, steps: Sequence[Step], complete: bool = True) -> Timeline:
    """A new timeline: ``timeline`` continued by ``steps`` (``timeline`` itself is left as it was)."""
    ctx = timeline.context
    state = timeline.final
    records = list(timeline.records)
    step_states = list(timeline.step_states)
    for index, step in enumerate(steps, start=len(step_states)):
        state = advance(state, step.days_before)
        if step.reveals is not None:
            state = reveal(state, step.reveals)
        for action in step.events:
            after = apply(state, action, ctx)
            records.append(Record(index, action, True, state, after))
            state = after
        for action in step.actions:
            after = apply(state, action, ctx)
            records.append(Record(index, action, False, state, after))
            state = after
        state = advance(state, step.days_after)
        step_states.append(state)
    return Timeline(
        context=ctx,
        profile=timeline.profile,
        records=records,
        step_states=step_states,
        initial=timeline.initial,
        complete=complete,
        steps=[*timeline.steps, *steps],
    )


def replay(trace: Trace, profile: KommuneProfile | None = None, complete: bool = True) -> Timeline:
    """Replay the trace step by step, keeping the state around every action."""
    return extend(begin(trace.context, profile), trace.steps, complete)


def judge(
    trace: Trace,
    profile: KommuneProfile | None = None,
    rulebook: Rulebook | None = None,
    complete: bool = True,
) -> Report:
    """Judge a trace: every rule's findings, the scorecard and pass/fail.

    ``complete=False`` judges a play-through still under way: rules about the whole trace (deadlines,
    closing) hold their verdict until the end.
    """
    return judge_timeline(replay(trace, profile, complete=complete), rulebook)


def judge_timeline(timeline: Timeline, rulebook: Rulebook | None = None, only: Collection[str] | None = None) -> Report:
    """Judge a replayed trace (see :func:`judge`). With ``only``, just those rules are run: their findings
    are the same as in a full judgement (rules never read each other's verdicts), the scorecard covers them
    alone."""
    book = (rulebook or load_rulebook()).with_overrides(timeline.profile.rules)
    return build_report(rule_hits(timeline, book, only), book, timeline)


def rule_hits(timeline: Timeline, book: Rulebook | None = None, only: Collection[str] | None = None) -> dict[str, list[Hit]]:
    """What each enabled rule (of ``only``, when given) found in the timeline, by rule ID in registration
    order; rules that found nothing are left out. ``book`` defaults to the rulebook with the timeline's
    kommune profile applied."""
    from scoring.rules import REGISTRY  # registers every rule module

    if book is None:
        book = load_rulebook().with_overrides(timeline.profile.rules)
    hits = {}
    entries = book.rules
    for rule_id, predicate in REGISTRY.items() if only is None else REGISTRY.subset(only):
        entry = entries.get(rule_id)
        if entry is None or not entry.enabled:  # Rulebook.enabled, inlined: 44 calls per judgement
            continue
        found = list(predicate(timeline))
        if found:
            hits[rule_id] = found
    return hits
