"""What is known about a case: the facts the rules need, set by the scenario and revealed as it unfolds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Suspicion = Literal["ingen", "vold", "seksuelle-overgrep", "alvorlig-omsorgssvikt", "rus", "atferd", "annet"]


class CaseFacts(BaseModel):
    """Facts about the case. A scenario sets the initial ones; a node's ``reveals`` sets more as they become known.

    Every field is optional so that ``reveals`` can name only what changes. The rules read these facts;
    an author who wants a rule to apply states the fact it needs (e.g. ``report_threshold_met: true``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    child: str | None = Field(default=None)
    """Cast ID of the child the case is about, when the cast has several children (only talks with this
    child count as hearing the child, MED-01/MED-02)."""
    child_age: int | None = Field(default=None, ge=0, le=25)
    """The child's or youth's age in years (none for an unborn child)."""
    pregnant: bool | None = Field(default=None)
    """The case is about a pregnant woman and her unborn child (OPL-03)."""
    parental_responsibility: list[str] | None = Field(default=None)
    """Who holds foreldreansvar (cast IDs or mor/far); two entries means shared (SAM-05)."""
    lives_with: str | None = Field(default=None, json_schema_extra={"descriptive": True})
    """Whom the child lives with day to day, in the author's words. Descriptive: daily care is not
    parental responsibility, so no rule reads it (consent goes by ``parental_responsibility``)."""
    suspicion: Suspicion | None = Field(default=None)
    """What is suspected; vold, seksuelle-overgrep and alvorlig-omsorgssvikt trigger the VO rules."""
    suspected: str | None = Field(default=None)
    """Who is suspected (cast ID or role, e.g. far, stefar)."""
    may_protect_suspect: list[str] | None = Field(default=None)
    """Who may protect the suspect (e.g. ``[mor]`` when stefar is suspected). Like the suspect, they are not
    told before barnevernet or the police are; a parent who is neither may be told a report will be made and
    helped with safety (VO-02). When nobody is named as suspected, every parent counts as off limits."""
    acute: bool | None = Field(default=None)
    """The violence or abuse is serious or acute: the police are told too, not only barnevernet (VO-01)."""
    uncertain: bool | None = Field(default=None)
    """The trainee cannot tell how serious it is — anonymous consultation is the right move (HV-N0-05)."""
    report_threshold_met: bool | None = Field(default=None)
    """The double threshold of opplysningsplikt is met: concrete indications of serious harm (OPL-01)."""
    serious_crime_likely: bool | None = Field(default=None)
    """A crime listed in straffeloven § 196 appears certain or most likely (VO-03)."""
    danger_to_life: bool | None = Field(default=None)
    """Life or health is in acute danger: emergency services (112, 113) are alerted at once, and what they
    need may be shared without consent (AKUTT-02, TP-05; forvaltningsloven § 13 b første ledd nr. 7)."""
    endangering_adult: str | None = Field(default=None)
    """An adult who would put the child in danger if the child went with them now — visibly drunk and about
    to drive, violent, threatening (cast ID or role). The child is not handed over to them (AKUTT-01)."""
    must_not_be_alone: bool | None = Field(default=None)
    """The child or youth must not be left alone now: suicide risk, heavily intoxicated, hurt (AKUTT-03)."""
    barnevern_request: bool | None = Field(default=None)
    """Barnevernet has lawfully asked the trainee for information (OPL-02)."""
    leader_disagrees: bool | None = Field(default=None)
    """The leader or a colleague wants to wait or not report (VO-05)."""
    care_order: bool | None = Field(default=None)
    """Barnevernet has taken over the care (omsorgsovertakelse): the child lives in foster care; barnevernet
    consents for health help and PPT, and where the child lives and who collects it are not for the parents
    without barnevernet's say (SAM-04, TP-01)."""
    youth_wants_privacy: bool | None = Field(default=None)
    """The youth asks health personnel to keep something from the parents (TP-04)."""
    parents_need_info: bool | None = Field(default=None)
    """The parents need the information to exercise parental responsibility (TP-04 exception)."""
    needs_level3: bool | None = Field(default=None)
    """Several services, complexity or joint decisions are needed (HV-ESC-03)."""
    stafettholder_leaving: bool | None = Field(default=None)
    """The stafettholder goes on leave or changes job (STAF-03)."""
    hol_10_3: bool | None = Field(default=None)
    """The criteria of helse- og omsorgstjenesteloven § 10-3 are met (OPL-03 exception)."""
    needs_interpreter: bool | None = Field(default=None)
    """The parents need an interpreter to understand what they are told and what they consent to (SAM-02)."""
    school_environment: bool | None = Field(default=None)
    """A school-environment case: the parents are contacted within the shorter deadline (HV-N0-03)."""
    starting_level: int | None = Field(default=None, ge=0, le=3)
    """The BTI level the case is at when the scenario starts (default 0)."""
    has_stafettholder: str | None = Field(default=None)
    """The stafettholder already appointed when the scenario starts."""
    log_open: bool | None = Field(default=None)
    """A stafettlogg is already open when the scenario starts."""
    prior_meetings: list[str] | None = Field(default=None)
    """Where the case was discussed before the play-through starts: meeting kinds (tverrfaglig,
    ansvarsgruppe, bti-møte), arena IDs or services met with (fastlege, bup) — an arena's precondition
    (ARENA-02)."""
    consent_held: list[str] | None = Field(default=None)
    """Services already covered by a valid consent when the scenario starts."""

    def known(self) -> dict[str, object]:
        """The facts that are set (not None)."""
        return {k: v for k, v in self.__dict__.items() if v is not None}
