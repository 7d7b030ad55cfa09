"""Starting the Textual app (the default when no subcommand is given)."""

from __future__ import annotations

import argparse
import sys

from trainer.paths import DataDirError, data_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``bti-trener app [--bibliotek DIR]``."""
    parser = sub.add_parser("app", help="start appen (standard)")
    parser.set_defaults(func=run_app)


def run_app(args: argparse.Namespace | None) -> int:
    """Start the TUI on the bundled library (after checking that the data folder can be used)."""
    try:
        data_dir()
    except DataDirError as exc:
        print(f"bti-trener: {exc}", file=sys.stderr)
        return 1
    from trainer.ui.app import run  # the TUI (Textual) loads only when the app starts, not for other commands

    return run()
