"""Nivå 0 / undring: concretise, involve the leader, talk with the parents in time, decide, consult.

HV-N0-01 to -04 judge an employee who wonders about a child in their own service: a case of kind
``undring`` that starts at level 0. They stand aside for the other kinds (a parent who is the service's
own client, the SLT coordinator's routine, barnevernet's own work) and, action by action, while a violence
suspicion or an acute danger is known: then the VO and AKUTT rules say what is right.
"""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step, parent_contacts
from scoring.rules.sharing import share_verdict
from scoring.timeline import Record, Timeline

#: Actions that pass the undring on to someone (the written report is a document in itself).
SHARING = (a.ConsultLeader, a.ConsultAnonymous, a.Share, a.Refer, a.Inform, a.Confront)


#: Services that meet the parents in every consultation. The helsesykepleier's own question to the parent
#: there — also the routine question about violence asked of a mother alone, which the national guideline
#: for helsestasjons- og skolehelsetjenesten recommends — is the consultation itself, not the planned
#: level-0 contact that a note and the leader should come before (HV-N0-01, HV-N0-02). Sharing the undring
#: with anyone else is judged as everywhere.
CONSULTATION_SERVICES = frozenset({"helsestasjon"})


def _in_consultation(tl: Timeline, record: Record[a.Action]) -> bool:
    """A talk with the parent that is part of the trainee's own consultation (see :data:`CONSULTATION_SERVICES`)."""
    return tl.context.role in CONSULTATION_SERVICES and isinstance(record.action, a.Talk)


def _level0_case(tl: Timeline) -> bool:
    """The case is an undring the trainee has at level 0 in their own service."""
    return tl.context.case_kind == "undring" and tl.initial.level == 0


def _routine_aside(tl: Timeline, record: Record[a.Action]) -> bool:
    """A violence suspicion or an acute danger was known when the action happened: the level-0 routine
    (note first, leader first, a planned talk with the parents) is not what is judged then."""
    return tl.violence_at(record) or tl.acute_at(record)


def _is_report(tl: Timeline, record: Record[a.Action]) -> bool:
    action = record.action
    if isinstance(action, a.Report | a.CallEmergency):
        return True
    if not isinstance(action, a.Share | a.Refer):
        return False
    return share_verdict(tl, record).cls in ("statutory", "early_report")  # type: ignore[arg-type]


def _report_records(tl: Timeline) -> tuple[list[Record[a.Action]], set[int]]:
    """The trainee's reports in order, and their identities (worked out once per timeline)."""
    kinds = (a.Report, a.CallEmergency, a.Share, a.Refer)  # the only actions _is_report can accept
    found = [r for r in tl.of(*kinds) if not r.is_event and _is_report(tl, r)]
    return found, {id(r) for r in found}


def _reports(tl: Timeline, record: Record[a.Action]) -> bool:
    """A report, an emergency call, or a share or referral that stands on a legal duty (the case leaves level 0)."""
    return id(record) in tl.derived(_report_records)[1]


def _first_report(tl: Timeline) -> Record[a.Action] | None:
    reports = tl.derived(_report_records)[0]
    return reports[0] if reports else None


def _reported_before(tl: Timeline, record: Record[a.Action]) -> bool:
    """The trainee reported (or shared under a legal duty) before this record."""
    first = _first_report(tl)
    if first is None:
        return False
    return first.position < record.position


def _closes_or_moves_up(action: a.Action) -> bool:
    """Closing the case, or moving it to level 1 or higher."""
    return isinstance(action, a.CloseCase) or (isinstance(action, a.SetLevel) and action.level >= 1)


@rule(
    "HV-N0-01",
    credits=(
        a.ConsultLeader,
        a.ConsultAnonymous,
        a.Share,
        a.Refer,
        a.Inform,
        a.Confront,
        a.Talk,
        a.AskConsent,
        a.HoldMeeting,
    ),
)
def concretise_before_sharing(tl: Timeline) -> Iterator[Hit]:
    """The undring is written down before it is shared with anyone.

    Level 0 undring only: a case that starts higher up was concretised long ago. When a child discloses
    violence, or the child is in acute danger, the ladder is skipped — going straight to the leader,
    barnevern or emergency services is right, and VO-04 asks for the child's words to be written down. A
    written report is a document in itself and ends level 0, and so does sharing under a legal duty
    (answering barnevern's request, avvergeplikt): that is not an undring.
    """
    if not _level0_case(tl):
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
            if id(record) in contacts and _in_consultation(tl, record):
                continue
            if _routine_aside(tl, record):
                return
            if documented:
                yield satisfied(record, "Du hadde skrevet ned det du konkret hadde sett og hørt før du delte det.")
            else:
                yield violated(record, "Du delte undringen før du hadde skrevet ned hva du konkret har sett og hørt.")
            return


@rule("HV-N0-02", credits=(a.Talk, a.Inform, a.Confront, a.AskConsent, a.Share, a.HoldMeeting))
def leader_before_parents(tl: Timeline) -> Iterator[Hit]:
    """Nærmeste leder is involved before the parents are contacted about the undring.

    Level 0 undring only. Under a violence suspicion the VO rules decide whether parents may be contacted at
    all and require the leader to be told (VO-02, VO-05), and in an acute danger the child's safety comes
    first (a calm word to the parent who collects is part of a safe handover), so this rule stands aside.
    Telling the parents about a report already sent is the kommune's report routine (OPL-05), not the
    undring contact. Nor does it apply when the parents are not the counterpart: a pregnant woman's or a
    youth's own case, where contact with the parents is judged by TP-04. The helsestasjon's talk with the
    parent in a consultation is the service itself (:data:`CONSULTATION_SERVICES`).
    """
    contacts = [r for r in parent_contacts(tl) if not _in_consultation(tl, r)]
    if not contacts or not _level0_case(tl):
        return
    first = contacts[0]
    facts = first.facts
    if facts.pregnant or facts.youth_wants_privacy or first.before.level > 0:
        return
    if _routine_aside(tl, first) or _reported_before(tl, first):
        return
    if first.before.leader_day is not None:
        yield satisfied(first, "Du hadde snakket med nærmeste leder før du tok kontakt med foreldrene.")
    else:
        yield violated(first, "Du tok kontakt med foreldrene før du hadde snakket med nærmeste leder.")


