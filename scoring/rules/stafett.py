"""Stafettholder and stafettlogg: consent to the log, one named holder, handover, family's say, owners, access."""

from __future__ import annotations

from collections.abc import Iterator

from scoring import actions as a
from scoring.registry import Hit, rule, satisfied, violated
from scoring.rules.common import end_step
from scoring.rules.samtykke import lacks_parental_responsibility
from scoring.timeline import Record, Timeline
from scoring.vocabulary import SERVICES, normalise

#: Words that name an institution, not a person ("skolen har ansvaret" is no stafettholder).
INSTITUTIONS = frozenset(
    {
        "skolen",
        "barnehagen",
        "helsestasjonen",
        "kommunen",
        "tjenesten",
        "avdelingen",
        "teamet",
        "alle",
        "nav-kontoret",
        "barnevernet",
        "ppt-kontoret",
        "ressursteamet",
        "skolehelsetjenesten",
        "ledelsen",
    }
)


def _cap(text: str) -> str:
    """First letter upper-case, for a detail that starts with a name or title."""
    return text[:1].upper() + text[1:]


#: Days a child may be without a stafettholder after the holder leaves before someone must have taken over
#: (STAF-03: «it must always be clear who it is»; a week is the time a handover meeting takes to arrange).
MAX_GAP_DAYS = 7

#: Service names that are also a person's title («jordmor har ansvaret» names one person).
PERSON_TITLES = frozenset({"jordmor", "fastlege"})


def _is_person(tl: Timeline, who: str | None) -> bool:
    """A named person or a title (kontaktlærer, helsesykepleier) — not a service or an institution."""
    if not who:
        return False
    key = normalise(who)
    role = tl.party(who).role
    if key in INSTITUTIONS:
        return False
    return (key not in SERVICES and role not in SERVICES) or key in PERSON_TITLES or role in PERSON_TITLES


def _family_present(tl: Timeline, step: int) -> bool:
    """A meeting with the parents (or the youth) is held at this decision."""
    return any(
        r.step == step and any(tl.party(p).kind in ("parent", "child") for p in r.action.participants)
        for r in tl.of(a.HoldMeeting)
        if not r.is_event
    )


@rule("STAF-01", credits=(a.OpenLog,))
def consent_to_log(tl: Timeline) -> Iterator[Hit]:
    """The stafettlogg is opened only after consent from the parents with foreldreansvar, and from the youth
    from the kommune's ``youth_log_consent_age`` (or from the pregnant woman, or the young adult alone)."""
    for record in tl.of(a.OpenLog):
        if record.is_event:
            continue
        log_consents = [
            c for c in record.before.consents if c.valid and (c.matter == "stafettlogg" or "stafettlogg" in c.services)
        ]
        facts = record.facts
        givers = {giver for c in log_consents for giver in c.givers}  # each judged once, however many consents
        lacking = {giver: lacks_parental_responsibility(tl, giver, facts) for giver in givers}
        kinds = {tl.party(g).kind for g, lacks in lacking.items() if not lacks}
        need_youth = bool(facts.pregnant) or (
            facts.child_age is not None and facts.child_age >= tl.profile.youth_log_consent_age
        )
        need_parents = not facts.pregnant and (facts.child_age is None or facts.child_age < 18)
        ineligible = sorted(g for g, lacks in lacking.items() if lacks)
        missing = []
        if need_parents and "parent" not in kinds:
            missing.append(
                f"foreldrene med foreldreansvar ({', '.join(ineligible)} har det ikke)" if ineligible else "foreldrene"
            )
        if need_youth and "child" not in kinds:
            missing.append("ungdommen selv" if not facts.pregnant else "den gravide")
        if missing:
            yield violated(record, "Loggen ble åpnet uten samtykke fra " + " og ".join(missing) + ".")
        else:
            yield satisfied(record, "Loggen ble åpnet etter samtykke fra dem som skulle samtykke.")


@rule("STAF-02", credits=(a.AppointStafettholder, a.HandOverStafett))
def one_named_holder(tl: Timeline) -> Iterator[Hit]:
    """One named stafettholder when measures start (at the same meeting, or confirmed at the next decision)."""
    measures = [r for r in tl.of(a.PlanMeasure) if not r.is_event and not tl.violence_at(r)]
    if not measures:
        return
    first = measures[0]
    last = tl.last_step if tl.last_step is not None else first.step
    by = min(first.step + 1, last)
    holder = tl.step_states[by].stafettholder or tl.step_states[first.step].stafettholder
    if holder is None and by < first.step + 1 and not tl.complete:
        return  # the next decision may still name one
    if holder is None:
        yield violated(first, "Tiltak startet uten at noen ble utnevnt til stafettholder.")
    elif not _is_person(tl, holder):
        yield violated(first, f"«{tl.display(holder)}» er ikke en person. Stafettholderen må være én navngitt person.")
    else:
        named = [
            r
            for r in tl.of(a.AppointStafettholder, a.HandOverStafett)
            if not r.is_event and r.step <= by and r.after.stafettholder == holder and r.before.stafettholder != holder
        ]
        if named:  # a holder already in place when the case began earns nothing now
            yield satisfied(named[-1], f"{_cap(tl.display(holder))} er stafettholder.")


