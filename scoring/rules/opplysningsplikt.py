"""Opplysningsplikt: report when the threshold is met, without delay and without detours; never hide behind
confidentiality; unborn children; tell the family where the kommune's routine says so.

Every rule here uses the one threshold test, :func:`~scoring.rules.common.duty_to_report`. Violence and
abuse (the exception in the handlingsveileder) are judged by the VO rules, a likely serious crime by VO-03;
OPL-02 and OPL-04 judge the rest — the threshold stated as met.
"""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.describe import describe
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import (
    barnevern_told,
    child_talks,
    duty_day,
    duty_step,
    duty_to_report,
    end_step,
    parent_contacts,
    reports_to,
    violence_step,
)
from scoring.rules.sharing import KOMMUNE_HEALTH_AND_CARE, classified_shares
from scoring.timeline import Record, Timeline
from scoring.vocabulary import HEALTH_SERVICES

#: Steps that put the report off once the threshold is met: another meeting or talk with the parents, asking
#: their consent first, waiting, a new level or measure, an anonymous consultation, closing the case.
DETOURS = (a.AskConsent, a.HoldMeeting, a.SetLevel, a.PlanMeasure, a.Wait, a.CloseCase, a.ConsultAnonymous)


@rule("OPL-01", credits=(a.Report, a.Share, a.Refer))
def report_over_threshold(tl: Timeline) -> Iterator[Hit]:
    """Telling barnevernet about the child by name without consent when the threshold was not clearly met — a
    report, or a call «bare for å høre» that names the child — is the weaker practice (mindre): not unlawful,
    since a report needs neither consent nor the parents' knowledge, but the handlingsveileder would first talk
    with the parents or consult anonymously. A report when the duty applied, or on the family's consent, is
    followed.
    """
    if tl.final.facts.pregnant:
        return  # OPL-03 judges reports about unborn children
    for report in barnevern_told(tl):
        if report.facts.barnevern_request and not isinstance(report.action, a.Report):
            continue  # answering barnevernet's own request is OPL-02's business
        if duty_to_report(report.facts) is not None:
            yield satisfied(report, "Terskelen for opplysningsplikt var nådd da du meldte.")
        elif report.before.consent_for("barnevern") is not None:
            yield satisfied(report, "Familien hadde samtykket til at barnevernet ble kontaktet.")
        else:
            yield violated(
                report,
                "Det var ennå ikke tydelige tegn på alvorlig omsorgssvikt da barnevernet fikk vite "
                "om barnet. Det er ikke ulovlig å melde, men samtale med foreldrene eller anonym "
                "drøfting kommer vanligvis først.",
            )


@rule("OPL-02", credits=(a.Report, a.Share, a.Refer))
def duty_overrides_confidentiality(tl: Timeline) -> Iterator[Hit]:
    """Report in time once the threshold is met, answer barnevern's lawful request, and never refuse either
    by citing confidentiality.

    The report is due within the kommune's ``report_deadline_days`` of the day the threshold was met («uten
    ugrunnet opphold»): a report after it, or none at all, is broken. A refusal is judged whenever it comes. A
    request is answered only by giving barnevern information after it was made.
    """
    facts = tl.final.facts
    request_day = tl.final.fact_day("barnevern_request") if facts.barnevern_request else None
    threshold_step = duty_step(tl, "terskel")
    if request_day is None and threshold_step is None:
        return
    answered: Record[a.Action] | None = None
    for record in tl.records:
        if record.is_event:
            continue
        action = record.action
        refuses = isinstance(action, a.Withhold) and tl.party(action.from_).service == "barnevern"
        if refuses and (record.facts.barnevern_request or duty_to_report(record.facts) is not None):
            yield violated(record, "Du nektet barnevernet opplysninger med henvisning til taushetsplikten.")
            return
        gives = (isinstance(action, a.Share) and tl.party(action.with_).service == "barnevern") or (
            isinstance(action, a.Report) and action.to == "barnevern"
        )
        if gives and answered is None and (request_day is None or record.facts.barnevern_request):
            answered = record
    if request_day is not None:
        if answered is not None:
            yield satisfied(answered, "Barnevernet fikk svar på det de ba om.")
        elif (step := end_step(tl)) is not None:
            yield violated(step, "Barnevernet ba om opplysninger, men fikk aldri svar.")
            return
    if threshold_step is None:
        return
    # once violence or abuse is suspected VO-01 judges the timing; the threshold's own window before it still counts
    until = violence_step(tl)
    if until is not None and until <= threshold_step:
        return
    known = duty_day(tl, "terskel") or 0
    deadline = known + tl.profile.report_deadline_days
    report = next(
        (r for r in barnevern_told(tl) if r.step >= threshold_step and (until is None or r.step < until)), None
    )
    if report is None:
        overdue = tl.step_of_day(deadline + 1) if tl.final.day > deadline else None
        if overdue is not None and (until is None or overdue < until):
            yield violated(
                overdue,
                f"Terskelen var nådd dag {known}, og fristen for å melde gikk ut dag {deadline} "
                "uten at barnevernet fikk melding.",
            )
        elif until is None and (step := end_step(tl)) is not None:
            yield violated(
                step, "Terskelen for opplysningsplikt var nådd, men det ble aldri sendt melding til barnevernet."
            )
        return
    late = report.day - known
    if report.day > deadline:
        yield violated(
            report,
            f"Meldingen kom dag {report.day}, {late} dager etter at terskelen var nådd. Den "
            "skal sendes uten ugrunnet opphold.",
        )
    else:
        when = "samme dag som" if late == 0 else "dagen etter at" if late == 1 else f"{late} dager etter at"
        yield satisfied(report, f"Du meldte {when} terskelen var nådd.")


