"""Escalation and de-escalation: measures with the family, 1→2 after evaluation, level 3, closing.

None of these rules judge a step taken while violence or abuse is suspected: then the ladder is skipped,
barnevern takes over and the VO rules decide what was right.
"""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step
from scoring.rules.sharing import classified_shares
from scoring.timeline import Record, Timeline
from scoring.vocabulary import HEALTH_SERVICES, normalise

FAMILY_MEETINGS = frozenset({"tiltaksmøte", "oppstart", "bti-møte", "evaluering", "tverrfaglig", "ansvarsgruppe"})
JOINT_MEETINGS = frozenset({"tverrfaglig", "ansvarsgruppe", "bti-møte", "oppstart"})
#: Services that are not "help services" on the BTI ladder: they come in through a report, not a level.
NOT_LADDER_SERVICES = frozenset({"barnevern", "politi", "statens-barnehus"})


def _own_meetings(tl: Timeline) -> list[Record[a.HoldMeeting]]:
    return [r for r in tl.of(a.HoldMeeting) if not r.is_event]


def _meetings(tl: Timeline) -> list[Record[a.HoldMeeting]]:
    """The meetings the trainee held (worked out once per timeline)."""
    return tl.derived(_own_meetings)


def _named_meetings(tl: Timeline) -> list[Record[a.HoldMeeting]]:
    """The trainee's meetings about the child by name (an anonymous drøfting coordinates nothing for the child)."""
    return [m for m in _meetings(tl) if not m.action.anonymous]


def youth_decides(tl: Timeline, record: Record[a.Action]) -> bool:
    """The young person (or the pregnant woman) is the one measures are agreed with, not the parents: from 18,
    from 16 in health services, and from 12 in health services when the youth has a respectable wish to keep
    the matter from the parents (pbrl § 3-4)."""
    facts = record.facts
    age = facts.child_age
    in_health = tl.context.role in HEALTH_SERVICES
    return bool(facts.pregnant) or (
        age is not None
        and (age >= 18 or (age >= 16 and in_health) or (age >= 12 and in_health and bool(facts.youth_wants_privacy)))
    )


def _with_family(tl: Timeline, record: Record[a.HoldMeeting]) -> bool:
    """The meeting has the parents in it — or the youth, where the youth is the one who decides."""
    kinds = {tl.party(p).kind for p in record.action.participants}
    return "parent" in kinds or ("child" in kinds and youth_decides(tl, record))


@rule("HV-ESC-01", credits=(a.PlanMeasure,))
def measures_with_family(tl: Timeline) -> Iterator[Hit]:
    """Measures are agreed with the parents in a meeting, and the minutes go to them."""
    family_meetings: list[Record[a.HoldMeeting]] | None = None  # worked out at the first measure judged
    for record in tl.of(a.PlanMeasure):
        if record.is_event or tl.violence_at(record):
            continue  # with a violence suspicion VO-01 judges measures; parents are not to be involved first
        if family_meetings is None:
            family_meetings = [m for m in _meetings(tl) if m.action.kind in FAMILY_MEETINGS and _with_family(tl, m)]
        joint = [m for m in family_meetings if m.step <= record.step]
        if not joint:
            who = (
                "den gravide" if record.facts.pregnant else "ungdommen" if youth_decides(tl, record) else "foreldrene"
            )
            yield violated(record, f"Tiltaket «{record.action.what}» ble bestemt uten et møte med {who}.")
        elif not joint[-1].action.minutes_to_parents:
            yield violated(record, "Foreldrene fikk ikke referatet fra møtet der tiltakene ble avtalt.")
        else:
            yield satisfied(record, "Tiltaket ble avtalt i et møte med familien, og de fikk referatet.")


def _level2_meeting(tl: Timeline, record: Record[a.HoldMeeting]) -> bool:
    """A meeting that starts cooperation with another service (of :func:`_named_meetings`: about the child by
    name)."""
    participants = record.action.participants
    return record.action.kind in JOINT_MEETINGS or any(tl.party(p).kind == "service" for p in participants)


@rule("HV-ESC-02", credits=(a.SetLevel, a.Refer))
def level1_to_2_after_evaluation(tl: Timeline) -> Iterator[Hit]:
    """From level 1, another service comes in only after the internal measures are evaluated; level 2 is set
    only with consent; and the first level-2 meeting, about the child by name, is held within the local
    ``level2_meeting_days``.

    A referral straight from level 0 is not judged here: whether it had consent, from the right person, is
    for the sharing rules (SAM-01, SAM-04), and some kommuner let the level-0 decision be level 2.
    """
    if tl.initial.level >= 2:
        return
    evaluations = [m for m in _meetings(tl) if m.action.kind == "evaluering"]
    for record in tl.of(a.SetLevel, a.Refer):
        if record.is_event or tl.violence_at(record):
            continue
        action = record.action
        rising = isinstance(action, a.SetLevel) and action.level >= 2 and record.before.level <= 1
        referring = (
            isinstance(action, a.Refer)
            and record.before.level == 1
            and tl.party(action.to).service not in NOT_LADDER_SERVICES
        )
        if not (rising or referring):
            continue
        if record.before.level == 1 and not any(m.step <= record.step for m in evaluations):
            yield violated(record, "Du gikk til en annen tjeneste før tiltakene på nivå 1 var prøvd og evaluert.")
            return
        if rising and not any(c.status == "given" for c in record.before.consents):
            yield violated(record, "Nivå 2 ble satt uten samtykke til å involvere en annen tjeneste.")
            return
        if rising:
            days = tl.profile.level2_meeting_days
            limit = record.day + days
            met = any(
                m.step >= record.step and m.day <= limit and _level2_meeting(tl, m) for m in _named_meetings(tl)
            )
            if not met and tl.final.day > limit:
                yield violated(tl.step_of_day(limit + 1), f"Første møte på nivå 2 ble ikke holdt innen {days} dager.")
                return
            if not met and not tl.complete:
                return  # there is still time
        yield satisfied(record, "Tiltakene på nivå 1 var evaluert før en annen tjeneste kom inn.")
        return


