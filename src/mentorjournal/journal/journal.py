"""The Journal: the one mentoring API that the CLI, the TUI and the export all call.

It knows every current record of an unlocked, loaded ``Vault`` from a small card of facts each
(``catalogue.py``) and decodes a record the first time something reads it, so an unlock does not
decode ten thousand notes to draw a list of thirty mentees. It keeps a search index up to date
incrementally and writes each change as one new revision file (``Vault.put``). It never writes
anything else (but its sealed device-local card cache), never logs content, and puts no note text in
an exception message.

Objects handed out by list methods are the journal's own snapshots: treat them as read-only. To
edit, take a copy (the single-object getters ``mentee()``, ``session()``, ``get()``... already
return copies; ``dataclasses.replace`` or ``copy.deepcopy`` for list items), change it and ``save``.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar, cast

from mentorjournal.bulk import gc_paused
from mentorjournal.errors import InvalidInput, NotFound, RecordDamaged, StorageError, UsageError
from mentorjournal.journal import catalogue, codec
from mentorjournal.journal.catalogue import Card
from mentorjournal.journal.due import due_report
from mentorjournal.journal.model import (
    ACTION_OWNERS,
    ACTION_STATUSES,
    CLASS_BY_KIND,
    GOAL_STATUSES,
    MENTEE_STATUSES,
    SCHEMA_VERSION,
    ActionItem,
    Agreement,
    AnyObject,
    ConcernRecord,
    Conflict,
    DamagedFile,
    DueReport,
    Goal,
    HistoryEntry,
    JournalObject,
    Mentee,
    MenteeOverview,
    Person,
    SearchHit,
    Session,
)
from mentorjournal.journal.search import Packed, SearchIndex, searchable_fields
from mentorjournal.journal.text import fold
from mentorjournal.vault import Revision, Vault

T = TypeVar("T", bound=JournalObject)
_HEX_RE = re.compile(r"^[0-9a-f]+$")
CACHE_REWRITE_AFTER = 64  # records (cards, folded words) worked out anew before a cache is rewritten
SEARCH_CACHE_NAME = "search-words"
# Bump when folding (text.words), the indexed fields or MAX_INDEXED_CHARS change what is kept.
SEARCH_CACHE_VERSION = 2
_MENTEE_OWNED: tuple[type[JournalObject], ...] = (Agreement, Session, Goal, ActionItem, ConcernRecord)


def pseudonym_label(n: int) -> str:
    """The n-th pseudonym (0-based): Mentee A..Z, then AA, AB... like spreadsheet columns."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return f"Mentee {letters}"


class BodyNotRead(codec.BodyUnreadable):
    """A revision's body could not be read at all (not: read but malformed). Perhaps passing."""


