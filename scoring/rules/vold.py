"""Violence and abuse: report at once, don't confront, avvergeplikt, free narrative, personal duty, in writing."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.actions import LEADING_MOVES, OPEN_MOVES, move_labels
from scoring.engine import Record, Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import child_talks, contact_target, end_step, reports_to

#: Moves that show the adult is asking about what happened; a talk without them only informs the child.
QUESTION_MOVES = OPEN_MOVES | LEADING_MOVES

#: Doing these while a violence suspicion is unreported means the ladder is climbed instead of reporting.
INSTEAD_OF_REPORTING = (a.SetLevel, a.PlanMeasure, a.Wait, a.HoldMeeting, a.CloseCase)


def violence_day(tl: Timeline) -> int | None:
    """Day the violence/abuse suspicion arose (the day ``suspicion`` got a violence value), or None."""
    return tl.violence_known_day


def _disclosure_talk(talk: a.Talk) -> bool:
    """A talk where the adult asks about what happened (or does not say how); not a talk that only informs."""
    return not talk.moves or bool(set(talk.moves) & QUESTION_MOVES)


@rule("VO-01")
def report_at_once(tl: Timeline) -> Iterator[Hit]:
    """Suspected violence, abuse or serious neglect: report to barnevern at once; police too if acute.

    Climbing the ladder (measures, meetings, a new level, closing) or waiting past the deadline before the
    report is a breach. What the trainee does in the same decision as the report belongs to reporting
    (Tromsø routes reports to level 3), so it is not held against it.
    """
    known = violence_day(tl)
    if known is None:
        return
    deadline = known + tl.profile.report_at_once_days
    report = next((r for r in reports_to(tl, "barnevern") if tl.violence_at(r)), None)
    for record in tl.records:
        if report is not None and record.step >= report.step:
            break
        action = record.action
        if record.is_event or not tl.violence_at(record) or not isinstance(action, INSTEAD_OF_REPORTING):
            continue
        if isinstance(action, a.SetLevel) and action.level == 0:
            continue
        if isinstance(action, a.Wait) and record.after.day <= deadline:
            continue
        yield violated(record.step, "Du gikk videre i saken uten å melde mistanken til barnevernet først.")
        return
    if report is None:
        if tl.final.day > deadline and tl.last_step is not None:
            yield violated(tl.step_of_day(deadline + 1), "Mistanken ble ikke meldt til barnevernet samme dag.")
        elif (step := end_step(tl)) is not None:
            yield violated(step, "Mistanken om vold eller overgrep ble aldri meldt til barnevernet.")
        return
    if report.day > deadline:
        yield violated(report.step, f"Meldingen ble sendt dag {report.day}, {report.day - known} dager etter at mistanken oppsto.")
        return
    if tl.final.facts.acute and not reports_to(tl, "politi"):
        if (step := end_step(tl)) is not None:
            yield violated(step, "Situasjonen var akutt, men politiet ble ikke varslet.")
        return
    yield satisfied(report.step)


@rule("VO-02")
def no_confrontation_before_report(tl: Timeline) -> Iterator[Hit]:
    """Parents or the suspect are not told or confronted before barnevern or the police are contacted —
    and after the report, barnevern (not the reporter) decides when they are told about it."""
    if tl.violence_known_day is None:
        return
    suspected = tl.final.facts.suspected
    parents_suspected = suspected is None or tl.party(suspected).kind == "parent"
    first_report = next((r for r in reports_to(tl, "barnevern", "politi") if tl.violence_at(r)), None)

    def off_limits(target: str, record: Record) -> bool:
        return tl.is_suspect(target, record.facts) or (parents_suspected and tl.party(target).kind == "parent")

    reported = False
    for record in tl.records:
        if first_report is not None and record is first_report:
            reported = True
            continue
        if record.is_event or not tl.violence_at(record):
            continue
        action = record.action
        if reported:
            if isinstance(action, a.Inform) and action.about == "melding" and off_limits(action.who, record):
                yield violated(record.step, f"Du fortalte {tl.display(action.who)} om meldingen. Det er barnevernet som avgjør når "
                                            "og hvordan foreldrene får vite om den.")
                return
            continue
        for target in contact_target(action):
            if off_limits(target, record):
                yield violated(record.step, f"Du tok opp mistanken med {tl.display(target)} før barnevernet eller politiet var kontaktet.")
                return
    if first_report is not None:
        yield satisfied(first_report.step)


@rule("VO-03")
def avert_serious_crime(tl: Timeline) -> Iterator[Hit]:
    """When a serious crime is certain or most likely, act to avert it regardless of confidentiality.

    Only refusing the police or barnevern counts as hiding behind confidentiality; keeping a pupil's
    confidences from the rektor is TP-03's business and can be right.
    """
    if not tl.final.facts.serious_crime_likely:
        return
    known = tl.final.fact_day("serious_crime_likely") or 0
    for record in tl.records:
        if record.is_event or record.day < known or not record.facts.serious_crime_likely:
            continue
        action = record.action
        if isinstance(action, a.Report) or (
            isinstance(action, a.Share) and tl.party(action.with_).service in ("politi", "barnevern")
        ):
            yield satisfied(record.step)
            return
        if isinstance(action, a.Withhold) and tl.party(action.from_).service in ("politi", "barnevern"):
            yield violated(record.step, "Du viste til taushetsplikten selv om avvergeplikten gikk foran.")
            return
        if isinstance(action, (a.Wait, a.CloseCase)):
            yield violated(record.step, "Du ventet i stedet for å varsle politi eller barnevern straks.")
            return
    if (step := end_step(tl)) is not None:
        yield violated(step, "Verken politiet eller barnevernet ble varslet.")


@rule("VO-04")
def free_narrative(tl: Timeline) -> Iterator[Hit]:
    """In a disclosure talk: open questions, no leading questions; the child's words written down verbatim.

    A talk that only tells the child what happens next (explain_sharing, reassure …) is not a disclosure
    talk and is not judged here.
    """
    if tl.violence_known_day is None:
        return
    talks = [r for r in child_talks(tl) if tl.violence_at(r) and _disclosure_talk(r.action)]
    verbatim_steps = [r.step for r in tl.of(a.Document) if not r.is_event and r.action.verbatim and tl.violence_at(r)]
    for talk in talks:
        moves = set(talk.action.moves)
        if moves & LEADING_MOVES:
            bad = move_labels(moves & LEADING_MOVES)
            yield violated(talk.step, f"Samtalen brukte {bad} i stedet for åpne spørsmål.")
        elif not any(step in (talk.step, talk.step + 1) for step in verbatim_steps):
            if talk.step + 1 < len(tl.step_states) or tl.complete:
                yield violated(talk.step, "Barnets egne ord ble ikke skrevet ned ordrett rett etter samtalen.")
        elif moves & OPEN_MOVES or not moves:
            yield satisfied(talk.step)
    if not talks and verbatim_steps:
        yield satisfied(verbatim_steps[0])


@rule("VO-05")
def personal_duty_to_report(tl: Timeline) -> Iterator[Hit]:
    """Inform the leader, but report yourself: a leader's disagreement does not lift the duty.

    Applies when violence or abuse is suspected, or when the leader disagrees while the duty to report
    applies. A leader who says «vent» about an ordinary worry below the threshold is right, not overruled.
    """
    facts = tl.final.facts
    duty = bool(facts.report_threshold_met or facts.serious_crime_likely) or tl.violence_known_day is not None
    if tl.violence_known_day is None and not (facts.leader_disagrees and duty):
        return
    report = next(iter(reports_to(tl, "barnevern")), None)
    disagree_day = tl.final.fact_day("leader_disagrees") if tl.final.facts.leader_disagrees else None
    if disagree_day is not None:
        # waiting because the leader wants to wait is the breach, even if the report comes later
        for record in tl.records:
            if report is not None and record.step >= report.step:
                break
            if not record.is_event and record.day >= disagree_day and isinstance(record.action, (a.Wait, a.CloseCase)):
                yield violated(record.step, "Du lot være å melde fordi lederen ville vente. Meldeplikten er personlig.")
                return
        if report is None:
            if (step := end_step(tl)) is not None:
                yield violated(step, "Lederen var uenig, og meldingen ble aldri sendt. Meldeplikten er personlig.")
            return
    if report is None:
        return
    if tl.final.leader_day is None:
        if (step := end_step(tl)) is not None:
            yield violated(step, "Du meldte, men informerte ikke lederen din.")
        return
    yield satisfied(report.step)


@rule("VO-06")
def written_identified_necessary(tl: Timeline) -> Iterator[Hit]:
    """Reports are written, signed with the reporter's name and contain only what is necessary.

    Where the kommune's routine says so, the family is told that a report was sent — except in violence
    and abuse cases, and when the contact with barnevern rests on the family's own consent.
    """
    for report in reports_to(tl, "barnevern", "politi"):
        action = report.action
        problems = []
        if action.to == "barnevern" and not action.written:
            problems.append("ikke skriftlig")
        if action.anonymous:
            problems.append("anonym")
        if not action.only_necessary:
            problems.append("med unødvendige opplysninger")
        if problems:
            yield violated(report.step, "Meldingen var " + ", ".join(problems) + ".")
        else:
            yield satisfied(report.step)
    if not tl.profile.tell_parents_about_report or not tl.complete:
        return
    for report in reports_to(tl, "barnevern"):
        if tl.violence_at(report) or report.before.consent_for("barnevern") is not None:
            continue  # violence: parents are not told; consent: the family already knows
        told = any(
            r.step >= report.step and r.action.about == "melding" and tl.party(r.action.who).kind in ("parent", "child")
            for r in tl.of(a.Inform)
        )
        if not told:
            yield violated(report.step, "Familien ble ikke fortalt at det er sendt melding, slik kommunens rutine sier.")
        break
