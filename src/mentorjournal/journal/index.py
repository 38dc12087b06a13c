"""The index of records: what the journal knows of every current record, and the only code that changes it.

For each readable record of a loaded ``Vault`` it holds the displayed revision, its card (``catalogue``),
the decoded object once something has read it, and two views for quick lists (by kind, by mentee);
for unreadable records, the reason (never content). ``_add`` and ``_drop`` are the only writers of
these tables, so they stay in step. A snapshot of the tables is cached sealed on the device
(``catalogue.Snapshot``) and taken over whole at the next unlock; only records whose heads changed
since are worked out again. The search index and its sealed cache live here too (search.py).

This is the performance-critical part of the journal (unlock, lists and search at 100,000 records):
bulk dictionary builds rather than Python loops where it matters. It knows nothing of validation or
of what a mentor may do; ``Journal`` (journal.py) is the API over it. It never writes anything but its
own sealed device-local caches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar, cast

from mentorjournal.bulk import gc_paused
from mentorjournal.errors import RecordDamaged, StorageError
from mentorjournal.journal import catalogue, codec
from mentorjournal.journal.catalogue import Card
from mentorjournal.journal.model import CLASS_BY_KIND, JournalObject, Session
from mentorjournal.journal.search import RawHit, SearchIndex, searchable_fields
from mentorjournal.journal.search_build import (
    LEGACY_SEARCH_CACHE_NAME,
    SEARCH_CACHE_NAME,
    STALE_REBUILD_AFTER,
    SearchBuild,
    document,
)
from mentorjournal.journal.search_index import ID_MODULUS, revision_sum
from mentorjournal.vault import Revision, Vault, decrypting

__all__ = ["LEGACY_SEARCH_CACHE_NAME", "SEARCH_CACHE_NAME", "STALE_REBUILD_AFTER", "RecordIndex", "SearchBuild"]

T = TypeVar("T", bound=JournalObject)
CACHE_REWRITE_AFTER = 64  # records (cards, folded words) worked out anew before a cache is rewritten
SUM_AT_END_FROM = 1000  # records worked out at once from which the digest of the heads is summed at the end


def card_digest(kind: str, record_id: str, body: dict[str, Any]) -> tuple[str, ...] | str | None:
    """A body's card (as a tuple), or why it cannot be read: what ``_work_out`` would find, without keeping
    the object. Run where a cold read parses each body (vault/decrypting.py: worker processes)."""
    cls = codec.class_for_kind(kind)
    if cls is None:
        return None
    try:
        obj = codec.from_body(cls, body, record_id=record_id)
    except codec.BodyUnreadable as exc:
        return str(exc)
    return tuple(catalogue.card_for(obj))


decrypting.set_digest(card_digest)


class BodyNotRead(codec.BodyUnreadable):
    """A revision's body could not be read at all (not: read but malformed). Perhaps passing."""


class Unreadable(NamedTuple):
    """Why a current record cannot be shown (never its content)."""

    reason: str
    passing: bool  # the revision could not be read at all: never cached as the record's state


def displayed(heads: list[Revision]) -> Revision | None:
    """Of a record's heads (newest first), the one shown as its current version: the newest that is not
    a tombstone. In a conflict between an edit and a delete the edit stays visible (nothing disappears
    silently); ``Journal.conflicts()`` shows both until the mentor resolves it."""
    if len(heads) == 1:
        return heads[0]
    live = [h for h in heads if not h.deleted]
    return live[0] if live else (heads[0] if heads else None)


