"""The workshop session: one case run for a group, decision by decision, with votes and a reveal.

A :class:`WorkshopSession` wraps a :class:`~trainer.session.Session` in ``prøve`` mode: nobody sees
feedback before the group has chosen. Each decision goes through these phases::

    intro ──► discussing ──► voting ──► revealed ──► (next decision: intro | the case is finished)
      └──────────────────────►┘

* ``intro`` — the case text and the options are shown;
* ``discussing`` — the group talks (optionally with a countdown, e.g. «diskuter tre og tre» for three
  minutes; the countdown is only data for the screen — nobody is ever scored on speed);
* ``voting`` — votes are taken from two sources, both first-class: **hand counts** (the facilitator
  types the number of raised hands per option; typing again replaces the earlier counts) and
  **device votes** (one per device per decision, from the phones; a second vote from the same device
  *replaces* its first, so people may change their mind until the reveal and each device still counts
  once). The distribution stays hidden — only the number of votes so far can be read
  (:meth:`WorkshopSession.progress`);
* ``revealed`` — the distribution is shown (:meth:`WorkshopSession.results`);
* moving on (:meth:`WorkshopSession.advance`) takes a branch, then the engine's findings at that step
  and the author's feedback are available on the decision record.

**Role-play.** At a node with role cards (``roles:`` in the case) the facilitator may start a role-play round
before the vote (:meth:`WorkshopSession.start_roleplay`): the decision goes to ``discussing`` with the round's
timer as its countdown (a help, never scored), and the cards are dealt **round-robin in join order**: the
first phone that joined gets the first card, the second the second, and so on, starting over when every card
is out, so each role gets a player before any role gets two, and the counts differ by at most one. A phone
that joins during the round gets the next card in turn. Nobody races for a role and nobody has to tap
anything (locked phones without JavaScript get their card too), and the deal is recorded, so a resumed
workshop shows every phone the same card. A phone sees its own card only; the room sees the role names.
Opening the vote ends the round; the group then votes as usual.

**Majority rule.** Hand counts and device votes are added per option. The option with the most votes
drives the branch. When two or more options share the highest count, or nobody voted, there is no
majority: the facilitator must name the option (recorded as a *tie-break*). Naming an option other
than the unique majority is an *override* (e.g. to explore the minority path), recorded with an
optional reason. The facilitator should take each person's vote from one source only (raised hands
for those without a phone), since the two sources are added.

Every change is written through to the optional recorder (:class:`~trainer.workshop.store.WorkshopStore`)
*before* the in-memory state changes, so a refused write leaves everything as it was and closing the
program mid-session keeps what was recorded. All methods are thread-safe: the voting server calls
:meth:`WorkshopSession.add_device_vote` from its own thread.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal, Protocol

from scoring.profile import KommuneProfile, profile_named
from scoring.report import Finding, Report
from trainer.option_order import new_key as new_order_key
from trainer.scenario.model import Choice, Ending, Node, RoleCard, Scenario
from trainer.session import Session, StepOutcome
from trainer.workshop.room import RoomStatus

Phase = Literal["intro", "discussing", "voting", "revealed"]

#: Norwegian names of the phases (``finished`` = the case has reached an ending).
PHASE_LABELS: dict[str, str] = {
    "intro": "Innledning",
    "discussing": "Diskusjon",
    "voting": "Avstemning",
    "revealed": "Resultat",
    "finished": "Ferdig",
}

DEFAULT_ROLEPLAY_SECONDS = 5 * 60
"""The role-play round's timer when the facilitator names none (a help for the room, never scored)."""

MAX_NOTE_CHARS = 2000
MAX_NAME_CHARS = 80
MAX_UNIT_CHARS = 120


# ---------------------------------------------------------------------------------------- errors


