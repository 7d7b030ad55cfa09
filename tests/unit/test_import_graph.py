"""The import graph has no loop: every arrow between our modules points one way (TYPE_CHECKING imports aside).

The layers themselves (cli | ui → services → the rest → scenario; scoring below and apart) are import-linter
contracts in pyproject.toml, run by `make check`; this test adds what a layers contract cannot see: a loop
between modules of one layer.
"""

from __future__ import annotations

import grimp

#: Modules allowed to sit in a loop (none: scoring/timeline.py broke the engine ↔ rules loop).
TEMPORARY_LOOPS: list[str] = []


def _loops(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    loops.append(sorted(component))
    return loops


def test_no_import_loops() -> None:
    graph = grimp.build_graph("trainer", "scoring", exclude_type_checking_imports=True)
    loops = [loop for loop in _loops(graph) if not set(TEMPORARY_LOOPS) & set(loop)]
    assert loops == [], f"import loops: {loops}"


def test_the_check_would_notice_a_loop() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(name)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    graph.add_import(importer="a.c", imported="a.d")
    assert _loops(graph) == [["a.b", "a.c"]]
