"""The preview service behind ``bti-trener preview``: read a scenario file as ``validate`` does, find where
to start, carry a play-through over to a new version of the file, and describe the graph for the outline.

Nothing here imports Textual; the preview app (:mod:`trainer.ui.preview`) renders what these return. A
file is *playable* when it loads without a YAML, schema or structural error; the extra checks of
``validate`` (``expect`` against the engine, anonymisation) are reported but do not stop the preview.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from scoring.profile import KommuneProfile, bundled_profile, profile_named
from trainer.profiles import ProfileError, find_profile
from trainer.scenario.analysis import Analysis, analyse
from trainer.scenario.checks import PROFILE_FILE_SUFFIXES, load_checked_scenario
from trainer.scenario.model import Scenario
from trainer.scenario.paths import shortest_prefixes
from trainer.scenario.problems import Problem
from trainer.scenario.validate import extra_problems, known_rules
from trainer.session import Mode, Session

Signature = tuple[int, int, int]
"""(inode, mtime in ns, size): changes whenever an editor saves, also when it saves by renaming."""


def file_signature(path: Path) -> Signature | None:
    """The file's :data:`Signature`, or None when it cannot be read (missing for a moment while saving)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


@dataclass(frozen=True)
class Version:
    """One reading of the file: the scenario (when it could be built) and everything ``validate`` reports."""

    scenario: Scenario | None
    """The scenario, also when a structural check failed (the outline shows it); None when it could not be built."""
    problems: list[Problem]
    """Every problem ``validate`` would print for the file, in file order."""
    playable: bool
    """True when the file loads without a YAML, schema or structural error, so it can be played."""
    profile: KommuneProfile | None = None
    """The kommune profile the scenario is judged under (``standard`` when its own cannot be found)."""
    signature: Signature | None = None
    """The file's signature just before it was read."""

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``feil``."""
        return [p for p in self.problems if p.is_error]


def read_version(path: Path, display_path: str | None = None) -> Version:
    """Read and check the file (blocking: parsing, the structural checks and the extra checks of validate)."""
    shown = display_path if display_path is not None else str(path)
    signature = file_signature(path)
    try:
        result = load_checked_scenario(path, known_rules=known_rules(), display_path=shown)
    except Exception as exc:  # noqa: BLE001 — never a traceback for the author
        crash = Problem(shown, 1, 1, "INT001", f"intern feil ved lesing av fila ({type(exc).__name__})")
        return Version(None, [crash], False, signature=signature)
    problems = list(result.problems)
    scenario = result.value
    if scenario is None:
        return Version(None, problems, False, signature=signature)
    problems.extend(extra_problems(result, shown))
    profile, problem = _profile(scenario, shown)
    if problem is not None:
        problems.append(problem)
    problems.sort(key=lambda p: (p.line, p.col, p.code))
    return Version(scenario, problems, result.ok, profile, signature)


def _profile(scenario: Scenario, shown: str) -> tuple[KommuneProfile, Problem | None]:
    """The scenario's kommune profile, or ``standard`` and a warning when a profile file cannot be used.
    (An unknown profile name is already STR014, on its line.)"""
    if not scenario.profile.endswith(PROFILE_FILE_SUFFIXES):
        return profile_named(scenario.profile), None
    try:
        return find_profile(scenario.profile), None
    except ProfileError as exc:
        reason = exc.problems[0].message if exc.problems else "fant den ikke"
        message = (
            f"kommuneprofilen «{scenario.profile}» kan ikke brukes ({reason}); forhåndsvisningen bruker «standard»"
        )
        return bundled_profile("standard"), Problem(shown, 1, 1, "PRO001", message, "advarsel")


# -- where to start ------------------------------------------------------------------------------------


class StartError(ValueError):
    """The start point asked for does not exist or cannot be reached; the message is Norwegian."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        """2 for a name that does not exist (a usage error), 1 for a fixture whose steps do not fit the file."""


def _listing(names: list[str]) -> str:
    return ", ".join(names) if names else "(ingen)"


def _suggest(word: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" Mente du «{match[0]}»?" if match else ""


def start_path(scenario: Scenario, *, node: str | None = None, fixture: str | None = None) -> list[str]:
    """The choice IDs that lead to the start point: ``node`` by the shortest way from start, or ``fixture``'s
    steps; the start node when neither is given. Raises :class:`StartError` listing the valid names."""
    if node is not None:
        places = [*scenario.nodes, *scenario.endings]
        if node not in places:
            raise StartError(
                f"fant ingen node eller slutt «{node}».{_suggest(node, places)}\n"
                f"Noder: {_listing(list(scenario.nodes))}\nSlutter: {_listing(list(scenario.endings))}"
            )
        prefix = shortest_prefixes(scenario).get(node)
        if prefix is None:
            raise StartError(f"«{node}» kan ikke nås fra start («{scenario.start}»); ingen vei fører dit.", 1)
        return prefix
    if fixture is not None:
        names = list(scenario.fixtures)
        if fixture not in scenario.fixtures:
            if not names:
                raise StartError(
                    f"fant ingen fixture «{fixture}»: fila har ingen fixtures (se «fixtures:» i scenarios/README.md)."
                )
            raise StartError(f"fant ingen fixture «{fixture}».{_suggest(fixture, names)}\nFixtures: {_listing(names)}")
        wanted = scenario.fixtures[fixture]
        session, note = Session.resume(scenario, list(wanted.steps))
        if note is not None or session.position != wanted.node:
            where = f"stopper ved «{session.position}»" if note is not None else f"fører til «{session.position}»"
            steps = ", ".join(wanted.steps) or "(ingen)"
            raise StartError(f"fixture «{fixture}»: stegene {steps} {where}, ikke til «{wanted.node}».", 1)
        return list(wanted.steps)
    return []


# -- carrying a play-through over to a new version ----------------------------------------------------


def carry_over(
    scenario: Scenario, path: list[str], position: str, profile: KommuneProfile | None = None, mode: Mode = "øving"
) -> tuple[Session, str | None]:
    """Replay ``path`` on a new version of the file and keep the player at ``position`` where possible.

    * The path still leads to the same place: stay, no note.
    * The place still exists and can be reached, but the path no longer leads there: go there by the
      shortest way from start, with a note.
    * The place is gone (or can no longer be reached): the furthest point of the path that still fits,
      with a note saying so.
    """
    session, note = Session.resume(scenario, path, profile, mode)
    if note is None and session.position == position:
        return session, None
    exists = position in scenario.nodes or position in scenario.endings
    if exists:
        prefix = shortest_prefixes(scenario).get(position)
        if prefix is not None:
            moved, _ = Session.resume(scenario, prefix, profile, mode)
            return moved, (
                f"Veien hit er endret i fila. Du står fortsatt ved «{position}», nådd med korteste vei fra start."
            )
    gone = f"«{position}» finnes ikke lenger" if not exists else f"«{position}» kan ikke lenger nås fra start"
    return session, f"Saken er endret: {gone}. Du er ved «{session.position}», så langt veien din fortsatt passer."


# -- the outline ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutlineChoice:
    """One choice in the outline."""

    id: str
    """The choice ID."""
    text: str
    """What the trainee does."""
    goto: str
    """The target node or ending."""
    target_exists: bool
    """False when ``goto`` names nothing in the file (STR003)."""


@dataclass(frozen=True)
class OutlineRow:
    """One node or ending in the outline."""

    id: str
    """Node or ending ID."""
    kind: Literal["node", "ending"]
    """Whether it is a decision point or an ending."""
    title: str
    """The title (empty when a node has none)."""
    is_start: bool
    """True for the start node."""
    reachable: bool
    """False when no path from start leads here (STR005)."""
    paths: int | None
    """Ways to reach it from start; None for infinitely many (a loop) or when unknown (see ``counted``)."""
    counted: bool
    """False when the paths could not be counted (unreachable, or the analysis failed)."""
    worst: str | None
    """The worst severity that can arise here: kritisk, alvorlig, mindre, or None."""
    outcome: str | None = None
    """For an ending: god, delvis or dårlig."""
    choices: list[OutlineChoice] = field(default_factory=list)
    """The choices, in file order."""


def outline_rows(scenario: Scenario, analysis: Analysis | None) -> list[OutlineRow]:
    """Every node and then every ending, in file order, with path counts and the worst severity.

    ``analysis`` may be None (a file with structural errors the analysis could not handle): then no counts
    or severities are given, but reachability still is.
    """
    reachable = set(shortest_prefixes(scenario))
    targets = set(scenario.nodes) | set(scenario.endings)
    worst = analysis.node_worst if analysis is not None else {}
    counts = analysis.node_paths if analysis is not None else {}
    rows: list[OutlineRow] = []
    for node_id, node in scenario.nodes.items():
        rows.append(
            OutlineRow(
                id=node_id,
                kind="node",
                title=node.title or "",
                is_start=node_id == scenario.start,
                reachable=node_id in reachable,
                paths=counts.get(node_id),
                counted=node_id in counts,
                worst=worst.get(node_id),
                choices=[OutlineChoice(c.id, c.text, c.goto, c.goto in targets) for c in node.choices],
            )
        )
    for ending_id, ending in scenario.endings.items():
        if ending_id in scenario.nodes:
            continue  # STR002: listed once, as the node
        rows.append(
            OutlineRow(
                id=ending_id,
                kind="ending",
                title=ending.title,
                is_start=False,
                reachable=ending_id in reachable,
                paths=counts.get(ending_id),
                counted=ending_id in counts,
                worst=worst.get(ending_id),
                outcome=ending.outcome,
            )
        )
    return rows


def safe_analyse(scenario: Scenario, profile: KommuneProfile | None = None) -> Analysis | None:
    """:func:`~trainer.scenario.analysis.analyse`, or None when it fails on a file with structural errors."""
    try:
        return analyse(scenario, profile)
    except Exception:  # noqa: BLE001 — a half-written file must not crash the outline
        return None
