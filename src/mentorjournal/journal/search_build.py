"""Making the search index from a snapshot of the heads, on any thread; taking it in on the journal's.

The first search of an unlock reads the sealed index back (a few tenths of a second at 100,000
sessions) or, on a new device, folds every note (about 10 s): the app does that in a worker thread so
that it stays responsive. The build works from a copy of the displayed revisions and their cards taken
when it starts (on the journal's thread), and reads each body from its ``Revision``, which never changes;
of the journal's own tables it only looks up, one dictionary read at a time, the record of a revision
and the values indexed for a revision it replaces (``RecordIndex.record_of``, ``indexed_fields``). Saves
made meanwhile change the journal's tables, not the build's copy. ``finish``, back on the journal's
thread, attaches the index and catches it up with the heads as they are then, by the set differences
that catch an index read back from its cache up with an unlock (``SearchIndex.catch_up``): a record
saved during the build is taken out (with the values of the revision the build indexed) and indexed
again as it is now.

A lock stops a build: ``cancel`` (the app calls it when it locks) is looked at between batches of
documents and before each sealed chunk, and a vault whose keys are gone fails the build's next read. An
erasure followed meanwhile (the caches removed: ``vault.cache.removals``) stops it the same way, and
``finish`` removes any index the build sealed, since the build read the erased records' words. A stopped
build attaches nothing and keeps nothing sealed; its in-memory database is closed. The sealed cache is
only ever written whole, by an atomic replace, so no build leaves half of one.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import TYPE_CHECKING

from mentorjournal.bulk import gc_paused
from mentorjournal.errors import RecordDamaged, StorageError
from mentorjournal.journal import codec
from mentorjournal.journal.catalogue import Card
from mentorjournal.journal.model import JournalObject, Mentee
from mentorjournal.journal.search import Fields, SearchIndex, searchable_fields
from mentorjournal.vault import Revision, sealed_chunks
from mentorjournal.vault.cache import removals
from mentorjournal.vault.vault import unlock_cache_dir

if TYPE_CHECKING:
    from mentorjournal.journal.index import RecordIndex

CACHE_REWRITE_AFTER = 64  # records indexed anew before the sealed index is rewritten
SEARCH_CACHE_NAME = "search-index"  # the FTS5 database, serialized (versioned inside: search_index.py)
LEGACY_SEARCH_CACHE_NAME = "search-words"
STALE_REBUILD_AFTER = 1000  # index entries left by removals without their values, before a rebuild
TOUCHED_AT_MOST = 10_000  # records changed since load caught up one by one; more: by set differences


class BuildStopped(Exception):
    """The build was cancelled (the vault is being locked): nothing is attached or sealed."""


def document(rev: Revision, card: Card | None, known: JournalObject | None = None) -> tuple[str, Fields] | None:
    """(owner, fields) of one revision for the index, decoded without being kept (a build decodes every
    note once); ``known``: its decoded object if one is at hand. The owner is the mentee the record
    belongs to (a mentee owns their own record). None: not readable now (the next build tries again)."""
    obj = known if known is not None and known.revision_id == rev.revision_id else None
    if obj is None:
        cls = codec.class_for_kind(rev.kind)
        try:
            # The body's JSON, parsed here and let go: a revision keeps a body it parsed itself.
            raw = rev.body_json()
            obj = None if raw is None or cls is None else codec.from_body(cls, json.loads(raw), record_id=rev.record_id)
        except (RecordDamaged, StorageError, codec.BodyUnreadable, ValueError, TypeError):
            return None
        if obj is None:
            return None
    owner = rev.record_id if rev.kind == Mentee.KIND else (card.mentee_id if card is not None else "")
    return owner, searchable_fields(obj)


class SearchBuild:
    """One build of the search index: made on the journal's thread (the snapshot), ``run`` anywhere,
    ``finish``-ed on the journal's thread. ``snapshot=False``: the journal's own tables are read as they
    are (a build run and finished on the journal's thread with nothing in between: no copy to make)."""

    def __init__(self, records: RecordIndex, *, snapshot: bool = True) -> None:
        self._records = records
        self._vault = records.vault
        self._heads = dict(records.heads) if snapshot else records.heads
        self._cards = dict(records.cards) if snapshot else records.cards
        self._snapshot = snapshot
        self._changes = records.changes  # the tables' count of changes when the snapshot was taken
        self._digest = records.shown_sum  # the digest of the revisions shown then (None: not known)
        self._removals = removals(self._vault.vault_id)  # an erasure since then: nothing is sealed or kept
        self._stop = threading.Event()
        self.index: SearchIndex | None = None
        self.indexed = 0  # documents put in or taken out by ``run``

    def cancel(self) -> None:
        """Stop the build at its next batch (any thread); ``finish`` then attaches nothing."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def _check(self) -> None:
        if self._stop.is_set() or self._erased():
            raise BuildStopped

    def _erased(self) -> bool:
        """Whether the caches were removed since the build began (an erasure followed meanwhile): what it
        read may hold the erased records' words."""
        return removals(self._vault.vault_id) != self._removals

    def _checked(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """``chunks``, stopping the seal as soon as the build is cancelled (a lock) or an erasure came."""
        source = iter(chunks)
        try:
            for chunk in source:
                self._check()
                yield chunk
        finally:  # closed here, on this thread: the index's chunks are made holding its lock
            close = getattr(source, "close", None)
            if close is not None:
                close()

    def run(self, progress: Callable[[int, int], None] | None = None, *, use_cache: bool = True) -> None:
        """Read the sealed index back and catch it up with the snapshot (or build it afresh), and seal it
        again when that changed enough of it. Raises ``BuildStopped`` once cancelled, and what the vault
        raises once locked (``Locked``); either way nothing is kept."""
        records, vault = self._records, self._vault
        index: SearchIndex | None = None

        def step(done: int, total: int) -> None:
            self._check()
            if progress is not None:
                progress(done, total)

        try:
            with gc_paused(freeze=False):
                index = self._read_back() if use_cache else None
                fresh = index is None or index.stale > max(STALE_REBUILD_AFTER, len(index) // 10)
                if fresh:
                    if index is not None:
                        index.close()
                    index = SearchIndex(records.searchable_fields_of, records.indexed_fields)
                assert index is not None
                self._check()
                if _current(index, self._heads, self._digest):
                    changed = 0
                elif self._few_changed(index):  # a few saves since the snapshot the index is of
                    changed = self._catch_up_touched(index)
                else:
                    changed = self._catch_up(index, step)
            self._check()
            if fresh or changed * 10 >= len(index):
                index.optimize()
            self._check()
            if changed >= CACHE_REWRITE_AFTER or (fresh and changed):
                sealed_chunks.write(vault, SEARCH_CACHE_NAME, self._checked(index.to_chunks()))
                if fresh:  # the folded words of versions up to 3, no longer read (170 MB at 100k)
                    legacy = unlock_cache_dir() / f"{vault.vault_id}.{LEGACY_SEARCH_CACHE_NAME}.mjc"
                    with contextlib.suppress(OSError):
                        legacy.unlink(missing_ok=True)
            self._check()
        except BaseException:
            if index is not None:
                index.close()  # its words are plaintext in memory: gone with the build
            raise
        self.indexed = changed
        self.index = index

    def _read_back(self) -> SearchIndex | None:
        """The index sealed by an earlier build (``sealed_chunks``), or None if there is none usable."""
        records = self._records
        try:
            return SearchIndex.from_chunks(
                sealed_chunks.read(self._vault, SEARCH_CACHE_NAME), records.searchable_fields_of, records.indexed_fields
            )
        except sealed_chunks.Unusable:
            return None

    def _few_changed(self, index: SearchIndex) -> bool:
        """Whether the index is of the state taken over at load (the cards snapshot) and only the records
        touched since can differ (on the journal's own thread only: the touched set is live)."""
        adopted, touched = self._records.adopted, self._records.touched
        if self._snapshot or adopted is None or touched is None or len(touched) > TOUCHED_AT_MOST:
            return False
        return index.holds_digest(*adopted)

    def _catch_up_touched(self, index: SearchIndex) -> int:
        records = self._records
        touched = records.touched
        assert touched is not None
        heads = records.heads

        def revision_of(record_id: str) -> str | None:
            rev = heads.get(record_id)
            return None if rev is None else rev.revision_id

        return index.catch_up_records(list(touched), revision_of, records.search_document)

    def _catch_up(self, index: SearchIndex, step: Callable[[int, int], None]) -> int:
        heads, cards, records = self._heads, self._cards, self._records
        shown = list(map(attrgetter("revision_id"), heads.values()))
        objects = records.objects if not self._snapshot else {}
        # A revision's record from the vault's graph (a lookup: revisions are only ever added to it while
        # unlocked), not a map of the snapshot's 180,000 heads built first (0.1 s at 100k for a few saves).
        record_of = records.record_of

        def fields_for(record_id: str) -> tuple[str, Fields] | None:
            rev = heads.get(record_id)
            return None if rev is None else document(rev, cards.get(record_id), objects.get(record_id))

        return index.catch_up(shown, record_of, fields_for, step)

    def finish(self) -> bool:
        """On the journal's thread, after ``run``: attach the index, caught up with the heads as they are
        now (records saved or removed since the snapshot). False if there is nothing to attach (cancelled,
        failed, the vault locked, or the journal has an index already): the index is then let go."""
        index, self.index = self.index, None
        records = self._records
        if index is None:
            return False
        if self._erased():  # it may hold erased words, and may have sealed them after the caches went
            index.close()
            with contextlib.suppress(OSError):
                sealed_chunks.path_of(self._vault, SEARCH_CACHE_NAME).unlink(missing_ok=True)
            return False
        if self.cancelled or self._vault.is_locked or records.search_index is not None:
            index.close()
            return False
        if records.changes != self._changes and not _current(index, records.heads, records.shown_sum):
            shown = list(map(attrgetter("revision_id"), records.heads.values()))  # saves (or arrivals) since
            index.catch_up(shown, records.record_of, records.search_document)
        records.search_index = index
        return True


def _current(index: SearchIndex, heads: dict[str, Revision], digest: int | None) -> bool:
    """Whether ``index`` holds exactly the revisions of ``heads``: by the digest kept with the tables when
    it is known (no pass over the heads), else by a pass over them (70 ms at 100k)."""
    if digest is not None:
        return index.holds_digest(len(heads), digest)
    shown = list(map(attrgetter("revision_id"), heads.values()))
    return index.holds(len(shown), shown)
