"""`bti-trener` command line: one module per subcommand, each with ``register(subparsers)``.

A subcommand module defines ``register(sub)`` which adds its parser and sets ``func`` to a callable
``(args) -> int`` (the exit code). Commands print Norwegian messages and never a traceback for a user's
mistake; usage errors exit 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import trainer
from trainer.cli import app
from trainer.paths import DataDirError
from trainer.printable import PrintableStream

#: Commands that hand the terminal to a full-screen app, which writes its own control sequences.
FULL_SCREEN = frozenset({"app", "preview", "serve"})


class NorwegianParser(argparse.ArgumentParser):
    """argparse with Norwegian usage errors and Norwegian headings and ``-h`` text in the help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # our own -h, worded in Norwegian, is added below
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: feil: {message}\n")


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for (``importlib.metadata`` is slow to import)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"bti-trener {trainer.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every subcommand."""
    parser = NorwegianParser(
        prog="bti-trener",
        description="BTI-trener: øv på Bedre tverrfaglig innsats med fiktive saker. Uten kommando startes appen.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="vis versjonsnummeret og avslutt")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=NorwegianParser)
    # start-up: `bti-trener` without a command starts the app, which needs none of the commands' modules
    from trainer.cli import (
        analyse,
        arshjul,
        coverage,
        data,
        egenvurdering,
        kvalitet,
        new,
        play,
        preview,
        rapport,
        rules,
        schema,
        serve,
        validate,
        walk,
        workshop,
    )

    commands = (
        app, validate, schema, play, rules, coverage, kvalitet, analyse, arshjul, workshop, new, walk, preview, serve,
        data, rapport, egenvurdering,
    )  # fmt: skip
    for module in commands:  # in the order `--help` lists them; each has ``register(subparsers)``
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and ``python -m trainer``. Without arguments the app starts at once:
    building every command's parser would import what those commands need before the app's first frame."""
    if not (sys.argv[1:] if argv is None else argv):
        return app.run_app(None)
    args = build_parser().parse_args(argv)
    if getattr(args, "func", None) is None:
        return app.run_app(args)
    stdout = sys.stdout
    if args.command not in FULL_SCREEN:
        sys.stdout = PrintableStream(stdout)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except DataDirError as exc:
        print(f"bti-trener: {exc}", file=sys.stderr)
        return 1
    finally:
        sys.stdout = stdout
