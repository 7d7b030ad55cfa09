"""Taushetsplikt: legal basis for every share, real anonymity, health personnel, youth privacy, only what's
necessary."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step, reports_to
from scoring.rules.sharing import classified_shares
from scoring.timeline import Record, Timeline
from scoring.vocabulary import HEALTH_SERVICES, RESCUERS


def _can_avert(tl: Timeline, record: Record[a.Withhold]) -> bool:
    """A withhold while life or health is in danger, from someone who can help avert it (police, health)."""
    if not record.facts.danger_to_life:
        return False
    party = tl.party(record.action.from_)
    return party.service == "politi" or party.is_health or party.role in RESCUERS


@rule("TP-01", credits=(a.Share, a.Refer, a.Withhold))
def legal_basis_for_sharing(tl: Timeline) -> Iterator[Hit]:
    """No identifiable information to uninvolved colleagues or outsiders without a legal basis."""
    for record, verdict in classified_shares(tl):
        if verdict.cls == "private":
            who = tl.display(verdict.target)
            yield violated(record, f"{who[:1].upper() + who[1:]} hadde ingen grunn til å få vite dette.")
        elif verdict.cls == "team":
            yield satisfied(record, f"{tl.display(verdict.target)} arbeider med barnet i din egen tjeneste.")
    for withhold in tl.of(a.Withhold):
        party = tl.party(withhold.action.from_)
        if not withhold.is_event and party.kind in ("uninvolved", "other") and not _can_avert(tl, withhold):
            yield satisfied(withhold)


@rule("TP-02", credits=(a.ConsultAnonymous,))
def real_anonymity(tl: Timeline) -> Iterator[Hit]:
    """An anonymous consultation gives no details that together identify the family."""
    for record in tl.of(a.ConsultAnonymous):
        if record.is_event:
            continue
        if record.action.identifiable:
            details = ", ".join(record.action.details)
            yield violated(record, "Detaljene gjorde familien gjenkjennelig" + (f" ({details})." if details else "."))
        else:
            yield satisfied(record, "Ingen kunne kjenne igjen familien ut fra det du fortalte.")


@rule("TP-03", credits=(a.Share, a.Refer, a.Withhold))
def health_confidentiality(tl: Timeline) -> Iterator[Hit]:
    """Health personnel need consent or a statutory exception before telling school or kindergarten staff."""
    if tl.context.role not in HEALTH_SERVICES:
        return
    for record, verdict in classified_shares(tl):
        if verdict.cls == "health":
            yield violated(
                record,
                f"Som helsepersonell kan du ikke fortelle {tl.display(verdict.target)} dette uten samtykke eller "
                "en lovbestemt plikt.",
            )
        elif verdict.cls == "consent" and verdict.service not in HEALTH_SERVICES:
            yield satisfied(record, "Du hadde samtykke til å fortelle det.")
    for withhold in tl.of(a.Withhold):
        party = tl.party(withhold.action.from_)
        if not withhold.is_event and party.kind in ("service", "own_team") and not party.is_health:
            if party.service == "barnevern":
                continue
            yield satisfied(withhold)


def _youth_told(tl: Timeline, step: int, since_day: int) -> bool:
    """The youth was told (or had it explained in a talk), after the parents' need arose, that they would be
    informed."""
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


@rule("TP-04", credits=(a.Share, a.Inform, a.Withhold))
def youth_privacy(tl: Timeline) -> Iterator[Hit]:
    """In health services a youth's (12+) respectable wish to keep things from the parents is honoured;
    when the parents need something for their parental responsibility, the youth is told first — and the
    parents do get it.

    Every disclosure to the parents is judged against the facts known when it happened. Followed by a
    disclosure done right, or by declining the parents (a withhold); keeping quiet earns no ✓ by itself.
    """
    if tl.context.role not in HEALTH_SERVICES:
        return
    wish = [r for r in tl.records if r.facts.youth_wants_privacy]
    if not wish and not tl.initial.facts.youth_wants_privacy:
        return
    age = tl.final.facts.child_age
    if age is not None and age < 12:
        return
    to_parents: list[Record[a.Action]] = [
        r for r, verdict in classified_shares(tl) if verdict.cls in ("privacy_breach", "parent")
    ]
    to_parents += [r for r in tl.of(a.Inform) if not r.is_event and tl.party(r.action.who).kind == "parent"]
    broken = False
    disclosed = False
    for record in sorted(to_parents, key=lambda r: r.step):
        if not record.facts.youth_wants_privacy:
            continue
        disclosed = True
        if isinstance(record.action, a.Share) and not record.action.only_necessary:
            yield violated(record, "Foreldrene fikk mer enn de trengte for å ivareta foreldreansvaret.")
            broken = True
        elif not record.facts.parents_need_info:
            yield violated(record, "Du fortalte foreldrene det ungdommen ba deg holde for seg selv.")
            broken = True
        elif not _youth_told(tl, record.step, tl.final.fact_day("parents_need_info") or 0):
            yield violated(record, "Foreldrene måtte få vite, men ungdommen ble ikke fortalt det først.")
            broken = True
        else:
            yield satisfied(record, "Foreldrene fikk bare det de trengte, og ungdommen visste om det på forhånd.")
    if broken or disclosed:
        return
    if tl.final.facts.parents_need_info and (step := end_step(tl)) is not None:
        yield violated(step, "Foreldrene trengte å vite dette for å ivareta foreldreansvaret, men fikk aldri vite det.")
        return
    withheld = next(
        (
            r
            for r in tl.of(a.Withhold)
            if not r.is_event and tl.party(r.action.from_).kind == "parent" and not r.facts.parents_need_info
        ),
        None,
    )
    if withheld is not None:
        yield satisfied(withheld, "Du holdt det ungdommen ba om, for deg selv overfor foreldrene.")


@rule("TP-05", credits=(a.Share, a.Refer, a.Report))
def only_what_is_necessary(tl: Timeline) -> Iterator[Hit]:
    """Whatever lifts confidentiality lifts it only for what the recipient needs: a report or an answer to
    barnevern (barnevernsloven § 13-2, helsepersonelloven § 33), a share to avert danger (forvaltningsloven
    § 13 b første ledd nr. 7, avvergeplikt), a consent. Passing on more — a whole journal, a parent's own
    health notes, a sibling's information, old rumours — breaks taushetsplikt for the rest. Judged on every
    report and identifiable share or referral; followed where information passed on a statutory footing and
    stayed within what was needed.

    When life or health is at stake, what is necessary is shared: withholding it from those who can help
    (ambulance, police, legevakt) is broken too. Refusing barnevern is OPL-02's business.
    """
    verdicts = {id(r): verdict for r, verdict in classified_shares(tl)}
    passing_on: list[Record[a.Action]] = [r for r, _ in classified_shares(tl)]
    passing_on += reports_to(tl, "barnevern", "politi")
    for record in sorted(passing_on, key=lambda r: r.step):
        action = record.action
        verdict = verdicts.get(id(record))
        if verdict is not None and verdict.cls in ("anonymous", "child", "parent"):
            continue
        necessary = action.only_necessary if isinstance(action, a.Share | a.Report) else True
        statutory = isinstance(action, a.Report) or (verdict is not None and verdict.cls == "statutory")
        if not necessary:
            yield violated(
                record, "Du ga fra deg mer enn mottakeren trengte; taushetsplikten gjelder fortsatt for resten."
            )
        elif statutory:
            yield satisfied(record, "Du ga bare det mottakeren trengte.")
    for withhold in tl.of(a.Withhold):
        if not withhold.is_event and _can_avert(tl, withhold):
            yield violated(
                withhold,
                "Livet eller helsen sto på spill, men du holdt tilbake det "
                f"{tl.display(withhold.action.from_)} "
                "trengte å vite. Taushetsplikten er ikke til hinder for å dele det nødvendige.",
            )
