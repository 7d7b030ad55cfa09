"""One place that decides on what legal footing an identifiable share or referral stands.

Several rules judge sharing (SAM-01, SAM-03, SAM-06, TP-01, TP-03, TP-04, TP-05, OPL-01). Each share
gets exactly one class here, so a single careless e-mail is reported under the one rule that fits best
instead of under four at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from scoring import actions as a
from scoring.vocabulary import HEALTH_SERVICES, VIOLENCE_SUSPICIONS, normalise

if TYPE_CHECKING:
    from scoring.engine import Record, Timeline
    from scoring.state import CaseState

ShareClass = Literal[
    "anonymous",  # not identifiable
    "child",  # to the child itself
    "parent",  # to a parent (fine unless TP-04 applies)
    "privacy_breach",  # to parents against a youth's respectable wish (TP-04)
    "statutory",  # a legal duty or exception applies (opplysningsplikt, avvergeplikt, fare for liv)
    "team",  # within the trainee's own service (fvl § 13 b nr 3 / hpl § 25)
    "consent",  # covered by a valid consent
    "refused",  # to a service the family refused or withdrew consent for (SAM-06)
    "scope",  # a consent exists but does not reach this recipient or these topics (SAM-03)
    "health",  # health personnel sharing outside health without consent (TP-03)
    "no_consent",  # to another service without any consent (SAM-01)
    "private",  # to uninvolved colleagues or private persons (TP-01)
]


@dataclass(frozen=True, slots=True)
class ShareVerdict:
    """The class of one share, and what it was about."""

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


def statutory_basis_holds(tl: Timeline, record: Record, basis: str | None, service: str | None) -> bool:
    """Whether a legal duty or exception covers sharing with this recipient now.

    The duty applies whether or not the trainee names it: information to barnevern when the reporting
    threshold is met (or barnevern has asked), and to the police when a § 196 crime is likely or there is
    danger to life, stands on the statute. Sharing with anyone else needs the basis named *and* the facts.
    """
    facts = record.facts
    to_authority = service in ("barnevern", "politi")
    # Opplysningsplikt covers born children only; an unborn child goes by consent or hol § 10-3 (OPL-03).
    threshold = not (facts.pregnant and not facts.hol_10_3) and (
        bool(facts.report_threshold_met) or facts.suspicion in VIOLENCE_SUSPICIONS or bool(facts.hol_10_3)
    )
    if service == "barnevern" and (facts.barnevern_request or threshold):
        return True
    if service == "politi" and (facts.serious_crime_likely or facts.danger_to_life):
        return True
    if basis == "opplysningsplikt":
        return to_authority and threshold
    if basis == "avvergeplikt":
        return to_authority and bool(facts.serious_crime_likely)
    if basis == "fare-for-liv-og-helse":
        return bool(facts.danger_to_life)
    return False


def _topics_covered(state: CaseState, service: str | None, topics: list[str]) -> bool:
    """The consents that reach this service also cover what is shared (no listed topics = no limit)."""
    covering = [c for c in state.consents if c.covers(service)]
    if not topics or any(not c.topics for c in covering):
        return True
    allowed = {normalise(t) for c in covering for t in c.topics}
    return all(any(w in t or t in w for t in allowed) for w in (normalise(x) for x in topics))


def outside_topics(state: CaseState, service: str | None, topics: list[str]) -> list[str]:
    """The shared topics no consent for this service covers (for the SAM-03 detail)."""
    if _topics_covered(state, service, topics):
        return []
    return [x for x in topics if not _topics_covered(state, service, [x])]


def classify(tl: Timeline, record: Record) -> ShareVerdict:
    """The legal footing of one share or referral (see :data:`ShareClass`)."""
    action = record.action
    assert isinstance(action, (a.Share, a.Refer))
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
    if party.kind == "parent" and not adult:  # for a youth of 18 or more, a parent is a third party
        if trainee_is_health and facts.youth_wants_privacy and not facts.parents_need_info:
            return verdict("privacy_breach")
        return verdict("parent")
    if statutory_basis_holds(tl, record, basis, party.service):
        return verdict("statutory")
    if party.kind == "own_team":
        return verdict("team")
    if party.kind == "uninvolved":
        return verdict("private")  # staff-room talk is never within any consent's scope
    if state.consent_for(party.service) is not None:
        outside = outside_topics(state, party.service, list(action.topics))
        return verdict("scope", tuple(outside)) if outside else verdict("consent")
    if party.service is not None and state.refused_for(party.service) is not None:
        return verdict("refused")
    if trainee_is_health and not party.is_health:
        return verdict("health")  # hpl § 21 is the stricter rule; it decides before consent scope
    if any(c.valid for c in state.consents):
        return verdict("scope")
    if party.kind == "service":
        return verdict("no_consent")
    return verdict("private")


def classified_shares(tl: Timeline) -> list[tuple[Record, ShareVerdict]]:
    """Every share and referral the trainee made, with its class (cached on the timeline)."""
    cached = tl.cache.get("shares")
    if cached is None:
        cached = tl.cache["shares"] = [(r, classify(tl, r)) for r in tl.of(a.Share, a.Refer) if not r.is_event]
    return cached  # type: ignore[return-value]
