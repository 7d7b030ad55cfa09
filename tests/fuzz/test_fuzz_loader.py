"""Property-based tests of the loader and validate: any bytes, any mutation — a clear problem, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.scenario.validate import validate_file
from trainer.scenario.yaml_fast import build_plain as _build_plain
from trainer.scenario.yamlsafe import parse_yaml

VALID = (Path(__file__).resolve().parents[2] / "scenarios" / "eksempler" / "matpakka.yaml").read_bytes()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_clean(problems: list) -> None:
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.code not in ("INT001", "INT002", "INT003"), problem.format()
        assert problem.message and "Traceback" not in problem.message


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes_never_crash_the_yaml_reader(raw: bytes) -> None:
    result = parse_yaml(raw, "tilfeldig.yaml")
    if result.value is None:
        assert any(p.is_error for p in result.problems), "a refused file must say why"
    _assert_clean(result.problems)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = VALID.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            lines.insert(
                i,
                draw(
                    st.sampled_from(
                        [
                            b"- x",
                            b"a: [",
                            b"  goto: ingensteds",
                            b"&a [*a, *a]",
                            b"\t",
                            b"id: Ugyldig ID",
                            b"actions: [{tulk: barn}]",
                        ]
                    )
                ),
            )
        elif kind == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        elif kind == "indent":
            lines[i] = b"   " + lines[i]
    return b"\n".join(lines)


@SETTINGS
@given(mutated())
def test_mutated_scenarios_give_clear_problems(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "matpakka.yaml"
    path.write_bytes(data)
    problems = validate_file(path)
    _assert_clean(problems)


# -- the fast path of the YAML reader gives exactly what the full builder gives ---------------------------


def _both(text: str):  # type: ignore[no-untyped-def]
    from trainer.scenario.yamlsafe import _Builder

    fast = _build_plain(text)
    try:
        full = _Builder(text).build()
    except Exception as exc:  # noqa: BLE001 — a refused file: the fast path must have refused it too
        full = exc
    return fast, full


def _assert_same(text: str) -> bool:
    """The fast path either steps aside (None) or agrees with the full builder on data and marks."""
    fast, full = _both(text)
    if fast is None:
        return False
    assert not isinstance(full, Exception), f"the fast path accepted what the full builder refuses: {full}"
    assert fast.data == full.data
    assert fast.marks.values == full.marks.values
    assert fast.marks.keys == full.marks.keys
    later = _build_plain(text, marking=False)  # what the reader gives: positions worked out when asked for
    assert later is not None and later.data == full.data
    assert later.marks.key_at(()) == full.marks.key_at(())  # the first question fills the whole table
    assert later.marks.values == full.marks.values and later.marks.keys == full.marks.keys
    return True


def test_fast_path_agrees_on_every_yaml_file_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[2]
    files = [p for d in ("scenarios", "tests", "scoring") for p in sorted((root / d).rglob("*.y*ml"))]
    slow: list[str] = []
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not _assert_same(text):
            slow.append(path.relative_to(root).as_posix())
    assert len(files) > 100
    # Only the deliberately odd test files need the full builder; every bundled scenario takes the fast path.
    assert slow and all(name.startswith(("tests/data/broken/", "tests/ui/data/")) for name in slow), slow


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(["yes", "no", "on", "off", "~", "null", "1e3", "0x1F", "012", "2025-03-12",
                                           "12:30", "<<", "-", "- a", "a: b", "#", "!", "&a", "*a", ""]),
)
_KEYS = st.one_of(st.text(min_size=0, max_size=12), st.integers(-5, 5), st.sampled_from(["yes", "<<", "1", "null"]))
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=25,
)


@SETTINGS
@given(st.dictionaries(_KEYS, _DATA, min_size=1, max_size=6), st.booleans(), st.booleans())
def test_fast_path_agrees_on_generated_documents(data: dict, flow: bool, explicit_start: bool) -> None:  # type: ignore[type-arg]
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, explicit_start=explicit_start)
    _assert_same(text)


@SETTINGS
@given(mutated())
def test_fast_path_agrees_on_mutated_scenarios(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    _assert_same(text)
