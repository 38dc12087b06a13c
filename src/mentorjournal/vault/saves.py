"""Saves of several records, shown whole or not at all (docs/vault-format.md, "Saving several records at once").

A save of several records writes a *save record* first (kind ``SAVE_KIND``, its ``parents`` naming every
revision of the save), then the revisions (``Vault.atomic``). ``SaveGate`` decides what a reader shows: a
revision named by a save record only once every revision that save record names is present.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from itertools import chain

from mentorjournal.vault.record import Revision

SAVE_KIND = "vault.save"  # reserved to the vault: never a record kind of the layers above


@dataclass
class Save:
    """A save in progress: its revisions, each with its sealed bytes, written when the block ends."""

    rehearse: bool
    revisions: list[tuple[Revision, bytes]] = field(default_factory=list)


class SaveGate:
    """The save records read so far, and the revisions held back because their save is not complete."""

    def __init__(self) -> None:
        self.saves: dict[str, Revision] = {}  # save records, by revision id
        self.held: dict[str, Revision] = {}  # revisions of saves not (yet) complete: not shown

    def clear(self) -> None:
        self.saves.clear()
        self.held.clear()

    def known(self) -> Set[str]:
        """Revision ids read but not shown (save records and held revisions): no need to read them again."""
        return self.held.keys() | self.saves.keys()

    def admit_cached(
        self, saves: list[Revision], shown: Mapping[str, Revision], new: list[Revision]
    ) -> tuple[set[str], list[Revision]]:
        """``admit`` for an unlock from the unlock cache, without a pass over every revision: ``saves`` are
        the cached save records, ``shown`` the cached revisions put in the graph, ``new`` those read from
        files. Returns the ids of cached revisions to hold back (taken out of the graph by the caller, kept
        here) and the new revisions to show."""
        new_saves = [r for r in new if r.kind == SAVE_KIND]
        pool = {r.revision_id: r for r in new if r.kind != SAVE_KIND}
        self.saves.update((r.revision_id, r) for r in saves)
        self.saves.update((r.revision_id, r) for r in new_saves)
        # Most unlocks: every revision a save names is here. Only the saves naming a missing one are looked at.
        named = set(chain.from_iterable([s.parents for s in self.saves.values()]))
        missing = named - shown.keys() - pool.keys()
        if not missing:
            return set(), list(pool.values())
        held: set[str] = set()
        for save in self.saves.values():
            if not missing.isdisjoint(save.parents):
                held.update(save.parents)
        held -= missing
        held_cached = {rid for rid in held if rid in shown}
        self.held = {rid: pool[rid] if rid in pool else shown[rid] for rid in held}
        return held_cached, [rev for rid, rev in pool.items() if rid not in held]

    def admit(self, revs: list[Revision], shown: Set[str]) -> list[Revision]:
        """Of newly read revisions, those to show now (``shown``: the revisions already in the graph)."""
        new_saves = [r for r in revs if r.kind == SAVE_KIND]
        if not new_saves and not self.saves:
            return revs
        self.saves.update((r.revision_id, r) for r in new_saves)
        pool = {**self.held, **{r.revision_id: r for r in revs if r.kind != SAVE_KIND}}
        present = pool.keys() | shown
        held: set[str] = set()
        for save in self.saves.values():  # one pass over the saves, the set work in C
            if not present.issuperset(save.parents):
                held.update(save.parents)
        held &= pool.keys()
        self.held = {revision_id: pool[revision_id] for revision_id in held}
        if not held:
            return list(pool.values())
        return [rev for revision_id, rev in pool.items() if revision_id not in held]