@rule("OPL-04", credits=(a.Report, a.Share, a.Refer))
def no_detour_once_threshold_met(tl: Timeline) -> Iterator[Hit]:
    """Once the threshold is met, report — don't go round it: another meeting or talk with the parents, asking
    their consent first, waiting, a new level or measure, or an anonymous consultation in a decision before
    the report is a detour. What the trainee does in the same decision as the report belongs to reporting.
    Violence and abuse are VO-01's, a likely serious crime VO-03's.
    """
    start = duty_step(tl, "terskel")
    until = violence_step(tl)
    if start is None or (until is not None and until <= start):
        return
    report = next((r for r in barnevern_told(tl) if r.step >= start), None)
    contacts = {id(r) for r in parent_contacts(tl)}
    for record in tl.records:
        if record.is_event or record.step < start:
            continue
        if (report is not None and record.step >= report.step) or (until is not None and record.step >= until):
            break
        action = record.action
        talks_to_parents = isinstance(action, a.Talk | a.Confront) and id(record) in contacts
        if isinstance(action, DETOURS) or talks_to_parents:
            yield violated(record, f"Terskelen var nådd, men {describe(action, tl)} i stedet for å melde.")
            return
    if report is not None and (until is None or report.step < until):
        yield satisfied(report, "Du meldte uten å gå omveier da terskelen var nådd.")


@rule("OPL-03", credits=(a.Report, a.Share, a.Refer, a.Talk))
def unborn_child_needs_consent(tl: Timeline) -> Iterator[Hit]:
    """A pregnant woman's situation reaches barnevern only with her own consent: the duty to report covers
    born children. When the helse- og omsorgstjenesteloven § 10-3 criteria are met, health personnel tell
    the kommune's health and care service (helsepersonelloven § 32 andre ledd) — and the kommune decides and
    informs barnevern; leaving that undone is broken too. Working on with her instead of reporting is
    followed (at the last talk with her) when there was something to report about.
    """
    if not tl.final.facts.pregnant:
        return
    to_barnevern = [r for r in tl.of(a.Report, a.Share, a.Refer) if not r.is_event and _identifies_to_barnevern(tl, r)]
    for record in to_barnevern:
        consent = record.before.consent_for("barnevern")
        if consent is not None and any(tl.party(g).kind == "child" for g in consent.givers):
            yield satisfied(record, "Hun hadde selv samtykket.")
        else:
            yield violated(
                record,
                "Kvinnen hadde ikke samtykket til at barnevernet fikk vite om henne. Om et "
                "ufødt barn "
                "går veien gjennom kommunens helse- og omsorgstjeneste, ikke en melding.",
            )
    to_kommune = [
        r
        for r, verdict in classified_shares(tl)
        if verdict.cls == "statutory" and verdict.service in KOMMUNE_HEALTH_AND_CARE and r.facts.hol_10_3
    ]
    for record in to_kommune:
        yield satisfied(record, "Du ga kommunens helse- og omsorgstjeneste beskjed, slik helsepersonelloven § 32 sier.")
    criteria_step = tl.first_step_where(lambda facts: facts.hol_10_3)
    if criteria_step is not None and not to_kommune and tl.context.role in HEALTH_SERVICES:
        if (step := end_step(tl)) is not None:
            yield violated(
                step, "Vilkårene i § 10-3 var oppfylt, men kommunens helse- og omsorgstjeneste fikk aldri beskjed."
            )
        return
    facts = tl.final.facts
    worry = facts.suspicion not in (None, "ingen") or bool(facts.report_threshold_met)
    talks = child_talks(tl)
    if not to_barnevern and not to_kommune and worry and tl.complete and talks:
        yield satisfied(talks[-1], "Du arbeidet videre med henne i stedet for å melde uten samtykke.")


def _identifies_to_barnevern(tl: Timeline, record: Record[a.Report | a.Share | a.Refer]) -> bool:
    """A report, or an identifiable share or referral, that reaches barnevern."""
    action = record.action
    if isinstance(action, a.Report):
        return action.to == "barnevern"
    if isinstance(action, a.Share):
        return action.identifiable and tl.party(action.with_).service == "barnevern"
    return tl.party(action.to).service == "barnevern"


@rule("OPL-05", credits=(a.Inform,))
def family_told_of_report(tl: Timeline) -> Iterator[Hit]:
    """Where the kommune's routine says so (``tell_parents_about_report``), the family is told that a report
    was sent — except in violence and abuse cases (barnevernet decides then), and when the contact with
    barnevern rests on the family's own consent (they know already). Followed by telling them; broken when
    the case ends without it.
    """
    if not tl.profile.tell_parents_about_report:
        return
    for report in reports_to(tl, "barnevern"):
        if tl.violence_at(report) or report.facts.pregnant or report.before.consent_for("barnevern") is not None:
            continue
        told = next(
            (
                r
                for r in tl.of(a.Inform)
                if not r.is_event
                and r.step >= report.step
                and r.action.about == "melding"
                and tl.party(r.action.who).kind in ("parent", "child")
            ),
            None,
        )
        if told is not None:
            yield satisfied(told)
        elif (step := end_step(tl)) is not None:
            yield violated(step, "Familien fikk ikke vite at det var sendt melding, slik kommunens rutine sier.")
        return
