"""Brukermedvirkning: the child is heard before decisions, before evaluations, and decides whether to attend."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from operator import attrgetter

from scoring import actions as a
from scoring.registry import Hit, rule, satisfied, violated
from scoring.state import HEARING_ACTIONS, is_the_child
from scoring.timeline import Record, Timeline

DECISIONS = (a.PlanMeasure, a.Refer, a.CloseCase, a.SetLevel)
_POSITION = attrgetter("position")
CHILD_MEETINGS = frozenset({"tiltaksmøte", "evaluering", "bti-møte", "tverrfaglig", "ansvarsgruppe", "oppstart"})


def _is_decision(action: a.Action, level_before: int) -> bool:
    if isinstance(action, a.SetLevel):
        return action.level > level_before
    return isinstance(action, DECISIONS)


def _hears_child(tl: Timeline, record: Record[a.Action]) -> bool:
    """The action hears the child: a talk with the child, or a meeting the child takes part in or whose
    view is brought in (the same actions that add to ``CaseState.child_heard_days``)."""
    return len(record.after.child_heard_days) > len(record.before.child_heard_days)


def _hearings(tl: Timeline) -> list[Record[a.Action]]:
    """The trainee's actions that heard the child, in trace order."""
    return [r for r in tl.of(*HEARING_ACTIONS) if not r.is_event and _hears_child(tl, r)]


def _last_hearing(tl: Timeline, before: Record[a.Action], since: int = 0) -> Record[a.Action] | None:
    """The latest action that heard the child before ``before`` (and not earlier than record
    index ``since``)."""
    hearings = tl.derived(_hearings)
    index = bisect_left(hearings, before.position, key=_POSITION) - 1
    if index < 0 or hearings[index].position < since:
        return None
    return hearings[index]


@rule("MED-01", credits=(a.Talk, a.HoldMeeting))
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
    for record in tl.of(*DECISIONS):
        if record.is_event or not _is_decision(record.action, record.before.level):
            continue
        if tl.violence_at(record):
            continue
        hearing = _last_hearing(tl, record)
        if hearing is not None:
            yield satisfied(hearing, "Barnet ble hørt før beslutningen.")
        elif age >= 12:
            yield violated(
                record,
                f"Barnet ({age} år) ble ikke spurt før beslutningen, selv om meningen skal veie tungt fra 12 år.",
            )
        else:
            yield violated(record, f"Barnet ({age} år) ble ikke informert og spurt før beslutningen ble tatt.")
        return


@rule("MED-02", credits=(a.HoldMeeting, a.Talk))
def child_voice_in_evaluation(tl: Timeline) -> Iterator[Hit]:
    """Someone talks with the child before each evaluation and brings the child's experience into it.

    The child must have been heard since the measures started — since the previous evaluation, or else
    since the first measure was planned — or take part in the evaluation or have its view brought in.
    A talk months before anything was tried says nothing about the child's experience of change.
    """
    if tl.final.facts.pregnant:
        return
    window = 0  # index of the record where the current window opened
    opened = False
    for record in tl.of(a.PlanMeasure, a.HoldMeeting):
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.PlanMeasure):
            if not opened:
                window, opened = record.position, True
            continue
        if action.kind != "evaluering":
            continue
        if _hears_child(tl, record):
            yield satisfied(record, "Barnets egen opplevelse var med i evalueringen.")
        elif (hearing := _last_hearing(tl, record, window)) is not None:
            yield satisfied(hearing, "Noen hadde snakket med barnet før evalueringen.")
        else:
            yield violated(record, "Evalueringen bygde bare på de voksnes syn; ingen hadde snakket med barnet.")
        window, opened = record.position + 1, True


@rule("MED-03", credits=(a.HoldMeeting, a.InviteChild))
def child_decides_attendance(tl: Timeline) -> Iterator[Hit]:
    """The child decides whether to attend meetings about it; if present, one adult lifts its view.

    From the kommune's age (``child_meeting_age``). Professionals' consultations under a violence
    suspicion (samråd with barnevern and police) are not meetings the child is invited to, nor is a kommune
    arena whose profile says the child does not attend (``child_attends: false``), nor an anonymous drøfting
    (``anonymous: true``: nobody there knows who the child is). A youth of 18 or more
    speaks for itself and needs no support adult.
    """
    age = tl.final.facts.child_age
    if age is None or age < tl.profile.child_meeting_age:
        return
    support = None
    invite: Record[a.Action] | None = None
    for record in tl.of(a.InviteChild, a.HoldMeeting):
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.InviteChild):
            support, invite = action.support_adult, record
            continue
        if not isinstance(action, a.HoldMeeting) or action.kind not in CHILD_MEETINGS or tl.violence_at(record):
            continue
        if action.anonymous:
            continue  # an anonymous drøfting is not a meeting about a child who could be invited
        arena = tl.profile.arena(action.arena)
        if arena is not None and not arena.child_attends:
            continue  # a professionals' arena (ressursteam, BRUS): the child is not invited there
        invited = action.child_invited or record.before.child_invited
        present = any(is_the_child(tl.party(p), record.before) for p in action.participants)
        adult = action.child_support_adult or support or age >= 18
        if not invited and not present:
            yield violated(record, f"Barnet ({age} år) ble ikke invitert til møtet om seg selv.")
        elif present and not adult:
            yield violated(record, "Barnet var med, men ingen voksen hadde ansvar for å løfte fram barnets syn.")
        else:
            earned = invite if invite is not None and not action.child_invited and not present else record
            yield satisfied(
                earned,
                "Barnet fikk velge om det ville være med"
                + (", med en voksen som løftet fram synet." if present else "."),
            )
        support, invite = None, None
