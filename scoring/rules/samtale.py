"""Conversation technique: open questions in the child's own words; no secrecy promises, no accusations."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.actions import LEADING_MOVES, OPEN_MOVES, move_labels
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import child_talks
from scoring.timeline import Timeline


@rule("SAMT-01", credits=(a.Talk,))
def open_questions(tl: Timeline) -> Iterator[Hit]:
    """Open, inviting questions and the child's own words; no leading or yes/no questions, and no putting off a
    child who wants to tell.

    About children and youths: an adult pregnant woman (the «child» party in her case) is not judged here.
    """
    facts = tl.final.facts
    if facts.pregnant and (facts.child_age is None or facts.child_age >= 18):
        return
    for talk in child_talks(tl):
        if tl.violence_at(talk):
            continue  # VO-04 judges disclosure talks
        moves = set(talk.action.moves)
        if "put_off" in moves:
            yield violated(
                talk, "Barnet ville fortelle, men du utsatte samtalen. Øyeblikket kommer kanskje ikke igjen."
            )
        elif moves & LEADING_MOVES:
            yield violated(talk, "Spørsmålene var ledende eller lukkede: " + move_labels(moves & LEADING_MOVES) + ".")
        elif moves & OPEN_MOVES:
            yield satisfied(talk, "Du brukte " + move_labels(moves & OPEN_MOVES) + ".")


@rule("SAMT-02", credits=(a.Talk,))
def no_secrecy_no_accusation(tl: Timeline) -> Iterator[Hit]:
    """Never promise secrecy; tell the child what may have to be shared. With the parents, a concern built on
    concrete observations — not an accusation, and not the child's own words. A talk with the parents held
    by two staff is named in the ✓ (good practice; alone is not a breach)."""
    for talk in tl.of(a.Talk):
        if talk.is_event:
            continue
        moves = set(talk.action.moves)
        kind = tl.party(talk.action.with_).kind
        if "promise_secrecy" in moves:
            yield violated(talk, "Du lovet å holde på en hemmelighet du kanskje ikke kan holde.")
        elif kind == "parent" and moves & {"accuse", "quote_child"}:
            what = "anklaget foreldrene" if "accuse" in moves else "siterte barnet direkte overfor foreldrene"
            yield violated(talk, f"Du {what}.")
        elif kind == "parent" and moves & {"concrete_observations", "concern_not_accusation"}:
            two = ", og dere var to ansatte" if talk.action.two_staff else ""
            yield satisfied(talk, f"Du la fram en bekymring bygd på konkrete observasjoner{two}.")
        elif kind == "child" and "explain_sharing" in moves:
            yield satisfied(talk, "Du lovet ikke hemmelighold, men fortalte hva du kanskje må dele.")


def _with_parents(tl: Timeline, action: a.Talk | a.HoldMeeting) -> bool:
    targets = [action.with_] if isinstance(action, a.Talk) else list(action.participants)
    return any(tl.party(t).kind == "parent" for t in targets)


@rule("SAMT-03", credits=(a.Talk, a.HoldMeeting))
def qualified_interpreter(tl: Timeline) -> Iterator[Hit]:
    """A child never interprets (tolkeloven § 4), and when the parents need an interpreter to understand what
    they are told (``needs_interpreter``), every talk or meeting with them has a qualified one (§ 6)."""
    for record in tl.of(a.Talk, a.HoldMeeting):
        if record.is_event:
            continue
        action = record.action
        if isinstance(action, a.Talk) and action.child_interprets:
            yield violated(record, "Et barn ble brukt som tolk. Offentlige tjenester skal ikke bruke barn som tolk.")
        elif record.facts.needs_interpreter and _with_parents(tl, action):
            if action.interpreter:
                yield satisfied(record, "En kvalifisert tolk var med, så foreldrene forsto og kunne svare.")
            else:
                yield violated(record, "Foreldrene trengte tolk, men samtalen var uten kvalifisert tolk.")
