"""The revision graph of every record: heads, history and conflicts, in memory after unlock.

A record's heads are its revisions that no other revision of the same record names as a parent.
One head: the record's current version (or a tombstone: deleted). Several heads: a conflict (the
same record edited on two machines); both stay until the mentor resolves them by writing a revision
that names every head as a parent. Nothing is ever dropped here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, compress, repeat
from operator import attrgetter, lt
from types import MappingProxyType

from mentorjournal.vault.record import Revision

_revision_id = attrgetter("revision_id")


def _newest_first(revs: Iterable[Revision]) -> list[Revision]:
    return sorted(revs, key=lambda r: (r.written_at, r.revision_id), reverse=True)


class RevisionGraph:
    def __init__(self) -> None:
        self._by_revision: dict[str, Revision] = {}
        self._by_record: dict[str, list[Revision]] = defaultdict(list)
        self._superseded: set[str] = set()  # revision ids named as a parent by another revision
        # Records whose heads may have changed since conflicts() last looked, and those it found in
        # conflict: a screen can ask for conflicts on every refresh without walking the whole graph.
        self._unchecked: set[str] = set()
        self._conflicted: set[str] = set()
        self._by_kind: dict[str, list[Revision]] | None = None  # built on first use; may name forgotten ones

    @classmethod
    def from_runs(
        cls,
        by_revision: dict[str, Revision],
        runs: Iterable[tuple[str, list[Revision]]],
        kinds: Iterable[tuple[str, list[Revision]]],
        parents: Iterable[str],
    ) -> RevisionGraph:
        """The graph of revisions already grouped (the unlock cache's runs): dictionary builds in C, no
        loop per revision. ``by_revision`` is taken over, not copied; ``parents`` are every parent named."""
        graph = cls()
        graph._by_revision = by_revision
        runs = list(runs)
        by_record = graph._by_record
        by_record.update(runs)
        if len(by_record) < len(runs):  # a record of two kinds: its runs are apart (rare)
            by_record.clear()
            for record_id, revs in runs:
                by_record[record_id].extend(revs)
        graph._superseded = set(parents)
        # A record of one revision is never in conflict: only the others need looking at.
        several = compress(by_record, map(lt, repeat(1), map(len, by_record.values())))
        graph._unchecked = set(several)
        graph._by_kind = {kind: list(revs) for kind, revs in kinds}
        return graph

    def of_kind(self, kind: str) -> list[Revision]:
        """Every revision of one kind (all of them, heads or not)."""
        if self._by_kind is None:
            by_kind: dict[str, list[Revision]] = defaultdict(list)
            for rev in self._by_revision.values():
                by_kind[rev.kind].append(rev)
            self._by_kind = dict(by_kind)
        present = self._by_revision
        found = self._by_kind.get(kind, [])
        return [r for r in found if present.get(r.revision_id) is r]

    def add(self, rev: Revision) -> None:
        if rev.revision_id in self._by_revision:
            return
        self._by_revision[rev.revision_id] = rev
        self._by_record[rev.record_id].append(rev)
        self._superseded.update(rev.parents)
        self._unchecked.add(rev.record_id)
        if self._by_kind is not None:
            self._by_kind.setdefault(rev.kind, []).append(rev)

    def add_all(self, revs: list[Revision]) -> None:
        """``add`` for many revisions at once (an unlock): the same result, with the loops in C."""
        by_revision = self._by_revision
        # A dict keeps one of each id: the same revision twice (a copied folder) is one revision.
        fresh = dict(zip(map(_revision_id, revs), revs, strict=True))
        if by_revision:
            fresh = {k: r for k, r in fresh.items() if k not in by_revision}
        new = list(fresh.values())
        by_revision.update(fresh)
        by_record = self._by_record
        for r in new:
            by_record[r.record_id].append(r)
        self._superseded.update(chain.from_iterable([r.parents for r in new]))
        self._unchecked.update([r.record_id for r in new])
        if self._by_kind is not None:
            for r in new:
                self._by_kind.setdefault(r.kind, []).append(r)

    def discard(self, revs: Iterable[Revision]) -> None:
        """Take back revisions added in memory but never written (a save that failed as a whole)."""
        for rev in revs:
            if self._by_revision.pop(rev.revision_id, None) is None:
                continue
            siblings = self._by_record.get(rev.record_id, [])
            siblings[:] = [r for r in siblings if r.revision_id != rev.revision_id]
            if not siblings:
                self._by_record.pop(rev.record_id, None)
            named = {p for r in siblings for p in r.parents}
            self._superseded.difference_update(p for p in rev.parents if p not in named)
            self._unchecked.add(rev.record_id)

    def head_ids(self) -> set[str]:
        """The revision id of every head of every record (set operations in C: cheap at 100,000)."""
        return self._by_revision.keys() - self._superseded

    def revisions(self) -> Mapping[str, Revision]:
        """Every revision by id (read-only view)."""
        return MappingProxyType(self._by_revision)

    def __len__(self) -> int:
        return len(self._by_revision)

    def revision(self, revision_id: str) -> Revision | None:
        return self._by_revision.get(revision_id)

    def record_ids(self) -> Iterator[str]:
        return iter(self._by_record)

    def heads(self, record_id: str) -> list[Revision]:
        """Current heads, newest first (one unless the record is in conflict)."""
        revs = self._by_record.get(record_id, ())
        if len(revs) == 1:  # most records: saved once, never edited
            return [] if revs[0].revision_id in self._superseded else [revs[0]]
        return _newest_first(r for r in self._by_record.get(record_id, ()) if r.revision_id not in self._superseded)

    def current(self, record_id: str) -> Revision | None:
        """The newest head; None if the record is unknown. May be a tombstone (check ``deleted``)."""
        heads = self.heads(record_id)
        return heads[0] if heads else None

    def history(self, record_id: str) -> list[Revision]:
        """Every revision of the record, oldest first."""
        return list(reversed(_newest_first(self._by_record.get(record_id, ()))))

    def conflicts(self) -> dict[str, list[Revision]]:
        """Records with more than one head, each with its heads newest first."""
        superseded = self._superseded
        for record_id in self._unchecked:
            revs = self._by_record[record_id]
            if len(revs) > 1 and sum(r.revision_id not in superseded for r in revs) > 1:
                self._conflicted.add(record_id)
            else:
                self._conflicted.discard(record_id)
        self._unchecked.clear()
        return {record_id: self.heads(record_id) for record_id in sorted(self._conflicted)}

    def forget(self, revision_ids: Iterable[str]) -> None:
        """Forget revisions for good: an erasure (``Vault.erase_revisions``), never an edit or a delete.

        Parents named only by forgotten revisions stop counting as superseded, so what is left has the
        heads it would have had without them.
        """
        gone = [rev for rid in set(revision_ids) if (rev := self._by_revision.pop(rid, None)) is not None]
        if not gone:
            return
        for rev in gone:
            revs = self._by_record.get(rev.record_id)
            if revs is None:
                continue
            revs[:] = [r for r in revs if r.revision_id != rev.revision_id]
            if revs:
                self._unchecked.add(rev.record_id)
            else:
                del self._by_record[rev.record_id]
                self._unchecked.discard(rev.record_id)
                self._conflicted.discard(rev.record_id)
        self._superseded = set(chain.from_iterable(r.parents for r in self._by_revision.values()))

    def missing_parents(self) -> set[str]:
        """Parents named but not present: a partially synced folder. Harmless; reported by check."""
        return {p for p in self._superseded if p not in self._by_revision}
