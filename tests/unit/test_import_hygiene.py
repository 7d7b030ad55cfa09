"""The domain core and the trainer core never import Textual (only trainer.ui does)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CORE_MODULES = [
    "scoring",
    "scoring.engine",
    "scoring.rules",
    "trainer",
    "trainer.session",
    "trainer.library",
    "trainer.scenario.model",
    "trainer.scenario.load",
    "trainer.cli",
    "trainer.progress",
    "trainer.services",
    "trainer.services.cases",
    "trainer.services.preview",
    "trainer.services.rules",
    "trainer.services.workshops",
    "trainer.services.yearplan",
    "trainer.cli.preview",
    "trainer.cli.facilitator",
]


def test_core_imports_no_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported Textual modules: {out.stdout.strip()}"


def test_the_check_would_notice_textual() -> None:
    code = "import trainer.ui.app, sys; print(any(m.startswith('textual') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "True", out.stderr


#: What the first screen does not need, so starting the app does not import it (it loads on first use).
#: Start-up time itself is measured by ``make bench``; this keeps a stray top-level import from undoing it.
NOT_AT_START_UP = [
    "pydantic",  # the scenario model: the library index cache means no YAML is read before the first frame
    "yaml",
    "scoring.engine",
    "trainer.session",
    "trainer.scenario.model",
    "trainer.ui.screens.library",
    "trainer.ui.screens.progress",
    "trainer.ui.screens.play",
    "trainer.ui.screens.workshop",
    "trainer.services.workshops",
    "trainer.ui.commands",
    "textual.widgets._data_table",
    "textual.widgets._markdown",
    "aiohttp",
    "sqlalchemy",  # the shared store: loaded when a learner who shares plays, or the report is read
    "alembic",
    "psycopg",
]


def test_starting_the_app_imports_only_what_the_first_screen_needs() -> None:
    code = (
        "import sys, trainer.ui.app\n"
        f"print(','.join(m for m in {NOT_AT_START_UP!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at start-up: {out.stdout.strip()}"


def _local_imports(path: Path) -> list[int]:
    """Line numbers of the imports inside functions (``if TYPE_CHECKING:`` blocks aside)."""
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if in_function and isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child.lineno)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_every_function_local_import_says_why() -> None:
    """An import inside a function is there for start-up only, and says so: a comment on its line, or on the
    line above the block of imports it belongs to. Everything else is imported at the top of its module."""
    unexplained = []
    for path in sorted((ROOT / "trainer").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number in _local_imports(path):
            above = number - 1
            while above > 0 and lines[above - 1].strip().startswith(("from ", "import ")):
                above -= 1  # the block's first import
            if "#" not in lines[number - 1] and not lines[above - 1].strip().startswith("#"):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}: {lines[number - 1].strip()}")
    assert unexplained == [], "function-local imports without a reason:\n" + "\n".join(unexplained)
