"""Loading YAML into pydantic models: Norwegian problems at the right line, never an exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, field_validator

from trainer.scenario.checks import load_checked_scenario
from trainer.scenario.load import load_model, load_scenario, resolve_loc
from trainer.scenario.model import Scenario

DATA = Path(__file__).resolve().parents[1] / "data"
BROKEN = DATA / "broken"
VALID = DATA / "valid"
#: Rule IDs given to the checks in these tests (the corpus's STR009 file names an unknown one).
KNOWN_RULES = {"SAMT-01", "VO-01", "TP-01"}
#: English pydantic wording that must never reach an author.
ENGLISH = ("Field required", "Input should", "Extra inputs", "Value error", "String should", "List should")

BASE = """\
id: test
title: Test
summary: Et kort testscenario.
themes: [undring]
role: barnehage
age_band: "0-6"
modules: [kartlegging-undring]
start: start
nodes:
  start:
    text: Emma er stille.
    choices:
      - id: snakk
        text: Du snakker med Emma.
        goto: slutt
        actions:
          - talk: barn
            moves: [open_question]
endings:
  slutt:
    title: Slutt
    text: Det gikk bra.
"""


def write(tmp_path: Path, text: str, name: str = "test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str):
    result = load_scenario(write(tmp_path, text))
    assert result.value is None
    return result.problems


def assert_norwegian(message: str) -> None:
    assert message.strip()
    for english in ENGLISH:
        assert english not in message, message


# -- the broken corpus ----------------------------------------------------------------------------


def corpus_expectation(path: Path) -> tuple[str, int] | None:
    """The ``# expect: CODE line N`` (or ``# expect: OK``) on the first line of a corpus file."""
    first = path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("ascii").strip()
    match = re.fullmatch(r"# expect: (?:OK|([A-Z]+\d{3}) line (\d+))", first)
    assert match, f"{path.name}: first line must be '# expect: CODE line N' or '# expect: OK'"
    return (match.group(1), int(match.group(2))) if match.group(1) else None


CORPUS = sorted(BROKEN.glob("*.yaml"))


def test_corpus_is_there() -> None:
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_broken_corpus(path: Path) -> None:
    expected = corpus_expectation(path)
    result = load_checked_scenario(path, known_rules=KNOWN_RULES, display_path=path.name)
    for problem in result.problems:
        assert_norwegian(problem.message)
        assert problem.path == path.name
        assert problem.line >= 1 and problem.col >= 1
    if expected is None:
        assert result.ok, [p.format() for p in result.problems]
        return
    code, line = expected
    found = [(p.code, p.line) for p in result.problems]
    assert (code, line) in found, f"expected {code} on line {line}, got {found}"


# -- valid files ----------------------------------------------------------------------------------


def test_valid_fixture_loads_with_marks() -> None:
    result = load_scenario(VALID / "tre-noder.yaml")
    assert result.ok and result.problems == []
    assert isinstance(result.value, Scenario)
    assert result.marks is not None and result.marks.key_at(("nodes", "samtale")) == (33, 3)


def test_base_text_is_valid(tmp_path: Path) -> None:
    assert load_scenario(write(tmp_path, BASE)).ok


# -- translations ---------------------------------------------------------------------------------


def test_missing_field_points_at_parent(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, BASE.replace("        goto: slutt\n", ""))
    assert (problem.code, problem.line, problem.col) == ("SCH001", 13, 9)
    assert problem.message.startswith("mangler påkrevd felt «goto»")


def test_missing_top_level_field(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, BASE.replace("start: start\n", ""))
    assert (problem.code, problem.line) == ("SCH001", 1)
    assert "«start»" in problem.message


def test_unknown_field_points_at_key_and_suggests(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, BASE.replace("title: Test\n", "titel: Test\n"))
    assert {p.code for p in problems} == {"SCH001", "SCH002"}  # «title» is missing too
    (problem,) = [p for p in problems if p.code == "SCH002"]
    assert (problem.line, problem.col) == (2, 1)
    assert problem.message == "ukjent felt «titel» – mente du «title»?"


def test_unknown_field_inside_action_suggests_action_field(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, BASE.replace("moves: [open", "mvoes: [open"))
    assert (problem.code, problem.line, problem.col) == ("SCH002", 18, 13)
    assert "mente du «moves»?" in problem.message


def test_literal_error_lists_allowed_values(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, BASE.replace('age_band: "0-6"', "age_band: 0-5"))
    assert (problem.code, problem.line, problem.col) == ("SCH003", 6, 11)
    assert "ugyldig verdi «0-5»; tillatt: gravid, 0-6, 6-12, 13-18, 18-23" in problem.message


