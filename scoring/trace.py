"""The input to the engine: who the trainee is, the case's cast and facts, and the steps taken."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from scoring.actions import AnyAction
from scoring.facts import CaseFacts

#: What a case is for the trainee. ``undring``: an employee wonders about a child in their own service — the
#: handlingsveileder's level 0 applies (write it down, leader first, talk with the parents in time, decide).
#: ``klient``: the adult in front of the trainee is the service's own client (NAV, adult mental health, a
#: fastlege with the parent as patient, a young adult). ``slt``: the SLT coordinator's routines.
#: ``barnevern``: barnevernet's own case work. In the last three the level-0 steps do not apply.
CaseKind = Literal["undring", "klient", "slt", "barnevern"]

#: The kind a case gets when its file does not say, by the trainee's service.
DEFAULT_CASE_KIND: dict[str, CaseKind] = {
    "nav": "klient",
    "psykisk-helse": "klient",
    "fastlege": "klient",
    "koordinerende-enhet": "klient",
    "slt": "slt",
    "barnevern": "barnevern",
    "statens-barnehus": "barnevern",
}

#: How the author judged an ending: good, partly good, or bad for the child.
Outcome = Literal["god", "delvis", "dårlig"]


def default_case_kind(role: str) -> CaseKind:
    """The case kind for a trainee in this service when the scenario does not name one."""
    return DEFAULT_CASE_KIND.get(role, "undring")


class CastEntry(BaseModel):
    """A person in the case as the engine sees them: their role and, for professionals, their service."""

    model_config = ConfigDict(frozen=True)
    role: str
    """barn, mor, far, stefar, rektor, helsesykepleier …"""
    service: str | None = None
    """The service a professional belongs to (skole, ppt …); none for family members."""
    name: str | None = None
    """The fictional name, used when a finding names the person."""
    separate_body: bool = False
    """A professional of the trainee's own kind of service in a separate legal body (another owner's
    barnehage, a school in another kommune): another service, not the trainee's own team."""


class CaseContext(BaseModel):
    """Everything about the case that does not change with the trainee's choices."""

    model_config = ConfigDict(frozen=True)
    role: str
    """The trainee's own service (barnehage, skole, helsestasjon …)."""
    trainee_is_leader: bool = False
    """The trainee is the nærmeste leder (styrer, rektor …), so the leader is involved from the start."""
    case_kind: CaseKind = "undring"
    """What kind of case this is for the trainee; the level-0 rules judge only ``undring``."""
    cast: dict[str, CastEntry] = Field(default_factory=dict)
    """Cast ID → role and service."""
    facts: CaseFacts = Field(default_factory=CaseFacts)
    """Facts known when the case starts."""
    _parties: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def parties_cache(self) -> dict[str, Any]:
        """Target word → resolved party, for :func:`scoring.parties.resolve_cached` (never part of the data).
        Read from pydantic's private store directly: the attribute route costs more than the lookup it saves."""
        return self.__pydantic_private__["_parties"]  # type: ignore[index,no-any-return]


class Step(BaseModel):
    """One decision: entering a node (days pass, facts revealed, events happen), then the choice's actions."""

    model_config = ConfigDict(frozen=True)
    node: str
    """The node the decision was taken at."""
    choice: str
    """The choice taken."""
    days_before: int = 0
    """Days that pass on entering the node."""
    reveals: CaseFacts | None = None
    """Facts that become known at the node."""
    events: list[AnyAction] = Field(default_factory=list)
    """Things that happen at the node without the trainee choosing them (a consent withdrawn …)."""
    actions: list[AnyAction] = Field(default_factory=list)
    """The domain actions of the choice taken."""
    days_after: int = 0
    """Days that pass after the choice."""


class Trace(BaseModel):
    """A whole play-through as the engine judges it."""

    model_config = ConfigDict(frozen=True)
    context: CaseContext
    """The case."""
    steps: list[Step] = Field(default_factory=list)
    """The decisions in order."""
    outcome: Outcome | None = None
    """How it ended for the child, as the author judged the ending reached (None while unfinished): a path
    that ends «dårlig» never passes."""
