"""The bundled library meets the bar a ressursperson would hold it to (issue «Scenario library v1»)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from scoring.vocabulary import COMPETENCE_AREAS, SERVICES
from trainer.coverage import MIN_MODULE_SCENARIOS, MIN_RULE_SCENARIOS, library_coverage
from trainer.library import Library
from trainer.scenario.analysis import analyse
from trainer.scenario.model import Scenario
from trainer.scenario.paths import shortest_prefixes

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "scenarios"


@cache
def scenarios() -> tuple[Scenario, ...]:
    library = Library([LIBRARY], index_path=Path(tempfile.mkdtemp()) / "index.json")
    loaded = []
    for entry in library.entries():
        assert entry.ok, entry.problems
        scenario, problems = library.load(entry)
        assert scenario is not None, problems
        loaded.append(scenario)
    return tuple(loaded)


def library_cases() -> list[Scenario]:
    """The library proper (the two small format examples are not counted)."""
    return [s for s in scenarios() if s.id not in ("matpakka", "koppen-som-flaug")]


def test_at_least_forty_six_cases_with_the_required_spread() -> None:
    cases = library_cases()
    assert len(cases) >= 46
    bands = Counter(s.age_band for s in cases)
    assert set(bands) == {"gravid", "0-6", "6-12", "13-18", "18-23"}
    assert min(bands.values()) >= 5, bands
    assert {s.role for s in cases} == SERVICES, SERVICES - {s.role for s in cases}  # every trainee role
    assert sum("vold-overgrep" in s.themes for s in cases) >= 10
    assert {s.difficulty for s in cases} == {"lett", "middels", "vanskelig"}
    themes = {t for s in cases for t in s.themes}
    for theme in ("undring", "samtykke", "nivå", "taushetsplikt", "vold-overgrep", "opplysningsplikt", "stafettlogg",
                  "medvirkning", "slt"):
        assert theme in themes, theme
    meetings = [
        s
        for s in cases
        if any(
            a.type in ("slt_discussion",)
            or (a.type == "hold_meeting" and a.kind in ("bti-møte", "tverrfaglig", "ansvarsgruppe"))
            for n in s.nodes.values()
            for c in n.choices
            for a in c.actions
        )
    ]
    assert len(meetings) >= 3


@pytest.mark.parametrize("scenario", library_cases(), ids=lambda s: s.id)
def test_each_case_is_a_full_case(scenario: Scenario) -> None:
    reachable = shortest_prefixes(scenario)
    assert len([n for n in scenario.nodes if n in reachable and scenario.nodes[n].choices]) >= 6
    assert len([e for e in scenario.endings if e in reachable]) >= 3
    assert len(scenario.reflection) >= 2
    assert any(c.discussion or n.discussion for n in scenario.nodes.values() for c in n.choices)
    assert any(c.expect for n in scenario.nodes.values() for c in n.choices)
    for node in scenario.nodes.values():
        for choice in node.choices:
            assert choice.actions or choice.feedback, (node, choice.id)


@pytest.mark.parametrize("scenario", library_cases(), ids=lambda s: s.id)
def test_best_path_passes_and_worst_path_fails(scenario: Scenario) -> None:
    analysis = analyse(scenario)
    assert analysis.best is not None and analysis.worst is not None
    assert analysis.best.passed and not [f for f in analysis.best.violations if f.severity == "kritisk"]
    assert len(analysis.best_path) >= 6
    assert not analysis.worst.passed and analysis.worst.broken_rules


def test_best_and_worst_paths_through_the_play_command(tmp_path: Path) -> None:
    """The same check as a reviewer runs it: `bti-trener play` on one case's best and worst paths."""
    scenario = next(s for s in library_cases() if s.id == "mandagsfravaer")
    analysis = analyse(scenario)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(tmp_path)}
    for path, passed in ((analysis.best_path, True), (analysis.worst_path, False)):
        out = subprocess.run([sys.executable, "-m", "trainer", "play", scenario.id, "--choose", ",".join(path),
                              "--format", "json"], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data["finished"] and data["scorecard"]["passed"] is passed
        assert passed or data["broken_rules"]


def test_every_rule_and_module_is_trained_enough() -> None:
    coverage = library_coverage(list(scenarios()))
    assert coverage.rule_gaps() == {}, f"rules trained in fewer than {MIN_RULE_SCENARIOS} cases: {coverage.rule_gaps()}"
    counts = coverage.module_counts()
    assert all(counts[m] >= MIN_MODULE_SCENARIOS for m in COMPETENCE_AREAS), counts
    # where a rule judges a module, the rules (not only the case's own list) train it in enough cases
    assert coverage.module_gaps() == {}, coverage.module_rule_counts()


#: Words the language review corrected, and how often a stock phrase may appear in the whole library.
MISSPELT = re.compile(r"\bdiskré\b|\bskole-appen\b", re.IGNORECASE)
STOCK_PHRASES = {"med jakka på": 1}
#: Cast roles that are children or youths: a first name used for one of them is never an adult elsewhere.
YOUNG_ROLES = frozenset({"barn", "elev", "ungdom", "søsken", "medelev", "gravid"})


def test_language_review_holds() -> None:
    texts = {path: path.read_text(encoding="utf-8") for path in sorted(LIBRARY.rglob("*.yaml"))}
    misspelt = [f"{p.name}: {m.group(0)}" for p, t in texts.items() for m in MISSPELT.finditer(t)]
    assert misspelt == []
    for phrase, most in STOCK_PHRASES.items():
        used = sum(t.lower().count(phrase) for t in texts.values())
        assert used <= most, f"«{phrase}» {used} ganger"


def test_a_childs_name_is_never_an_adults_in_another_case() -> None:
    seen: dict[str, set[tuple[bool, str]]] = {}
    for scenario in scenarios():
        for person in scenario.cast:
            seen.setdefault(person.name.split()[0], set()).add((person.role in YOUNG_ROLES, scenario.id))
    mixed = {name: sorted(uses) for name, uses in seen.items() if len({young for young, _ in uses}) > 1}
    assert mixed == {}
