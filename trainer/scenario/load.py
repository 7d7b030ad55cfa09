"""Load a YAML file into a pydantic model and report every problem at its line, in Norwegian.

:func:`load_model` is generic (scenarios, årshjul, kommune profiles); :func:`load_scenario` loads a
:class:`~trainer.scenario.model.Scenario`. Neither raises for any input file: problems come back in the
:class:`~trainer.scenario.problems.LoadResult` with stable codes:

* ``IO001`` file missing, ``IO002`` file unreadable;
* ``YAML001``–``YAML008`` from :mod:`trainer.scenario.yamlsafe`;
* ``SCH001`` missing field, ``SCH002`` unknown field, ``SCH003`` invalid value, ``SCH004`` wrong type,
  ``SCH005`` unknown action type, ``SCH009`` any other schema error;
* ``INT001`` an internal error while reading (a bug, reported without a traceback).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from scoring.actions import ACTION_TYPES, UnknownActionError
from trainer.scenario.model import ID_PATTERN, Scenario
from trainer.scenario.problems import LoadResult, Problem
from trainer.scenario.yamlsafe import DataPath, MarkTable, YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

#: Loc elements pydantic adds for the key (not the value) of a dict entry.
_KEY_LOC = "[key]"
#: Error types that mean "this value has the wrong type", with the Norwegian name of the expected type.
_TYPE_NAMES: dict[str, str] = {
    "string_type": "tekst",
    "int_type": "et heltall",
    "int_parsing": "et heltall",
    "int_from_float": "et heltall",
    "bool_type": "true eller false",
    "bool_parsing": "true eller false",
    "float_type": "et tall",
    "float_parsing": "et tall",
    "list_type": "en liste (linjer som starter med «- »)",
    "dict_type": "en mapping (nøkkel: verdi)",
    "model_type": "en mapping (nøkkel: verdi)",
    "model_attributes_type": "en mapping (nøkkel: verdi)",
    "date_type": "en dato",
    "none_required": "ingen verdi",
}
_ACTION_LISTS = ("actions", "events")
#: Every field name and alias of any action, so an unknown action key can be told from its other fields.
_ACTION_FIELDS: frozenset[str] = frozenset(
    name
    for cls in ACTION_TYPES.values()
    for key, info in cls.model_fields.items()
    for name in (key, info.alias)
    if name
)


def load_model(path: Path, model: type[M], *, display_path: str | None = None) -> LoadResult[M]:
    """Read ``path`` as YAML and validate it against ``model``; never raises for a bad file.

    ``display_path`` is the path written in problems (default ``str(path)``). The result keeps the
    mark table in ``marks`` (when the YAML could be parsed) so later checks can point at lines.
    """
    shown = display_path if display_path is not None else str(path)
    try:
        raw = read_yaml(Path(path), shown)
    except Exception as exc:  # noqa: BLE001 — a bug must not become a traceback for the author
        return LoadResult(problems=[internal_error(shown, exc)])
    return model_from_yaml(raw, model, shown)


def model_from_yaml(raw: LoadResult[YamlDocument], model: type[M], shown: str) -> LoadResult[M]:
    """The second half of :func:`load_model`: validate a file already read (``raw``, from
    :func:`~trainer.scenario.yamlsafe.read_yaml`) against ``model``; never raises for a bad file."""
    try:
        if raw.value is None:
            return LoadResult(problems=raw.problems)
        document = raw.value
        read_warnings = list(raw.problems)  # the reader's warnings (YAML007) travel with the result
        try:
            value = model.model_validate(document.data)
        except ValidationError as exc:
            problems = validation_problems(exc, document.data, document.marks, shown, model)
            return LoadResult(problems=read_warnings + problems, marks=document.marks, data=document.data)
        return LoadResult(value=value, marks=document.marks, data=document.data, problems=read_warnings)
    except Exception as exc:  # noqa: BLE001 — a bug must not become a traceback for the author
        return LoadResult(problems=[internal_error(shown, exc)])


def internal_error(shown: str, exc: Exception) -> Problem:
    """INT001: a bug met while reading or checking a file, said without a traceback."""
    return Problem(shown, 1, 1, "INT001", f"intern feil ved lesing av fila ({type(exc).__name__})")


def load_scenario(path: Path, *, display_path: str | None = None) -> LoadResult[Scenario]:
    """Load a scenario file (schema only; see :mod:`trainer.scenario.checks` for the structure)."""
    return load_model(path, Scenario, display_path=display_path)


def validation_problems(
    error: ValidationError, data: Any, marks: MarkTable, path: str, model: type[BaseModel]
) -> list[Problem]:
    """One Norwegian problem per pydantic error, placed at the closest mark, deduplicated by location."""
    problems: list[Problem] = []
    seen_locs: set[tuple[Any, ...]] = set()
    for entry in error.errors(include_url=False):
        loc = tuple(entry["loc"])
        if loc in seen_locs:  # a union reports one error per member for the same value
            continue
        seen_locs.add(loc)
        data_path, is_key = resolve_loc(data, loc)
        code, message = translate_error(entry, model)
        if is_key or entry["type"] == "extra_forbidden" or entry["type"] == "missing":
            line, col = marks.key_at(data_path)
        else:
            line, col = marks.value_at(data_path)
        problems.append(Problem(path, line, col, code, message))
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.line, p.col))


# -- locating errors ------------------------------------------------------------------------------


def resolve_loc(data: Any, loc: tuple[Any, ...]) -> tuple[DataPath, bool]:
    """The data path a pydantic ``loc`` refers to, and whether it names a mapping key.

    pydantic's loc can hold elements that are not in the data: the tag of a discriminated union
    (``talk`` in ``actions.0.talk.moves``), a field filled from an action's short form, or a missing
    field. Such string elements may be skipped; the match that lines up the most, and the latest,
    loc elements with the data wins. ``[key]`` means the error is about the key itself.
    """
    memo: dict[tuple[int, int], tuple[tuple[int, ...], DataPath, bool]] = {}

    def best(node: Any, i: int) -> tuple[tuple[int, ...], DataPath, bool]:
        if i == len(loc):
            return (), (), False
        if loc[i] == _KEY_LOC:
            return (), (), True
        memo_key = (id(node), i)
        if memo_key in memo:
            return memo[memo_key]
        element = loc[i]
        options: list[tuple[tuple[int, ...], DataPath, bool]] = [((), (), False)]
        child = _child(node, element)
        if child is not _ABSENT:
            matched, sub_path, key = best(child, i + 1)
            options.append(((i, *matched), (element, *sub_path), key))
        if isinstance(element, str):
            options.append(best(node, i + 1))
        result = max(options, key=lambda option: sorted(option[0], reverse=True))
        memo[memo_key] = result
        return result

    _, path, is_key = best(data, 0)
    return path, is_key


_ABSENT = object()


def _child(node: Any, element: Any) -> Any:
    if isinstance(node, dict):
        try:
            return node.get(element, _ABSENT)
        except TypeError:
            return _ABSENT
    if isinstance(node, list) and isinstance(element, int) and not isinstance(element, bool):
        return node[element] if 0 <= element < len(node) else _ABSENT
    return _ABSENT


# -- translating errors ---------------------------------------------------------------------------


def translate_error(entry: Any, model: type[BaseModel]) -> tuple[str, str]:
    """A pydantic error entry → (stable code, Norwegian message)."""
    kind: str = entry["type"]
    loc = tuple(entry["loc"])
    ctx = entry.get("ctx") or {}
    value = entry.get("input")
    field = _readable_path(loc)
    where = f"{field}: " if field else ""
    if kind == "missing":
        return "SCH001", f"mangler påkrevd felt «{loc[-1]}»{_parent_text(loc[:-1])}"
    if kind == "extra_forbidden":
        name = loc[-1]
        if isinstance(name, str) and " " in name.strip() and any(part in _ACTION_LISTS for part in loc):
            return "SCH002", (
                f"{_readable_path(loc[:-1])}: «{_show(name)}» ble lest som et eget felt: en tekst med komma i "
                '«{…}» må stå i anførselstegn, f.eks. {document: "mor sa nei, og det ble skrevet ned"}'
            )
        return "SCH002", f"ukjent felt «{name}»" + _suggest(str(name), _field_names(model, loc[:-1]))
    if kind in ("union_tag_invalid", "union_tag_not_found") or _is_action_type_error(kind, loc):
        return "SCH005", _unknown_action_message(value, ctx)
    if kind == "value_error":
        cause = ctx.get("error")
        if isinstance(cause, UnknownActionError):
            return "SCH005", _unknown_action_message(value, ctx, str(cause))
        message = str(cause) if cause is not None else str(entry.get("msg", "")).removeprefix("Value error, ")
        return "SCH003", f"{where}{message}"
    if kind in ("literal_error", "enum"):
        allowed = _split_expected(str(ctx.get("expected", "")))
        text = f"{where}ugyldig verdi «{_show(value)}»; tillatt: {', '.join(allowed)}"
        if "report" in loc and str(value).strip() in ("112", "113", "110"):
            text += f"; for å ringe et nødnummer, skriv «call_emergency: {str(value).strip()}»"
        return "SCH003", text + (_suggest(value, allowed) if isinstance(value, str) else "")
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return "SCH003", (
                f"{where}ugyldig ID «{_show(value)}» – bruk bare små bokstaver (a–å), tall, - og _, "
                "og start med en bokstav eller et tall"
            )
        return "SCH003", f"{where}«{_show(value)}» har ikke riktig form (mønster {ctx.get('pattern')})"
    return (
        _translate_bounds(kind, ctx, value, where)
        or _translate_type(kind, value, where)
        or (
            "SCH009",
            f"{where}ugyldig verdi «{_show(value)}» ({kind})",
        )
    )


def _translate_bounds(kind: str, ctx: dict[str, Any], value: Any, where: str) -> tuple[str, str] | None:
    if kind == "greater_than_equal":
        return "SCH003", f"{where}må være minst {ctx.get('ge')}, ikke {_show(value)}"
    if kind == "greater_than":
        return "SCH003", f"{where}må være større enn {ctx.get('gt')}, ikke {_show(value)}"
    if kind == "less_than_equal":
        return "SCH003", f"{where}kan ikke være større enn {ctx.get('le')}, ikke {_show(value)}"
    if kind == "less_than":
        return "SCH003", f"{where}må være mindre enn {ctx.get('lt')}, ikke {_show(value)}"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        if least == 1:
            return "SCH003", f"{where}lista kan ikke være tom (minst ett punkt)"
        return "SCH003", f"{where}lista må ha minst {least} punkter, har {ctx.get('actual_length')}"
    if kind == "too_long":
        return "SCH003", f"{where}for mange punkter (høyst {ctx.get('max_length')})"
    if kind == "string_too_short":
        return "SCH003", f"{where}teksten kan ikke være tom"
    if kind == "string_too_long":
        return "SCH003", f"{where}teksten er for lang (høyst {ctx.get('max_length')} tegn)"
    return None


def _translate_type(kind: str, value: Any, where: str) -> tuple[str, str] | None:
    expected = _TYPE_NAMES.get(kind)
    if expected is None:
        return None
    if value is None:
        return "SCH004", f"{where}verdien mangler; skriv en verdi etter kolonet (forventet {expected})"
    text = f"{where}forventet {expected}, fikk {_describe(value)}"
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        text += "; sett verdien i anførselstegn hvis den er ment som tekst"
    return "SCH004", text


def _is_action_type_error(kind: str, loc: tuple[Any, ...]) -> bool:
    """A non-mapping where an action should be: ``- talk`` instead of ``- talk: barn``."""
    return (
        kind in ("model_attributes_type", "model_type", "dict_type")
        and len(loc) >= 2
        and loc[-2] in _ACTION_LISTS
        and isinstance(loc[-1], int)
    )


def _unknown_action_message(value: Any, ctx: dict[str, Any], original: str | None = None) -> str:
    known = sorted(ACTION_TYPES)
    if isinstance(value, dict):
        unknown = [str(k) for k in value if k not in _ACTION_FIELDS] or [str(k) for k in value]
        names = [str(ctx.get("tag"))] if ctx.get("tag") else unknown
        if original and "fant flere" in original:
            return original
        suggestion = next((s for name in names if (s := _suggest(name, known))), "")
        shown = ", ".join(f"«{n}»" for n in names) or "(tom)"
        return f"ukjent handlingstype {shown}{suggestion} (kjente typer: {', '.join(known)})"
    if isinstance(value, str):
        hint = f"; skriv f.eks. «{value}: …» med en verdi" if value in ACTION_TYPES else _suggest(value, known)
        return f"ukjent handlingstype: en handling skrives som «navn: verdi», ikke «{_show(value)}»{hint}"
    return f"ukjent handlingstype: en handling må være en mapping som «talk: barn», fikk {_describe(value)}"


# -- wording helpers ------------------------------------------------------------------------------


def _parent_text(loc: tuple[Any, ...]) -> str:
    readable = _readable_path(loc)
    return f" i {readable}" if readable else ""


def _dotted(loc: tuple[Any, ...]) -> str:
    """``nodes.start.choices[0]`` from a loc (union tags dropped)."""
    out = ""
    for element in loc:
        if isinstance(element, int) and not isinstance(element, bool):
            out += f"[{element}]"
        elif element != _KEY_LOC and element not in ACTION_TYPES:
            out += f".{element}" if out else str(element)
    return out


def _action_words(rest: tuple[Any, ...], label: str) -> str:
    """«handling 2 (report), feltet «to»» for the loc of an action after ``actions``/``events``."""
    if not rest or not isinstance(rest[0], int):
        return f"«{label}»" + (f" {_dotted(rest)}" if rest else "")
    words = f"{label} {rest[0] + 1}"
    tail = rest[1:]
    if tail and tail[0] in ACTION_TYPES:
        words += f" ({tail[0]})"
        tail = tail[1:]
    field = _dotted(tail)
    return words + (f", feltet «{field}»" if field else "")


def _readable_path(loc: tuple[Any, ...]) -> str:
    """Where a value is, in the author's words: «noden «kontoret», valg 1, handling 1 (report), feltet «to»»
    for the places authors write most (choices counted from 1), the dotted path (``facts.child_age``) elsewhere."""
    loc = tuple(e for e in loc if e != _KEY_LOC)
    if len(loc) >= 2 and loc[0] == "nodes" and isinstance(loc[1], str):
        words = f"noden «{loc[1]}»"
        rest = loc[2:]
        if len(rest) >= 2 and rest[0] == "choices" and isinstance(rest[1], int):
            words += f", valg {rest[1] + 1}"
            rest = rest[2:]
            if rest and rest[0] == "actions":
                return f"{words}, {_action_words(rest[1:], 'handling')}"
        elif rest and rest[0] == "events":
            return f"{words}, {_action_words(rest[1:], 'hendelse')}"
        field = _dotted(rest)
        return words + (f", feltet «{field}»" if field else "")
    if len(loc) >= 2 and loc[0] == "endings" and isinstance(loc[1], str):
        field = _dotted(loc[2:])
        return f"slutten «{loc[1]}»" + (f", feltet «{field}»" if field else "")
    dotted = _dotted(loc)
    return f"«{dotted}»" if dotted else ""


def _split_expected(expected: str) -> list[str]:
    parts = re.split(r", | or ", expected)
    return [p.strip().strip("'\"") for p in parts if p.strip()]


def _suggest(word: str, candidates: typing.Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" – mente du «{match[0]}»?" if match and match[0] != word else ""


def _show(value: Any, limit: int = 40) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(tom)"
    if isinstance(value, (dict, list)):
        return _describe(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value: Any) -> str:
    if value is None:
        return "ingen verdi"
    if isinstance(value, bool):
        return f"sannhetsverdien {_show(value)}"
    if isinstance(value, (int, float)):
        return f"tallet {value}"
    if isinstance(value, str):
        return f"teksten «{_show(value)}»"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en mapping (nøkkel: verdi)"
    return f"«{_show(value)}»"


# -- walking the model for field names ------------------------------------------------------------


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """Field names and aliases of the model the loc leads to (empty when it cannot be followed)."""
    current: Any = model
    for element in loc:
        current = _step(current, element)
        if current is None:
            return set()
    target = _as_model(current)
    if target is None:
        return set()
    names: set[str] = set()
    for name, info in target.model_fields.items():
        names.add(info.alias or name)
    return names


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> list[Any] | None:
    if typing.get_origin(tp) in (Union, types.UnionType):
        return [_unwrap(m) for m in typing.get_args(tp) if m is not type(None)]
    return None


def _as_model(tp: Any) -> type[BaseModel] | None:
    tp = _unwrap(tp)
    members = _union_members(tp)
    if members is not None and len(members) == 1:
        tp = members[0]
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _step(tp: Any, element: Any) -> Any:
    """The type one loc element further down (None when it cannot be followed)."""
    tp = _unwrap(tp)
    members = _union_members(tp)
    if members is not None:
        if len(members) == 1:
            return _step(members[0], element)
        for member in members:  # a discriminated union: the loc element is the tag
            if isinstance(member, type) and issubclass(member, BaseModel):
                tag = member.model_fields.get("type")
                if tag is not None and tag.default == element:
                    return member
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is list and isinstance(element, int):
        return args[0] if args else None
    if origin is dict and element != _KEY_LOC:
        return args[1] if len(args) == 2 else None
    model = _as_model(tp)
    if model is not None:
        for name, info in model.model_fields.items():
            if element in (name, info.alias):
                return info.annotation
    return None
