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
from scoring.vocabulary import LIFE_SAVING, RESCUERS

#: Actions that bring in someone who can take over the child's safety.
TAKING_OVER = (a.FetchSafeAdult, a.CallEmergency, a.Report)


def _first_step_known(tl: Timeline, fact: str) -> int | None:
    """The first decision taken while ``fact`` was known (facts are revealed on entering a node)."""
    return tl.first_step_where(lambda facts: getattr(facts, fact))


def episodes(tl: Timeline, fact: str) -> list[int]:
    """The decisions where an acute danger arises: the first one taken while ``fact`` was known, and every
    later one whose node reveals it again (a second episode a week later is judged on its own)."""
    first = _first_step_known(tl, fact)
    if first is None:
        return []
    again = [
        index
        for index, step in enumerate(tl.steps)
        if index > first and step.reveals is not None and getattr(step.reveals, fact)
    ]
    return [first, *again]


def _alerts(tl: Timeline, action: a.Action) -> bool:
    """The action alerts those who can save a life: 112/113/110, a report to the police, or what the police or
    an ambulance crew need shared."""
    if isinstance(action, a.CallEmergency):
        return action.to in LIFE_SAVING
    if isinstance(action, a.Report):
        return action.to == "politi"
    if isinstance(action, a.Share):
        party = tl.party(action.with_)
        return party.service == "politi" or party.role in RESCUERS
    return False


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
                yield violated(
                    record, f"Du lot {tl.display(action.to)} ta med barnet, selv om barnet ville vært i fare."
                )
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
        yield satisfied(
            kept, "Barnet ble ikke med den voksne som satte det i fare, og noen som kunne ta over ble varslet."
        )
    elif (step := end_step(tl)) is not None:
        yield violated(
            step,
            "Du holdt barnet tilbake, men fikk verken en trygg voksen, barnevernvakta eller politiet til å ta over.",
        )


@rule("AKUTT-02", credits=(a.CallEmergency, a.Report, a.Share))
def alert_emergency_at_once(tl: Timeline) -> Iterator[Hit]:
    """When life or health is in danger (``danger_to_life``), emergency services are alerted at the decision
    where it became known: 112 or 113 (or 110), a report to the police, or what the police or an ambulance
    crew need shared. Alerting them only at a later decision — after the car has left, after the meeting — is
    broken, and so is never alerting them. Each episode (the fact revealed again at a later node) is judged.
    """
    for start in episodes(tl, "danger_to_life"):
        alert = next((r for r in tl.step_actions(start) if _alerts(tl, r.action)), None)
        if alert is not None:
            yield satisfied(alert, "Nødetatene ble varslet med en gang faren var kjent.")
            continue
        later = next((r for r in tl.records if not r.is_event and r.step > start and _alerts(tl, r.action)), None)
        if later is not None:
            yield violated(
                later,
                "Nødetatene ble varslet først senere; da livet eller helsen var i fare, skulle de varsles med en gang.",
            )
        else:
            yield violated(start, "Livet eller helsen var i fare, men nødetatene ble ikke varslet med en gang.")


@rule("AKUTT-03", credits=(a.StayWithChild, a.HandOverChild))
def do_not_leave_alone(tl: Timeline) -> Iterator[Hit]:
    """A child or youth who must not be left alone (``must_not_be_alone``: suicide risk, heavily intoxicated,
    hurt) is not: at the decision where it is known, the trainee stays (or makes sure another adult stays)
    until help has come, or hands the child over to a safe adult and tells that adult calmly how the child
    is — a safe handover, not a breach of confidentiality.
    """
    for start in episodes(tl, "must_not_be_alone"):
        yield _not_alone_at(tl, start)


def _not_alone_at(tl: Timeline, start: int) -> Hit:
    """AKUTT-03's verdict on one episode."""
    for record in tl.step_actions(start):
        action = record.action
        if isinstance(action, a.StayWithChild):
            return satisfied(record, "Du ble hos barnet til hjelpen kom.")
        if isinstance(action, a.HandOverChild):
            if action.told_state:
                return satisfied(record, f"{tl.display(action.to)} fikk vite hvordan barnet hadde det, og tok over.")
            return violated(
                record, f"Du overlot barnet til {tl.display(action.to)} uten å si hvordan barnet hadde det."
            )
    return violated(start, "Barnet skulle ikke være alene, men ingen ble hos barnet.")
