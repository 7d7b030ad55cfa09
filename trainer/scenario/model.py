"""Scenario format v1: the pydantic models a scenario YAML file is validated against.

Domain actions come from :mod:`scoring.actions`; the facts from :mod:`scoring.facts`. Node, choice and
ending IDs are strings the author writes, so saved progress survives edits of the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from scoring.actions import ACTION_CLASSES, AnyAction, expand_shorthand
from scoring.facts import CaseFacts
from scoring.trace import CaseContext, CaseKind, CastEntry, default_case_kind
from scoring.vocabulary import Module, Service

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

#: Titles that make the trainee the nærmeste leder (HV-N0-02, VO-05 count the leader as involved).
LEADER_TITLES = frozenset(
    {"styrer", "rektor", "enhetsleder", "avdelingsleder", "leder", "virksomhetsleder", "daglig leder"}
)

#: Services where the trainee has no nærmeste leder to consult first (a fastlege runs their own practice).
NO_LEADER_SERVICES = frozenset({"fastlege"})

ID_PATTERN = r"^[a-z0-9æøå][a-z0-9æøå_-]*$"
StableId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]

Theme = Literal[
    "undring",
    "samtykke",
    "nivå",
    "taushetsplikt",
    "vold-overgrep",
    "opplysningsplikt",
    "stafettlogg",
    "medvirkning",
    "samtale",
    "slt",
    "dokumentasjon",
]
AgeBand = Literal["gravid", "0-6", "6-12", "13-18", "18-23"]
Difficulty = Literal["lett", "middels", "vanskelig"]


#: The title that marks the action schema, so :func:`hoist_action_schema` can give it one place in ``$defs``.
ACTION_SCHEMA_TITLE = "Handling"


def _value_alternatives(primary: dict[str, Any]) -> list[dict[str, Any]]:
    """What the value after an action's key may also be, because :func:`~scoring.actions.expand_shorthand` and the
    fields' validators accept it: one text for a list of texts (``ask_consent: mor``), a number for a numeric
    text (``call_emergency: 112``)."""
    extra: list[dict[str, Any]] = []
    if primary.get("type") == "array" and primary.get("items", {}).get("type") == "string":
        extra.append({"type": "string"})
    options = primary.get("enum") or [v.get("const") for v in primary.get("anyOf", []) if "const" in v]
    if any(isinstance(v, str) and v.isdigit() for v in options):
        extra.append({"type": "integer", "enum": [int(v) for v in options if isinstance(v, str) and v.isdigit()]})
    return extra


def _shorthand_json_schema() -> dict[str, Any]:
    """JSON Schema for an action as authors write it: ``{talk: barn, moves: [...]}`` or the tagged form
    ``{type: talk, with: barn}`` — exactly what ``validate`` accepts, one variant per action (so an editor offers
    each action once)."""
    from trainer.scenario.json_schema import documented_json_schema  # start-up: loaded only when a schema is made

    variants: list[dict[str, Any]] = []
    for cls in ACTION_CLASSES:
        schema = documented_json_schema(cls, by_alias=True)
        props = dict(schema.get("properties", {}))
        tag = props.pop("type")["default"]
        primary_alias = None
        if cls.PRIMARY:
            field = cls.model_fields[cls.PRIMARY]
            primary_alias = field.alias or cls.PRIMARY
        primary = props.get(primary_alias, {}) if primary_alias else {}
        optional = cls.PRIMARY is None or not cls.model_fields[cls.PRIMARY].is_required()
        if primary:
            choices = [primary, *_value_alternatives(primary), {"type": "object"}]
            if optional:
                choices += [{"type": "boolean"}, {"type": "null"}]
            value_schema: dict[str, Any] = {"anyOf": choices}
        else:
            value_schema = {"type": ["object", "boolean", "null"]}
        value_schema["description"] = (cls.__doc__ or "").strip().splitlines()[0]
        variants.append(
            {
                "type": "object",
                "title": tag,
                "properties": {tag: value_schema, "type": {"const": tag}, **props},
                "oneOf": [
                    {"required": [tag], "not": {"required": ["type"]}},
                    {"required": ["type"], "not": {"required": [tag]}},
                ],
                "additionalProperties": False,
            }
        )
    return {"title": ACTION_SCHEMA_TITLE, "anyOf": variants}


def hoist_action_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The scenario schema with the action schema (used for ``actions`` and ``events``) given one place in
    ``$defs`` and referred to where it was."""
    found: dict[str, Any] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            if value.get("title") == ACTION_SCHEMA_TITLE and "anyOf" in value:
                found.setdefault("schema", value)
                return {"$ref": f"#/$defs/{ACTION_SCHEMA_TITLE}"}
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    out: dict[str, Any] = walk(schema)
    if found:
        out.setdefault("$defs", {})[ACTION_SCHEMA_TITLE] = found["schema"]
    return out


