"""Documentation: each talk, refusal and decision is written down; minutes; the log kept in use."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Record, Timeline
from scoring.registry import Hit, rule, satisfied, violated


def _needs_note(tl: Timeline, record: Record) -> str | None:
    """What about this record must be written down, or None."""
    action = record.action
    if isinstance(action, a.Talk) and tl.party(action.with_).kind in ("child", "parent"):
        return "samtalen"
    if isinstance(action, a.AskConsent) and action.answer == "refused":
        return "avslaget på samtykke"
    if isinstance(action, a.WithdrawConsent):
        return "at samtykket ble trukket"
    if isinstance(action, a.SetLevel) and not action.reason:
        return "beslutningen om nivå"
    return None


@rule("DOK-01")
def document_each_step(tl: Timeline) -> Iterator[Hit]:
    """Talks, refusals and decisions are documented; meetings have minutes; the log is used when measures run."""
    doc_steps = {r.step for r in tl.of(a.Document) if not r.is_event}
    last = len(tl.step_states) - 1
    found = False
    for record in tl.records:
        action = record.action
        if isinstance(action, a.HoldMeeting) and not record.is_event:
            found = True
            if not action.minutes:
                yield violated(record.step, f"Det ble ikke skrevet referat fra {action.kind}.")
                return
            continue
        what = _needs_note(tl, record)
        if what is None:
            continue
        found = True
        if record.step in doc_steps or record.step + 1 in doc_steps:
            continue
        if record.step < last or tl.complete:
            yield violated(record.step, f"Ingen skrev ned {what}.")
            return
    if tl.complete and tl.final.measures and not tl.final.log_open:
        high = max(level for _, level in tl.final.level_history)
        refused = any(c.status != "given" and c.matter == "stafettlogg" for c in tl.final.consents)
        ever_opened = bool(tl.of(a.OpenLog)) or tl.initial.log_open
        if high >= tl.profile.log_from_level and not refused and not ever_opened:
            yield violated(tl.last_step, f"Tiltak på nivå {high} uten at stafettloggen ble tatt i bruk.")
            return
    if found and doc_steps:
        yield satisfied(min(doc_steps))