def _parent_talk_deadline(tl: Timeline) -> int:
    facts = tl.final.facts
    if facts.school_environment:
        return tl.profile.school_environment_parent_talk_days
    return tl.profile.parent_talk_days


@rule("HV-N0-03", credits=(a.Talk, a.AskConsent))
def parent_talk_in_time(tl: Timeline) -> Iterator[Hit]:
    """The conversation with the parents is held within the local deadline (day 0 = the undring arises).

    Level 0 undring only; not for pregnant women, adults, or youths who keep health matters from their
    parents. A violence suspicion or an acute danger stops the clock: after it, barnevern or the emergency
    decides the contact with the parents — but a deadline already missed before is still missed. A report
    (barnevern or police), or sharing under a legal duty, within the deadline also takes the case out of
    level 0. Otherwise closing level 0, moving up, or reaching the scenario's end without the talk is a breach.
    """
    facts = tl.final.facts
    if (
        not _level0_case(tl)
        or facts.pregnant
        or facts.youth_wants_privacy
        or (facts.child_age is not None and facts.child_age >= 18)
    ):
        return
    deadline = _parent_talk_deadline(tl)
    reported = _first_report(tl)
    in_time_report = reported if reported is not None and reported.day <= deadline else None
    talks = []
    for r in parent_contacts(tl):
        if in_time_report is not None and _reported_before(tl, r):
            break  # after a report in time the case has left level 0: later contact is not the level-0 talk
        if isinstance(r.action, a.Talk | a.AskConsent) and not _routine_aside(tl, r):
            talks.append(r)
    if talks:
        first = talks[0]
        if first.day <= deadline:
            yield satisfied(first, f"Samtalen med foreldrene kom dag {first.day}; fristen er {deadline} dager.")
        else:
            yield violated(first, f"Samtalen med foreldrene kom først dag {first.day}; fristen er {deadline} dager.")
        return
    aside = next((r for r in tl.records if _routine_aside(tl, r)), None)
    if aside is not None and aside.day <= deadline:
        return
    if in_time_report is not None:
        return
    if tl.final.day > deadline:
        yield violated(tl.step_of_day(deadline + 1), f"Det gikk mer enn {deadline} dager uten samtale med foreldrene.")
        return
    for record in tl.records:
        if not record.is_event and _closes_or_moves_up(record.action):
            yield violated(record, "Nivå 0 ble avsluttet uten at foreldrene ble snakket med.")
            return
    if (step := end_step(tl)) is not None:
        yield violated(step, "Saken endte uten at foreldrene ble snakket med.")


@rule("HV-N0-04", credits=(a.Report, a.CallEmergency, a.Share, a.Refer, a.SetLevel, a.CloseCase))
def level0_decision(tl: Timeline) -> Iterator[Hit]:
    """Level 0 ends with an explicit, documented decision: close, level 1, level 2 or report.

    Level 0 undring only. A report to barnevern or the police, an emergency call, or sharing under a legal
    duty is a decision with its reason in writing; a level change or closing needs a recorded reason.
    """
    if not _level0_case(tl):
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
            yield violated(record, "Beslutningen ble tatt uten at begrunnelsen ble skrevet ned.")
        elif record.day > limit and not _routine_aside(tl, record):
            yield violated(record, f"Beslutningen på nivå 0 kom dag {record.day}; fristen er {limit} dager.")
        else:
            yield satisfied(record, f"Nivå 0 endte med en begrunnet beslutning dag {record.day}.")
        return
    step = end_step(tl)
    aside = any(_routine_aside(tl, r) for r in tl.records)  # VO-01 / AKUTT judge what was left undone then
    if step is not None and tl.records and not aside:
        yield violated(step, "Saken ble stående åpen på nivå 0 uten en dokumentert beslutning.")


#: Days an unsure worry may be carried before it has to be discussed (HV-N0-05: «weeks of silent worry»).
UNSURE_DAYS = 14
#: Share classes that name the family to a service without consent or another legal basis.
NAMING_WITHOUT_BASIS = frozenset({"no_consent", "scope", "refused", "health"})


@rule("HV-N0-05", credits=(a.ConsultAnonymous,))
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
                yield satisfied(record, "Du fikk hjelp til å vurdere alvoret uten å navngi familien.")
            return
        if _reports(tl, record) or tl.acute_at(record):
            return
        if isinstance(action, a.Share | a.Refer) and share_verdict(tl, record).cls in NAMING_WITHOUT_BASIS:  # type: ignore[arg-type]
            yield violated(record, "Du navnga familien i stedet for å drøfte saken anonymt først.")
            return
        if isinstance(action, a.CloseCase):
            yield violated(record, "Saken ble lukket uten at usikkerheten ble drøftet med noen.")
            return
    if tl.final.day > deadline:
        yield violated(
            tl.step_of_day(deadline + 1), f"Det gikk mer enn {UNSURE_DAYS} dager uten at usikkerheten ble drøftet."
        )
    elif (step := end_step(tl)) is not None:
        yield violated(step, "Usikkerheten ble aldri drøftet anonymt med barnevernet eller en annen hjelpetjeneste.")
