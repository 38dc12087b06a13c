"""Pausing the cyclic garbage collector while an unlock builds its tens of thousands of objects.

Every 700 allocations CPython runs a collection, and the older generations are scanned again and again
as the vault's revisions pile up: at 10,000 sessions that was a third of an unlock. The objects made
while loading live as long as the vault stays unlocked, so there is nothing for those collections to
find; plain reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (nesting is fine; it is restored as it was)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
