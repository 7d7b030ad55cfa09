"""The case as it stands after each action: day, level, consents, who knows what, reports, stafett …

:func:`apply` is a pure transition: it returns a new :class:`CaseState` and never mutates the old one,
so the engine can keep the state before and after every action for the rules and the UI side panel.
The entries a state holds (:class:`Consent`, :class:`Disclosure`, :class:`Measure`, :class:`Meeting`) are
shared between states: they are not frozen only because frozen construction is slower on this hot path, and
nothing may change one after it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from typing import Any, Literal

from scoring import actions as a
from scoring.facts import CaseFacts
from scoring.parties import Party, is_both_parents
from scoring.parties import resolve_cached as resolve
from scoring.trace import CaseContext
from scoring.vocabulary import EDUCATION_MATTER_SERVICES, HEALTH_MATTER_SERVICES, normalise

ConsentStatus = Literal["given", "refused", "withdrawn"]


@dataclass(slots=True)  # not frozen: the replay makes one per action, and frozen __init__ is about twice as slow
class Consent:
    """A consent as asked and answered."""

    givers: tuple[str, ...]
    """Who gave (or refused) it, normalised (mor, far, foreldre, ungdom, cast IDs)."""
    services: frozenset[str]
    """Services covered; ``alle`` for an unscoped blanket consent."""
    topics: tuple[str, ...]
    """Information covered."""
    matter: str
    """health, education, stafettlogg or general."""
    form: str
    """written, oral_journaled or oral."""
    informed: bool
    """Whether the person was properly informed."""
    status: ConsentStatus
    """given, refused or withdrawn."""
    day: int
    """Day it was asked."""
    months: int | None = None
    """How long it lasts (None: until withdrawn)."""

    @property
    def valid(self) -> bool:
        """Given and a real legal basis: informed and naming its services (a blanket «alle» is not)."""
        return self.status == "given" and self.informed and bool(self.services) and "alle" not in self.services

    def lasts_until(self) -> int | None:
        """The last day the consent holds (a month counted as 30 days), or None when it has no end."""
        return None if self.months is None else self.day + 30 * self.months

    def holds(self, day: int) -> bool:
        """Valid, and not yet expired on ``day``."""
        end = self.lasts_until()
        return self.valid and (end is None or day <= end)

    def covers(self, service: str | None, day: int | None = None) -> bool:
        """A valid consent that reaches this service (and, given a day, still holds then)."""
        if service is None or service not in self.services or not self.valid:
            return False
        end = self.lasts_until()
        return day is None or end is None or day <= end


@dataclass(slots=True)  # not frozen: the replay makes one per action, and frozen __init__ is about twice as slow
class Disclosure:
    """One entry in the ledger of who knows what."""

    to: str
    """Recipient as written."""
    kind: str
    """Party kind of the recipient (service, own_team, parent, other …)."""
    service: str | None
    """Recipient's service."""
    identifiable: bool
    """Whether the recipient can tell who the family is."""
    topics: tuple[str, ...]
    """What was shared."""
    day: int
    """When."""


@dataclass(slots=True)  # not frozen: the replay makes one per action, and frozen __init__ is about twice as slow
class Measure:
    """A planned measure."""

    what: str
    owner: str | None
    evaluate_day: int | None
    day: int


@dataclass(slots=True)  # not frozen: the replay makes one per action, and frozen __init__ is about twice as slow
class Meeting:
    """A meeting held."""

    kind: str
    participants: tuple[str, ...]
    day: int
    level: int
    arena: str | None = None


