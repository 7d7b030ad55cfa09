"""`pip install .` into a fresh virtual environment finds and validates the bundled library.

Slow (it creates a venv and installs the dependencies), but part of `make test`: it is the only test that
proves the wheel carries the scenarios and that the console script works outside a checkout.
"""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bundled_count() -> int:
    from trainer.library_files import discover

    return len(discover([ROOT / "scenarios"]))


@pytest.mark.slow
def test_installed_wheel_validates_the_bundled_library(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["BTI_TRENER_DATA"] = str(tmp_path / "data")
    env["PIP_CONSTRAINT"] = str(ROOT / "constraints.txt")  # the versions `make` installs, build backend too
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        capture_output=True, text=True, env=env, timeout=900,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(env_dir / "bin" / "bti-trener"), "validate"],
        capture_output=True, text=True, env=env, cwd=elsewhere, timeout=300,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    count = _bundled_count()
    assert count >= 2
    assert f"{count} filer sjekket" in result.stdout or f"{count} fil sjekket" in result.stdout
    # the installed package reads the scenarios from inside the wheel, not from this checkout
    where = subprocess.run(
        [str(python), "-c", "from trainer.paths import bundled_library; print(bundled_library())"],
        capture_output=True, text=True, env=env, cwd=elsewhere, timeout=60,
    )
    assert "_bundled_scenarios" in where.stdout and str(ROOT) not in where.stdout
    module = subprocess.run(
        [str(python), "-m", "trainer", "--help"], capture_output=True, text=True, env=env, cwd=elsewhere, timeout=60
    )
    assert module.returncode == 0 and "bti-trener" in module.stdout
    # the files beside the code come with it: the voting page and the shared store's migrations (one SQLite
    # store made and migrated from inside the wheel)
    data = subprocess.run(
        [str(python), "-c", "from trainer.workshop import page; from trainer.shared.store import SharedStore; "
         f"SharedStore('sqlite:///{tmp_path / 'delt.sqlite3'}').close(); print('sha256' in page.PAGE_CSP)"],
        capture_output=True, text=True, env=env, cwd=elsewhere, timeout=120,
    )  # fmt: skip
    assert data.returncode == 0 and data.stdout.strip() == "True", data.stderr
