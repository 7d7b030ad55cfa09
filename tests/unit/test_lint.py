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
    k1 = (11 - sum(a * b for a, b in zip(w1, digits, strict=False)) % 11) % 11
    digits.append(k1)
    k2 = (11 - sum(a * b for a, b in zip(w2, digits, strict=False)) % 11) % 11
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
    from trainer.scenario.validate import validate_file

    source = Path(__file__).resolve().parents[1] / "data" / "valid" / "tre-noder.yaml"
    text = source.read_text(encoding="utf-8").replace("summary: >-", "summary: Ring Knut på 912 34 567.", 1)
    path = tmp_path / "sak.yaml"
    path.write_text(text, encoding="utf-8")
    found = {(p.code, p.line) for p in validate_file(path) if p.code.startswith("ANO")}
    assert found == {(p.code, p.line) for p in lint_file(path)}
    assert {code for code, _ in found} == {"ANO002", "ANO005"}


# -- the lint searches all texts as one string: it must find exactly what a text-by-text search finds ------

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from trainer.scenario import lint as L  # noqa: E402

_OLD_STREET = re.compile(
    r"\b([A-ZÆØÅ][a-zæøå]+(?:veien|vegen|veg|vei|gata|gaten|gate|allé|alle|plassen|bakken|stien|svingen|lia|tunet|åsen))"
    r"\s+(\d{1,4}[A-Za-z]?)\b"
)
_OLD_WORD = re.compile(r"(?<![\w«\"'])([A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøå]+)?)")


def _old_sentence_start(text: str, index: int) -> bool:
    i = index - 1
    while i >= 0 and text[i] in " «»\"'(*>_-–":
        i -= 1
    return i < 0 or text[i] in ".!?:\n…"


def _old_texts(data, path=()):  # type: ignore[no-untyped-def]
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("id", "goto", "start", "type"):
                yield from _old_texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _old_texts(value, (*path, index))


def reference_lint(data, marks, shown):  # type: ignore[no-untyped-def]
    """The lint as it was written first, one text at a time with the plain patterns: the oracle."""
    out = []
    known = L._cast_names(data)
    checks = [(L._FNR, "ANO001"), (L._PHONE, "ANO002"), (L._EMAIL, "ANO003"), (_OLD_STREET, "ANO004")]
    for path, text in _old_texts(data):
        for pattern, code in checks:
            for m in pattern.finditer(text):
                if code == "ANO001" and not L.is_fodselsnummer(m.group(1) + m.group(2)):
                    continue
                out.append((*L._position(marks, path, text, m.start()), code, m.group(0)))
        if path and path[0] in ("cast", "places", "learning_goals"):
            continue
        for m in _OLD_WORD.finditer(text):
            word = m.group(1)
            if word in known or word in L._NOT_NAMES or _old_sentence_start(text, m.start()):
                continue
            if any(part in known or part.removesuffix("s") in known for part in word.split("-")):
                continue
            out.append((*L._position(marks, path, text, m.start()), "ANO005", word))
    return out


def _comparable(problems):  # type: ignore[no-untyped-def]
    return [(p.line, p.col, p.code, re.search(r"«(.*?)»", p.message)[1] if p.code != "ANO001" else None)
            for p in problems]


def _reference_comparable(found):  # type: ignore[no-untyped-def]
    # a quoted match is shown on one line (a phone number or an address may run over a line break)
    return [(line, col, code, None if code == "ANO001" else (" ".join(text.split()) if code in ("ANO002", "ANO004")
                                                             else text))
            for line, col, code, text in found]


