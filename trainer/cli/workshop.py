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
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from trainer.workshop.server import VotingServer
    from trainer.workshop.state import Tally, WorkshopSession
    from trainer.workshop.store import WorkshopStore

HELP = """Kommandoer:
  h 3 5 1            antall hender per valg, i rekkefølge (skriv på nytt for å rette)
  v                  antall stemmer så langt (bare antallet)
  r                  vis resultatet
  n [valg] [grunn]   gå videre: flertallet, eller valget du skriver (nummer, bokstav eller ID)
  d [minutter]       nedtelling for diskusjonen («diskuter tre og tre»)
  p [enhet] antall   antall deltakere fra en enhet
  navn Navn          legg til et navn (valgfritt); glem-navn sletter alle navn
  note tekst         notat til denne beslutningen
  s                  vis beslutningen på nytt
  q                  avslutt og skriv eksportene"""

RULE = "─" * 72


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    parser.add_argument("--host", default="127.0.0.1", help="adressen stemmesiden lytter på (0.0.0.0 = hele nettverket)")
    parser.add_argument("--port", type=int, default=None, help="port for stemmesiden (standard 8765; 0 = en ledig port)")
    parser.add_argument("--no-server", action="store_true", help="uten stemmeside: bare håndsopprekning")
    parser.add_argument("--unit", metavar="ENHET", help="enheten som holder økta")
    parser.add_argument("--theme", metavar="TEMA", help="tema for økta (standard: fra årshjulet)")
    parser.add_argument("--profile", "-p", default=None, help="kommuneprofil: navn (standard) eller fil")
    parser.add_argument("--resume", type=int, metavar="ID", help="fortsett en workshop som ble avbrutt")
    parser.add_argument("--export-dir", type=Path, metavar="MAPPE", help="hvor eksportene skrives (standard: datamappa/eksport)")
    parser.set_defaults(func=run)


