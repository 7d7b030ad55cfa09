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
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from trainer.scenario.problems import ERROR, WARNING, Problem, Severity
from trainer.scenario.yamlsafe import DataPath, MarkTable

# Each pattern that runs over every text starts with a character class, not a look-behind, so the regex
# engine can skip ahead to the next candidate character instead of trying the whole pattern at every
# position; the look-behinds come right after that first character («(?<!\w.)» is «\b» before it).
_FNR = re.compile(r"(?<![\d])(\d{6})\s?(\d{5})(?![\d])")
_PHONE = re.compile(r"(?<![\d+])(?:\+47[\s-]?)?([2-9]\d(?:[\s-]?\d){6})(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STREET = re.compile(
    r"([A-ZÆØÅ](?<!\w.)[a-zæøå]+(?:veien|vegen|veg|vei|gata|gaten|gate|allé|alle|plassen|bakken|stien|svingen|lia|tunet|åsen))"
    r"\s+(\d{1,4}[A-Za-z]?)\b"
)
_WORD = re.compile(r"[A-ZÆØÅ](?<![\w«\"'].)[a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøå]+)?")
"""A capitalised word (or two joined by a hyphen) not right after a letter, digit or opening quote."""
#: Capitalised words that are not names even mid-sentence (abbreviations are all-caps and never flagged).
_NOT_NAMES = frozenset(
    {
        "Markdown",
        "Bufdir",
        "Statsforvalteren",
        "Barnekonvensjonen",
        "Grunnloven",
        "Lovdata",
        "Helsedirektoratet",
        "Udir",
        "Snap",
        "Snapchat",
        "Instagram",
        "Teams",
        "Messenger",
        "Facebook",
        "TikTok",
        "Google",
        "Vipps",
        "Conexus",
        "Stafettloggen",
        "Menti",
        "Kahoot",
        "Jul",
        "Påske",
        "Norge",
        "Norsk",
        "Kommunen",
    }
)


def _digit_sketch_table() -> tuple[bytes, bytes]:
    """The translation table of :func:`_may_have_eight_digits` and the bytes it deletes."""
    table = bytearray(b"x" * 256)
    table[ord("0") : ord("9") + 1] = b"0" * 10
    for space in b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f-":  # what «[\s-]» matches in ASCII
        table[space] = ord(" ")
    table[0xC2] = ord(" ")  # U+0080–U+00BF: NBSP and NEL are white space; none is a digit
    table[0xC4:] = b"0" * (256 - 0xC4)  # beyond Latin-1: a character that may be a digit (or a space)
    return bytes(table), bytes(range(0x80, 0xC0))  # (U+00C0–U+00FF, lead byte C3, are letters: "x")


_SKETCH, _CONTINUATION_BYTES = _digit_sketch_table()
_EIGHT_IN_SKETCH = re.compile(rb"0(?: ?0){7}")


def _may_have_eight_digits(text: str) -> bool:
    """False only when no eight digits with single separators (``\\d(?:[\\s-]?\\d){7}``) occur in ``text``.

    Every fødselsnummer (11 digits, at most one space) and phone number (8 digits, single separators) has
    them, so when a file has none neither pattern above needs to run. Searched in a sketch of the UTF-8
    bytes (one byte per character: digit → «0», separator → « », the rest mostly «x») where the search can
    jump from «0» to «0»: ten times faster than the pattern on the text, whose every position it tries."""
    sketch = text.encode("utf-8", "surrogatepass").translate(_SKETCH, _CONTINUATION_BYTES)
    return _EIGHT_IN_SKETCH.search(sketch) is not None


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
    k1 = 11 - sum(w * n for w, n in zip(_W1, numbers, strict=False)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(w * n for w, n in zip(_W2, numbers, strict=False)) % 11
    k2 = 0 if k2 == 11 else k2
    return k1 == numbers[9] and k2 == numbers[10] and k1 != 10 and k2 != 10


_SKIPPED_KEYS = frozenset({"id", "goto", "start", "type"})
"""Keys whose values are identifiers, never prose."""
_NO_NAME_CHECK = frozenset({"cast", "places", "learning_goals"})
"""Top-level keys whose texts are not checked for names (they define the names, or are about the course)."""
_SEPARATOR = "\x00\n"
"""Between texts when they are searched as one: no pattern matches ``\\x00``, so no match spans two texts,
and ``\\n`` ends a sentence, so a text's first word is a sentence start as it is on its own."""


def _texts(data: Any, out: list[str]) -> None:
    """Every text in ``data``, depth first in file order, leaving out identifiers. (Texts are appended where
    they are met rather than by a call each: a scenario has hundreds.)"""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _SKIPPED_KEYS:
                continue
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (dict, list)):
                _texts(value, out)
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (dict, list)):
                _texts(value, out)
    elif isinstance(data, str):
        out.append(data)


