"""The domain actions a scenario choice carries — the vocabulary the rules engine judges.

Each action is a small frozen pydantic model tagged by ``type``. In a scenario file an author writes the
short form ``{talk: barn, moves: [open_question]}``: the key names the action and its value fills the
action's *primary* field; the other keys are the remaining fields. ``{type: talk, with: barn}`` is accepted
too. :func:`expand_shorthand` turns the short form into the tagged one before validation.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from scoring.vocabulary import Emergency

#: Conversation moves an author can put on a ``talk`` (child or parents).
Move = Literal[
    "open_question",  # «Fortell mer om …» — inviting, open
    "mirror",  # repeats the child's own words
    "summarise",  # sums up and lets the child correct
    "explain_purpose",  # says why the adult wants to talk, what was noticed
    "explain_sharing",  # tells the child that information may have to be shared, and with whom
    "let_child_stop",  # the child may end the talk
    "everyday_topics",  # ends on everyday topics when nothing emerges
    "reassure",  # comforts without promising anything
    "leading_question",  # the adult supplies the details («Slo pappa deg med beltet?»)
    "yes_no_question",  # closed question
    "press",  # presses or interrogates
    "promise_secrecy",  # «Jeg skal ikke si det til noen»
    "put_off",  # puts off a child who wants to tell («Vi tar det på mandag»)
    "concrete_observations",  # (parents) tells what was actually seen and heard
    "concern_not_accusation",  # (parents) frames it as concern, assumes they want the best
    "ask_if_recognised",  # (parents) asks whether they recognise the observations
    "accuse",  # (parents) accuses
    "quote_child",  # (parents) quotes the child directly — a loyalty conflict for the child
]

#: How findings name the moves to a Norwegian user.
MOVE_LABELS: dict[str, str] = {  # noun phrases, so that «Du brukte …» and «Samtalen brukte …» read well
    "open_question": "åpne spørsmål",
    "mirror": "barnets egne ord gjentatt",
    "summarise": "oppsummering",
    "explain_purpose": "forklaring av hvorfor",
    "explain_sharing": "forklaring av hva som må deles",
    "let_child_stop": "rom for å stoppe",
    "everyday_topics": "hverdagsprat",
    "reassure": "trøst",
    "leading_question": "ledende spørsmål",
    "yes_no_question": "ja/nei-spørsmål",
    "press": "press",
    "promise_secrecy": "løfte om hemmelighold",
    "put_off": "utsettelse av samtalen",
    "concrete_observations": "konkrete observasjoner",
    "concern_not_accusation": "bekymring, ikke anklage",
    "ask_if_recognised": "spørsmål om de kjente seg igjen",
    "accuse": "anklager",
    "quote_child": "sitater fra barnet",
}


def move_labels(moves: Collection[str]) -> str:
    """The moves as Norwegian words, comma-separated, in a stable order."""
    return ", ".join(MOVE_LABELS.get(m, m) for m in sorted(moves))


#: Good conversation moves (SAMT-01 / VO-04 satisfied by at least one of these).
OPEN_MOVES: frozenset[str] = frozenset({"open_question", "mirror", "summarise"})
#: Moves that lead or close the child's account (SAMT-01 / VO-04 broken). Putting off a child who wants to
#: tell closes it too: the moment may not come back.
LEADING_MOVES: frozenset[str] = frozenset({"leading_question", "yes_no_question", "press", "put_off"})

#: Legal basis an author may name for sharing without consent; the engine checks it against the facts.
Basis = Literal[
    "samtykke",  # consent held (the default when nothing is named)
    "opplysningsplikt",  # duty to report/answer barnevern (bvl § 13-2, sector laws)
    "avvergeplikt",  # straffeloven § 196
    "fare-for-liv-og-helse",  # fvl § 13 b første ledd nr 7
    "egen-oppgave",  # fvl § 13 b første ledd nr 5: what another public body needs for the giving service's own task
]


class Action(BaseModel):
    """Base class of every domain action; ``PRIMARY`` names the field the short form fills."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    type: str
    """The action's tag (each action type fixes it, e.g. ``talk``)."""
    PRIMARY: ClassVar[str | None] = None
    #: Actions that only the scenario (not the trainee) brings about, such as a consent being withdrawn.
    IS_EVENT: ClassVar[bool] = False


class Document(Action):
    """Write down or concretise: observations, the child's words, a talk, a decision, a refusal."""

    type: Literal["document"] = "document"
    PRIMARY: ClassVar[str] = "what"
    what: str = Field(default="observasjoner")
    """What is written down, in the author's words (e.g. «tre daterte observasjoner»)."""
    verbatim: bool = Field(default=False)
    """The child's statements are written as literally as possible, with time and situation."""