class Facilitator:
    """The plain-terminal facilitator loop: reads commands, drives the workshop, prints what happens."""

    def __init__(
        self,
        workshop: WorkshopSession,
        store: WorkshopStore,
        server: VotingServer | None,
        *,
        out: TextIO,
        export_dir: Path | None = None,
        default_unit: str | None = None,
    ) -> None:
        """Run ``workshop`` (already started) with an optional voting ``server``, printing to ``out``."""
        self.workshop = workshop
        self.store = store
        self.server = server
        self.out = out
        self.export_dir = export_dir
        self.default_unit = default_unit

    def say(self, text: str = "") -> None:
        """Print one block of text and flush (the output may be a pipe)."""
        print(text, file=self.out, flush=True)

    # ------------------------------------------------------------------------------ showing

    def show_intro(self) -> None:
        """The case's title and summary, and how to join."""
        scenario = self.workshop.scenario
        info = self.workshop.info
        self.say(RULE)
        self.say(f"Workshop: {scenario.title}  (workshop {self.workshop.workshop_id})")
        details = [x for x in (info.theme and f"Tema: {info.theme}", info.unit and f"Enhet: {info.unit}") if x]
        if details:
            self.say(" · ".join(details))
        self.say("")
        self.say(scenario.summary)
        if scenario.learning_goals:
            self.say("")
            self.say("Læringsmål:")
            for goal in scenario.learning_goals:
                self.say(f"  • {goal}")
        self.say("")
        self.say("Registrer deltakere med «p antall» eller «p enhet antall». Skriv hjelp for alle kommandoer.")
        self.show_join()

    def show_join(self) -> None:
        """The join code and the address of the voting page."""
        if self.server is None:
            self.say("Uten stemmeside: bruk håndsopprekning (h).")
            return
        self.say(f"Stem på mobilen – kode: {self.server.join_code}")
        self.say(f"Adresse: {self.server.url}")
        if self.server.loopback_only:
            self.say("(Bare denne maskinen når adressen. Start med --host 0.0.0.0 for at telefoner på samme nett skal nå den.)")
        else:
            self.say("(Alle på samme nettverk kan åpne adressen; koden hindrer andre i å stemme.)")
        if not self.server.loopback_only and getattr(self.out, "isatty", lambda: False)():
            from trainer.workshop.server import qr_text

            qr = qr_text(self.server.join_url)
            if qr:
                self.say(qr)

    def show_decision(self) -> None:
        """The open decision: text, prompt and options."""
        workshop = self.workshop
        current = workshop.current
        node = workshop.node
        if current is None or node is None:
            self.show_ending()
            return
        self.say(RULE)
        self.say(f"Beslutning {current.step + 1} · {node.title or ''}".rstrip(" ·"))
        self.say("")
        self.say(node.text.rstrip())
        self.say("")
        self.say(f"Til diskusjon: {node.discussion or 'Hva gjør du?'}")
        self.say("")
        for option in workshop.options():
            self.say(f"  {option.letter} ({option.number})  {option.text}")
        self.say("")
        if workshop.phase == "voting":
            join = f" Kode: {self.server.join_code} · {self.server.url}" if self.server else ""
            self.say(f"Avstemningen er åpen.{join}")
        self.say("Skriv h (hender), v (antall stemmer), r (vis resultat), n (gå videre), note, q – eller hjelp.")

    def show_tally(self, tally: Tally) -> None:
        """The revealed distribution, hands and devices apart, and the majority."""
        workshop = self.workshop
        current = workshop.current
        assert current is not None
        labels = {o.id: o for o in workshop.options()}
        self.say("Resultat (hender + mobil = totalt):")
        for option_id in tally.options:
            option = labels[option_id]
            share = tally.share(option_id)
            bar = "█" * round(share * 20)
            self.say(
                f"  {option.letter}  {bar:<20} {tally.hands.get(option_id, 0):>3} + {tally.devices.get(option_id, 0):>3} "
                f"= {tally.total(option_id):>3}  ({round(share * 100)} %)"
            )
        self.say(f"  Totalt {tally.votes} stemmer: {_hands(tally.hand_total)}, {tally.device_total} fra mobil.")
        if tally.majority:
            option = labels[tally.majority]
            self.say(f"Flertall: {option.letter} – {option.text}")
            self.say("Skriv n for å gå videre med flertallet, eller n og et annet valg for å utforske det.")
        elif tally.tie:
            tied = " og ".join(labels[o].letter for o in tally.leaders)
            self.say(f"Uavgjort mellom {tied}. Skriv n og valget gruppa skal gå videre med (f.eks. «n {labels[tally.leaders[0]].letter}»).")
        else:
            self.say("Ingen stemmer. Skriv n og valget gruppa skal gå videre med.")

    def show_ending(self) -> None:
        """The ending and the group's scorecard."""
        from trainer.render.text import scorecard_lines

        workshop = self.workshop
        ending = workshop.ending
        self.say(RULE)
        if ending is not None:
            self.say(f"Slutt: {ending.title}")
            self.say("")
            self.say(ending.text.rstrip())
            self.say("")
        report = workshop.report()
        self.say("Gruppas resultat:")
        for line in scorecard_lines(report):
            self.say(f"  {line}")
        case_findings = [f for f in report.findings if f.step is None]
        if case_findings:
            from trainer.render.text import finding_lines

            self.say("Funn for saken som helhet:")
            for finding in case_findings:
                self.say("\n".join(finding_lines(finding, "  ")))
        if workshop.scenario.reflection:
            self.say("")
            self.say("Refleksjon:")
            for question in workshop.scenario.reflection:
                self.say(f"  • {question}")
        self.say("")
        self.say("Skriv notater med «note tekst», og avslutt med q.")

    # ------------------------------------------------------------------------------ the loop

    def loop(self, lines: TextIO, *, prompt: bool = False) -> int:
        """Read commands until ``q`` or the end of input; finish and export. Returns the exit code."""
        while True:
            if prompt:
                print("> ", end="", file=self.out, flush=True)
            line = lines.readline()
            if not line:
                self.say("")
                return self.finish()
            text = line.strip()
            if not text:
                continue
            if text.lower() in ("q", "avslutt", "quit", "exit"):
                return self.finish()
            self.handle(text)

    def handle(self, text: str) -> None:
        """Run one command; problems are printed in Norwegian, never raised."""
        from trainer.workshop.state import WorkshopError
        from trainer.workshop.store import WorkshopStoreError

        command, _, rest = text.partition(" ")
        command = command.lower()
        rest = rest.strip()
        handlers = {
            "h": self._hands,
            "v": self._progress,
            "r": self._reveal,
            "n": self._next,
            "d": self._discuss,
            "p": self._participants,
            "navn": self._name,
            "glem-navn": self._forget,
            "note": self._note,
            "notat": self._note,
            "s": lambda _: self.show_decision(),
            "vis": lambda _: self.show_decision(),
            "hjelp": lambda _: self.say(HELP),
            "?": lambda _: self.say(HELP),
            "help": lambda _: self.say(HELP),
        }
        handler = handlers.get(command)
        if handler is None:
            self.say(f"Ukjent kommando «{command}». Skriv hjelp for en oversikt.")
            return
        try:
            handler(rest)
        except WorkshopStoreError as exc:
            self.say(f"Kunne ikke lagre: {exc}")
        except WorkshopError as exc:
            self.say(str(exc))

    def _hands(self, rest: str) -> None:
        options = self.workshop.options()
        parts = rest.replace(",", " ").split()
        if not options:
            self.say("Saken er ferdig – det er ingen avstemning nå.")
            return
        if not parts or not all(p.isdigit() for p in parts):
            self.say(f"Skriv ett tall per valg, f.eks. «h {' '.join(str(i + 1) for i in range(len(options)))}».")
            return
        self.workshop.set_hand_counts([int(p) for p in parts])
        progress = self.workshop.progress()
        assert progress is not None
        self.say(f"Registrert: {_hands(progress.hands)}. Stemmer så langt: {progress.votes} (fordelingen vises ved r).")

    def _progress(self, rest: str) -> None:
        progress = self.workshop.progress()
        if progress is None:
            self.say("Saken er ferdig – det er ingen avstemning nå.")
            return
        hands = _hands(progress.hands) if progress.hands_entered else "hender ikke registrert"
        self.say(f"Stemmer så langt: {progress.devices} fra mobil, {hands} – {progress.votes} totalt.")

    def _reveal(self, rest: str) -> None:
        self.show_tally(self.workshop.reveal())

    def _next(self, rest: str) -> None:
        from trainer.render.text import finding_lines
        from trainer.workshop.state import TieError, letter

        option, _, reason = rest.partition(" ")
        try:
            result = self.workshop.advance(option or None, reason.strip() or None)
        except TieError as exc:
            first = exc.tied[0] if exc.tied else self.workshop.options()[0].id
            example = letter(self.workshop.current.options.index(first)) if self.workshop.current else "A"
            self.say(f"{exc} Skriv f.eks. «n {example}».")
            return
        decision = result.decision
        choice = result.outcome.choice
        chosen = letter(decision.options.index(choice.id))
        if decision.overridden:
            majority = letter(decision.options.index(decision.majority)) if decision.majority else "?"
            self.say(f"Gruppa går videre med {chosen} (overstyrt – flertallet stemte {majority}): {choice.text}")
        elif decision.tie_break:
            self.say(f"Gruppa går videre med {chosen} (valgt av fasilitator – ikke klart flertall): {choice.text}")
        else:
            self.say(f"Gruppa går videre med {chosen} (flertall): {choice.text}")
        if decision.findings:
            self.say("Funn ved denne beslutningen:")
            for finding in decision.findings:
                self.say("\n".join(finding_lines(finding, "  ")))
        else:
            self.say("Ingen regler slo ut ved denne beslutningen.")
        if decision.feedback:
            self.say(f"Forfatterens kommentar: {decision.feedback}")
        if decision.discussion_after:
            self.say(f"Til diskusjon: {decision.discussion_after}")
        if self.workshop.finished:
            self.show_ending()
        else:
            self.workshop.open_voting()
            self.show_decision()

    def _discuss(self, rest: str) -> None:
        text = rest.replace(",", ".").strip()
        if text and not _is_number(text):
            self.say("Skriv antall minutter, f.eks. «d 3».")
            return
        seconds = round(float(text) * 60) if text else 180
        self.workshop.set_countdown(seconds or None)
        if seconds:
            self.say(f"Diskuter tre og tre – {_minutes(seconds)}. Nedtellingen vises på mobilene.")
        else:
            self.say("Nedtellingen er fjernet.")

    def _participants(self, rest: str) -> None:
        parts = rest.split()
        if not parts or not parts[-1].isdigit():
            self.say("Skriv f.eks. «p 12» eller «p Solsikken barnehage 8».")
            return
        count = int(parts[-1])
        unit = " ".join(parts[:-1]) or self.default_unit or self.workshop.info.unit or "Deltakere"
        self.workshop.set_unit_count(unit, count)
        self.say(f"Deltakere: {unit}: {count} (totalt {self.workshop.participant_total}).")

    def _name(self, rest: str) -> None:
        entry = self.workshop.add_name(rest)
        self.say(f"Navn lagt til: {entry.name}. (Navn er valgfrie; «glem-navn» sletter alle.)")

    def _forget(self, rest: str) -> None:
        count = self.workshop.forget_names()
        self.say(f"Slettet {count} navn.")

    def _note(self, rest: str) -> None:
        note = self.workshop.add_note(rest)
        where = f"beslutning {note.step + 1}" if note.step is not None else "workshopen"
        self.say(f"Notat lagret ({where}).")

    def finish(self) -> int:
        """End the workshop, write the exports and print their paths."""
        from trainer.workshop.export import write_exports
        from trainer.workshop.state import WorkshopError
        from trainer.workshop.store import WorkshopStoreError

        try:
            report = self.workshop.finish()
            paths = write_exports(self.workshop, self.export_dir, store=self.store)
        except (WorkshopStoreError, WorkshopError) as exc:
            print(f"bti-trener workshop: {exc}", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"bti-trener workshop: kunne ikke skrive eksportene ({exc.strerror or exc}).", file=sys.stderr)
            return 1
        self.say(RULE)
        if self.workshop.finished:
            self.say(f"Workshop {self.workshop.workshop_id} er ferdig. Samlet: {report.overall} av 100. {report.summary}")
        else:
            self.say(
                f"Workshop {self.workshop.workshop_id} er avsluttet før slutten. "
                f"Så langt: {report.overall} av 100. {report.summary}"
            )
        self.say("Eksport:")
        self.say(f"  Markdown: {paths.markdown}")
        self.say(f"  HTML:     {paths.html}")
        if paths.csv:
            self.say(f"  CSV (året): {paths.csv}")
        return 0


