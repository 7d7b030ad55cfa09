"""A speed trick for the judging target: ``judge()`` of a 50-decision trace ≤ 1 ms mean (``make bench``).

A judgement allocates a few thousand short-lived objects (states, records, hits, findings) and frees them
by reference counting; it makes no reference cycles. Python's cyclic collector still runs several passes
during it — about a tenth of its time — and finds nothing to free. The engine pauses the collector while it
judges. Remove this module when judging meets its target without it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, and resume it after — unless it was already paused
    (by the caller, or by a judgement running in another thread), which is then left to resume it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