class WorkshopError(Exception):
    """A facilitator or participant action that is not possible now; the message is Norwegian."""

    def __init__(self, message: str) -> None:
        """Keep the Norwegian *message* for the screen."""
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The Norwegian message."""
        return self.message


class PhaseError(WorkshopError):
    """The action does not fit the current phase (e.g. moving on before the reveal)."""


class VotingClosedError(WorkshopError):
    """A vote for a decision that is not open for voting (unknown, not opened yet, or revealed)."""


class UnknownOptionError(WorkshopError):
    """A vote or a choice names an option that does not exist at this decision."""


class ResultsHiddenError(WorkshopError):
    """The distribution was asked for before the facilitator revealed it."""


class TieError(WorkshopError):
    """No single majority (a tie, or no votes): the facilitator must name the option."""

    def __init__(self, message: str, tied: tuple[str, ...]) -> None:
        """Keep the options that share the top count (empty when nobody voted)."""
        super().__init__(message)
        self.tied = tied


# ---------------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class WorkshopInfo:
    """What the workshop is: the case, and where it sits in the årshjul (all but the case optional)."""

    scenario_id: str
    """The scenario run."""
    scenario_title: str
    """Its title."""
    profile_id: str = "standard"
    """The kommune profile it is judged under."""
    theme: str | None = None
    """The theme (from the årshjul session, or typed by the facilitator)."""
    unit: str | None = None
    """The unit or group holding the workshop."""
    kommune: str | None = None
    """The kommune."""
    season: str | None = None
    """The årshjul season, e.g. «2026–2027»."""
    plan_session_id: str | None = None
    """The årshjul session ID, when run from the årshjul."""
    arena: str | None = None
    """bti-forum, enhetsmote, fagdag or nyansatt."""
    facilitator: str | None = None
    """Who led it (optional)."""
    started_at: str = ""
    """ISO 8601 UTC start time (filled in when the workshop starts)."""
    scenario_source: str | None = None
    """Where the case was loaded from (a file path or a library ID), so the workshop can be resumed."""


@dataclass(frozen=True)
class Tally:
    """Votes at one decision: per option, from raised hands and from devices, and the majority."""

    options: tuple[str, ...]
    """Option (choice) IDs in the order shown."""
    hands: Mapping[str, int]
    """Raised hands per option, as typed by the facilitator."""
    devices: Mapping[str, int]
    """Device votes per option."""

    def total(self, option: str) -> int:
        """Hands plus devices for one option."""
        return self.hands.get(option, 0) + self.devices.get(option, 0)

    @property
    def totals(self) -> dict[str, int]:
        """Hands plus devices per option, in option order."""
        return {option: self.total(option) for option in self.options}

    @property
    def hand_total(self) -> int:
        """All raised hands."""
        return sum(self.hands.values())

    @property
    def device_total(self) -> int:
        """All device votes (one per device)."""
        return sum(self.devices.values())

    @property
    def votes(self) -> int:
        """All votes, from both sources."""
        return self.hand_total + self.device_total

    @property
    def leaders(self) -> tuple[str, ...]:
        """The options with the highest total (empty when nobody voted)."""
        totals = self.totals
        top = max(totals.values(), default=0)
        return tuple(option for option, count in totals.items() if count == top) if top > 0 else ()

    @property
    def majority(self) -> str | None:
        """The single option with the most votes; ``None`` on a tie or with no votes."""
        leaders = self.leaders
        return leaders[0] if len(leaders) == 1 else None

    @property
    def tie(self) -> bool:
        """True when two or more options share the highest count."""
        return len(self.leaders) > 1

    def share(self, option: str) -> float:
        """The option's share of all votes, 0.0–1.0."""
        return self.total(option) / self.votes if self.votes else 0.0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: per option hands, devices and total, and the majority."""
        return {
            "options": [
                {"id": o, "hands": self.hands.get(o, 0), "devices": self.devices.get(o, 0), "total": self.total(o)}
                for o in self.options
            ],
            "hand_total": self.hand_total,
            "device_total": self.device_total,
            "votes": self.votes,
            "majority": self.majority,
            "tie": self.tie,
            "leaders": list(self.leaders),
        }


@dataclass(frozen=True)
class VoteProgress:
    """What may be shown while voting is open: how many have voted, never for what."""

    step: int
    """The decision."""
    phase: Phase
    """Its phase."""
    devices: int
    """Devices that have voted."""
    hands: int
    """Raised hands typed in so far."""
    hands_entered: bool
    """True once the facilitator has typed hand counts."""

    @property
    def votes(self) -> int:
        """Devices plus hands."""
        return self.devices + self.hands


@dataclass(frozen=True)
class VoteReceipt:
    """The answer to a device vote."""

    step: int
    """The decision voted on."""
    option: str
    """The option recorded."""
    replaced: bool
    """True when the device had voted before at this decision and its vote was changed."""


@dataclass(frozen=True)
class OptionView:
    """One option as a screen or a phone shows it."""

    id: str
    """The choice ID (what a vote names)."""
    number: int
    """1-based number (what the facilitator types)."""
    letter: str
    """A, B, C … (what is shown on the phones and the projector)."""
    text: str
    """What the option says."""


@dataclass(frozen=True)
class Note:
    """A facilitator's note, on a decision or on the workshop as a whole (``step`` None)."""

    step: int | None
    """The decision, or None for the whole workshop."""
    text: str
    """The note."""
    at: str
    """ISO 8601 UTC time."""


@dataclass(frozen=True)
class ParticipantName:
    """An optional participant name (deletable at any time)."""

    id: int
    """Identifier used to delete it."""
    name: str
    """The name as typed."""
    unit: str | None = None
    """The unit, if given."""


@dataclass
class RoleplayRound:
    """A role-play round before the vote at one decision: the roles, the timer and which phone got which card."""

    started_at: str
    """When the round was (last) started (ISO 8601 UTC)."""
    seconds: int | None
    """The timer, when one was set (a help for the room; nobody is scored on speed)."""
    roles: tuple[str, ...]
    """The role names in card order, as dealt (what everyone may see)."""
    cards: dict[str, int] = field(default_factory=dict)
    """Anonymous device key → index of the card it was dealt."""
    ended_at: str | None = None
    """When the round ended (None while it runs)."""

    @property
    def active(self) -> bool:
        """True while the round runs."""
        return self.ended_at is None

    def holders(self) -> dict[str, int]:
        """How many phones hold each role, by role name in card order."""
        counts = dict.fromkeys(self.roles, 0)
        for index in self.cards.values():
            if 0 <= index < len(self.roles):
                counts[self.roles[index]] += 1
        return counts


