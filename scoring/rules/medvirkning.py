"""Brukermedvirkning: the child is heard before decisions, before evaluations, and decides whether to attend."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.state import is_the_child

DECISIONS = (a.PlanMeasure, a.Refer, a.CloseCase, a.SetLevel)
CHILD_MEETINGS = frozenset({"tiltaksmøte", "evaluering", "bti-møte", "tverrfaglig", "ansvarsgruppe", "oppstart"})


def _is_decision(action: a.Action, level_before: int) -> bool:
    if isinstance(action, a.SetLevel):
        return action.level > level_before
    return isinstance(action, DECISIONS)


@rule("MED-01")
def child_heard_before_decisions(tl: Timeline) -> Iterator[Hit]:
    """From 7 the child is informed and heard before decisions about it; from 12 its view weighs heavily.

    Judges the first decision (measure, referral, level up, closing). Under 7 the child is heard by
    maturity, which the trace cannot tell; from 18 the youth decides through consent. Decisions taken
    under a violence suspicion are left out: the report comes first, and the child is not to be
    questioned beyond what it tells freely (VO-04).
    """
    age = tl.final.facts.child_age
    if age is None or age < 7 or age >= 18:
        return  # a pregnant minor is heard like any youth; an adult decides through consent
    for record in tl.records:
        if record.is_event or not _is_decision(record.action, record.before.level):
            continue
        if tl.violence_at(record):
            continue
        if record.before.child_heard_days:
            yield satisfied(record.step)
        elif age >= 12:
            yield violated(record.step, f"Barnet ({age} år) ble ikke spurt før beslutningen, selv om meningen skal veie tungt fra 12 år.")
        else:
            yield violated(record.step, f"Barnet ({age} år) ble ikke informert og spurt før beslutningen ble tatt.")
        return


@rule("MED-02")
def child_voice_in_evaluation(tl: Timeline) -> Iterator[Hit]:
    """Someone talks with the child before each evaluation and brings the child's experience into it.

    The child must have been heard since the measures started — since the previous evaluation, or else
    since the first measure was planned — or take part in the evaluation or have its view brought in.
    A talk months before anything was tried says nothing about the child's experience of change.
    """
    if tl.final.facts.pregnant:
        return
    window = 0  # hearings already counted when the current window opened
    opened = False
    for record in tl.records:
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.PlanMeasure) and not opened:
            window, opened = len(record.before.child_heard_days), True
            continue
        if not isinstance(action, a.HoldMeeting) or action.kind != "evaluering":
            continue
        # HoldMeeting adds a hearing when the child takes part or its view is brought in.
        if len(record.after.child_heard_days) > window:
            yield satisfied(record.step)
        else:
            yield violated(record.step, "Evalueringen bygde bare på de voksnes syn; ingen hadde snakket med barnet.")
        window, opened = len(record.after.child_heard_days), True


@rule("MED-03")
def child_decides_attendance(tl: Timeline) -> Iterator[Hit]:
    """The child decides whether to attend meetings about it; if present, one adult lifts its view.

    From the kommune's age (``child_meeting_age``). Professionals' consultations under a violence
    suspicion (samråd with barnevern and police) are not meetings the child is invited to. A youth of 18
    or more speaks for itself and needs no support adult.
    """
    age = tl.final.facts.child_age
    if age is None or age < tl.profile.child_meeting_age:
        return
    support = None
    for record in tl.of(a.InviteChild, a.HoldMeeting):
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.InviteChild):
            support = action.support_adult
            continue
        if not isinstance(action, a.HoldMeeting) or action.kind not in CHILD_MEETINGS or tl.violence_at(record):
            continue
        invited = action.child_invited or record.before.child_invited
        present = any(is_the_child(p, record.before, tl.context) for p in action.participants)
        adult = action.child_support_adult or support or age >= 18
        if not invited and not present:
            yield violated(record.step, f"Barnet ({age} år) ble ikke invitert til møtet om seg selv.")
        elif present and not adult:
            yield violated(record.step, "Barnet var med, men ingen voksen hadde ansvar for å løfte fram barnets syn.")
        else:
            yield satisfied(record.step)
        support = None