def _hands(count: int) -> str:
    return "1 hånd" if count == 1 else f"{count} hender"


def _is_number(text: str) -> bool:
    try:
        return float(text) >= 0
    except ValueError:
        return False


def _minutes(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} minutt" if minutes == 1 else f"{minutes} minutter"


# ---------------------------------------------------------------------------------------- setup


def run(args: argparse.Namespace) -> int:
    """Set the workshop up, run the command loop on standard input, and export at the end."""
    from trainer.workshop.store import WorkshopStore, WorkshopStoreError

    if not args.scenario and not args.session and args.resume is None:
        print("bti-trener workshop: feil: oppgi en sak (fil eller ID), --session ØKT eller --resume ID", file=sys.stderr)
        return 2
    try:
        store = WorkshopStore()
    except WorkshopStoreError as exc:
        print(f"bti-trener workshop: {exc}", file=sys.stderr)
        return 1
    try:
        workshop = _start(args, store)
        if workshop is None:
            return 1
        return _serve(args, workshop, store)
    except WorkshopStoreError as exc:
        print(f"bti-trener workshop: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _start(args: argparse.Namespace, store: WorkshopStore) -> WorkshopSession | None:
    """A new (or resumed) workshop, or None after printing why it cannot start."""
    from trainer.library import find_scenario
    from trainer.profiles import ProfileError, find_profile
    from trainer.workshop.state import WorkshopInfo, WorkshopSession

    if args.resume is not None:
        data = store.restore_data(args.resume)
        source = data.info.scenario_source
        if not args.scenario and source and (Path(source).is_file() or not source.endswith((".yaml", ".yml"))):
            key = source
        else:
            key = args.scenario or data.info.scenario_id
        scenario, problems = find_scenario(key)
        if scenario is None:
            _print_problems(problems)
            return None
        profile = _profile(data.info.profile_id)
        workshop, note = WorkshopSession.restore(scenario, data, profile=profile, recorder=store)
        if note:
            print(note)
        if workshop.ended:
            print(f"Workshop {args.resume} er allerede avsluttet; den åpnes igjen for notater og ny eksport.")
            workshop.ended = False
        return workshop

    info: dict[str, str | None] = {"theme": args.theme, "unit": args.unit}
    key = args.scenario
    if args.session:
        picked = _from_plan(args, store, info)
        if picked is None:
            return None
        key = key or picked
    scenario, problems = find_scenario(key)
    if scenario is None:
        _print_problems(problems)
        return None
    try:
        profile = find_profile(args.profile or scenario.profile)
    except ProfileError as exc:
        _print_problems(exc.problems)
        return None
    source = str(Path(key).resolve()) if Path(key).is_file() else key
    base = WorkshopInfo(
        scenario_id=scenario.id, scenario_title=scenario.title, scenario_source=source, **info  # type: ignore[arg-type]
    )
    return WorkshopSession(scenario, profile=profile, info=base, recorder=store)


def _profile(profile_id: str):  # type: ignore[no-untyped-def]
    from trainer.profiles import ProfileError, find_profile

    try:
        return find_profile(profile_id)
    except ProfileError:
        return None


def _from_plan(args: argparse.Namespace, store: WorkshopStore, info: dict[str, str | None]) -> str | None:
    """Fill ``info`` from the årshjul session and return the scenario to run (None after printing why not)."""
    from trainer.library import Library
    from trainer.yearplan import bundled_plan_path, load_plan

    path: Path = args.arshjul or bundled_plan_path()
    result = load_plan(path)
    if result.value is None or result.errors:
        _print_problems(result.problems)
        return None
    plan = result.value
    session = plan.session(args.session)
    if session is None:
        known = ", ".join(s.id for s in plan.sessions)
        print(f"bti-trener workshop: fant ingen økt «{args.session}» i {path}; økter: {known}", file=sys.stderr)
        return None
    info.update(
        theme=info.get("theme") or f"{session.title}: {session.theme}",
        unit=info.get("unit") or plan.unit,
        kommune=plan.kommune,
        season=plan.season,
        plan_session_id=session.id,
        arena=session.arena,
        facilitator=session.facilitator,
    )
    if args.scenario:
        return args.scenario
    library = Library()
    available = [sid for sid in session.scenarios if library.entry(sid) is not None]
    if not available:
        listed = ", ".join(session.scenarios) or "(ingen)"
        print(
            f"bti-trener workshop: ingen av sakene i økta «{session.id}» finnes i biblioteket ennå ({listed}). "
            "Oppgi en sak selv: bti-trener workshop SAK --session " + session.id,
            file=sys.stderr,
        )
        return None
    done = {w.scenario_id for w in store.workshops(plan.season) if w.plan_session_id == session.id and w.ending}
    return next((sid for sid in available if sid not in done), available[0])


def _print_problems(problems: list) -> None:  # type: ignore[type-arg]
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def _serve(args: argparse.Namespace, workshop: WorkshopSession, store: WorkshopStore) -> int:
    """Start the voting page (unless --no-server), run the loop, stop the page."""
    from trainer.workshop.server import DEFAULT_PORT, VotingServer, VotingServerError

    server: VotingServer | None = None
    if not args.no_server:
        port = DEFAULT_PORT if args.port is None else args.port
        server = VotingServer(workshop, host=args.host, port=port)
        try:
            server.start()
        except VotingServerError as exc:
            if args.port is not None:
                print(f"bti-trener workshop: {exc}", file=sys.stderr)
                return 1
            server = VotingServer(workshop, host=args.host, port=0)
            try:
                server.start()
            except VotingServerError as again:
                print(f"bti-trener workshop: {again}", file=sys.stderr)
                return 1
            print(f"(Port {DEFAULT_PORT} var opptatt; bruker port {server.port}.)")
    facilitator = Facilitator(
        workshop, store, server, out=sys.stdout, export_dir=args.export_dir, default_unit=args.unit
    )
    try:
        facilitator.show_intro()
        if not workshop.finished and workshop.phase in ("intro", "discussing"):
            workshop.open_voting()
        facilitator.show_decision()
        return facilitator.loop(sys.stdin, prompt=sys.stdin.isatty())
    except KeyboardInterrupt:
        print(
            f"\nAvbrutt. Alt som er registrert er lagret. Fortsett med: bti-trener workshop --resume {workshop.workshop_id}",
            file=sys.stderr,
        )
        return 130
    finally:
        if server is not None:
            server.stop()
