"""Documentation: each talk, decision and refusal is written down; meetings have minutes; the stafettlogg
is in use while measures run at the kommune's log level.

Where a more specific rule already asks for the note, DOK-01 leaves it to that rule so one omission is
reported once: the child's words in a violence case (VO-04), a level-0 decision without a reason
(HV-N0-04), a contact with the parents that should not have happened (VO-02).
"""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.registry import Hit, rule, satisfied, violated
from scoring.timeline import Record, Timeline

# Action types are final (no action type extends another), so ``type(action) is X`` is the isinstance test —
# without the cost of a failed isinstance on a pydantic model, paid here for every talk and meeting.


def _needs_note(tl: Timeline, record: Record[a.Action]) -> str | None:
    """What about this record must be written down, or None."""
    action = record.action
    if type(action) is a.Talk:
        kind = tl.party(action.with_).kind
        if kind not in ("child", "parent"):
            return None
        if tl.violence_at(record) and (kind == "child" or not record.before.reports):
            return None  # VO-04 wants the child's words verbatim; VO-02 judges talking to parents first
        return "samtalen"
    if type(action) is a.SetLevel and not action.reason and record.before.level >= 1:
        return "beslutningen om nivå"
    if type(action) is a.AskConsent and action.answer == "refused":
        return "nei-et til samtykke"
    if type(action) is a.WithdrawConsent:
        return "at samtykket ble trukket"
    return None


def _log_refused(record: Record[a.Action]) -> bool:
    """A consent to the stafettlogg had been refused or withdrawn when the action happened."""
    return any(
        c.status != "given" and (c.matter == "stafettlogg" or "stafettlogg" in c.services)
        for c in record.after.consents
    )


@rule("DOK-01", credits=(a.Document, a.HoldMeeting))
def document_each_step(tl: Timeline) -> Iterator[Hit]:
    """Talks, level decisions, and a refused or withdrawn consent are written down (at the same or the next
    decision, or in the minutes of a meeting at the same decision); meetings have minutes; and a measure planned
    while the case is at
    or above the kommune's ``log_from_level`` has the stafettlogg in use then or later in the case — judged at
    the level in force when the measure was made, and not where the family refused or withdrew the log.

    Followed at each decision where something is written down or minuted. Something in the play-through's
    last decision is not held against the trainee: there was no next decision to write it down in.
    """
    notes = [r for r in tl.of(a.Document) if not r.is_event]
    minutes = [r for r in tl.of(a.HoldMeeting) if not r.is_event and r.action.minutes]
    noted = {r.step for r in notes}
    # minutes document what was talked about and decided in their own meeting, not earlier decisions
    minuted = {r.step for r in minutes}
    last = len(tl.step_states) - 1
    for record in tl.of(a.HoldMeeting, a.Talk, a.SetLevel, a.AskConsent, a.WithdrawConsent):
        action = record.action
        if record.is_event and type(action) is not a.WithdrawConsent:
            continue
        if type(action) is a.HoldMeeting and not action.minutes:
            yield violated(record, f"Det ble ikke skrevet referat fra {action.kind}.")
            return
        if record.step in noted or record.step + 1 in noted or record.step in minuted:
            continue  # written down already: what it was does not matter
        what = _needs_note(tl, record)
        if what is None:
            continue
        if record.step < last or tl.complete and isinstance(action, a.WithdrawConsent):
            yield violated(record.step if record.is_event else record, f"Ingen skrev ned {what}.")
            return
    states = tl.step_states
    # the last decision after which the log was open: a measure has the log in use then or later iff it came
    # no later than that
    last_open = next((i for i in range(len(states) - 1, -1, -1) if states[i].log_open), -1)
    for measure in tl.of(a.PlanMeasure):
        if measure.is_event or tl.violence_at(measure):
            continue
        level = states[measure.step].level
        if level < tl.profile.log_from_level or _log_refused(measure):
            continue
        in_use = last_open >= measure.step
        if not in_use and tl.complete:
            yield violated(
                measure, f"Tiltaket «{measure.action.what}» kom på nivå {level} uten at stafettloggen ble tatt i bruk."
            )
            return
    seen: set[int] = set()
    for record in sorted([*notes, *minutes], key=lambda r: r.step):
        if record.step not in seen:
            seen.add(record.step)
            yield satisfied(record)