@dataclass(frozen=True)
class CaseState:
    """The case as it stands. Every collection is a tuple so states can be shared and compared."""

    day: int = 0
    """Days since the case started."""
    level: int = 0
    """Current BTI level (0–3)."""
    level_history: tuple[tuple[int, int], ...] = ((0, 0),)
    """(day, level) each time the level changed, starting with the initial level."""
    facts: CaseFacts = field(default_factory=CaseFacts)
    """Facts known now."""
    fact_days: tuple[tuple[str, int], ...] = ()
    """(fact name, day it became known)."""
    consents: tuple[Consent, ...] = ()
    """Consents asked, with their answers."""
    ledger: tuple[Disclosure, ...] = ()
    """Who has been told what."""
    reports: tuple[tuple[str, int], ...] = ()
    """(barnevern|politi, day) for each report sent."""
    leader_day: int | None = None
    """Day the leader was first involved."""
    parents_contacted_day: int | None = None
    """Day the parents were first talked with, informed or confronted."""
    child_heard_days: tuple[int, ...] = ()
    """Days the child was talked with or its view was brought into a meeting."""
    documentation: tuple[tuple[int, str], ...] = ()
    """(day, what) for everything written down."""
    stafettholder: str | None = None
    """Who holds the baton now."""
    log_open: bool = False
    """Whether a stafettlogg is open."""
    log_readers: tuple[str, ...] = ()
    """Who has been given read access to the log."""
    measures: tuple[Measure, ...] = ()
    """Measures planned."""
    meetings: tuple[Meeting, ...] = ()
    """Meetings held."""
    services_involved: frozenset[str] = frozenset()
    """Other services that have been brought into the case identifiably."""
    child_invited: bool = False
    """The child is invited to the next meeting."""
    plans_considered: frozenset[str] = frozenset()
    """IP, koordinator, KE or consultative team considered."""
    closed: bool = False
    """The case has been closed."""

    def fact_day(self, name: str) -> int | None:
        """The day a fact became known (0 for initial facts), or None if never."""
        for fact, day in self.fact_days:
            if fact == name:
                return day
        return None

    def consent_for(self, service: str | None) -> Consent | None:
        """The latest valid consent covering a service today (an expired one no longer does)."""
        for consent in reversed(self.consents):
            if consent.covers(service, self.day):
                return consent
        return None

    def refused_for(self, service: str | None) -> Consent | None:
        """The latest refusal or withdrawal that names a service, if no later consent covers it."""
        for consent in reversed(self.consents):
            if consent.covers(service, self.day):
                return None
            if consent.status != "given" and service is not None and service in consent.services:
                return consent
        return None


def replace(state: CaseState, **changes: object) -> CaseState:
    """A copy of a state with some fields changed — like ``dataclasses.replace`` but about five times as
    fast (one dict copy instead of per-field work), which matters because the engine keeps the state
    after every action. ``CaseState`` deliberately has no ``__slots__`` so its ``__dict__`` can be copied."""
    fields = state.__dict__.copy()  # a plain copy is a memcpy; ``{**a, **b}`` inserts key by key
    fields.update(changes)
    new = object.__new__(CaseState)
    object.__setattr__(new, "__dict__", fields)
    return new


def initial_state(ctx: CaseContext) -> CaseState:
    """The state at the start of the case, from the scenario's initial facts."""
    facts = ctx.facts
    level = facts.starting_level or 0
    consents: tuple[Consent, ...] = ()
    if facts.consent_held:
        consents = (
            Consent(
                givers=("foreldre",),
                services=frozenset(normalise(s) for s in facts.consent_held),
                topics=(),
                matter="general",
                form="written",
                informed=True,
                status="given",
                day=0,
            ),
        )
    return CaseState(
        leader_day=0 if ctx.trainee_is_leader else None,
        level=level,
        level_history=((0, level),),
        facts=facts,
        fact_days=tuple((name, 0) for name in facts.known()),
        consents=consents,
        stafettholder=facts.has_stafettholder,
        log_open=bool(facts.log_open),
        services_involved=frozenset(normalise(s) for s in facts.consent_held or ()),
    )


def reveal(state: CaseState, facts: CaseFacts) -> CaseState:
    """Merge newly known facts into the state. The day a fact became known is the day it got its current
    value: a suspicion that turns from «annet» into «vold» on day 10 is a violence suspicion from day 10."""
    new = {name: value for name, value in facts.known().items() if getattr(state.facts, name) != value}
    if not new:
        return state
    merged = state.facts.model_copy(update=new)
    days = tuple((n, d) for n, d in state.fact_days if n not in new) + tuple((n, state.day) for n in new)
    return replace(state, facts=merged, fact_days=days)


def advance(state: CaseState, days: int) -> CaseState:
    """Let days pass."""
    return replace(state, day=state.day + days) if days else state