def _text_paths(data: Any, path: DataPath, out: list[DataPath]) -> None:
    """The data path of each text, in the order :func:`_texts` lists them (only needed to place a problem)."""
    if isinstance(data, str):
        out.append(path)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in _SKIPPED_KEYS:
                _text_paths(value, (*path, key), out)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _text_paths(value, (*path, index), out)


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


def _one_line(found: str) -> str:
    """A match quoted in a message on one line: a number or address may run over a line break in the text."""
    return " ".join(found.split())


_NUMBER_CHECKS: tuple[tuple[re.Pattern[str], str, Callable[[re.Match[str]], str]], ...] = (
    (_FNR, "ANO001", lambda m: "tallet ser ut som et fødselsnummer eller D-nummer; bruk aldri ekte personnummer"),
    (
        _PHONE,
        "ANO002",
        lambda m: f"«{_one_line(m.group(0))}» ser ut som et telefonnummer; skriv «telefonnummeret» i stedet",
    ),
    (_EMAIL, "ANO003", lambda m: f"«{m.group(0)}» ser ut som en e-postadresse; fjern den"),
    (
        _STREET,
        "ANO004",
        lambda m: f"«{_one_line(m.group(0))}» ser ut som en gateadresse; fjern husnummeret eller skriv «hjemme»",
    ),
)
"""ANO001–ANO004: pattern, code and message, in the order they are reported within one text."""


def lint_data(data: Any, marks: MarkTable | None, shown: str) -> list[Problem]:
    """Every anonymisation problem in a parsed scenario file (raw data, so any text field is covered).

    All texts are searched as one string (a few regex scans per file instead of a few per text), and a
    match is traced back to its text and line only when it is a problem. Problems come in the order of the
    texts in the file; within a text ANO001–ANO004, then names."""
    texts: list[str] = []
    unnamed: list[tuple[int, int]] = []  # (first, end) text indexes of sections without the name check
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _SKIPPED_KEYS:
                continue
            first = len(texts)
            _texts(value, texts)
            if key in _NO_NAME_CHECK:
                unnamed.append((first, len(texts)))
    else:
        _texts(data, texts)
    if not texts:
        return []
    whole = _SEPARATOR.join(texts)
    found: list[tuple[int, int, int, str, str, Severity]] = []  # text, kind, offset, code, message, severity
    starts: list[int] = []  # where each text begins in ``whole``; worked out at the first problem

    def locate(position: int) -> tuple[int, int]:
        if not starts:
            starts.extend(accumulate((len(t) + len(_SEPARATOR) for t in texts[:-1]), initial=0))
        index = bisect_right(starts, position) - 1
        return index, position - starts[index]

    has_eight_digits = _may_have_eight_digits(whole)

    for kind, (pattern, code, message) in enumerate(_NUMBER_CHECKS):
        if pattern is _EMAIL and "@" not in whole or pattern in (_FNR, _PHONE) and not has_eight_digits:
            continue
        for match in pattern.finditer(whole):
            if code == "ANO001" and not is_fodselsnummer(match.group(1) + match.group(2)):
                continue
            index, offset = locate(match.start())
            found.append((index, kind, offset, code, message(match), ERROR))
    known = _cast_names(data)
    for match in _WORD.finditer(whole):
        word = match.group()
        if word in known or word in _NOT_NAMES or _sentence_start(whole, match.start()):
            continue
        if any(part in known or part.removesuffix("s") in known for part in word.split("-")):
            continue  # «Emmas» is Emma's
        index, offset = locate(match.start())
        if any(first <= index < end for first, end in unnamed):
            continue
        found.append(
            (
                index,
                len(_NUMBER_CHECKS),
                offset,
                "ANO005",
                f"«{word}» ser ut som et navn som ikke står i «cast» eller «places»",
                WARNING,
            )
        )
    if not found:
        return []
    paths: list[DataPath] = []
    _text_paths(data, (), paths)
    problems = []
    for index, _, offset, code, note, severity in sorted(found, key=lambda f: f[:3]):
        line, col = _position(marks, paths[index], texts[index], offset)
        problems.append(Problem(shown, line, col, code, note, severity))
    return problems
