"""The terminal facilitator behind ``bti-trener workshop``: it prints the case and each decision, reads the
facilitator's commands from standard input and drives the workshop through :mod:`trainer.services.workshops`
(the same start, resume, voting page and export as the app's Verksted screen).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from trainer.render.text import finding_lines, score_line, scorecard_lines
from trainer.render.words import counted, hands
from trainer.services.cases import CaseService
from trainer.services.workshops import NoCaseForSession, VotingConfig, WorkshopFailure, WorkshopRun, WorkshopService
from trainer.workshop.room import joined_text, room_warnings
from trainer.workshop.server import qr_text
from trainer.workshop.state import DEFAULT_ROLEPLAY_SECONDS, Tally, TieError, WorkshopError, letter
from trainer.workshop.store import WorkshopStoreError

HELP = """Kommandoer:
  h 3 5 1            antall hender per valg, i rekkefølge (skriv på nytt for å rette)
  v                  antall stemmer så langt (bare antallet)
  r                  vis resultatet
  n [valg] [grunn]   gå videre: flertallet, eller valget du skriver (nummer, bokstav eller ID)
  d [minutter]       nedtelling for diskusjonen («diskuter tre og tre»)
  rollespill [min]   rollespill før avstemningen: hver telefon får sitt eget rollekort (standard 5 min)
  rollespill slutt   avslutt rollespillet og åpne avstemningen
  p [enhet] antall   antall deltakere fra en enhet
  navn Navn          legg til et navn (valgfritt); glem-navn sletter alle navn
  note tekst         notat til denne beslutningen
  s                  vis beslutningen på nytt
  kode               ny kode til stemmesiden (telefoner som er med, fortsetter)
  q                  avslutt og skriv eksportene"""

RULE = "─" * 72


class Facilitator:
    """The plain-terminal facilitator loop: reads commands, drives the workshop, prints what happens."""

    def __init__(
        self, run: WorkshopRun, service: WorkshopService, *, out: TextIO, default_unit: str | None = None
    ) -> None:
        """Run the started (or resumed) workshop ``run`` through ``service``, printing to ``out``."""
        self.run = run
        self.workshop = run.workshop
        self.service = service
        self.server = run.server
        self.out = out
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
        if self.server.loopback_only:
            # 127.0.0.1 is no address for a phone: it is shown only as what it is, the page on this machine
            self.say("Telefonene kan ikke bli med ennå: stemmesiden er bare åpen på denne maskinen.")
            self.say("Start med --lan for å slippe inn telefoner på samme nett.")
            self.say(f"(Stemmesiden på denne maskinen: {self.server.url})")
        else:
            self.say(f"Adresse: {self.server.url}")
            self.say("(Alle på samme nettverk kan åpne adressen; koden hindrer andre i å stemme.)")
        if not self.server.loopback_only and getattr(self.out, "isatty", lambda: False)():
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
        cards = workshop.role_cards()
        round_ = workshop.roleplay
        if cards and round_ is not None and round_.active:
            self.say(f"Rollespill pågår: {', '.join(round_.roles)}. Skriv «rollespill slutt» for å stemme.")
        elif cards and workshop.phase != "revealed" and not (current.hands or current.device_votes):
            self.say(
                f"Rollekort: {', '.join(c.role for c in cards)}. Skriv «rollespill» for å spille samtalen før "
                "dere stemmer (hver telefon får sitt eget kort)."
            )
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
                f"  {option.letter}  {bar:<20} {tally.hands.get(option_id, 0):>3} + "
                f"{tally.devices.get(option_id, 0):>3} "
                f"= {tally.total(option_id):>3}  ({round(share * 100)} %)"
            )
        total = counted(tally.votes, "stemme")
        self.say(f"  Totalt {total}: {hands(tally.hand_total)}, {tally.device_total} fra mobil.")
        if tally.majority:
            option = labels[tally.majority]
            self.say(f"Flertall: {option.letter} – {option.text}")
            self.say("Skriv n for å gå videre med flertallet, eller n og et annet valg for å utforske det.")
        elif tally.tie:
            tied = " og ".join(labels[o].letter for o in tally.leaders)
            self.say(
                f"Uavgjort mellom {tied}. Skriv n og valget gruppa skal gå videre med "
                f"(f.eks. «n {labels[tally.leaders[0]].letter}»)."
            )
        else:
            self.say("Ingen stemmer. Skriv n og valget gruppa skal gå videre med.")

    def show_ending(self) -> None:
        """The ending and the group's scorecard."""
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
        command, _, rest = text.partition(" ")
        command = command.lower()
        rest = rest.strip()
        handlers: dict[str, Callable[[str], None]] = {
            "h": self._hands,
            "v": self._progress,
            "r": self._reveal,
            "n": self._next,
            "d": self._discuss,
            "rollespill": self._roleplay,
            "rs": self._roleplay,
            "p": self._participants,
            "navn": self._name,
            "glem-navn": self._forget,
            "note": self._note,
            "notat": self._note,
            "kode": self._new_code,
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
        self.say(f"Registrert: {hands(progress.hands)}. Stemmer så langt: {progress.votes} (fordelingen vises ved r).")

    def _progress(self, rest: str) -> None:
        progress = self.workshop.progress()
        if progress is None:
            self.say("Saken er ferdig – det er ingen avstemning nå.")
            return
        hand_text = hands(progress.hands) if progress.hands_entered else "hender ikke registrert"
        self.say(f"Stemmer så langt: {progress.devices} fra mobil, {hand_text} – {progress.votes} totalt.")
        self.say_room()

    def say_room(self) -> None:
        """How many phones joined, and any warning about the room (more votes than people, a shut code)."""
        if self.server is None:
            return
        room = self.workshop.room(self.server.access.code_open)
        self.say(f"{joined_text(room).capitalize()}.")
        for warning in room_warnings(room, "«kode»"):
            self.say(f"OBS: {warning}")

    def _new_code(self, rest: str) -> None:
        code = self.service.new_code(self.run)
        if code is None:
            self.say("Uten stemmeside er det ingen kode.")
            return
        self.say(f"Ny kode: {code}. Telefoner som er med, kan fortsette.")
        self.show_join()

    def _reveal(self, rest: str) -> None:
        self.show_tally(self.workshop.reveal())
        self.say_room()

    def _next(self, rest: str) -> None:
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

    def _roleplay(self, rest: str) -> None:
        text = rest.replace(",", ".").strip().lower()
        if text in ("slutt", "stopp", "ferdig"):
            self.workshop.end_roleplay()
            self.workshop.open_voting()
            self.say("Rollespillet er ferdig. Avstemningen er åpen – gruppa stemmer som vanlig.")
            return
        if text and not _is_number(text):
            self.say("Skriv «rollespill» (5 minutter), «rollespill 8» (minutter) eller «rollespill slutt».")
            return
        seconds = round(float(text) * 60) if text else DEFAULT_ROLEPLAY_SECONDS
        round_ = self.workshop.start_roleplay(seconds or None)
        timer = f" – {_minutes(seconds)} (bare en hjelp, ingen poeng for fart)" if seconds else ""
        self.say(f"Rollespill{timer}. Roller: {', '.join(round_.roles)}.")
        if round_.cards:
            dealt = ", ".join(f"{role} {count}" for role, count in round_.holders().items())
            self.say(f"Rollekortene er delt ut til {counted(len(round_.cards), 'telefon')} ({dealt}).")
            self.say("Hver telefon ser bare sitt eget kort; de andre ser bare navnene på rollene.")
        else:
            self.say("Ingen telefoner er med ennå. De som blir med nå, får et kort hver, etter tur.")
        self.say("Skriv «rollespill slutt» når dere er ferdige; da åpner avstemningen.")

    def _participants(self, rest: str) -> None:
        parts = rest.split()
        if not parts or not parts[-1].isdigit():
            self.say("Skriv f.eks. «p 12» eller «p Solsikken barnehage 8».")
            return
        count = int(parts[-1])
        unit = " ".join(parts[:-1]) or self.default_unit or self.workshop.info.unit or "Deltakere"
        self.workshop.set_unit_count(unit, count)
        total = counted(self.workshop.participant_total, "deltaker")
        what = f"{unit} {count}" if unit != "Deltakere" else counted(count, "deltaker")
        self.say(f"Registrert: {what} – totalt {total}.")

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
        try:
            result = self.service.finish(self.workshop)
        except WorkshopFailure as exc:
            print(f"bti-trener workshop: {exc}", file=sys.stderr)
            return 1
        report, paths = result.report, result.paths
        self.say(RULE)
        if self.workshop.finished:
            self.say(f"Workshop {self.workshop.workshop_id} er ferdig. Samlet: {score_line(report)}")
        else:
            self.say(f"Workshop {self.workshop.workshop_id} er avsluttet før slutten. {score_line(report)}")
        self.say("Eksport:")
        self.say(f"  Markdown: {paths.markdown}")
        self.say(f"  HTML:     {paths.html}")
        if paths.csv:
            self.say(f"  CSV (året): {paths.csv}")
        if result.share_problem:
            self.say(f"Verkstedet kom ikke med i kommunens rapport nå: {result.share_problem}")
        return 0


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


def run_workshop(args: argparse.Namespace) -> int:
    """Start (or resume) the workshop through the workshop service, run the command loop on standard input,
    and export at the end; returns the exit code."""
    voting = VotingConfig(host=args.host, port=args.port, enabled=not args.no_server)
    service = WorkshopService(CaseService(), plan_path=args.arshjul, export_dir=args.export_dir, voting=voting)
    try:
        run = _open(args, service)
        if run is None:
            return 1
        return _serve(args, run, service)
    except WorkshopStoreError as exc:
        print(f"bti-trener workshop: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()


def _open(args: argparse.Namespace, service: WorkshopService) -> WorkshopRun | None:
    """A new or resumed workshop, or None after printing why it cannot start."""
    try:
        if args.resume is not None:
            run = service.resume(args.resume)
        else:
            run = service.start(args.scenario, args.session, profile=args.profile, theme=args.theme, unit=args.unit)
    except NoCaseForSession as exc:
        print(
            f"bti-trener workshop: {exc} Oppgi en sak selv: bti-trener workshop SAK --session {args.session}",
            file=sys.stderr,
        )
        return None
    except WorkshopFailure as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        if not exc.problems:
            print(f"bti-trener workshop: {exc}", file=sys.stderr)
        return None
    if run.note:
        print(run.note)
    return run


def _serve(args: argparse.Namespace, run: WorkshopRun, service: WorkshopService) -> int:
    """Start the voting page (unless --no-server), run the loop, stop the page."""
    workshop = run.workshop
    if not args.no_server:
        # --lan: the service binds the LAN address it shows, as the app's «l» does
        service.start_server(run, lan=True if args.lan else None)
        if run.server is None:
            print(f"bti-trener workshop: {run.server_error}", file=sys.stderr)
            return 1
        if run.server_note:
            print(f"({run.server_note})")
    facilitator = Facilitator(run, service, out=sys.stdout, default_unit=args.unit)
    try:
        facilitator.show_intro()
        if not workshop.finished and workshop.phase in ("intro", "discussing"):
            workshop.open_voting()
        facilitator.show_decision()
        return facilitator.loop(sys.stdin, prompt=sys.stdin.isatty())
    except KeyboardInterrupt:
        print(
            "\nAvbrutt. Alt som er registrert er lagret. "
            f"Fortsett med: bti-trener workshop --resume {workshop.workshop_id}",
            file=sys.stderr,
        )
        return 130
    finally:
        service.stop_server(run)
