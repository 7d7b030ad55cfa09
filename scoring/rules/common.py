"""Helpers several rule families use: the one threshold test for the duty to report, who counts as
contacted, and where a whole-trace verdict is pinned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from scoring import actions as a
from scoring.facts import CaseFacts
from scoring.timeline import Record, Timeline
from scoring.vocabulary import VIOLENCE_SUSPICIONS

#: Why the duty to report applies: a violence or abuse suspicion, the double threshold stated as met
#: (concrete signs of serious neglect, serious behaviour problems …), or a likely serious crime.
DutyKind = Literal["vold", "terskel", "forbrytelse"]


def reports_to_itself(tl: Timeline) -> bool:
    """The trainee works in barnevernet's own case work (or Statens barnehus, in a case already reported):
    there is no one to report to — the rules about sending a report stand aside."""
    return tl.context.case_kind == "barnevern"


def duty_to_report(facts: CaseFacts) -> DutyKind | None:
    """The one threshold test for opplysningsplikt (barnevernsloven § 13-2), used by every rule about it.

    An unborn child is not covered: a pregnant woman's situation reaches barnevernet with her consent or
    through the helse- og omsorgstjenesteloven § 10-3 route (OPL-03), so a case about one has no duty here.
    """
    if facts.pregnant:
        return None
    if facts.suspicion in VIOLENCE_SUSPICIONS:
        return "vold"
    if facts.report_threshold_met:
        return "terskel"
    if facts.serious_crime_likely:
        return "forbrytelse"
    return None


_DUTY_FACT = {"vold": "suspicion", "terskel": "report_threshold_met", "forbrytelse": "serious_crime_likely"}


def duty_step(tl: Timeline, kind: DutyKind) -> int | None:
    """The first decision taken while the duty (of this kind) applied — the first chance to report.
    (Facts are revealed on entering a node, and no action changes them, so the state after a decision
    holds the facts known when it was taken.)"""
    return tl.first_step_where(lambda facts: duty_to_report(facts) == kind)


def violence_step(tl: Timeline) -> int | None:
    """The first decision taken while a violence or abuse suspicion was known (VO-01 judges from there)."""
    return tl.first_step_where(lambda facts: facts.suspicion in VIOLENCE_SUSPICIONS)


def duty_day(tl: Timeline, kind: DutyKind) -> int | None:
    """The day the duty (of this kind) first applied, or None."""
    step = duty_step(tl, kind)
    if step is None:
        return None
    day = tl.step_states[step].fact_day(_DUTY_FACT[kind])
    return day if day is not None else 0


#: The people each kind of action puts the trainee in contact with (looked up by the action's type: this runs
#: for every contact in every judgement, and a chain of class patterns costs a failed check per type passed).
_CONTACTED: dict[type[a.Action], Callable[[Any], list[str]]] = {
    a.Talk: lambda action: [action.with_],
    a.Inform: lambda action: [action.who],
    a.Confront: lambda action: [action.who],
    a.AskConsent: lambda action: list(action.from_),
    a.Share: lambda action: [action.with_],
    a.HoldMeeting: lambda action: list(action.participants),
}


def contact_target(action: a.Action) -> list[str]:
    """The people an action puts the trainee in contact with (talk, inform, confront, consent, share, meeting)."""
    targets = _CONTACTED.get(type(action))
    return targets(action) if targets is not None else []


def _parent_contacts(tl: Timeline) -> list[Record[a.Action]]:
    found = []
    for record in tl.of(a.Talk, a.Inform, a.Confront, a.AskConsent, a.Share):
        if not record.is_event:
            for target in contact_target(record.action):
                if tl.party(target).kind == "parent":
                    found.append(record)
                    break
    return found


def parent_contacts(tl: Timeline) -> list[Record[a.Action]]:
    """Records where the trainee talks with, informs, confronts or asks a parent."""
    return tl.derived(_parent_contacts)


def child_talks(tl: Timeline) -> list[Record[a.Talk]]:
    """Talks with the child (or youth, or the pregnant woman)."""
    return [r for r in tl.of(a.Talk) if not r.is_event and tl.party(r.action.with_).kind == "child"]


def reports_to(tl: Timeline, *dest: str) -> list[Record[a.Report]]:
    """The trainee's reports to barnevern and/or politi."""
    return [r for r in tl.of(a.Report) if not r.is_event and r.action.to in dest]


def _authorities_alerted(tl: Timeline) -> list[Record[a.Action]]:
    return [
        r
        for r in tl.of(a.Report, a.Share, a.Refer, a.CallEmergency)
        if not r.is_event
        and (
            (isinstance(r.action, a.Report) and r.action.to in ("barnevern", "politi"))
            or (
                isinstance(r.action, a.Share)
                and r.action.identifiable
                and tl.party(r.action.with_).service in ("barnevern", "politi")
            )
            or (isinstance(r.action, a.Refer) and tl.party(r.action.to).service == "barnevern")
            or (isinstance(r.action, a.CallEmergency) and r.action.to == "112")
        )
    ]


def authorities_alerted(tl: Timeline) -> list[Record[a.Action]]:
    """Everything that put barnevernet or the police on the case: a report, an identifiable share with them
    (what the police need under avvergeplikt), a referral to barnevernet, or a 112 call."""
    return tl.derived(_authorities_alerted)


def _barnevern_told(tl: Timeline) -> list[Record[a.Action]]:
    return [
        r
        for r in tl.of(a.Report, a.Share, a.Refer)
        if not r.is_event
        and (
            (isinstance(r.action, a.Report) and r.action.to == "barnevern")
            or (
                isinstance(r.action, a.Share)
                and r.action.identifiable
                and tl.party(r.action.with_).service == "barnevern"
            )
            or (isinstance(r.action, a.Refer) and tl.party(r.action.to).service == "barnevern")
        )
    ]


def barnevern_told(tl: Timeline) -> list[Record[a.Action]]:
    """Everything that told barnevernet about the child by name: a report, or an identifiable share or
    referral (a phone call that names the child is a report in all but form — VO-06 judges the form)."""
    return tl.derived(_barnevern_told)


def end_step(tl: Timeline) -> int | None:
    """The decision a whole-trace verdict is pinned to: the last one, or None while still playing."""
    return tl.last_step if tl.complete else None
