"""The action short form authors write, and its errors."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from scoring import actions as a
from trainer.scenario.model import ActionSpec

ADAPTER = TypeAdapter(ActionSpec)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"talk": "barn", "moves": ["open_question"]}, a.Talk(with_="barn", moves=["open_question"])),
        ({"confront": "far"}, a.Confront(who="far")),
        ({"ask_consent": "mor", "services": ["ppt"]}, a.AskConsent(from_=["mor"], services=["ppt"])),
        ({"ask_consent": ["mor", "far"]}, a.AskConsent(from_=["mor", "far"])),
        ({"open_log": None}, a.OpenLog()),
        ({"open_log": {}}, a.OpenLog()),
        ({"report": {"to": "politi", "written": False}}, a.Report(to="politi", written=False)),
        ({"type": "wait", "days": 3}, a.Wait(days=3)),
    ],
)
def test_short_form(raw: dict, expected: a.Action) -> None:
    assert ADAPTER.validate_python(raw) == expected


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ({"snakk": "barn"}, "ukjent handlingstype"),
        ({"talk": "barn", "confront": "far"}, "én handling per punkt"),
        ({"talk": "barn", "moves": ["hint"]}, "moves"),
        ({"set_level": 7}, "level"),
    ],
)
def test_bad_actions_fail_clearly(raw: dict, needle: str) -> None:
    with pytest.raises(ValidationError) as info:
        ADAPTER.validate_python(raw)
    assert needle in str(info.value)


def test_every_action_type_is_documented() -> None:
    from trainer.scenario.json_schema import field_descriptions

    for cls in a.ACTION_CLASSES:
        assert cls.__doc__, cls
        described = field_descriptions(cls)  # the docstring under each field, as the JSON Schema shows it
        for name, field in cls.model_fields.items():
            if name != "type":
                assert described.get(field.alias or name), (cls, name)


def test_labels_are_compact() -> None:
    assert a.action_label(a.Talk(with_="barn", moves=["mirror"])) == "talk(with=barn, moves=['mirror'])"


def test_every_move_has_a_norwegian_label() -> None:
    from typing import get_args

    assert set(a.MOVE_LABELS) == set(get_args(a.Move))
    assert a.move_labels({"yes_no_question", "leading_question"}) == "ledende spørsmål, ja/nei-spørsmål"


def test_action_types_are_final() -> None:
    """The engine dispatches on ``type(action)`` (state handlers, ``Timeline.of``, phrases, hot rule loops): that
    is the isinstance test only while no action type extends another."""
    for cls in a.ACTION_CLASSES:
        assert cls.__bases__ == (a.Action,), cls.__name__
        assert not cls.__subclasses__(), cls.__name__
    assert set(a.Action.__subclasses__()) == set(a.ACTION_CLASSES)
