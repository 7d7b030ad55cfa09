"""The kommune's meeting arenas: a named child only with the consent the arena needs, the arena used for what it
is for and after its precondition, and the family's part in it.

An arena is declared in the kommune profile (:class:`scoring.profile.Arena`) and named by ``hold_meeting``'s
``arena``. A meeting that names an arena the profile lacks (a case written for Ullensaker played under
``standard``) is still judged by ARENA-01 on the general footing — the services in the room need the family's
consent (forvaltningsloven § 13 a) — while ARENA-02 and ARENA-03, which are the kommune's own routine, stand
aside.
"""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.profile import Arena
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.eskalering import youth_decides
from scoring.state import Consent
from scoring.timeline import ACRONYMS, Record, Timeline
from scoring.vocabulary import normalise

FORMS = {"written": "skriftlig", "oral_journaled": "muntlig og journalført", "oral": "muntlig"}


def arena_meetings(tl: Timeline) -> list[Record[a.HoldMeeting]]:
    """The trainee's meetings that name an arena."""
    return [r for r in tl.of(a.HoldMeeting) if not r.is_event and r.action.arena is not None]


def _services(tl: Timeline, words: list[str]) -> list[str]:
    """The other services among these words (the trainee's own team needs no consent)."""
    found: list[str] = []
    for word in words:
        party = tl.party(word)
        if party.kind == "service" and party.service and party.service not in found:
            found.append(party.service)
    return found


def _needed(tl: Timeline, record: Record[a.HoldMeeting], arena: Arena | None) -> list[str]:
    """The services a consent must reach for the child to be named at this meeting: every service in the
    room, and at an arena the profile declares also its standing members (unless only those concerned take
    part, as the consent says)."""
    present = _services(tl, record.action.participants)
    if arena is None or arena.only_concerned:
        return present
    return _services(tl, [*arena.members, *record.action.participants])


def _covering(
    tl: Timeline, record: Record[a.HoldMeeting], arena: Arena | None, needed: list[str]
) -> Consent | None:
    """The latest consent holding today that names the arena (the family said yes to the arena as it was
    explained to them, also where the profile does not know it) and reaches any service present that is not
    one of its standing members, or that reaches every needed service."""
    state = record.before
    arena_id = record.action.arena
    members = set(_services(tl, arena.members)) if arena is not None else set()
    guests = [s for s in needed if s not in members] if arena is not None else []
    for consent in reversed(state.consents):
        if not consent.holds(state.day):
            continue
        names_arena = (arena is None or not arena.only_concerned) and arena_id in consent.services
        if names_arena and all(service in consent.services for service in guests):
            return consent
        if all(service in consent.services for service in needed):
            return consent
    return None


def _names(tl: Timeline, services: list[str]) -> str:
    """Services as a finding names them (BUP, PPT in capitals; never a cast member's name)."""
    shown = [ACRONYMS.get(s, s.replace("-", " ")) for s in services]
    return ", ".join(shown[:-1]) + " og " + shown[-1] if len(shown) > 1 else shown[0]


@rule("ARENA-01", credits=(a.HoldMeeting,))
def named_child_needs_consent(tl: Timeline) -> Iterator[Hit]:
    """A named child is brought to an arena only with the consent the arena needs: a valid consent that names
    the arena or reaches every service in it (its standing members and those present; at an arena where only
    those concerned take part, everyone present), in writing where the arena says so. Anonymous discussion
    needs none. An arena that takes no named children is ARENA-02's."""
    for record in arena_meetings(tl):
        action = record.action
        arena = tl.profile.arena(action.arena)
        if action.anonymous or (arena is not None and arena.named_child == "bare-anonymt"):
            continue
        needed = _needed(tl, record, arena)
        if not needed:
            continue
        where = arena.name if arena is not None else "møtet"
        consent = _covering(tl, record, arena, needed)
        if consent is None:
            held = [c for c in record.before.consents if c.holds(record.before.day)]
            missing = [s for s in needed if not any(s in c.services for c in held)] or needed
            yield violated(
                record, f"Barnet ble drøftet med navn i {where} uten samtykke som dekker {_names(tl, missing)}."
            )
        elif arena is not None and arena.named_child == "skriftlig-samtykke" and consent.form != "written":
            yield violated(
                record,
                f"{arena.name} krever skriftlig samtykke før et barn drøftes med navn; samtykket var "
                f"{FORMS.get(consent.form, consent.form)}.",
            )
        else:
            yield satisfied(record, f"Barnet ble drøftet med navn i {where} med samtykke som dekker arenaen.")


