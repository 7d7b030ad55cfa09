"""The order a decision's options are shown in: drawn per attempt, stable within it.

Shown in file order, the right option soon gives itself away by its place (authors tend to write it first).
So the app shows each decision's options in an order that is a pure function of the attempt's *order key*
and the node: the same after resuming, after «prøv igjen herfra» (which keeps the key), and in the debrief,
and different from one attempt to the next. The key is the attempt's number in the progress store (the first
attempt's number for a retry), or, for a workshop, the workshop's number — so nothing new is stored, and what
is stored (choice IDs) never depends on the order. ``None`` keeps the file order (authoring preview, the
``play``/``walk`` commands unless given ``--seed``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def shown_order(key: int | None, node_id: str, options: Sequence[T]) -> list[T]:
    """``options`` in the order they are shown at ``node_id`` for the order key ``key`` (file order for None)."""
    shown = list(options)
    if key is not None and len(shown) > 1:
        random.Random(f"bti-trener:{key}:{node_id}").shuffle(shown)
    return shown


def new_key() -> int:
    """A fresh order key, for an attempt the progress store could not number."""
    return random.SystemRandom().randrange(1 << 31)
