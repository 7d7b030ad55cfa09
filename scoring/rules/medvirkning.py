"""Brukermedvirkning: the child is heard before decisions, before evaluations, and decides whether to attend."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Timeline
from scoring.registry import Hit, rule, satisfied, violated

DECISIONS = (a.PlanMeasure, a.Refer, a.CloseCase, a.SetLevel)
CHILD_MEETINGS = frozenset({"tiltaksmøte", "evaluering", "bti-møte", "tverrfaglig", "ansvarsgruppe", "oppstart"})


def _is_decision(action: a.Action, level_before: int) -> bool:
    if isinstance(action, a.SetLevel):
        return action.level > level_before
    return isinstance(action, DECISIONS)


@rule("MED-01")
def child_heard_before_decisions(tl: Timeline) -> Iterator[Hit]:
    """From 7 the child is informed and heard before decisions about it; from 12 its view weighs heavily."""
    age = tl.final.facts.child_age
    if age is None or age < 7 or tl.final.facts.pregnant:
        return
    for record in tl.records:
        if record.is_event or not _is_decision(record.action, record.before.level):
            continue
        if record.before.child_heard_days:
            yield satisfied(record.step)
        else:
            yield violated(record.step, f"Barnet ({age} år) ble ikke spurt før beslutningen ble tatt.")
        return


@rule("MED-02")
def child_voice_in_evaluation(tl: Timeline) -> Iterator[Hit]:
    """Someone talks with the child before each evaluation and brings the child's experience into it."""
    if tl.final.facts.pregnant:
        return
    since = 0
    for record in tl.of(a.HoldMeeting):
        if record.is_event or record.action.kind != "evaluering":
            continue
        heard = record.action.child_view or any(day >= since for day in record.before.child_heard_days)
        if heard:
            yield satisfied(record.step)
        else:
            yield violated(record.step, "Evalueringen bygde bare på de voksnes syn; ingen hadde snakket med barnet.")
        since = record.day + 1


@rule("MED-03")
def child_decides_attendance(tl: Timeline) -> Iterator[Hit]:
    """The child decides whether to attend meetings about it; if present, one adult lifts its view."""
    age = tl.final.facts.child_age
    if age is None or age < tl.profile.child_meeting_age:
        return
    support = None
    for record in tl.records:
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.InviteChild):
            support = action.support_adult
            continue
        if not isinstance(action, a.HoldMeeting) or action.kind not in CHILD_MEETINGS:
            continue
        invited = action.child_invited or record.before.child_invited
        present = any(tl.party(p).kind == "child" for p in action.participants)
        adult = action.child_support_adult or support
        if not invited and not present:
            yield violated(record.step, f"Barnet ({age} år) ble ikke invitert til møtet om seg selv.")
        elif present and not adult:
            yield violated(record.step, "Barnet var med, men ingen voksen hadde ansvar for å løfte fram barnets syn.")
        else:
            yield satisfied(record.step)
        support = None