def infer_matter(services: frozenset[str]) -> str:
    """What a consent is for when the author did not say: health, education, or general."""
    if services and services <= HEALTH_MATTER_SERVICES:
        return "health"
    if services and services <= EDUCATION_MATTER_SERVICES:
        return "education"
    if "stafettlogg" in services:
        return "stafettlogg"
    return "general"


def _givers_match(consent: Consent, who: str) -> bool:
    if is_both_parents(who):
        return True
    return who in consent.givers or any(is_both_parents(g) for g in consent.givers) and who in ("mor", "far")


Handler = Callable[[CaseState, Any, CaseContext], CaseState]
_HANDLERS: dict[type[a.Action], Handler] = {}


def _on(*types: type[a.Action]) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for action_type in types:
            _HANDLERS[action_type] = fn
        return fn

    return register


def apply(state: CaseState, action: a.Action, ctx: CaseContext) -> CaseState:
    """The state after one action. Pure: the old state is left as it was. Actions without a handler
    (``consult_anonymous``, ``withhold``, ``slt_discussion`` …) leave the state as it is; the rules read
    them from the trace."""
    handler = _HANDLERS.get(type(action))
    return handler(state, action, ctx) if handler is not None else state


@_on(a.Document)
def _document(state: CaseState, action: a.Document, ctx: CaseContext) -> CaseState:
    return replace(state, documentation=state.documentation + ((state.day, action.what),))


@_on(a.ConsultLeader)
def _consult_leader(state: CaseState, action: a.ConsultLeader, ctx: CaseContext) -> CaseState:
    return state if state.leader_day is not None else replace(state, leader_day=state.day)


def _parent_contact(state: CaseState, party: Party) -> CaseState:
    """The state with the first contact with the parents noted, when ``party`` is a parent."""
    if state.parents_contacted_day is None and party.kind == "parent":
        return replace(state, parents_contacted_day=state.day)
    return state


def is_the_child(party: Party, state: CaseState) -> bool:
    """The resolved target is the child the case is about (any child-role person when ``facts.child`` is not
    set)."""
    if party.kind != "child":
        return False
    child = state.facts.child
    return child is None or party.target == normalise(child)


#: The only actions whose handlers add to ``CaseState.child_heard_days`` (a talk with the child, a meeting the
#: child attends or whose view is brought in): rules that look for hearings need read no other records.
HEARING_ACTIONS: tuple[type[a.Action], ...] = (a.Talk, a.HoldMeeting)

#: Moves that give the child a chance to say something; a talk with none of them (only reassuring, explaining,
#: or putting the child off) does not hear the child (MED-01, MED-02). A talk that names no moves does.
HEARING_MOVES = frozenset({"open_question", "mirror", "summarise", "leading_question", "yes_no_question", "press"})


@_on(a.Talk)
def _talk(state: CaseState, action: a.Talk, ctx: CaseContext) -> CaseState:
    party = resolve(action.with_, ctx)
    if is_the_child(party, state):
        if action.moves and HEARING_MOVES.isdisjoint(action.moves):
            return state
        return replace(state, child_heard_days=state.child_heard_days + (state.day,))
    return _parent_contact(state, party)


@_on(a.Inform, a.Confront)
def _inform(state: CaseState, action: a.Inform | a.Confront, ctx: CaseContext) -> CaseState:
    return _parent_contact(state, resolve(action.who, ctx))


@_on(a.Share, a.Refer)
def _share(state: CaseState, action: a.Share | a.Refer, ctx: CaseContext) -> CaseState:
    target = action.with_ if isinstance(action, a.Share) else action.to
    identifiable = action.identifiable if isinstance(action, a.Share) else True
    party = resolve(target, ctx)
    entry = Disclosure(
        to=party.target,
        kind=party.kind,
        service=party.service,
        identifiable=identifiable,
        topics=tuple(action.topics),
        day=state.day,
    )
    involved = state.services_involved
    if identifiable and party.kind == "service" and party.service:
        involved = involved | {party.service}
    return replace(state, ledger=state.ledger + (entry,), services_involved=involved)