class RecordIndex:
    """Every current record of one loaded vault: revision, card, decoded object, kind and mentee views."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.heads: dict[str, Revision] = {}  # record id -> displayed revision, readable records only
        self.cards: dict[str, Card] = {}  # record id -> its card (same keys as heads)
        self.objects: dict[str, JournalObject] = {}  # record id -> decoded object, filled on first read
        self.by_kind: dict[str, dict[str, None]] = {cls.KIND: {} for cls in CLASS_BY_KIND.values()}
        self.by_mentee: dict[str, dict[str, None]] = {}  # mentee id -> ids of records that name them
        self.unreadable: dict[str, Unreadable] = {}  # record id -> why it cannot be shown
        self.search_index: SearchIndex | None = None  # built on first search (or build_search_index)
        self.changes = 0  # how many times the tables changed: a search build's snapshot is still current?
        # The digest of the revisions shown (``search_index.revision_sum``), kept as the tables change: the
        # search index says from it alone whether it is current, without a pass over every head (70 ms
        # at 100k). None: not known (a record adopted from a snapshot whose file vanished was dropped).
        self.shown_sum: int | None = 0
        # What was taken over from the cards snapshot at load (its count and digest), and every record whose
        # head changed since: when the search index is of that very state (its digest says so), only these
        # records can differ from it, and a few saves are caught up without comparing every record.
        self.adopted: tuple[int, int] | None = None
        self.touched: set[str] | None = None

    # --- the only writers of the tables --------------------------------------------------------

    def _add(self, rev: Revision, card: Card) -> None:
        self.changes += 1
        record_id = rev.record_id
        if record_id in self.heads:
            self._out_of_sum(self.heads[record_id])
        if self.touched is not None:
            self.touched.add(record_id)
        self.heads[record_id] = rev
        if self.shown_sum is not None:
            added = revision_sum([rev.revision_id])
            self.shown_sum = None if added is None else (self.shown_sum + added) % ID_MODULUS
        self.cards[record_id] = card
        self.by_kind[rev.kind][record_id] = None
        if card.mentee_id:
            self.by_mentee.setdefault(card.mentee_id, {})[record_id] = None

    def _drop(self, record_id: str) -> None:
        self.changes += 1
        if self.search_index is not None:  # first: taking it out of the index may read its object
            self.search_index.remove(record_id)
        if record_id in self.heads:
            self._out_of_sum(self.heads[record_id])
        if self.touched is not None:
            self.touched.add(record_id)
        rev = self.heads.pop(record_id, None)
        card = self.cards.pop(record_id, None)
        self.objects.pop(record_id, None)
        self.unreadable.pop(record_id, None)
        if rev is not None:
            self.by_kind[rev.kind].pop(record_id, None)
        else:  # adopted from a snapshot though its file vanished: its kind is not at hand
            for ids in self.by_kind.values():
                ids.pop(record_id, None)
        if card is not None and card.mentee_id:
            self.by_mentee.get(card.mentee_id, {}).pop(record_id, None)

    def _out_of_sum(self, rev: Revision | None) -> None:
        taken = None if rev is None or self.shown_sum is None else revision_sum([rev.revision_id])
        self.shown_sum = None if taken is None or self.shown_sum is None else (self.shown_sum - taken) % ID_MODULUS

    def _clear(self) -> None:
        self.changes += 1
        self.shown_sum = 0
        self.adopted, self.touched = None, None
        for table in (self.heads, self.cards, self.objects, self.by_mentee, self.unreadable):
            table.clear()
        for ids in self.by_kind.values():
            ids.clear()
        self.search_index = None

    def _adopt(self, snapshot: catalogue.Snapshot, revisions: Mapping[str, Revision]) -> None:
        """Take over a snapshot's records, whole dictionaries at once. A record whose head changed since
        (even one whose file vanished, left here as None) is redone by ``load``."""
        records = snapshot.records
        at = records.__getitem__
        self.heads.update(zip(records, map(revisions.get, snapshot.shown), strict=True))  # type: ignore[arg-type]
        added = revision_sum(snapshot.shown)  # while the ids are at hand: 15 ms at 100k, in C
        self.shown_sum = None if added is None or self.shown_sum is None else (self.shown_sum + added) % ID_MODULUS
        if added is not None and len(self.heads) == len(records):
            self.adopted, self.touched = (len(records), added), set()
        self.cards.update(zip(records, snapshot.cards, strict=True))
        for kind, positions in snapshot.kinds.items():
            if kind in self.by_kind:
                self.by_kind[kind] = dict.fromkeys(map(at, positions))
        self.by_mentee.update((m, dict.fromkeys(map(at, positions))) for m, positions in snapshot.mentees.items())
        for revision_id, reason in snapshot.unreadable.items():
            unreadable = revisions.get(revision_id)
            if unreadable is not None:
                self.unreadable[unreadable.record_id] = Unreadable(reason, False)

    # --- loading -------------------------------------------------------------------------------

    def load(self, *, use_snapshot: bool = True) -> None:
        """Rebuild everything from the vault's revision graph (after ``Vault.load``).

        The cached snapshot of the last unlock is taken over whole; only records whose heads changed
        since (saves here or arriving by sync) are worked out again.
        """
        self._clear()
        graph = self.vault.graph
        # A vault opened by need holds a few kinds: their records are worked out, no snapshot is read or written.
        whole = self.vault.kinds is None
        with gc_paused():
            sealed = self.vault.read_local_cache(catalogue.CACHE_NAME) if use_snapshot and whole else None
            snapshot = catalogue.decode(sealed)
            del sealed  # decoded: its plaintext (1.6 MB at 10,000 sessions) is let go before the tables are built
            heads = graph.head_ids()
            if snapshot is None:
                records: Iterable[str] = graph.record_ids()
            else:
                revisions = graph.revisions()
                changed = heads.symmetric_difference(snapshot.heads())
                records = {rev.record_id for h in changed if (rev := revisions.get(h)) is not None}
                vanished = changed - revisions.keys()  # heads whose files went: their records from the snapshot
                if vanished:
                    was = {**dict(zip(snapshot.shown, snapshot.records, strict=True)), **snapshot.other_heads}
                    records.update(was[h] for h in vanished if h in was)
                try:
                    self._adopt(snapshot, revisions)
                except (IndexError, KeyError, TypeError, AttributeError):  # inconsistent: start afresh
                    self.load(use_snapshot=False)
                    return
            worked_out = self._work_out_all(records, fresh=snapshot is None)
        # Like the unlock cache: rewritten once enough is new (a few records are cheap to work out again).
        if whole and (worked_out >= CACHE_REWRITE_AFTER or (worked_out and snapshot is None)):
            self.vault.write_local_cache(catalogue.CACHE_NAME, catalogue.encode(self.snapshot(heads)))

    def _work_out_all(self, records: Iterable[str], *, fresh: bool) -> int:
        """Work out ``records`` afresh (all of them after a cold unlock); how many are of the journal's kinds.

        A record whose file was decrypted by this load has its card already, from the body's digest
        (``card_digest``, run where the body was parsed: in the workers of a cold unlock), and is decoded
        only when something reads it. ``fresh``: the tables are empty, nothing to drop first."""
        graph = self.vault.graph
        digests = self.vault.digests
        worked_out = 0
        records = list(records)
        # The digest of the revisions shown is kept record by record (1.5 µs each: 0.3 s of a cold unlock
        # at 100,000); for many records it is summed once, in C, at the end.
        summed_at_end = len(records) > SUM_AT_END_FROM and self.shown_sum is not None
        if summed_at_end:
            self.shown_sum = None
        for record_id in records:
            if not fresh:
                self._drop(record_id)
            rev = displayed(graph.heads(record_id))
            if rev is None or rev.deleted or rev.kind not in CLASS_BY_KIND:
                continue
            worked_out += 1
            digest = digests.get(rev.revision_id)
            if digest is None:
                self._work_out(rev)
            elif isinstance(digest, str):
                self.unreadable[record_id] = Unreadable(digest, False)
            else:
                self._add(rev, Card._make(digest))
        digests.clear()  # used once: a later reload decodes
        if summed_at_end:
            self.shown_sum = revision_sum(list(map(attrgetter("revision_id"), self.heads.values())))
        return worked_out

    def snapshot(self, heads: set[str]) -> catalogue.Snapshot:
        """The tables as a ``catalogue.Snapshot`` of the graph state ``heads``."""
        graph = self.vault.graph
        revisions = graph.revisions()
        records = list(self.heads)
        position = {record_id: i for i, record_id in enumerate(records)}
        kinds: dict[str, list[int]] = {}
        mentees: dict[str, list[int]] = {}
        for record_id, rev in self.heads.items():
            kinds.setdefault(rev.kind, []).append(position[record_id])
            card = self.cards[record_id]
            if card.mentee_id:
                mentees.setdefault(card.mentee_id, []).append(position[record_id])
        shown = [rev.revision_id for rev in self.heads.values()]
        # A record whose revision could not be read (a file that vanished, a cache that failed) is left
        # out altogether: its heads then differ from the snapshot's, and the next unlock tries again.
        passing = [record_id for record_id, why in self.unreadable.items() if why.passing]
        left_out = {h.revision_id for record_id in passing for h in graph.heads(record_id)}
        shown_set = set(shown) | left_out
        unreadable = {}
        for record_id, why in self.unreadable.items():
            head = displayed(graph.heads(record_id))
            if head is not None and not why.passing:
                unreadable[head.revision_id] = why.reason
        return catalogue.Snapshot(
            records=records,
            shown=shown,
            cards=[self.cards[r] for r in records],
            kinds=kinds,
            mentees=mentees,
            other_heads={h: revisions[h].record_id for h in heads - shown_set},
            unreadable=unreadable,
        )

    def _work_out(self, rev: Revision) -> bool:
        """Decode ``rev`` (keeping the object) and register its card, or note why it cannot be read."""
        try:
            obj = self.decode(rev)
        except codec.BodyUnreadable as exc:
            self.unreadable[rev.record_id] = Unreadable(str(exc), isinstance(exc, BodyNotRead))
            return False
        assert obj is not None  # callers pass live revisions of journal kinds
        self._add(rev, catalogue.card_for(obj))
        self.objects[rev.record_id] = obj
        return True

    def decode(self, rev: Revision) -> JournalObject | None:
        """The object of one revision (None for a tombstone or another layer's kind)."""
        cls = codec.class_for_kind(rev.kind)
        try:
            body = rev.body  # may read the unlock cache, or the record file if the cache is unusable
        except (RecordDamaged, StorageError) as exc:
            raise BodyNotRead(f"{rev.kind} record could not be read again: {exc}") from None
        if cls is None or body is None:
            return None
        obj = codec.from_body(cls, body, record_id=rev.record_id)
        obj.revision_id = rev.revision_id
        obj.updated_at = rev.written_at
        return obj

    def take(self, rev: Revision) -> None:
        """Make ``rev`` its record's current version, in the tables and in the search index."""
        record_id = rev.record_id
        self._drop(record_id)
        if rev.deleted or codec.class_for_kind(rev.kind) is None:
            return  # a tombstone, or another layer's record kind (e.g. the export log)
        if self._work_out(rev) and self.search_index is not None:
            found = self.search_document(record_id)
            if found is not None:
                self.search_index.put(record_id, found[1], revision=rev.revision_id, owner=found[0])

    def refresh(self) -> int:
        """Take in revisions that arrived in the vault folder since unlock; returns how many records changed."""
        changed = {rev.record_id for rev in self.vault.refresh()}
        for record_id in changed:
            rev = displayed(self.vault.graph.heads(record_id))
            if rev is not None:
                self.take(rev)
        return len(changed)

    # --- reading -------------------------------------------------------------------------------

    def obj(self, record_id: str) -> JournalObject | None:
        """The decoded current object of a readable record (decoding it now if nothing read it yet)."""
        obj = self.objects.get(record_id)
        if obj is None:
            rev = self.heads.get(record_id)
            if rev is None:
                return None
            try:
                obj = self.decode(rev)
            except codec.BodyUnreadable as exc:  # the file vanished or damaged since, or a card lied
                self._drop(record_id)
                self.unreadable[record_id] = Unreadable(str(exc), isinstance(exc, BodyNotRead))
                return None
            assert obj is not None
            self.objects[record_id] = obj
        return obj

    def kind_of(self, record_id: str) -> str | None:
        rev = self.heads.get(record_id)
        return rev.kind if rev is not None else None

    def all(self, cls: type[T], ids: Iterable[str] | None = None) -> list[T]:
        """Every readable object of ``cls`` (or those of ``ids`` that are of ``cls``), decoded."""
        wanted = self.by_kind[cls.KIND]
        if ids is None:
            chosen = list(wanted)
        else:
            ids = ids if isinstance(ids, list) else list(ids)
            if len(wanted) * 8 < len(ids):  # a few of a kind among many (a mentee's agreement): intersect in C
                among = wanted.keys() & set(ids)
                chosen = [i for i in wanted if i in among]
            else:
                chosen = [i for i in ids if i in wanted]
        out = []
        with gc_paused(freeze=False):  # a list for one screen or command: not kept, not frozen
            for record_id in chosen:
                obj = self.obj(record_id)
                if obj is not None:
                    out.append(cast(T, obj))
        return out

    def naming(self, mentee_id: str | None) -> list[str] | None:
        """Ids of the records naming ``mentee_id``, from the cards (None: no filter)."""
        if mentee_id is None:
            return None
        return list(self.by_mentee.get(mentee_id, {}))

    def latest_sessions(self) -> dict[str, str]:
        """Mentee id -> record id of their latest session (by date, start time, then id), from the cards.

        The one definition of "a mentee's latest session": the next meeting is the one it planned.
        """
        best: dict[str, tuple[str, str, str]] = {}
        cards = self.cards
        for rid in self.by_kind[Session.KIND]:
            card = cards[rid]
            key = (card.date, card.start, rid)
            cur = best.get(card.mentee_id)
            if cur is None or key > cur:
                best[card.mentee_id] = key
        return {mentee_id: key[2] for mentee_id, key in best.items()}

    # --- search --------------------------------------------------------------------------------

    def build_search_index(self, progress: Callable[[int, int], None] | None = None, *, use_cache: bool = True) -> None:
        """Make the search index here and now (the first search does it; unlock does not pay for it).
        Not thread-safe: call it from the thread that owns the journal, or use ``search_build``.

        The index of the last unlock is read back from its sealed device-local cache; only records
        whose displayed revision changed since (saves, files arriving by sync) are indexed again and
        vanished ones taken out. The cache is rewritten when that touched enough records.
        """
        if self.search_index is not None:
            return
        build = SearchBuild(self, snapshot=False)
        build.run(progress, use_cache=use_cache)
        build.finish()

    def search_build(self) -> SearchBuild:
        """A build of the search index from a snapshot of the current records, to ``run`` on another
        thread and ``finish`` on this one (search_build.py)."""
        return SearchBuild(self)

    def _built_search_index(self, *, use_cache: bool = True) -> SearchIndex:
        self.build_search_index(use_cache=use_cache)
        assert self.search_index is not None
        return self.search_index

    def record_of(self, revision_id: str) -> str | None:
        rev = self.vault.graph.revision(revision_id)
        return rev.record_id if rev is not None else None

    def search_document(self, record_id: str) -> tuple[str, dict[str, str]] | None:
        """(owner, fields) of a current record for the index (``search_build.document``)."""
        rev = self.heads.get(record_id)
        return None if rev is None else document(rev, self.cards.get(record_id), self.objects.get(record_id))

    def indexed_fields(self, record_id: str, revision_id: str) -> dict[str, str] | None:
        """The fields of a revision indexed earlier (to take it out of the index), or None if it cannot
        be read any more (its file went: the index then only forgets the record's row)."""
        obj = self.objects.get(record_id)
        if obj is None or obj.revision_id != revision_id:
            rev = self.vault.graph.revision(revision_id)
            try:
                obj = self.decode(rev) if rev is not None and rev.record_id == record_id else None
            except codec.BodyUnreadable:
                obj = None
        return searchable_fields(obj) if obj is not None else None

    def searchable_fields_of(self, record_id: str) -> dict[str, str]:
        obj = self._hit_object(record_id)
        return searchable_fields(obj) if obj is not None else {}

    def _hit_object(self, record_id: str) -> JournalObject | None:
        """The object of a search hit. One not decoded yet is read from its own record file: a search
        shows a few dozen hits, which must not cost decrypting the unlock cache's every body."""
        obj = self.objects.get(record_id)
        rev = self.heads.get(record_id)
        if obj is not None or rev is None:
            return obj
        try:
            read = self.vault.read_revision(rev.revision_id)
            cls = codec.class_for_kind(rev.kind)
            body = read.body
            if read.record_id != record_id or cls is None or body is None:
                raise BodyNotRead("not this record's revision")
            obj = codec.from_body(cls, body, record_id=record_id)
        except (RecordDamaged, StorageError, OSError, codec.BodyUnreadable):
            return self.obj(record_id)  # the usual way, which also notes a record that cannot be read
        obj.revision_id = rev.revision_id
        obj.updated_at = rev.written_at
        self.objects[record_id] = obj
        return obj

    def search(self, query: str, *, mentee_id: str | None, limit: int) -> list[tuple[JournalObject, RawHit]]:
        """Ranked hits with their objects; a mentee filter keeps the mentee and the records naming them."""
        try:
            found = self._built_search_index().search(query, owner=mentee_id, limit=limit)
        except sqlite3.DatabaseError:  # an index that opened but does not hold together: build it anew
            self.search_index = None
            found = self._built_search_index(use_cache=False).search(query, owner=mentee_id, limit=limit)
        out = []
        for raw in found:
            obj = self._hit_object(raw.doc_id)
            if obj is not None:  # else it could not be read again (its file vanished since unlock): not a hit
                out.append((obj, raw))
        return out
