"""Samtykke: consent before sharing, informed and scoped, within scope, from the right person, both parents,
refusals."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.facts import CaseFacts
from scoring.parties import is_both_parents, matches_person
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import barnevern_told, duty_to_report
from scoring.rules.sharing import classified_shares
from scoring.state import infer_matter
from scoring.timeline import Record, Timeline
from scoring.vocabulary import HEALTH_SERVICES, normalise


def _asks(tl: Timeline) -> list[Record[a.AskConsent]]:
    return [r for r in tl.of(a.AskConsent) if not r.is_event]


def lacks_parental_responsibility(tl: Timeline, giver: str, facts: CaseFacts) -> bool:
    """A parent figure (stefar, a parent without foreldreansvar) who cannot consent for the child."""
    holders = facts.parental_responsibility
    if not holders or tl.party(giver).kind != "parent" or is_both_parents(giver):
        return False
    return not any(matches_person(giver, h, tl.context) for h in holders)


@rule("SAM-01", credits=(a.Share, a.Refer))
def consent_before_sharing(tl: Timeline) -> Iterator[Hit]:
    """Valid consent before identifiable information goes to another service, unless another basis applies."""
    for record, verdict in classified_shares(tl):
        if verdict.cls == "no_consent":
            yield violated(record, f"Du delte opplysninger om barnet med {tl.display(verdict.target)} uten samtykke.")
        elif verdict.cls == "consent":
            yield satisfied(record, f"Samtykket dekket {tl.display(verdict.target)}.")


@rule("SAM-02", credits=(a.AskConsent,))
def informed_scoped_consent(tl: Timeline) -> Iterator[Hit]:
    """A consent given is informed, scoped to named services, and written or journaled.

    A refusal is not a consent to judge for form (whether it is respected and written down is SAM-06's and
    DOK-01's business). When the parents need an interpreter, the consent is informed only if a qualified
    interpreter takes part in that decision.
    """
    interpreted_steps = {r.step for r in tl.of(a.Talk) if not r.is_event and r.action.interpreter}
    for record in _asks(tl):
        action = record.action
        if action.answer != "given":
            continue
        problems = []
        asks_parents = any(tl.party(g).kind == "parent" for g in action.from_)
        if record.facts.needs_interpreter and asks_parents and record.step not in interpreted_steps:
            problems.append("foreldrene trengte tolk for å forstå hva de samtykket til")
        if not action.services or "alle" in {normalise(s) for s in action.services}:
            problems.append("det sa ikke hvilke tjenester det gjaldt")
        if not action.informed:
            problems.append("familien fikk ikke vite hva det innebar og at det kan trekkes tilbake")
        if action.form == "oral":
            problems.append("det ble verken skrevet eller journalført")
        if problems:
            yield violated(record, "Samtykket var ikke gyldig: " + "; ".join(problems) + ".")
        else:
            how = "skriftlig" if action.form == "written" else "muntlig og skrevet i journalen"
            yield satisfied(record, f"Samtykket var informert, gjaldt navngitte tjenester og ble gitt {how}.")


@rule("SAM-03", credits=(a.Share, a.Refer))
def within_scope(tl: Timeline) -> Iterator[Hit]:
    """Sharing stays within the services and topics the consent covers."""
    for record, verdict in classified_shares(tl):
        if verdict.cls == "scope":
            if verdict.outside:
                topics = ", ".join(verdict.outside)
                yield violated(record, f"Samtykket til {tl.display(verdict.target)} gjaldt ikke {topics}.")
            else:
                yield violated(record, f"Samtykket dekket ikke {tl.display(verdict.target)}.")
        elif verdict.cls == "consent":
            yield satisfied(record, "Du holdt deg innenfor det samtykket gjaldt.")


def _matter(record: Record[a.AskConsent]) -> str:
    """What an ask is for: as the author says, or inferred from the services."""
    action = record.action
    return action.matter or infer_matter(frozenset(normalise(s) for s in action.services))


def _required_givers(tl: Timeline, record: Record[a.AskConsent]) -> tuple[bool, bool, str]:
    """(the child/youth must consent, the parents must consent, why) for this ask."""
    facts = record.facts
    matter = _matter(record)
    age = facts.child_age
    health_trainee = tl.context.role in HEALTH_SERVICES
    log_age = tl.profile.youth_log_consent_age
    if facts.pregnant:
        return True, False, "den gravide samtykker selv"
    if age is None:
        if facts.care_order:
            return False, False, "etter en omsorgsovertakelse er det barnevernet som samtykker"
        return False, True, "det er foreldrene med foreldreansvar som samtykker"
    if age >= 18:
        return True, False, "hen er over 18 år og samtykker selv"
    if matter == "health" and age >= 16:
        return True, False, "fra 16 år samtykker ungdommen selv til helsehjelp"
    if matter == "education" and age >= 15:
        return True, False, "fra 15 år samtykker eleven selv i opplæringssaker"
    if matter == "stafettlogg" and age >= log_age:
        return True, True, f"fra {log_age} år må både foreldrene og ungdommen samtykke til stafettlogg"
    if health_trainee and matter != "health" and age >= 12 and facts.youth_wants_privacy:
        # pbrl § 3-4: the right to consent follows the right to information; a 12–16-year-old with a
        # respectable wish to keep something from the parents decides over it alone.
        return True, False, "ungdommen vil holde dette for seg selv, og da er det hen som samtykker"
    if facts.care_order and matter != "stafettlogg":
        # pasient- og brukerrettighetsloven § 4-5; Udir on PPT: after a care order barnevernet consents
        return False, False, "etter en omsorgsovertakelse er det barnevernet som samtykker"
    if matter == "health":
        return False, True, "under 16 år er det foreldrene med foreldreansvar som samtykker til helsehjelp"
    if matter == "education":
        return False, True, "under 15 år er det foreldrene med foreldreansvar som samtykker i opplæringssaker"
    return False, True, "det er foreldrene med foreldreansvar som samtykker"


#: Where a report goes: a consent to telling them is not what the law asks for once the duty applies.
_REPORT_RECIPIENTS = frozenset({"barnevern", "politi"})


def _asks_leave_to_report(record: Record[a.AskConsent]) -> bool:
    """Consent asked only for barnevernet or the police while the duty to report applied: the report needs no
    consent (barnevernsloven § 13-2), so who was asked is beside the point — VO-01/OPL-04 judge the delay."""
    services = {normalise(s) for s in record.action.services}
    return bool(services) and services <= _REPORT_RECIPIENTS and duty_to_report(record.facts) is not None


@rule("SAM-04", credits=(a.AskConsent,))
def right_person_consents(tl: Timeline) -> Iterator[Hit]:
    """Consent is asked from the right person(s) for the child's age and the matter (the asking; opening a
    stafettlogg on a consent that lacks someone is STAF-01's separate finding). Asking leave to make a report
    the law requires is not judged here: no ✓ for asking the right person about something that needed no
    consent."""
    for record in _asks(tl):
        if _asks_leave_to_report(record):
            continue
        givers = record.action.from_
        kinds = {tl.party(g).kind for g in givers}
        need_child, need_parents, why = _required_givers(tl, record)
        if record.facts.care_order and not need_child and not need_parents:
            if not any(tl.party(g).service == "barnevern" for g in givers):
                yield violated(record, f"Feil samtykkegiver: {why}.")
            else:
                yield satisfied(record, f"Du spurte riktig: {why}.")
            continue
        if need_child and "child" not in kinds:
            yield violated(record, f"Feil samtykkegiver: {why}.")
            continue
        if need_parents and "parent" not in kinds:
            yield violated(record, f"Feil samtykkegiver: {why}.")
            continue
        if need_parents:
            wrong = [g for g in givers if lacks_parental_responsibility(tl, g, record.facts)]
            if wrong:
                names = ", ".join(wrong)
                names = names[:1].upper() + names[1:]
                yield violated(record, f"{names} har ikke foreldreansvar og kan ikke samtykke.")
                continue
        yield satisfied(record, f"Du spurte riktig person: {why}.")


def _needs_both(facts: CaseFacts, services: set[str], topics: list[str]) -> bool:
    """Shared foreldreansvar and a matter both must agree to: BUP under 16, a special-education vedtak under 15."""
    holders = facts.parental_responsibility or []
    if len(holders) < 2 or facts.pregnant:
        return False
    age = facts.child_age
    if "bup" in services:
        return age is None or age < 16  # from 16 the youth consents alone (pbrl § 4-3)
    if "ppt" in services and "vedtak" in " ".join(topics).lower():
        return age is None or age < 15  # from 15 the pupil decides in education matters
    return False


def _holders_asked(tl: Timeline, records: list[Record[a.AskConsent]], holders: list[str], given_only: bool) -> set[str]:
    """Which holders of foreldreansvar the asks reach (only those who said yes, if given_only)."""
    reached = set()
    for record in records:
        if given_only and record.action.answer != "given":
            continue
        for holder in holders:
            if any(is_both_parents(g) or matches_person(g, holder, tl.context) for g in record.action.from_):
                reached.add(holder)
    return reached


@rule("SAM-05", credits=(a.Share, a.Refer, a.AskConsent))
def both_parents(tl: Timeline) -> Iterator[Hit]:
    """With shared foreldreansvar both parents consent to BUP referrals and special-education decisions.

    Asking them one at a time is fine; what breaks the rule is a referral that goes with only one
    parent's yes (daily care is not foreldreansvar), or a case that ends with only one of them asked.
    When no parent was asked at all, the finding is SAM-04's (wrong person), not this rule's.
    """
    judged = False
    for record, verdict in classified_shares(tl):
        action = record.action
        service = verdict.service
        topics = list(action.topics)
        if service is None or verdict.cls in ("statutory", "anonymous"):
            continue
        if not _needs_both(record.facts, {service}, topics):
            continue
        judged = True
        if verdict.cls == "refused":
            continue  # sharing after one parent's no is SAM-06's finding
        holders = record.facts.parental_responsibility or []
        asks = [r for r in _asks(tl) if r.step <= record.step and service in {normalise(s) for s in r.action.services}]
        yes = _holders_asked(tl, asks, holders, given_only=True)
        if not yes:
            continue  # no parent consented at all: who should have been asked is SAM-04's finding
        if set(holders) <= yes:
            yield satisfied(record, "Begge med foreldreansvar hadde samtykket.")
        else:
            missing = ", ".join(h for h in holders if h not in yes)
            yield violated(
                record, f"Begge har foreldreansvar, men {service.upper()} fikk saken uten samtykke fra {missing}."
            )
    if judged:
        return
    asks = [
        r for r in _asks(tl) if _needs_both(r.facts, {normalise(s) for s in r.action.services}, list(r.action.topics))
    ]
    if not asks:
        return
    holders = asks[-1].facts.parental_responsibility or []
    asked = _holders_asked(tl, asks, holders, given_only=False)
    if not asked:
        return  # no parent asked at all: SAM-04
    if set(holders) <= asked:
        yield satisfied(max(asks, key=lambda r: r.step), "Begge med foreldreansvar ble spurt.")
    elif tl.complete:
        missing = ", ".join(h for h in holders if h not in asked)
        yield violated(asks[0].step, f"Begge har foreldreansvar, men {missing} ble aldri spurt.")


@rule("SAM-06", credits=(a.Document,))
def respect_refusal(tl: Timeline) -> Iterator[Hit]:
    """A refusal or withdrawal of consent binds: sharing with that service afterwards breaks taushetsplikt at
    least as seriously as sharing without ever asking. A refusal never blocks a duty — sharing on a
    statutory footing after a no is not a breach here, and no ✓ is given while a report the law required is
    left undone. Followed when the trainee wrote the no down and kept to it (leaving it unwritten is DOK-01's).
    """
    refusals = [
        r
        for r in tl.of(a.AskConsent, a.WithdrawConsent)
        if isinstance(r.action, a.WithdrawConsent) or r.action.answer == "refused"
    ]
    if not refusals:
        return
    for record, verdict in classified_shares(tl):
        if verdict.cls == "refused":
            yield violated(record, f"Familien hadde sagt nei, men du delte likevel med {tl.display(verdict.target)}.")
            return
    owed = any(duty_to_report(state.facts) is not None for state in (tl.initial, *tl.step_states))
    if owed and not barnevern_told(tl):
        return  # OPL-02 / VO-01 judge the report that was due; respecting the no earns nothing then
    first = refusals[0]
    note = next((r for r in tl.of(a.Document) if r.step >= first.step and not r.is_event), None)
    if note is not None:
        yield satisfied(note, "Du skrev ned nei-et og holdt deg til det.")