@_on(a.AskConsent)
def _ask_consent(state: CaseState, action: a.AskConsent, ctx: CaseContext) -> CaseState:
    services = frozenset(normalise(s) for s in action.services)
    consent = Consent(
        givers=tuple(normalise(g) for g in action.from_),
        services=services,
        topics=tuple(action.topics),
        matter=action.matter or infer_matter(services),
        form=action.form,
        informed=action.informed,
        status="given" if action.answer == "given" else "refused",
        day=state.day,
        months=action.months,
    )
    return replace(state, consents=state.consents + (consent,))


@_on(a.WithdrawConsent)
def _withdraw(state: CaseState, action: a.WithdrawConsent, ctx: CaseContext) -> CaseState:
    who = normalise(action.by)
    consents = tuple(
        dataclass_replace(c, status="withdrawn") if c.status == "given" and _givers_match(c, who) else c
        for c in state.consents
    )
    withdrawn_log = any(c.matter == "stafettlogg" for c in consents if c.status == "withdrawn")
    return replace(state, consents=consents, log_open=state.log_open and not withdrawn_log)


@_on(a.Report)
def _report(state: CaseState, action: a.Report, ctx: CaseContext) -> CaseState:
    return replace(
        state,
        reports=state.reports + ((action.to, state.day),),
        services_involved=state.services_involved | {action.to},
    )


@_on(a.SetLevel)
def _set_level(state: CaseState, action: a.SetLevel, ctx: CaseContext) -> CaseState:
    return replace(state, level=action.level, level_history=state.level_history + ((state.day, action.level),))


@_on(a.AppointStafettholder)
def _appoint(state: CaseState, action: a.AppointStafettholder, ctx: CaseContext) -> CaseState:
    return replace(state, stafettholder=action.who) if action.accepted else state


@_on(a.HandOverStafett)
def _hand_over(state: CaseState, action: a.HandOverStafett, ctx: CaseContext) -> CaseState:
    return replace(state, stafettholder=action.to) if action.accepted else state


@_on(a.OpenLog)
def _open_log(state: CaseState, action: a.OpenLog, ctx: CaseContext) -> CaseState:
    return replace(state, log_open=True)


@_on(a.AddLogReader)
def _add_reader(state: CaseState, action: a.AddLogReader, ctx: CaseContext) -> CaseState:
    return replace(state, log_readers=state.log_readers + (normalise(action.who),))


@_on(a.CloseLog)
def _close_log(state: CaseState, action: a.CloseLog, ctx: CaseContext) -> CaseState:
    return replace(state, log_open=False)


@_on(a.PlanMeasure)
def _plan_measure(state: CaseState, action: a.PlanMeasure, ctx: CaseContext) -> CaseState:
    evaluate = state.day + action.evaluate_in_days if action.evaluate_in_days else None
    measure = Measure(what=action.what, owner=action.owner, evaluate_day=evaluate, day=state.day)
    return replace(state, measures=state.measures + (measure,))


@_on(a.HoldMeeting)
def _meeting(state: CaseState, action: a.HoldMeeting, ctx: CaseContext) -> CaseState:
    parties = [resolve(p, ctx) for p in action.participants]
    meeting = Meeting(
        kind=action.kind,
        participants=tuple(p.target for p in parties),
        day=state.day,
        level=state.level,
        arena=action.arena,
    )
    heard = state.child_heard_days
    if action.child_view or any(is_the_child(p, state) for p in parties):
        heard = heard + (state.day,)
    services = {p.service for p in parties if p.kind == "service" and p.service}
    return replace(
        state,
        meetings=state.meetings + (meeting,),
        child_heard_days=heard,
        child_invited=False,
        services_involved=state.services_involved | services,
    )


@_on(a.InviteChild)
def _invite(state: CaseState, action: a.InviteChild, ctx: CaseContext) -> CaseState:
    return replace(state, child_invited=True)


@_on(a.ConsiderPlan)
def _consider(state: CaseState, action: a.ConsiderPlan, ctx: CaseContext) -> CaseState:
    return replace(state, plans_considered=state.plans_considered | {action.what})


@_on(a.CloseCase)
def _close(state: CaseState, action: a.CloseCase, ctx: CaseContext) -> CaseState:
    return replace(state, closed=True, log_open=False)


@_on(a.Wait)
def _wait(state: CaseState, action: a.Wait, ctx: CaseContext) -> CaseState:
    return advance(state, action.days)
