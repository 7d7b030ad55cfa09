"""The YAML reader's fast path: plain files (no anchors, aliases, merge keys or tags) read in one tight loop.

**Why it exists — a benchmark target.** ``bti-trener validate`` must stay within 1.5× a bare ``CSafeLoader``
parse of the same files (``make bench``, README «Benchmarks»). On 1,000 copies of the bundled cases (December
2026, medians of three, two runs on a busy 2-core machine) the full, readable builder
(``trainer.scenario.yamlsafe._Builder``) alone takes validate to 1.9–2.6× that parse; with this path it is
1.2–1.5×. Locals are aliased and the builder's bookkeeping is inlined for that reason only.

It accepts only what it can build exactly as the full builder would (same data, same positions — tested on
every file in the repository and on generated ones, ``tests/fuzz/test_fuzz_loader.py``) and returns None for
anything else, which the full builder then handles and words.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from trainer.scenario.yamldoc import (
    LOADER,
    MAX_DEPTH,
    MAX_NODES,
    MERGE_TAG,
    SAFE_SCALAR_TAGS,
    DataPath,
    MarkTable,
    Position,
    YamlDocument,
)

EVENT_TYPES = (
    yaml.ScalarEvent,
    yaml.MappingStartEvent,
    yaml.MappingEndEvent,
    yaml.SequenceStartEvent,
    yaml.SequenceEndEvent,
)
IMPLICIT = Resolver.yaml_implicit_resolvers
"""First character of a plain scalar → the implicit resolvers that may apply (PyYAML's YAML 1.1 table)."""


def build_plain(text: str, *, marking: bool = True) -> YamlDocument | None:
    """The fast path of the reader's full builder for the usual file: one document of mappings, lists and scalars,
    without anchors, aliases, merge keys or explicit tags, within the limits, every key unique.

    Without ``marking`` no position is recorded: the document's table is :meth:`MarkTable.later`, which
    runs this again with ``marking`` when a position is first asked for.

    Returns None as soon as anything else turns up (or the YAML is invalid); the caller then runs the full
    :class:`_Builder`, which handles every case and words every problem. Both give the same data and marks
    for the files this path accepts (tested on every file in the repository and on generated ones).
    """
    scalar_event, map_start, map_end, seq_start, seq_end = EVENT_TYPES
    implicit = IMPLICIT
    constructors = SafeConstructor.yaml_constructors
    constructor = None
    values: dict[DataPath, Position] = {}
    keys: dict[DataPath, Position] = {}
    # The open containers: (container, path, is_map, key, key_position, has_key) of each parent.
    stack: list[tuple[Any, DataPath, bool, Any, Any, bool]] = []
    container: Any = None  # the innermost open list or mapping
    path: DataPath = ()
    is_map = False
    key: Any = None
    key_position: Position | None = None
    has_key = False
    root: Any = None
    documents = 0
    total = 0
    loader = LOADER(text)
    try:
        get_event = loader.get_event
        while True:
            event = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    return None
                value = event.value
                if not event.style:  # plain: implicit typing (quoted and block scalars are text)
                    resolvers = implicit.get(value[0] if value else "")
                    if resolvers:
                        for tag, pattern in resolvers:
                            if pattern.match(value):
                                if tag == MERGE_TAG or tag not in SAFE_SCALAR_TAGS:
                                    return None
                                if constructor is None:
                                    constructor = SafeConstructor()
                                node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                                try:
                                    value = constructors[tag](constructor, node)
                                except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                                    return None
                                break
                total += 1
                if container is None:
                    return None  # a document that is a single scalar: the full builder words the problem
                if not is_map:
                    if marking:
                        mark = event.start_mark
                        values[(*path, len(container))] = (mark.line + 1, mark.column + 1)
                    container.append(value)
                elif not has_key:
                    if value in container:  # (a scalar is never a list or mapping, so always hashable)
                        return None
                    key, has_key = value, True
                    if marking:
                        mark = event.start_mark
                        key_position = (mark.line + 1, mark.column + 1)
                else:
                    container[key] = value
                    if marking:
                        mark = event.start_mark
                        child = (*path, key)
                        values[child] = (mark.line + 1, mark.column + 1)
                        keys[child] = key_position  # type: ignore[assignment]
                    has_key = False
            elif kind is map_start or kind is seq_start:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    return None
                if len(stack) >= MAX_DEPTH - 1 or (is_map and not has_key):
                    return None
                total += 1
                new: Any = {} if kind is map_start else []
                if container is None:
                    child_path: DataPath = ()
                    root = new
                elif not is_map:
                    child_path = (*path, len(container)) if marking else ()
                    container.append(new)
                else:
                    child_path = (*path, key) if marking else ()
                    container[key] = new  # filled in place as its events arrive
                    if marking:
                        keys[child_path] = key_position  # type: ignore[assignment]
                    has_key = False
                if marking:
                    mark = event.start_mark
                    values[child_path] = (mark.line + 1, mark.column + 1)
                stack.append((container, path, is_map, key, key_position, has_key))
                container, path, is_map, key, key_position, has_key = (
                    new,
                    child_path,
                    kind is map_start,
                    None,
                    None,
                    False,
                )
            elif kind is map_end or kind is seq_end:
                container, path, is_map, key, key_position, has_key = stack.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return None
            elif kind is yaml.AliasEvent:
                return None
            if total > MAX_NODES:
                return None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if not isinstance(root, dict):
        return None
    return YamlDocument(root, MarkTable(values, keys) if marking else MarkTable.later(text, _marks_of))


def _marks_of(text: str) -> MarkTable:
    """The positions of a text this path accepted without marks (the same text takes the same path)."""
    document = build_plain(text, marking=True)
    assert document is not None
    return document.marks
