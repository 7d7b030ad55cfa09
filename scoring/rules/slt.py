"""SLT-møte: part 1 without names, part 2 only with written consent and the right people, agenda in advance."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.registry import Hit, rule, satisfied, violated
from scoring.timeline import Record, Timeline


def _discussions(tl: Timeline, part: int | None = None) -> list[Record[a.SltDiscussion]]:
    return [r for r in tl.of(a.SltDiscussion) if not r.is_event and (part is None or r.action.part == part)]


@rule("SLT-01", credits=(a.SltDiscussion,))
def part1_no_names(tl: Timeline) -> Iterator[Hit]:
    """Part 1 of the SLT-møte deals with general trends only — no names or identifying details."""
    for record in _discussions(tl, 1):
        if record.action.identifiable:
            yield violated(record, "En enkeltungdom ble gjenkjennelig i del 1 av SLT-møtet.")
        else:
            yield satisfied(record, "Del 1 handlet om tendenser, uten navn eller gjenkjennelige detaljer.")


@rule("SLT-02", credits=(a.SltDiscussion,))
def part2_written_consent(tl: Timeline) -> Iterator[Hit]:
    """Part 2: an individual youth only with written consent naming the participants; only they are present."""
    for record in _discussions(tl, 2):
        problems = []
        if not record.action.written_consent:
            problems.append("ungdommen ble drøftet uten skriftlig samtykke")
        if not record.action.only_concerned_present:
            problems.append("flere enn dem samtykket nevner, var til stede")
        if problems:
            yield violated(record, "I del 2 av SLT-møtet: " + ", og ".join(problems) + ".")
        else:
            yield satisfied(record, "Del 2 hadde skriftlig samtykke, og bare de samtykket nevnte var til stede.")


@rule("SLT-03", credits=(a.SendAgenda,))
def agenda_in_advance(tl: Timeline) -> Iterator[Hit]:
    """The agenda is sent in advance and marks part 1 and part 2 — the SLT coordinator's task, so judged only
    when the trainee is the coordinator (``case_kind: slt``)."""
    discussions = _discussions(tl)
    if not discussions or tl.context.case_kind != "slt":
        return
    first = discussions[0]
    agendas = [r for r in tl.of(a.SendAgenda) if not r.is_event and r.step <= first.step]
    if not agendas:
        yield violated(first.step, "Det ble ikke sendt ut saksliste på forhånd.")
    elif not agendas[-1].action.parts_marked:
        yield violated(agendas[-1], "Sakslista skilte ikke mellom del 1 og del 2.")
    else:
        yield satisfied(agendas[-1], "Sakslista ble sendt på forhånd, med del 1 og del 2 hver for seg.")
