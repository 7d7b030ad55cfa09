"""``bti-trener validate [PATH ...] [--format text|json]``: check scenario files and report every problem.

Without a path the bundled library is checked. Each problem is one line ``path:line:col: CODE melding``,
followed by a Norwegian summary. Exit code 0 when no file has an error (warnings are allowed), 1 when
some file has one, 2 for a usage error such as a path that does not exist.

Extension point: :data:`EXTRA_CHECKS` holds functions run on every scenario that loaded, after the
structural checks; each gets ``(result, path)`` — the load result, whose ``value`` is the scenario, ``marks``
the line table and ``data`` the parsed YAML — and returns a list of problems.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from trainer.cli.common import missing_path
from trainer.scenario.problems import LoadResult, Problem

if TYPE_CHECKING:  # the model pulls in pydantic; keep `bti-trener --help` fast
    from trainer.scenario.model import Scenario

#: ``(result, path) -> problems``; ``result.value`` is the loaded scenario (never None here).
ExtraCheck: TypeAlias = "Callable[[LoadResult[Scenario], str], list[Problem]]"

#: Checks run on every successfully loaded scenario, after the structural checks (e.g. expect vs engine).
EXTRA_CHECKS: list[ExtraCheck] = []


def _expectations(result: LoadResult[Scenario], path: str) -> list[Problem]:
    """EXP001/EXP002: the author's ``expect`` annotations checked against the rules engine."""
    from trainer.scenario.expectations import check_expectations

    assert result.value is not None
    return check_expectations(result.value, result.marks, path)


def _anonymisation(result: LoadResult[Scenario], path: str) -> list[Problem]:
    """ANO001–ANO005: personal data that must never be in training material (in the parsed YAML, so texts
    inside actions are covered too; the file is not read twice)."""
    from trainer.scenario.lint import lint_data

    return lint_data(result.data, result.marks, path)


EXTRA_CHECKS.extend([_expectations, _anonymisation])


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``bti-trener validate [PATH ...] [--format text|json]``."""
    parser = sub.add_parser(
        "validate",
        help="sjekk scenariofiler og vis feil med linjenummer",
        description="Sjekker scenariofiler (YAML) og viser hver feil som «fil:linje:kolonne: KODE melding». "
        "Uten sti sjekkes det innebygde biblioteket.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="STI", help="filer eller mapper som skal sjekkes")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="utdata som tekst (standard) eller JSON"
    )
    parser.add_argument(
        "--jobs", "-j", type=int, default=1, metavar="N",
        help="sjekk N filer samtidig (0 = like mange som maskinen har kjerner)",
    )
    parser.add_argument(
        "--deep", action="store_true",
        help="også stianalyse per sak: antall stier, slutter, beste og dårligste sti, regler i spill",
    )
    parser.set_defaults(func=run)


def _deep(path: Path, shown: str) -> tuple[list[Problem], list[str]]:
    """ANA001/ANA002 warnings and the analysis text for one file that loaded cleanly."""
    from trainer.cli.analyse import analysis_lines
    from trainer.scenario.analysis import analyse
    from trainer.scenario.checks import load_checked_scenario

    result = load_checked_scenario(path, display_path=shown)
    if result.value is None or any(p.is_error for p in result.problems):
        return [], []
    analysis = analyse(result.value)
    problems = []
    if analysis.best is not None and not analysis.best.passed:
        problems.append(Problem(shown, 1, 1, "ANA001", "ingen sti gjennom saken består: " + analysis.best.summary, "advarsel"))
    if analysis.worst is not None and analysis.worst.passed:
        problems.append(Problem(shown, 1, 1, "ANA002", "selv den dårligste stien består; gi saken et fristende, alvorlig feilvalg", "advarsel"))
    return problems, [f"{shown}: " + analysis_lines(analysis)[0], *analysis_lines(analysis)[1:]]


def run(args: argparse.Namespace) -> int:
    """Validate the files and print the report; returns the exit code."""
    from trainer.library_files import discover_real
    from trainer.paths import bundled_library

    paths: list[Path] = list(args.paths) or [bundled_library()]
    if missing_path("validate", paths):
        return 2
    found_files = discover_real(paths)
    files = [path for path, _ in found_files]
    rules = known_rules()
    _batch_gc()
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    if args.jobs < 0:
        print("bti-trener validate: --jobs kan ikke være negativ", file=sys.stderr)
        return 2
    cwd = os.path.realpath(os.getcwd())
    shown = [_display(path, real, cwd) for path, real in found_files]
    if jobs > 1 and len(files) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if multiprocessing.get_start_method() == "fork":
            _warm_up()  # forked workers inherit the imported checks and the parsed rulebook
        pairs = [(str(path), name) for path, name in zip(files, shown, strict=True)]
        size = max(1, min(16, len(pairs) // (jobs * 4)))  # small enough that no worker idles long at the end
        batches = [pairs[i:i + size] for i in range(0, len(pairs), size)]
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(rules,)) as pool:
            found = [problems for batch in pool.map(_check_batch, batches) for problems in batch]
    else:
        found = validate_files(list(zip(files, shown, strict=True)), rules)
    reports = list(zip(shown, found, strict=True))
    deep_text: list[str] = []
    if getattr(args, "deep", False):
        for index, (file, (shown, problems)) in enumerate(zip(files, reports, strict=True)):
            try:
                extra, text = _deep(file, shown)
            except Exception as exc:  # noqa: BLE001 — never a traceback for the author
                extra, text = [Problem(shown, 1, 1, "INT003", f"intern feil i stianalysen ({type(exc).__name__})")], []
            reports[index] = (shown, problems + extra)
            deep_text.extend(text)
    if args.format == "json":
        print(json.dumps(_json_report(reports), ensure_ascii=False, indent=2))
    else:
        for _, problems in reports:
            for problem in problems:
                print(problem.format())
        if deep_text:
            print("\n".join(deep_text))
        print(summary_line(reports))
    return 1 if any(p.is_error for _, problems in reports for p in problems) else 0


def validate_file(path: Path, display_path: str | None = None, known_rules: set[str] | None = None) -> list[Problem]:
    """Every problem of one scenario file: YAML, schema, structure and :data:`EXTRA_CHECKS`."""
    return validate_files([(path, display_path if display_path is not None else str(path))], known_rules)[0]


#: How many files each check runs over before the next check starts (see :func:`validate_files`).
BATCH = 16


def validate_files(files: Sequence[tuple[Path, str]], known_rules: set[str] | None = None) -> list[list[Problem]]:
    """Every problem of each ``(path, shown)`` file, in file order within a file, whichever check found it.

    The files are taken a few at a time and each step (read, validate, check, each of :data:`EXTRA_CHECKS`)
    runs over all of them before the next starts, which is some 10 % faster than file by file: each step's
    code stays in the processor's caches."""
    found: list[list[Problem]] = []
    for start in range(0, len(files), BATCH):
        found.extend(_validate_batch(files[start:start + BATCH], known_rules))
    return found