@dataclass
class DecisionRecord:
    """Everything about one decision in the workshop."""

    step: int
    """0-based index of the decision."""
    node_id: str
    """The node of the decision."""
    options: tuple[str, ...]
    """Choice IDs in order."""
    phase: Phase = "intro"
    """Where the decision is in its phases."""
    countdown_seconds: int | None = None
    """The discussion countdown, when the facilitator set one (data for the screen only)."""
    countdown_started_at: str | None = None
    """When the countdown was started (ISO 8601 UTC)."""
    hands: dict[str, int] = field(default_factory=dict)
    """Raised hands per option."""
    device_votes: dict[str, str] = field(default_factory=dict)
    """Anonymous device key → option."""
    chosen: str | None = None
    """The option taken (after moving on)."""
    majority: str | None = None
    """The majority at the reveal (None on a tie or with no votes)."""
    overridden: bool = False
    """True when the facilitator took another option than the single majority."""
    tie_break: bool = False
    """True when there was no single majority and the facilitator chose."""
    reason: str | None = None
    """The facilitator's reason for an override or tie-break, if given."""
    findings: list[Finding] = field(default_factory=list)
    """The engine's findings at this decision (after moving on)."""
    feedback: str | None = None
    """The author's feedback on the option taken (after moving on)."""
    discussion_after: str | None = None
    """The author's discussion prompt for the option taken (after moving on)."""
    notes: list[Note] = field(default_factory=list)
    """The facilitator's notes on this decision."""
    roleplay: RoleplayRound | None = None
    """The role-play round held before the vote, if any."""

    def tally(self) -> Tally:
        """The votes as they stand (callers outside this module use :meth:`WorkshopSession.results`)."""
        devices: dict[str, int] = {}
        for option in self.device_votes.values():
            devices[option] = devices.get(option, 0) + 1
        return Tally(options=self.options, hands=dict(self.hands), devices=devices)

    @property
    def revealed(self) -> bool:
        """True once the distribution has been shown."""
        return self.phase == "revealed" or self.chosen is not None

    @property
    def decided(self) -> bool:
        """True once the group has moved on from this decision."""
        return self.chosen is not None


@dataclass(frozen=True)
class AdvanceResult:
    """What moving on did: the engine's step outcome and the updated decision record."""

    outcome: StepOutcome
    """The session's outcome (choice, findings at the step, ending)."""
    decision: DecisionRecord
    """A copy of the decision record, with findings and feedback filled in."""

    @property
    def finished(self) -> bool:
        """True when the case reached an ending."""
        return self.outcome.ending is not None


class Recorder(Protocol):
    """Where a workshop writes what happens (implemented by :class:`trainer.workshop.store.WorkshopStore`)."""

    def create_workshop(self, info: WorkshopInfo, device_salt: str) -> int:
        """Create the workshop; return its ID."""

    def record_decision_opened(self, workshop_id: int, step: int, node_id: str) -> None:
        """A new decision is shown."""

    def record_phase(
        self, workshop_id: int, step: int, phase: str, countdown_seconds: int | None, countdown_started_at: str | None
    ) -> None:
        """The decision's phase or countdown changed."""

    def record_hand_counts(self, workshop_id: int, step: int, counts: Mapping[str, int]) -> None:
        """The raised hands per option (replacing earlier counts)."""

    def record_join(self, workshop_id: int, device: str) -> None:
        """A phone joined the voting page (its anonymous key)."""

    def record_device_vote(self, workshop_id: int, step: int, device: str, option: str) -> bool:
        """One device's vote; True when it replaced the device's earlier vote."""

    def record_choice(
        self,
        workshop_id: int,
        step: int,
        chosen: str,
        majority: str | None,
        overridden: bool,
        tie_break: bool,
        reason: str | None,
    ) -> None:
        """The branch taken."""

    def reopen_decision(self, workshop_id: int, step: int) -> None:
        """Undo the branch taken at a decision (the case was edited) and drop later steps."""

    def record_note(self, workshop_id: int, step: int | None, text: str) -> None:
        """A note."""

    def record_roleplay(self, workshop_id: int, step: int, round_: RoleplayRound) -> None:
        """A role-play round started, restarted or ended (replacing what was recorded for the decision)."""

    def record_role_card(self, workshop_id: int, step: int, device: str, card: int) -> None:
        """One phone was dealt a card in the decision's role-play round."""

    def record_unit_count(self, workshop_id: int, unit: str, count: int) -> None:
        """Participants from one unit (0 removes the unit)."""

    def add_participant_name(self, workshop_id: int, name: str, unit: str | None) -> int:
        """An optional participant name; return its ID."""

    def delete_participant_name(self, workshop_id: int, name_id: int) -> bool:
        """Delete one name; True when it existed."""

    def delete_participant_names(self, workshop_id: int) -> int:
        """Delete every name of the workshop; return how many."""

    def record_finish(
        self, workshop_id: int, ending: str | None, passed: bool | None, overall: int | None, decisions: int
    ) -> None:
        """The workshop was ended (at an ending or early); an unfinished case has no pass and no score (None)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def letter(index: int) -> str:
    """A, B, C … for a 0-based option index (AA, AB … after Z)."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def device_key(salt: str, token: str) -> str:
    """The anonymous key a device token is stored under (the raw token is never written to disk)."""
    return hashlib.sha256(f"{salt}:{token}".encode()).hexdigest()[:24]


# ---------------------------------------------------------------------------------------- session


