"""The validation pipeline: every problem of a scenario file — YAML, schema, structure and the extra checks.

``bti-trener validate`` (arguments, ``--jobs``, printing), ``bti-trener new`` and the preview all check files
through here, so an author sees the same problems everywhere.

Extension point: :data:`EXTRA_CHECKS` holds functions run on every scenario that loaded, after the
structural checks; each gets ``(result, path)`` — the load result, whose ``value`` is the scenario, ``marks``
the line table and ``data`` the parsed YAML — and returns a list of problems. A check that crashes becomes
``INT002`` for that file, never a traceback.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeAlias

from scoring.rulebook import load_rulebook
from scoring.rules import REGISTRY
from trainer.scenario.analysis import Analysis, analyse
from trainer.scenario.checks import load_checked_scenario, load_checked_scenarios
from trainer.scenario.expectations import check_expectations
from trainer.scenario.lint import lint_data
from trainer.scenario.model import Scenario
from trainer.scenario.problems import LoadResult, Problem

ExtraCheck: TypeAlias = Callable[[LoadResult[Scenario], str], list[Problem]]
"""``(result, path) -> problems``; ``result.value`` is the loaded scenario (never None here)."""


def _expectations(result: LoadResult[Scenario], path: str) -> list[Problem]:
    """EXP001/EXP002: the author's ``expect`` annotations checked against the rules engine."""
    assert result.value is not None
    return check_expectations(result.value, result.marks, path)


def _anonymisation(result: LoadResult[Scenario], path: str) -> list[Problem]:
    """ANO001–ANO005: personal data that must never be in training material (in the parsed YAML, so texts
    inside actions are covered too; the file is not read twice)."""
    return lint_data(result.data, result.marks, path)


EXTRA_CHECKS: list[ExtraCheck] = [_expectations, _anonymisation]
"""Checks run on every successfully loaded scenario, after the structural checks (e.g. expect vs engine)."""

#: ANA003 names at most this many faultless paths to a weak ending (one is enough to start with).
WEAK_PASSES_SHOWN = 2

BATCH = 16
"""How many files each check runs over before the next check starts (see :func:`validate_files`)."""


def known_rules() -> set[str] | None:
    """The rule IDs registered in the engine, or None when it has none (then STR009 is not checked)."""
    return set(REGISTRY) or None


def validate_file(path: Path, display_path: str | None = None, known_rules: set[str] | None = None) -> list[Problem]:
    """Every problem of one scenario file: YAML, schema, structure and :data:`EXTRA_CHECKS`."""
    return validate_files([(path, display_path if display_path is not None else str(path))], known_rules)[0]


def validate_files(files: Sequence[tuple[Path, str]], known_rules: set[str] | None = None) -> list[list[Problem]]:
    """Every problem of each ``(path, shown)`` file, in file order within a file, whichever check found it.

    The files are taken a few at a time and each step (read, validate, check, each of :data:`EXTRA_CHECKS`)
    runs over all of them before the next starts, which is some 10 % faster than file by file: each step's
    code stays in the processor's caches."""
    found: list[list[Problem]] = []
    for start in range(0, len(files), BATCH):
        found.extend(_validate_batch(files[start : start + BATCH], known_rules))
    return found


def _validate_batch(files: Sequence[tuple[Path, str]], known_rules: set[str] | None) -> list[list[Problem]]:
    results = load_checked_scenarios(files, known_rules=known_rules)
    found = [list(result.problems) for result in results]
    for check in EXTRA_CHECKS:
        for result, problems, (_, shown) in zip(results, found, files, strict=True):
            if result.value is not None:
                problems.extend(_run_check(check, result, shown))
    for result, problems in zip(results, found, strict=True):
        if result.value is not None:
            problems.sort(key=lambda p: (p.line, p.col))  # in file order, whichever check found them
    return found


def extra_problems(result: LoadResult[Scenario], shown: str) -> list[Problem]:
    """The problems :data:`EXTRA_CHECKS` find in a loaded scenario (a failing check becomes ``INT002``)."""
    return [problem for check in EXTRA_CHECKS for problem in _run_check(check, result, shown)]


def _run_check(check: ExtraCheck, result: LoadResult[Scenario], shown: str) -> list[Problem]:
    try:
        return check(result, shown)
    except Exception as exc:  # noqa: BLE001 — never a traceback for the author
        name = getattr(check, "__name__", "ukjent")
        return [Problem(shown, 1, 1, "INT002", f"intern feil i tilleggssjekken «{name}» ({type(exc).__name__})")]


