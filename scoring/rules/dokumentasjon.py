"""Documentation: each talk and decision is written down; meetings have minutes; the log kept in use.

Where a more specific rule already asks for the note, DOK-01 leaves it to that rule so one omission is
reported once: the child's words in a violence case (VO-04), a refusal or withdrawal (SAM-06), a level-0
decision without a reason (HV-N0-04), a contact with the parents that should not have happened (VO-02).
"""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Record, Timeline
from scoring.registry import Hit, rule, satisfied, violated


def _needs_note(tl: Timeline, record: Record) -> str | None:
    """What about this record must be written down, or None."""
    action = record.action
    if isinstance(action, a.Talk):
        kind = tl.party(action.with_).kind
        if kind not in ("child", "parent"):
            return None
        if tl.violence_at(record) and (kind == "child" or not record.before.reports):
            return None  # VO-04 wants the child's words verbatim; VO-02 judges talking to parents first
        return "samtalen"
    if isinstance(action, a.SetLevel) and not action.reason and record.before.level >= 1:
        return "beslutningen om nivå"
    return None


@rule("DOK-01")
def document_each_step(tl: Timeline) -> Iterator[Hit]:
    """Talks and decisions are documented (same or next decision; a meeting's minutes count); meetings have
    minutes; the stafettlogg is used when measures run at or above the kommune's ``log_from_level``.

    Followed at each decision where something is written down or minuted. A talk in the play-through's
    last decision is not held against the trainee: there was no next decision to write it down in.
    """
    doc_steps = {r.step for r in tl.of(a.Document) if not r.is_event}
    # Minutes document what was talked about and decided in the meeting they come from (not earlier decisions).
    minuted = {r.step for r in tl.of(a.HoldMeeting) if not r.is_event and r.action.minutes}
    last = len(tl.step_states) - 1
    for record in tl.of(a.HoldMeeting, a.Talk, a.SetLevel):  # the only actions _needs_note asks about
        action = record.action
        if record.is_event:
            continue
        if isinstance(action, a.HoldMeeting) and not action.minutes:
            yield violated(record.step, f"Det ble ikke skrevet referat fra {action.kind}.")
            return
        what = _needs_note(tl, record)
        if what is None:
            continue
        if record.step in doc_steps or record.step + 1 in doc_steps or record.step in minuted:
            continue
        if record.step < last:
            yield violated(record.step, f"Ingen skrev ned {what}.")
            return
    if tl.complete and tl.final.measures and not tl.final.log_open and tl.violence_known_day is None:
        high = max(level for _, level in tl.final.level_history)
        refused = any(c.status != "given" and c.matter == "stafettlogg" for c in tl.final.consents)
        ever_opened = bool(tl.of(a.OpenLog)) or tl.initial.log_open
        if high >= tl.profile.log_from_level and not refused and not ever_opened:
            yield violated(tl.last_step, f"Tiltak på nivå {high} uten at stafettloggen ble tatt i bruk.")
            return
    for step in sorted(doc_steps | minuted):
        yield satisfied(step)
