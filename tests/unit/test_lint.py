"""Anonymisation lint: personal data is found, on the right line, and ordinary text is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.scenario.lint import is_fodselsnummer, lint_data
from trainer.scenario.yamlsafe import parse_yaml, read_yaml


def _make_fnr(date: str, individual: str) -> str:
    """A number with correct control digits for the given date and individual number (test data only)."""
    w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    digits = [int(c) for c in date + individual]
    k1 = (11 - sum(a * b for a, b in zip(w1, digits)) % 11) % 11
    digits.append(k1)
    k2 = (11 - sum(a * b for a, b in zip(w2, digits)) % 11) % 11
    return date + individual + f"{k1}{k2}"


def _valid_fnr(date: str = "150312") -> str:
    for individual in range(100, 999):
        candidate = _make_fnr(date, f"{individual:03d}")
        if len(candidate) == 11 and is_fodselsnummer(candidate):
            return candidate
    raise AssertionError("no valid number found")


def test_mod11_accepts_valid_and_rejects_one_digit_off() -> None:
    number = _valid_fnr()
    assert is_fodselsnummer(number)
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not is_fodselsnummer(broken)
    assert is_fodselsnummer(_valid_fnr("550312"))  # D-nummer: 40 added to the day
    assert not is_fodselsnummer(_make_fnr("320312", "123"))  # no 32nd day
    assert not is_fodselsnummer("12345678901")


def lint_file(path: Path) -> list:
    """Read the file afresh and lint it (what validate does with the data it already parsed)."""
    doc = read_yaml(path).value
    assert doc is not None
    return lint_data(doc.data, doc.marks, str(path))


def lint(text: str) -> list:
    doc = parse_yaml(text.encode(), "sak.yaml").value
    assert doc is not None
    return lint_data(doc.data, doc.marks, "sak.yaml")


def test_each_kind_is_found_on_its_line() -> None:
    fnr = _valid_fnr()
    problems = lint(
        "id: x\n"
        "cast:\n  - {id: emma, name: Emma Lie, role: barn}\n"
        "summary: Emma bor i Storgata 12 med mor.\n"
        "nodes:\n  a:\n    text: |\n      Første linje.\n"
        f"      Fødselsnummeret er {fnr[:6]} {fnr[6:]}.\n"
        "      Ring mor på 912 34 567 eller skriv til mor@eksempel.no i dag.\n"
        "      Etterpå kom Kari og hentet henne.\n"
    )
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {"ANO001", "ANO002", "ANO003", "ANO004", "ANO005"}
    assert by_code["ANO004"].line == 4
    assert by_code["ANO001"].line == 9
    assert by_code["ANO002"].line == 10 and by_code["ANO003"].line == 10
    assert by_code["ANO005"].line == 11 and "Kari" in by_code["ANO005"].message
    assert not by_code["ANO005"].is_error and by_code["ANO001"].is_error


@pytest.mark.parametrize(
    "text",
    [
        "Emma sa: «Pappa er sint.» Hun gråt.",  # sentence start after a quote
        "Det var Emmas jakke.",  # genitive of a cast name
        "Hun ringte NAV og PPT samme dag.",  # abbreviations
        "Saken startet 12. mars 2025, og møtet var klokka 14.30.",  # dates and times are not phone numbers
        "Møtet er på Solbakken skole.",  # an invented place listed in `places`
    ],
)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    problems = lint(
        "id: x\nplaces: [Solbakken]\ncast:\n  - {id: emma, name: Emma, role: barn}\n"
        f"summary: \"{text}\"\n"
    )
    assert problems == []


def test_bundled_library_has_no_personal_data() -> None:
    root = Path(__file__).resolve().parents[2] / "scenarios"
    errors = [p.format() for f in sorted(root.rglob("*.yaml")) for p in lint_file(f) if p.is_error]
    assert errors == []


def test_validate_lints_the_parsed_file_it_already_has(tmp_path: Path) -> None:
    """validate passes the loader's parsed YAML to the lint (no second read), with the same result as reading
    the file again: a name and a phone number put into the summary are found, on the same lines."""
    from trainer.cli.validate import validate_file

    source = Path(__file__).resolve().parents[1] / "data" / "valid" / "tre-noder.yaml"
    text = source.read_text(encoding="utf-8").replace("summary: >-", "summary: Ring Knut på 912 34 567.", 1)
    path = tmp_path / "sak.yaml"
    path.write_text(text, encoding="utf-8")
    found = {(p.code, p.line) for p in validate_file(path) if p.code.startswith("ANO")}
    assert found == {(p.code, p.line) for p in lint_file(path)}
    assert {code for code, _ in found} == {"ANO002", "ANO005"}
