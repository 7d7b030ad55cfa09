"""A safe, bounded YAML reader that also records where every value came from.

The file is read as bytes and checked before any parsing: its size (``MAX_BYTES``), that it is UTF-8 text
(a BOM is accepted) and that it holds no control characters. The YAML event stream is then turned into
plain Python data here — not by PyYAML's constructor — so that:

* only safe scalar types are built (str, int, float, bool, null, timestamp); any other explicit tag,
  ``!!python/...`` above all, is refused;
* aliases are counted as if expanded, and nesting depth is bounded, so an alias bomb ("billion laughs")
  or a deeply nested file is refused in time proportional to its size;
* a duplicate mapping key is an error (PyYAML silently keeps the last one);
* a :class:`MarkTable` maps each data path — a tuple of mapping keys and list indices — to the 1-based
  line and column of its node, and of its key, so later errors can point at the right line.

Every failure is returned as a :class:`~trainer.scenario.problems.Problem` with a Norwegian message.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from trainer.scenario.problems import WARNING, LoadResult, Problem
from trainer.scenario.yaml_fast import build_plain
from trainer.scenario.yamldoc import (
    CORE_TAG,
    LOADER,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    MERGE_TAG,
    SAFE_SCALAR_TAGS,
    STR_TAG,
    DataPath,
    MarkTable,
    Position,
    YamlDocument,
    pos,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "DataPath",
    "MarkTable",
    "Position",
    "YamlDocument",
    "parse_yaml",
    "read_yaml",
]

_TOO_DEEP = f"fila er nøstet for dypt (mer enn {MAX_DEPTH} nivåer)"
#: What libyaml says when its own nesting limit (far above ours) stops the scanner.
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"

_BOM = b"\xef\xbb\xbf"
# The characters YAML forbids in a stream (the same set as PyYAML's Reader.NON_PRINTABLE).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class YamlProblem(Exception):
    """Raised inside this module for a refused file; turned into a :class:`Problem` before returning."""

    def __init__(self, code: str, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col


def read_yaml(path: Path, display_path: str | None = None, *, max_bytes: int = MAX_BYTES) -> LoadResult[YamlDocument]:
    """Read and parse the YAML file at ``path``; never raises for a bad or missing file.

    ``display_path`` is the path written in problems (default ``str(path)``). The size is checked on the
    file system before a byte is read, so a huge file is refused at once.
    """
    shown = display_path if display_path is not None else str(path)
    try:
        # opened without blocking, so a FIFO named *.yaml cannot hang the reader; refused below unless regular
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):
                return _fail(shown, YamlProblem("IO003", "dette er ikke en vanlig fil (en pipe, en enhet e.l.)"))
            size = status.st_size
            if size > max_bytes:
                return _fail(shown, YamlProblem("YAML003", _too_large(size, max_bytes)))
            # As much as the file says it holds (asking for the whole limit would allocate it every time),
            # then the rest up to the limit if there is more: a file that grew, or a pipe that reports 0.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except FileNotFoundError:
        return _fail(shown, YamlProblem("IO001", "fant ikke fila"))
    except IsADirectoryError:
        return _fail(shown, YamlProblem("IO002", "dette er en mappe, ikke en fil"))
    except PermissionError:
        return _fail(shown, YamlProblem("IO002", "har ikke tilgang til å lese fila"))
    except OSError as exc:
        return _fail(shown, YamlProblem("IO002", f"kunne ikke lese fila ({exc.strerror or type(exc).__name__})"))
    if len(raw) > max_bytes:
        return _fail(shown, YamlProblem("YAML003", _too_large(len(raw), max_bytes)))
    return parse_yaml(raw, shown, max_bytes=max_bytes)


def parse_yaml(raw: bytes, display_path: str, *, max_bytes: int = MAX_BYTES) -> LoadResult[YamlDocument]:
    """Parse YAML bytes into a :class:`YamlDocument`; every refusal comes back as a problem."""
    try:
        if len(raw) > max_bytes:
            raise YamlProblem("YAML003", _too_large(len(raw), max_bytes))
        text = _decode(raw)
        text, separator_warning = _without_unicode_line_breaks(text, display_path)
        # (without libyaml the fast path is skipped: PyYAML's own reader refuses these characters in English)
        document = build_plain(text, marking=False) if LOADER is not yaml.SafeLoader else None
        if document is None:
            _refuse_control_characters(text)
            document = _Builder(text).build()
    except YamlProblem as problem:
        return _fail(display_path, problem)
    warnings = [separator_warning] if separator_warning is not None else []
    return LoadResult(value=document, marks=document.marks, problems=warnings)


#: Characters YAML (and Python) count as line breaks but editors do not show as new lines: left in, they
#: would shift every line number reported after them.
_UNICODE_LINE_BREAKS = re.compile("[\u2028\u2029\x85]")


def _without_unicode_line_breaks(text: str, shown: str) -> tuple[str, Problem | None]:
    """The text with U+2028, U+2029 and U+0085 as spaces, and a YAML007 warning at the first (these come
    from text pasted from a word processor or a web page)."""
    found = _UNICODE_LINE_BREAKS.search(text)
    if found is None:
        return text, None
    line, col = _position_of(text, found.start())
    warning = Problem(
        shown,
        line,
        col,
        "YAML007",
        f"fila har et usynlig linjeskifttegn (U+{ord(found.group()):04X}), ofte fra tekst limt inn fra et "
        "tekstbehandlingsprogram; det leses som et mellomrom – fjern det",
        WARNING,
    )
    return _UNICODE_LINE_BREAKS.sub(" ", text), warning


def _fail(shown: str, problem: YamlProblem) -> LoadResult[YamlDocument]:
    return LoadResult(problems=[Problem(shown, problem.line, problem.col, problem.code, problem.message)])


def _too_large(size: int, limit: int) -> str:
    mb = f"{size / 1_000_000:.1f}".replace(".", ",")
    limit_text = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} byte"
    return f"fila er for stor ({mb} MB); en scenariofil kan være høyst {limit_text}"


def _decode(raw: bytes) -> str:
    """UTF-8 bytes → text without BOM; refuses other encodings (control characters: see below)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("YAML004", "fila er lagret som UTF-16; lagre den som UTF-8")
    offset = len(_BOM) if raw.startswith(_BOM) else 0
    body = raw[offset:]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        line_start = body.rfind(b"\n", 0, exc.start) + 1
        col = len(body[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise YamlProblem(
            "YAML004",
            f"fila er ikke gyldig UTF-8-tekst (byte 0x{body[exc.start]:02X}); "
            "ble den lagret som Latin-1 eller Windows-1252? Lagre fila som UTF-8",
            line,
            col,
        ) from None
    return text


def _refuse_control_characters(text: str) -> None:
    """YAML004 for a character YAML forbids in a stream. Only needed when the fast path refused the text:
    libyaml refuses exactly these characters, so a text it parsed has none (tested for every one)."""
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, col = _position_of(text, bad.start())
        raise YamlProblem(
            "YAML004",
            f"fila inneholder et ulovlig kontrolltegn (U+{ord(bad.group()):04X}); er det en tekstfil?",
            line,
            col,
        )


def _position_of(text: str, index: int) -> Position:
    """1-based line and column of a character index (CRLF and CR count as one line break)."""
    before = text[:index].replace("\r\n", "\n").replace("\r", "\n")
    return before.count("\n") + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@dataclass(slots=True)
class _Anchor:
    value: Any
    size: int
    height: int


@dataclass(slots=True)
class _Frame:
    """A list or mapping being built."""

    path: DataPath
    container: Any
    position: Position
    anchor: str | None
    size: int = 1
    height: int = 1
    key: Any = None
    key_position: Position | None = None
    has_key: bool = False
    merges: list[tuple[Any, Position]] = field(default_factory=list)


_MERGE = object()


class _Builder:
    """Turns the event stream of one text into plain data and a mark table, enforcing the limits."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.marks = MarkTable()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.total = 0
        self.expanded = False
        """An alias has been expanded (the node count is then about aliases, not the file's own size)."""
        self.documents = 0
        self.root: Any = None
        self.root_position: Position = (1, 1)
        self.resolver = Resolver()
        self.constructor = SafeConstructor()

    def build(self) -> YamlDocument:
        """Parse the whole stream; raises :class:`YamlProblem` for anything refused."""
        try:
            loader = LOADER(self.text)
        except yaml.YAMLError as exc:
            raise self._yaml_problem(exc) from None
        try:
            while loader.check_event():
                self._event(loader.get_event())
        except yaml.YAMLError as exc:
            raise self._yaml_problem(exc) from None
        except RecursionError:
            raise YamlProblem("YAML006", _TOO_DEEP) from None
        finally:
            loader.dispose()
        if self.documents == 0 or self.root is None:
            raise YamlProblem(
                "YAML008", "fila er tom (den har ikke noe YAML-innhold, bare kommentarer eller ingenting)"
            )
        if not isinstance(self.root, dict):
            kind = "en liste" if isinstance(self.root, list) else f"verdien «{_short(self.root)}»"
            raise YamlProblem(
                "YAML008",
                f"øverste nivå i fila må være en mapping (nøkkel: verdi), men fila inneholder {kind}",
                *self.root_position,
            )
        return YamlDocument(self.root, self.marks)

    # -- events -------------------------------------------------------------------------------------

    def _event(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:  # by far the most frequent: checked first
            self._scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._start(event)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self._end()
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlProblem(
                    "YAML005",
                    "fila inneholder mer enn ett YAML-dokument (en linje med «---» starter et nytt); "
                    "ett scenario per fil",
                    *pos(event.start_mark),
                )
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)

    def _count(self, nodes: int, position: Position) -> None:
        self.total += nodes
        if self.total > MAX_NODES:
            limit = f"{MAX_NODES:_}".replace("_", " ")
            if self.expanded:
                message = f"fila blir for stor når aliasene (*navn) utvides (mer enn {limit} verdier)"
            else:
                message = f"fila har for mange verdier (mer enn {limit}); del den opp i flere scenarioer"
            raise YamlProblem("YAML006", message, *position)

    def _scalar(self, event: Any) -> None:
        position = pos(event.start_mark)
        tag = event.tag
        if tag is None or tag == "!":
            # quoted or block scalars are strings: no implicit typing to resolve
            tag = STR_TAG if event.style else self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
        if tag == MERGE_TAG:
            if self._expects_key():
                self._count(1, position)
                self._place(_MERGE, position, event.anchor, 1, 0)
                return
            tag = CORE_TAG + "str"
        if tag not in SAFE_SCALAR_TAGS:
            raise YamlProblem("YAML007", _unsafe_tag_message(event.tag or tag), *position)
        if tag == STR_TAG:  # the common case: the constructor would return the text unchanged
            value = event.value
        else:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            try:
                value = SafeConstructor.yaml_constructors[tag](self.constructor, node)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                raise YamlProblem(
                    "YAML001",
                    f"YAML-syntaksfeil: kan ikke lese «{_short(event.value)}» som {_tag_name(tag)}",
                    *position,
                ) from None
        self.total += 1
        if self.total > MAX_NODES:
            self._count(0, position)  # raises with the message
        self._place(value, position, event.anchor, 1, 0)

    def _alias(self, event: Any) -> None:
        position = pos(event.start_mark)
        name = event.anchor
        if name in self.open_anchors:
            raise YamlProblem("YAML006", f"aliaset «*{name}» peker på seg selv (rekursivt alias)", *position)
        anchor = self.anchors.get(name)
        if anchor is None:
            raise YamlProblem(
                "YAML001", f"YAML-syntaksfeil: ukjent alias «*{name}» (ingen «&{name}» før det)", *position
            )
        if len(self.stack) + anchor.height > MAX_DEPTH:
            raise YamlProblem("YAML006", _TOO_DEEP, *position)
        self.expanded = True
        self._count(anchor.size, position)
        self._place(anchor.value, position, None, anchor.size, anchor.height)

    def _start(self, event: Any) -> None:
        position = pos(event.start_mark)
        is_map = isinstance(event, yaml.MappingStartEvent)
        allowed = (None, "!", CORE_TAG + ("map" if is_map else "seq"))
        if event.tag not in allowed:
            raise YamlProblem("YAML007", _unsafe_tag_message(event.tag), *position)
        if self._expects_key():
            raise YamlProblem("YAML001", "YAML-syntaksfeil: en nøkkel kan ikke være en liste eller mapping", *position)
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem("YAML006", _TOO_DEEP, *position)
        self._count(1, position)
        path = self._child_path()
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(path, {} if is_map else [], position, event.anchor))

    def _end(self) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, dict):
            self._apply_merges(frame)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
        # The frame's own path was fixed when it started; place the finished container there.
        self._place(frame.container, frame.position, frame.anchor, frame.size, frame.height)

    # -- placing values -----------------------------------------------------------------------------

    def _expects_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and not self.stack[-1].has_key

    def _child_path(self) -> DataPath:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, top.key)

    def _place(self, value: Any, position: Position, anchor: str | None, size: int, height: int) -> None:
        """Put a finished value where the stack says it goes, recording marks and anchors."""
        if anchor is not None:
            self.anchors[anchor] = _Anchor(value, size, height)
        if not self.stack:
            self.root, self.root_position = value, position
            self.marks.values[()] = position
            return
        top = self.stack[-1]
        top.size += size
        if height >= top.height:
            top.height = height + 1
        if type(top.container) is list:
            self.marks.values[(*top.path, len(top.container))] = position
            top.container.append(value)
        elif not top.has_key:
            self._set_key(top, value, position)
        else:
            self._set_value(top, value, position)

    def _set_key(self, top: _Frame, key: Any, position: Position) -> None:
        if key is not _MERGE:
            if isinstance(key, (list, dict)):
                raise YamlProblem(
                    "YAML001", "YAML-syntaksfeil: en nøkkel kan ikke være en liste eller mapping", *position
                )
            if key in top.container:
                first = self.marks.keys.get((*top.path, key))
                where = f" (første gang på linje {first[0]})" if first else ""
                hint = ""
                if key == "id" and top.path and isinstance(top.path[-1], int):
                    hint = "; har du glemt «- » foran «id:» for å starte et nytt punkt i lista?"
                raise YamlProblem("YAML002", f"nøkkelen «{_short(key)}» står to ganger{where}{hint}", *position)
        top.key, top.key_position, top.has_key = key, position, True

    def _set_value(self, top: _Frame, value: Any, position: Position) -> None:
        key, key_position = top.key, top.key_position
        top.key, top.key_position, top.has_key = None, None, False
        if key is _MERGE:
            top.merges.append((value, key_position or position))
            return
        path = (*top.path, key)
        top.container[key] = value
        self.marks.values[path] = position
        if key_position is not None:
            self.marks.keys[path] = key_position

    def _apply_merges(self, frame: _Frame) -> None:
        """``<<: *base`` fills in keys the mapping does not set itself (earlier merges win)."""
        for value, position in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise YamlProblem("YAML001", "YAML-syntaksfeil: «<<» må peke på en mapping", *position)
                for key, item in source.items():
                    if key not in frame.container:
                        frame.container[key] = item
                        self.marks.values[(*frame.path, key)] = position
                        self.marks.keys[(*frame.path, key)] = position

    # -- errors -------------------------------------------------------------------------------------

    def _yaml_problem(self, exc: yaml.YAMLError) -> YamlProblem:
        if isinstance(exc, ReaderError):
            return YamlProblem("YAML004", f"fila inneholder et ulovlig tegn ({exc.reason})")
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = pos(mark) if mark is not None else (1, 1)
        problem = str(getattr(exc, "problem", None) or exc)
        if _LIBYAML_DEPTH_LIMIT in problem:
            # libyaml from 0.2.6 (in PyYAML 6.0.3+) stops at its own depth (1000 levels) while scanning ahead,
            # before our event loop reaches MAX_DEPTH: the same file gets the same message whatever is installed.
            return YamlProblem("YAML006", _TOO_DEEP, line, col)
        if "could not find expected ':'" in problem:
            missing = self._line_missing_colon(line)
            if missing is not None:
                text = self.text.splitlines()[missing - 1].strip()
                return YamlProblem(
                    "YAML001",
                    f"YAML-syntaksfeil: linje {missing} mangler kolon etter nøkkelen: «{_short(text)}» – skal det stå "
                    f"«{_colon_guess(text)}»? ({problem})",
                    missing,
                    len(self.text.splitlines()[missing - 1]) - len(self.text.splitlines()[missing - 1].lstrip()) + 1,
                )
        message = _syntax_message(problem, self._char_at(line, col))
        context_mark = getattr(exc, "context_mark", None)
        context = str(getattr(exc, "context", None) or "")
        if context_mark is not None and context_mark.line + 1 < line and ("flow" in context or "quoted" in context):
            message += f"; det som ikke ble avsluttet, startet på linje {context_mark.line + 1}"
        return YamlProblem("YAML001", f"YAML-syntaksfeil: {message} ({problem})", line, col)

    def _line_missing_colon(self, reported: int) -> int | None:
        """libyaml reports a missing «:» on the line *after* the key that lacks it; the line the author must
        fix is the last non-blank, non-comment line before that, when it has no «:» of its own."""
        lines = self.text.splitlines()
        for number in range(min(reported, len(lines) + 1) - 1, 0, -1):
            text = lines[number - 1].strip()
            if not text or text.startswith("#"):
                continue
            body = text[2:] if text.startswith("- ") else text
            return number if ":" not in body and not body.startswith(("{", "[", '"', "'")) else None
        return None

    def _char_at(self, line: int, col: int) -> str:
        lines = self.text.splitlines()
        if 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]):
            return lines[line - 1][col - 1]
        return ""


