"""`python -m bench`: run every benchmark and print a table (measured side by side in one run)."""

from __future__ import annotations

import importlib
import sys

#: Benchmark modules; each has ``run() -> list[(name, result, target)]``.
#: The start-up benchmark runs first: its children are forked from this process and would otherwise inherit
#: (and report) the memory the other benchmarks made this process grow to.
MODULES = (
    "bench.startup", "bench.engine", "bench.analysis", "bench.validate", "bench.progress", "bench.workshop",
    "bench.shared",
)  # fmt: skip


def main() -> int:
    rows: list[tuple[str, str, str]] = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        print(f"… {name}", file=sys.stderr, flush=True)
        rows.extend(module.run())
    widths = [max(len(r[i]) for r in rows + [("Benchmark", "Result", "Target")]) for i in range(3)]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(("Benchmark", "Result", "Target"), widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
