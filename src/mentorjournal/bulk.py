"""Keeping the cyclic garbage collector off the tens of thousands of objects an unlock builds.

Every 700 allocations CPython runs a collection, and the older generations are walked again and again
as the vault's revisions pile up: at 10,000 sessions that was a third of an unlock, and the walks went on
afterwards, as pauses in the app. The objects made while loading live as long as the vault stays
unlocked and form no reference cycles (dataclasses, dicts, lists, strings), so there is nothing for
those collections to find. So the collector is off while they are made, and at the end everything it
tracks is moved to its permanent generation (``gc.freeze``), which it never walks; plain reference
counting still frees each object as usual. ``release`` (called when a vault is locked) hands the
frozen objects back to the collector, so a cycle made by anything else before the freeze is collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(*, freeze: bool = True) -> Iterator[None]:
    """Run the block with the cyclic collector off, then (``freeze``) freeze what it tracks.

    Freeze only after building what lives until the vault is locked: anything else tracked at that
    moment is frozen too, and a cycle among it waits for ``release`` to be collected."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def release() -> None:
    """Let the collector walk the frozen objects again (after a lock drops the journal)."""
    gc.unfreeze()