class _ShorthandJsonSchema:
    """The JSON Schema of :data:`ActionSpec`: :func:`_shorthand_json_schema`, worked out when a schema is
    generated (not when this module is imported: it is 40 schemas)."""

    def __get_pydantic_json_schema__(self, core: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The shorthand schema, whatever pydantic would have made of the union."""
        return _shorthand_json_schema()


ActionSpec = Annotated[AnyAction, BeforeValidator(expand_shorthand), _ShorthandJsonSchema()]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class CastMember(_Model):
    """A fictional person in the case."""

    id: StableId
    """Stable ID used in actions and facts (e.g. ``far``, ``emma``)."""
    name: str = Field(min_length=1, max_length=80)
    """The fictional name shown in the text."""
    role: str = Field(min_length=1, max_length=40)
    """barn, ungdom, gravid, mor, far, stefar, rektor, helsesykepleier, kontaktlærer …"""
    service: Service | None = None
    """For professionals: the service they work in."""
    description: str | None = None
    """One line about the person."""
    separate_body: bool = False
    """A professional of the trainee's own kind of service in a separate legal body (another owner's
    barnehage, a school in another kommune): another service, not the trainee's own team."""


class Expect(_Model):
    """Rule IDs the author expects this choice to break or satisfy; ``validate`` checks them against the engine."""

    breaks: list[str] = Field(default_factory=list)
    """Rules this choice should break."""
    satisfies: list[str] = Field(default_factory=list)
    """Rules this choice should satisfy."""


class Choice(_Model):
    """One option at a decision point."""

    id: StableId
    """Stable ID within the node."""
    text: str = Field(min_length=1)
    """What the trainee does, in Norwegian."""
    goto: StableId
    """The next node or ending."""
    actions: list[ActionSpec] = Field(default_factory=list)
    """The domain actions this choice means; the engine judges these."""
    days: int = Field(default=0, ge=0, le=365)
    """Days that pass after the choice."""
    feedback: str | None = None
    """The author's explanation of why this is right or wrong (shown after the engine's findings)."""
    discussion: str | None = None
    """A prompt for the group in workshop mode."""
    expect: Expect | None = None
    """Rules the author expects this choice to break or satisfy."""


#: The longest text on a role card: a card is read on a phone in a minute, not studied.
ROLE_CARD_TEXT_CHARS = 400


class RoleCard(_Model):
    """One person's brief in a workshop role-play of the conversation or meeting at a node.

    Everyone in the room sees only ``role``; the phone dealt the card also sees what the person knows, feels and
    wants, and what they hold back unless asked well. Cards are read by the workshop only: the engine never sees
    them, so they cannot change a verdict."""

    role: str = Field(min_length=1, max_length=40)
    """The role's name as everyone sees it (e.g. «Mor», «Kontaktlærer», «PPT-rådgiver»)."""
    person: StableId | None = None
    """The cast ID of the person played, when the person is in the cast (e.g. ``mor``, ``emma``)."""
    knows: str = Field(min_length=1, max_length=ROLE_CARD_TEXT_CHARS)
    """What the person knows going into the conversation or meeting."""
    feels: str = Field(min_length=1, max_length=ROLE_CARD_TEXT_CHARS)
    """How the person feels about it."""
    wants: str = Field(min_length=1, max_length=ROLE_CARD_TEXT_CHARS)
    """What the person wants out of it."""
    holds_back: str | None = Field(default=None, min_length=1, max_length=ROLE_CARD_TEXT_CHARS)
    """What the person does not say unless asked well (open, patient questions), if anything."""