def _discussed_before(tl: Timeline, record: Record[a.HoldMeeting], arena: Arena) -> bool:
    """The case was discussed where the arena's precondition says, before this meeting."""
    wanted = {normalise(item) for item in arena.after}
    if wanted & {normalise(item) for item in tl.initial.facts.prior_meetings or ()}:
        return True
    for meeting in record.before.meetings:
        if meeting.arena == arena.id:
            continue  # an earlier meeting at the arena itself is not the discussion it needs first
        if meeting.kind in wanted or (meeting.arena is not None and meeting.arena in wanted):
            return True
        if any(tl.party(p).service in wanted for p in meeting.participants):
            return True
    return False


@rule("ARENA-02", credits=(a.HoldMeeting,))
def arena_for_its_purpose(tl: Timeline) -> Iterator[Hit]:
    """An arena is used for what it is for: no named child where it takes only anonymous or general matters,
    a case brought only by the services it is for, and only after its precondition (e.g. BRUS after another
    team has discussed the case). Judged only at arenas the profile declares."""
    for record in arena_meetings(tl):
        action = record.action
        arena = tl.profile.arena(action.arena)
        if arena is None:
            continue
        problems: list[str] = []
        if arena.named_child == "bare-anonymt" and not action.anonymous:
            problems.append(f"{arena.name} er ikke en arena for å drøfte enkeltbarn med navn")
        if arena.brought_by and tl.context.role not in arena.brought_by:
            problems.append(f"{arena.name} er for saker fra {_names(tl, list(arena.brought_by))}")
        if arena.after and not _discussed_before(tl, record, arena):
            problems.append(f"saken var ikke drøftet i et annet team før den ble meldt til {arena.name}")
        checked = arena.named_child == "bare-anonymt" or arena.brought_by or arena.after
        if problems:
            text = "; ".join(problems)
            yield violated(record, text[0].upper() + text[1:] + ".")
        elif checked:
            yield satisfied(record, f"{arena.name} ble brukt til det den er til for.")


@rule("ARENA-03", credits=(a.HoldMeeting,))
def family_part_in_arena(tl: Timeline) -> Iterator[Hit]:
    """The family has the part in an arena meeting the kommune gives it: takes part (BTI-møte, ansvarsgruppe),
    or takes part or is told that the meeting takes place (tverrfaglig møte). Where the youth decides
    (from 18; in health services from 16), the youth counts as the family. Not judged under a violence or
    abuse suspicion (then the report comes first), nor for anonymous discussion."""
    for record in arena_meetings(tl):
        action = record.action
        arena = tl.profile.arena(action.arena)
        if arena is None or arena.family == "samtykker" or action.anonymous or tl.violence_at(record):
            continue
        kinds = {tl.party(p).kind for p in action.participants}
        present = "parent" in kinds or ("child" in kinds and youth_decides(tl, record))
        if present:
            yield satisfied(record, f"Familien var med i {arena.name}.")
        elif arena.family == "deltar-eller-orientert" and action.family_informed:
            yield satisfied(record, f"Familien visste at {arena.name} skulle drøfte saken.")
        elif arena.family == "deltar":
            yield violated(record, f"{arena.name} ble holdt uten familien, som skal være med.")
        else:
            yield violated(record, f"{arena.name} ble holdt uten familien, og uten at de visste om møtet.")
