"""``bti-trener serve`` — the app in a web browser (textual-serve), for PCs without a terminal."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

#: Our copy of textual-serve's page: ``lang="nb"`` and the font served from this server (textual-serve's own
#: page fetches it from a third-party font service, which breaks offline use and sends every employee's
#: address out of the kommune).
TEMPLATES = Path(__file__).resolve().parents[1] / "web_assets"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand."""
    parser = sub.add_parser(
        "serve",
        help="kjør appen i nettleseren",
        description="Starter en liten webserver som viser BTI-trener i nettleseren. Standard er bare denne maskinen "
        "(127.0.0.1); bruk --host 0.0.0.0 for å slippe inn andre på nettverket.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="adresse å lytte på (standard 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from textual_serve.server import Server  # Textual's web server loads only for this command

    if not 0 < args.port < 65536:
        print("bti-trener serve: porten må være mellom 1 og 65535", file=sys.stderr)
        return 2
    command = f"{shlex.quote(sys.executable)} -m trainer"
    print(f"BTI-trener kjører på http://{args.host}:{args.port}/ – trykk Ctrl+C for å stoppe.", flush=True)
    try:
        Server(command, host=args.host, port=args.port, title="BTI-trener", templates_path=TEMPLATES).serve()
    except OSError as exc:
        print(
            f"bti-trener serve: kunne ikke starte på {args.host}:{args.port} ({exc.strerror or exc})", file=sys.stderr
        )
        return 1
    return 0
