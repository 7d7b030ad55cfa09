"""``bti-trener data export``, ``data forget NAME`` and ``data share`` — a learner's own data, and whether it is
shared (pseudonymously) with the kommune's report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.paths import data_dir
from trainer.privacy import remove_exports, write_export
from trainer.progress import ProgressError, ProgressStore
from trainer.services.shared import SharedService


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``data export`` and ``data forget``."""
    parser = sub.add_parser("data", help="eksporter eller slett dine egne data (fremgang og forsøk)")
    actions = parser.add_subparsers(dest="data_command", metavar="HANDLING")
    export = actions.add_parser("export", help="skriv alle dataene dine som JSON, CSV og xAPI")
    export.add_argument("--output", "-o", type=Path, default=None, help="mappe (standard: eksport/ i datamappa)")
    export.set_defaults(func=run_export)
    forget = actions.add_parser("forget", help="slett navn, forsøk og valg for godt")
    forget.add_argument("name", help="navnet (eller pseudonymet) som står i appen; «-» når du ikke har oppgitt navn")
    forget.add_argument("--yes", "-y", action="store_true", help="ikke spør om bekreftelse")
    forget.set_defaults(func=run_forget)
    share = actions.add_parser(
        "share",
        help="del resultatene dine (uten navn) med kommunens BTI-rapport, eller slutt å dele",
        description="Uten navn: BTI-trener sender en tilfeldig nøkkel, enhet og rolle, og for hvert forsøk sak, "
        "dato, valg, poeng, bestått og reglene som ble brutt – aldri navn, notater eller fritekst. «av» sletter det "
        "som er delt; «ny-nokkel» deler videre under en ny nøkkel som ikke kan kobles til den gamle.",
    )
    share.add_argument("choice", nargs="?", choices=["på", "av", "ny-nokkel", "status"], default="status",
                       metavar="på|av|ny-nokkel|status", help="hva du vil (standard: status)")  # fmt: skip
    share.set_defaults(func=run_share)
    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    """``bti-trener data`` without a subcommand: the help, and the exit code of a usage error."""
    parser.print_help()
    return 2


def _store() -> tuple[ProgressStore, None] | tuple[None, str]:
    """The progress store, or the Norwegian reason it cannot be opened."""
    try:
        return ProgressStore(), None
    except ProgressError as exc:
        return None, str(exc)


def run_export(args: argparse.Namespace) -> int:
    """Write the learner's data and say where."""
    store, error = _store()
    if store is None:
        print(f"bti-trener data: {error}", file=sys.stderr)
        return 1
    with store:
        export = store.export()
    folder = args.output or data_dir() / "eksport"
    if folder.exists() and not folder.is_dir():
        print(f"bti-trener data: «{folder}» finnes og er ikke en mappe; oppgi en mappe med -o", file=sys.stderr)
        return 1
    try:
        files = write_export(export, folder)
    except OSError as exc:
        print(f"bti-trener data: kan ikke skrive eksporten til «{folder}» ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"Eksporterte {len(export.get('attempts', []))} forsøk til:")
    for path in files:
        print(f"  {path}")
    return 0


def run_forget(args: argparse.Namespace) -> int:
    """Delete everything about the learner after checking the name."""
    store, error = _store()
    if store is None:
        print(f"bti-trener data: {error}", file=sys.stderr)
        return 1
    with store:
        learner = store.get_learner()
        stored = (learner.name or "-").casefold()
        if args.name.casefold() != stored:
            # the stored name is not shown: whoever types a wrong one should not learn it
            print(
                "bti-trener data: navnet stemmer ikke med det som er lagret. Skriv navnet slik det står i «Om meg» "
                "i appen (eller «-» hvis du ikke har oppgitt noe navn). Ingenting ble slettet.",
                file=sys.stderr,
            )
            return 1
        attempts = len(store.attempts())
        keys = store.sharing().all_keys
        if not args.yes:
            if not sys.stdin.isatty():
                print("bti-trener data: bekreft med --yes når du ikke kjører interaktivt", file=sys.stderr)
                return 2
            answer = input(f"Slette navn og {attempts} forsøk for godt? Skriv «ja»: ")
            if answer.strip().lower() != "ja":
                print("Ingenting ble slettet.")
                return 1
        if keys:
            # what was shared is deleted first: if the shared store cannot be reached, nothing is deleted here
            # either, so the keys that find it are not lost and the command can be run again
            shared = SharedService()
            try:
                if not shared.forget(keys):
                    print(
                        f"bti-trener data: det du har delt med kommunens rapport kunne ikke slettes nå "
                        f"({shared.problem}). Ingenting ble slettet; prøv igjen.",
                        file=sys.stderr,
                    )
                    return 1
            finally:
                shared.close()
            print("Slettet det du har delt med kommunens rapport.")
        log_emptied = store.forget_learner()
    print(f"Slettet navn, enhet, rolle og {attempts} forsøk fra {store.path}.")
    try:
        removed = remove_exports(data_dir() / "eksport")
    except OSError as exc:
        print(f"bti-trener data: eksportene i datamappa kunne ikke slettes ({exc.strerror or exc})", file=sys.stderr)
        return 1
    for path in removed:
        print(f"Slettet eksporten {path}.")
    print("Eksporter du har lagret andre steder (med -o), må du slette selv.")
    if not log_emptied:
        print(
            "Et annet program (kanskje et annet vindu med BTI-trener) leser fremdriften nå, så de slettede "
            "opplysningene kan ligge igjen i databasens logg til det lukkes. Lukk det og kjør kommandoen på nytt."
        )
        return 1
    return 0


def run_share(args: argparse.Namespace) -> int:
    """Opt in, opt out, take a new key, or say what is shared."""
    store, error = _store()
    if store is None:
        print(f"bti-trener data: {error}", file=sys.stderr)
        return 1
    shared = SharedService()
    try:
        with store:
            if args.choice == "status":
                sharing = store.sharing()
                if sharing.key is None:
                    print("Du deler ikke resultatene dine. «bti-trener data share på» starter delingen.")
                else:
                    print(f"Du deler resultatene dine uten navn med kommunens BTI-rapport ({shared_where()}).")
                return 0
            if args.choice == "av":
                if not shared.stop_sharing(store):
                    print(f"bti-trener data: {shared.problem} Ingenting er endret; prøv igjen.", file=sys.stderr)
                    return 1
                print("Du deler ikke lenger. Det du hadde delt, er slettet fra kommunens rapport.")
                return 0
            sharing = shared.new_key(store) if args.choice == "ny-nokkel" else shared.start_sharing(store)
    finally:
        shared.close()
    what = "Du deler videre under en ny nøkkel." if args.choice == "ny-nokkel" else "Du deler nå resultatene dine."
    print(f"{what} Ingen navn, notater eller fritekst sendes ({shared_where()}).")
    if shared.problem:
        print(f"Merk: {shared.problem} Resultatene sendes når databasen kan nås.")
    return 0 if sharing.key else 1


def shared_where() -> str:
    """Where the shared store is, for a message (no password)."""
    from trainer.shared.database import database_url, describe  # start-up: SQLAlchemy loads only here

    return describe(database_url())
