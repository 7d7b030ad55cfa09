"""The safe YAML reader: data, marks, limits and Norwegian problems."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from trainer.scenario import yaml_fast
from trainer.scenario.yamlsafe import MAX_DEPTH, MarkTable, parse_yaml, read_yaml


def parse(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_yaml(raw, "f.yaml")


def only_problem(text: str | bytes):
    result = parse(text)
    assert result.value is None
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_plain_data_and_marks() -> None:
    result = parse("a: 1\nb:\n  - x\n  - {c: true}\nd: æøå\n")
    assert result.problems == []
    doc = result.value
    assert doc.data == {"a": 1, "b": ["x", {"c": True}], "d": "æøå"}
    marks = doc.marks
    assert marks.value_at(("a",)) == (1, 4)
    assert marks.key_at(("a",)) == (1, 1)
    assert marks.key_at(("b",)) == (2, 1)
    assert marks.value_at(("b", 0)) == (3, 5)
    assert marks.value_at(("b", 1, "c")) == (4, 9)
    assert marks.key_at(("b", 1, "c")) == (4, 6)
    assert marks.value_at(("d",)) == (5, 4)
    assert result.marks is doc.marks


def test_mark_table_falls_back_to_deepest_prefix() -> None:
    marks = MarkTable(values={(): (1, 1), ("a",): (2, 3), ("a", 0): (3, 5)}, keys={("a",): (2, 1)})
    assert marks.value_at(("a", 0, "missing", 4)) == (3, 5)
    assert marks.value_at(("nope",)) == (1, 1)
    assert marks.key_at(("a", 0)) == (3, 5)  # list items have no key
    assert marks.key_at(("a",)) == (2, 1)
    assert marks.has(("a",)) and not marks.has(("a", 1))
    assert MarkTable().value_at(("x",)) == (1, 1)


def test_safe_scalars() -> None:
    doc = parse("s: !!str 12\nn: ~\nf: 1.5\nd: 2024-01-02\nb: no\ni: 0x10\n").value
    assert doc.data == {"s": "12", "n": None, "f": 1.5, "d": datetime.date(2024, 1, 2), "b": False, "i": 16}


def test_bom_and_crlf_accepted() -> None:
    result = parse(b"\xef\xbb\xbfa: 1\r\nb:\r\n  - x\r\n")
    assert result.problems == []
    assert result.value.data == {"a": 1, "b": ["x"]}
    assert result.value.marks.value_at(("b", 0)) == (3, 5)


def test_duplicate_key_points_at_second() -> None:
    problem = only_problem("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (problem.code, problem.line, problem.col) == ("YAML002", 4, 3)
    assert "«c»" in problem.message and "linje 3" in problem.message


def test_two_documents() -> None:
    problem = only_problem("a: 1\n---\nb: 2\n")
    assert (problem.code, problem.line) == ("YAML005", 2)


def test_explicit_single_document_is_fine() -> None:
    assert parse("---\na: 1\n...\n").value.data == {"a": 1}


def test_billion_laughs_refused() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    problem = only_problem("\n".join(lines) + "\n")
    assert problem.code == "YAML006"
    assert "alias" in problem.message


def test_recursive_alias_refused() -> None:
    assert only_problem("a: &a [1, *a]\n").code == "YAML006"


def test_deep_nesting_refused() -> None:
    depth = MAX_DEPTH + 1
    assert only_problem("a: " + "[" * depth + "]" * depth + "\n").code == "YAML006"
    ok = MAX_DEPTH - 1  # the top-level mapping is one level
    assert parse("a: " + "[" * ok + "]" * ok + "\n").value is not None


def test_huge_nesting_in_limit_returns_quickly() -> None:
    assert only_problem("[" * 500_000).code == "YAML006"


def test_aliases_share_and_merge_keys_work() -> None:
    data = parse("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\nd: *b\n").value.data
    assert data["c"] == {"x": 1, "y": 3}
    assert data["d"] == {"x": 1, "y": 2}


@pytest.mark.parametrize(
    "text",
    [
        'a: !!python/object/apply:os.system ["echo hei"]\n',
        "a: !!python/name:os.system\n",
        "a: !!python/object:collections.OrderedDict {}\n",
        "a: !ukjent x\n",
        "a: !!set {x}\n",
    ],
)
def test_unsafe_tags_refused(text: str) -> None:
    problem = only_problem(text)
    assert problem.code == "YAML007"
    assert "ikke tillatt" in problem.message


def test_python_tag_message_names_python() -> None:
    assert "Python" in only_problem("a: !!python/object/apply:os.system [x]\n").message


def test_undefined_alias() -> None:
    problem = only_problem("a: *nope\n")
    assert problem.code == "YAML001" and "*nope" in problem.message


def test_not_utf8_points_at_byte() -> None:
    problem = only_problem(b"a: 1\nb: Bl\xe5\n")
    assert (problem.code, problem.line, problem.col) == ("YAML004", 2, 6)
    assert "UTF-8" in problem.message


def test_utf16_refused() -> None:
    problem = only_problem("a: 1\n".encode("utf-16"))
    assert problem.code == "YAML004" and "UTF-16" in problem.message


def test_control_character_refused() -> None:
    problem = only_problem("a: 1\nb: x\x07\n")
    assert (problem.code, problem.line, problem.col) == ("YAML004", 2, 5)


_FORBIDDEN = [c for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF] if c not in (0x09, 0x0A, 0x0D, 0x85)]


@pytest.mark.parametrize("char", _FORBIDDEN, ids=[f"U+{c:04X}" for c in _FORBIDDEN])
def test_every_forbidden_character_is_yaml004_wherever_it_stands(char: int) -> None:
    """The reader checks for these only when the fast path refuses a text, trusting libyaml to refuse them
    all: this proves it does, in plain, quoted and block scalars, keys and comments."""
    c = chr(char)
    for text in (f"a: x{c}y\n", f"a: 'x{c}y'\n", f"a: \"x{c}y\"\n", f"a: |\n  x{c}y\n", f"a{c}b: 1\n",
                 f"# merknad {c}\na: 1\n", f"a:\n  - x{c}\n"):
        problem = only_problem(text)
        assert problem.code == "YAML004" and f"U+{char:04X}" in problem.message, text


@pytest.mark.parametrize("text", ["", "\n\n", "# bare en kommentar\n", "---\n", "~\n"])
def test_empty(text: str) -> None:
    problem = only_problem(text)
    assert problem.code == "YAML008" and "tom" in problem.message


@pytest.mark.parametrize(("text", "what"), [("- a\n- b\n", "liste"), ("bare tekst\n", "bare tekst")])
def test_top_level_not_mapping(text: str, what: str) -> None:
    problem = only_problem(text)
    assert problem.code == "YAML008" and what in problem.message


def test_syntax_error_colon_in_text() -> None:
    problem = only_problem("id: x\nsummary: Emma sa: hei\n")
    assert (problem.code, problem.line, problem.col) == ("YAML001", 2, 17)
    assert problem.message.startswith("YAML-syntaksfeil: ")
    assert "anførselstegn" in problem.message


def test_syntax_error_tab_indentation() -> None:
    problem = only_problem("a:\n\tb: 1\n")
    assert (problem.code, problem.line) == ("YAML001", 2)
    assert "tabulator" in problem.message


def test_unclosed_flow_list_mentions_start_line() -> None:
    problem = only_problem("a: [1, 2\nb: 3\n")
    assert problem.code == "YAML001"
    assert "linje 1" in problem.message


def test_complex_key_refused() -> None:
    assert only_problem("? [a]\n: b\n").code == "YAML001"


def test_read_yaml_file_and_display_path(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert read_yaml(path).value.data == {"a": 1}
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    assert read_yaml(path, "vist.yaml").problems[0].path == "vist.yaml"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = read_yaml(tmp_path / "nei.yaml").problems[0]
    assert missing.code == "IO001" and "fant ikke" in missing.message
    assert read_yaml(tmp_path).problems[0].code == "IO002"


def test_size_limit_checked_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "stor.yaml"
    path.write_bytes(b"a: " + b"x" * 2_000_000 + b"\n")
    problem = read_yaml(path).problems[0]
    assert problem.code == "YAML003" and (problem.line, problem.col) == (1, 1)
    assert "for stor" in problem.message
    small = tmp_path / "liten.yaml"
    small.write_bytes(b"a: 12345\n")
    assert read_yaml(small, max_bytes=4).problems[0].code == "YAML003"


def test_a_file_holding_more_than_its_size_says_is_read_whole_and_still_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pipe, or a file that grew after its size was looked up: the reader reads on, up to the limit.
    import os
    from types import SimpleNamespace

    import trainer.scenario.yamlsafe as yamlsafe

    real_fstat = os.fstat
    def shrunk(fd: int) -> SimpleNamespace:
        status = real_fstat(fd)
        return SimpleNamespace(st_size=status.st_size // 4, st_mode=status.st_mode)

    monkeypatch.setattr(yamlsafe.os, "fstat", shrunk)
    path = tmp_path / "voksende.yaml"
    path.write_bytes(b"a: 1\nb: [to, tre]\nc: fire fem seks\n")
    assert read_yaml(path).value.data == {"a": 1, "b": ["to", "tre"], "c": "fire fem seks"}
    assert read_yaml(path, max_bytes=20).problems[0].code == "YAML003"


# -- the reader's own limits, whatever PyYAML (and libyaml) is installed ----------------------------------

import yaml  # noqa: E402

from trainer.scenario import yamlsafe  # noqa: E402

LOADERS = [pytest.param(yaml.SafeLoader, id="python")]
if hasattr(yaml, "CSafeLoader"):
    LOADERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch):
    """Run the reader on libyaml and on PyYAML's pure-Python parser (the fast path needs libyaml)."""
    monkeypatch.setattr(yamlsafe, "LOADER", request.param)
    monkeypatch.setattr(yaml_fast, "LOADER", request.param)
    return request.param


