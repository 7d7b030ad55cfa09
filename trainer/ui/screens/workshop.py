"""Verksted (fasilitatormodus): the presenter screen for running a case with a group, readable on a projector.

The stage (left) shows one thing at a time in large, high-contrast text: the case and the open decision with
its options lettered A/B/C and the discussion prompt; the revealed distribution as bars; the engine's findings
and the author's feedback on the branch taken; and at the end the group's scorecard and the exported summary.
The side panel shows how to join the voting page (code, address, a QR code on the LAN), the number of votes so
far (never for what, until the reveal), the discussion countdown and the participants.

Every change goes through :class:`~trainer.workshop.state.WorkshopSession` in a worker thread; the session
writes it to the workshop store first, so leaving or closing the app keeps what was recorded and Hjem offers
to continue. The voting page runs in its own thread and is stopped when the screen closes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Digits, Footer, Header, Markdown, Static

from trainer.services.workshops import FinishResult, WorkshopFailure, WorkshopRun
from trainer.ui import keys
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.screens.workshop_forms import (
    ChooseOptionScreen,
    ConfirmScreen,
    CountdownScreen,
    HandCountScreen,
    NoteScreen,
    ParticipantsScreen,
)
from trainer.ui.text import OUTCOME_LABELS, bar, clock_text, hands
from trainer.ui.widgets.area_bars import AreaBars
from trainer.ui.widgets.finding_view import FindingView
from trainer.workshop.state import PHASE_LABELS, WorkshopError, letter
from trainer.workshop.store import WorkshopStoreError

if TYPE_CHECKING:
    from scoring.report import Report
    from trainer.workshop.state import AdvanceResult, DecisionRecord, OptionView, Tally, VoteProgress

View = Literal["decision", "revealed", "outcome", "ending", "done"]
"""What the stage shows: the open decision, its result, the branch taken, the ending, the exported summary."""

VIEW_ACTIONS: dict[str, set[str]] = {
    "decision": {"discuss", "open_voting", "hands", "reveal"},
    "revealed": {"next", "override"},
    "outcome": {"next"},
    "ending": {"next"},
    "done": {"next"},
}
"""The phase-bound actions allowed in each view (the footer shows only these)."""

PHASE_ACTIONS = {action for actions in VIEW_ACTIONS.values() for action in actions}
"""Every action that depends on the view."""

KEYS = "p deltakere · l nett · f avslutt · F1 alle taster"
"""The keys the footer does not show, for the side panel."""


class WorkshopScreen(TrainerScreen[None]):
    """The presenter: one decision at a time for a group, with phone votes, hand counts, reveal and the branch.

    Keys: d (discussion countdown), s (open voting), h (hand counts), r (reveal), Enter (follow the majority /
    go on), o (another option than the majority, with an optional reason), t (note), p (participants),
    l (voting page on the local network or only this machine), f (finish and export), Esc (pause; continue
    from Hjem).
    """

    PAUSE_NOTE: ClassVar[str | None] = "Verkstedet er lagret. Du kan fortsette det fra Hjem."
    """Everything is already in the workshop store; Hjem offers to continue the workshop."""

    CSS_PATH: ClassVar[str] = "workshop.tcss"
    """This screen's stylesheet, beside this module; loaded when the screen is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = keys.WORKSHOP
    """The presenter's keys; only those that fit the current view are active (and shown)."""

    def __init__(self, run: WorkshopRun) -> None:
        super().__init__()
        self.run = run
        """The workshop and its voting page."""
        self.view: View = _initial_view(run)
        """What the stage shows."""
        self.tally: Tally | None = None
        """The revealed distribution of the open decision."""
        self.outcome: DecisionRecord | None = None
        """The decision just taken (findings, feedback), shown in the ``outcome`` view."""
        self.report: Report | None = None
        """The group's report, shown at the ending."""
        self.result: FinishResult | None = None
        """The exported summary, once finished."""
        self.busy = False
        """True while a change is being recorded (further keys are ignored)."""
        self._shown_counts: tuple[Any, ...] | None = None
        self._stage_lock = asyncio.Lock()

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="ws"):
            yield VerticalScroll(id="ws-stage", classes="projector")
            with VerticalScroll(id="ws-side"):
                yield Static("Starter stemmesiden …", id="ws-code", markup=False)
                yield Static("", id="ws-url", markup=False)
                yield Static("", id="ws-lan", classes="muted", markup=False)
                yield Static("", id="ws-qr", markup=False)
                yield Static("Stemmer så langt", classes="section-title", id="ws-votes-title")
                yield Digits("0", id="ws-votes")
                yield Static("", id="ws-vote-detail", markup=False)
                yield Static("Nedtelling", classes="section-title", id="ws-countdown-title")
                yield Digits("", id="ws-countdown")
                yield Static("", id="ws-countdown-note", classes="muted", markup=False)
                yield Static("", id="ws-people", classes="section-title", markup=False)
                yield Static(KEYS, id="ws-keys", classes="muted", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        """Titles, the voting page (in a thread), a once-a-second count of votes, and the first view."""
        self.title = self.run.workshop.scenario.title
        self.query_one("#ws-stage").border_title = "Verksted"
        for widget_id in ("#ws-countdown-title", "#ws-countdown", "#ws-countdown-note", "#ws-qr"):
            self.query_one(widget_id).display = False
        if self.run.note:
            self.app.notify(self.run.note, title="Saken er endret", severity="warning")
        workshop = self.run.workshop
        if self.view == "ending":
            self.act(workshop.report, then=self._ended)
        elif workshop.phase == "revealed":
            self.act(workshop.reveal, then=self._revealed)  # a resumed workshop: show its result again
        self.start_server()
        self.set_interval(1.0, self.poll)
        await self.show_view()
        self.query_one("#ws-stage").focus()

    def on_unmount(self) -> None:
        """Stop the voting page if it still runs (in a thread, so closing never waits for it)."""
        if self.run.server is not None:
            threading.Thread(
                target=self.trainer.workshops.stop_server, args=(self.run,), daemon=True
            ).start()

    # -- the voting page -------------------------------------------------------------------------
    @work(exclusive=True, group="ws-server")
    async def start_server(self, lan: bool | None = None) -> None:
        """(Re)start the voting page in a thread and show how to join."""
        workshops = self.trainer.workshops
        await asyncio.to_thread(workshops.start_server, self.run, lan=lan)
        qr = await asyncio.to_thread(workshops.qr, self.run)
        self._show_join(qr)

    def _show_join(self, qr: str | None) -> None:
        server = self.run.server
        code = self.query_one("#ws-code", Static)
        url = self.query_one("#ws-url", Static)
        lan = self.query_one("#ws-lan", Static)
        qr_widget = self.query_one("#ws-qr", Static)
        if server is None:
            code.update("Ingen stemmeside\nbruk hender (h)")
            code.set_class(True, "-off")
            url.update("")
            lan.update(self.run.server_error or "")
            qr_widget.display = False
            return
        code.set_class(False, "-off")
        code.update("Stem på mobilen, kode:\n" + " ".join(server.join_code))
        url.update(server.url)
        if server.loopback_only:
            lan.update("Bare denne maskinen – l åpner for telefoner på nettet.")
        else:
            lan.update("Åpen på nettet; bare de med koden kan stemme. l: bare denne maskinen.")
        qr_widget.display = qr is not None
        qr_widget.update(qr or "")

    # -- live counts -----------------------------------------------------------------------------
    @work(exclusive=True, group="ws-poll")
    async def poll(self) -> None:
        """Read the number of votes (never the distribution), the countdown and the participants in a thread."""
        workshop = self.run.workshop

        def read() -> tuple[VoteProgress | None, int | None, int, tuple[tuple[str, int], ...]]:
            return (
                workshop.progress(),
                workshop.countdown_remaining(),
                workshop.participant_total,
                tuple(sorted(workshop.unit_counts.items())),
            )

        counts = await asyncio.to_thread(read)
        if counts != self._shown_counts:
            self._shown_counts = counts
            self._show_counts(*counts)

    def _show_counts(
        self, progress: VoteProgress | None, countdown: int | None, people: int, units: tuple[tuple[str, int], ...]
    ) -> None:
        votes_visible = progress is not None and self.view in ("decision", "revealed")
        for widget_id in ("#ws-votes-title", "#ws-votes", "#ws-vote-detail"):
            self.query_one(widget_id).display = votes_visible
        if progress is not None:
            self.query_one("#ws-votes", Digits).update(str(progress.votes))
            if progress.phase in ("intro", "discussing"):
                state = "Avstemningen er ikke åpnet (s)."
            elif progress.phase == "voting":
                state = "Resultatet er skjult til r."
            else:
                state = "Avstemningen er lukket."
            self.query_one("#ws-vote-detail", Static).update(
                f"{progress.devices} fra mobil · {hands(progress.hands)}\n{state}"
            )
        show_countdown = countdown is not None and self.view == "decision"
        for widget_id in ("#ws-countdown-title", "#ws-countdown", "#ws-countdown-note"):
            self.query_one(widget_id).display = show_countdown
        if countdown is not None:
            self.query_one("#ws-countdown", Digits).update(clock_text(countdown))
            self.query_one("#ws-countdown-note", Static).update(
                "Tiden er ute – fortsett når dere er klare."
                if countdown == 0
                else "Bare en hjelp – ingen poeng for fart."
            )
        unit_text = ", ".join(f"{unit} {count}" for unit, count in units)
        self.query_one("#ws-people", Static).update(
            f"Deltakere: {people} ({unit_text})" if unit_text else "Deltakere: ikke registrert (p)"
        )

    # -- the stage -------------------------------------------------------------------------------
    async def show_view(self) -> None:
        """Rebuild the stage for the current view, and update the titles, keys and counts."""
        stage = self.query_one("#ws-stage", VerticalScroll)
        async with self._stage_lock:  # one rebuild at a time: two at once would mount the same IDs twice
            widgets = self._stage()
            with self.app.batch_update():
                await stage.remove_children()
                await stage.mount_all(widgets)
        stage.scroll_home(animate=False)
        self.sub_title = self._sub_title()
        self.refresh_bindings()
        self._shown_counts = None
        self.poll()

    def _sub_title(self) -> str:
        workshop = self.run.workshop
        if self.view == "done":
            return "Verksted – avsluttet"
        if self.view == "ending":
            return "Verksted – slutt"
        if self.view == "outcome" and self.outcome is not None:
            return f"Verksted – beslutning {self.outcome.step + 1} – valgt"
        current = workshop.current
        if current is None:
            return "Verksted"
        return f"Verksted – beslutning {current.step + 1} – {PHASE_LABELS[current.phase].lower()}"

    def _stage(self) -> list[Widget]:
        if self.view == "decision":
            return self._decision_stage()
        if self.view == "revealed":
            return self._revealed_stage()
        if self.view == "outcome":
            return self._outcome_stage()
        if self.view == "ending":
            return self._ending_stage()
        return self._done_stage()

    def _decision_stage(self) -> list[Widget]:
        workshop = self.run.workshop
        current, node = workshop.current, workshop.node
        if current is None or node is None:
            return [Static("Saken er ferdig.", classes="stage-heading")]
        out: list[Widget] = []
        if current.step == 0:
            out.append(Static(workshop.scenario.summary, classes="stage-intro", markup=False))
        heading = f"Beslutning {current.step + 1}" + (f" · {node.title}" if node.title else "")
        out.append(Static(heading, classes="stage-heading", markup=False))
        out.append(Markdown(node.text.strip(), classes="stage-text"))
        out.append(Static(f"Til diskusjon: {node.discussion or 'Hva gjør du?'}", classes="stage-prompt", markup=False))
        for option in workshop.options():
            out.append(
                Static(
                    Text.assemble((f" {option.letter} ", "bold reverse"), "  ", (option.text, "bold")),
                    classes="stage-option",
                    id=f"option-{option.letter}",
                )
            )
        hint = {
            "intro": "d: diskuter tre og tre (med nedtelling)   s: åpne avstemningen   h: skriv inn hender",
            "discussing": "Gruppene diskuterer.   s: åpne avstemningen   h: skriv inn hender   d: ny nedtelling",
            "voting": "Avstemningen er åpen – resultatet er skjult.   h: skriv inn hender   r: vis resultatet",
        }.get(current.phase, "")
        out.append(Static(hint, classes="stage-hint", id="stage-hint", markup=False))
        out.extend(self._notes(current.step))
        return out

    def _revealed_stage(self) -> list[Widget]:
        workshop = self.run.workshop
        current, tally = workshop.current, self.tally
        if current is None or tally is None:
            return [Static("Ingen avstemning å vise.", classes="stage-heading")]
        node = workshop.node
        heading = f"Beslutning {current.step + 1} · Resultat" + (f" · {node.title}" if node and node.title else "")
        out: list[Widget] = [Static(heading, classes="stage-heading", markup=False)]
        width = max(10, min(30, self.query_one("#ws-stage").size.width - 30))
        out.extend(distribution(workshop.options(), tally, width))
        labels = {o.id: o for o in workshop.options()}
        if tally.majority is not None:
            option = labels[tally.majority]
            verdict = f"Flertall: {option.letter} – {option.text}"
            hint = f"Enter: gå videre med flertallet ({option.letter})   o: velg et annet valg (overstyr)"
        elif tally.tie:
            verdict = "Uavgjort mellom " + " og ".join(labels[o].letter for o in tally.leaders) + "."
            hint = "o: velg hvilket valg gruppa går videre med"
        else:
            verdict = "Ingen stemmer ble registrert."
            hint = "o: velg hvilket valg gruppa går videre med"
        out.append(Static(verdict, classes="stage-prompt", id="stage-majority", markup=False))
        out.append(Static(hint, classes="stage-hint", id="stage-hint", markup=False))
        out.extend(self._notes(current.step))
        return out

    def _outcome_stage(self) -> list[Widget]:
        decision = self.outcome
        if decision is None or decision.chosen is None:
            return [Static("Ingen beslutning å vise.", classes="stage-heading")]
        scenario = self.run.workshop.scenario
        chosen = letter(decision.options.index(decision.chosen))
        choice = scenario.choice(decision.node_id, decision.chosen)
        text = choice.text if choice is not None else decision.chosen
        if decision.overridden:
            majority = letter(decision.options.index(decision.majority)) if decision.majority else "?"
            how = f"overstyrt – flertallet stemte {majority}"
            if decision.reason:
                how += f". Grunn: {decision.reason}"
        elif decision.tie_break:
            how = "valgt av fasilitator – ikke klart flertall"
        else:
            how = "flertall"
        out: list[Widget] = [
            Static(f"Beslutning {decision.step + 1} · Gruppa valgte {chosen}", classes="stage-heading", markup=False),
            Static(f"{chosen}: {text} ({how})", id="stage-choice", classes="stage-intro", markup=False),
            Static("Funn ved denne beslutningen", classes="section-title"),
        ]
        if not decision.findings:
            out.append(Static("Ingen regler slo ut ved denne beslutningen.", classes="muted", markup=False))
        ordered = sorted(decision.findings, key=lambda f: f.outcome != "brutt")
        out.extend(FindingView(finding) for finding in ordered)
        if decision.feedback:
            out.append(Static("Kommentar fra forfatteren", classes="section-title"))
            out.append(Static(decision.feedback, id="stage-feedback", markup=False))
        if decision.discussion_after:
            out.append(Static(f"Til diskusjon: {decision.discussion_after}", classes="stage-prompt", markup=False))
        following = "Enter: se slutten og gruppas resultat" if self.run.workshop.finished else "Enter: neste beslutning"
        out.append(Static(f"t: notat til denne beslutningen   {following}", classes="stage-hint", id="stage-hint"))
        out.extend(self._notes(decision.step))
        return out

    def _ending_stage(self) -> list[Widget]:
        workshop = self.run.workshop
        ending = workshop.ending
        out: list[Widget] = []
        if ending is not None:
            outcome = OUTCOME_LABELS.get(ending.outcome, ending.outcome)
            out.append(
                Static(f"Slutt: {ending.title} (utfall for barnet: {outcome})", classes="stage-heading", markup=False)
            )
            out.append(Markdown(ending.text.strip(), classes="stage-text"))
        report = self.report
        out.append(Static("Gruppas resultat", classes="section-title"))
        if report is None:
            out.append(Static("Regner ut …", classes="muted"))
        else:
            verdict = "BESTÅTT" if report.passed else "IKKE BESTÅTT"
            out.append(
                Static(
                    f"{verdict} – {report.overall} av 100 poeng",
                    id="verdict",
                    classes="passed" if report.passed else "failed",
                    markup=False,
                )
            )
            out.append(Static(report.summary, markup=False))
            out.append(AreaBars(report.areas, id="ws-area-bars"))
            case_findings = [f for f in report.findings if f.step is None]
            if case_findings:
                out.append(Static("Funn for saken som helhet", classes="section-title"))
                out.extend(FindingView(finding) for finding in case_findings)
        if workshop.scenario.reflection:
            out.append(Static("Refleksjon", classes="section-title"))
            out.append(Static("\n".join(f"• {q}" for q in workshop.scenario.reflection), markup=False))
        out.append(
            Static(
                "t: notat til verkstedet   Enter: avslutt og lagre sammendraget", classes="stage-hint", id="stage-hint"
            )
        )
        out.extend(self._notes(None))
        return out

    def _done_stage(self) -> list[Widget]:
        result = self.result
        out: list[Widget] = [Static("Verkstedet er avsluttet", classes="stage-heading")]
        if result is None:
            return out
        report = result.report
        how = "Saken ble spilt ferdig." if result.finished else "Verkstedet ble avsluttet før saken var ferdig."
        out.append(Static(f"{how} Gruppas resultat: {report.overall} av 100. {report.summary}", markup=False))
        out.append(Static("Sammendraget er lagret", classes="section-title"))
        paths = [f"Markdown:\n  {result.paths.markdown}", f"HTML:\n  {result.paths.html}"]
        if result.paths.csv is not None:
            paths.append(f"CSV (alle verksteder i året):\n  {result.paths.csv}")
        out.append(Static("\n".join(paths), id="ws-paths", classes="stage-paths", markup=False))
        out.append(Static("Enter eller Esc: tilbake", classes="stage-hint", id="stage-hint"))
        return out

    def _notes(self, step: int | None) -> list[Widget]:
        workshop = self.run.workshop
        notes = [n for n in workshop.notes() if n.step == step]
        if not notes:
            return []
        return [
            Static("Notater", classes="section-title"),
            Static("\n".join(f"• {n.text}" for n in notes), classes="stage-notes", markup=False),
        ]

    # -- keys ------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that fit the current view are active (and shown in the footer)."""
        if action in PHASE_ACTIONS:
            if action not in VIEW_ACTIONS[self.view]:
                return False
            if action == "open_voting":
                return self.run.workshop.phase in ("intro", "discussing")
            if action == "override":
                return self.tally is not None
            return True
        if action in ("note", "participants", "toggle_lan", "finish"):
            return self.view != "done"
        return True

    def act(
        self, call: Callable[[], Any], then: Callable[[Any], None] | None = None, done: str | None = None
    ) -> None:
        """Record a change in a worker thread, then update the stage (problems are shown, never raised)."""
        if self.busy:
            return
        self.busy = True
        self._act(call, then, done)

    @work(group="ws-action")
    async def _act(self, call: Callable[[], Any], then: Callable[[Any], None] | None, done: str | None) -> None:
        try:
            result = await asyncio.to_thread(call)
        except (WorkshopError, WorkshopStoreError, WorkshopFailure) as exc:
            self.busy = False
            self.app.notify(str(exc), title="Verksted", severity="error")
            await self.show_view()
            return
        self.busy = False
        if then is not None:
            then(result)
        if done:
            self.app.notify(done, title="Verksted")
        await self.show_view()

    def action_discuss(self) -> None:
        """«Diskuter tre og tre»: a countdown for the discussion (minutes; 0 removes it)."""
        workshop = self.run.workshop

        def chosen(seconds: int | None) -> None:
            if seconds is None:
                return

            def call() -> None:
                if workshop.phase == "intro":
                    workshop.start_discussion(seconds or None)
                else:
                    workshop.set_countdown(seconds or None)

            self.act(call)

        if not self.busy:
            self.app.push_screen(CountdownScreen(), chosen)

    def action_open_voting(self) -> None:
        """Open the voting: phones may vote and hands may be counted."""
        self.act(self.run.workshop.open_voting)

    def action_hands(self) -> None:
        """Type the raised hands per option (opens the voting first if needed)."""
        workshop = self.run.workshop
        current = workshop.current
        if current is None or self.busy:
            return

        def chosen(counts: list[int] | None) -> None:
            if counts is None:
                return

            def call() -> None:
                if workshop.phase != "voting":
                    workshop.open_voting()
                workshop.set_hand_counts(counts)

            self.act(call, done=f"Registrert: {hands(sum(counts))}. Fordelingen vises når du trykker r.")

        self.app.push_screen(HandCountScreen(current.step, workshop.options(), dict(current.hands)), chosen)

    def action_reveal(self) -> None:
        """Close the voting and show the distribution."""
        workshop = self.run.workshop

        def call() -> Tally:
            if workshop.phase in ("intro", "discussing"):
                workshop.open_voting()
            return workshop.reveal()

        self.act(call, then=self._revealed)

    def _revealed(self, tally: Tally) -> None:
        self.tally = tally
        self.view = "revealed"

    def action_next(self) -> None:
        """Enter: follow the majority, go to the next decision, see the ending, finish, or close."""
        if self.busy:
            return
        workshop = self.run.workshop
        if self.view == "revealed":
            if self.tally is None or self.tally.majority is None:
                self.action_override()
            else:
                self.act(workshop.advance, then=self._advanced)
        elif self.view == "outcome":
            if workshop.finished:
                self.act(workshop.report, then=self._ended)
            else:
                self.view, self.tally, self.outcome = "decision", None, None
                self.call_later(self.show_view)
        elif self.view == "ending":
            self._finish()
        elif self.view == "done":
            self.action_leave()

    def _advanced(self, result: AdvanceResult) -> None:
        self.outcome = result.decision
        self.tally = None
        self.view = "outcome"

    def _ended(self, report: Report) -> None:
        self.report = report
        self.view = "ending"

    def action_override(self) -> None:
        """Go on with another option than the majority (or choose on a tie), with an optional reason."""
        workshop = self.run.workshop
        tally = self.tally
        if tally is None or self.busy:
            return

        def chosen(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                option, reason = answer
                self.act(lambda: workshop.advance(option, reason), then=self._advanced)

        self.app.push_screen(ChooseOptionScreen(workshop.options(), tally.majority, tally.leaders), chosen)

    def note_step(self) -> int | None:
        """The decision a note is for: the one on the stage (None at the end: a note on the whole workshop)."""
        if self.view == "outcome" and self.outcome is not None:
            return self.outcome.step
        current = self.run.workshop.current
        return current.step if current is not None and self.view in ("decision", "revealed") else None

    def action_note(self) -> None:
        """Write a note on the decision on the stage (or on the workshop at the end)."""
        if self.busy:
            return
        workshop = self.run.workshop
        step = self.note_step()
        where = f"beslutning {step + 1}" if step is not None else "verkstedet"

        def chosen(text: str | None) -> None:
            if text:
                self.act(lambda: workshop.add_note(text, step), done="Notatet er lagret.")

        self.app.push_screen(NoteScreen(where), chosen)

    def action_participants(self) -> None:
        """Participants per unit and optional names."""
        workshop = self.run.workshop
        def closed(_: None) -> None:
            self.poll()

        self.app.push_screen(ParticipantsScreen(workshop, workshop.info.unit), closed)

    def action_toggle_lan(self) -> None:
        """Open the voting page to the local network, or back to this machine only."""
        if not self.trainer.workshops.voting.enabled or self.view == "done":
            return
        self.query_one("#ws-code", Static).update("Starter stemmesiden …")
        self.start_server(lan=not self.run.lan)

    def action_finish(self) -> None:
        """Finish and export the summary (asks first when the case is not finished)."""
        if self.busy or self.view == "done":
            return
        if self.view == "ending":
            self._finish()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._finish()

        self.app.push_screen(
            ConfirmScreen(
                "Avslutte verkstedet?",
                "Saken er ikke spilt ferdig. Det som er registrert kommer med i sammendraget. Avslutte nå?",
            ),
            answered,
        )

    def _finish(self) -> None:
        workshops = self.trainer.workshops
        self.act(lambda: workshops.finish(self.run.workshop), then=self._finished)

    def _finished(self, result: FinishResult) -> None:
        self.result = result
        self.view = "done"
        self.stop_server()

    @work(group="ws-server")
    async def stop_server(self) -> None:
        """Stop the voting page in a thread (the workshop is over)."""
        await asyncio.to_thread(self.trainer.workshops.stop_server, self.run)
        self._show_join(None)
        self.query_one("#ws-code", Static).update("Stemmesiden\ner stengt")
        for widget_id in ("#ws-url", "#ws-lan", "#ws-keys"):
            self.query_one(widget_id).display = False
        self.query_one("#ws-qr").display = False

    def action_leave(self) -> None:
        """Leave the presenter; everything recorded is kept and the workshop can be continued from Hjem."""
        if self.busy:
            return
        self.busy = True
        self._leave()

    @work(group="ws-leave")
    async def _leave(self) -> None:
        await asyncio.to_thread(self.trainer.workshops.stop_server, self.run)
        if self.view != "done":
            self.app.notify("Verkstedet er lagret. Du kan fortsette det fra Hjem.", title="Pause")
        self.dismiss()


def distribution(options: list[OptionView], tally: Tally, width: int = 20) -> list[Widget]:
    """The revealed votes as bars: per option its letter, a bar, the total and share; then the text, hands and
    phones (indented); and the total."""
    out: list[Widget] = []
    for option in options:
        total = tally.total(option.id)
        share = round(tally.share(option.id) * 100)
        line = Text()
        line.append(f" {option.letter} ", style="bold reverse")
        line.append(f" {bar(share, width)} ")
        line.append(f"{total:>3}  ({share} %)", style="bold")
        if option.id == tally.majority:
            line.append("  ◀ flertall", style="bold")
        out.append(Static(line, classes="bar-line", id=f"bar-{option.letter}"))
        detail = Text(option.text)
        detail.append(
            f"\n{hands(tally.hands.get(option.id, 0))} + {tally.devices.get(option.id, 0)} fra mobil", style="italic"
        )
        out.append(Static(detail, classes="bar-text"))
    out.append(
        Static(
            f"Totalt {tally.votes} stemmer: {hands(tally.hand_total)}, {tally.device_total} fra mobil.",
            classes="bar-total",
            markup=False,
        )
    )
    return out


def _initial_view(run: WorkshopRun) -> View:
    """Where a (resumed) workshop starts: at the ending, or at the open decision (a revealed result is read
    again on mount)."""
    return "ending" if run.workshop.finished else "decision"