class ConsultLeader(Action):
    """Share the undring with nærmeste leder (or the BTI-responsible) and agree who contacts the family."""

    type: Literal["consult_leader"] = "consult_leader"
    PRIMARY: ClassVar[str] = "who"
    who: str = Field(default="nærmeste leder")
    """Whom the trainee talks with (nærmeste leder, styrer, rektor, BTI-ansvarlig)."""


class ConsultAnonymous(Action):
    """Discuss the case without naming the family (anonym drøfting) with a service such as barnevern."""

    type: Literal["consult_anonymous"] = "consult_anonymous"
    PRIMARY: ClassVar[str] = "with_"
    with_: str = Field(default="barnevern", alias="with")
    """The service consulted (barnevern, ppt, politi, statens-barnehus, helsestasjon …)."""
    identifiable: bool = Field(default=False)
    """True when the details given would let the listener identify the family (TP-02)."""
    details: list[str] = Field(default_factory=list)
    """The details given, e.g. [«7. trinn», «far mistet jobben på fabrikken»]."""


class Talk(Action):
    """An undringssamtale or other conversation with the child, one or both parents, or the youth."""

    type: Literal["talk"] = "talk"
    PRIMARY: ClassVar[str] = "with_"
    with_: str = Field(alias="with")
    """Whom the trainee talks with: barn, mor, far, foreldre, or a cast ID."""
    moves: list[Move] = Field(default_factory=list)
    """Conversation moves used in the talk."""
    two_staff: bool = Field(default=False)
    """(Parents) two staff take part with agreed roles."""
    interpreter: bool = Field(default=False)
    """A qualified interpreter takes part (SAMT-03, SAM-02)."""
    child_interprets: bool = Field(default=False)
    """A child — a sibling, the child itself — interprets for the parents; public bodies may not use children as
    interpreters (tolkeloven § 4, SAMT-03)."""
    topic: str | None = Field(default=None, json_schema_extra={"descriptive": True})
    """What the talk is about, in the author's words. Descriptive: shown in transcripts, read by no rule."""


class Share(Action):
    """Pass information about the child or family to a service or person."""

    type: Literal["share"] = "share"
    PRIMARY: ClassVar[str] = "with_"
    with_: str = Field(alias="with")
    """Recipient: a service (ppt, helsestasjon …), a title (rektor, trener) or a cast ID."""
    identifiable: bool = Field(default=True)
    """True when the recipient can tell who the child or family is."""
    topics: list[str] = Field(default_factory=list)
    """What is shared (e.g. språkutvikling, hjemmesituasjon)."""
    basis: Basis | None = Field(default=None)
    """The legal basis the trainee relies on; none means consent is relied on."""
    only_necessary: bool = Field(default=True)
    """Only what the recipient needs is passed on (TP-05, VO-06)."""


class Refer(Action):
    """A formal referral (henvisning/henvendelse) to a service — an identifiable share that involves it."""

    type: Literal["refer"] = "refer"
    PRIMARY: ClassVar[str] = "to"
    to: str
    """The service referred to (ppt, bup, helsestasjon …)."""
    topics: list[str] = Field(default_factory=list)
    """What the referral is about."""


class AskConsent(Action):
    """Ask for consent to cooperate; the answer is written by the scenario author."""

    type: Literal["ask_consent"] = "ask_consent"
    PRIMARY: ClassVar[str] = "from_"
    from_: list[str] = Field(alias="from")
    """Who is asked: mor, far, foreldre (both), barn/ungdom, gravid, or cast IDs."""
    services: list[str] = Field(default_factory=list)
    """Services the consent covers; «alle» means an unscoped blanket consent (SAM-02)."""
    topics: list[str] = Field(default_factory=list)
    """What information the consent covers."""
    months: int | None = Field(default=None, ge=1, le=60)
    """How long the consent lasts (a month counted as 30 days); after that it no longer covers sharing."""
    form: Literal["written", "oral_journaled", "oral"] = Field(default="written")
    """Written, oral and recorded in the journal, or oral only (not documentable)."""
    informed: bool = Field(default=True)
    """The person was told why, what, to whom, for how long, that it is voluntary and can be withdrawn."""
    matter: Literal["health", "education", "stafettlogg", "general"] | None = Field(default=None)
    """What the consent is for; inferred from the services when left out."""
    answer: Literal["given", "refused"] = Field(default="given")
    """The answer the person gives in this scenario."""


