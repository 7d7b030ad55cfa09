"""``bti-trener validate [PATH ...] [--format text|json]``: check scenario files and report every problem.

Without a path the bundled library is checked. Each problem is one line ``path:line:col: CODE melding``,
followed by a Norwegian summary. Exit code 0 when no file has an error (warnings are allowed), 1 when
some file has one, 2 for a usage error such as a path that does not exist.

The checks themselves are :mod:`trainer.scenario.validate`; this module holds the arguments, ``--jobs`` and
``--deep``, and the printing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from trainer.cli.analyse import analysis_lines
from trainer.cli.common import missing_path
from trainer.library_files import discover_real
from trainer.paths import bundled_library
from trainer.scenario import validate as pipeline
from trainer.scenario.duplicate_ids import duplicate_ids, ids_of
from trainer.scenario.problems import Problem


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="sjekk N filer samtidig (0 = like mange som maskinen har kjerner)",
    )
    parser.add_argument(
        "--deep",
        action="store_true",
        help="også stianalyse per sak: antall stier, slutter, beste og dårligste sti, regler i spill",
    )
    parser.set_defaults(func=run)


def _deep(path: Path, shown: str) -> tuple[list[Problem], list[str]]:
    """ANA001/ANA002 warnings and the analysis text for one file that loaded cleanly."""
    problems, analysis = pipeline.deep_check(path, shown)
    if analysis is None:
        return problems, []
    return problems, [f"{shown}: " + analysis_lines(analysis)[0], *analysis_lines(analysis)[1:]]


def run(args: argparse.Namespace) -> int:
    """Validate the files and print the report; returns the exit code."""
    paths: list[Path] = list(args.paths) or [bundled_library()]
    if missing_path("validate", paths):
        return 2
    found_files = discover_real(paths)
    files = [path for path, _ in found_files]
    rules = pipeline.known_rules()
    pipeline.batch_gc()
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    if args.jobs < 0:
        print("bti-trener validate: --jobs kan ikke være negativ", file=sys.stderr)
        return 2
    cwd = os.path.realpath(os.getcwd())
    shown = [_display(path, real, cwd) for path, real in found_files]
    if jobs > 1 and len(files) > 1:
        if multiprocessing.get_start_method() == "fork":
            pipeline.warm_up()  # forked workers inherit the imported checks and the parsed rulebook
        pairs = [(str(path), name) for path, name in zip(files, shown, strict=True)]
        size = max(1, min(16, len(pairs) // (jobs * 4)))  # small enough that no worker idles long at the end
        batches = [pairs[i : i + size] for i in range(0, len(pairs), size)]
        with ProcessPoolExecutor(max_workers=jobs, initializer=pipeline.start_worker, initargs=(rules,)) as pool:
            found = [problems for batch in pool.map(pipeline.check_batch, batches) for problems in batch]
    else:
        found = pipeline.validate_files(list(zip(files, shown, strict=True)), rules)
    # two files with one scenario ID: the later one gets STR018 naming the first
    for problem in duplicate_ids(ids_of(zip(files, shown, strict=True))):
        index = shown.index(problem.path)
        found[index] = [*found[index], problem]
    reports = list(zip(shown, found, strict=True))
    deep_text: list[str] = []
    if getattr(args, "deep", False):
        for index, (file, (name, problems)) in enumerate(zip(files, reports, strict=True)):
            try:
                extra, text = _deep(file, name)
            except Exception as exc:  # noqa: BLE001 — never a traceback for the author
                extra, text = [Problem(name, 1, 1, "INT003", f"intern feil i stianalysen ({type(exc).__name__})")], []
            reports[index] = (name, problems + extra)
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


def _display(path: Path, real: str, cwd: str) -> str:
    """The file's real path relative to the (real) current directory when it is inside it, else as given."""
    if real.startswith(cwd.rstrip(os.sep) + os.sep):
        return real[len(cwd.rstrip(os.sep)) + 1 :]
    return str(path)


def _counts(reports: list[tuple[str, list[Problem]]]) -> dict[str, int]:
    errors = sum(1 for _, ps in reports for p in ps if p.is_error)
    warnings = sum(1 for _, ps in reports for p in ps if not p.is_error)
    bad = sum(1 for _, ps in reports if any(p.is_error for p in ps))
    return {
        "files": len(reports),
        "files_with_errors": bad,
        "files_ok": len(reports) - bad,
        "errors": errors,
        "warnings": warnings,
    }


def summary_line(reports: list[tuple[str, list[Problem]]]) -> str:
    """«3 filer sjekket: 1 med feil, 2 uten feil (4 feil, 1 advarsel)»."""
    c = _counts(reports)
    files = "1 fil" if c["files"] == 1 else f"{c['files']} filer"
    warnings = "1 advarsel" if c["warnings"] == 1 else f"{c['warnings']} advarsler"
    if c["files"] == 0:
        return "0 filer sjekket: fant ingen scenariofiler (.yaml/.yml)"
    counts = f"{c['files_with_errors']} med feil, {c['files_ok']} uten feil ({c['errors']} feil, {warnings})"
    return f"{files} sjekket: {counts}"


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
