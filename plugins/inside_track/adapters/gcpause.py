"""Pause Python's cyclic garbage collector while the engine builds many small objects.

Loading and planning a large fork allocates hundreds of thousands of short-lived,
acyclic objects (YAML nodes, located mappings, checklist items). Each allocation burst
triggers collections that walk every live object, so the collector's cost grows with
the square of the fork's size. Reference counting frees these objects anyway; the
collector runs once, at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the body without cyclic collections; collect the young generation afterwards."""
    if not gc.isenabled():  # someone else paused it; leave it to them
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)
