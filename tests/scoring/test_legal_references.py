"""Legal references must be current: stale paragraph numbers never appear in the rulebook, scenarios or docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
#: Numbers replaced by the 2021–2024 reforms: old barnevernloven § 6-4, old opplæringslova § 15-3,
#: old straffeloven § 139 (now § 196).
STALE = re.compile(r"§+\s*6-4\b|§+\s*15-3\b|§+\s*139\b|barnevernloven\s+§\s*6-4|opplæringslova\s+§\s*15-3")
#: Paragraph numbers the primer marks as uncertain: cite the law by name only.
UNCERTAIN = re.compile(r"opplæringslov\w*\s+§|helsepersonelloven\s+§§?\s*2[24]\b")

TEXT_FILES = [
    *sorted((ROOT / "scoring").rglob("*.yaml")),
    *sorted((ROOT / "scenarios").rglob("*.yaml")),
    *sorted((ROOT / "scenarios").rglob("*.md")),
    ROOT / "README.md",
]


@pytest.mark.parametrize("path", [p for p in TEXT_FILES if p.exists()], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_stale_or_uncertain_paragraph_numbers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not STALE.search(text), f"{path}: stale paragraph number {STALE.search(text).group(0)!r}"
    assert not UNCERTAIN.search(text), f"{path}: uncertain paragraph number {UNCERTAIN.search(text).group(0)!r}"


def test_the_pattern_catches_stale_numbers() -> None:
    for stale in ("barnevernloven § 6-4", "opplæringslova § 15-3", "straffeloven § 139"):
        assert STALE.search(stale)
    assert not STALE.search("straffeloven § 196; barnevernsloven § 13-2")


def test_current_numbers_are_cited() -> None:
    sources = " ".join(entry.source for entry in load_rulebook().rules.values())
    for current in ("13-2", "196", "§ 13"):
        assert current in sources