#: PyYAML/libyaml problem text (a fragment) → Norwegian explanation, most specific first.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("tab character", "tabulatortegn kan ikke brukes til innrykk i YAML; bruk mellomrom"),
    (
        "mapping values are not allowed",
        "en tekst inneholder «: » (kolon og mellomrom), eller innrykket er feil; "
        "sett i så fall hele teksten i anførselstegn",
    ),
    (
        "found unexpected end of stream",
        "fila slutter før noe ble avsluttet; mangler et avsluttende anførselstegn eller en klamme?",
    ),
    (
        "found unknown escape character",
        "ukjent escape-tegn (\\) i tekst med doble anførselstegn; bruk enkle anførselstegn eller skriv «\\\\»",
    ),
    ("expected ',' or ']'", "mangler «,» eller «]» i en liste i klammer"),
    ("expected ',' or '}'", "mangler «,» eller «}» i en mapping i krøllparenteser"),
    ("expected '-' indicator", "feil innrykk i en liste; hvert punkt må starte med «- » på samme innrykk"),
    ("expected key", "feil innrykk; linjen står ikke på linje med nøklene over"),
    ("expected <block end>", "feil innrykk; linjen står ikke på linje med nøklene over"),
    ("could not find expected ':'", "fant ikke forventet «:» etter en nøkkel"),
    ("found undefined tag handle", "ukjent tagg (et ord som starter med «!»)"),
    ("cannot start any token", "tegnet kan ikke starte en verdi; sett teksten i anførselstegn"),
    ("found a document separator", "«---» eller «...» midt i en verdi"),
    ("block sequence entries are not allowed", "«- » på et sted der det ikke kan starte en liste; sjekk innrykket"),
)


def _colon_guess(text: str) -> str:
    """«text: A» for the line «text A»: the first word as the key."""
    dash = "- " if text.startswith("- ") else ""
    body = text[len(dash) :]
    key, _, rest = body.partition(" ")
    return f"{dash}{key}: {rest}".rstrip()


def _syntax_message(problem: str, char: str) -> str:
    if char == "\t":
        return _SYNTAX_HINTS[0][1]
    lowered = problem.lower()
    for fragment, hint in _SYNTAX_HINTS:
        if fragment in lowered:
            if fragment == "cannot start any token" and char:
                return f"tegnet «{char}» kan ikke starte en verdi; sett teksten i anførselstegn"
            return hint
    return "fila kan ikke leses som YAML"


def _unsafe_tag_message(tag: str | None) -> str:
    shown = _tag_name(tag or "")
    if shown.startswith("!!python/"):
        return f"taggen «{shown}» er ikke tillatt: scenariofiler kan ikke lage Python-objekter"
    return f"taggen «{shown}» er ikke tillatt; bruk vanlig tekst, tall, lister og mappinger"


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(CORE_TAG) :] if tag.startswith(CORE_TAG) else tag


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
