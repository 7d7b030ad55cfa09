"""Resolving the words an author writes as a target (``barn``, ``far``, ``ppt``, ``rektor``, a cast ID)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scoring.trace import CaseContext
from scoring.vocabulary import (
    BOTH_PARENTS,
    CHILD_ROLES,
    HEALTH_SERVICES,
    OWN_TEAM,
    PARENT_ROLES,
    SEPARATE_BODIES,
    SERVICES,
    TITLE_SERVICE,
    UNINVOLVED_COLLEAGUES,
    normalise,
)

PartyKind = Literal["child", "parent", "own_team", "uninvolved", "service", "other"]


@dataclass(frozen=True, slots=True)
class Party:
    """A resolved target: what kind of party it is and, for professionals, which service."""

    target: str
    """The normalised word the author wrote."""
    role: str
    """The role behind it (the cast role for a cast ID)."""
    kind: PartyKind
    """child, parent, own_team, uninvolved (colleague), service, or other (private person)."""
    service: str | None
    """The service of a professional recipient."""

    @property
    def is_health(self) -> bool:
        """The recipient is health personnel."""
        return self.service in HEALTH_SERVICES


#: Services that are one body: the kommune's SFO is run by the school, under the rektor (opplæringslova
#: § 4-5), so colleagues there are the trainee's own team (forvaltningsloven § 13 b første ledd nr. 3); Statens
#: barnehus is part of the police.
ONE_BODY: tuple[frozenset[str], ...] = (frozenset({"skole", "sfo"}), frozenset({"politi", "statens-barnehus"}))


def same_body(service: str, own: str) -> bool:
    """The service is the trainee's own, or part of the same body (a kommune's school and its SFO)."""
    return service == own or any(service in body and own in body for body in ONE_BODY)


def resolve(target: str, ctx: CaseContext) -> Party:
    """Classify a target word against the case's cast and the trainee's own service."""
    key = normalise(target)
    entry = ctx.cast.get(key) or ctx.cast.get(target)
    role = normalise(entry.role) if entry else key
    service = (entry.service if entry else None) or (role if role in SERVICES else TITLE_SERVICE.get(role))
    kind: PartyKind
    if role in CHILD_ROLES:
        kind = "child"
    elif role in PARENT_ROLES:
        kind = "parent"
    elif entry is not None and entry.service is not None:
        # a cast member's stated service decides: a «pedagogisk leder» in a barnehage is not the own team
        # of a helsesykepleier, whatever the title; nor is a styrer in another owner's barnehage
        kind = "own_team" if same_body(entry.service, ctx.role) and not entry.separate_body else "service"
    elif key in SEPARATE_BODIES:
        kind, service = "service", SEPARATE_BODIES[key]
    elif role in OWN_TEAM:
        kind = "own_team"
    elif role in UNINVOLVED_COLLEAGUES:
        kind = "uninvolved"
    elif service is not None:
        kind = "own_team" if same_body(service, ctx.role) else "service"
    else:
        kind = "other"
    return Party(target=key, role=role, kind=kind, service=service)


def resolve_cached(target: str, ctx: CaseContext) -> Party:
    """:func:`resolve`, remembered on the case context (one cache per case; the engine asks for the same few
    targets for every action)."""
    cache = ctx.parties_cache
    party = cache.get(target)
    if party is None:
        party = cache[target] = resolve(target, ctx)
    return party


def is_both_parents(target: str) -> bool:
    """``foreldre``/``foresatte`` means both parents."""
    return normalise(target) in BOTH_PARENTS


def matches_person(target: str, person: str | None, ctx: CaseContext) -> bool:
    """True when ``target`` names ``person`` — directly, by cast ID, or by the cast member's role."""
    if not person:
        return False
    t, p = normalise(target), normalise(person)
    if t == p:
        return True
    party, other = resolve_cached(t, ctx), resolve_cached(p, ctx)
    return party.role == other.role and party.kind not in ("service", "own_team")
