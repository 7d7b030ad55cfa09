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

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Digits, Footer, Header, Static

from trainer.render.words import counted, hands
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
from trainer.ui.text import clock_text
from trainer.ui.widgets.workshop_stages import DecisionStage, DoneStage, EndingStage, OutcomeStage, RevealedStage, Stage
from trainer.workshop.room import RoomStatus, joined_text, room_warnings
from trainer.workshop.state import DEFAULT_ROLEPLAY_SECONDS, PHASE_LABELS, RoleplayRound, WorkshopError
from trainer.workshop.store import WorkshopStoreError

if TYPE_CHECKING:
    from scoring.report import Report
    from trainer.workshop.state import AdvanceResult, DecisionRecord, Tally, VoteProgress

View = Literal["decision", "revealed", "outcome", "ending", "done"]
"""What the stage shows: the open decision, its result, the branch taken, the ending, the exported summary."""

VIEW_ACTIONS: dict[str, set[str]] = {
    "decision": {"discuss", "roleplay", "open_voting", "hands", "reveal"},
    "revealed": {"next", "override"},
    "outcome": {"next"},
    "ending": {"next"},
    "done": {"next"},
}
"""The phase-bound actions allowed in each view (the footer shows only these)."""

PHASE_ACTIONS = {action for actions in VIEW_ACTIONS.values() for action in actions}
"""Every action that depends on the view."""

KEYS = "p deltakere · l nett · k ny kode · f avslutt · F1 alle taster"
"""The keys the footer does not show, for the side panel."""


