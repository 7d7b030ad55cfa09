"""Opplysningsplikt: report when the double threshold is met, never hide behind confidentiality, unborn children."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Record, Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import child_talks, end_step, parent_contacts, reports_to
from scoring.vocabulary import VIOLENCE_SUSPICIONS


def threshold_met(record: Record) -> bool:
    """The double threshold (concrete indications of serious harm) is met when the action happens."""
    facts = record.facts
    return bool(facts.report_threshold_met or facts.serious_crime_likely) or facts.suspicion in VIOLENCE_SUSPICIONS


@rule("OPL-01")
def report_only_over_threshold(tl: Timeline) -> Iterator[Hit]:
    """Report without consent only when the threshold is met; lesser worries go through consent.

    Every report to barnevern is judged. Without a report, the rule speaks only when the scenario has
    stated the threshold as not met: then talking with the parents and asking consent is the right path.
    A report that was due but never sent is OPL-02's (kritisk) business; an ordinary case where nobody
    thought of barnevern is not scored here.
    """
    if tl.final.facts.pregnant:
        return  # OPL-03 judges reports about unborn children
    reports = reports_to(tl, "barnevern")
    for report in reports:
        if threshold_met(report) or report.before.consent_for("barnevern") is not None:
            yield satisfied(report.step)
        else:
            yield violated(report.step, "Det var ikke konkrete tegn på alvorlig omsorgssvikt da meldingen ble sendt.")
    if reports or not tl.complete or tl.last_step is None:
        return
    facts = tl.final.facts
    if facts.report_threshold_met is False and (parent_contacts(tl) or tl.of(a.AskConsent)):
        yield satisfied(tl.last_step, "Du gikk veien om samtale og samtykke i stedet for å melde.")


@rule("OPL-02")
def duty_overrides_confidentiality(tl: Timeline) -> Iterator[Hit]:
    """Never refuse to report or to answer barnevern's lawful request by citing confidentiality.

    A refusal is judged whenever it comes — also after a report has been sent. A request is answered only
    by giving barnevern information after it was made; a report sent earlier does not answer it. When the
    threshold is met (outside violence cases, which VO-01 judges) and barnevern never hears of the case,
    the duty was left undone: that is broken too.
    """
    facts = tl.final.facts
    if not (facts.barnevern_request or facts.report_threshold_met):
        return
    request_day = tl.final.fact_day("barnevern_request") if facts.barnevern_request else None
    answered = None
    for record in tl.records:
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.Withhold) and tl.party(action.from_).service == "barnevern":
            if record.facts.barnevern_request or threshold_met(record):
                yield violated(record.step, "Du nektet barnevernet opplysninger med henvisning til taushetsplikten.")
                return
        gives = (isinstance(action, a.Share) and tl.party(action.with_).service == "barnevern") or (
            isinstance(action, a.Report) and action.to == "barnevern"
        )
        if gives and answered is None and (request_day is None or record.facts.barnevern_request):
            answered = record
    if answered is not None:
        yield satisfied(answered.step)
    elif request_day is not None and (step := end_step(tl)) is not None:
        yield violated(step, "Barnevernet ba om opplysninger, men fikk aldri svar.")
    elif facts.report_threshold_met and tl.violence_known_day is None and (step := end_step(tl)) is not None:
        yield violated(step, "Terskelen for opplysningsplikt var nådd, men det ble aldri sendt melding til barnevernet.")


@rule("OPL-03")
def unborn_child_needs_consent(tl: Timeline) -> Iterator[Hit]:
    """A pregnant woman's situation is shared with barnevern only with her consent (unless hol § 10-3).

    Working on with her instead of reporting counts as followed only when there was something to report
    about (a suspicion such as rus, or the threshold stated as met).
    """
    if not tl.final.facts.pregnant:
        return
    to_barnevern = [r for r in tl.of(a.Report, a.Share, a.Refer) if not r.is_event and _identifies_to_barnevern(tl, r)]
    for record in to_barnevern:
        consent = record.before.consent_for("barnevern")
        own = consent is not None and any(tl.party(g).kind == "child" for g in consent.givers)
        if record.facts.hol_10_3 or own:
            yield satisfied(record.step)
        else:
            yield violated(record.step, "Kvinnen hadde ikke samtykket til at barnevernet fikk vite om henne.")
    facts = tl.final.facts
    worry = facts.suspicion not in (None, "ingen") or bool(facts.report_threshold_met)
    if not to_barnevern and worry and tl.complete and child_talks(tl) and tl.last_step is not None:
        yield satisfied(tl.last_step, "Du arbeidet videre med henne i stedet for å melde uten samtykke.")


def _identifies_to_barnevern(tl: Timeline, record: Record) -> bool:
    """A report, or an identifiable share or referral, that reaches barnevern."""
    action = record.action
    if isinstance(action, a.Report):
        return action.to == "barnevern"
    if isinstance(action, a.Share):
        return action.identifiable and tl.party(action.with_).service == "barnevern"
    return isinstance(action, a.Refer) and tl.party(action.to).service == "barnevern"
