"""One place that decides on what legal footing an identifiable share or referral stands.

Several rules judge sharing (SAM-01, SAM-03, SAM-06, TP-01, TP-03, TP-04, TP-05, OPL-01). Each share
gets exactly one class here, so a single careless e-mail is reported under the one rule that fits best
instead of under four at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from scoring import actions as a
from scoring.rules.common import duty_to_report
from scoring.timeline import Record, Timeline
from scoring.vocabulary import HEALTH_SERVICES, normalise

if TYPE_CHECKING:
    from scoring.state import CaseState

ShareClass = Literal[
    "anonymous",  # not identifiable
    "child",  # to the child itself
    "parent",  # to a parent (fine unless TP-04 applies, or after a care order: then private unless a basis holds)
    "privacy_breach",  # to parents against a youth's respectable wish (TP-04)
    "statutory",  # a legal duty or exception applies (opplysningsplikt, avvergeplikt, fare for liv)
    "early_report",  # barnevern told by name below the threshold: a report in all but form (OPL-01 judges it)
    "team",  # within the trainee's own service (fvl § 13 b nr 3 / hpl § 25)
    "consent",  # covered by a valid consent
    "refused",  # to a service the family refused or withdrew consent for (SAM-06)
    "scope",  # a consent exists but does not reach this recipient or these topics (SAM-03)
    "health",  # health personnel sharing outside health without consent (TP-03)
    "no_consent",  # to another service without any consent (SAM-01)
    "private",  # to uninvolved colleagues or private persons (TP-01)
]


@dataclass(slots=True)  # not frozen: every share gets one per judgement, and frozen __init__ is several times slower
class ShareVerdict:
    """The class of one share, and what it was about. Treat as read-only."""

    cls: ShareClass
    target: str
    service: str | None
    outside: tuple[str, ...] = ()
    """For ``scope``: the shared topics the consent for this service does not cover."""


def share_target(action: a.Share | a.Refer) -> tuple[str, bool, str | None]:
    """(recipient, identifiable, named basis) of a share or referral."""
    if isinstance(action, a.Share):
        return action.with_, action.identifiable, action.basis
    return action.to, True, None


#: The kommune's health and care service (authors write ``helse-og-omsorg`` or ``psykisk-helse``), which health
#: personnel must inform about a pregnant woman's substance use when the helse- og omsorgstjenesteloven § 10-3
#: criteria are met (helsepersonelloven § 32).
KOMMUNE_HEALTH_AND_CARE = frozenset({"psykisk-helse"})


def statutory_basis_holds(
    tl: Timeline, record: Record[a.Share | a.Refer], basis: str | None, service: str | None
) -> bool:
    """Whether a legal duty or exception covers sharing with this recipient now.

    The duty applies whether or not the trainee names it: information to barnevern when the duty to report
    applies (or barnevern has asked), to the police when a § 196 crime is likely or there is danger to life,
    and to the kommune's health and care service about a pregnant woman's substance use when the § 10-3
    criteria are met (helsepersonelloven § 32; the kommune, not the trainee, then informs barnevern — an
    unborn child is never reported straight to barnevern without the woman's consent). Sharing with anyone
    else needs the basis named *and* the facts behind it.
    """
    facts = record.facts
    duty = duty_to_report(facts) is not None
    if service == "barnevern" and (facts.barnevern_request or duty):
        return True
    if service == "politi" and (facts.serious_crime_likely or facts.danger_to_life):
        return True
    if service in KOMMUNE_HEALTH_AND_CARE and facts.pregnant and facts.hol_10_3:
        return True
    if basis == "opplysningsplikt":
        return service in ("barnevern", "politi") and duty
    if basis == "avvergeplikt":
        return service in ("barnevern", "politi") and bool(facts.serious_crime_likely)
    if basis == "fare-for-liv-og-helse":
        return bool(facts.danger_to_life)
    if basis == "egen-oppgave":
        # forvaltningsloven § 13 b første ledd nr. 5: a public body may tell another what it needs to carry out
        # the giving body's own task; health personnel are bound by helsepersonelloven § 21 instead.
        return tl.context.role not in HEALTH_SERVICES and tl.party(share_target(record.action)[0]).kind == "service"
    return False


def _topics_covered(state: CaseState, service: str | None, topics: list[str]) -> bool:
    """The consents that reach this service also cover what is shared (no listed topics = no limit)."""
    if not topics:
        return True
    covering = [c for c in state.consents if c.covers(service, state.day)]
    if any(not c.topics for c in covering):
        return True
    allowed = {normalise(t) for c in covering for t in c.topics}
    return all(any(w in t or t in w for t in allowed) for w in (normalise(x) for x in topics))


def outside_topics(state: CaseState, service: str | None, topics: list[str]) -> list[str]:
    """The shared topics no consent for this service covers (for the SAM-03 detail)."""
    if _topics_covered(state, service, topics):
        return []
    return [x for x in topics if not _topics_covered(state, service, [x])]


def classify(tl: Timeline, record: Record[a.Share | a.Refer]) -> ShareVerdict:
    """The legal footing of one share or referral (see :data:`ShareClass`)."""
    action = record.action
    target, identifiable, basis = share_target(action)
    party = tl.party(target)
    state = record.before
    facts = record.facts
    trainee_is_health = tl.context.role in HEALTH_SERVICES

    def verdict(cls: ShareClass, outside: tuple[str, ...] = ()) -> ShareVerdict:
        return ShareVerdict(cls, party.target, party.service, outside)

    if not identifiable:
        return verdict("anonymous")
    if party.kind == "child":
        return verdict("child")
    adult = facts.child_age is not None and facts.child_age >= 18
    if party.kind == "parent" and not adult and not facts.care_order:
        # for a youth of 18 or more a parent is a third party, and after a care order the foster home's daily
        # life (address, who collects) is not the parents' to know without barnevernet's say
        if trainee_is_health and facts.youth_wants_privacy and not facts.parents_need_info:
            return verdict("privacy_breach")
        return verdict("parent")
    if statutory_basis_holds(tl, record, basis, party.service):
        return verdict("statutory")
    # naming the child to barnevernet «bare for å høre» is a report, judged as one (weaker practice below the
    # threshold, OPL-01) — not a share without consent (an unborn child is OPL-03's)
    if party.service == "barnevern" and not facts.pregnant and state.consent_for("barnevern") is None:
        return verdict("early_report")
    if party.kind == "own_team":
        return verdict("team")
    if party.kind == "uninvolved":
        return verdict("private")  # staff-room talk is never within any consent's scope
    if party.kind in ("other", "parent"):  # a parent here: of a young adult, or after a care order
        # a private person or actor (the class contact, a private speech therapist): only a consent that names
        # them by the same word reaches them — a consent to services does not
        if state.consent_for(party.target) is not None:
            outside = outside_topics(state, party.target, list(action.topics))
            return verdict("scope", tuple(outside)) if outside else verdict("consent")
        if state.refused_for(party.target) is not None:
            return verdict("refused")
        return verdict("private")
    if state.consent_for(party.service) is not None:
        outside = outside_topics(state, party.service, list(action.topics))
        return verdict("scope", tuple(outside)) if outside else verdict("consent")
    if party.service is not None and state.refused_for(party.service) is not None:
        return verdict("refused")
    if trainee_is_health and not party.is_health:
        return verdict("health")  # hpl § 21 is the stricter rule; it decides before consent scope
    if any(c.holds(state.day) for c in state.consents):
        return verdict("scope")
    return verdict("no_consent")


def _classified_shares(tl: Timeline) -> list[tuple[Record[a.Share | a.Refer], ShareVerdict]]:
    return [(r, classify(tl, r)) for r in tl.of(a.Share, a.Refer) if not r.is_event]


def classified_shares(tl: Timeline) -> list[tuple[Record[a.Share | a.Refer], ShareVerdict]]:
    """Every share and referral the trainee made, with its class (worked out once per timeline)."""
    return tl.derived(_classified_shares)


def _verdicts_by_record(tl: Timeline) -> dict[int, ShareVerdict]:
    return {id(record): verdict for record, verdict in classified_shares(tl)}


def share_verdict(tl: Timeline, record: Record[a.Share | a.Refer]) -> ShareVerdict:
    """:func:`classify`, taken from :func:`classified_shares` for the trainee's own shares (each share is
    classified once per timeline however many rules ask)."""
    verdict = tl.derived(_verdicts_by_record).get(id(record))
    return verdict if verdict is not None else classify(tl, record)
