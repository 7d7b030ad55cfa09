"""Judging speed: a realistic 50-decision trace through every rule family."""

from __future__ import annotations

import statistics
import time

from scoring import actions as a
from scoring.engine import judge
from scoring.facts import CaseFacts
from scoring.rules import REGISTRY
from scoring.trace import CaseContext, CastEntry, Step, Trace


def fifty_decision_trace() -> Trace:
    """A long level 0→3 case that touches most rule families (consent, sharing, meetings, log, talks)."""
    ctx = CaseContext(
        role="skole",
        cast={"mor": CastEntry(role="mor"), "far": CastEntry(role="far"), "lea": CastEntry(role="barn"),
              "rektor": CastEntry(role="rektor", service="skole")},
        facts=CaseFacts(child_age=13, parental_responsibility=["mor", "far"]),
    )
    cycle: list[list[a.Action]] = [
        [a.Document(what="observasjoner"), a.ConsultLeader()],
        [a.Talk(with_="lea", moves=["open_question", "mirror"]), a.Document(what="Leas ord")],
        [a.Talk(with_="foreldre", moves=["concrete_observations"], two_staff=True), a.Document()],
        [a.AskConsent(from_=["foreldre", "lea"], services=["ppt", "helsestasjon", "stafettlogg"], months=12)],
        [
            a.HoldMeeting(
                kind="tiltaksmøte",
                participants=["foreldre", "lea"],
                child_invited=True,
                child_support_adult="kontaktlærer",
            ),
            a.SetLevel(level=1, reason="tiltak"),
            a.AppointStafettholder(who="kontaktlærer", family_asked=True),
            a.PlanMeasure(what="innsjekk", owner="kontaktlærer", evaluate_in_days=21),
        ],
        [a.Wait(days=21), a.Talk(with_="lea", moves=["open_question"]), a.Document()],
        [
            a.HoldMeeting(kind="evaluering", participants=["foreldre"], child_view=True),
            a.Share(with_="ppt", topics=["lesing"]),
        ],
        [a.OpenLog(), a.AddLogReader(who="ppt", approved_by_family=True), a.ConsultAnonymous(with_="barnevern")],
        [
            a.SetLevel(level=2, reason="ppt inn"),
            a.HoldMeeting(kind="tverrfaglig", participants=["foreldre", "ppt", "helsestasjon"]),
        ],
        [a.Share(with_="personalet"), a.Withhold(from_="trener")],
    ]
    steps = [Step(node=f"n{i}", choice="c", actions=cycle[i % len(cycle)]) for i in range(50)]
    return Trace(context=ctx, steps=steps)


def run(repeats: int = 300) -> list[tuple[str, str, str]]:
    """Mean and p95 time to judge the 50-decision trace."""
    trace = fifty_decision_trace()
    judge(trace)  # warm caches (rulebook, profile)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        judge(trace)
        samples.append(time.perf_counter() - start)
    mean = statistics.fmean(samples) * 1000
    p95 = sorted(samples)[int(len(samples) * 0.95)] * 1000
    label = f"judge(): 50-decision trace, {len(REGISTRY)} rules"
    return [(label, f"{mean:.2f} ms mean, {p95:.2f} ms p95", "≤ 1 ms mean")]
