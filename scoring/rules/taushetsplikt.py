"""Taushetsplikt: legal basis for every share, real anonymity, health personnel, youth privacy, only what's necessary."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Record, Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step
from scoring.rules.sharing import classified_shares
from scoring.vocabulary import HEALTH_SERVICES


#: Words for those who can avert a danger to life or health when they are not a service in the cast.
RESCUERS = frozenset({"ambulanse", "ambulansearbeider", "ambulansepersonell", "legevakt", "amk", "lege", "sykehus"})


def _can_avert(tl: Timeline, record: Record) -> bool:
    """A withhold while life or health is in danger, from someone who can help avert it (police, health)."""
    if not record.facts.danger_to_life:
        return False
    party = tl.party(record.action.from_)
    return party.service == "politi" or party.is_health or party.role in RESCUERS


@rule("TP-01")
def legal_basis_for_sharing(tl: Timeline) -> Iterator[Hit]:
    """No identifiable information to uninvolved colleagues or outsiders without a legal basis."""
    for record, verdict in classified_shares(tl):
        if verdict.cls == "private":
            who = tl.display(verdict.target)
            yield violated(record.step, f"{who[:1].upper() + who[1:]} hadde ingen grunn til å få vite dette.")
        elif verdict.cls == "team":
            yield satisfied(record.step)
    for record in tl.of(a.Withhold):
        party = tl.party(record.action.from_)
        if not record.is_event and party.kind in ("uninvolved", "other") and not _can_avert(tl, record):
            yield satisfied(record.step)


@rule("TP-02")
def real_anonymity(tl: Timeline) -> Iterator[Hit]:
    """An anonymous consultation gives no details that together identify the family."""
    for record in tl.of(a.ConsultAnonymous):
        if record.is_event:
            continue
        if record.action.identifiable:
            details = ", ".join(record.action.details)
            yield violated(record.step, "Detaljene gjorde familien gjenkjennelig" + (f" ({details})." if details else "."))
        else:
            yield satisfied(record.step)


@rule("TP-03")
def health_confidentiality(tl: Timeline) -> Iterator[Hit]:
    """Health personnel need consent or a statutory exception before telling school or kindergarten staff."""
    if tl.context.role not in HEALTH_SERVICES:
        return
    for record, verdict in classified_shares(tl):
        if verdict.cls == "health":
            yield violated(
                record.step,
                f"Som helsepersonell kan du ikke fortelle {tl.display(verdict.target)} dette uten samtykke eller en lovbestemt plikt.",
            )
        elif verdict.cls == "consent" and verdict.service not in HEALTH_SERVICES:
            yield satisfied(record.step)
    for record in tl.of(a.Withhold):
        party = tl.party(record.action.from_)
        if not record.is_event and party.kind in ("service", "own_team", "other") and not party.is_health:
            if party.service == "barnevern":
                continue
            yield satisfied(record.step)


def _youth_told(tl: Timeline, step: int, since_day: int) -> bool:
    """The youth was told (or had it explained in a talk), after the parents' need arose, that they would be informed."""
    told = any(
        not r.is_event and r.step <= step and r.day >= since_day and tl.party(r.action.who).kind == "child"
        for r in tl.of(a.Inform)
    )
    explained = any(
        not r.is_event
        and r.step <= step
        and r.day >= since_day
        and "explain_sharing" in r.action.moves
        and tl.party(r.action.with_).kind == "child"
        for r in tl.of(a.Talk)
    )
    return told or explained


@rule("TP-04")
def youth_privacy(tl: Timeline) -> Iterator[Hit]:
    """In health services a youth's (12+) respectable wish to keep things from the parents is honoured;
    when the parents need something for their parental responsibility, the youth is told first — and the
    parents do get it.

    Every disclosure to the parents is judged against the facts known when it happened.
    """
    if tl.context.role not in HEALTH_SERVICES:
        return
    wish = [r for r in tl.records if r.facts.youth_wants_privacy]
    if not wish and not tl.initial.facts.youth_wants_privacy:
        return
    age = tl.final.facts.child_age
    if age is not None and age < 12:
        return
    to_parents = [
        r
        for r, verdict in classified_shares(tl)
        if verdict.cls in ("privacy_breach", "parent")
    ] + [r for r in tl.of(a.Inform) if not r.is_event and tl.party(r.action.who).kind == "parent"]
    broken = False
    disclosed = False
    for record in sorted(to_parents, key=lambda r: r.step):
        if not record.facts.youth_wants_privacy:
            continue
        disclosed = True
        if not record.facts.parents_need_info:
            yield violated(record.step, "Du fortalte foreldrene det ungdommen ba deg holde for seg selv.")
            broken = True
        elif not _youth_told(tl, record.step, tl.final.fact_day("parents_need_info") or 0):
            yield violated(record.step, "Foreldrene måtte få vite, men ungdommen ble ikke fortalt det først.")
            broken = True
        else:
            yield satisfied(record.step, "Foreldrene fikk bare det de trengte, og ungdommen visste om det på forhånd.")
    if broken or disclosed:
        return
    if tl.final.facts.parents_need_info and (step := end_step(tl)) is not None:
        yield violated(step, "Foreldrene trengte å vite dette for å ivareta foreldreansvaret, men fikk aldri vite det.")
        return
    withheld = next(
        (r for r in tl.of(a.Withhold) if not r.is_event and tl.party(r.action.from_).kind == "parent"), None
    )
    if withheld is not None:
        yield satisfied(withheld.step)
    elif (step := end_step(tl)) is not None:
        yield satisfied(step)


@rule("TP-05")
def only_what_is_necessary(tl: Timeline) -> Iterator[Hit]:
    """Sharing without consent to avert danger goes only as far as necessary — and when life or health is at
    stake, what is necessary is shared: withholding it from those who can help (ambulance, police, legevakt)
    is broken too. Refusing barnevern is OPL-02's business.

    Judged only where the emergency footing really holds (fvl § 13 b nr 7, avvergeplikt); naming «fare for
    liv og helse» without the danger being there is a share without a basis (SAM-01/TP-01). A *report* to
    the police is judged for necessary content by VO-06.
    """
    for record, verdict in classified_shares(tl):
        action = record.action
        if not isinstance(action, a.Share) or verdict.cls != "statutory":
            continue
        facts = record.facts
        emergency = action.basis in ("fare-for-liv-og-helse", "avvergeplikt") or (
            verdict.service == "politi" and bool(facts.danger_to_life or facts.serious_crime_likely)
        )
        if not emergency:
            continue
        if action.only_necessary:
            yield satisfied(record.step)
        else:
            yield violated(record.step, "Du delte mer enn det som var nødvendig for å avverge faren.")
    for record in tl.of(a.Withhold):
        if not record.is_event and _can_avert(tl, record):
            yield violated(record.step, f"Livet eller helsen sto på spill, men du holdt tilbake det {tl.display(record.action.from_)} "
                                        "trengte å vite. Taushetsplikten er ikke til hinder for å dele det nødvendige.")
