"""Role cards on a node (``roles:``): the format is additive, STR020 names what a workshop cannot hand out, the
schema and the preview show them, and the bundled cases that carry them keep their verdicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.scenario.checks import check_scenario, load_checked_scenario
from trainer.scenario.model import RoleCard, Scenario

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
id: {id}
title: Samtalen
summary: Et kort testscenario.
themes: [samtale]
role: barnehage
role_title: pedagogisk leder
age_band: "0-6"
modules: [samtale-barn]
cast:
  - id: emma
    name: Emma
    role: barn
start: start
nodes:
  start:
    text: Du skal snakke med mor om Emma.
    choices:
      - id: snakk
        text: Du snakker med mor.
        goto: slutt
{roles}endings:
  slutt:
    title: Slutt
    text: Det gikk bra.
"""

TWO_CARDS = """\
    roles:
      - role: Pedagogisk leder
        knows: Emma har vært stille i tre uker.
        feels: Litt nervøs for samtalen.
        wants: At mor forteller hvordan Emma har det hjemme.
      - role: Mor
        person: mor
        knows: Emma sover dårlig.
        feels: Sliten og litt på vakt.
        wants: At barnehagen ikke tror hun er en dårlig mor.
        holds_back: Far har flyttet ut for to uker siden.
"""


def write(tmp_path: Path, roles: str, name: str = "samtalen") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(BASE.format(id=name, roles=roles), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    return [p.format() for p in load_checked_scenario(path, display_path=path.name).problems]


def test_a_file_without_roles_validates_as_before(tmp_path: Path) -> None:
    result = load_checked_scenario(write(tmp_path, ""))
    assert result.value is not None and result.problems == []
    assert result.value.nodes["start"].roles == []


def test_role_cards_are_read_into_the_model(tmp_path: Path) -> None:
    result = load_checked_scenario(write(tmp_path, TWO_CARDS))
    assert result.value is not None and result.problems == [], [p.format() for p in result.problems]
    employee, mother = result.value.nodes["start"].roles
    assert employee == RoleCard(
        role="Pedagogisk leder",
        knows="Emma har vært stille i tre uker.",
        feels="Litt nervøs for samtalen.",
        wants="At mor forteller hvordan Emma har det hjemme.",
    )
    assert mother.person == "mor" and mother.holds_back == "Far har flyttet ut for to uker siden."


def test_one_card_is_no_role_play(tmp_path: Path) -> None:
    one = TWO_CARDS.split("      - role: Mor")[0]
    assert problems(write(tmp_path, one)) == [
        "samtalen.yaml:21:5: STR020 noden «start» har bare ett rollekort; et rollespill trenger minst to roller "
        "(f.eks. den ansatte og forelderen)"
    ]


def test_two_cards_with_one_name_are_named_on_the_second(tmp_path: Path) -> None:
    same = TWO_CARDS.replace("role: Mor", "role: pedagogisk  leder")
    (problem,) = problems(write(tmp_path, same))
    assert problem.startswith("samtalen.yaml:26:15: STR020 rollen «pedagogisk  leder» står to ganger i noden «start»")


def test_a_person_outside_the_cast_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    typo = TWO_CARDS.replace("person: mor", "person: emmma")
    (problem,) = problems(write(tmp_path, typo))
    assert problem.startswith("samtalen.yaml:27:17: STR020 rollekortet «Mor» gjelder «emmma», som verken")
    assert problem.endswith("– mente du «emma»?")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("        feels: Sliten og litt på vakt.\n", ""), "SCH001"),  # every card says how the person feels
        (("holds_back:", "skjuler:"), "SCH002"),  # an unknown field on a card
        (("knows: Emma sover dårlig.", "knows: " + "a" * 401), "SCH003"),  # a card is short
    ],
)
def test_malformed_cards_are_schema_errors_on_their_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    found = problems(write(tmp_path, TWO_CARDS.replace(*change)))
    assert len(found) == 1 and f" {expected} " in found[0], found
    line = int(found[0].split(":")[1])
    assert 25 <= line <= 31, found  # on the second card, not at the top of the file


def test_cards_never_reach_the_engine() -> None:
    """The engine reads the case through ``Scenario.context`` and the actions: role cards are in neither."""
    path = ROOT / "scenarios" / "eksempler" / "matpakka.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    plain = Scenario.model_validate(data)
    node_id = plain.start
    data["nodes"][node_id]["roles"] = yaml.safe_load(TWO_CARDS)["roles"]
    with_cards = Scenario.model_validate(data)
    assert with_cards.context() == plain.context()
    assert check_scenario(with_cards, None, "matpakka.yaml") == check_scenario(plain, None, "matpakka.yaml")


def test_the_json_schema_describes_role_cards() -> None:
    from trainer.cli.schema import scenario_schema

    schema = scenario_schema()
    card = schema["$defs"]["RoleCard"]
    assert set(card["required"]) == {"role", "knows", "feels", "wants"}
    assert set(card["properties"]) == {"role", "person", "knows", "feels", "wants", "holds_back"}
    assert card["additionalProperties"] is False
    node = schema["$defs"]["Node"]["properties"]["roles"]
    assert node["items"] == {"$ref": "#/$defs/RoleCard"}
    assert json.dumps(schema, ensure_ascii=False).count("holds_back") >= 1


def test_the_preview_shows_the_cards(tmp_path: Path) -> None:
    from trainer.render.roles import node_roles_markdown

    result = load_checked_scenario(write(tmp_path, TWO_CARDS))
    assert result.value is not None
    text = node_roles_markdown(result.value.nodes["start"])
    assert "Rollekort til rollespill i verksted" in text
    assert "**Mor**" in text and "Sier bare hvis noen spør godt: Far har flyttet ut for to uker siden." in text
    assert node_roles_markdown(result.value.nodes["start"].model_copy(update={"roles": []})) == ""


#: The bundled cases with role cards: a conversation with a child, one with parents, a tiltaksmøte, an SLT
#: part-2 meeting, a BTI-møte and a conversation with a leader who wants to wait.
BUNDLED = [
    ("skole/mamma-orker-ikke.yaml", "samtale-hedda", 2),
    ("smaa-barn-og-gravide/stille-paa-avdelingen.yaml", "foreldresamtalen", 4),
    ("skole/mandagsfravaer.yaml", "tiltaksmote", 4),
    ("ungdom/slt-motet-i-mars.yaml", "del2-rommet", 4),
    ("ungdom/skolevegring.yaml", "bti-motet", 6),
    ("smaa-barn-og-gravide/blaamerker-paa-rare-steder.yaml", "styrer-vil-vente", 3),
]


@pytest.mark.parametrize(("path", "node_id", "count"), BUNDLED)
def test_bundled_cases_carry_role_cards_on_their_conversation(path: str, node_id: str, count: int) -> None:
    result = load_checked_scenario(ROOT / "scenarios" / path)
    assert result.value is not None and not result.errors, [p.format() for p in result.problems]
    cards = result.value.nodes[node_id].roles
    assert len(cards) == count
    assert sum(1 for card in cards if card.holds_back) >= 1  # someone holds something back until asked well
    cast = {m.id: m.name for m in result.value.cast}
    for card in cards:
        if card.person in cast:  # the role's name uses the cast's fictional name, never another
            assert cast[card.person].split()[0] in card.role, card.role
    assert sum(1 for node in result.value.nodes.values() if node.roles) == 1