def test_literal_in_action_field_points_at_value(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, BASE.replace("[open_question]", "[open_question, aapent]"))
    assert (problem.code, problem.line) == ("SCH003", 18)
    assert "«aapent»" in problem.message


def test_shorthand_primary_value_points_at_action_line(tmp_path: Path) -> None:
    text = BASE.replace("          - talk: barn\n            moves: [open_question]\n", "          - report: naboen\n")
    (problem,) = problems_of(tmp_path, text)
    assert (problem.code, problem.line) == ("SCH003", 17)
    assert "barnevern, politi" in problem.message


def test_id_pattern_explained(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, BASE.replace("id: snakk", "id: Snakk"))
    assert (problem.code, problem.line) == ("SCH003", 13)
    assert "små bokstaver" in problem.message


def test_bad_node_key_points_at_key(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, BASE.replace("  start:\n    text", "  Start Her:\n    text"))
    assert (problem.code, problem.line, problem.col) == ("SCH003", 10, 3)
    assert "«Start Her»" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "code", "fragment"),
    [
        ("        goto: slutt\n", "        goto: slutt\n        days: en uke\n", "SCH004", "forventet et heltall"),
        ("title: Test\n", "title: yes\n", "SCH004", "anførselstegn"),
        ("title: Test\n", "title:\n", "SCH004", "verdien mangler"),
        ("themes: [undring]", "themes: undring", "SCH004", "forventet en liste"),
        ("themes: [undring]", "themes: []", "SCH003", "kan ikke være tom"),
        ("start: start\n", "start: start\nminutes: 0\n", "SCH003", "minst 1"),
        ("start: start\n", "start: start\nminutes: 999\n", "SCH003", "større enn 180"),
        ("start: start\n", "start: start\nlevels: [7]\n", "SCH003", "nivå må være 0, 1, 2 eller 3"),
        ("start: start\n", "start: start\nfacts: {pregnant: kanskje}\n", "SCH004", "true eller false"),
    ],
)
def test_translations(tmp_path: Path, old: str, new: str, code: str, fragment: str) -> None:
    assert old in BASE
    problems = problems_of(tmp_path, BASE.replace(old, new, 1))
    assert any(p.code == code and fragment in p.message for p in problems), [p.format() for p in problems]
    for problem in problems:
        assert_norwegian(problem.message)


@pytest.mark.parametrize(
    ("action", "fragment"),
    [
        ("- tulk: barn", "mente du «talk»?"),
        ("- type: tulk", "ukjent handlingstype «tulk»"),
        ("- talk", "ukjent handlingstype"),
        ("- 42", "ukjent handlingstype"),
    ],
)
def test_unknown_action_type(tmp_path: Path, action: str, fragment: str) -> None:
    text = BASE.replace("          - talk: barn\n            moves: [open_question]\n", f"          {action}\n")
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1, problems  # one problem per action, however pydantic reports it
    (problem,) = problems
    assert (problem.code, problem.line) == ("SCH005", 17)
    assert fragment in problem.message
    assert_norwegian(problem.message)


def test_several_problems_sorted_by_line(tmp_path: Path) -> None:
    text = (
        BASE.replace("role: barnehage", "role: barnhage").replace("id: snakk", "id: Snakk").replace("text: Slutt", "")
    )
    problems = problems_of(tmp_path, text)
    assert [p.code for p in problems] == ["SCH003", "SCH003"]
    assert [p.line for p in problems] == [5, 13]


# -- resolving pydantic locations -----------------------------------------------------------------


def test_resolve_loc_skips_union_tag_in_short_form() -> None:
    data = {"actions": [{"talk": "barn", "mvoes": []}]}
    assert resolve_loc(data, ("actions", 0, "talk", "mvoes")) == (("actions", 0, "mvoes"), False)


def test_resolve_loc_primary_value_maps_to_action_key() -> None:
    data = {"actions": [{"report": "x"}]}
    assert resolve_loc(data, ("actions", 0, "report", "to")) == (("actions", 0, "report"), False)


def test_resolve_loc_tagged_form_and_missing() -> None:
    data = {"actions": [{"type": "talk", "moves": ["x"]}], "a": {}}
    assert resolve_loc(data, ("actions", 0, "talk", "moves", 0)) == (("actions", 0, "moves", 0), False)
    assert resolve_loc(data, ("a", "b")) == (("a",), False)
    assert resolve_loc({"nodes": {"Bad": {}}}, ("nodes", "Bad", "[key]")) == (("nodes", "Bad"), True)