class Node(_Model):
    """A point in the case: narrative text and the choices open to the trainee."""

    title: str | None = None
    """Short heading (e.g. «Mandag morgen»)."""
    text: str = Field(min_length=1)
    """Narrative in Norwegian Markdown."""
    days: int = Field(default=0, ge=0, le=365)
    """Days that pass on arriving here."""
    reveals: CaseFacts | None = None
    """Facts that become known here."""
    events: list[ActionSpec] = Field(default_factory=list)
    """Things that happen here without the trainee choosing them (e.g. ``withdraw_consent: mor``)."""
    discussion: str | None = None
    """A prompt for the group in workshop mode, for the decision as a whole."""
    choices: list[Choice] = Field(default_factory=list)
    """The options; a node without choices must be an ending."""
    roles: list[RoleCard] = Field(default_factory=list)
    """Role cards for a role-play of the conversation or meeting here, before the group votes in a workshop
    (at least two; the trainee's own role is usually one of them)."""


class Ending(_Model):
    """Where a play-through ends."""

    title: str = Field(min_length=1)
    """Short heading."""
    text: str = Field(min_length=1)
    """What happened in the end, in Norwegian Markdown."""
    outcome: Literal["god", "delvis", "dårlig"] = "delvis"
    """How things went for the child, as the author sees it."""


class Fixture(_Model):
    """A named case state to start a preview from (authors' tool)."""

    node: StableId
    """The node to start at."""
    steps: list[str] = Field(default_factory=list)
    """Choice IDs that lead to the node, replayed to build the case state."""


class Scenario(_Model):
    """One training case."""

    version: Literal[1] = 1
    """Format version."""
    id: StableId
    """Stable ID (used in progress and årshjul)."""
    title: str = Field(min_length=1, max_length=100)
    """Title shown in the library."""
    summary: str = Field(min_length=1)
    """Two or three lines shown before starting."""
    themes: list[Theme] = Field(min_length=1)
    """Themes trained."""
    role: Service
    """The trainee's service."""
    role_title: str | None = None
    """The trainee's title (pedagogisk leder, helsesykepleier …)."""
    age_band: AgeBand
    """The child's age band."""
    difficulty: Difficulty = "middels"
    """lett, middels or vanskelig."""
    minutes: int = Field(default=10, ge=1, le=180)
    """Estimated minutes to play."""
    modules: list[Module] = Field(min_length=1)  # type: ignore[valid-type]  # built at run time (see ActionSpec)
    """Competence modules trained (the seeds' list)."""
    learning_goals: list[str] = Field(default_factory=list)
    """What the trainee should be able to do afterwards."""
    levels: list[int] = Field(default_factory=list)
    """The BTI levels the case spans (shown in the library)."""
    profile: str = "standard"
    """The kommune profile the case is judged under by default."""
    case_kind: CaseKind | None = None
    """What kind of case this is for the trainee: ``undring`` (the level-0 routine applies), ``klient``,
    ``slt`` or ``barnevern``. Left out, it follows the trainee's service."""
    facts: CaseFacts = Field(default_factory=CaseFacts)
    """Facts known when the case starts."""
    cast: list[CastMember] = Field(default_factory=list)
    """The fictional people."""
    places: list[str] = Field(default_factory=list)
    """Invented place names used in the text (schools, kindergartens, neighbourhoods), so the name lint accepts them."""
    start: StableId
    """The first node."""
    nodes: dict[StableId, Node]
    """The decision points by ID."""
    endings: dict[StableId, Ending] = Field(default_factory=dict)
    """The endings by ID."""
    reflection: list[str] = Field(default_factory=list)
    """Questions for the trainee's reflection in the debrief."""
    fixtures: dict[StableId, Fixture] = Field(default_factory=dict)
    """Named starting states for preview."""

    @field_validator("levels")
    @classmethod
    def _levels_in_range(cls, value: list[int]) -> list[int]:
        if any(level < 0 or level > 3 for level in value):
            raise ValueError("nivå må være 0, 1, 2 eller 3")
        return value

    def context(self) -> CaseContext:
        """The engine's view of the case: trainee role, cast and initial facts."""
        return CaseContext(
            role=self.role,
            trainee_is_leader=(self.role_title or "").strip().lower() in LEADER_TITLES
            or self.role in NO_LEADER_SERVICES,
            case_kind=self.case_kind or default_case_kind(self.role),
            cast={
                m.id: CastEntry(role=m.role, service=m.service, name=m.name, separate_body=m.separate_body)
                for m in self.cast
            },
            facts=self.facts,
        )

    def is_ending(self, target: str) -> bool:
        """True if ``target`` names an ending."""
        return target in self.endings

    def choice(self, node_id: str, choice_id: str) -> Choice | None:
        """A choice by node and choice ID."""
        node = self.nodes.get(node_id)
        if node is None:
            return None
        return next((c for c in node.choices if c.id == choice_id), None)
