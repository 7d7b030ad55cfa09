"""Engine behaviour: replay, profiles changing verdicts, partial traces, registry, scorecard."""

from __future__ import annotations

import gc

import pytest

from scoring import actions as a
from scoring.engine import judge, replay
from scoring.facts import CaseFacts
from scoring.profile import bundled_profile
from scoring.registry import DuplicateRuleError, Hit, RuleRegistry
from scoring.rules import REGISTRY
from scoring.rules.dokumentasjon import document_each_step
from scoring.trace import CaseContext, CastEntry, Step, Trace


def trace(*steps: Step, role: str = "skole", age: int = 9) -> Trace:
    ctx = CaseContext(
        role=role,
        cast={"mor": CastEntry(role="mor"), "far": CastEntry(role="far"), "jonas": CastEntry(role="barn")},
        facts=CaseFacts(child_age=age, parental_responsibility=["mor", "far"]),
    )
    return Trace(context=ctx, steps=list(steps))


def step(*actions: a.Action, days_before: int = 0, reveals: CaseFacts | None = None) -> Step:
    return Step(node="n", choice="c", actions=list(actions), days_before=days_before, reveals=reveals)


def test_replay_tracks_day_level_consents_and_ledger() -> None:
    t = trace(
        step(a.Document(what="observasjoner"), a.ConsultLeader()),
        step(a.Wait(days=5), a.AskConsent(from_=["foreldre"], services=["ppt"])),
        step(a.Share(with_="ppt", topics=["lesing"]), a.SetLevel(level=1, reason="tiltak")),
    )
    tl = replay(t)
    final = tl.final
    assert final.day == 5
    assert final.level == 1
    assert final.leader_day == 0
    assert final.consent_for("ppt") is not None and final.consent_for("bup") is None
    assert [d.to for d in final.ledger] == ["ppt"]
    assert final.services_involved == {"ppt"}
    # the state before an action is kept unchanged
    assert tl.records[0].before.documentation == ()


def test_withdrawn_consent_no_longer_covers() -> None:
    t = trace(
        step(a.AskConsent(from_=["mor"], services=["helsestasjon"])),
        Step(node="n", choice="c", events=[a.WithdrawConsent(by="mor")], actions=[a.Share(with_="helsestasjon")]),
    )
    report = judge(t)
    assert "SAM-06" in report.broken_rules


def test_same_trace_different_profiles_give_different_verdicts() -> None:
    t = trace(
        step(a.Document(), a.ConsultLeader()),
        step(a.Talk(with_="foreldre", moves=["concrete_observations"]), a.Document(), days_before=20),
    )
    standard = judge(t, bundled_profile("standard"))
    heim = judge(t, bundled_profile("heim"))
    assert "HV-N0-03" in standard.broken_rules
    assert "HV-N0-03" in heim.followed_rules


def test_partial_trace_holds_deadline_verdicts_until_the_end() -> None:
    t = trace(step(a.Document(), a.ConsultLeader()))
    assert "HV-N0-03" not in judge(t, complete=False).broken_rules
    assert "HV-N0-03" in judge(t, complete=True).broken_rules


def test_judging_is_deterministic() -> None:
    t = trace(step(a.Share(with_="personalet")), step(a.Report(to="barnevern", anonymous=True)))
    assert judge(t) == judge(t)


def test_critical_violation_fails_and_scorecard_is_weighted() -> None:
    t = trace(step(a.Share(with_="personalrommet", topics=["hjemmesituasjon"])))
    report = judge(t)
    assert report.passed is False
    assert "TP-01" in report.summary
    area = next(x for x in report.areas if x.area == "taushetsplikt-samhandling")
    assert area.broken >= 1 and area.score < 100


def test_a_single_serious_finding_does_not_fail_a_sound_path() -> None:
    """One question to another service without consent is a breach (alvorlig), not a failed attempt."""
    report = judge(trace(step(a.Document(), a.ConsultLeader(), a.Share(with_="ppt", topics=["lesing"]))))
    assert "SAM-01" in report.broken_rules
    assert report.passed is True


def test_three_serious_breaches_fail_two_do_not() -> None:
    start = step(a.Document(), a.ConsultLeader())
    two = judge(trace(start, step(a.Share(with_="ppt", topics=["lesing"]), a.Talk(with_="mor", moves=["accuse"]))))
    serious = [f.rule_id for f in two.violations if f.severity == "alvorlig"]
    assert sorted(set(serious)) == ["SAM-01", "SAMT-02"] and two.passed is True
    three = judge(trace(start, step(a.Share(with_="ppt", topics=["lesing"]), a.Talk(with_="mor", moves=["accuse"]),
                                    a.ConsultAnonymous(with_="barnevern", identifiable=True))))
    assert {f.rule_id for f in three.violations if f.severity == "alvorlig"} == {"SAM-01", "SAMT-02", "TP-02"}
    assert three.passed is False and "3 alvorlige brudd" in three.summary