def nested(depth: int, anchor: bool) -> str:
    """A file whose deepest list is ``depth`` levels down, the top mapping counted; ``anchor`` sends it to
    the full builder (the fast path steps aside for anchors)."""
    inner = depth - 1
    head = "a: &x " if anchor else "a: "
    return head + "[" * inner + "]" * inner + "\n"


@pytest.mark.parametrize("anchor", [False, True], ids=["fast-path", "full-builder"])
def test_nesting_just_under_and_over(loader, anchor: bool) -> None:
    assert parse(nested(MAX_DEPTH, anchor)).problems == []
    problem = only_problem(nested(MAX_DEPTH + 1, anchor))
    assert problem.code == "YAML006"
    assert f"mer enn {MAX_DEPTH} nivåer" in problem.message


@pytest.mark.parametrize("depth", [1_001, 2_000, 500_000])
def test_nesting_beyond_libyamls_own_limit_gets_our_message(loader, depth: int) -> None:
    """libyaml ≥ 0.2.6 (PyYAML ≥ 6.0.3) refuses more than 1000 levels while scanning ahead, before our
    check sees them; the learner's message must be the same as with older releases."""
    problem = only_problem("[" * depth)
    assert (problem.code, problem.message) == ("YAML006", f"fila er nøstet for dypt (mer enn {MAX_DEPTH} nivåer)")
    compact = "a:\n" + "- " * min(depth, 100_000) + "x\n"  # block lists, one level per «- »
    assert only_problem(compact).code == "YAML006"