def _cooperating_services(tl: Timeline) -> set[str]:
    """Other services that are partners in the case: covered by consent from the start, in a meeting about
    the child, or formally referred to with consent. A one-off consented message (a form to the GP, a question
    to the school nurse) is not cooperation, a service told without a basis is no partner at all, and nor is a
    service at an anonymous drøfting: nobody there knows who the child is."""
    services = {normalise(s) for s in tl.initial.facts.consent_held or ()}
    services |= {
        verdict.service
        for record, verdict in classified_shares(tl)
        if isinstance(record.action, a.Refer) and verdict.cls == "consent" and verdict.service
    }
    for meeting in _named_meetings(tl):
        for participant in meeting.action.participants:
            party = tl.party(participant)
            if party.kind == "service" and party.service:
                services.add(party.service)
    return services - NOT_LADDER_SERVICES


@rule("HV-ESC-03", credits=(a.SetLevel, a.HoldMeeting, a.ConsiderPlan))
def level3_when_complex(tl: Timeline) -> Iterator[Hit]:
    """Level 3 when several services, complexity or joint decisions are needed, and done properly: a joint
    meeting, and level 3 set or individuell plan / koordinator / KE considered.

    Required when the case says so (``needs_level3``) or three or more other services cooperate (sources
    differ on two; authors state ``needs_level3`` then). A level 3 the trainee chooses is judged too. A
    violence case is barnevern's, and a «level 3» set when reporting is not judged here. An anonymous drøfting
    neither makes a service a partner nor is the joint meeting.
    """
    facts = tl.final.facts
    required = bool(facts.needs_level3) or (len(_cooperating_services(tl)) >= 3 and tl.violence_known_day is None)
    reached = next(
        (r for r in tl.of(a.SetLevel) if not r.is_event and r.action.level == 3 and not tl.violence_at(r)), None
    )
    at_three = reached is not None or (tl.initial.level == 3 and tl.violence_known_day is None)
    if not (required or at_three):
        return
    joint = [
        m
        for m in _named_meetings(tl)
        if m.action.kind in JOINT_MEETINGS and sum(tl.party(p).kind == "service" for p in m.action.participants) >= 2
    ]
    considered = [r for r in tl.of(a.ConsiderPlan) if not r.is_event]
    if (at_three and (joint or considered)) or (joint and considered):
        earned = reached if reached is not None else joint[0] if joint else considered[0]
        yield satisfied(earned, "Saken ble samordnet på nivå 3" + (" med et felles møte." if joint else "."))
        return
    if (step := end_step(tl)) is not None:
        if not at_three and not joint:
            yield violated(step, "Flere tjenester var inne, men saken ble aldri løftet til nivå 3 med et felles møte.")
        elif not joint:
            yield violated(step, "Nivå 3 uten felles møte og uten at individuell plan eller koordinator ble vurdert.")
        else:
            yield violated(
                step,
                "Det felles møtet satte ikke saken på nivå 3, og individuell plan eller koordinator ble ikke vurdert.",
            )


@rule("HV-ESC-04", credits=(a.CloseCase, a.SetLevel))
def close_with_family(tl: Timeline) -> Iterator[Hit]:
    """Stepping down from level 1+ or closing is decided at an evaluation with the family, with a reason,
    and the family is told they may come back. (Closing at level 0 is HV-N0-04's decision.)"""
    candidates = tl.of(a.CloseCase, a.SetLevel)
    if not candidates:
        return
    evaluation_steps = {m.step for m in _meetings(tl) if m.action.kind == "evaluering" and _with_family(tl, m)}
    for record in candidates:
        if record.is_event or record.before.level < 1 or tl.violence_at(record):
            continue
        action = record.action
        at_evaluation = record.step in evaluation_steps or record.step - 1 in evaluation_steps
        if isinstance(action, a.CloseCase):
            missing = []
            if not (action.at_meeting or at_evaluation):
                missing.append("et evalueringsmøte med familien")
            if not action.reason:
                missing.append("en skrevet begrunnelse")
            if not action.family_told_can_return:
                missing.append("beskjed til familien om at de kan komme tilbake")
            if missing:
                listed = ", ".join(missing[:-1]) + " eller " + missing[-1] if len(missing) > 1 else missing[0]
                yield violated(record, f"Saken ble avsluttet uten {listed}.")
            else:
                yield satisfied(
                    record,
                    "Saken ble avsluttet i et evalueringsmøte, med begrunnelse, og familien vet "
                    "at de kan komme tilbake.",
                )
        elif isinstance(action, a.SetLevel) and action.level < record.before.level:
            if at_evaluation:
                yield satisfied(record, "Nivået ble trappet ned i et evalueringsmøte med familien.")
            else:
                yield violated(record, "Nivået ble trappet ned uten et evalueringsmøte med familien.")
