"""Scoring without Python's cyclic garbage collector running inside a batch.

A batch builds tens of thousands of small records (tokens, views, reports) that all live
until the batch ends, and none of them form reference cycles: reference counting frees
them. The cyclic collector would still walk them again and again while they pile up
(a fifth to a third of a text scan's time, `benchmarks/PROFILE.md`). `paused_gc` turns it off
for the batch and restores it after, so memory behaves as before between batches. The
switch is process-wide: other threads of the process also run without cyclic collection
while a batch is scored (reference counting still frees their garbage).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block (usable as a decorator); the collector's state
    before the block is restored after it, also on errors."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
