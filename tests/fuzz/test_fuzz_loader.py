"""Property-based tests of the loader and validate: any bytes, any mutation — a clear problem, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.cli.validate import validate_file
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
            lines.insert(i, draw(st.sampled_from([b"- x", b"a: [", b"  goto: ingensteds", b"&a [*a, *a]", b"\t", b"id: Ugyldig ID", b"actions: [{tulk: barn}]"])))
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
