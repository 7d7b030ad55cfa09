"""``bti-trener workshop SAK | --session ØKT``: run a case for a group from a plain terminal.

The facilitator's screen without the TUI: it prints the case, each decision with its options and the
discussion prompt, the join code and address of the voting page, and then reads commands from
standard input (so it also works with piped input):

====================  ==========================================================================
``h 3 5 1``           raised hands per option, in option order (typing again replaces the counts)
``v``                 how many have voted so far (count only — the distribution stays hidden)
``r``                 reveal the distribution and the majority
``n [valg] [grunn]``  move on: the majority by default, or the option named (number, letter or ID);
                      naming another option than the majority overrides it (the reason is kept)
``d [minutter]``      a discussion countdown («diskuter tre og tre»), shown on the phones
``p [enhet] antall``  participants from a unit (``p 12`` for the workshop's own unit)
``navn Navn``         an optional participant name; ``glem-navn`` deletes all names
``note tekst``        a note on the current decision (or on the workshop, after the ending)
``s``                 show the current decision again
``q``                 finish: write the exports and print their paths (end of input does the same)
====================  ==========================================================================

Everything is saved as it happens in ``workshops.sqlite3`` in the data folder; after Ctrl-C the
workshop can be continued with ``--resume ID``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``workshop`` subcommand."""
    parser = sub.add_parser(
        "workshop",
        help="kjør en sak for en gruppe, med stemmer fra mobil og håndsopprekning",
        description="Fasilitatormodus i terminalen: viser saken og hver beslutning, tar imot stemmer fra mobil "
        "(kode og adresse vises) og håndsopprekning, og skriver et sammendrag til slutt. Kommandoene leses fra "
        "standard inn; skriv «hjelp» for en oversikt.",
    )
    parser.add_argument("scenario", nargs="?", metavar="SAK", help="scenariofil (.yaml) eller sak-ID i biblioteket")
    parser.add_argument("--session", metavar="ØKT", help="økt-ID fra årshjulet (tema, enhet og sak hentes derfra)")
    parser.add_argument("--arshjul", type=Path, metavar="FIL", help="årshjul-fil (standard: det innebygde)")
    parser.add_argument(
        "--lan", action="store_true", help="slipp inn telefoner på samme nett (stemmesiden lytter på nettadressen)"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="adressen stemmesiden lytter på (standard: bare denne maskinen)"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="port for stemmesiden (standard 8765; 0 = en ledig port)"
    )
    parser.add_argument("--no-server", action="store_true", help="uten stemmeside: bare håndsopprekning")
    parser.add_argument("--unit", metavar="ENHET", help="enheten som holder økta")
    parser.add_argument("--theme", metavar="TEMA", help="tema for økta (standard: fra årshjulet)")
    parser.add_argument("--profile", "-p", default=None, help="kommuneprofil: navn (standard) eller fil")
    parser.add_argument("--resume", type=int, metavar="ID", help="fortsett en workshop som ble avbrutt")
    parser.add_argument(
        "--export-dir", type=Path, metavar="MAPPE", help="hvor eksportene skrives (standard: datamappa/eksport)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Set the workshop up, run the command loop on standard input, and export at the end."""
    if not args.scenario and not args.session and args.resume is None:
        print(
            "bti-trener workshop: feil: oppgi en sak (fil eller ID), --session ØKT eller --resume ID", file=sys.stderr
        )
        return 2
    # aiohttp (the voting page) loads only for this command, not for every other one that builds the parser
    from trainer.cli.facilitator import run_workshop

    return run_workshop(args)