class WorkshopScreen(TrainerScreen[None]):
    """The presenter: one decision at a time for a group, with phone votes, hand counts, reveal and the branch.

    Keys: d (discussion countdown), g (a role-play round before the vote, with a card for each phone; g again
    ends it), s (open voting), h (hand counts), r (reveal), Enter (follow the majority /
    go on), o (another option than the majority, with an optional reason), t (note), p (participants),
    l (voting page on the local network or only this machine), k (a new join code), f (finish and export),
    Esc (pause; continue from Hjem).
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
                yield Static("", id="ws-joined", markup=False)
                yield Static("", id="ws-warn", markup=False)
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
            threading.Thread(target=self.trainer.workshops.stop_server, args=(self.run,), daemon=True).start()

    # -- the voting page -------------------------------------------------------------------------
    @work(exclusive=True, group="ws-server")
    async def start_server(self, lan: bool | None = None) -> None:
        """(Re)start the voting page in a thread and show how to join."""
        workshops = self.trainer.workshops
        await asyncio.to_thread(workshops.start_server, self.run, lan=lan)
        qr = await asyncio.to_thread(workshops.qr, self.run)
        self._show_join(qr)

    def _show_join(self, qr: str | None) -> None:
        self._shown_counts = None  # the joined phones and the code's state are shown once a page runs
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
        if server.loopback_only:
            # 127.0.0.1 is no address for a phone: say so instead of showing it
            url.update("Telefonene kan ikke bli med ennå.")
            lan.update("Trykk l for å åpne stemmesiden for telefoner på samme nett.")
        else:
            url.update(server.url)
            lan.update("Åpen på nettet; bare de med koden eller QR-koden kan stemme. l: bare denne maskinen.")
        qr_widget.display = qr is not None
        qr_widget.update(qr or "")

    # -- live counts -----------------------------------------------------------------------------
    @work(exclusive=True, group="ws-poll")
    async def poll(self) -> None:
        """Read the number of votes (never the distribution), the countdown and the participants in a thread."""
        workshop = self.run.workshop

        server = self.run.server

        def read() -> tuple[VoteProgress | None, int | None, int, tuple[tuple[str, int], ...], RoomStatus]:
            return (
                workshop.progress(),
                workshop.countdown_remaining(),
                workshop.participant_total,
                tuple(sorted(workshop.unit_counts.items())),
                workshop.room(server.access.code_open if server is not None else True),
            )

        counts = await asyncio.to_thread(read)
        if counts != self._shown_counts:
            self._shown_counts = counts
            self._show_counts(*counts)

    def _show_counts(
        self,
        progress: VoteProgress | None,
        countdown: int | None,
        people: int,
        units: tuple[tuple[str, int], ...],
        room: RoomStatus,
    ) -> None:
        has_page = self.run.server is not None
        joined = self.query_one("#ws-joined", Static)
        joined.display = has_page
        joined.update(joined_text(room))
        warnings = room_warnings(room, "k") if has_page or room.phone_votes else []
        warn = self.query_one("#ws-warn", Static)
        warn.display = bool(warnings)
        warn.update("\n".join(f"⚠ {text}" for text in warnings))
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
        round_ = self.run.workshop.roleplay
        self.query_one("#ws-countdown-title", Static).update(
            "Rollespill" if round_ is not None and round_.active else "Nedtelling"
        )
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
            widget = self._stage()
            with self.app.batch_update():
                await stage.remove_children()
                await stage.mount(widget)
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

    def _stage(self) -> Stage:
        """The stage widget for the current view."""
        workshop = self.run.workshop
        if self.view == "decision":
            return DecisionStage(workshop)
        if self.view == "revealed":
            width = max(10, min(30, self.query_one("#ws-stage").size.width - 30))
            return RevealedStage(workshop, self.tally, width)
        if self.view == "outcome":
            return OutcomeStage(workshop, self.outcome)
        if self.view == "ending":
            return EndingStage(workshop, self.report)
        return DoneStage(workshop, self.result)

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
            if action == "roleplay":
                return self._roleplay_possible()
            return True
        if action in ("note", "participants", "toggle_lan", "finish", "new_code"):
            return self.view != "done"
        return True

    def act(self, call: Callable[[], Any], then: Callable[[Any], None] | None = None, done: str | None = None) -> None:
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

    def _roleplay_possible(self) -> bool:
        """A role-play round can be started (cards here, nobody has voted, no result shown) or ended (one runs)."""
        workshop = self.run.workshop
        current = workshop.current
        if current is None or not workshop.role_cards():
            return False
        if current.roleplay is not None and current.roleplay.active:
            return True
        return current.phase != "revealed" and not (current.hands or current.device_votes)

    def action_roleplay(self) -> None:
        """Start a role-play round (the timer's minutes first; each phone gets its own card), or end the one
        that runs (the group votes next)."""
        workshop = self.run.workshop
        if self.busy or not self._roleplay_possible():
            return
        round_ = workshop.roleplay
        if round_ is not None and round_.active:
            self.act(workshop.end_roleplay, done="Rollespillet er ferdig. Åpne avstemningen med s.")
            return

        def chosen(seconds: int | None) -> None:
            if seconds is None:
                return

            def started(round_: RoleplayRound) -> None:
                phones = counted(len(round_.cards), "telefon")
                self.app.notify(f"Rollekortene er delt ut til {phones}.", title="Rollespill")

            self.act(lambda: workshop.start_roleplay(seconds or None), then=started)

        help_text = (
            "Hver telefon som er med, får sitt eget rollekort; de andre ser bare navnene på rollene. "
            "Nedtellingen er bare en hjelp – ingen får poeng for fart."
        )
        self.app.push_screen(CountdownScreen("Rollespill", DEFAULT_ROLEPLAY_SECONDS // 60, help_text), chosen)

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

                def shown(_: None) -> None:
                    self.view, self.tally, self.outcome = "decision", None, None

                self.act(workshop.present, then=shown)  # the phones show the next decision with the projector
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

    def action_new_code(self) -> None:
        """Draw a new join code (after too many wrong tries the typed code is shut; the QR link still works)."""
        if self.run.server is None or self.view == "done":
            return
        self._new_code()

    @work(exclusive=True, group="ws-server")
    async def _new_code(self) -> None:
        workshops = self.trainer.workshops
        code = await asyncio.to_thread(workshops.new_code, self.run)
        if code is None:
            return
        qr = await asyncio.to_thread(workshops.qr, self.run)
        self._show_join(qr)
        self.app.notify(f"Ny kode: {code}. Telefoner som er med, kan fortsette.", title="Verksted")
        self._shown_counts = None
        self.poll()

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
        if result.share_problem:
            self.app.notify(
                f"Verkstedet kom ikke med i kommunens rapport nå: {result.share_problem}",
                title="Rapport",
                severity="warning",
            )
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


def _initial_view(run: WorkshopRun) -> View:
    """Where a (resumed) workshop starts: at the ending, or at the open decision (a revealed result is read
    again on mount)."""
    return "ending" if run.workshop.finished else "decision"
