"""Nivå 0 / undring: concretise, involve the leader, talk with the parents in time, decide, consult."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step, parent_contacts, reports_to

#: Actions that pass the undring on to someone (the written report is a document in itself).
SHARING = (a.ConsultLeader, a.ConsultAnonymous, a.Share, a.Refer, a.Inform, a.Confront)


@rule("HV-N0-01")
def concretise_before_sharing(tl: Timeline) -> Iterator[Hit]:
    """The undring is written down before it is shared with anyone."""
    documented = False
    contacts = {id(r) for r in parent_contacts(tl)}
    for record in tl.records:
        if record.is_event:
            continue
        if isinstance(record.action, a.Document):
            documented = True
        elif isinstance(record.action, SHARING) or id(record) in contacts:
            yield satisfied(record.step) if documented else violated(record.step)
            return


@rule("HV-N0-02")
def leader_before_parents(tl: Timeline) -> Iterator[Hit]:
    """Nærmeste leder is involved before the parents are contacted."""
    contacts = parent_contacts(tl)
    if not contacts or tl.initial.level > 0:
        return
    first = contacts[0]
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
    """The conversation with the parents is held within the local deadline."""
    facts = tl.final.facts
    if (
        tl.initial.level > 0
        or tl.violence_known_day is not None
        or facts.pregnant
        or facts.youth_wants_privacy
        or (facts.child_age is not None and facts.child_age >= 18)
    ):
        return
    deadline = _parent_talk_deadline(tl)
    talks = [r for r in parent_contacts(tl) if isinstance(r.action, (a.Talk, a.AskConsent))]
    if talks:
        first = talks[0]
        if first.day <= deadline:
            yield satisfied(first.step, f"Samtalen med foreldrene kom dag {first.day}; fristen er {deadline} dager.")
        else:
            yield violated(first.step, f"Samtalen med foreldrene kom først dag {first.day}; fristen er {deadline} dager.")
        return
    if tl.final.day > deadline:
        yield violated(tl.step_of_day(deadline + 1), f"Det gikk mer enn {deadline} dager uten samtale med foreldrene.")
    elif tl.complete and not reports_to(tl, "barnevern") and tl.last_step is not None:
        yield violated(tl.last_step, "Saken ble avsluttet uten at foreldrene ble snakket med.")


@rule("HV-N0-04")
def level0_decision(tl: Timeline) -> Iterator[Hit]:
    """Level 0 ends with an explicit, documented decision: close, level 1, level 2 or report."""
    if tl.initial.level > 0:
        return
    limit = tl.profile.level0_decision_days
    for record in tl.records:
        if record.is_event:
            continue
        action = record.action
        leaves = (
            (isinstance(action, a.SetLevel) and action.level >= 1)
            or isinstance(action, a.CloseCase)
            or (isinstance(action, a.Report) and action.to == "barnevern")
        )
        if not leaves:
            continue
        reason = getattr(action, "reason", None) if not isinstance(action, a.Report) else "melding"
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


@rule("HV-N0-05")
def consult_anonymously_when_unsure(tl: Timeline) -> Iterator[Hit]:
    """When unsure how serious it is, consult anonymously instead of waiting or naming the family."""
    unsure_day = tl.final.fact_day("uncertain") if tl.final.facts.uncertain else None
    if unsure_day is None:
        return
    waited = 0
    for record in tl.records:
        if record.is_event or record.day < unsure_day:
            continue
        action = record.action
        if isinstance(action, a.ConsultAnonymous) and not action.identifiable:
            yield satisfied(record.step)
            return
        if isinstance(action, a.Report):
            return
        if isinstance(action, a.Wait):
            waited += action.days
            if waited >= 14:
                yield violated(record.step, f"Du ventet {waited} dager med bekymringen uten å drøfte den.")
                return
        if isinstance(action, a.CloseCase):
            yield violated(record.step, "Saken ble lukket uten at usikkerheten ble drøftet med noen.")
            return
    step = end_step(tl)
    if step is not None:
        yield violated(step, "Usikkerheten ble aldri drøftet anonymt med barnevernet eller en annen hjelpetjeneste.")
