"""The seed profiles' comments cite the seed documents by file and line; every citation must point at a line
that exists, and a quotation next to it must be on the lines it cites.

The seeds live outside the repository (``../shared/seeds``). CI clones only the repository, so the seed files'
names and line counts are recorded here: without the folder the test still checks that every cited line is
within the file's recorded length; with it, also that the counts are right, that a cited line is not blank, and
that each «quotation» in a comment is found on the lines that comment cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "scoring" / "profiles"
SEEDS = ROOT.parent / "shared" / "seeds"

# name -> number of lines (Python's str.splitlines(); the files end without a newline, so `wc -l` says one less)
SEED_LINES = {
    "000_c2ea0ab870202e8c.txt": 259,  # Lillestrøm, styringsdokument for BTI (2020)
    "001_6236fb8ed7a0fd69.txt": 43,  # Lillestrøm, BTI-siden
    "002_1a81b01ea4cbe7b3.txt": 102,  # Lørenskog, mandat for TFS (2024)
    "003_02a3b2cc27075177.txt": 332,  # Ullensaker, Sammen om barn – BTI i tre nivåer
}
SEED_PROFILES = ("lillestrom", "lorenskog", "ullensaker")
SILENT = "standard (seed silent)"

ALIAS = re.compile(r"seeds/(?P<file>[0-9a-f_]+\.txt)\s*\((?:kalt\s+)?«(?P<alias>SEED-[A-Z0-9]+)»")
TOKEN = re.compile(r"(?P<alias>SEED-[A-Z0-9]+)|\bl\.\s*(?P<first>\d+)(?:\s*[–-]\s*(?P<last>\d+))?")
VALUE = re.compile(r"^\s*(?:- )?(?P<key>[a-z_0-9]+):")


@dataclass(frozen=True)
class Citation:
    line: int  # the profile's line
    file: str
    first: int
    last: int


def _comment(line: str) -> str:
    return line.split("#", 1)[1] if "#" in line else ""


def _citations(number: int, comment: str, aliases: dict[str, str]) -> list[Citation]:
    """Each «l. N» or «l. N–M» belongs to the seed named last before it in the same comment."""
    found: list[Citation] = []
    current: str | None = None
    for token in TOKEN.finditer(comment):
        if token.group("alias"):
            assert token.group("alias") in aliases, f"line {number}: unknown seed {token.group('alias')}"
            current = aliases[token.group("alias")]
            continue
        assert current is not None, f"line {number}: «{token.group(0)}» names no seed: {comment.strip()}"
        first = int(token.group("first"))
        last = int(token.group("last") or first)
        assert first <= last, f"line {number}: backwards range {token.group(0)}"
        found.append(Citation(number, current, first, last))
    return found


def _profile(name: str) -> tuple[list[str], dict[str, str]]:
    lines = (PROFILES / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    aliases = {m.group("alias"): m.group("file") for line in lines for m in ALIAS.finditer(line)}
    return lines, aliases


def _all_citations(name: str) -> list[tuple[str, list[Citation]]]:
    lines, aliases = _profile(name)
    return [(_comment(line), _citations(n, _comment(line), aliases)) for n, line in enumerate(lines, 1)]


@pytest.mark.parametrize("name", SEED_PROFILES)
def test_the_profile_names_its_seed_files(name: str) -> None:
    _, aliases = _profile(name)
    assert aliases and set(aliases.values()) <= set(SEED_LINES)


@pytest.mark.parametrize("name", SEED_PROFILES)
def test_every_value_cites_a_seed_line_or_says_the_seed_is_silent(name: str) -> None:
    lines, aliases = _profile(name)
    bare = []
    for number, line in enumerate(lines, 1):
        key = VALUE.match(line)
        if not key or key.group(1) in ("id", "name", "source", "arenas"):
            continue
        comment = _comment(line)
        if SILENT not in comment and not _citations(number, comment, aliases):
            bare.append(f"{number}: {line.strip()}")
    assert bare == []


@pytest.mark.parametrize("name", SEED_PROFILES)
def test_every_cited_line_is_within_the_seed_file(name: str) -> None:
    outside = [
        f"{c.line}: {c.file} l. {c.first}–{c.last} (the file has {SEED_LINES[c.file]} lines)"
        for _, citations in _all_citations(name)
        for c in citations
        if not 1 <= c.first <= c.last <= SEED_LINES[c.file]
    ]
    assert outside == []


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed folder ../shared/seeds is not here")


def _seed(file: str) -> list[str]:
    return (SEEDS / file).read_text(encoding="utf-8").splitlines()


@needs_seeds
def test_the_recorded_line_counts_match_the_seed_files() -> None:
    assert {file: len(_seed(file)) for file in SEED_LINES} == SEED_LINES


@needs_seeds
@pytest.mark.parametrize("name", SEED_PROFILES)
def test_a_cited_line_has_text_and_a_quotation_is_on_the_cited_lines(name: str) -> None:
    problems = []
    for comment, citations in _all_citations(name):
        cited = []
        for c in citations:
            seed = _seed(c.file)
            if not 1 <= c.first <= c.last <= len(seed):
                problems.append(f"{c.line}: {c.file} has no line {c.last}")
                continue
            text = seed[c.first - 1 : c.last]
            if not text[0].strip() or not text[-1].strip():
                problems.append(f"{c.line}: {c.file} l. {c.first}–{c.last} starts or ends on a blank line")
            cited.extend(text)
        if not citations:
            continue
        haystack = " ".join(" ".join(cited).split()).casefold()
        for quote in re.findall(r"«([^»]+)»", comment):
            for piece in quote.split("…"):
                if " ".join(piece.split()).casefold() not in haystack:
                    problems.append(f"{citations[0].line}: «{piece.strip()}» is not on the cited lines")
    assert problems == []