class WithdrawConsent(Action):
    """Scenario event: a person withdraws a consent given earlier."""

    type: Literal["withdraw_consent"] = "withdraw_consent"
    PRIMARY: ClassVar[str] = "by"
    IS_EVENT: ClassVar[bool] = True
    by: str
    """Who withdraws (mor, far, ungdom, cast ID)."""


class Report(Action):
    """A report (melding) to barnevernet or the police."""

    type: Literal["report"] = "report"
    PRIMARY: ClassVar[str] = "to"
    to: Literal["barnevern", "politi"]
    """Barnevern or police (112 when acute)."""
    written: bool = Field(default=True)
    """Written report (a phone call to the police in an acute case is fine; barnevern wants it in writing)."""
    anonymous: bool = Field(default=False)
    """Sent without the reporter's name — not allowed for public employees (VO-06)."""
    only_necessary: bool = Field(default=True)
    """Contains only the information barnevern needs (VO-06)."""


class Inform(Action):
    """Tell someone about the concern or about a report that has been sent."""

    type: Literal["inform"] = "inform"
    PRIMARY: ClassVar[str] = "who"
    who: str
    """Whom the trainee informs: mor, far, foreldre, ungdom, a cast ID."""
    about: Literal["bekymring", "melding", "deling"] = Field(default="bekymring")
    """The concern, the report to barnevern, or that information will be shared."""


class Confront(Action):
    """Confront a parent or the suspected person with the suspicion."""

    type: Literal["confront"] = "confront"
    PRIMARY: ClassVar[str] = "who"
    who: str
    """Whom the trainee confronts (far, mor, stefar, a cast ID)."""


class Withhold(Action):
    """Decline to pass on information, citing confidentiality."""

    type: Literal["withhold"] = "withhold"
    PRIMARY: ClassVar[str] = "from_"
    from_: str = Field(alias="from")
    """Who asked and is refused (rektor, barnevern, foreldre, a cast ID)."""
    reason: str = Field(default="taushetsplikt")
    """The reason given."""


class SetLevel(Action):
    """Move the case to a BTI level (0–3), up or down."""

    type: Literal["set_level"] = "set_level"
    PRIMARY: ClassVar[str] = "level"
    level: int = Field(ge=0, le=3)
    """The new level."""
    reason: str | None = Field(default=None)
    """The documented reason for the decision (HV-N0-04)."""


class AppointStafettholder(Action):
    """Name the stafettholder: one person who coordinates."""

    type: Literal["appoint_stafettholder"] = "appoint_stafettholder"
    PRIMARY: ClassVar[str] = "who"
    who: str
    """A named person or title (kontaktlærer, helsesykepleier); a service name is not a person (STAF-02)."""
    accepted: bool = Field(default=True)
    """The person has accepted the role."""
    family_asked: bool = Field(default=False)
    """The family's wishes were asked and weighed (STAF-04)."""


class HandOverStafett(Action):
    """Pass the stafettholder role to someone else."""

    type: Literal["hand_over_stafett"] = "hand_over_stafett"
    PRIMARY: ClassVar[str] = "to"
    to: str
    """The new holder."""
    accepted: bool = Field(default=True)
    """The new holder has received and accepted the role (STAF-03)."""
    family_asked: bool = Field(default=False)
    """The family's wishes were asked and weighed (STAF-04)."""


class OpenLog(Action):
    """Open a stafettlogg for the child."""

    type: Literal["open_log"] = "open_log"


class AddLogReader(Action):
    """Give someone read access to the stafettlogg."""

    type: Literal["add_log_reader"] = "add_log_reader"
    PRIMARY: ClassVar[str] = "who"
    who: str
    """The new reader."""
    approved_by_family: bool = Field(default=False)
    """The parents (and youth) approved this reader (STAF-06)."""


class CloseLog(Action):
    """Close the stafettlogg and archive a printout."""

    type: Literal["close_log"] = "close_log"


class PlanMeasure(Action):
    """Plan a measure (tiltak)."""

    type: Literal["plan_measure"] = "plan_measure"
    PRIMARY: ClassVar[str] = "what"
    what: str
    """The measure, e.g. «daglig innsjekk med kontaktlærer»."""
    owner: str | None = Field(default=None)
    """Who is responsible (STAF-05)."""
    evaluate_in_days: int | None = Field(default=None, ge=1, le=365)
    """Days until evaluation (STAF-05)."""


