"""A play-through of one scenario: where we are, the path taken — and the engine's verdicts.

The session is UI-agnostic: the TUI, the CLI ``play`` command and the workshop all drive it the same
way and render what it returns. It never decides what is right; it asks :func:`scoring.engine.judge`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scoring.engine import judge, replay
from scoring.profile import KommuneProfile, bundled_profile, profile_named
from scoring.report import Finding, Report
from scoring.state import CaseState, advance, apply, reveal
from scoring.trace import Trace
from trainer.option_order import shown_order
from trainer.scenario.model import Choice, Ending, Node, Scenario
from trainer.scenario.steps import trace_of

Mode = Literal["øving", "prøve"]


class InvalidChoiceError(ValueError):
    """The choice does not exist at the current node; ``valid`` lists the ones that do."""

    def __init__(self, given: str, node_id: str, valid: list[Choice]) -> None:
        self.given = given
        self.node_id = node_id
        self.valid = valid
        listing = ", ".join(f"{i}={c.id}" for i, c in enumerate(valid, 1)) or "(ingen — saken er slutt)"
        super().__init__(f"ugyldig valg «{given}» ved «{node_id}»; gyldige valg: {listing}")


@dataclass(frozen=True)
class StepOutcome:
    """What happened when a choice was made: the findings at that decision and where the case went."""

    step: int
    """Index of the decision."""
    choice: Choice
    """The choice made."""
    findings: list[Finding]
    """The engine's findings at this decision (in øving mode shown at once)."""
    ending: Ending | None
    """The ending reached, if any."""


@dataclass
class Session:
    """A play-through. ``path`` holds the choice IDs taken, which is all that needs saving."""

    scenario: Scenario
    """The case being played."""
    profile: KommuneProfile = field(default_factory=lambda: bundled_profile("standard"))
    """The kommune profile judged under."""
    mode: Mode = "øving"
    """øving: feedback after each choice; prøve: feedback only at the end."""
    path: list[str] = field(default_factory=list)
    """Choice IDs taken so far."""
    nodes: list[str] = field(default_factory=list)
    """Node ID at each decision (same length as ``path``)."""
    position: str = ""
    """Current node or ending ID."""
    order_key: int | None = None
    """Decides the order the options are shown in (see :mod:`trainer.option_order`); None keeps file order."""

    def __post_init__(self) -> None:
        if not self.position:
            self.position = self.scenario.start

    # -- where we are -------------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        """True when an ending has been reached."""
        return self.scenario.is_ending(self.position)

    @property
    def node(self) -> Node | None:
        """The current node (None at an ending)."""
        return self.scenario.nodes.get(self.position)

    @property
    def ending(self) -> Ending | None:
        """The ending reached, if any."""
        return self.scenario.endings.get(self.position)

    def choices(self) -> list[Choice]:
        """The options at the current node, in the order they are shown."""
        return self.options_at(self.position)

    def options_at(self, node_id: str) -> list[Choice]:
        """The options at a node in the order they are shown in this session (empty at an ending)."""
        node = self.scenario.nodes.get(node_id)
        return shown_order(self.order_key, node_id, node.choices) if node else []

    def resolve_choice(self, key: str | int) -> Choice:
        """A choice by ID or 1-based position as shown; raises :class:`InvalidChoiceError`."""
        options = self.choices()
        text = str(key).strip()
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1]
        for option in options:
            if option.id == text:
                return option
        raise InvalidChoiceError(text, self.position, options)

    # -- moving -------------------------------------------------------------------------------------
    def choose(self, key: str | int) -> StepOutcome:
        """Take a choice at the current node and return the findings at that decision."""
        choice = self.resolve_choice(key)
        self.nodes.append(self.position)
        self.path.append(choice.id)
        self.position = choice.goto
        step = len(self.path) - 1
        report = self.report()
        return StepOutcome(step=step, choice=choice, findings=report.at_step(step), ending=self.ending)

    @classmethod
    def resume(
        cls,
        scenario: Scenario,
        path: list[str],
        profile: KommuneProfile | None = None,
        mode: Mode = "øving",
        order_key: int | None = None,
    ) -> tuple[Session, str | None]:
        """Replay a saved path. If the file was edited and a step no longer exists, stop there.

        Returns the session and, when the path had to be cut, a Norwegian note saying where and why.
        """
        session = cls(
            scenario=scenario, profile=profile or profile_named(scenario.profile), mode=mode, order_key=order_key
        )
        for index, choice_id in enumerate(path):
            if session.finished or session.node is None:
                return session, f"Saken er endret: steg {index + 1} finnes ikke lenger. Du fortsetter herfra."
            try:
                session.resolve_choice(choice_id)
            except InvalidChoiceError:
                return session, f"Saken er endret: valget «{choice_id}» finnes ikke lenger. Du fortsetter herfra."
            session.nodes.append(session.position)
            session.path.append(choice_id)
            session.position = scenario.choice(session.nodes[-1], choice_id).goto  # type: ignore[union-attr]
        if not session.finished and session.node is None:
            return session, "Saken er endret: stedet du var kommet til finnes ikke lenger."
        return session, None

    # -- what the engine sees -----------------------------------------------------------------------
    def trace(self) -> Trace:
        """The trace of decisions so far, with node days, reveals and events."""
        return trace_of(self.scenario, self.nodes, self.path)

    def report(self) -> Report:
        """The engine's verdict on the path so far (whole-trace rules wait until an ending)."""
        return judge(self.trace(), self.profile, complete=self.finished)

    def state(self) -> CaseState:
        """The case as it stands now, including what the current node has revealed (for the side panel)."""
        timeline = replay(self.trace(), self.profile)
        state = timeline.final
        node = self.node
        if node is not None:
            state = advance(state, node.days)
            if node.reveals is not None:
                state = reveal(state, node.reveals)
            ctx = self.scenario.context()
            for event in node.events:
                state = apply(state, event, ctx)
        return state

    def level_timeline(self) -> list[tuple[int, int]]:
        """(day, level) after each decision so far, starting with the initial level."""
        timeline = replay(self.trace(), self.profile)
        points = [(timeline.initial.day, timeline.initial.level)]
        points += [(s.day, s.level) for s in timeline.step_states]
        return points
