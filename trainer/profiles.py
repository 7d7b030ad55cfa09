"""Finding a kommune profile by bundled name or by the path of a kommune's own YAML file."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from scoring.actions import HoldMeeting
from scoring.profile import KommuneProfile, bundled_profile, bundled_profile_names
from scoring.rulebook import load_rulebook
from scoring.vocabulary import OWN_TEAM, SERVICES, TITLE_SERVICE, normalise
from trainer.scenario.load import load_model
from trainer.scenario.problems import Problem


class ProfileError(Exception):
    """The profile could not be found or read; ``problems`` say why, in Norwegian."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))


def find_profile(name_or_path: str) -> KommuneProfile:
    """A bundled profile by name (``standard``) or a kommune's file (``min-kommune.yaml``)."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        result = load_model(path, KommuneProfile)
        if result.value is None:
            raise ProfileError(result.problems)
        unknown = _unknown_rules(result.value, path) + arena_problems(result.value, path)
        if unknown:
            raise ProfileError(unknown)
        return result.value
    if name_or_path in bundled_profile_names():
        return bundled_profile(name_or_path)
    names = ", ".join(bundled_profile_names())
    raise ProfileError(
        [Problem(str(name_or_path), 1, 1, "PRO001", f"ukjent kommuneprofil «{name_or_path}»; finnes: {names}", "feil")]
    )


def _unknown_rules(profile: KommuneProfile, path: Path) -> list[Problem]:
    """PRO002 for each rule ID under ``rules:`` that the rulebook does not have (the override would silently
    do nothing — most often a typo such as «OPL-2» for «OPL-02»)."""
    known = load_rulebook().rules
    unknown = [rule_id for rule_id in profile.rules if rule_id not in known]
    if not unknown:
        return []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    problems = []
    for rule_id in unknown:
        key = re.compile(rf"\s+['\"]?{re.escape(rule_id)}['\"]?\s*:")
        line = next((n for n, text in enumerate(lines, 1) if key.match(text)), 1)
        close = difflib.get_close_matches(rule_id, known, n=1, cutoff=0.6)
        hint = f" – mente du «{close[0]}»?" if close else " (se «bti-trener rules»)"
        problems.append(Problem(str(path), line, 1, "PRO002", f"regelen «{rule_id}» under rules: finnes ikke{hint}"))
    return problems


#: Words an arena's ``members``, ``brought_by`` and ``after`` may use besides its arena IDs.
_MEETING_KINDS: frozenset[str] = frozenset(HoldMeeting.model_fields["kind"].annotation.__args__)  # type: ignore[union-attr]


def arena_problems(profile: KommuneProfile, path: Path) -> list[Problem]:
    """PRO003 for an arena ID used twice, and for a word in an arena's ``members``, ``brought_by`` or ``after``
    that the engine would not understand (a service, a title, a meeting kind or another arena's ID) — the
    rules would silently ignore it."""
    lines = path.read_text(encoding="utf-8-sig").splitlines() if path.exists() else []

    def line_of(word: str, start: int = 0) -> int:
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        return next((n for n, text in enumerate(lines, 1) if n > start and pattern.search(text)), 1)

    ids = [arena.id for arena in profile.arenas]
    people = SERVICES | set(TITLE_SERVICE) | OWN_TEAM
    problems: list[Problem] = []
    for index, arena in enumerate(profile.arenas):
        start = line_of(f"id: {arena.id}") - 1 if lines else 0
        if arena.id in ids[:index]:
            line = line_of(f"id: {arena.id}", line_of(f"id: {arena.id}"))  # the second one
            problems.append(Problem(str(path), line, 1, "PRO003", f"arenaen «{arena.id}» står to ganger"))
        fields = (("members", arena.members, people), ("brought_by", arena.brought_by, SERVICES))
        for field_name, words, allowed in fields:
            for word in words:
                if normalise(word) not in allowed:
                    hint = difflib.get_close_matches(normalise(word), sorted(allowed), n=1, cutoff=0.6)
                    tail = f" – mente du «{hint[0]}»?" if hint else ""
                    problems.append(
                        Problem(
                            str(path), line_of(word, start), 1, "PRO003",
                            f"«{word}» under {field_name}: i arenaen «{arena.id}» er ikke en tjeneste eller tittel "
                            f"motoren kjenner{tail}",
                        )  # fmt: skip
                    )
        for word in arena.after:
            if normalise(word) not in _MEETING_KINDS | SERVICES | set(ids):
                problems.append(
                    Problem(
                        str(path), line_of(word, start), 1, "PRO003",
                        f"«{word}» under after: i arenaen «{arena.id}» er verken en møtetype "
                        f"({', '.join(sorted(_MEETING_KINDS))}), en tjeneste eller en av profilens arenaer",
                    )  # fmt: skip
                )
    return problems