def _handovers(tl: Timeline) -> list[Record[a.HandOverStafett | a.AppointStafettholder]]:
    """Handovers, and new appointments that replace a holder already in place."""
    return [
        r
        for r in tl.of(a.HandOverStafett, a.AppointStafettholder)
        if not r.is_event
        and (
            isinstance(r.action, a.HandOverStafett)
            or (r.before.stafettholder is not None and normalise(r.action.who) != normalise(r.before.stafettholder))
        )
    ]


@rule("STAF-03", credits=(a.HandOverStafett, a.AppointStafettholder))
def handover_accepted(tl: Timeline) -> Iterator[Hit]:
    """The baton passes only to a named person who has accepted it, and a leaving holder is replaced within
    :data:`MAX_GAP_DAYS` — a child is never long without a stafettholder."""
    handovers = _handovers(tl)
    leaving_day = tl.final.fact_day("stafettholder_leaving") if tl.final.facts.stafettholder_leaving else None
    for record in handovers:
        new = record.action.to if isinstance(record.action, a.HandOverStafett) else record.action.who
        if not record.action.accepted:
            yield violated(
                record, f"{_cap(tl.display(new))} hadde ikke takket ja, men stafetten ble regnet som overlevert."
            )
        elif not _is_person(tl, new):
            yield violated(record, f"«{tl.display(new)}» er ikke en person. Stafetten må gå til én navngitt person.")
        else:
            yield satisfied(record, f"{_cap(tl.display(new))} hadde tatt imot stafetten.")
    if leaving_day is None or tl.final.closed:
        return
    takeover = next((r for r in handovers if r.action.accepted and r.day >= leaving_day), None)
    already_reported = any(not r.action.accepted for r in handovers)
    if already_reported:
        return
    # the gap is charged to the decision during which the week ran out, not to the late takeover itself
    crossing = tl.step_of_day(leaving_day + MAX_GAP_DAYS + 1)
    if takeover is not None:
        gap = takeover.day - leaving_day
        if gap > MAX_GAP_DAYS:
            yield violated(
                min(crossing, takeover.step) if crossing is not None else takeover.step,
                f"Det gikk {gap} dager uten stafettholder før noen tok over.",
            )
    elif tl.final.day - leaving_day > MAX_GAP_DAYS and tl.last_step is not None:
        yield violated(crossing, f"Det gikk mer enn {MAX_GAP_DAYS} dager uten at noen tok over stafetten.")
        later_wait = next(
            (
                r
                for r in tl.records
                if not r.is_event and isinstance(r.action, a.Wait) and crossing is not None and r.step > crossing
            ),
            None,
        )
        if later_wait is not None:
            yield violated(later_wait, "Du lot stafetten ligge enda lenger uten at noen holdt den.")
    elif (step := end_step(tl)) is not None:
        yield violated(step, "Stafettholderen sluttet, og ingen tok over stafetten.")


@rule("STAF-04", credits=(a.AppointStafettholder, a.HandOverStafett))
def family_chooses_holder(tl: Timeline) -> Iterator[Hit]:
    """The family's wishes are weighed when the holder is chosen (asked, or agreed in a meeting with them).

    Every handover counts, also back to a holder returning from leave: capacity and the family's wishes are
    weighed again. Not judged while violence or abuse is suspected: the parents may be the ones barnevern
    must protect the child from.
    """
    for record in tl.of(a.AppointStafettholder, a.HandOverStafett):
        if record.is_event or tl.violence_at(record):
            continue
        if record.action.family_asked or _family_present(tl, record.step):
            yield satisfied(record, "Familien fikk si hvem de ønsket som stafettholder.")
        else:
            yield violated(record, "Familien ble ikke spurt om hvem de ønsket som stafettholder.")


@rule("STAF-05", credits=(a.PlanMeasure,))
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
            yield violated(record, f"Tiltaket «{record.action.what}» mangler " + " og ".join(missing) + ".")
        else:
            yield satisfied(
                record,
                f"Tiltaket har en ansvarlig ({tl.display(record.action.owner or '')}) og en "
                f"evalueringsdato om {record.action.evaluate_in_days} dager.",
            )


@rule("STAF-06", credits=(a.AddLogReader,))
def family_controls_access(tl: Timeline) -> Iterator[Hit]:
    """Only the family and the people they approve read the log. When the log is the youth's own — a pregnant
    woman's, a young adult's, or a youth who keeps something from the parents — the parents are not readers
    by default either: the youth approves them like anyone else."""
    for record in tl.of(a.AddLogReader):
        if record.is_event:
            continue
        facts = record.facts
        own_log = bool(
            facts.pregnant or facts.youth_wants_privacy or (facts.child_age is not None and facts.child_age >= 18)
        )
        kind = tl.party(record.action.who).kind
        family = kind == "child" or (kind == "parent" and not own_log)
        if record.action.approved_by_family or family:
            yield satisfied(record, "Familien hadde godkjent hvem som fikk lese loggen.")
        else:
            who = _cap(tl.display(record.action.who))
            yield violated(record, f"{who} fikk tilgang til loggen uten at familien hadde godkjent det.")
