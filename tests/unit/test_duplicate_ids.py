"""Two files with one scenario ID (STR018): ``validate`` names both, and the library keeps the first playable
and lists the second as a file with an error instead of playing the first when the second is picked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from trainer.library import Library
from trainer.scenario.duplicate_ids import declared_id

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "eksempler" / "matpakka.yaml"


def _two_copies(folder: Path) -> tuple[Path, Path]:
    first, second = folder / "a" / "matpakka.yaml", folder / "b" / "matpakka.yaml"
    for path in (first, second):
        path.parent.mkdir(parents=True)
        shutil.copy(EXAMPLE, path)
    return first, second


def test_the_declared_id_and_where_it_stands() -> None:
    assert declared_id("# kommentar\ntitle: x\nid: min-sak\n") == ("min-sak", 3, 5)
    assert declared_id('id: "sitert"  # kommentar\n') == ("sitert", 1, 5)
    assert declared_id("nodes:\n  a:\n    id: ikke-toppnivå\n") is None


def test_validate_names_the_first_file_on_the_second(tmp_path: Path) -> None:
    first, second = _two_copies(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", str(tmp_path)], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 1, out.stdout + out.stderr
    problems = [line for line in out.stdout.splitlines() if "STR018" in line]
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("id:"))
    assert problems == [
        f"{second}:{line}:5: STR018 id «matpakka» er allerede brukt av {first}: to saker kan ikke ha samme id "
        "(appen og fremgangen kjenner en sak på id-en). Gi denne saken en ny id."
    ]


def test_the_library_plays_the_first_and_lists_the_second_with_its_error(tmp_path: Path) -> None:
    first, second = _two_copies(tmp_path / "lib")
    library = Library([tmp_path / "lib"], index_path=tmp_path / "index.json")
    entries = {Path(e.path): e for e in library.entries()}
    assert entries[first].ok and not entries[second].ok
    assert "STR018" in entries[second].problems[0] and str(first) in entries[second].problems[0]
    scenarios, broken = library.playable()
    assert [s.id for s in scenarios] == ["matpakka"] and [Path(e.path) for e in broken] == [second]
    # the cached index gives the same answer on the next start
    again = Library([tmp_path / "lib"], index_path=tmp_path / "index.json")
    assert [e.ok for e in again.entries()] == [e.ok for e in library.entries()]