def _validate_batch(files: Sequence[tuple[Path, str]], known_rules: set[str] | None) -> list[list[Problem]]:
    from trainer.scenario.checks import load_checked_scenarios

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
    except Exception as exc:  # noqa: BLE001
        name = getattr(check, "__name__", "ukjent")
        return [Problem(shown, 1, 1, "INT002", f"intern feil i tilleggssjekken «{name}» ({type(exc).__name__})")]


def known_rules() -> set[str] | None:
    """The rule IDs registered in the engine, or None when the engine is missing or has no rules."""
    try:
        import scoring.rules  # noqa: F401 — importing registers the rules
        from scoring.registry import REGISTRY
    except Exception:  # noqa: BLE001 — the engine is optional for validation
        return None
    rules = set(REGISTRY)
    return rules or None


def _display(path: Path, real: str, cwd: str) -> str:
    """The file's real path relative to the (real) current directory when it is inside it, else as given."""
    if real.startswith(cwd.rstrip(os.sep) + os.sep):
        return real[len(cwd.rstrip(os.sep)) + 1:]
    return str(path)


_WORKER_RULES: set[str] | None = None
"""The engine's rule IDs, given to each worker process once (not with every file)."""


def _start_worker(rules: set[str] | None) -> None:
    global _WORKER_RULES
    _WORKER_RULES = rules
    _batch_gc()


def _check_batch(batch: list[tuple[str, str]]) -> list[list[Problem]]:
    """The problems of each ``(path, shown)`` file, in a worker process."""
    return validate_files([(Path(path), shown) for path, shown in batch], _WORKER_RULES)


def _batch_gc() -> None:
    """Collect cyclic garbage less often, as batch tools such as mypy do: each file's objects are freed by
    reference counting when it is done, and at Python's default threshold the collector would walk the
    newly loaded scenario again and again while its expectations are judged (about 5 % of the run)."""
    import gc

    gc.freeze()  # what is loaded by now lives as long as the process: never walk it again
    gc.set_threshold(50_000, 20, 20)


def _warm_up() -> None:
    """Import every check and read the rulebook once, before worker processes are forked."""
    try:
        import trainer.scenario.checks  # noqa: F401
        import trainer.scenario.expectations  # noqa: F401
        import trainer.scenario.lint  # noqa: F401
        import trainer.scenario.load  # noqa: F401
        from scoring.rulebook import load_rulebook

        load_rulebook()
    except Exception:  # noqa: BLE001 — a worker that needs them reports the problem for its file
        pass


def _counts(reports: list[tuple[str, list[Problem]]]) -> dict[str, int]:
    errors = sum(1 for _, ps in reports for p in ps if p.is_error)
    warnings = sum(1 for _, ps in reports for p in ps if not p.is_error)
    bad = sum(1 for _, ps in reports if any(p.is_error for p in ps))
    return {"files": len(reports), "files_with_errors": bad, "files_ok": len(reports) - bad, "errors": errors, "warnings": warnings}


def summary_line(reports: list[tuple[str, list[Problem]]]) -> str:
    """«3 filer sjekket: 1 med feil, 2 uten feil (4 feil, 1 advarsel)»."""
    c = _counts(reports)
    files = "1 fil" if c["files"] == 1 else f"{c['files']} filer"
    warnings = "1 advarsel" if c["warnings"] == 1 else f"{c['warnings']} advarsler"
    if c["files"] == 0:
        return "0 filer sjekket: fant ingen scenariofiler (.yaml/.yml)"
    return f"{files} sjekket: {c['files_with_errors']} med feil, {c['files_ok']} uten feil ({c['errors']} feil, {warnings})"


def _json_report(reports: list[tuple[str, list[Problem]]]) -> dict[str, object]:
    files = []
    for shown, problems in reports:
        errors = sum(1 for p in problems if p.is_error)
        files.append(
            {
                "path": shown,
                "ok": errors == 0,
                "errors": errors,
                "warnings": len(problems) - errors,
            }
        )
    return {
        "files": files,
        "problems": [p.to_json() for _, problems in reports for p in problems],
        "summary": _counts(reports),
    }
