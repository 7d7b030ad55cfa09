"""The input to the engine: who the trainee is, the case's cast and facts, and the steps taken."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scoring.actions import AnyAction
from scoring.facts import CaseFacts


class CastEntry(BaseModel):
    """A person in the case as the engine sees them: their role and, for professionals, their service."""

    model_config = ConfigDict(frozen=True)
    role: str
    """barn, mor, far, stefar, rektor, helsesykepleier …"""
    service: str | None = None
    """The service a professional belongs to (skole, ppt …); none for family members."""
    name: str | None = None
    """The fictional name, used when a finding names the person."""


class CaseContext(BaseModel):
    """Everything about the case that does not change with the trainee's choices."""

    model_config = ConfigDict(frozen=True)
    role: str
    """The trainee's own service (barnehage, skole, helsestasjon …)."""
    trainee_is_leader: bool = False
    """The trainee is the nærmeste leder (styrer, rektor …), so the leader is involved from the start."""
    cast: dict[str, CastEntry] = Field(default_factory=dict)
    """Cast ID → role and service."""
    facts: CaseFacts = Field(default_factory=CaseFacts)
    """Facts known when the case starts."""


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