def test_a_bad_ending_never_passes() -> None:
    steps = [step(a.Document(), a.ConsultLeader())]
    good = judge(Trace(context=CaseContext(role="barnehage"), steps=steps, outcome="god"))
    bad = judge(Trace(context=CaseContext(role="barnehage"), steps=steps, outcome="dårlig"))
    assert good.findings == bad.findings
    assert good.passed is True and bad.passed is False
    assert "endte dårlig" in bad.summary


def test_an_unfinished_attempt_has_no_score_and_no_pass() -> None:
    report = judge(trace(step(a.Document(), a.ConsultLeader())), complete=False)
    assert report.complete is False
    assert report.overall is None and report.passed is None and report.areas == []
    assert "Ikke ferdig" in report.summary
    assert report.findings  # feedback per decision is still given


def test_one_share_is_judged_under_one_sharing_rule() -> None:
    t = trace(step(a.Share(with_="ppt")))
    broken = set(judge(t).broken_rules) & {"SAM-01", "SAM-03", "TP-01", "TP-03"}
    assert broken == {"SAM-01"}


def test_feedback_names_services_as_written_and_does_not_repeat_itself() -> None:
    """«SFO-assistent» keeps its capitals and hyphen; the explanation drops its general first sentence when the
    finding's own detail already says it, specifically."""
    report = judge(trace(step(a.AddLogReader(who="sfo-assistent")), step(a.Share(with_="nav-kontoret"))))
    log = next(f for f in report.findings if f.rule_id == "STAF-06")
    assert log.detail == "SFO-assistent fikk tilgang til loggen uten at familien hadde godkjent det."
    assert log.explanation.startswith("Du ga noen tilgang til loggen") and not log.why.startswith("Du ga noen")
    assert log.why and log.why in log.explanation
    share = next(f for f in report.findings if f.rule_id == "TP-01")
    assert share.detail == "NAV-kontoret hadde ingen grunn til å få vite dette."
    # A detail that is not a restatement leaves the explanation whole.
    closing = next(f for f in report.findings if f.rule_id == "HV-N0-04")
    assert closing.why == closing.explanation


def test_registry_refuses_duplicate_ids() -> None:
    registry = RuleRegistry()
    registry.register("X-01", credits=())(lambda tl: [])
    with pytest.raises(DuplicateRuleError):
        registry.register("X-01", credits=())(lambda tl: [])


def test_profile_can_switch_a_rule_off_and_change_severity() -> None:
    from scoring.profile import KommuneProfile, RuleOverride

    base = bundled_profile("standard").model_dump()
    local = KommuneProfile.model_validate(
        {**base, "id": "lokal", "rules": {"SAM-01": RuleOverride(severity="mindre"), "TP-01": {"enabled": False}}}
    )
    t = trace(step(a.Share(with_="ppt")), step(a.Share(with_="personalet")))
    report = judge(t, local)
    assert report.passed  # SAM-01 is no longer critical here, and TP-01 is off
    assert "TP-01" not in report.broken_rules


def test_cast_service_decides_over_a_team_sounding_title() -> None:
    from scoring.parties import resolve

    cast = {"randi": CastEntry(role="pedagogisk-leder", service="barnehage"), "ola": CastEntry(role="kollega")}
    nurse = CaseContext(role="helsestasjon", cast=cast)
    teacher = CaseContext(role="barnehage", cast=cast)
    assert resolve("randi", nurse).kind == "service"
    assert resolve("randi", teacher).kind == "own_team"
    assert resolve("ola", nurse).kind == "own_team"  # no stated service: a colleague in the trainee's service
    share = trace(step(a.Share(with_="randi", topics=["hjemmesituasjon"])), role="helsestasjon")
    share = share.model_copy(update={"context": nurse})
    assert "TP-03" in judge(share).broken_rules


def test_judging_pauses_the_collector_and_resumes_it_as_it_found_it() -> None:
    """The collector is paused while judging (scoring/gc_pause.py), back on afterwards — even when judging
    fails — and left off when the caller had switched it off."""
    seen: list[bool] = []

    def spy(tl: object) -> list[Hit]:
        seen.append(gc.isenabled())
        raise RuntimeError("a rule failed")

    t = trace(step(a.Document()))
    registry_spec = REGISTRY.spec("DOK-01")
    object.__setattr__(registry_spec, "predicate", spy)
    try:
        with pytest.raises(RuntimeError):
            judge(t)
        assert seen == [False] and gc.isenabled()
        gc.disable()
        with pytest.raises(RuntimeError):
            judge(t)
        assert not gc.isenabled()
    finally:
        gc.enable()
        object.__setattr__(registry_spec, "predicate", document_each_step)


def test_judging_leaves_nothing_for_the_collector() -> None:
    """Why the pause is safe: a judgement makes no reference cycles, so everything it allocates is freed by
    reference counting and there is nothing for the paused collector to miss."""
    t = trace(step(a.Talk(with_="jonas"), a.Document()), step(a.Share(with_="ppt")), step(a.Report(to="barnevern")))
    judge(t)
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            judge(t)
        assert gc.collect() == 0
    finally:
        gc.enable()
