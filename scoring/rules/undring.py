"""Nivå 0 / undring: concretise, involve the leader, talk with the parents in time, decide, consult."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Record, Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step, parent_contacts
from scoring.rules.sharing import classify
from scoring.rules.vold import violence_day

#: Actions that pass the undring on to someone (the written report is a document in itself).
SHARING = (a.ConsultLeader, a.ConsultAnonymous, a.Share, a.Refer, a.Inform, a.Confront)


def _reports(tl: Timeline, record: Record) -> bool:
    """A report, or a share or referral that stands on a legal duty (the case leaves level 0)."""
    if isinstance(record.action, a.Report):
        return True
    return isinstance(record.action, (a.Share, a.Refer)) and classify(tl, record).cls == "statutory"


def _reported_before(tl: Timeline, record: Record) -> bool:
    """The trainee reported (or shared under a legal duty) before this record."""
    for earlier in tl.records:
        if earlier is record:
            return False
        if not earlier.is_event and _reports(tl, earlier):
            return True
    return False


def _closes_or_moves_up(action: a.Action) -> bool:
    """Closing the case, or moving it to level 1 or higher."""
    return isinstance(action, a.CloseCase) or (isinstance(action, a.SetLevel) and action.level >= 1)


@rule("HV-N0-01")
def concretise_before_sharing(tl: Timeline) -> Iterator[Hit]:
    """The undring is written down before it is shared with anyone.

    Level 0 only: a case that starts higher up was concretised long ago. When a child discloses violence
    the ladder is skipped — going straight to the leader or barnevern is right, and VO-04 asks for the
    child's words to be written down. A written report is a document in itself and ends level 0, and so
    does sharing under a legal duty (answering barnevern's request, avvergeplikt): that is not an undring.
    """
    if tl.initial.level > 0:
        return
    documented = False
    contacts = {id(r) for r in parent_contacts(tl)}
    for record in tl.records:
        if record.is_event:
            continue
        if _reports(tl, record):
            return
        if isinstance(record.action, a.Document):
            documented = True
        elif isinstance(record.action, SHARING) or id(record) in contacts:
            if tl.violence_at(record):
                return
            if documented:
                yield satisfied(record.step)
            else:
                yield violated(record.step, "Du delte undringen før du hadde skrevet ned hva du konkret har sett og hørt.")
            return


@rule("HV-N0-02")
def leader_before_parents(tl: Timeline) -> Iterator[Hit]:
    """Nærmeste leder is involved before the parents are contacted.

    Level 0 only. Under a violence suspicion the VO rules decide whether parents may be contacted at all
    and require the leader to be told (VO-02, VO-05), so this rule stands aside. Telling the parents
    about a report already sent is the kommune's report routine (VO-06), not the undring contact. Nor does
    it apply when the parents are not the counterpart: a pregnant woman's or a youth's own case, where
    contact with the parents is judged by TP-04.
    """
    contacts = parent_contacts(tl)
    if not contacts or tl.initial.level > 0:
        return
    first = contacts[0]
    facts = first.facts
    if facts.pregnant or facts.youth_wants_privacy or first.before.level > 0:
        return
    if tl.violence_at(first) or _reported_before(tl, first):
        return
    if first.before.leader_day is not None:
        yield satisfied(first.step)
    else:
        yield violated(first.step, "Du tok kontakt med foreldrene før du hadde snakket med nærmeste leder.")


def _parent_talk_deadline(tl: Timeline) -> int:
    facts = tl.final.facts
    if facts.school_environment:
        return tl.profile.school_environment_parent_talk_days
    return tl.profile.parent_talk_days


@rule("HV-N0-03")
def parent_talk_in_time(tl: Timeline) -> Iterator[Hit]:
    """The conversation with the parents is held within the local deadline (day 0 = the undring arises).

    Not for cases above level 0, pregnant women, adults, or youths who keep health matters from their
    parents. A violence suspicion stops the clock: after it, barnevern decides on contact with parents —
    but a deadline already missed before the suspicion arose is still missed. A report (barnevern or
    police), or sharing under a legal duty, within the deadline also takes the case out of level 0.
    Otherwise closing level 0, moving up, or reaching the scenario's end without the talk is a breach.
    """
    facts = tl.final.facts
    if (
        tl.initial.level > 0
        or facts.pregnant
        or facts.youth_wants_privacy
        or (facts.child_age is not None and facts.child_age >= 18)
    ):
        return
    deadline = _parent_talk_deadline(tl)
    talks = [
        r for r in parent_contacts(tl) if isinstance(r.action, (a.Talk, a.AskConsent)) and not tl.violence_at(r)
    ]
    if talks:
        first = talks[0]
        if first.day <= deadline:
            yield satisfied(first.step, f"Samtalen med foreldrene kom dag {first.day}; fristen er {deadline} dager.")
        else:
            yield violated(first.step, f"Samtalen med foreldrene kom først dag {first.day}; fristen er {deadline} dager.")
        return
    violence = violence_day(tl)
    if violence is not None and violence <= deadline:
        return
    reported = next((r for r in tl.records if not r.is_event and _reports(tl, r)), None)
    if reported is not None and reported.day <= deadline:
        return
    if tl.final.day > deadline:
        yield violated(tl.step_of_day(deadline + 1), f"Det gikk mer enn {deadline} dager uten samtale med foreldrene.")
        return
    for record in tl.records:
        if not record.is_event and _closes_or_moves_up(record.action):
            yield violated(record.step, "Nivå 0 ble avsluttet uten at foreldrene ble snakket med.")
            return
    if (step := end_step(tl)) is not None:
        yield violated(step, "Saken endte uten at foreldrene ble snakket med.")


@rule("HV-N0-04")
def level0_decision(tl: Timeline) -> Iterator[Hit]:
    """Level 0 ends with an explicit, documented decision: close, level 1, level 2 or report.

    A report to barnevern or the police (or sharing under a legal duty) is a decision with its reason
    in writing; a level change or closing needs a recorded reason.
    """
    if tl.initial.level > 0:
        return
    limit = tl.profile.level0_decision_days
    for record in tl.records:
        if record.is_event:
            continue
        action = record.action
        reported = _reports(tl, record)
        if not (reported or _closes_or_moves_up(action)):
            continue
        reason = "melding" if reported else getattr(action, "reason", None)
        if not reason:
            yield violated(record.step, "Beslutningen ble tatt uten at begrunnelsen ble skrevet ned.")
        elif record.day > limit:
            yield violated(record.step, f"Beslutningen på nivå 0 kom dag {record.day}; fristen er {limit} dager.")
        else:
            yield satisfied(record.step)
        return
    step = end_step(tl)
    if step is not None and tl.records:
        yield violated(step, "Saken ble stående åpen på nivå 0 uten en dokumentert beslutning.")


#: Days an unsure worry may be carried before it has to be discussed (HV-N0-05: «weeks of silent worry»).
UNSURE_DAYS = 14
#: Share classes that name the family to a service without consent or another legal basis.
NAMING_WITHOUT_BASIS = frozenset({"no_consent", "scope", "refused", "health"})


@rule("HV-N0-05")
def consult_anonymously_when_unsure(tl: Timeline) -> Iterator[Hit]:
    """When unsure how serious it is, consult anonymously instead of waiting or naming the family.

    Broken by carrying the worry more than two weeks, closing the case, or naming the family to a service
    without consent. A report is a decision OPL-01 judges; a «anonymous» talk that still identifies the
    family is TP-02's business.
    """
    if not tl.final.facts.uncertain:
        return
    unsure_day = tl.final.fact_day("uncertain") or 0
    deadline = unsure_day + UNSURE_DAYS
    for record in tl.records:
        if record.is_event or not record.facts.uncertain:
            continue
        action = record.action
        if record.day > deadline:
            yield violated(record.step, f"Det gikk {record.day - unsure_day} dager uten at usikkerheten ble drøftet.")
            return
        if isinstance(action, a.ConsultAnonymous):
            if not action.identifiable:
                yield satisfied(record.step)
            return
        if _reports(tl, record):
            return
        if isinstance(action, (a.Share, a.Refer)) and classify(tl, record).cls in NAMING_WITHOUT_BASIS:
            yield violated(record.step, "Du navnga familien i stedet for å drøfte saken anonymt først.")
            return
        if isinstance(action, a.CloseCase):
            yield violated(record.step, "Saken ble lukket uten at usikkerheten ble drøftet med noen.")
            return
    if tl.final.day > deadline:
        yield violated(tl.step_of_day(deadline + 1), f"Det gikk mer enn {UNSURE_DAYS} dager uten at usikkerheten ble drøftet.")
    elif (step := end_step(tl)) is not None:
        yield violated(step, "Usikkerheten ble aldri drøftet anonymt med barnevernet eller en annen hjelpetjeneste.")
