"""Acute danger that is not (only) the violence exception: a parent too drunk to take the child home, a child
who must not be left alone, danger to life or health. The child's safety comes before every routine.

Sources: the service's duty of care for a child in its care; forvaltningsloven § 13 b første ledd nr. 7
and helsepersonelloven § 31 (danger to life or health overrides confidentiality); straffeloven § 287
(the duty to help someone in immediate danger); barnevernsloven § 13-2 (report to barnevernet after).
"""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.parties import matches_person
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step
from scoring.timeline import Record, Timeline
from scoring.vocabulary import LIFE_SAVING

#: Actions that bring in someone who can take over the child's safety.
TAKING_OVER = (a.FetchSafeAdult, a.CallEmergency, a.Report)


def _first_step_known(tl: Timeline, fact: str) -> int | None:
    """The first decision taken while ``fact`` was known (facts are revealed on entering a node)."""
    for index, state in enumerate(tl.step_states):
        if getattr(state.facts, fact):
            return index
    return None


@rule("AKUTT-01", credits=(a.KeepChild, a.HandOverChild))
def never_hand_over_to_danger(tl: Timeline) -> Iterator[Hit]:
    """A child is never handed over to an adult who would put it in danger now (``endangering_adult``: visibly
    drunk and about to drive, violent, threatening). Keep the child back, and get someone who can take over —
    the other parent or another safe adult, barnevernvakta, the police. Broken by handing the child to that
    adult, or by ending the case without keeping the child back or getting anyone to take over; followed by
    keeping the child back (or handing it to a safe adult) when someone was called to take over.
    """
    start = _first_step_known(tl, "endangering_adult")
    if start is None:
        return
    kept: Record[a.Action] | None = None
    for record in tl.records:
        if record.is_event or record.step < start:
            continue
        action = record.action
        danger = record.facts.endangering_adult
        if isinstance(action, a.HandOverChild):
            if danger is not None and matches_person(action.to, danger, tl.context):
                yield violated(record, f"Du lot {tl.display(action.to)} ta med barnet, selv om barnet ville vært "
                                       "i fare.")
                return
            kept = kept or record
        elif isinstance(action, a.KeepChild):
            kept = kept or record
    if kept is None:
        if (step := end_step(tl)) is not None:
            yield violated(step, "Barnet ble ikke holdt tilbake fra den voksne som satte det i fare.")
        return
    help_called = any(
        not r.is_event and r.step >= start and isinstance(r.action, TAKING_OVER) for r in tl.records
    ) or isinstance(kept.action, a.HandOverChild)
    if help_called:
        yield satisfied(kept, "Barnet ble ikke med den voksne som satte det i fare, og noen som kunne ta over "
                              "ble varslet.")
    elif (step := end_step(tl)) is not None:
        yield violated(step, "Du holdt barnet tilbake, men fikk verken en trygg voksen, barnevernvakta eller politiet "
                             "til å ta over.")


@rule("AKUTT-02", credits=(a.CallEmergency, a.Report, a.Share))
def alert_emergency_at_once(tl: Timeline) -> Iterator[Hit]:
    """When life or health is in danger (``danger_to_life``), emergency services are alerted at the decision
    where it became known: 112 or 113 (or 110), a report to the police, or what the police or an ambulance
    need shared. Alerting them only at a later decision — after the car has left, after the meeting — is
    broken, and so is never alerting them.
    """
    start = _first_step_known(tl, "danger_to_life")
    if start is None:
        return
    for record in tl.records:
        if record.is_event or record.step < start:
            continue
        action = record.action
        alerts = (
            (isinstance(action, a.CallEmergency) and action.to in LIFE_SAVING)
            or (isinstance(action, a.Report) and action.to == "politi")
            or (isinstance(action, a.Share) and tl.party(action.with_).service == "politi")
        )
        if not alerts:
            continue
        if record.step == start:
            yield satisfied(record, "Nødetatene ble varslet med en gang faren var kjent.")
        else:
            yield violated(record, "Nødetatene ble varslet først senere; da livet eller helsen var i fare, skulle de "
                                   "varsles med en gang.")
        return
    yield violated(start, "Livet eller helsen var i fare, men nødetatene ble ikke varslet med en gang.")


@rule("AKUTT-03", credits=(a.StayWithChild, a.HandOverChild))
def do_not_leave_alone(tl: Timeline) -> Iterator[Hit]:
    """A child or youth who must not be left alone (``must_not_be_alone``: suicide risk, heavily intoxicated,
    hurt) is not: at the decision where it is known, the trainee stays (or makes sure another adult stays)
    until help has come, or hands the child over to a safe adult and tells that adult calmly how the child
    is — a safe handover, not a breach of confidentiality.
    """
    start = _first_step_known(tl, "must_not_be_alone")
    if start is None:
        return
    for record in tl.step_actions(start):
        action = record.action
        if isinstance(action, a.StayWithChild):
            yield satisfied(record, "Du ble hos barnet til hjelpen kom.")
            return
        if isinstance(action, a.HandOverChild):
            if action.told_state:
                yield satisfied(record, f"{tl.display(action.to)} fikk vite hvordan barnet hadde det, og tok over.")
            else:
                yield violated(record, f"Du overlot barnet til {tl.display(action.to)} uten å si hvordan barnet "
                                       "hadde det.")
            return
    yield violated(start, "Barnet skulle ikke være alene, men ingen ble hos barnet.")
