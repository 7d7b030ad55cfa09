"""Small helpers several rule families use: who counts as contacted, what counts as sharing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring import actions as a

if TYPE_CHECKING:
    from scoring.engine import Record, Timeline


def contact_target(action: a.Action) -> list[str]:
    """The people an action puts the trainee in contact with (talk, inform, confront, consent, share, meeting)."""
    match action:
        case a.Talk(with_=who) | a.Inform(who=who) | a.Confront(who=who):
            return [who]
        case a.AskConsent(from_=givers):
            return list(givers)
        case a.Share(with_=who):
            return [who]
        case a.HoldMeeting(participants=participants):
            return list(participants)
        case _:
            return []


def parent_contacts(tl: Timeline) -> list[Record]:
    """Records where the trainee talks with, informs, confronts or asks a parent."""
    cached = tl.cache.get("parent_contacts")
    if cached is None:
        cached = tl.cache["parent_contacts"] = [
            r
            for r in tl.of(a.Talk, a.Inform, a.Confront, a.AskConsent, a.Share)
            if not r.is_event and any(tl.party(t).kind == "parent" for t in contact_target(r.action))
        ]
    return cached  # type: ignore[return-value]


def child_talks(tl: Timeline) -> list[Record]:
    """Talks with the child (or youth, or the pregnant woman)."""
    return [r for r in tl.of(a.Talk) if not r.is_event and tl.party(r.action.with_).kind == "child"]


def reports_to(tl: Timeline, *dest: str) -> list[Record]:
    """The trainee's reports to barnevern and/or politi."""
    return [r for r in tl.of(a.Report) if not r.is_event and r.action.to in dest]


def end_step(tl: Timeline) -> int | None:
    """The decision a whole-trace verdict is pinned to: the last one, or None while still playing."""
    return tl.last_step if tl.complete else None
