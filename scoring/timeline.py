"""A replayed trace: one :class:`Record` per action with the case state before and after it.

This is what every rule reads. ``replay(trace)`` builds a :class:`Timeline`; callers that judge many
traces sharing a beginning (``validate`` checking every ``expect``) replay the shared part once —
``extend(begin(context), steps)`` — and continue it per trace.

:class:`Record` is generic in its action, so ``tl.of(a.Talk)`` gives records whose ``action`` is a
:class:`~scoring.actions.Talk`: the rules are type-checked against the action vocabulary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, Generic, TypeVar, cast, overload

from scoring import actions as a
from scoring.facts import CaseFacts
from scoring.parties import Party, matches_person, resolve_cached
from scoring.profile import KommuneProfile, bundled_profile
from scoring.state import CaseState, advance, apply, initial_state, reveal
from scoring.trace import CaseContext, Outcome, Step, Trace
from scoring.vocabulary import ACUTE_FACTS, VIOLENCE_SUSPICIONS, normalise

A_co = TypeVar("A_co", bound=a.Action, covariant=True)
A1 = TypeVar("A1", bound=a.Action)
A2 = TypeVar("A2", bound=a.Action)
A3 = TypeVar("A3", bound=a.Action)
T = TypeVar("T")

#: Service words written in capitals when a finding names them.
#: A compound starting with one keeps its hyphen: «sfo-assistent» is «SFO-assistent», «nav-kontoret» «NAV-kontoret».
ACRONYMS = {"ppt": "PPT", "bup": "BUP", "nav": "NAV", "slt": "SLT", "sfo": "SFO"}


_POSITION = attrgetter("position")


@dataclass(slots=True, eq=False)  # one per action on the hot path: plain init, compared by identity
class Record(Generic[A_co]):
    """One action as it happened: at which decision, the state before and after."""

    position: int
    """Index of the record in :attr:`Timeline.records` (trace order)."""
    step: int
    """Index of the decision (0-based) in the trace."""
    action: A_co
    """The action."""
    is_event: bool
    """True for things the scenario made happen (node events), not the trainee's choice."""
    before: CaseState
    """State just before the action."""
    after: CaseState
    """State just after the action."""
    facts: CaseFacts
    """Facts known when the action happened: ``before.facts``, kept as a field because the rules ask for it
    hundreds of times per judgement and a property is a function call each time."""

    @property
    def day(self) -> int:
        """The day the action happened."""
        return self.before.day


