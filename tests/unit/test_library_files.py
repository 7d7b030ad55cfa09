"""Which files a walk over scenario folders finds, in which order, and each file once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trainer.library_files import discover, discover_real


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id: x\n", encoding="utf-8")


def test_order_skips_and_suffixes(tmp_path: Path) -> None:
    _touch(tmp_path, "b.yaml", "a.yml", "a/x.yaml", "a-b.yaml", "a/c/y.yaml", "arshjul-2026.yaml",
           "notat.txt", "profiles/heim.yaml", "_utkast/z.yaml", ".git/q.yaml", "STOR.YAML")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    # as sorting the relative paths part by part would: a folder's files before a sibling named after it
    assert found == ["STOR.YAML", "a/c/y.yaml", "a/x.yaml", "a-b.yaml", "a.yml", "b.yaml"]


def test_each_file_once_and_with_its_real_path(tmp_path: Path) -> None:
    _touch(tmp_path, "saker/a.yaml", "saker/b.yaml")
    found = discover_real([tmp_path / "saker", tmp_path / "saker" / "a.yaml", tmp_path])
    assert [p.name for p, _ in found] == ["a.yaml", "b.yaml"]
    assert [real for _, real in found] == [os.path.realpath(p) for p, _ in found]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")
def test_links(tmp_path: Path) -> None:
    _touch(tmp_path, "saker/a.yaml", "andre/c.yaml")
    (tmp_path / "saker" / "lenke.yaml").symlink_to(tmp_path / "saker" / "a.yaml")
    (tmp_path / "saker" / "mappe").symlink_to(tmp_path / "andre", target_is_directory=True)
    found = discover_real([tmp_path / "saker"])
    assert [p.name for p, _ in found] == ["a.yaml"]  # the link is the same file; a linked folder is not entered
    assert discover([tmp_path / "saker" / "mappe"]) == [tmp_path / "saker" / "mappe" / "c.yaml"]  # named: walked


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "finnes-ikke"])
