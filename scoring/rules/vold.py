"""Violence and abuse: report at once, don't confront, avvergeplikt, free narrative, personal duty, in writing."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.actions import LEADING_MOVES, OPEN_MOVES, move_labels
from scoring.facts import CaseFacts
from scoring.parties import is_both_parents, matches_person
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import (
    authorities_alerted,
    child_talks,
    contact_target,
    duty_to_report,
    end_step,
    reports_to,
    reports_to_itself,
)
from scoring.timeline import Record, Timeline
from scoring.vocabulary import VIOLENCE_SUSPICIONS

#: Moves that show the adult is asking about what happened; a talk without them only informs the child.
QUESTION_MOVES = OPEN_MOVES | LEADING_MOVES

#: Doing these while a violence suspicion is unreported means the ladder is climbed instead of reporting.
INSTEAD_OF_REPORTING = (a.SetLevel, a.PlanMeasure, a.Wait, a.HoldMeeting, a.CloseCase)


def _disclosure_talk(talk: a.Talk) -> bool:
    """A talk where the adult asks about what happened (or does not say how); not a talk that only informs."""
    return not talk.moves or bool(set(talk.moves) & QUESTION_MOVES)


def _police_alerted(tl: Timeline) -> bool:
    """The police heard of it: a report, or a 112 call."""
    return bool(reports_to(tl, "politi")) or any(r.action.to == "112" for r in tl.of(a.CallEmergency) if not r.is_event)


@rule("VO-01", credits=(a.Report,))
def report_at_once(tl: Timeline) -> Iterator[Hit]:
    """Suspected violence, abuse or serious neglect: report to barnevern at once; police too if acute.

    Climbing the ladder (measures, meetings, a new level, closing) or waiting past the deadline before the
    report is a breach. What the trainee does in the same decision as the report belongs to reporting
    (Tromsø routes reports to level 3), so it is not held against it.
    """
    known = tl.violence_known_day
    if known is None or reports_to_itself(tl):
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
        yield violated(record, "Du gikk videre i saken uten å melde mistanken til barnevernet først.")
        return
    if report is None:
        if tl.final.day > deadline and tl.last_step is not None:
            yield violated(tl.step_of_day(deadline + 1), "Mistanken ble ikke meldt til barnevernet samme dag.")
        elif (step := end_step(tl)) is not None:
            yield violated(step, "Mistanken om vold eller overgrep ble aldri meldt til barnevernet.")
        return
    if report.day > deadline:
        yield violated(
            report, f"Meldingen ble sendt dag {report.day}, {report.day - known} dager etter at mistanken oppsto."
        )
        return
    if tl.final.facts.acute and not _police_alerted(tl):
        if (step := end_step(tl)) is not None:
            yield violated(step, "Situasjonen var akutt, men politiet ble ikke varslet.")
        return
    same_day = "samme dag som mistanken oppsto" if report.day == known else f"dag {report.day}, innenfor fristen"
    police = ", og politiet ble varslet." if tl.final.facts.acute else "."
    yield satisfied(report, f"Du meldte til barnevernet {same_day}{police}")


@rule("VO-02", credits=(a.Report, a.Share, a.Refer, a.CallEmergency))
def no_confrontation_before_report(tl: Timeline) -> Iterator[Hit]:
    """The suspect, and whoever the case says may protect the suspect, are not told or confronted before
    barnevern or the police are contacted (in a violence or abuse case, or when a serious crime such as a forced
    marriage is likely) — and after the report, barnevern (not the reporter) decides when
    they are told about it, and nobody confronts them. When nobody is named as suspected, every parent counts
    as off limits. A parent who is neither (the mother who disclosed a step-father's violence) may be told that
    a report will be made and helped with her own and the child's safety.
    """

    def risky(facts: CaseFacts) -> bool:
        return facts.suspicion in VIOLENCE_SUSPICIONS or bool(facts.serious_crime_likely)

    def at_risk(record: Record[a.Action]) -> bool:
        return risky(record.facts)

    # facts change only on entering a node, so the state after a decision has the facts every action in it
    # was taken under: looking at the decisions that have actions looks at every record
    acted = {r.step for r in tl.records}
    if tl.violence_known_day is None and not any(
        risky(state.facts) for step, state in enumerate(tl.step_states) if step in acted
    ):
        return
    first_report = next((r for r in authorities_alerted(tl) if at_risk(r)), None)

    def off_limits(target: str, record: Record[a.Action]) -> bool:
        facts = record.facts
        if facts.suspected is None:
            return tl.party(target).kind == "parent"
        protectors = facts.may_protect_suspect or []
        named = [facts.suspected, *protectors]
        if is_both_parents(target):  # «foreldre» includes a suspected or protecting parent
            return any(tl.party(person).kind == "parent" for person in named)
        return tl.is_suspect(target, facts) or any(matches_person(target, p, tl.context) for p in protectors)

    reported = False
    for record in tl.records:
        if first_report is not None and record is first_report:
            reported = True
            continue
        if record.is_event or not at_risk(record):
            continue
        action = record.action
        if reported:
            if isinstance(action, a.Inform) and action.about == "melding" and off_limits(action.who, record):
                yield violated(
                    record,
                    f"Du fortalte {tl.display(action.who)} om meldingen. Det er barnevernet "
                    "som avgjør når og hvordan den mistenkte og de som kan beskytte ham, får "
                    "vite om den.",
                )
                return
            if isinstance(action, a.Confront) and off_limits(action.who, record):
                yield violated(
                    record,
                    f"Du konfronterte {tl.display(action.who)} etter meldingen. Det er politiet og "
                    "barnevernet som snakker med den mistenkte; en konfrontasjon kan ødelegge "
                    "bevis og sette barnet i fare.",
                )
                return
            continue
        for target in contact_target(action):
            if off_limits(target, record):
                yield violated(
                    record,
                    f"Du tok opp mistanken med {tl.display(target)} før barnevernet eller politiet var kontaktet.",
                )
                return
    if first_report is not None:
        yield satisfied(
            first_report, "Barnevernet eller politiet fikk vite det før noen som kunne beskytte den mistenkte."
        )


@rule("VO-03", credits=(a.Report, a.Share, a.CallEmergency))
def avert_serious_crime(tl: Timeline) -> Iterator[Hit]:
    """When a serious crime is certain or most likely, act to avert it regardless of confidentiality — at the
    decision where it became known, while it can still be averted: a report, what the police or barnevern need,
    or 112. When that decision was spent listening to the child (a talk, the words written down), the next
    decision the same day is still at once. Refusing them by citing confidentiality, waiting or closing the
    case is broken, and so is alerting them only later (no ✓ for an alert that may have come too late).

    Only refusing the police or barnevern counts as hiding behind confidentiality; keeping a pupil's
    confidences from the rektor is TP-03's business and can be right.
    """
    start = tl.first_step_where(lambda facts: facts.serious_crime_likely)
    if start is None:
        return
    due = start
    if _listening_step(tl, start):
        due = start + 1  # the decision where it came out was spent listening: the next one, the same day
    known_day = next((r.day for r in tl.records if r.step == start), tl.step_states[start].day)
    for record in tl.records:
        if record.is_event or record.step < start:
            continue
        action = record.action
        if (
            isinstance(action, a.Report)
            or (isinstance(action, a.Share) and tl.party(action.with_).service in ("politi", "barnevern"))
            or (isinstance(action, a.CallEmergency) and action.to == "112")
        ):
            if record.step <= due and record.day == known_day:
                yield satisfied(record, "Du varslet for å avverge det, uten å la taushetsplikten stoppe deg.")
            else:
                yield violated(
                    record,
                    "Du varslet først senere. Avvergeplikten gjelder mens det fortsatt kan "
                    "avverges – varsle med en gang.",
                )
            return
        if isinstance(action, a.Withhold) and tl.party(action.from_).service in ("politi", "barnevern"):
            yield violated(record, "Du viste til taushetsplikten selv om avvergeplikten gikk foran.")
            return
        if isinstance(action, (a.Wait, a.CloseCase)):
            yield violated(record, "Du ventet i stedet for å varsle politi eller barnevern straks.")
            return
    if tl.last_step is not None and (tl.last_step > due or tl.complete):
        yield violated(start, "Verken politiet eller barnevernet ble varslet med en gang.")


def _listening_step(tl: Timeline, step: int) -> bool:
    """The trainee spent the decision listening to the child and writing it down (a disclosure talk): the alert
    cannot come in the middle of it."""
    mine = [r.action for r in tl.step_actions(step)]
    return bool(mine) and all(isinstance(action, a.Talk | a.Document) for action in mine)


@rule("VO-04", credits=(a.Talk, a.Document))
def free_narrative(tl: Timeline) -> Iterator[Hit]:
    """In a disclosure talk: open questions, no leading questions; the child's words written down verbatim.

    A talk that only tells the child what happens next (explain_sharing, reassure …) is not a disclosure
    talk and is not judged here.
    """
    age = tl.final.facts.child_age
    if tl.violence_known_day is None or (age is not None and age >= 18):
        return  # about children; an adult's account is not the child's words
    talks = [r for r in child_talks(tl) if tl.violence_at(r) and _disclosure_talk(r.action)]
    verbatim = [r for r in tl.of(a.Document) if not r.is_event and r.action.verbatim and tl.violence_at(r)]
    verbatim_steps = {r.step for r in verbatim}
    for talk in talks:
        moves = set(talk.action.moves)
        if moves & LEADING_MOVES:
            bad = move_labels(moves & LEADING_MOVES)
            yield violated(talk, f"Samtalen brukte {bad} i stedet for åpne spørsmål.")
        elif not verbatim_steps & {talk.step, talk.step + 1}:
            if talk.step + 1 < len(tl.step_states) or tl.complete:
                yield violated(talk.step, "Barnets egne ord ble ikke skrevet ned ordrett rett etter samtalen.")
        elif moves & OPEN_MOVES or not moves:
            yield satisfied(talk, "Du lot barnet fortelle med egne ord, og ordene ble skrevet ned ordrett.")
    if not talks and verbatim:
        yield satisfied(verbatim[0], "Du skrev ned barnets egne ord ordrett.")


@rule("VO-05", credits=(a.Report,))
def personal_duty_to_report(tl: Timeline) -> Iterator[Hit]:
    """Inform the leader, but report yourself: a leader's disagreement does not lift the duty.

    Applies when violence or abuse is suspected, or when the leader disagrees while the duty to report
    applies. A leader who says «vent» about an ordinary worry below the threshold is right, not overruled.
    """
    facts = tl.final.facts
    duty = duty_to_report(facts) is not None
    if reports_to_itself(tl) or (tl.violence_known_day is None and not (facts.leader_disagrees and duty)):
        return
    owed_from = next((r.step for r in tl.records if duty_to_report(r.facts) is not None), None)
    report = next((r for r in reports_to(tl, "barnevern") if owed_from is not None and r.step >= owed_from), None)
    disagree_day = tl.final.fact_day("leader_disagrees") if facts.leader_disagrees else None
    if disagree_day is not None:
        # waiting because the leader wants to wait is the breach, even if the report comes later
        for record in tl.records:
            if report is not None and record.step >= report.step:
                break
            if not record.is_event and record.day >= disagree_day and isinstance(record.action, (a.Wait, a.CloseCase)):
                yield violated(record, "Du lot være å melde fordi lederen ville vente. Meldeplikten er personlig.")
                return
        if report is None:
            if (step := end_step(tl)) is not None:
                yield violated(step, "Lederen var uenig, og meldingen ble aldri sendt. Meldeplikten er personlig.")
            return
    if report is None:
        return
    if report.before.leader_day is None and tl.final.leader_day is None:
        if (step := end_step(tl)) is not None:
            yield violated(step, "Du meldte, men informerte ikke lederen din.")
        return
    after = " selv om lederen ville vente." if disagree_day is not None else ", og lederen visste om det."
    yield satisfied(report, "Du meldte selv" + after)


@rule("VO-06", credits=(a.Report,))
def written_and_identified(tl: Timeline) -> Iterator[Hit]:
    """A report to barnevern is written and carries the reporter's name (a public employee does not report
    anonymously); a report to the police may be a phone call but is not anonymous. What goes into a report
    is TP-05's business.
    """
    for report in reports_to(tl, "barnevern", "politi"):
        action = report.action
        problems = []
        if action.to == "barnevern" and not action.written:
            problems.append("ikke skriftlig")
        if action.anonymous:
            problems.append("anonym")
        if problems:
            yield violated(report, "Meldingen var " + " og ".join(problems) + ".")
        else:
            yield satisfied(
                report,
                "Meldingen var skriftlig og med navnet ditt."
                if action.to == "barnevern"
                else "Du varslet politiet med navnet ditt.",
            )