def _salted(data, counter):  # type: ignore[no-untyped-def]
    """Every fifth text with personal data added (at its start, middle or end)."""
    if isinstance(data, str):
        counter[0] += 1
        if counter[0] % 5:
            return data
        salt = ["Kari ringte 912 34 567. ", " i Storgata 12 hos Per-Ole", " (mor@eksempel.no)"][counter[0] % 3]
        cut = len(data) // 2 if counter[0] % 3 == 1 else (0 if counter[0] % 3 == 0 else len(data))
        return data[:cut] + salt + data[cut:]
    if isinstance(data, dict):
        return {k: _salted(v, counter) for k, v in data.items()}
    if isinstance(data, list):
        return [_salted(v, counter) for v in data]
    return data


def test_same_findings_as_text_by_text_on_every_yaml_file_in_the_repo() -> None:
    root = Path(__file__).resolve().parents[2]
    files = sorted(p for p in (*root.glob("scenarios/**/*.yaml"), *root.glob("tests/data/**/*.yaml")))
    assert len(files) > 40
    flagged = 0
    for path in files:
        doc = read_yaml(path).value
        if doc is None:
            continue
        for data in (doc.data, _salted(doc.data, [0])):
            ours = lint_data(data, doc.marks, str(path))
            assert _comparable(ours) == _reference_comparable(reference_lint(data, doc.marks, str(path))), path
            flagged += len(ours)
    assert flagged > 500  # the salted copies do contain names, numbers and addresses


_PIECES = st.sampled_from([
    "Emma", "Kari", "Ole-Per", "Anne-Lise", "Emmas", "NAV", "Storgata 12", "Furuveien 3B", "Nedre-Storgata 4",
    "912 34 567", "+47 912 34 567", "22334455", "150312 12345", "12. mars", "14.30", "mor@eksempel.no", "@",
    " ", "  ", "\n", ". ", "! ", ": ", "… ", "«", "»", "\"", "'", "(", "*", "> ", "_", "-", "–", "x", "og", "Du",
    "æøå", "Åse", "Zoë", "\x00", ",", "1", "2",
    "\u00a0", "\u2009", "\u3000", "\x1c", "٣", "١٢٣٤", "１２３", "९", "12\u00a034\u200956\u202f78", "«4»", "§ 3",
])
_TEXT = st.lists(_PIECES, max_size=14).map("".join)


def test_a_number_over_a_line_break_is_quoted_on_one_line() -> None:
    problems = lint_data({"id": "x", "summary": "Klokka 14.30\n150312 ringte hun", "nodes": {}}, None, "sak.yaml")
    assert [(p.code, p.message.split(" ser ut")[0]) for p in problems] == [("ANO002", "«30 150312»")]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=5), names=st.lists(_TEXT, max_size=2))
def test_same_findings_as_text_by_text_on_generated_texts(texts: list[str], names: list[str]) -> None:
    data = {"id": "x", "cast": [{"id": "e", "name": "Emma Lie"}], "places": names, "summary": texts[0],
            "nodes": {"a": {"text": texts[1:], "goto": texts[0]}}}
    ours = lint_data(data, None, "sak.yaml")
    assert _comparable(ours) == _reference_comparable(reference_lint(data, None, "sak.yaml"))


def test_the_eight_digit_sketch_keeps_every_digit_and_separator() -> None:
    # The sketch may say «maybe» too often (that costs time), never «no» where the pattern would match: every
    # character «\d» matches must become a digit, and every one «[\s-]» matches a digit or a separator.
    digit, separator = re.compile(r"\d"), re.compile(r"[\s-]")
    for code in (*range(0xD800), *range(0xE000, 0x110000)):
        char = chr(code)
        if digit.match(char):
            assert L._may_have_eight_digits(char * 8), hex(code)
        elif separator.match(char):
            assert L._may_have_eight_digits(f"1234{char}5678"), hex(code)
            if code < 0x100:  # (beyond Latin-1 a space may count as a digit: «maybe» is allowed there)
                assert not L._may_have_eight_digits(f"123{char}{char}4567"), hex(code)  # two in a row: no
    assert not L._may_have_eight_digits("tlf. 912 34 56, født 1. mars 2012 – «Åse» sa: æøå")