class WorkshopSession:
    """A case run for a group: phases, hand and device votes, reveal, the branch, notes and participants."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        profile: KommuneProfile | None = None,
        info: WorkshopInfo | None = None,
        recorder: Recorder | None = None,
        now: Callable[[], datetime] | None = None,
        shuffled: bool = False,
        _workshop_id: int | None = None,
        _device_salt: str | None = None,
        _session: Session | None = None,
    ) -> None:
        """Start a workshop on ``scenario`` (``prøve`` mode), recording to ``recorder`` when given.

        ``info`` describes the workshop (theme, unit, årshjul session …); the scenario ID and title
        are filled in from the scenario. ``now`` is an injectable clock for tests. ``shuffled`` shows the
        options in an order drawn for this workshop (keyed on its number, :mod:`trainer.option_order`), the
        same on the projector and the phones and after a resume; otherwise in file order.
        """
        self._lock = threading.RLock()
        self._now = now or _utc_now
        self.recorder = recorder
        self.session = _session or Session(
            scenario=scenario, profile=profile or profile_named(scenario.profile), mode="prøve"
        )
        base = info or WorkshopInfo(scenario_id=scenario.id, scenario_title=scenario.title)
        self.info = replace(
            base,
            scenario_id=scenario.id,
            scenario_title=scenario.title,
            profile_id=self.session.profile.id,
            started_at=base.started_at or self._stamp(),
        )
        self.device_salt = _device_salt or secrets.token_hex(16)
        self.decisions: list[DecisionRecord] = []
        self.general_notes: list[Note] = []
        self.unit_counts: dict[str, int] = {}
        self.names: list[ParticipantName] = []
        self.ended = False
        self.joined: set[str] = set()
        """The anonymous keys of the phones that joined the voting page."""
        self.join_order: list[str] = []
        """The same keys in the order the phones joined (role cards are dealt in this order)."""
        self.shown_step: int | None = None
        """The decision the projector shows; phones show a decision only once it is on the projector."""
        self._next_name_id = 1
        if _workshop_id is not None:
            self.workshop_id: int | None = _workshop_id
            self._set_order(shuffled)
            return
        self.workshop_id = recorder.create_workshop(self.info, self.device_salt) if recorder else None
        self._set_order(shuffled)
        self._open_decision()
        self.present()  # a new workshop starts with its first decision on the projector

    def _set_order(self, shuffled: bool) -> None:
        if shuffled:
            self.session.order_key = self.workshop_id if self.workshop_id is not None else new_order_key()

    # ------------------------------------------------------------------------------ plumbing

    def _stamp(self) -> str:
        moment = self._now()
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return moment.isoformat(timespec="seconds")

    def _record(self, method: str, *args: object) -> object:
        if self.recorder is None or self.workshop_id is None:
            return None
        return getattr(self.recorder, method)(self.workshop_id, *args)

    def _open_decision(self) -> None:
        node = self.session.node
        if node is None:
            return
        step = len(self.session.path)
        options = tuple(c.id for c in self.session.choices())  # in the order shown
        record = DecisionRecord(step=step, node_id=self.session.position, options=options)
        self._record("record_decision_opened", step, record.node_id)
        self.decisions.append(record)

    def _current(self) -> DecisionRecord:
        if self.finished or not self.decisions or self.decisions[-1].decided:
            raise PhaseError("Saken er ferdig – det er ingen beslutning igjen.")
        return self.decisions[-1]

    def _set_phase(self, record: DecisionRecord, phase: Phase, countdown: int | None, started: str | None) -> None:
        self._record("record_phase", record.step, phase, countdown, started)
        record.phase = phase
        self.shown_step = record.step  # the presenter changed its phase: it is on the projector
        record.countdown_seconds = countdown
        record.countdown_started_at = started

    # ------------------------------------------------------------------------------ where we are

    @property
    def scenario(self) -> Scenario:
        """The case."""
        return self.session.scenario

    @property
    def finished(self) -> bool:
        """True when the case has reached an ending."""
        return self.session.finished

    @property
    def current(self) -> DecisionRecord | None:
        """The open decision (None when the case is finished)."""
        with self._lock:
            if self.finished or not self.decisions or self.decisions[-1].decided:
                return None
            return self.decisions[-1]

    @property
    def phase(self) -> Phase | Literal["finished"]:
        """The current decision's phase, or ``finished``."""
        current = self.current
        return current.phase if current is not None else "finished"

    @property
    def node(self) -> Node | None:
        """The node of the open decision."""
        return self.session.node

    @property
    def ending(self) -> Ending | None:
        """The ending reached, if any."""
        return self.session.ending

    def options(self) -> list[OptionView]:
        """The options of the open decision, numbered and lettered."""
        return [
            OptionView(id=c.id, number=i + 1, letter=letter(i), text=c.text)
            for i, c in enumerate(self.session.choices())
        ]

    def resolve_option(self, key: str | int) -> Choice:
        """An option of the open decision by ID, 1-based number or letter; raises :class:`UnknownOptionError`."""
        choices = self.session.choices()
        text = str(key).strip()
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return choices[int(text) - 1]
        for index, choice in enumerate(choices):
            if choice.id == text or (len(text) <= 2 and text.upper() == letter(index)):
                return choice
        valid = ", ".join(f"{i + 1}/{letter(i)}={c.id}" for i, c in enumerate(choices)) or "(ingen)"
        raise UnknownOptionError(f"Ukjent valg «{text}». Gyldige valg: {valid}.")

    def countdown_remaining(self, now: datetime | None = None) -> int | None:
        """Seconds left of the discussion countdown (never below 0), or None without one."""
        with self._lock:
            current = self.current
            if current is None or current.countdown_seconds is None or current.countdown_started_at is None:
                return None
            started = datetime.fromisoformat(current.countdown_started_at)
            moment = now or self._now()
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
            elapsed = (moment - started).total_seconds()
            return max(0, int(round(current.countdown_seconds - elapsed)))

    # ------------------------------------------------------------------------------ phases

    def present(self) -> None:
        """The projector now shows the open decision: the phones show it too.

        After the group has chosen, the projector first shows what the choice led to; the phones wait («Se på
        skjermen») until the presenter moves on to the next decision. Starting the discussion, a countdown
        or the voting also counts as showing it."""
        with self._lock:
            current = None if self.ended else self.current
            if current is not None:
                self.shown_step = current.step

    def start_discussion(self, countdown_seconds: int | None = None) -> None:
        """intro → discussing, optionally with a countdown (seconds; data for the screen only)."""
        with self._lock:
            record = self._current()
            if record.phase != "intro":
                raise PhaseError(f"Diskusjonen kan bare startes fra innledningen (nå: {PHASE_LABELS[record.phase]}).")
            countdown = _check_countdown(countdown_seconds)
            self._set_phase(record, "discussing", countdown, self._stamp() if countdown else None)

    def set_countdown(self, countdown_seconds: int | None) -> None:
        """Set, restart or clear (None) the discussion countdown before the reveal."""
        with self._lock:
            record = self._current()
            if record.phase == "revealed":
                raise PhaseError("Resultatet er allerede vist.")
            countdown = _check_countdown(countdown_seconds)
            self._set_phase(record, record.phase, countdown, self._stamp() if countdown else None)

    def open_voting(self) -> None:
        """intro or discussing → voting: phones may vote and hands may be counted."""
        with self._lock:
            record = self._current()
            if record.phase == "voting":
                return
            if record.phase == "revealed":
                raise PhaseError("Resultatet er allerede vist; gå videre med neste beslutning.")
            if record.roleplay is not None and record.roleplay.active:
                self._end_roleplay(record)
            self._set_phase(record, "voting", record.countdown_seconds, record.countdown_started_at)

    def reveal(self) -> Tally:
        """voting → revealed: close the voting and return the distribution."""
        with self._lock:
            record = self._current()
            if record.phase == "revealed":
                return record.tally()
            if record.phase != "voting":
                raise PhaseError("Åpne avstemningen før resultatet vises.")
            self._set_phase(record, "revealed", record.countdown_seconds, record.countdown_started_at)
            return record.tally()

    # ------------------------------------------------------------------------------ role-play

    def role_cards(self) -> list[RoleCard]:
        """The role cards of the open decision (empty when its node has none, or the case is finished)."""
        with self._lock:
            node = None if self.ended or self.current is None else self.node
            return list(node.roles) if node is not None else []

    @property
    def roleplay(self) -> RoleplayRound | None:
        """The open decision's role-play round (running or ended), if one was started."""
        with self._lock:
            current = None if self.ended else self.current
            return current.roleplay if current is not None else None

    def start_roleplay(self, seconds: int | None = DEFAULT_ROLEPLAY_SECONDS) -> RoleplayRound:
        """Start a role-play round before the vote: the decision goes to ``discussing`` with ``seconds`` as its
        countdown (None or 0: no timer), and every phone that joined is dealt a card (see the module's
        «Role-play»). Starting an ended round again restarts its timer and keeps the cards as dealt.

        Raises :class:`WorkshopError` when the decision has no role cards, and :class:`PhaseError` after the
        reveal, once someone has voted, or while a round runs."""
        with self._lock:
            record = self._current()
            node = self.node
            cards = list(node.roles) if node is not None else []
            if not cards:
                raise WorkshopError("Denne beslutningen har ingen rollekort.")
            if record.phase == "revealed":
                raise PhaseError("Resultatet er allerede vist; rollespillet kommer før avstemningen.")
            if record.phase == "voting" and (record.hands or record.device_votes):
                raise PhaseError("Det er allerede stemt ved denne beslutningen; rollespillet kommer før avstemningen.")
            if record.roleplay is not None and record.roleplay.active:
                raise PhaseError("Rollespillet er allerede i gang.")
            countdown = _check_countdown(seconds)
            started = self._stamp()
            earlier = record.roleplay
            if earlier is not None:
                cards_dealt = dict(earlier.cards)
                round_ = replace(earlier, started_at=started, seconds=countdown, ended_at=None, cards=cards_dealt)
            else:
                round_ = RoleplayRound(started_at=started, seconds=countdown, roles=tuple(c.role for c in cards))
            base = len(round_.cards)  # a restarted round deals on from where it stopped
            deal = {key: (base + i) % len(round_.roles) for i, key in enumerate(self._unseated(round_))}
            self._record("record_roleplay", record.step, replace(round_, cards={**round_.cards, **deal}))
            round_.cards.update(deal)
            self._set_phase(record, "discussing", countdown, started if countdown else None)
            record.roleplay = round_
            return replace(round_, cards=dict(round_.cards))

    def end_roleplay(self) -> RoleplayRound:
        """End the running role-play round (the phones go back to the question); the group votes next."""
        with self._lock:
            record = self._current()
            if record.roleplay is None or not record.roleplay.active:
                raise PhaseError("Det er ikke noe rollespill i gang.")
            self._end_roleplay(record)
            assert record.roleplay is not None
            return replace(record.roleplay, cards=dict(record.roleplay.cards))

    def _end_roleplay(self, record: DecisionRecord) -> None:
        round_ = record.roleplay
        assert round_ is not None
        ended = replace(round_, ended_at=self._stamp(), cards=dict(round_.cards))
        self._record("record_roleplay", record.step, ended)
        record.roleplay = ended
        if record.phase != "voting" and record.countdown_seconds is not None:
            self._set_phase(record, record.phase, None, None)  # the round's timer goes with it

    def _unseated(self, round_: RoleplayRound) -> list[str]:
        """The joined phones without a card in ``round_``, in join order."""
        return [key for key in self.join_order if key not in round_.cards]

    def _deal_late(self, key: str) -> None:
        """A phone that joins while a round runs gets the next card in turn."""
        current = None if self.ended else self.current
        round_ = current.roleplay if current is not None else None
        if current is None or round_ is None or not round_.active or key in round_.cards or not round_.roles:
            return
        card = len(round_.cards) % len(round_.roles)
        self._record("record_role_card", current.step, key, card)
        round_.cards[key] = card

    def my_card(self, device: str) -> RoleCard | None:
        """The card this phone was dealt in the running round (None without one)."""
        with self._lock:
            round_ = self.roleplay
            if round_ is None or not round_.active:
                return None
            index = round_.cards.get(device_key(self.device_salt, device))
            cards = self.role_cards()
            return cards[index] if index is not None and 0 <= index < len(cards) else None

    # ------------------------------------------------------------------------------ votes

    def set_hand_counts(self, counts: Mapping[str | int, int] | Sequence[int]) -> None:
        """Type in the raised hands (replacing earlier counts). Voting must be open.

        ``counts`` is either a list in option order (``[3, 5, 1]``) or a mapping from option ID,
        number or letter to a count; options left out count 0. Returns nothing visible: the
        distribution stays hidden until :meth:`reveal` (the return value is always ``None``).
        """
        with self._lock:
            record = self._current()
            if record.phase != "voting":
                raise VotingClosedError(_closed_message(record))
            resolved: dict[str, int] = {}
            if isinstance(counts, Mapping):
                items = [(self.resolve_option(k).id, v) for k, v in counts.items()]
            else:
                values = list(counts)
                if len(values) != len(record.options):
                    raise UnknownOptionError(
                        f"Skriv ett tall per valg ({len(record.options)} tall), fikk {len(values)}."
                    )
                items = list(zip(record.options, values, strict=True))
            for option, value in items:
                if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 10_000:
                    raise WorkshopError(f"Antall hender må være et helt tall fra 0 til 10 000, ikke «{value}».")
                resolved[option] = resolved.get(option, 0) + value
            full = {option: resolved.get(option, 0) for option in record.options}
            self._record("record_hand_counts", record.step, full)
            record.hands = full

    def join_device(self, device: str) -> bool:
        """A phone joined the voting page (``device`` is the ID in the token the server issued it); True when
        it had not joined before."""
        with self._lock:
            key = device_key(self.device_salt, device)
            if key in self.joined:
                return False
            self._record("record_join", key)
            self._joined(key)
            self._deal_late(key)
            return True

    def _joined(self, key: str) -> None:
        if key not in self.joined:
            self.joined.add(key)
            self.join_order.append(key)

    @property
    def joined_count(self) -> int:
        """How many phones have joined the voting page."""
        with self._lock:
            return len(self.joined)

    def add_device_vote(self, device: str, option: str, step: int | None = None) -> VoteReceipt:
        """One vote from a phone: ``device`` is its anonymous token, ``option`` a choice ID.

        ``step`` is the decision the phone saw; a vote for another decision than the open one, or while
        voting is not open, raises :class:`VotingClosedError`; an option that does not exist raises
        :class:`UnknownOptionError`. A second vote from the same device replaces the first. Nothing
        changes when an error is raised.
        """
        with self._lock:
            if not isinstance(device, str) or not device:
                raise WorkshopError("Enheten mangler en gyldig nøkkel.")
            current = None if self.ended else self.current
            if current is None:
                raise VotingClosedError("Saken er ferdig – det er ingen avstemning nå.")
            if step is not None and step != current.step:
                raise VotingClosedError("Denne avstemningen er ikke åpen lenger. Last siden på nytt.")
            if current.phase != "voting":
                raise VotingClosedError(_closed_message(current))
            if option not in current.options:
                raise UnknownOptionError(f"Ukjent valg «{option}».")
            key = device_key(self.device_salt, device)
            if key not in self.joined:  # a phone the server let in before this session knew of it
                self._record("record_join", key)
                self._joined(key)
            replaced = (
                bool(self._record("record_device_vote", current.step, key, option)) or key in current.device_votes
            )
            current.device_votes[key] = option
            return VoteReceipt(step=current.step, option=option, replaced=replaced)

    def has_voted(self, device: str, step: int | None = None) -> bool:
        """True when this device has a vote at the decision (default: the open one)."""
        with self._lock:
            record = self.current if step is None else self._decision(step)
            return record is not None and device_key(self.device_salt, device) in record.device_votes

    def progress(self) -> VoteProgress | None:
        """How many have voted at the open decision (never for what); None when finished."""
        with self._lock:
            current = self.current
            if current is None:
                return None
            return VoteProgress(
                step=current.step,
                phase=current.phase,
                devices=len(current.device_votes),
                hands=sum(current.hands.values()),
                hands_entered=bool(current.hands),
            )

    def results(self, step: int | None = None) -> Tally:
        """The distribution at a decision (default: the open or last one) — only once revealed."""
        with self._lock:
            record = (
                self._decision(step)
                if step is not None
                else (self.current or (self.decisions[-1] if self.decisions else None))
            )
            if record is None:
                raise ResultsHiddenError("Det finnes ingen beslutning ennå.")
            if not record.revealed:
                raise ResultsHiddenError("Resultatet er skjult til du viser det.")
            return record.tally()

    def _decision(self, step: int) -> DecisionRecord | None:
        return next((d for d in self.decisions if d.step == step), None)

    # ------------------------------------------------------------------------------ moving on

    def advance(self, option: str | int | None = None, reason: str | None = None) -> AdvanceResult:
        """Take the branch after the reveal: the majority by default, or the option the facilitator names.

        Raises :class:`PhaseError` before the reveal and :class:`TieError` when there is no single
        majority and no option was named. Naming another option than the majority is recorded as an
        override (with ``reason`` when given).
        """
        with self._lock:
            record = self._current()
            if record.phase != "revealed":
                raise PhaseError("Vis resultatet før dere går videre.")
            tally = record.tally()
            majority = tally.majority
            if option is None:
                if majority is None:
                    tied = tally.leaders
                    if tied:
                        names = " og ".join(f"{letter(record.options.index(o))} ({o})" for o in tied)
                        message = f"Uavgjort mellom {names}. Velg hvilket valg gruppa skal gå videre med."
                    else:
                        message = "Ingen har stemt. Velg hvilket valg gruppa skal gå videre med."
                    raise TieError(message, tied)
                choice = self.resolve_option(majority)
            else:
                choice = self.resolve_option(option)
            tie_break = majority is None
            overridden = majority is not None and choice.id != majority
            clean_reason = _clean(reason, MAX_NOTE_CHARS)
            self._record("record_choice", record.step, choice.id, majority, overridden, tie_break, clean_reason)
            outcome = self.session.choose(choice.id)
            record.chosen = choice.id
            record.majority = majority
            record.overridden = overridden
            record.tie_break = tie_break
            record.reason = clean_reason
            record.findings = list(outcome.findings)
            record.feedback = choice.feedback
            record.discussion_after = choice.discussion
            self._open_decision()
            return AdvanceResult(outcome=outcome, decision=replace(record, findings=list(record.findings)))

    def report(self) -> Report:
        """The engine's verdict on the group's path (the scorecard)."""
        with self._lock:
            return self.session.report()

    def finish(self) -> Report:
        """End the workshop (at an ending, or early) and record the result; returns the report."""
        with self._lock:
            report = self.session.report()
            ending = self.session.position if self.finished else None
            self._record("record_finish", ending, report.passed, report.overall, len(self.session.path))
            self.ended = True
            return report

    # ------------------------------------------------------------------------------ notes and people

    def add_note(self, text: str, step: int | None = None) -> Note:
        """A note on a decision (default: the open one, or the whole workshop when the case is finished)."""
        with self._lock:
            clean = _clean(text, MAX_NOTE_CHARS)
            if not clean:
                raise WorkshopError("Notatet er tomt.")
            if step is None:
                current = self.current
                step = current.step if current is not None else None
            elif self._decision(step) is None:
                raise WorkshopError(f"Beslutning {step + 1} finnes ikke.")
            self._record("record_note", step, clean)
            note = Note(step=step, text=clean, at=self._stamp())
            if step is None:
                self.general_notes.append(note)
            else:
                record = self._decision(step)
                assert record is not None
                record.notes.append(note)
            return note

    def notes(self) -> list[Note]:
        """Every note, decision notes first in decision order, then the workshop notes."""
        with self._lock:
            return [n for d in self.decisions for n in d.notes] + list(self.general_notes)

    def set_unit_count(self, unit: str, count: int) -> None:
        """How many participants came from ``unit`` (0 removes the unit)."""
        with self._lock:
            clean = _clean(unit, MAX_UNIT_CHARS)
            if not clean:
                raise WorkshopError("Skriv navnet på enheten.")
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 10_000:
                raise WorkshopError(f"Antall deltakere må være et helt tall fra 0 til 10 000, ikke «{count}».")
            self._record("record_unit_count", clean, count)
            if count:
                self.unit_counts[clean] = count
            else:
                self.unit_counts.pop(clean, None)

    @property
    def participant_total(self) -> int:
        """Participants counted per unit (or, without unit counts, the number of names given)."""
        with self._lock:
            return sum(self.unit_counts.values()) or len(self.names)

    def room(self, code_open: bool = True) -> RoomStatus:
        """The counts behind the presenter's warnings about the room (see :mod:`trainer.workshop.room`)."""
        with self._lock:
            current = None if self.ended else self.current
            return RoomStatus(
                joined=len(self.joined),
                phone_votes=len(current.device_votes) if current else 0,
                hands=sum(current.hands.values()) if current else 0,
                participants=self.participant_total,
                code_open=code_open,
            )

    def participant_estimate(self) -> int:
        """Without registered participants, a default: the phones that joined (or voted) plus the most hands
        counted at one decision."""
        with self._lock:
            phones = self.joined | {device for record in self.decisions for device in record.device_votes}
            hands = max((sum(record.hands.values()) for record in self.decisions), default=0)
            return len(phones) + hands

    def add_name(self, name: str, unit: str | None = None) -> ParticipantName:
        """Add an optional participant name."""
        with self._lock:
            clean = _clean(name, MAX_NAME_CHARS)
            if not clean:
                raise WorkshopError("Navnet er tomt.")
            clean_unit = _clean(unit, MAX_UNIT_CHARS)
            recorded = self._record("add_participant_name", clean, clean_unit)
            name_id = int(recorded) if isinstance(recorded, int) else self._next_name_id
            self._next_name_id = max(self._next_name_id, name_id) + 1
            entry = ParticipantName(id=name_id, name=clean, unit=clean_unit)
            self.names.append(entry)
            return entry

    def remove_name(self, name_id: int) -> bool:
        """Delete one participant name; True when it existed."""
        with self._lock:
            self._record("delete_participant_name", name_id)
            before = len(self.names)
            self.names = [n for n in self.names if n.id != name_id]
            return len(self.names) < before

    def forget_names(self) -> int:
        """Delete every participant name of this workshop (here and in the store); returns how many."""
        with self._lock:
            self._record("delete_participant_names")
            count = len(self.names)
            self.names = []
            return count

    # ------------------------------------------------------------------------------ views

    def public_state(self, device: str | None = None) -> dict[str, object]:
        """What a participant's phone may see: the question and options, never a distribution before the reveal."""
        with self._lock:
            current = None if self.ended else self.current
            state: dict[str, object] = {"scenario": self.scenario.title, "finished": self.finished or self.ended}
            if current is None:
                ending = self.ending
                state.update(phase="finished", decision=None, ending=ending.title if ending else None)
                return state
            if current.step != self.shown_step:
                # the projector still shows what the last choice led to: the phones wait for it
                state.update(phase="waiting", decision=None, chosen=self._last_choice())
                return state
            node = self.node
            assert node is not None
            # this phone's own vote (so a reloaded page still shows it); never anyone else's
            mine = current.device_votes.get(device_key(self.device_salt, device)) if device is not None else None
            state.update(
                phase=current.phase,
                decision=current.step,
                number=current.step + 1,
                title=node.title or f"Beslutning {current.step + 1}",
                question=node.discussion or "Hva gjør du?",
                options=[{"id": o.id, "letter": o.letter, "text": o.text} for o in self.options()],
                voted=mine is not None,
                mine=mine,
                countdown=self.countdown_remaining(),
                countdown_label="Diskusjon",
                results=current.tally().to_dict() if current.revealed else None,
                roleplay=None,
            )
            round_ = current.roleplay
            if round_ is not None and round_.active and current.phase == "discussing":
                # the names for everyone; the card's content only for the phone it was dealt to
                card = self.my_card(device) if device is not None else None
                state.update(
                    countdown_label="Rollespill",
                    roleplay={
                        "roles": list(round_.roles),
                        "mine": card.model_dump(include={"role", "knows", "feels", "wants", "holds_back"})
                        if card is not None
                        else None,
                    },
                )
            return state

    def _last_choice(self) -> dict[str, str] | None:
        """The letter and text of the option the group took last, for the phones while they wait."""
        decided = [d for d in self.decisions if d.decided and d.chosen is not None]
        if not decided:
            return None
        record = decided[-1]
        choice = self.scenario.choice(record.node_id, record.chosen or "")
        if choice is None or record.chosen not in record.options:
            return None
        return {"letter": letter(record.options.index(record.chosen)), "text": choice.text}

    def path_taken(self) -> list[DecisionRecord]:
        """Copies of the decided records, in order."""
        with self._lock:
            return [replace(d, findings=list(d.findings), notes=list(d.notes)) for d in self.decisions if d.decided]

    # ------------------------------------------------------------------------------ resuming

    @classmethod
    def restore(
        cls,
        scenario: Scenario,
        data: RestoreData,
        *,
        profile: KommuneProfile | None = None,
        recorder: Recorder | None = None,
        now: Callable[[], datetime] | None = None,
        shuffled: bool = False,
    ) -> tuple[WorkshopSession, str | None]:
        """Rebuild a workshop from what the store recorded (see :meth:`WorkshopStore.restore_data`).

        Returns the workshop and, when the scenario file was edited so that the recorded path no longer
        fits, a Norwegian note saying where it was cut.
        """
        chosen = [d.chosen for d in data.decisions if d.chosen is not None]
        order_key = data.workshop_id if shuffled else None
        session, note = Session.resume(scenario, chosen, profile=profile, mode="prøve", order_key=order_key)
        workshop = cls(
            scenario,
            profile=session.profile,
            info=data.info,
            recorder=recorder,
            shuffled=shuffled,
            now=now,
            _workshop_id=data.workshop_id,
            _device_salt=data.device_salt,
            _session=session,
        )
        report = session.report()
        kept = len(session.path)
        for saved in data.decisions:
            if saved.step > kept:
                break
            saved_node = scenario.nodes.get(saved.node_id)
            shown = session.options_at(saved.node_id)
            options = tuple(c.id for c in shown) if saved_node is not None else tuple(saved.options)
            record = replace(saved, options=options, notes=list(saved.notes))
            if saved.step < kept:
                record.findings = report.at_step(saved.step)
                choice = scenario.choice(saved.node_id, saved.chosen or "")
                record.feedback = choice.feedback if choice else None
                record.discussion_after = choice.discussion if choice else None
            else:
                node = session.node
                if node is None or saved.node_id != session.position:
                    break
                options = tuple(c.id for c in session.choices())
                record.options = options
                record.hands = {o: n for o, n in saved.hands.items() if o in options}
                record.device_votes = {d: o for d, o in saved.device_votes.items() if o in options}
                if saved.chosen is not None:  # the branch taken no longer exists: vote again
                    workshop._record("reopen_decision", saved.step)
                    record.phase = "voting"
                    record.majority, record.overridden, record.tie_break, record.reason = None, False, False, None
                record.chosen = None
            workshop.decisions.append(record)
        if not session.finished and (not workshop.decisions or workshop.decisions[-1].decided):
            workshop._open_decision()
        workshop.general_notes = list(data.general_notes)
        workshop.unit_counts = dict(data.unit_counts)
        workshop.names = list(data.names)
        workshop._next_name_id = max((n.id for n in data.names), default=0) + 1
        workshop.ended = data.ended
        workshop.join_order = [key for key in data.join_order if key in data.joined]
        workshop.join_order += sorted(data.joined - set(workshop.join_order))
        workshop.joined = set(workshop.join_order)
        workshop.present()  # a resumed workshop opens on its current decision
        return workshop, note


