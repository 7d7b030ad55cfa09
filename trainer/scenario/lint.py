"""Anonymisation lint: fictional cases built on a real one are a taushetsplikt risk in the material itself.

Flags, in every text of a scenario file, with the line it stands on:

* ``ANO001`` an 11-digit number that passes the fødselsnummer/D-nummer control digits (mod 11);
* ``ANO002`` a Norwegian phone number (8 digits, optionally +47);
* ``ANO003`` an e-mail address;
* ``ANO004`` a street address («Storgata 12», «Furuveien 3B»);
* ``ANO005`` (advarsel) a capitalised name mid-sentence that is neither in the cast nor in ``places``.

The first four are errors; names are a warning, because Norwegian capitalises only proper nouns and a
name not in the cast is usually a forgotten cast entry, but may be an invented place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from trainer.scenario.problems import WARNING, Problem
from trainer.scenario.yamlsafe import DataPath, MarkTable

_FNR = re.compile(r"(?<![\d])(\d{6})\s?(\d{5})(?![\d])")
_PHONE = re.compile(r"(?<![\d+])(?:\+47[\s-]?)?([2-9]\d(?:[\s-]?\d){6})(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STREET = re.compile(
    r"\b([A-ZÆØÅ][a-zæøå]+(?:veien|vegen|veg|vei|gata|gaten|gate|allé|alle|plassen|bakken|stien|svingen|lia|tunet|åsen))"
    r"\s+(\d{1,4}[A-Za-z]?)\b"
)
_WORD = re.compile(r"(?<![\w«\"'])([A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøå]+)?)")
#: Capitalised words that are not names even mid-sentence (abbreviations are all-caps and never flagged).
_NOT_NAMES = frozenset({"Markdown", "Bufdir", "Statsforvalteren", "Barnekonvensjonen", "Grunnloven", "Lovdata",
                        "Helsedirektoratet", "Udir", "Snap", "Snapchat", "Instagram", "Teams", "Messenger",
                        "Facebook", "TikTok", "Google", "Vipps", "Conexus", "Stafettloggen", "Menti", "Kahoot",
                        "Jul", "Påske", "Norge", "Norsk", "Kommunen"})

_DIGIT = re.compile(r"\d")

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def is_fodselsnummer(digits: str) -> bool:
    """True for an 11-digit fødselsnummer or D-nummer with valid date part and control digits."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    numbers = [int(c) for c in digits]
    day = int(digits[:2])
    if day > 40:  # D-nummer: 4 added to the first digit
        day -= 40
    month = int(digits[2:4]) % 40  # some synthetic/H-numbers add 40 to the month
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    k1 = 11 - sum(w * n for w, n in zip(_W1, numbers)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(w * n for w, n in zip(_W2, numbers)) % 11
    k2 = 0 if k2 == 11 else k2
    return k1 == numbers[9] and k2 == numbers[10] and k1 != 10 and k2 != 10


def _texts(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("id", "goto", "start", "type"):
                continue
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


def _position(marks: MarkTable | None, path: DataPath, text: str, index: int) -> tuple[int, int]:
    line, col = marks.value_at(path) if marks else (1, 1)
    before = text[:index]
    newlines = before.count("\n")
    if "\n" in text.rstrip("\n"):  # a block scalar starts on the line after its indicator
        return line + 1 + newlines, len(before) - before.rfind("\n")
    return line, col + index + 1  # +1 for an opening quote is ignored: close enough to find the word


def _cast_names(data: Any) -> set[str]:
    names: set[str] = set()
    cast = data.get("cast") if isinstance(data, dict) else None
    for member in cast if isinstance(cast, list) else []:
        if isinstance(member, dict):
            for part in str(member.get("name", "")).replace("-", " ").split():
                names.add(part)
    places = data.get("places") if isinstance(data, dict) else None
    for place in places if isinstance(places, list) else []:
        names.update(str(place).replace("-", " ").split())
    return names


_OPENERS = frozenset(" «»\"'(*>_-–")
"""Characters skipped when looking back for the end of the previous sentence."""


def _sentence_start(text: str, index: int) -> bool:
    """True when the word at ``index`` starts a sentence (only quotes, dashes and markup before it)."""
    i = index - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in ".!?:\n…"


def _numbers_and_addresses(text: str, path: DataPath, marks: MarkTable | None, shown: str) -> list[Problem]:
    """ANO001–ANO004 in one text."""
    problems: list[Problem] = []
    for match in _FNR.finditer(text):
        if is_fodselsnummer(match.group(1) + match.group(2)):
            line, col = _position(marks, path, text, match.start())
            problems.append(Problem(shown, line, col, "ANO001",
                                    "tallet ser ut som et fødselsnummer eller D-nummer; bruk aldri ekte personnummer"))
    for match in _PHONE.finditer(text):
        line, col = _position(marks, path, text, match.start())
        problems.append(Problem(shown, line, col, "ANO002",
                                f"«{match.group(0).strip()}» ser ut som et telefonnummer; skriv «telefonnummeret» i stedet"))
    for match in _EMAIL.finditer(text):
        line, col = _position(marks, path, text, match.start())
        problems.append(Problem(shown, line, col, "ANO003", f"«{match.group(0)}» ser ut som en e-postadresse; fjern den"))
    for match in _STREET.finditer(text):
        line, col = _position(marks, path, text, match.start())
        problems.append(Problem(shown, line, col, "ANO004",
                                f"«{match.group(0)}» ser ut som en gateadresse; fjern husnummeret eller skriv «hjemme»"))
    return problems


def lint_data(data: Any, marks: MarkTable | None, shown: str) -> list[Problem]:
    """Every anonymisation problem in a parsed scenario file (raw data, so any text field is covered)."""
    problems: list[Problem] = []
    known = _cast_names(data)
    for path, text in _texts(data):
        if "@" in text or _DIGIT.search(text) is not None:  # else no number, e-mail or address can be in it
            problems += _numbers_and_addresses(text, path, marks, shown)
        if path and path[0] in ("cast", "places", "learning_goals"):
            continue
        for match in _WORD.finditer(text):
            word = match.group(1)
            if word in known or word in _NOT_NAMES or _sentence_start(text, match.start()):
                continue
            if any(part in known or part.removesuffix("s") in known for part in word.split("-")):
                continue  # «Emmas» is Emma's
            line, col = _position(marks, path, text, match.start())
            problems.append(Problem(shown, line, col, "ANO005",
                                    f"«{word}» ser ut som et navn som ikke står i «cast» eller «places»", WARNING))
    return problems