class HoldMeeting(Action):
    """A meeting: tiltaksmøte with the family, evaluation, BTI-møte, tverrfaglig møte, ansvarsgruppe."""

    type: Literal["hold_meeting"] = "hold_meeting"
    PRIMARY: ClassVar[str] = "kind"
    kind: Literal["tiltaksmøte", "evaluering", "bti-møte", "tverrfaglig", "ansvarsgruppe", "oppstart"]
    """What kind of meeting."""
    participants: list[str] = Field(default_factory=list)
    """Who takes part: foreldre, mor, far, barn, and services (ppt, helsestasjon …)."""
    minutes: bool = Field(default=True)
    """Minutes are written (DOK-01)."""
    minutes_to_parents: bool = Field(default=True)
    """The parents get the minutes (HV-ESC-01)."""
    child_invited: bool = Field(default=False)
    """The child was invited and could choose whether to attend (MED-03)."""
    child_support_adult: str | None = Field(default=None)
    """If the child attends: the adult responsible for lifting the child's view (MED-03)."""
    child_view: bool = Field(default=False)
    """The child's own experience is brought into the meeting (MED-02)."""
    interpreter: bool = Field(default=False)
    """A qualified interpreter takes part (SAMT-03)."""
    arena: str | None = Field(default=None)
    """The kommune profile's arena the meeting is held at (its ID, e.g. ``ressursteam-skole``) (ARENA-01–03)."""
    anonymous: bool = Field(default=False)
    """The child is discussed without being identifiable: no consent is needed (ARENA-01)."""
    family_informed: bool = Field(default=False)
    """The parents (or the youth) were told beforehand that the meeting takes place (ARENA-03)."""


class InviteChild(Action):
    """Invite the child to the next meeting, naming the adult who will support the child there."""

    type: Literal["invite_child"] = "invite_child"
    PRIMARY: ClassVar[str] = "support_adult"
    support_adult: str | None = Field(default=None)
    """The adult who will lift the child's view."""


class ConsiderPlan(Action):
    """Consider individuell plan, a koordinator, koordinerende enhet or a consultative team."""

    type: Literal["consider_plan"] = "consider_plan"
    PRIMARY: ClassVar[str] = "what"
    what: Literal["individuell-plan", "koordinator", "koordinerende-enhet", "konsultasjonsteam"] = Field(
        default="individuell-plan"
    )
    """What is considered."""


class CloseCase(Action):
    """Close the case (or level 0) with the family."""

    type: Literal["close_case"] = "close_case"
    PRIMARY: ClassVar[str] = "reason"
    reason: str | None = Field(default=None)
    """The recorded reason (HV-ESC-04, HV-N0-04)."""
    at_meeting: bool = Field(default=False)
    """Decided at an evaluation meeting with the family."""
    family_told_can_return: bool = Field(default=False)
    """The family was thanked and told they can come back."""


class Wait(Action):
    """Let days pass without doing anything else."""

    type: Literal["wait"] = "wait"
    PRIMARY: ClassVar[str] = "days"
    days: int = Field(ge=1, le=365)
    """Number of days."""


class SltDiscussion(Action):
    """Part of an SLT-møte the trainee chairs or takes part in."""

    type: Literal["slt_discussion"] = "slt_discussion"
    PRIMARY: ClassVar[str] = "part"
    part: Literal[1, 2]
    """Part 1 (general trends) or part 2 (individual youths)."""
    identifiable: bool = Field(default=False)
    """An individual youth or family can be identified in what is said."""
    written_consent: bool = Field(default=False)
    """(Part 2) written consent naming the participants is held."""
    only_concerned_present: bool = Field(default=False)
    """(Part 2) only the participants the consent names are in the room."""


class SendAgenda(Action):
    """Send the SLT-møte agenda in advance."""

    type: Literal["send_agenda"] = "send_agenda"
    PRIMARY: ClassVar[str] = "parts_marked"
    parts_marked: bool = Field(default=True)
    """The agenda marks part 1 and part 2 separately (SLT-03)."""


class KeepChild(Action):
    """Keep the child back: refuse to hand the child over to an adult who would put it in danger now."""

    type: Literal["keep_child"] = "keep_child"
    PRIMARY: ClassVar[str] = "from_"
    from_: str | None = Field(default=None, alias="from")
    """The adult the child is kept from (cast ID or role), when there is one."""


class HandOverChild(Action):
    """Let the child go with an adult (the parent who collects, another safe adult, the ambulance)."""

    type: Literal["hand_over_child"] = "hand_over_child"
    PRIMARY: ClassVar[str] = "to"
    to: str
    """Who the child goes with (cast ID or role)."""
    told_state: bool = Field(default=False)
    """The adult was told calmly how the child is (drunk, hurt, upset) and what it needs tonight: part of a
    safe handover, not a breach of confidentiality (AKUTT-03)."""


class StayWithChild(Action):
    """Stay with the child or youth, or make sure another adult does, until help has come."""

    type: Literal["stay_with_child"] = "stay_with_child"


