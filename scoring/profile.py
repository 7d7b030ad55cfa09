"""Kommune profiles: the local parameters of the handlingsveileder that vary between kommuner."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field


class RuleOverride(BaseModel):
    """A kommune's local change to one rule's rulebook entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    severity: Literal["kritisk", "alvorlig", "mindre"] | None = None
    """A different severity."""
    source: str | None = None
    """A local source (e.g. the kommune's own handlingsveileder step)."""
    better: str | None = None
    """A local better-action text."""
    enabled: bool = True
    """False switches the rule off in this kommune."""


#: What an arena needs before a named (identifiable) child is discussed there; anonymous discussion needs nothing.
NamedChild = Literal["samtykke", "skriftlig-samtykke", "bare-anonymt"]
#: The family's part in an arena meeting, as the kommune's documents describe it.
FamilyPart = Literal["deltar", "deltar-eller-orientert", "samtykker"]


class Arena(BaseModel):
    """A meeting arena of the kommune (ressursteam, BTI-møte, BRUS, SLT-møte …), named by ``hold_meeting``.

    The rules ARENA-01–03 judge a meeting held at the arena against these fields; MED-03 reads
    ``child_attends``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable ID a scenario names (``arena: ressursteam-skole``)."""
    name: str
    """Shown to users, e.g. «Ressursteam (skole)»."""
    members: list[str] = Field(default_factory=list)
    """Who takes part as standing members: services and titles in the engine's words (ppt, bup, rektor …).
    Every service among them hears a named child, so a consent must reach them all (ARENA-01)."""
    frequency: str = ""
    """How often it meets, in the kommune's words («en gang per måned»)."""
    purpose: str = ""
    """What it is for, in the kommune's words."""
    named_child: NamedChild = "samtykke"
    """What is needed before a named child is discussed (ARENA-01): consent, written consent, or never (the
    arena does not take individual children; ARENA-02)."""
    only_concerned: bool = False
    """Only the participants the consent names take part in the discussion of a named child (ARENA-01)."""
    after: list[str] = Field(default_factory=list)
    """Precondition: the case has first been discussed in one of these — a meeting kind (tverrfaglig,
    ansvarsgruppe, bti-møte), another arena's ID, or a service met with (fastlege, bup) (ARENA-02)."""
    brought_by: list[str] = Field(default_factory=list)
    """The services whose staff bring cases here (empty: any service) (ARENA-02)."""
    family: FamilyPart = "samtykker"
    """The family's part: takes part in the meeting, takes part or is told it takes place, or only
    consents (ARENA-03)."""
    child_attends: bool = False
    """The child decides whether to attend, from ``child_meeting_age`` (MED-03); False for professionals'
    arenas, where the child is not invited."""
    source: str = ""
    """Where the kommune describes the arena (shown in findings)."""


class KommuneProfile(BaseModel):
    """Local parameters; ``standard`` ships with the engine and a kommune can write its own YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable ID (file name without .yaml)."""
    name: str
    """Shown to users, e.g. «Standard (nasjonale anbefalinger)»."""
    level0_decision_days: int = Field(default=14, ge=1, le=120)
    """Days from the undring arises to the level-0 decision (HV-N0-04)."""
    parent_talk_days: int = Field(default=14, ge=1, le=120)
    """Days within which the conversation with the parents is held (HV-N0-03)."""
    school_environment_parent_talk_days: int = Field(default=7, ge=1, le=60)
    """Shorter deadline in school-environment cases (HV-N0-03)."""
    youth_log_consent_age: Literal[15, 16] = 15
    """From this age the youth's own consent is needed for a stafettlogg (STAF-01, SAM-04)."""
    log_from_level: int = Field(default=2, ge=1, le=3)
    """From this level a stafettlogg is expected when measures run (DOK-01)."""
    level2_meeting_days: int = Field(default=14, ge=1, le=120)
    """Days from moving to level 2 to the first level-2 meeting (HV-ESC-02)."""
    tell_parents_about_report: bool = True
    """Parents are told a report was sent, except in violence/abuse cases (VO-06)."""
    report_at_once_days: int = Field(default=0, ge=0, le=7)
    """Days allowed from a violence/abuse suspicion to the report; 0 = the same day (VO-01)."""
    report_deadline_days: int = Field(default=1, ge=0, le=7)
    """Days allowed from the threshold for opplysningsplikt being met (outside violence cases) to the written
    report — «uten ugrunnet opphold»; 1 = the same or the next day (OPL-02)."""
    child_meeting_age: int = Field(default=12, ge=5, le=18)
    """From this age the child is invited to meetings about it (MED-03)."""
    rules: dict[str, RuleOverride] = Field(default_factory=dict)
    """Local overrides of rulebook entries by rule ID."""
    arenas: list[Arena] = Field(default_factory=list)
    """The kommune's meeting arenas (``hold_meeting`` names one by ID); none in ``standard``."""

    def arena(self, arena_id: str | None) -> Arena | None:
        """The arena with this ID, or None (also for None)."""
        if arena_id is None:
            return None
        return next((arena for arena in self.arenas if arena.id == arena_id), None)


@cache
def bundled_profile(name: str = "standard") -> KommuneProfile:
    """A profile shipped with the engine (``scoring/profiles/<name>.yaml``)."""
    text = resources.files("scoring").joinpath("profiles", f"{name}.yaml").read_text(encoding="utf-8")
    return KommuneProfile.model_validate(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@cache
def bundled_profile_names() -> tuple[str, ...]:
    """Names of the profiles shipped with the engine."""
    folder = resources.files("scoring").joinpath("profiles")
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


def profile_named(name: str) -> KommuneProfile:
    """The bundled profile a scenario names, or ``standard`` when no bundled profile has that name."""
    return bundled_profile(name if name in bundled_profile_names() else "standard")
