"""``bti-trener analyse SCENARIO`` and ``bti-trener graph SCENARIO`` — path analysis and the case graph."""

from __future__ import annotations

import argparse
import json
import sys

from scoring.profile import KommuneProfile
from trainer.library import find_scenario
from trainer.profiles import ProfileError, find_profile
from trainer.scenario.analysis import Analysis, analyse
from trainer.scenario.graph import dot, mermaid
from trainer.scenario.model import Scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``analyse`` and ``graph`` subcommands."""
    parser = sub.add_parser("analyse", help="tell stier og slutter, finn beste og dårligste sti og reglene i spill")
    parser.add_argument("scenario", help="scenariofil eller ID")
    parser.add_argument("--profile", "-p", default=None, help="kommuneprofil: navn eller fil")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    parser.set_defaults(func=run_analyse)
    graph = sub.add_parser("graph", help="tegn saken som graf (Mermaid eller Graphviz DOT)")
    graph.add_argument("scenario", help="scenariofil eller ID")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="grafformat")
    graph.add_argument("--profile", "-p", default=None, help="kommuneprofil: navn eller fil")
    graph.set_defaults(func=run_graph)


def _load(args: argparse.Namespace) -> tuple[Scenario, KommuneProfile, int] | tuple[None, None, int]:
    """The case and its kommune profile, or the exit code after printing why not."""
    scenario, problems = find_scenario(args.scenario)
    if scenario is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return None, None, 1
    try:
        profile = find_profile(args.profile or scenario.profile)
    except ProfileError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return None, None, 2
    return scenario, profile, 0


def _count(value: int | None) -> str:
    return "uendelig mange (løkke)" if value is None else f"{value:,}".replace(",", " ")


def analysis_lines(analysis: Analysis) -> list[str]:
    """The analysis as Norwegian text lines (shared with ``validate --deep``)."""
    lines = [
        f"{analysis.nodes} noder, {analysis.choices} valg, {_count(analysis.paths)} mulige gjennomspillinger",
    ]
    if analysis.loop_nodes:
        lines.append("  løkker gjennom: " + ", ".join(analysis.loop_nodes))
    lines.append(
        "  slutter: "
        + ", ".join(f"{e} ({_count(n)} {'sti' if n == 1 else 'stier'})" for e, n in analysis.endings.items())
    )
    for label, path, report in (
        ("beste", analysis.best_path, analysis.best),
        ("dårligste", analysis.worst_path, analysis.worst),
    ):
        if report is None:
            lines.append(f"  {label} sti: (ingen)")
            continue
        verdict = "bestått" if report.passed else "ikke bestått"
        lines.append(f"  {label} sti: {','.join(path)} → {report.overall} poeng, {verdict}")
        if report.broken_rules:
            lines.append(f"      bryter: {', '.join(report.broken_rules)}")
    lines.append(f"  regler som kan brytes: {', '.join(sorted(analysis.can_break)) or '(ingen)'}")
    lines.append(f"  regler som kan følges: {', '.join(sorted(analysis.can_follow)) or '(ingen)'}")
    lines.append(f"  regler saken ikke berører: {len(analysis.never)}")
    return lines


def run_analyse(args: argparse.Namespace) -> int:
    """Print the analysis."""
    scenario, profile, code = _load(args)
    if scenario is None:
        return code
    analysis = analyse(scenario, profile)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "scenario": analysis.scenario_id,
                    "nodes": analysis.nodes,
                    "choices": analysis.choices,
                    "paths": None if analysis.paths is None else str(analysis.paths),
                    "loop_nodes": analysis.loop_nodes,
                    "endings": {e: None if n is None else str(n) for e, n in analysis.endings.items()},
                    "best": {
                        "path": analysis.best_path,
                        "overall": analysis.best.overall if analysis.best else None,
                        "passed": analysis.best.passed if analysis.best else None,
                        "broken_rules": analysis.best.broken_rules if analysis.best else [],
                    },
                    "worst": {
                        "path": analysis.worst_path,
                        "overall": analysis.worst.overall if analysis.worst else None,
                        "passed": analysis.worst.passed if analysis.worst else None,
                        "broken_rules": analysis.worst.broken_rules if analysis.worst else [],
                    },
                    "can_break": sorted(analysis.can_break),
                    "can_follow": sorted(analysis.can_follow),
                    "never": sorted(analysis.never),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"{scenario.title} ({scenario.id})")
        print("\n".join(analysis_lines(analysis)))
    return 0


def run_graph(args: argparse.Namespace) -> int:
    """Print the graph."""
    scenario, profile, code = _load(args)
    if scenario is None:
        return code
    worst = analyse(scenario, profile).node_worst
    print(mermaid(scenario, worst) if args.format == "mermaid" else dot(scenario, worst), end="")
    return 0