@pytest.mark.parametrize("anchor", [False, True], ids=["fast-path", "full-builder"])
def test_node_count_just_under_and_over(loader, anchor: bool) -> None:
    # the top mapping, its key «a» and the list count too: the limit counts every node
    items = yamlsafe.MAX_NODES - 3
    head = "a: &x [" if anchor else "a: ["
    assert parse(head + "0," * items + "]\n").problems == []
    problem = only_problem(head + "0," * (items + 1) + "]\n")
    assert problem.code == "YAML006"
    assert "for mange verdier" in problem.message and "alias" not in problem.message


def test_alias_expansion_just_under_and_over(loader) -> None:
    # b repeats a's list k times: 1 (top) + 1 + n (a) + 1 + k·(n + 1) (b) values in all
    n = 999
    base = f"a: &a [{'0,' * n}]\n"
    k_ok = (yamlsafe.MAX_NODES - 3 - n) // (n + 1)
    assert parse(base + "b: [" + "*a," * k_ok + "]\n").problems == []
    problem = only_problem(base + "b: [" + "*a," * (k_ok + 1) + "]\n")
    assert problem.code == "YAML006"
    assert "aliasene" in problem.message


def test_size_just_under_and_over(loader, tmp_path: Path) -> None:
    limit = 1000
    body = "a: " + "x" * (limit - 4) + "\n"
    assert len(body.encode()) == limit
    assert parse_yaml(body.encode(), "f.yaml", max_bytes=limit).problems == []
    over = parse_yaml((body + " ").encode(), "f.yaml", max_bytes=limit)
    assert [p.code for p in over.problems] == ["YAML003"]
    path = tmp_path / "f.yaml"
    path.write_text(body + " ", encoding="utf-8")
    assert [p.code for p in read_yaml(path, max_bytes=limit).problems] == ["YAML003"]
    path.write_text(body, encoding="utf-8")
    assert read_yaml(path, max_bytes=limit).problems == []