# -- never raises ---------------------------------------------------------------------------------


class _Exploding(BaseModel):
    """A model whose validator has a bug."""

    model_config = ConfigDict(extra="forbid")
    a: int

    @field_validator("a")
    @classmethod
    def _boom(cls, value: int) -> int:
        raise RuntimeError("bug")


def test_internal_error_becomes_int001(tmp_path: Path) -> None:
    result = load_model(write(tmp_path, "a: 1\n"), _Exploding)
    (problem,) = result.problems
    assert problem.code == "INT001" and "intern feil" in problem.message


def test_generic_model(tmp_path: Path) -> None:
    class Profile(BaseModel):
        """A tiny model standing in for a kommune profile."""

        model_config = ConfigDict(extra="forbid")
        name: str
        days: int = 0

    assert load_model(write(tmp_path, "name: Bø\n"), Profile).value == Profile(name="Bø")
    (problem,) = load_model(write(tmp_path, "name: Bø\ndgas: 3\n"), Profile).problems
    assert (problem.code, problem.line, problem.message) == ("SCH002", 2, "ukjent felt «dgas» – mente du «days»?")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x01\x02",
        b"\xff" * 100,
        b"[[[[",
        b"a: &a [*a]",
        b"nodes: {a: [1, {b: *x}]}",
        b"id: [1, 2]\nnodes: 5\n",
    ],
)
def test_garbage_never_raises(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(raw)
    result = load_checked_scenario(path)
    assert result.value is None and result.problems
    for problem in result.problems:
        assert_norwegian(problem.message)


def test_missing_file(tmp_path: Path) -> None:
    (problem,) = load_scenario(tmp_path / "finnes-ikke.yaml").problems
    assert problem.code == "IO001"


def test_large_files_refused_with_yaml003(tmp_path: Path) -> None:
    big = tmp_path / "stor.yaml"
    with big.open("wb") as handle:
        chunk = b"- " + b"x" * 1000 + b"\n"
        for _ in range(30_000):
            handle.write(chunk)
    one_line = tmp_path / "en-linje.yaml"
    one_line.write_bytes(b"summary: " + b"y" * 2_000_000)
    for path in (big, one_line):
        (problem,) = load_scenario(path).problems
        assert problem.code == "YAML003"


# -- messages in the author's words (#16) -------------------------------------------------------------------------

_CASE = """\
version: 1
id: t
title: T
summary: s
themes: [undring]
role: skole
age_band: "6-12"
modules: [kartlegging-undring]
start: kontoret
nodes:
  kontoret:
    text: Hei
    choices:
{choices}
endings:
  slutt: {{title: S, text: t}}
"""


def _problems(choices: str) -> list:
    from trainer.scenario.load import model_from_yaml
    from trainer.scenario.model import Scenario
    from trainer.scenario.yamlsafe import parse_yaml

    raw = parse_yaml(_CASE.format(choices=choices).encode(), "t.yaml")
    return raw.problems if raw.value is None else model_from_yaml(raw, Scenario, "t.yaml").problems


def test_a_missing_colon_points_at_its_own_line() -> None:
    (problem,) = _problems("      - id: a\n        text A\n        goto: slutt")
    assert (problem.code, problem.line) == ("YAML001", 15)
    assert "linje 15 mangler kolon" in problem.message and "«text: A»" in problem.message


def test_a_forgotten_dash_before_id_says_so() -> None:
    twice = "      - id: a\n        text: A\n        goto: slutt\n        id: b\n        text: B\n        goto: slutt"
    (problem,) = _problems(twice)
    assert problem.code == "YAML002" and "glemt «- » foran «id:»" in problem.message


def test_a_comma_in_an_unquoted_action_text_says_to_quote_it() -> None:
    (problem,) = _problems("      - id: a\n        text: A\n        goto: slutt\n        actions:\n"
                           "          - {document: mor sa nei, og det ble skrevet ned}")
    assert problem.code == "SCH002"
    assert problem.message.startswith("noden «kontoret», valg 1, handling 1 (document):")
    assert "anførselstegn" in problem.message


def test_a_bad_value_in_an_action_is_named_in_the_authors_words() -> None:
    (problem,) = _problems("      - id: a\n        text: A\n        goto: slutt\n        actions:\n"
                           "          - {report: 112}")
    assert problem.message.startswith("noden «kontoret», valg 1, handling 1 (report), feltet «to»: ugyldig verdi «112»")
    assert "call_emergency: 112" in problem.message
