"""Stafettholder and stafettlogg: consent to the log, one named holder, handover, family's say, owners, access."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.engine import Timeline
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step
from scoring.vocabulary import normalise

#: Words that name an institution, not a person ("skolen har ansvaret" is no stafettholder).
INSTITUTIONS = frozenset(
    {"skolen", "barnehagen", "helsestasjonen", "kommunen", "tjenesten", "avdelingen", "teamet", "alle", "nav-kontoret"}
)


def _is_person(tl: Timeline, who: str | None) -> bool:
    if not who:
        return False
    return normalise(who) not in INSTITUTIONS and tl.party(who).kind not in ("service",)


@rule("STAF-01")
def consent_to_log(tl: Timeline) -> Iterator[Hit]:
    """The stafettlogg is opened only after consent from the parents (and the youth above the local age)."""
    for record in tl.of(a.OpenLog):
        if record.is_event:
            continue
        log_consents = [
            c
            for c in record.before.consents
            if c.status == "given" and (c.matter == "stafettlogg" or "stafettlogg" in c.services)
        ]
        kinds = {tl.party(g).kind for c in log_consents for g in c.givers}
        facts = record.facts
        need_youth = bool(facts.pregnant) or (
            facts.child_age is not None and facts.child_age >= tl.profile.youth_log_consent_age
        )
        need_parents = not facts.pregnant and (facts.child_age is None or facts.child_age < 18)
        missing = []
        if need_parents and "parent" not in kinds:
            missing.append("foreldrene")
        if need_youth and "child" not in kinds:
            missing.append("ungdommen selv" if not facts.pregnant else "den gravide")
        if missing:
            yield violated(record.step, "Loggen ble åpnet uten samtykke fra " + " og ".join(missing) + ".")
        else:
            yield satisfied(record.step)


@rule("STAF-02")
def one_named_holder(tl: Timeline) -> Iterator[Hit]:
    """One named stafettholder when measures start."""
    measures = [r for r in tl.of(a.PlanMeasure) if not r.is_event and not tl.violence_at(r)]
    if not measures:
        return
    first = measures[0]
    holder = tl.step_states[first.step].stafettholder
    if holder is None and first.step == tl.last_step and not tl.complete:
        return
    if holder is None:
        yield violated(first.step, "Tiltak startet uten at noen ble utnevnt til stafettholder.")
    elif not _is_person(tl, holder):
        yield violated(first.step, f"«{holder}» er ikke en person. Stafettholderen må være én navngitt person.")
    else:
        yield satisfied(first.step)


@rule("STAF-03")
def handover_accepted(tl: Timeline) -> Iterator[Hit]:
    """The baton passes only when the new holder has accepted it."""
    for record in tl.of(a.HandOverStafett):
        if record.is_event:
            continue
        if record.action.accepted:
            yield satisfied(record.step)
        else:
            yield violated(record.step, f"{record.action.to} hadde ikke takket ja, men stafetten ble regnet som overlevert.")
        return
    if tl.final.facts.stafettholder_leaving and (step := end_step(tl)) is not None:
        yield violated(step, "Stafettholderen sluttet, og ingen tok over stafetten.")


@rule("STAF-04")
def family_chooses_holder(tl: Timeline) -> Iterator[Hit]:
    """The family's wishes are weighed when the holder is chosen."""
    for record in tl.of(a.AppointStafettholder, a.HandOverStafett):
        if record.is_event:
            continue
        if record.action.family_asked:
            yield satisfied(record.step)
        else:
            yield violated(record.step, "Familien ble ikke spurt om hvem de ønsket som stafettholder.")


@rule("STAF-05")
def measure_owner_and_date(tl: Timeline) -> Iterator[Hit]:
    """Every measure has a responsible person and an evaluation date."""
    for record in tl.of(a.PlanMeasure):
        if record.is_event:
            continue
        missing = []
        if not _is_person(tl, record.action.owner):
            missing.append("en ansvarlig person")
        if record.action.evaluate_in_days is None:
            missing.append("en evalueringsdato")
        if missing:
            yield violated(record.step, f"Tiltaket «{record.action.what}» mangler " + " og ".join(missing) + ".")
        else:
            yield satisfied(record.step)


@rule("STAF-06")
def family_controls_access(tl: Timeline) -> Iterator[Hit]:
    """Only the family and the people they approve read the log."""
    for record in tl.of(a.AddLogReader):
        if record.is_event:
            continue
        if record.action.approved_by_family:
            yield satisfied(record.step)
        else:
            yield violated(record.step, f"{record.action.who} fikk tilgang til loggen uten at familien hadde godkjent det.")
