"""Escalation and de-escalation: measures with the family, 1→2 after evaluation, level 3, closing."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Record, Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step

FAMILY_MEETINGS = frozenset({"tiltaksmøte", "oppstart", "bti-møte", "evaluering", "tverrfaglig", "ansvarsgruppe"})
JOINT_MEETINGS = frozenset({"tverrfaglig", "ansvarsgruppe", "bti-møte", "oppstart"})


def _meetings(tl: Timeline) -> list[Record]:
    return [r for r in tl.of(a.HoldMeeting) if not r.is_event]


def _with_parents(tl: Timeline, record: Record) -> bool:
    return any(tl.party(p).kind == "parent" for p in record.action.participants)


@rule("HV-ESC-01")
def measures_with_family(tl: Timeline) -> Iterator[Hit]:
    """Measures are agreed with the parents in a meeting, minutes go to them, and a date is set to evaluate."""
    meetings = _meetings(tl)
    for record in tl.of(a.PlanMeasure):
        if record.is_event or tl.violence_at(record):
            continue  # with a violence suspicion VO-01 judges measures; parents are not to be involved first
        joint = [m for m in meetings if m.step <= record.step and m.action.kind in FAMILY_MEETINGS and _with_parents(tl, m)]
        if not joint:
            yield violated(record.step, f"Tiltaket «{record.action.what}» ble bestemt uten et møte med foreldrene.")
        elif not joint[-1].action.minutes_to_parents:
            yield violated(record.step, "Foreldrene fikk ikke referatet fra møtet der tiltakene ble avtalt.")
        else:
            yield satisfied(record.step)


@rule("HV-ESC-02")
def level1_to_2_after_evaluation(tl: Timeline) -> Iterator[Hit]:
    """Level 2 only after internal measures are evaluated and consent is given; the level-2 meeting is held soon."""
    if tl.initial.level >= 2:
        return
    evaluations = [m for m in _meetings(tl) if m.action.kind == "evaluering"]
    for record in tl.records:
        if record.is_event or tl.violence_at(record):
            continue
        action = record.action
        rising = isinstance(action, a.SetLevel) and action.level >= 2 and record.before.level <= 1
        referring = isinstance(action, a.Refer) and record.before.level <= 1
        if not (rising or referring):
            continue
        evaluated = any(m.step < record.step or (m.step == record.step and m.day <= record.day) for m in evaluations)
        if not evaluated:
            yield violated(record.step, "Du gikk til en annen tjeneste før tiltakene på nivå 1 var prøvd og evaluert.")
            return
        if rising and not any(c.status == "given" for c in record.before.consents):
            yield violated(record.step, "Nivå 2 ble satt uten samtykke til å involvere en annen tjeneste.")
            return
        if rising:
            limit = record.day + tl.profile.level2_meeting_days
            met = any(m.step >= record.step and m.action.kind in JOINT_MEETINGS and m.day <= limit for m in _meetings(tl))
            if not met and (tl.final.day > limit or tl.complete):
                yield violated(record.step, f"Første møte på nivå 2 ble ikke holdt innen {tl.profile.level2_meeting_days} dager.")
                return
        yield satisfied(record.step)
        return


@rule("HV-ESC-03")
def level3_when_complex(tl: Timeline) -> Iterator[Hit]:
    """Level 3 when several services, complexity or joint decisions are needed; consider IP and koordinator."""
    helpers = tl.final.services_involved - {"barnevern", "politi"}
    if not tl.final.facts.needs_level3 and len(helpers) < 3:
        return
    reached = next((r for r in tl.of(a.SetLevel) if not r.is_event and r.action.level == 3), None)
    joint = [
        m
        for m in _meetings(tl)
        if m.action.kind in JOINT_MEETINGS and sum(tl.party(p).kind == "service" for p in m.action.participants) >= 2
    ]
    considered = bool(tl.final.plans_considered)
    if reached is not None and (joint or considered):
        yield satisfied(reached.step)
        return
    if (step := end_step(tl)) is not None:
        if reached is None:
            yield violated(step, "Flere tjenester var inne, men saken ble aldri løftet til nivå 3 med et felles møte.")
        else:
            yield violated(step, "Nivå 3 uten felles møte og uten at individuell plan eller koordinator ble vurdert.")


@rule("HV-ESC-04")
def close_with_family(tl: Timeline) -> Iterator[Hit]:
    """Stepping down or closing is decided at an evaluation with the family, with a reason, and they may come back."""
    evaluation_steps = {m.step for m in _meetings(tl) if m.action.kind == "evaluering"}
    for record in tl.records:
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.CloseCase):
            missing = []
            if record.before.level >= 1 and not (action.at_meeting or {record.step, record.step - 1} & evaluation_steps):
                missing.append("et evalueringsmøte med familien")
            if not action.reason:
                missing.append("en skrevet begrunnelse")
            if not action.family_told_can_return:
                missing.append("beskjed til familien om at de kan komme tilbake")
            if missing:
                yield violated(record.step, "Saken ble avsluttet uten " + ", ".join(missing) + ".")
            else:
                yield satisfied(record.step)
        elif isinstance(action, a.SetLevel) and action.level < record.before.level:
            if {record.step, record.step - 1} & evaluation_steps:
                yield satisfied(record.step)
            else:
                yield violated(record.step, "Nivået ble trappet ned uten et evalueringsmøte med familien.")
