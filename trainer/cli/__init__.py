"""`bti-trener` command line: one module per subcommand, each with ``register(subparsers)``.

A subcommand module defines ``register(sub)`` which adds its parser and sets ``func`` to a callable
``(args) -> int`` (the exit code). Commands print Norwegian messages and never a traceback for a user's
mistake; usage errors exit 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand modules under trainer.cli, in the order `--help` lists them.
COMMANDS = ("app", "validate", "schema", "play", "rules", "coverage", "analyse", "arshjul", "workshop", "new", "walk", "preview", "serve", "data")


class NorwegianParser(argparse.ArgumentParser):
    """argparse with Norwegian usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: feil: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every subcommand that is installed."""
    parser = NorwegianParser(
        prog="bti-trener",
        description="BTI-trener: øv på Bedre tverrfaglig innsats med fiktive saker. Uten kommando startes appen.",
    )
    from trainer import __version__

    parser.add_argument("--version", action="version", version=f"bti-trener {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=NorwegianParser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"trainer.cli.{name}")
        except ModuleNotFoundError as exc:  # a command not built yet
            if exc.name == f"trainer.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and ``python -m trainer``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        from trainer.cli.app import run_app

        return run_app(args)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