def deep_check(path: Path, shown: str) -> tuple[list[Problem], Analysis | None]:
    """``validate --deep`` for one file: the path analysis of a file that loads cleanly (None otherwise) and
    its warnings — ANA001 when no path passes, ANA002 when even the worst one does, ANA003 when the engine
    finds nothing wrong on a path to a «delvis» or «dårlig» ending, ANA004 when the best path goes through a
    choice the author marked as a mistake (``expect.breaks``)."""
    result = load_checked_scenario(path, display_path=shown)
    if result.value is None or any(p.is_error for p in result.problems):
        return [], None
    analysis = analyse(result.value)
    problems = []
    if analysis.best is not None and not analysis.best.passed:
        summary = analysis.best.summary
        problems.append(Problem(shown, 1, 1, "ANA001", f"ingen sti gjennom saken består: {summary}", "advarsel"))
    if analysis.worst is not None and analysis.worst.passed:
        message = "selv den dårligste stien består; gi saken et fristende, alvorlig feilvalg"
        problems.append(Problem(shown, 1, 1, "ANA002", message, "advarsel"))
    scenario, marks = result.value, result.marks
    for steps, ending in analysis.weak_passes[:WEAK_PASSES_SHOWN]:
        outcome = scenario.endings[ending].outcome
        line, col = marks.key_at(("endings", ending)) if marks else (1, 1)
        message = (
            f"motoren finner ingen brudd på stien {' → '.join(steps)}, men den ender i «{ending}», som er "
            f"«{outcome}» for barnet. Hva gikk galt underveis? Gi valget handlingen som viser det, eller gjør "
            "slutten «god»"
        )
        problems.append(Problem(shown, line, col, "ANA003", message, "advarsel"))
    node_id = scenario.start
    best = analysis.best
    for step, choice_id in enumerate(analysis.best_path):
        node = scenario.nodes.get(node_id)
        choice = scenario.choice(node_id, choice_id) if node is not None else None
        if node is None or choice is None:
            break
        if choice.expect is not None and choice.expect.breaks:
            index = next(i for i, c in enumerate(node.choices) if c.id == choice_id)
            line, col = marks.key_at(("nodes", node_id, "choices", index)) if marks else (1, 1)
            seen = {f.rule_id for f in (best.at_step(step) if best else []) if f.outcome == "brutt"}
            where = f"den beste stien går gjennom valg {index + 1} («{choice_id}») i «{node_id}», som du selv sier"
            if set(choice.expect.breaks) <= seen:
                message = (
                    f"{where} bryter {', '.join(choice.expect.breaks)}, og likevel gir den flest poeng. Gir de "
                    "andre valgene her eller senere lite å følge? Mangler et bedre valg noe?"
                )
            else:
                message = (
                    f"{where} bryter {', '.join(choice.expect.breaks)}. På denne veien ser ikke motoren bruddet; "
                    "sjekk handlingene, eller om et bedre valg mangler noe"
                )
            problems.append(Problem(shown, line, col, "ANA004", message, "advarsel"))
        node_id = choice.goto
    return problems, analysis


# -- batch runs (one process or a pool of workers) -------------------------------------------------------

_WORKER_RULES: set[str] | None = None
"""The engine's rule IDs, given to each worker process once (not with every file)."""


def start_worker(rules: set[str] | None) -> None:
    """Initialise a worker process of ``validate --jobs``: the rule IDs, and the batch tool's collector."""
    global _WORKER_RULES
    _WORKER_RULES = rules
    batch_gc()


def check_batch(batch: list[tuple[str, str]]) -> list[list[Problem]]:
    """The problems of each ``(path, shown)`` file, in a worker process."""
    return validate_files([(Path(path), shown) for path, shown in batch], _WORKER_RULES)


def batch_gc() -> None:
    """Collect cyclic garbage less often, as batch tools such as mypy do: each file's objects are freed by
    reference counting when it is done, and at Python's default threshold the collector would walk the
    newly loaded scenario again and again while its expectations are judged (about 5 % of the run)."""
    gc.freeze()  # what is loaded by now lives as long as the process: never walk it again
    gc.set_threshold(50_000, 20, 20)


def warm_up() -> None:
    """Read the rulebook once, before worker processes are forked (they inherit it and the imported checks)."""
    try:
        load_rulebook()
    except Exception:  # noqa: BLE001 — a worker that needs it reports the problem for its file
        pass