class CallEmergency(Action):
    """Call emergency services (112 police, 113 medical emergency, 110 fire), barnevernvakta or legevakt."""

    type: Literal["call_emergency"] = "call_emergency"
    PRIMARY: ClassVar[str] = "to"
    to: Annotated[Emergency, BeforeValidator(str)]
    """112, 113, 110, barnevernvakt or legevakt (a number may be written without quotes)."""


class FetchSafeAdult(Action):
    """Get a safe adult to come for the child: the other parent, a relative, a trusted neighbour."""

    type: Literal["fetch_safe_adult"] = "fetch_safe_adult"
    PRIMARY: ClassVar[str] = "who"
    who: str
    """Who is called to come (cast ID or role, e.g. mor, mormor)."""


ACTION_CLASSES: tuple[type[Action], ...] = (
    Document,
    ConsultLeader,
    ConsultAnonymous,
    Talk,
    Share,
    Refer,
    AskConsent,
    WithdrawConsent,
    Report,
    Inform,
    Confront,
    Withhold,
    SetLevel,
    AppointStafettholder,
    HandOverStafett,
    OpenLog,
    AddLogReader,
    CloseLog,
    PlanMeasure,
    HoldMeeting,
    InviteChild,
    ConsiderPlan,
    CloseCase,
    Wait,
    SltDiscussion,
    SendAgenda,
    KeepChild,
    HandOverChild,
    StayWithChild,
    CallEmergency,
    FetchSafeAdult,
)

#: type tag → class
ACTION_TYPES: dict[str, type[Action]] = {cls.model_fields["type"].default: cls for cls in ACTION_CLASSES}

if TYPE_CHECKING:  # to a type checker an action is an Action; pydantic gets the tagged union of them all
    AnyAction: TypeAlias = Action
else:
    AnyAction = Annotated[Union[tuple(ACTION_CLASSES)], Field(discriminator="type")]  # noqa: UP007 (runtime tuple)


class UnknownActionError(ValueError):
    """An action mapping names no known action type."""


def _primary_alias(cls: type[Action]) -> str | None:
    if cls.PRIMARY is None:
        return None
    field = cls.model_fields[cls.PRIMARY]
    return field.alias or cls.PRIMARY


#: type tag → the key its shorthand value goes to (``talk: barn`` is ``with: barn``), None when it takes none.
_PRIMARY_ALIAS: dict[str, str | None] = {key: _primary_alias(cls) for key, cls in ACTION_TYPES.items()}
#: type tags whose primary field may be left out, so ``keep_child: true`` means the action without it.
_PRIMARY_OPTIONAL: frozenset[str] = frozenset(
    key for key, cls in ACTION_TYPES.items() if cls.PRIMARY is None or not cls.model_fields[cls.PRIMARY].is_required()
)


def expand_shorthand(raw: Any) -> Any:
    """Turn ``{talk: barn, moves: [...]}`` into ``{type: talk, with: barn, moves: [...]}``.

    Anything that is not a mapping, or already has ``type``, is returned unchanged for pydantic to judge.
    Raises :class:`UnknownActionError` (Norwegian message) when no key names an action.
    """
    if not isinstance(raw, dict) or "type" in raw:
        return raw
    keys = [k for k in raw if k in ACTION_TYPES]
    if len(keys) != 1:
        names = ", ".join(str(k) for k in raw) or "(tom)"
        if len(keys) > 1:
            raise UnknownActionError(f"én handling per punkt, fant flere: {', '.join(keys)}")
        raise UnknownActionError(f"ukjent handlingstype ({names}); kjente typer: {', '.join(sorted(ACTION_TYPES))}")
    key = keys[0]
    value = raw[key]
    out: dict[str, Any] = {"type": key}
    if len(raw) > 1:
        out.update({k: v for k, v in raw.items() if k != key})
    alias = _PRIMARY_ALIAS[key]
    if isinstance(value, dict):
        out.update(value)
    elif value is None or (value is True and (alias is None or key in _PRIMARY_OPTIONAL)):
        pass
    else:
        if alias is None:
            raise UnknownActionError(f"«{key}» tar ingen verdi; skriv «{key}: {{}}»")
        if key == "ask_consent" and isinstance(value, str):
            value = [value]
        out[alias] = value
    return out


def action_label(action: Action) -> str:
    """A compact, stable one-line rendering of an action for transcripts (``talk(with=barn, moves=…)``)."""
    data = action.model_dump(by_alias=True, exclude_defaults=True, exclude={"type"})
    inner = ", ".join(f"{k}={v}" for k, v in data.items())
    return f"{action.type}({inner})"