@dataclass
class Timeline:
    """A replayed trace: what the rules look at."""

    context: CaseContext
    """The case."""
    profile: KommuneProfile
    """The kommune profile judged under."""
    records: list[Record[a.Action]]
    """Every action in order."""
    step_states: list[CaseState]
    """State after each decision (same length as the trace's steps)."""
    initial: CaseState
    """State before the first decision."""
    complete: bool = True
    """True when the play-through reached an ending; whole-trace rules wait for it."""
    steps: list[Step] = field(default_factory=list)
    """The decisions replayed (a finding names its step's node and choice)."""
    outcome: Outcome | None = None
    """How the ending reached went for the child, as its author judged it (None while unfinished)."""
    _by_type: dict[type, list[Record[a.Action]]] | None = field(default=None, repr=False)
    _derived: dict[Callable[..., object], object] = field(default_factory=dict, repr=False)
    _of_several: dict[tuple[type, ...], list[Record[a.Action]]] = field(default_factory=dict, repr=False)
    _parties: dict[str, Party] = field(init=False, repr=False)
    """The case context's party cache, held here so :meth:`party` reaches it in one step."""

    def __post_init__(self) -> None:
        self._parties = self.context.parties_cache

    @property
    def final(self) -> CaseState:
        """The state at the end."""
        return self.step_states[-1] if self.step_states else self.initial

    @property
    def last_step(self) -> int | None:
        """Index of the last decision, if any."""
        return len(self.step_states) - 1 if self.step_states else None

    @overload
    def of(self, t1: type[A1], /) -> list[Record[A1]]: ...
    @overload
    def of(self, t1: type[A1], t2: type[A2], /) -> list[Record[A1 | A2]]: ...
    @overload
    def of(self, t1: type[A1], t2: type[A2], t3: type[A3], /) -> list[Record[A1 | A2 | A3]]: ...
    @overload
    def of(self, *types: type[a.Action]) -> list[Record[a.Action]]: ...

    def of(self, *types: type[a.Action]) -> list[Record[Any]]:
        """The trainee's and the scenario's records of the given action types, in trace order."""
        by_type = self._by_type
        if by_type is None:  # grouped on first use: a judgement of a few rules may never ask
            grouped: dict[type, list[Record[a.Action]]] = defaultdict(list)
            for record in self.records:
                grouped[type(record.action)].append(record)
            by_type = self._by_type = dict(grouped)
        if len(types) == 1:
            return by_type.get(types[0], [])
        found = self._of_several.get(types)  # rules ask for the same few combinations again and again
        if found is None:
            found = self._of_several[types] = sorted(
                (r for t in set(types) for r in by_type.get(t, ())), key=_POSITION
            )
        return found

    def derived(self, compute: Callable[[Timeline], T]) -> T:
        """``compute(self)``, worked out once per timeline: helpers several rules share (classified shares,
        contacts with the parents) ask for it here instead of each walking the records again."""
        try:
            return cast(T, self._derived[compute])
        except KeyError:
            value = self._derived[compute] = compute(self)
            return value

    def party(self, target: str) -> Party:
        """Resolve a target word against this case."""
        party = self._parties.get(target)
        return party if party is not None else resolve_cached(target, self.context)

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
    def fact_changes(self) -> list[tuple[int, CaseFacts]]:
        """``(decision index, facts)`` at the first decision and at each one whose node changed the known facts,
        in order. Facts change only when a decision's node is entered, so every decision from one entry up to
        the next holds exactly those facts: a rule looking for the first decision with a fact reads these few
        entries instead of every decision."""
        changes: list[tuple[int, CaseFacts]] = []
        previous = None
        for index, state in enumerate(self.step_states):
            if state.facts is not previous:
                previous = state.facts
                changes.append((index, previous))
        return changes

    def first_step_where(self, holds: Callable[[CaseFacts], object]) -> int | None:
        """The first decision taken while ``holds(facts)`` was true of the known facts, or None."""
        for index, facts in self.fact_changes:
            if holds(facts):
                return index
        return None

    @cached_property
    def violence_known_day(self) -> int | None:
        """Day a violence/abuse suspicion became known, or None."""
        if self.final.facts.suspicion not in VIOLENCE_SUSPICIONS:
            return None
        return self.final.fact_day("suspicion")

    def violence_at(self, record: Record[a.Action]) -> bool:
        """A violence/abuse suspicion was known when the action happened."""
        return record.facts.suspicion in VIOLENCE_SUSPICIONS

    def acute_at(self, record: Record[a.Action]) -> bool:
        """An acute danger was known when the action happened (danger to life or health, an adult who would
        endanger the child, a child who must not be left alone): the level-0 routine stands aside."""
        facts = record.facts
        return any(getattr(facts, name) for name in ACUTE_FACTS)

    def step_of_day(self, day: int) -> int | None:
        """The first decision at which the clock had reached ``day``."""
        for index, state in enumerate(self.step_states):
            if state.day >= day:
                return index
        return self.last_step

    def step_actions(self, step: int) -> list[Record[a.Action]]:
        """The trainee's own records at one decision (the scenario's events left out)."""
        return [r for r in self.records if r.step == step and not r.is_event]


def begin(context: CaseContext, profile: KommuneProfile | None = None) -> Timeline:
    """The timeline of a case before its first decision."""
    start = initial_state(context)
    return Timeline(
        context=context,
        profile=profile or bundled_profile("standard"),
        records=[],
        step_states=[],
        initial=start,
        complete=False,
    )


def extend(
    timeline: Timeline, steps: Sequence[Step], complete: bool = True, outcome: Outcome | None = None
) -> Timeline:
    """A new timeline: ``timeline`` continued by ``steps`` (``timeline`` itself is left as it was).
    ``complete`` says an ending was reached, and ``outcome`` how it went for the child."""
    ctx = timeline.context
    state = timeline.final
    records = list(timeline.records)
    step_states = list(timeline.step_states)
    for index, step in enumerate(steps, start=len(step_states)):
        if step.days_before:
            state = advance(state, step.days_before)
        if step.reveals is not None:
            state = reveal(state, step.reveals)
        for action in step.events:
            after = apply(state, action, ctx)
            records.append(Record(len(records), index, action, True, state, after, state.facts))
            state = after
        for action in step.actions:
            after = apply(state, action, ctx)
            records.append(Record(len(records), index, action, False, state, after, state.facts))
            state = after
        if step.days_after:
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
        outcome=outcome if complete else None,
    )


def replay(trace: Trace, profile: KommuneProfile | None = None, complete: bool = True) -> Timeline:
    """Replay the trace step by step, keeping the state around every action."""
    return extend(begin(trace.context, profile), trace.steps, complete, trace.outcome)
