"""Samtykke: consent before sharing, informed and scoped, within scope, from the right person, both parents, refusals."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Record, Timeline
from scoring.parties import is_both_parents, matches_person
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step
from scoring.rules.sharing import classified_shares
from scoring.state import infer_matter
from scoring.vocabulary import normalise


def _asks(tl: Timeline) -> list[Record]:
    return [r for r in tl.of(a.AskConsent) if not r.is_event]


@rule("SAM-01")
def consent_before_sharing(tl: Timeline) -> Iterator[Hit]:
    """Valid consent before identifiable information goes to another service, unless another basis applies."""
    for record, verdict in classified_shares(tl):
        if verdict.cls == "no_consent":
            yield violated(record.step, f"Du delte opplysninger om barnet med {verdict.target} uten samtykke.")
        elif verdict.cls == "consent":
            yield satisfied(record.step)


@rule("SAM-02")
def informed_scoped_consent(tl: Timeline) -> Iterator[Hit]:
    """Consent is informed, scoped to named services, and written or journaled."""
    for record in _asks(tl):
        action = record.action
        problems = []
        if not action.services or "alle" in {normalise(s) for s in action.services}:
            problems.append("det sa ikke hvilke tjenester det gjaldt")
        if not action.informed:
            problems.append("familien fikk ikke vite hva det innebar og at det kan trekkes tilbake")
        if action.form == "oral":
            problems.append("det ble verken skrevet eller journalført")
        if problems:
            yield violated(record.step, "Samtykket var ikke gyldig: " + "; ".join(problems) + ".")
        else:
            yield satisfied(record.step)


@rule("SAM-03")
def within_scope(tl: Timeline) -> Iterator[Hit]:
    """Sharing stays within the services and topics the consent covers."""
    for record, verdict in classified_shares(tl):
        if verdict.cls == "scope":
            yield violated(record.step, f"Samtykket dekket ikke {verdict.target}.")
        elif verdict.cls == "consent":
            yield satisfied(record.step)


def _required_givers(tl: Timeline, record: Record) -> tuple[str, str] | None:
    """(who must consent, why) — or None when the parents with foreldreansvar are the right ones."""
    facts = record.facts
    action = record.action
    matter = action.matter or infer_matter(frozenset(normalise(s) for s in action.services))
    age = facts.child_age
    if facts.pregnant:
        return "self", "den gravide samtykker selv"
    if age is None:
        return None
    if age >= 18:
        return "self", "hen er myndig"
    if matter == "health" and age >= 16:
        return "self", "fra 16 år samtykker ungdommen selv til helsehjelp"
    if matter == "education" and age >= 15:
        return "self", "fra 15 år samtykker eleven selv i opplæringssaker"
    if matter == "stafettlogg" and age >= tl.profile.youth_log_consent_age:
        return "both", f"fra {tl.profile.youth_log_consent_age} år må også ungdommen samtykke til stafettlogg"
    return None


@rule("SAM-04")
def right_person_consents(tl: Timeline) -> Iterator[Hit]:
    """Consent is asked from the right person(s) for the child's age and the matter."""
    for record in _asks(tl):
        givers = record.action.from_
        kinds = {tl.party(g).kind for g in givers}
        need = _required_givers(tl, record)
        if need is not None:
            who, why = need
            if "child" not in kinds or (who == "both" and "parent" not in kinds):
                yield violated(record.step, f"Feil samtykkegiver: {why}.")
                continue
            yield satisfied(record.step)
            continue
        if "parent" not in kinds:
            yield violated(record.step, "Samtykket må komme fra foreldrene med foreldreansvar.")
            continue
        holders = record.facts.parental_responsibility
        if holders:
            wrong = [
                g
                for g in givers
                if tl.party(g).kind == "parent"
                and not is_both_parents(g)
                and not any(matches_person(g, h, tl.context) for h in holders)
            ]
            if wrong:
                yield violated(record.step, f"{', '.join(wrong)} har ikke foreldreansvar og kan ikke samtykke.")
                continue
        yield satisfied(record.step)


def _needs_both(record: Record) -> bool:
    facts = record.facts
    holders = facts.parental_responsibility or []
    if len(holders) < 2 or (facts.child_age is not None and facts.child_age >= 16):
        return False
    services = {normalise(s) for s in record.action.services}
    topics = " ".join(record.action.topics).lower()
    return "bup" in services or ("ppt" in services and ("vedtak" in topics or "spesial" in topics))


@rule("SAM-05")
def both_parents(tl: Timeline) -> Iterator[Hit]:
    """With shared foreldreansvar both parents consent to BUP referrals and special-education decisions."""
    for record in _asks(tl):
        if not _needs_both(record):
            continue
        givers = record.action.from_
        holders = record.facts.parental_responsibility or []
        covered = any(is_both_parents(g) for g in givers) or all(
            any(matches_person(g, h, tl.context) for g in givers) for h in holders
        )
        if covered:
            yield satisfied(record.step)
        else:
            yield violated(record.step, "Begge foreldrene har foreldreansvar, men bare én ble spurt.")


@rule("SAM-06")
def respect_refusal(tl: Timeline) -> Iterator[Hit]:
    """A refusal or withdrawal is respected and documented; work goes on internally."""
    refusals = [
        r
        for r in tl.records
        if (isinstance(r.action, a.AskConsent) and r.action.answer == "refused") or isinstance(r.action, a.WithdrawConsent)
    ]
    if not refusals:
        return
    for record, verdict in classified_shares(tl):
        if verdict.cls == "refused":
            yield violated(record.step, f"Familien hadde sagt nei, men du delte likevel med {verdict.target}.")
            return
    first = refusals[0]
    documented = any(r.step >= first.step and not r.is_event for r in tl.of(a.Document))
    if documented:
        yield satisfied(first.step)
    elif (step := end_step(tl)) is not None:
        yield violated(step, "Avslaget ble ikke dokumentert.")
