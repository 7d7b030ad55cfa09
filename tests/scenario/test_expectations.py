"""``expect`` annotations: the fast way validate judges them agrees with what a trainee's session sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.library_files import discover
from trainer.paths import bundled_library
from trainer.scenario.checks import load_checked_scenario
from trainer.scenario.expectations import _profile, check_expectations
from trainer.scenario.in_context import judge_choices
from trainer.scenario.load import load_scenario
from trainer.scenario.paths import shortest_prefixes
from trainer.session import Session

FILES = discover([bundled_library()])


def _session_verdicts(scenario):  # type: ignore[no-untyped-def]
    """The oracle: play the shortest way in with a Session, choose, read the findings at that decision."""
    profile = _profile(scenario)
    prefixes = shortest_prefixes(scenario)
    out = {}
    for node_id, node in scenario.nodes.items():
        if node_id not in prefixes:
            continue
        for choice in node.choices:
            session, note = Session.resume(scenario, prefixes[node_id], profile)
            assert note is None
            findings = session.choose(choice.id).findings
            broken = {f.rule_id for f in findings if f.outcome == "brutt"}
            out[(node_id, choice.id)] = (broken, {f.rule_id for f in findings if f.outcome == "fulgt"} - broken)
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_choice_judged_as_a_session_judges_it(path: Path) -> None:
    scenario = load_scenario(path).value
    assert scenario is not None
    oracle = _session_verdicts(scenario)
    fast = {
        (v.node, v.choice.id): (set(v.broken), set(v.followed)) for v in judge_choices(scenario, _profile(scenario))
    }
    assert fast == oracle
    assert any(broken or followed for broken, followed in fast.values())  # the comparison is not vacuous


def test_only_the_named_rules_are_run_and_their_verdict_is_unchanged() -> None:
    scenario = load_scenario(FILES[0]).value
    assert scenario is not None
    oracle = _session_verdicts(scenario)
    touched = sorted({r for broken, followed in oracle.values() for r in broken | followed})
    assert len(touched) >= 3
    for rule_id in touched:
        wanted = {key: {rule_id} for key in oracle}
        for verdict in judge_choices(scenario, _profile(scenario), wanted):
            broken, followed = oracle[(verdict.node, verdict.choice.id)]
            assert verdict.broken == ({rule_id} & broken)
            assert verdict.followed == ({rule_id} & followed)
    only_some = dict(list({key: {touched[0]} for key in oracle}.items())[:2])
    assert {(v.node, v.choice.id) for v in judge_choices(scenario, _profile(scenario), only_some)} == set(only_some)


def test_bundled_library_meets_its_own_expectations() -> None:
    checked = 0
    for path in FILES:
        result = load_checked_scenario(path)
        assert result.value is not None
        assert check_expectations(result.value, result.marks, str(path)) == []
        checked += sum(1 for n in result.value.nodes.values() for c in n.choices if c.expect and c.expect.breaks)
    assert checked >= 100


@pytest.mark.parametrize(
    ("kind", "code", "verb", "engine_says"),
    [("breaks", "EXP001", "bryte", "fulgt"), ("satisfies", "EXP002", "følge", "brutt")],
)
def test_wrong_expectation_is_reported_on_its_line(tmp_path: Path, kind: str, code: str, verb: str,
                                                   engine_says: str) -> None:
    """An expectation the engine contradicts — «breaks» a rule it says is followed, or «satisfies» one it
    says is broken — is reported on the line of that choice's ``expect``."""
    source = FILES[0]
    scenario = load_scenario(source).value
    assert scenario is not None
    oracle = _session_verdicts(scenario)
    if kind == "breaks":
        (node_id, choice_id), (_, found) = next((k, v) for k, v in oracle.items() if v[1] and not v[0])
    else:
        (node_id, choice_id), (found, _) = next((k, v) for k, v in oracle.items() if v[0])
    rule = sorted(found)[0]
    lines = source.read_text(encoding="utf-8").splitlines()
    result = load_checked_scenario(source)
    choice_index = [c.id for c in scenario.nodes[node_id].choices].index(choice_id)
    choice = scenario.nodes[node_id].choices[choice_index]
    assert result.marks is not None
    if choice.expect is not None:
        line, _ = result.marks.key_at(("nodes", node_id, "choices", choice_index, "expect"))
        indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
        end = line
        while end < len(lines) and lines[end].startswith(indent + " "):
            end += 1
        lines[line - 1:end] = [f"{indent}expect: {{{kind}: [{rule}]}}"]
    else:
        line, _ = result.marks.key_at(("nodes", node_id, "choices", choice_index, "goto"))
        indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
        lines.insert(line, f"{indent}expect: {{{kind}: [{rule}]}}")
        line += 1
    changed = tmp_path / source.name
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_checked_scenario(changed)
    assert result.value is not None, result.problems
    problems = check_expectations(result.value, result.marks, "sak.yaml")
    assert [(p.code, p.line) for p in problems] == [(code, line)]
    assert problems[0].message == (
        f"valget «{choice_id}» i «{node_id}» skal {verb} {rule}, men motoren sier: {engine_says}"
    )
