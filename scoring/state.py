"""The case as it stands after each action: day, level, consents, who knows what, reports, stafett …

:func:`apply` is a pure transition: it returns a new :class:`CaseState` and never mutates the old one,
so the engine can keep the state before and after every action for the rules and the UI side panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from scoring import actions as a
from scoring.facts import CaseFacts
from scoring.parties import is_both_parents, resolve
from scoring.trace import CaseContext
from scoring.vocabulary import EDUCATION_MATTER_SERVICES, HEALTH_MATTER_SERVICES, normalise

ConsentStatus = Literal["given", "refused", "withdrawn"]


@dataclass(frozen=True, slots=True)
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

    def covers(self, service: str | None) -> bool:
        """A valid consent that reaches this service."""
        if self.status != "given" or service is None:
            return False
        return service in self.services or "alle" in self.services


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Measure:
    """A planned measure."""

    what: str
    owner: str | None
    evaluate_day: int | None
    day: int


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting held."""

    kind: str
    participants: tuple[str, ...]
    day: int
    level: int


@dataclass(frozen=True, slots=True)
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
        """The latest valid consent covering a service."""
        for consent in reversed(self.consents):
            if consent.covers(service):
                return consent
        return None

    def refused_for(self, service: str | None) -> Consent | None:
        """The latest refusal or withdrawal that reaches a service, if no later consent covers it."""
        for consent in reversed(self.consents):
            if consent.covers(service):
                return None
            if consent.status != "given" and service is not None and (
                service in consent.services or "alle" in consent.services
            ):
                return consent
        return None

    def reported_to(self, to: str) -> int | None:
        """Day of the first report to barnevern or politi."""
        for dest, day in self.reports:
            if dest == to:
                return day
        return None


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
    """Merge newly known facts into the state, recording the day each became known."""
    new = facts.known()
    if not new:
        return state
    merged = state.facts.model_copy(update=new)
    known = {name for name, _ in state.fact_days}
    days = state.fact_days + tuple((n, state.day) for n in new if n not in known)
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


def apply(state: CaseState, action: a.Action, ctx: CaseContext) -> CaseState:
    """The state after one action. Pure: the old state is left as it was."""
    day = state.day
    match action:
        case a.Document(what=what):
            return replace(state, documentation=state.documentation + ((day, what),))
        case a.ConsultLeader():
            return replace(state, leader_day=state.leader_day if state.leader_day is not None else day)
        case a.Talk(with_=who):
            party = resolve(who, ctx)
            if party.kind == "child":
                return replace(state, child_heard_days=state.child_heard_days + (day,))
            if party.kind == "parent" and state.parents_contacted_day is None:
                return replace(state, parents_contacted_day=day)
            return state
        case a.Inform(who=who) | a.Confront(who=who):
            if resolve(who, ctx).kind == "parent" and state.parents_contacted_day is None:
                return replace(state, parents_contacted_day=day)
            return state
        case a.Share() | a.Refer():
            target = action.with_ if isinstance(action, a.Share) else action.to
            identifiable = action.identifiable if isinstance(action, a.Share) else True
            party = resolve(target, ctx)
            entry = Disclosure(
                to=party.target,
                kind=party.kind,
                service=party.service,
                identifiable=identifiable,
                topics=tuple(action.topics),
                day=day,
            )
            involved = state.services_involved
            if identifiable and party.kind == "service" and party.service:
                involved = involved | {party.service}
            return replace(state, ledger=state.ledger + (entry,), services_involved=involved)
        case a.AskConsent():
            services = frozenset(normalise(s) for s in action.services)
            consent = Consent(
                givers=tuple(normalise(g) for g in action.from_),
                services=services,
                topics=tuple(action.topics),
                matter=action.matter or infer_matter(services),
                form=action.form,
                informed=action.informed,
                status="given" if action.answer == "given" else "refused",
                day=day,
            )
            return replace(state, consents=state.consents + (consent,))
        case a.WithdrawConsent(by=by):
            who = normalise(by)
            consents = tuple(
                replace(c, status="withdrawn") if c.status == "given" and _givers_match(c, who) else c
                for c in state.consents
            )
            log_open = state.log_open and not any(c.matter == "stafettlogg" for c in consents if c.status == "withdrawn")
            return replace(state, consents=consents, log_open=log_open)
        case a.Report(to=to):
            involved = state.services_involved | {to}
            return replace(state, reports=state.reports + ((to, day),), services_involved=involved)
        case a.SetLevel(level=level):
            return replace(state, level=level, level_history=state.level_history + ((day, level),))
        case a.AppointStafettholder(who=who):
            return replace(state, stafettholder=who if action.accepted else state.stafettholder)
        case a.HandOverStafett(to=to):
            return replace(state, stafettholder=to if action.accepted else state.stafettholder)
        case a.OpenLog():
            return replace(state, log_open=True)
        case a.AddLogReader(who=who):
            return replace(state, log_readers=state.log_readers + (normalise(who),))
        case a.CloseLog():
            return replace(state, log_open=False)
        case a.PlanMeasure():
            evaluate = day + action.evaluate_in_days if action.evaluate_in_days else None
            measure = Measure(what=action.what, owner=action.owner, evaluate_day=evaluate, day=day)
            return replace(state, measures=state.measures + (measure,))
        case a.HoldMeeting():
            meeting = Meeting(
                kind=action.kind,
                participants=tuple(normalise(p) for p in action.participants),
                day=day,
                level=state.level,
            )
            heard = state.child_heard_days
            if action.child_view or any(resolve(p, ctx).kind == "child" for p in action.participants):
                heard = heard + (day,)
            services = {
                party.service
                for party in (resolve(p, ctx) for p in action.participants)
                if party.kind == "service" and party.service
            }
            return replace(
                state,
                meetings=state.meetings + (meeting,),
                child_heard_days=heard,
                child_invited=False,
                services_involved=state.services_involved | services,
            )
        case a.InviteChild():
            return replace(state, child_invited=True)
        case a.ConsiderPlan(what=what):
            return replace(state, plans_considered=state.plans_considered | {what})
        case a.CloseCase():
            return replace(state, closed=True, log_open=False)
        case a.Wait(days=days):
            return advance(state, days)
        case _:
            return state