class Journal:
    """Mentees, sessions, goals, actions, agreements, concerns and people, over one vault."""

    def __init__(self, vault: Vault, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.vault = vault
        self.today = today  # injectable clock (tests, `due --today`)
        self._heads: dict[str, Revision] = {}  # record id -> displayed revision, readable records only
        self._cards: dict[str, Card] = {}  # record id -> its card (same keys as _heads)
        self._objects: dict[str, JournalObject] = {}  # record id -> decoded object, filled on first read
        self._by_kind: dict[str, dict[str, None]] = {cls.KIND: {} for cls in CLASS_BY_KIND.values()}
        self._by_mentee: dict[str, dict[str, None]] = {}  # mentee id -> ids of records that name them
        self._undecodable: dict[str, str] = {}  # record id -> reason (never content)
        self._not_read: set[str] = set()  # of those, records whose revision could not be read at all
        self._index: SearchIndex | None = None  # built on first search (or build_search_index)
        self.reload()

    # --- loading -------------------------------------------------------------------------------

    def reload(self, *, use_snapshot: bool = True) -> None:
        """Rebuild everything from the vault's revision graph (after ``Vault.load``).

        The cached snapshot of the last unlock (``catalogue.Snapshot``) is taken over whole; only records
        whose heads changed since (saves here or arriving by sync) are worked out again.
        """
        for table in (self._heads, self._cards, self._objects, self._by_mentee, self._undecodable, self._not_read):
            table.clear()
        for ids in self._by_kind.values():
            ids.clear()
        self._index = None
        graph = self.vault.graph
        with gc_paused():
            snapshot = catalogue.decode(self.vault.read_local_cache(catalogue.CACHE_NAME)) if use_snapshot else None
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
                    self.reload(use_snapshot=False)
                    return
            worked_out = 0
            for record_id in list(records):
                self._forget(record_id)
                rev = _displayed(graph.heads(record_id))
                if rev is None or rev.deleted or rev.kind not in CLASS_BY_KIND:
                    continue
                entry = self._work_out(rev)
                worked_out += 1
                if isinstance(entry, str):
                    self._undecodable[record_id] = entry
                else:
                    self._register(rev, entry)
        # Like the unlock cache: rewritten once enough is new (a few records are cheap to work out again).
        if worked_out >= CACHE_REWRITE_AFTER or (worked_out and snapshot is None):
            self.vault.write_local_cache(catalogue.CACHE_NAME, catalogue.encode(self._snapshot(heads)))

    def _adopt(self, snapshot: catalogue.Snapshot, revisions: Mapping[str, Revision]) -> None:
        """Take over a snapshot's records, whole dictionaries at once. A record whose head changed since
        (even one whose file vanished, left here as None) is redone by ``reload``."""
        records = snapshot.records
        at = records.__getitem__
        self._heads.update(zip(records, map(revisions.get, snapshot.shown), strict=True))  # type: ignore[arg-type]
        self._cards.update(zip(records, snapshot.cards, strict=True))
        for kind, positions in snapshot.kinds.items():
            if kind in self._by_kind:
                self._by_kind[kind] = dict.fromkeys(map(at, positions))
        self._by_mentee.update((m, dict.fromkeys(map(at, positions))) for m, positions in snapshot.mentees.items())
        for revision_id, reason in snapshot.unreadable.items():
            unreadable = revisions.get(revision_id)
            if unreadable is not None:
                self._undecodable[unreadable.record_id] = reason

    def _snapshot(self, heads: set[str]) -> catalogue.Snapshot:
        graph = self.vault.graph
        revisions = graph.revisions()
        records = list(self._heads)
        position = {record_id: i for i, record_id in enumerate(records)}
        kinds: dict[str, list[int]] = {}
        mentees: dict[str, list[int]] = {}
        for record_id, rev in self._heads.items():
            kinds.setdefault(rev.kind, []).append(position[record_id])
            card = self._cards[record_id]
            if card.mentee_id:
                mentees.setdefault(card.mentee_id, []).append(position[record_id])
        shown = [rev.revision_id for rev in self._heads.values()]
        # A record whose revision could not be read (a file that vanished, a cache that failed) is left
        # out altogether: its heads then differ from the snapshot's, and the next unlock tries again.
        left_out = {h.revision_id for record_id in self._not_read for h in graph.heads(record_id)}
        shown_set = set(shown) | left_out
        unreadable = {}
        for record_id, reason in self._undecodable.items():
            head = _displayed(graph.heads(record_id))
            if head is not None and record_id not in self._not_read:
                unreadable[head.revision_id] = reason
        return catalogue.Snapshot(
            records=records,
            shown=shown,
            cards=[self._cards[r] for r in records],
            kinds=kinds,
            mentees=mentees,
            other_heads={h: revisions[h].record_id for h in heads - shown_set},
            unreadable=unreadable,
        )

    def _work_out(self, rev: Revision) -> catalogue.Entry:
        """Decode ``rev`` (keeping the object) for its card, or the reason it cannot be read."""
        try:
            obj = self._decode(rev)
        except codec.BodyUnreadable as exc:
            if isinstance(exc, BodyNotRead):
                self._not_read.add(rev.record_id)  # perhaps passing: never cached as the record's state
            return str(exc)
        assert obj is not None  # callers pass live revisions of journal kinds
        self._objects[rev.record_id] = obj
        return catalogue.card_for(obj)

    def _register(self, rev: Revision, card: Card) -> None:
        record_id = rev.record_id
        self._heads[record_id] = rev
        self._cards[record_id] = card
        self._by_kind[rev.kind][record_id] = None
        if card.mentee_id:
            self._by_mentee.setdefault(card.mentee_id, {})[record_id] = None

    def _forget(self, record_id: str) -> None:
        rev = self._heads.pop(record_id, None)
        card = self._cards.pop(record_id, None)
        self._objects.pop(record_id, None)
        self._undecodable.pop(record_id, None)
        self._not_read.discard(record_id)
        if rev is not None:
            self._by_kind[rev.kind].pop(record_id, None)
        else:  # adopted from a snapshot though its file vanished: its kind is not at hand
            for ids in self._by_kind.values():
                ids.pop(record_id, None)
        if card is not None and card.mentee_id:
            self._by_mentee.get(card.mentee_id, {}).pop(record_id, None)
        if self._index is not None:
            self._index.remove(record_id)

    def refresh(self) -> int:
        """Take in revisions that arrived in the vault folder since unlock (another machine, by sync).

        Returns how many records changed. Costs a directory scan plus the new files; objects a screen
        holds for editing are untouched, and saving them later makes a conflict rather than a loss.
        """
        changed = {rev.record_id for rev in self.vault.refresh()}
        for record_id in changed:
            rev = self._displayed_head(record_id)
            if rev is not None:
                self._take(rev)
        return len(changed)

    def _displayed_head(self, record_id: str) -> Revision | None:
        """The head shown as the record's current version: the newest one that is not a tombstone.

        In a conflict between an edit and a delete, the edit stays visible (nothing disappears
        silently); ``conflicts()`` shows both until the mentor resolves it.
        """
        return _displayed(self.vault.graph.heads(record_id))

    def _decode(self, rev: Revision) -> JournalObject | None:
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

    def _take(self, rev: Revision) -> None:
        """Make ``rev`` the record's current version in memory and in the index."""
        record_id = rev.record_id
        self._forget(record_id)
        if rev.deleted or codec.class_for_kind(rev.kind) is None:
            return  # a tombstone, or another layer's record kind (e.g. the export log)
        entry = self._work_out(rev)
        if isinstance(entry, str):
            self._undecodable[record_id] = entry
            return
        self._register(rev, entry)
        if self._index is not None:
            self._index.put(record_id, searchable_fields(self._objects[record_id]))

    def _obj(self, record_id: str) -> JournalObject | None:
        """The decoded current object of a readable record (decoding it now if nothing read it yet)."""
        obj = self._objects.get(record_id)
        if obj is None:
            rev = self._heads.get(record_id)
            if rev is None:
                return None
            try:
                obj = self._decode(rev)
            except codec.BodyUnreadable as exc:  # the file vanished or damaged since, or a card lied
                self._forget(record_id)
                self._undecodable[record_id] = str(exc)
                if isinstance(exc, BodyNotRead):
                    self._not_read.add(record_id)
                return None
            assert obj is not None
            self._objects[record_id] = obj
        return obj

    def _kind_of(self, record_id: str) -> str | None:
        rev = self._heads.get(record_id)
        return rev.kind if rev is not None else None

    # --- generic lookups -----------------------------------------------------------------------

    def _all(self, cls: type[T], ids: Iterable[str] | None = None) -> list[T]:
        """Every readable object of ``cls`` (or those of ``ids`` that are of ``cls``), decoded."""
        wanted = self._by_kind[cls.KIND]
        chosen = list(wanted) if ids is None else [i for i in ids if i in wanted]
        out = []
        with gc_paused(freeze=False):  # a list for one screen or command: not kept, not frozen
            for record_id in chosen:
                obj = self._obj(record_id)
                if obj is not None:
                    out.append(cast(T, obj))
        return out

    def _ids_of(self, cls: type[JournalObject], mentee_id: str | None) -> Iterable[str] | None:
        """Record ids of ``cls`` naming ``mentee_id``, from the cards (None: no filter)."""
        if mentee_id is None:
            return None
        return list(self._by_mentee.get(mentee_id, {}))

    def _resolve(self, id_or_prefix: str, cls: type[JournalObject] | None, what: str) -> JournalObject:
        key = id_or_prefix.strip().lower()
        if not key or not _HEX_RE.match(key):
            raise NotFound(f"no {what} with id {id_or_prefix.strip()!r} (ids are hexadecimal)")
        kind = cls.KIND if cls is not None else None
        if key in self._heads and (kind is None or self._heads[key].kind == kind):
            matches = [key]
        else:
            matches = [
                rid for rid, rev in self._heads.items() if rid.startswith(key) and (kind is None or rev.kind == kind)
            ]
        if not matches:
            raise NotFound(f"no {what} with id {key}")
        if len(matches) > 1:
            raise NotFound(f"the id prefix {key} matches {len(matches)} {what}s; give more characters")
        obj = self._obj(matches[0])
        if obj is None:
            raise NotFound(f"no {what} with id {key}")
        return obj

    def get(self, id_or_prefix: str) -> JournalObject:
        """Any object by id or unique id prefix (a copy)."""
        return copy.deepcopy(self._resolve(id_or_prefix, None, "record"))

    def resolve_id(self, id_or_prefix: str) -> str:
        """The full record id for a unique prefix of a current (not deleted) record."""
        return self._resolve(id_or_prefix, None, "record").id

    # --- mentees -------------------------------------------------------------------------------

    def mentees(self, *, include_archived: bool = True) -> list[Mentee]:
        """Mentees by name (case/accent-insensitive)."""
        out = [m for m in self._all(Mentee) if include_archived or not m.archived]
        return sorted(out, key=lambda m: (fold(m.name), m.id))

    def mentee(self, mentee_id: str) -> Mentee:
        """One mentee by id (or unique id prefix); a copy. ``NotFound`` otherwise."""
        return cast(Mentee, copy.deepcopy(self._resolve(mentee_id, Mentee, "mentee")))

    def find_mentee(self, name_or_id_prefix: str) -> Mentee:
        """A mentee by name or alias (case/accent-insensitive), unique start of a name, or unique id prefix."""
        wanted = fold(name_or_id_prefix.strip())
        if not wanted:
            raise NotFound("no mentee named ''")
        mentees = self._all(Mentee)
        exact = [m for m in mentees if any(fold(n) == wanted for n in m.names)]
        if len(exact) == 1:
            return copy.deepcopy(exact[0])
        if len(exact) > 1:
            ids = ", ".join(m.id[:8] for m in exact)
            raise NotFound(f"{len(exact)} mentees have that name ({ids}); give an id prefix instead")
        by_id = [m for m in mentees if _HEX_RE.match(wanted) and m.id.startswith(wanted)]
        starts = [
            m for m in mentees if any(fold(n).startswith(wanted + " ") or fold(n).startswith(wanted) for n in m.names)
        ]
        candidates = {m.id: m for m in (*by_id, *starts)}
        if len(candidates) == 1:
            return copy.deepcopy(next(iter(candidates.values())))
        if not candidates:
            raise NotFound("no mentee by that name or id (see `mentorjournal mentee list`)")
        raise NotFound(f"{len(candidates)} mentees match that; give more of the name or an id prefix")

    # --- sessions ------------------------------------------------------------------------------

    def sessions(
        self,
        *,
        mentee_id: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        tag: str | None = None,
    ) -> list[Session]:
        """Sessions, newest first, filtered by mentee, date range (inclusive) and tag (folded)."""
        wanted_tag = fold(tag) if tag else None
        # The cards narrow by mentee and dates first: only the sessions listed are decoded.
        first, last = since.isoformat() if since else "", until.isoformat() if until else "\uffff"
        ids = self._ids_of(Session, mentee_id)
        cards = self._cards
        chosen = [
            rid
            for rid in (self._by_kind[Session.KIND] if ids is None else ids)
            if rid in cards and first <= cards[rid].date <= last
        ]
        out = [
            s
            for s in self._all(Session, chosen)
            if (mentee_id is None or s.mentee_id == mentee_id)
            and (since is None or s.date >= since)
            and (until is None or s.date <= until)
            and (wanted_tag is None or any(fold(t) == wanted_tag for t in s.tags))
        ]
        out.sort(key=lambda s: (s.date, s.start_time or dt.time.min, s.id), reverse=True)
        return out

    def session(self, session_id_or_prefix: str) -> Session:
        return cast(Session, copy.deepcopy(self._resolve(session_id_or_prefix, Session, "session")))

    def session_actions(self, session_id: str) -> list[ActionItem]:
        """The action items that came from one session, in the order they were written."""
        ids = [rid for rid in self._by_kind[ActionItem.KIND] if self._cards[rid].session_id == session_id]
        out = [a for a in self._all(ActionItem, ids) if a.session_id == session_id]
        return sorted(out, key=lambda a: (a.position, a.updated_at or _EPOCH, a.id))

    # --- goals, actions, agreements, concerns, people ------------------------------------------

    def goals(self, mentee_id: str | None = None) -> list[Goal]:
        """Goals: open ones first, then by target date (none last) and title."""
        out = [
            g for g in self._all(Goal, self._ids_of(Goal, mentee_id)) if mentee_id is None or g.mentee_id == mentee_id
        ]
        return sorted(out, key=lambda g: (g.status != "open", g.target_date or dt.date.max, fold(g.title), g.id))

    def goal(self, goal_id_or_prefix: str) -> Goal:
        return cast(Goal, copy.deepcopy(self._resolve(goal_id_or_prefix, Goal, "goal")))

    def actions(self, mentee_id: str | None = None, *, open_only: bool = False) -> list[ActionItem]:
        """Action items: open first, then by due date (none last)."""
        ids = self._ids_of(ActionItem, mentee_id)
        if open_only:
            ids = [
                rid
                for rid in (self._by_kind[ActionItem.KIND] if ids is None else ids)
                if rid in self._cards and self._cards[rid].status == "open"
            ]
        out = [
            a
            for a in self._all(ActionItem, ids)
            if (mentee_id is None or a.mentee_id == mentee_id) and (not open_only or a.status == "open")
        ]
        return sorted(out, key=lambda a: (a.status != "open", a.due or dt.date.max, fold(a.text), a.id))

    def action(self, action_id_or_prefix: str) -> ActionItem:
        return cast(ActionItem, copy.deepcopy(self._resolve(action_id_or_prefix, ActionItem, "action item")))

    def agreement(self, mentee_id: str) -> Agreement | None:
        """The mentee's agreement (a copy), or None if none was recorded."""
        found = [a for a in self._all(Agreement, self._ids_of(Agreement, mentee_id)) if a.mentee_id == mentee_id]
        if not found:
            return None
        # Two agreement records for one mentee can only come from two machines: show the newest.
        found.sort(key=lambda a: (a.updated_at or _EPOCH, a.id), reverse=True)
        return copy.deepcopy(found[0])

    def concerns(self, mentee_id: str | None = None) -> list[ConcernRecord]:
        """Concern records, newest first."""
        ids = self._ids_of(ConcernRecord, mentee_id)
        out = [c for c in self._all(ConcernRecord, ids) if mentee_id is None or c.mentee_id == mentee_id]
        return sorted(out, key=lambda c: (c.date, c.time or dt.time.min, c.id), reverse=True)

    def concern(self, concern_id_or_prefix: str) -> ConcernRecord:
        return cast(ConcernRecord, copy.deepcopy(self._resolve(concern_id_or_prefix, ConcernRecord, "concern")))

    def people(self) -> list[Person]:
        return sorted(self._all(Person), key=lambda p: (fold(p.name), p.id))

    def person(self, person_id_or_prefix: str) -> Person:
        return cast(Person, copy.deepcopy(self._resolve(person_id_or_prefix, Person, "person")))

    def find_person(self, name_or_id_prefix: str) -> Person:
        wanted = fold(name_or_id_prefix.strip())
        people = self._all(Person)
        exact = [p for p in people if any(fold(n) == wanted for n in p.names)]
        if len(exact) == 1:
            return copy.deepcopy(exact[0])
        if len(exact) > 1:
            raise NotFound(f"{len(exact)} people have that name; give an id prefix instead")
        return self.person(name_or_id_prefix)

    # --- history, conflicts, damage ------------------------------------------------------------

    def _entry(self, rev: Revision) -> HistoryEntry:
        try:
            obj = self._decode(rev)
        except codec.BodyUnreadable:
            obj = None
        return HistoryEntry(rev.revision_id, rev.written_at, rev.deleted, obj, rev.parents)

    def history(self, record_id: str) -> list[HistoryEntry]:
        """Every revision of a record (id or unique prefix, deleted records included), oldest first."""
        graph = self.vault.graph
        key = record_id.strip().lower()
        if not graph.history(key):
            ids = [rid for rid in graph.record_ids() if _HEX_RE.match(key or "x") and rid.startswith(key)]
            if len(ids) != 1:
                raise NotFound(
                    f"no record with id {key}" if not ids else f"the id prefix {key} matches {len(ids)} records"
                )
            key = ids[0]
        return [self._entry(rev) for rev in graph.history(key)]

    def conflicts(self) -> list[Conflict]:
        """Records with several current versions (edited on two machines), each newest first."""
        out = []
        for record_id, heads in self.vault.graph.conflicts().items():
            if codec.class_for_kind(heads[0].kind) is None:
                continue
            out.append(Conflict(record_id, heads[0].kind, [self._entry(h) for h in heads]))
        return sorted(out, key=lambda c: c.versions[0].written_at, reverse=True)

    def conflict_count(self) -> int:
        """How many records are in conflict (``conflicts()`` without decoding the versions)."""
        return sum(1 for heads in self.vault.graph.conflicts().values() if heads[0].kind in CLASS_BY_KIND)

    def damaged(self) -> list[DamagedFile]:
        """Files the vault could not open, and records whose body this version cannot read."""
        out: list[DamagedFile] = []
        report = self.vault.last_load
        if report is not None:
            out.extend(DamagedFile(d.path.name, d.reason) for d in report.damaged)
        out.extend(DamagedFile(rid, reason) for rid, reason in sorted(self._undecodable.items()))
        return out

    # --- search and due ------------------------------------------------------------------------

    @property
    def search_index_ready(self) -> bool:
        return self._index is not None

    def build_search_index(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Index everything for search. ``search`` does it on first use; unlock does not pay for it.
        Not thread-safe: like the rest of the journal, call it from the thread that owns the journal.

        Folding every note is most of the cost, so the folded words of current revisions are kept in a
        sealed device-local cache, by revision id: the next unlock's first search reads them back.
        """
        if self._index is not None:
            return
        index = SearchIndex(fields_of=self._searchable_fields_of)
        heads = list(self._heads.items())
        keep: dict[str, Packed] = {}
        folded_now = 0
        with gc_paused(freeze=False):
            cached = _decode_folded(self.vault.read_local_cache(SEARCH_CACHE_NAME))
            # Documents whose folded words are cached go in at once; the others are folded one by one.
            hits = [(record_id, rev.revision_id) for record_id, rev in heads if rev.revision_id in cached]
            index.put_many_folded([(record_id, cached[revision_id]) for record_id, revision_id in hits])
            keep.update((revision_id, cached[revision_id]) for _, revision_id in hits)
            done = len(hits)
            for record_id, rev in heads:
                if rev.revision_id in keep:
                    continue
                obj = self._obj(record_id)
                done += 1
                if obj is None:
                    continue
                index.put(record_id, searchable_fields(obj))
                keep[rev.revision_id] = index.folded(record_id) or ""
                folded_now += 1
                if progress and done % 1000 == 0:
                    progress(done, len(heads))
            if progress:
                progress(len(heads), len(heads))
        # Saves made while this ran (the TUI builds in a worker) are caught up before it goes live.
        for record_id, rev in list(self._heads.items()):
            if rev.revision_id not in keep:
                obj = self._obj(record_id)
                if obj is not None:
                    index.put(record_id, searchable_fields(obj))
        for record_id, _rev in heads:
            if record_id not in self._heads:
                index.remove(record_id)
        self._index = index
        if folded_now >= CACHE_REWRITE_AFTER or (folded_now and not cached) or len(keep) < len(cached):
            self.vault.write_local_cache(SEARCH_CACHE_NAME, _encode_folded(keep))

    def _searchable_fields_of(self, record_id: str) -> dict[str, str]:
        obj = self._obj(record_id)
        return searchable_fields(obj) if obj is not None else {}

    def search(self, query: str, *, mentee_id: str | None = None, limit: int = 50) -> list[SearchHit]:
        """Ranked full-text search over every field a mentor wrote (see ``search.py``)."""
        self.build_search_index()
        assert self._index is not None

        def accept(doc_id: str) -> bool:
            card = self._cards.get(doc_id)
            if card is None:
                return False
            if mentee_id is None:
                return True
            if self._heads[doc_id].kind == Mentee.KIND:
                return doc_id == mentee_id
            return card.mentee_id == mentee_id

        hits = []
        # Every indexed document is a current record: only a mentee filter needs a test per document.
        for raw in self._index.search(query, accept=accept if mentee_id is not None else None, limit=limit):
            obj = self._obj(raw.doc_id)
            if obj is None:  # could not be read again (a record file vanished since unlock): not a hit
                continue
            hits.append(SearchHit(obj, obj.KIND, raw.score, raw.field, raw.snippet))
        return hits

    def _all_objects(self) -> None:
        """Decode every readable record not decoded yet (search reads everything)."""
        with gc_paused(freeze=False):
            for record_id in list(self._heads):
                if record_id not in self._objects:
                    self._obj(record_id)

    def due(self, today: dt.date | None = None, *, horizon_days: int = 14) -> DueReport:
        """Overdue and upcoming actions, next and missed meetings, goals past target."""
        if horizon_days < 0:
            raise UsageError("the horizon must be zero or more days")
        # Only each mentee's latest session and the open actions with a due date matter: the cards
        # pick them out, so the report decodes a few dozen records rather than every note.
        latest = self._latest_sessions()
        cards = self._cards
        dated = [rid for rid in self._by_kind[ActionItem.KIND] if cards[rid].status == "open" and cards[rid].due]
        return due_report(
            today=today or self.today(),
            horizon_days=horizon_days,
            mentees=self._all(Mentee),
            sessions=self._all(Session, latest.values()),
            actions=self._all(ActionItem, dated),
            goals=self._all(Goal),
        )

    def _latest_sessions(self) -> dict[str, str]:
        """Mentee id -> record id of their latest session (by date, start time, id), from the cards."""
        best: dict[str, tuple[str, str, str]] = {}
        cards = self._cards
        for rid in self._by_kind[Session.KIND]:
            card = cards[rid]
            key = (card.date, card.start, rid)
            cur = best.get(card.mentee_id)
            if cur is None or key > cur:
                best[card.mentee_id] = key
        return {mentee_id: key[2] for mentee_id, key in best.items()}

    def overview(self) -> dict[str, MenteeOverview]:
        """Per mentee id: sessions held, the latest one's date and planned next meeting, open actions.

        From the cards alone: the home screen draws without decoding a single note.
        """
        out: dict[str, MenteeOverview] = {}
        counts: dict[str, int] = {}
        cards = self._cards
        for rid in self._by_kind[Session.KIND]:
            mentee_id = cards[rid].mentee_id
            counts[mentee_id] = counts.get(mentee_id, 0) + 1
        open_actions: dict[str, int] = {}
        for rid in self._by_kind[ActionItem.KIND]:
            card = cards[rid]
            if card.status == "open":
                open_actions[card.mentee_id] = open_actions.get(card.mentee_id, 0) + 1
        latest = self._latest_sessions()
        for mentee_id in self._by_kind[Mentee.KIND]:
            last = cards.get(latest.get(mentee_id, ""))
            out[mentee_id] = MenteeOverview(
                sessions=counts.get(mentee_id, 0),
                last_session=dt.date.fromisoformat(last.date) if last else None,
                next_meeting=dt.date.fromisoformat(last.next_meeting) if last and last.next_meeting else None,
                open_actions=open_actions.get(mentee_id, 0),
            )
        return out

    # --- writing -------------------------------------------------------------------------------

    def validate(self, obj: JournalObject) -> None:
        """Refuse objects that would make the journal inconsistent. Messages name fields, not content."""
        if type(obj) not in CLASS_BY_KIND.values():
            raise UsageError(f"cannot save a {type(obj).__name__}")
        if isinstance(obj, Mentee | Person) and not obj.name.strip():
            raise InvalidInput(f"a {obj.KIND} needs a name")
        if isinstance(obj, Mentee):
            _check_choice("status", obj.status, MENTEE_STATUSES)
            if obj.pseudonym:
                taken = [m for m in self._all(Mentee) if m.id != obj.id and fold(m.pseudonym) == fold(obj.pseudonym)]
                if taken:
                    raise InvalidInput(f"the pseudonym {obj.pseudonym!r} is already used by another mentee")
        if isinstance(obj, _MENTEE_OWNED):
            mentee_id = getattr(obj, "mentee_id", "")
            if self._kind_of(mentee_id) != Mentee.KIND:
                raise NotFound(f"the {obj.KIND} names a mentee that does not exist")
        if isinstance(obj, Person) and obj.mentee_id and self._kind_of(obj.mentee_id) != Mentee.KIND:
            raise NotFound("the person names a mentee that does not exist")
        if isinstance(obj, Goal):
            _check_choice("status", obj.status, GOAL_STATUSES)
            if not obj.title.strip():
                raise InvalidInput("a goal needs a title")
            for p in obj.progress:
                if p.percent is not None and not 0 <= p.percent <= 100:
                    raise InvalidInput("a progress percentage must be between 0 and 100")
        if isinstance(obj, ActionItem):
            _check_choice("status", obj.status, ACTION_STATUSES)
            _check_choice("owner", obj.owner, ACTION_OWNERS)
            if not obj.text.strip():
                raise InvalidInput("an action item needs a text")
            if obj.session_id and self._kind_of(obj.session_id) != Session.KIND:
                raise NotFound("the action item names a session that does not exist")
            if obj.goal_id and self._kind_of(obj.goal_id) != Goal.KIND:
                raise NotFound("the action item names a goal that does not exist")
        if isinstance(obj, Session):
            if obj.duration_minutes is not None and obj.duration_minutes < 0:
                raise InvalidInput("a session's duration cannot be negative")
            for gid in obj.goal_ids:
                if self._kind_of(gid) != Goal.KIND:
                    raise NotFound("the session names a goal that does not exist")
        if obj.id:
            current_kind = self._kind_of(obj.id)
            if current_kind is not None and current_kind != obj.KIND:
                raise UsageError(f"record {obj.id[:8]} is a {current_kind}, not a {obj.KIND}")

    def next_pseudonym(self) -> str:
        """The first free "Mentee X" label."""
        taken = {fold(m.pseudonym) for m in self._all(Mentee)}
        n = 0
        while fold(pseudonym_label(n)) in taken:
            n += 1
        return pseudonym_label(n)

    @contextlib.contextmanager
    def atomic(self, *, rehearse: bool = False) -> Iterator[None]:
        """Every save and delete inside the block is one save: visible all at once or not at all
        (``Vault.atomic``). On any failure the vault takes the revisions back and the journal is rebuilt
        from it, so memory matches the disk. ``rehearse`` checks everything and writes nothing."""
        try:
            with self.vault.atomic(rehearse=rehearse):
                yield
        except BaseException:
            self.reload()
            raise
        if rehearse:
            self.reload()

    def save(self, obj: T) -> T:
        """Create (``obj.id`` empty) or edit (a new revision) one object; returns the saved copy.

        One new file in the vault, whatever its size. A mentee saved without a pseudonym gets the
        next free label. An agreement saved without an id for a mentee who already has one becomes
        a new revision of that agreement (one agreement per mentee).
        """
        obj = copy.deepcopy(obj)
        if isinstance(obj, Mentee) and not obj.pseudonym.strip():
            obj.pseudonym = self.next_pseudonym()
        if isinstance(obj, Agreement) and not obj.id:
            existing = self.agreement(obj.mentee_id) if obj.mentee_id else None
            if existing is not None:
                obj.id = existing.id
        self.validate(obj)
        obj.schema = max(obj.schema, SCHEMA_VERSION)
        rev = self.vault.put(obj.KIND, codec.to_body(obj), record_id=obj.id or None, parents=self._parents_for(obj))
        self._take(rev)
        return cast(T, copy.deepcopy(self._objects[rev.record_id]))

    def _parents_for(self, obj: JournalObject) -> tuple[str, ...] | None:
        """The revisions an edit replaces. None: every current head (the vault's default).

        An object read from a revision that is no longer a head is stale: another machine's edit arrived
        while it was open. An object read from one side of a conflict edits that side only. In both
        cases naming only the revision it was read from keeps the other edit visible (a conflict)
        instead of this save silently burying it. Only ``resolve_conflict``, or a save of an object
        with no ``revision_id`` (a merge prepared by the mentor), names every head.
        """
        if not obj.id or not obj.revision_id:
            return None
        heads = {h.revision_id for h in self.vault.graph.heads(obj.id)}
        if heads == {obj.revision_id} or not heads:
            return None
        return (obj.revision_id,)

    def save_all(self, objects: Iterable[AnyObject]) -> list[JournalObject]:
        """Save several objects in order (e.g. an import after validation). Not atomic as a whole."""
        return [self.save(o) for o in objects]

    def delete(self, record_id: str, *, cascade: bool = False) -> None:
        """Write a tombstone (history is kept). ``record_id`` may be a unique prefix.

        A session takes its action items with it. A mentee with records is refused unless
        ``cascade`` (then every record of theirs is deleted too); archiving is usually what is meant.
        """
        obj = self._resolve(record_id, None, "record")
        dependents: list[str] = []
        if isinstance(obj, Mentee):
            dependents = [rid for rid in self._by_mentee.get(obj.id, {}) if rid != obj.id]
            if dependents and not cascade:
                raise UsageError(
                    f"this mentee has {len(dependents)} record(s); archive the mentee instead, "
                    "or delete with cascade to remove them all"
                )
        elif isinstance(obj, Session):
            dependents = [a.id for a in self._all(ActionItem) if a.session_id == obj.id]
        with self.atomic():
            for dep in dependents:
                self._take(self.vault.delete(dep))
            self._take(self.vault.delete(obj.id))

    def resolve_conflict(self, record_id: str, keep: JournalObject | None) -> None:
        """End a conflict: write ``keep`` (or a tombstone for None) naming every head as a parent."""
        graph = self.vault.graph
        heads = graph.heads(record_id)
        if len(heads) < 2:
            raise UsageError("that record is not in conflict")
        if keep is None:
            self._take(self.vault.put(heads[0].kind, None, record_id=record_id))
            return
        if heads[0].kind != keep.KIND:
            raise UsageError(f"record {record_id[:8]} is a {heads[0].kind}, not a {keep.KIND}")
        keep = copy.deepcopy(keep)
        keep.id = record_id
        self.validate(keep)
        parents = tuple(h.revision_id for h in heads)
        self._take(self.vault.put(keep.KIND, codec.to_body(keep), record_id=record_id, parents=parents))

    # --- small conveniences for the CLI and the TUI --------------------------------------------

    def archive_mentee(self, mentee_id: str, *, on: dt.date | None = None) -> Mentee:
        """Hide a mentee from everyday lists; ends the relationship if it was still active."""
        mentee = self.mentee(mentee_id)
        mentee.archived = True
        if mentee.status != "ended":
            mentee.status = "ended"
        if mentee.ended is None:
            mentee.ended = on or self.today()
        return self.save(mentee)

    def mark_action(self, action_id: str, status: str = "done", *, on: dt.date | None = None) -> ActionItem:
        _check_choice("status", status, ACTION_STATUSES)
        action = self.action(action_id)
        action.status = status
        action.done_on = (on or self.today()) if status == "done" else None
        return self.save(action)

    def add_progress(self, goal_id: str, *, on: dt.date, percent: int | None, comment: str = "") -> Goal:
        from mentorjournal.journal.model import GoalProgress

        goal = self.goal(goal_id)
        goal.progress.append(GoalProgress(date=on, percent=percent, comment=comment))
        goal.progress.sort(key=lambda p: p.date)
        if percent == 100 and goal.status == "open":
            goal.status = "achieved"
        return self.save(goal)

    def mentee_name(self, mentee_id: str) -> str:
        obj = self._obj(mentee_id) if self._kind_of(mentee_id) == Mentee.KIND else None
        return obj.name if isinstance(obj, Mentee) else "(unknown mentee)"

    def stats(self) -> dict[str, Any]:
        return {kind: len(ids) for kind, ids in self._by_kind.items() if ids}


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _encode_folded(entries: dict[str, Packed]) -> bytes:
    payload = {"version": SEARCH_CACHE_VERSION, "folded": entries}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode_folded(plain: bytes | None) -> dict[str, Packed]:
    """Folded words by revision id; {} for a missing cache or one made by another version's folding."""
    if plain is None:
        return {}
    try:
        data: Any = json.loads(plain)
        if data.get("version") != SEARCH_CACHE_VERSION:
            return {}
        folded = data["folded"]
        if not isinstance(folded, dict) or not all(isinstance(v, str) for v in folded.values()):
            return {}
        return folded
    except (ValueError, TypeError, AttributeError, KeyError):
        return {}


def _displayed(heads: list[Revision]) -> Revision | None:
    """Of a record's heads (newest first), the one to show: the newest that is not a tombstone."""
    if len(heads) == 1:
        return heads[0]
    live = [h for h in heads if not h.deleted]
    return live[0] if live else (heads[0] if heads else None)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidInput(f"{name} must be one of: {', '.join(choices)}")


def replace(obj: T, **changes: Any) -> T:
    """``dataclasses.replace`` that deep-copies first (lists are not shared with the journal's copy)."""
    return dataclasses.replace(copy.deepcopy(obj), **changes)
