"""Benchmarks run by `make bench` (`python -m bench`); each prints one row of a table. Not tests."""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def compile_ours() -> None:
    """Compile BTI-trener's own modules to bytecode, as ``pip install`` does for an installed app: on a machine
    with ``PYTHONDONTWRITEBYTECODE`` set, every measured start would otherwise compile them from source and
    the comparison would measure the compiler."""
    for package in ("scoring", "trainer"):
        compileall.compile_dir(ROOT / package, quiet=1)