@dataclass
class RestoreData:
    """What the store hands back to rebuild a workshop."""

    workshop_id: int
    """The workshop."""
    info: WorkshopInfo
    """Its description."""
    device_salt: str
    """The salt its device keys were made with."""
    decisions: list[DecisionRecord]
    """The recorded decisions, in order."""
    general_notes: list[Note] = field(default_factory=list)
    """Notes on the workshop as a whole."""
    unit_counts: dict[str, int] = field(default_factory=dict)
    """Participants per unit."""
    names: list[ParticipantName] = field(default_factory=list)
    """Optional names."""
    ended: bool = False
    """True when the workshop was finished."""
    joined: set[str] = field(default_factory=set)
    """The anonymous keys of the phones that joined the voting page."""
    join_order: list[str] = field(default_factory=list)
    """The same keys in the order the phones joined (older files: empty, and the keys are taken sorted)."""


def _clean(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    clean = " ".join(str(text).split())
    return clean[:limit] or None


def _check_countdown(seconds: int | None) -> int | None:
    if seconds is None or seconds == 0:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 < seconds <= 3 * 3600:
        raise WorkshopError("Nedtellingen må være et helt antall sekunder, høyst tre timer.")
    return seconds


def _closed_message(record: DecisionRecord) -> str:
    if record.phase == "revealed":
        return "Avstemningen er lukket – resultatet er vist."
    return "Avstemningen er ikke åpnet ennå."
