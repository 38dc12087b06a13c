"""The Journal: the one mentoring API that the CLI, the TUI and the export all call.

It answers questions about mentees, sessions, goals, actions, agreements, concerns and people, and
saves each change as one new revision file (``Vault.put``) after checking it against the rules
(``rules.py``). What it knows of the records lives in the index (``index.py``: cards, lazy decoding,
the cached snapshot, the search words), so an unlock does not decode ten thousand notes to draw a
list of thirty mentees. It never writes anything but vault records and its sealed device-local
caches, never logs content, and puts no note text in an exception message.

Objects handed out by list methods are the journal's own snapshots: treat them as read-only. To
edit, take a copy (the single-object getters ``mentee()``, ``session()``, ``get()``... already
return copies; ``copy.deepcopy`` for list items), change it and ``save``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from mentorjournal.errors import InvalidInput, NotFound, UsageError
from mentorjournal.journal import codec, rules
from mentorjournal.journal.due import due_report, next_meeting, session_order
from mentorjournal.journal.erasure_records import ERASURE_KIND, follow_erasures
from mentorjournal.journal.index import RecordIndex, SearchBuild
from mentorjournal.journal.kept import KeptRecords
from mentorjournal.journal.model import (
    ACTION_STATUSES,
    CLASS_BY_KIND,
    SCHEMA_VERSION,
    ActionItem,
    Agreement,
    ConcernRecord,
    Conflict,
    DamagedRecord,
    DueReport,
    Goal,
    GoalProgress,
    HistoryEntry,
    JournalObject,
    Mentee,
    MenteeOverview,
    Person,
    SearchHit,
    Session,
)
from mentorjournal.journal.text import fold
from mentorjournal.vault import Revision, Vault

T = TypeVar("T", bound=JournalObject)
_HEX_RE = re.compile(r"^[0-9a-f]+$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def pseudonym_label(n: int) -> str:
    """The n-th pseudonym (0-based): Mentee A..Z, then AA, AB... like spreadsheet columns."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return f"Mentee {letters}"


class Journal(KeptRecords):
    """Mentees, sessions, goals, actions, agreements, concerns and people, over one vault."""

    def __init__(self, vault: Vault, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.vault = vault
        self.today = today  # injectable clock (tests, `due --today`)
        self._records = RecordIndex(vault)
        self._saving = 0  # inside ``atomic``
        self._created: set[str] = set()  # records first saved by this journal
        if vault.kinds is not None and (ERASURE_KIND not in vault.kinds or vault.graph.of_kind(ERASURE_KIND)):
            vault.load()  # following an erasure reads every record
        self.reload()
        self._follow_erasures()

    def need(self, *kinds: str) -> None:
        """On a journal opened by need (``Vault.load(kinds=...)``: ``session add``), load every record
        before reading a kind that was not loaded (no kinds named: before reading across all of them).
        Answers never come from a part of the vault: a read that needs more loads more, or, in the middle
        of a save, is refused as a bug (the caller names its kinds before the save starts)."""
        loaded = self.vault.kinds
        if loaded is None or (kinds and loaded.issuperset(kinds)):
            return
        if self._saving:
            raise RuntimeError(f"a save read records of kinds not loaded ({', '.join(kinds) or 'all'})")
        self.vault.load()
        self.reload()
        self._follow_erasures()

    def _follow_erasures(self) -> int:
        """Apply erasure records that arrived (another device erased a mentee) or were left half-done."""
        return follow_erasures(self)

    # --- loading -------------------------------------------------------------------------------

    def reload(self, *, use_snapshot: bool = True) -> None:
        """Rebuild everything from the vault's revision graph (after ``Vault.load``)."""
        self._records.load(use_snapshot=use_snapshot)

    def refresh(self) -> int:
        """Take in revisions that arrived in the vault folder since unlock (another machine, by sync).

        Returns how many records changed. Costs a directory scan plus the new files; objects a screen
        holds for editing are untouched, and saving them later makes a conflict rather than a loss.
        """
        changed = self._records.refresh()
        if changed:
            self._follow_erasures()
        return changed

    # --- generic lookups -----------------------------------------------------------------------

    def _resolve(self, id_or_prefix: str, cls: type[JournalObject] | None, what: str) -> JournalObject:
        key = id_or_prefix.strip().lower()
        if not key or not _HEX_RE.match(key):
            raise NotFound(f"no {what} with id {id_or_prefix.strip()!r} (ids are hexadecimal)")
        kind = cls.KIND if cls is not None else None
        self.need(*(() if kind is None else (kind,)))
        heads = self._records.heads
        if key in heads and (kind is None or heads[key].kind == kind):
            matches = [key]
        else:
            matches = [rid for rid, rev in heads.items() if rid.startswith(key) and (kind is None or rev.kind == kind)]
        if not matches:
            raise NotFound(f"no {what} with id {key}")
        if len(matches) > 1:
            raise NotFound(f"the id prefix {key} matches {len(matches)} {what}s; give more characters")
        obj = self._records.obj(matches[0])
        if obj is None:
            raise NotFound(f"no {what} with id {key}")
        return obj

    def _one(self, cls: type[T], id_or_prefix: str, what: str) -> T:
        return cast(T, copy.deepcopy(self._resolve(id_or_prefix, cls, what)))

    def get(self, id_or_prefix: str) -> JournalObject:
        """Any object by id or unique id prefix (a copy)."""
        return copy.deepcopy(self._resolve(id_or_prefix, None, "record"))

    # --- mentees -------------------------------------------------------------------------------

    def mentees(self, *, include_archived: bool = True) -> list[Mentee]:
        """Mentees by name (case/accent-insensitive)."""
        self.need(Mentee.KIND)
        out = [m for m in self._records.all(Mentee) if include_archived or not m.archived]
        return sorted(out, key=lambda m: (fold(m.name), m.id))

    def mentee(self, mentee_id: str) -> Mentee:
        """One mentee by id (or unique id prefix); a copy. ``NotFound`` otherwise."""
        return self._one(Mentee, mentee_id, "mentee")

    def find_mentee(self, name_or_id_prefix: str) -> Mentee:
        """A mentee by name or alias (case/accent-insensitive), unique start of a name, or unique id prefix."""
        wanted = fold(name_or_id_prefix.strip())
        if not wanted:
            raise NotFound("no mentee named ''")
        self.need(Mentee.KIND)
        mentees = self._records.all(Mentee)
        exact = [m for m in mentees if any(fold(n) == wanted for n in m.names)]
        if len(exact) == 1:
            return copy.deepcopy(exact[0])
        if len(exact) > 1:
            ids = ", ".join(m.id[:8] for m in exact)
            raise NotFound(f"{len(exact)} mentees have that name ({ids}); give an id prefix instead")
        by_id = [m for m in mentees if _HEX_RE.match(wanted) and m.id.startswith(wanted)]
        starts = [m for m in mentees if any(fold(n).startswith(wanted) for n in m.names)]
        candidates = {m.id: m for m in (*by_id, *starts)}
        if len(candidates) == 1:
            return copy.deepcopy(next(iter(candidates.values())))
        if not candidates:
            raise NotFound("no mentee by that name or id (see `mentorjournal mentee list`)")
        raise NotFound(f"{len(candidates)} mentees match that; give more of the name or an id prefix")

    def mentee_name(self, mentee_id: str) -> str:
        self.need(Mentee.KIND)
        obj = self._records.obj(mentee_id) if self._records.kind_of(mentee_id) == Mentee.KIND else None
        return obj.name if isinstance(obj, Mentee) else "(unknown mentee)"

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
        self.need(Session.KIND)
        wanted_tag = fold(tag) if tag else None
        # The cards narrow by mentee and dates first: only the sessions listed are decoded.
        first, last = since.isoformat() if since else "", until.isoformat() if until else "\uffff"
        ids = self._records.naming(mentee_id)
        cards = self._records.cards
        chosen = [
            rid
            for rid in (self._records.by_kind[Session.KIND] if ids is None else ids)
            if rid in cards and first <= cards[rid].date <= last
        ]
        out = [
            s
            for s in self._records.all(Session, chosen)
            if (mentee_id is None or s.mentee_id == mentee_id)
            and (since is None or s.date >= since)
            and (until is None or s.date <= until)
            and (wanted_tag is None or any(fold(t) == wanted_tag for t in s.tags))
        ]
        out.sort(key=session_order, reverse=True)
        return out

    def session(self, session_id_or_prefix: str) -> Session:
        return self._one(Session, session_id_or_prefix, "session")

    def session_actions(self, session_id: str) -> list[ActionItem]:
        """The action items that came from one session, in the order they were written."""
        if session_id not in self._created:  # a session saved here has no action items but those saved here
            self.need(ActionItem.KIND)
        cards = self._records.cards
        ids = [rid for rid in self._records.by_kind[ActionItem.KIND] if cards[rid].session_id == session_id]
        out = [a for a in self._records.all(ActionItem, ids) if a.session_id == session_id]
        return sorted(out, key=lambda a: (a.position, a.updated_at or _EPOCH, a.id))

    # --- goals, actions, agreements, concerns, people ------------------------------------------

    def goals(self, mentee_id: str | None = None) -> list[Goal]:
        """Goals: open ones first, then by target date (none last) and title."""
        self.need(Goal.KIND)
        found = self._records.all(Goal, self._records.naming(mentee_id))
        out = [g for g in found if mentee_id is None or g.mentee_id == mentee_id]
        return sorted(out, key=lambda g: (g.status != "open", g.target_date or dt.date.max, fold(g.title), g.id))

    def goal(self, goal_id_or_prefix: str) -> Goal:
        return self._one(Goal, goal_id_or_prefix, "goal")

    def actions(self, mentee_id: str | None = None, *, open_only: bool = False) -> list[ActionItem]:
        """Action items: open first, then by due date (none last)."""
        self.need(ActionItem.KIND)
        ids = self._records.naming(mentee_id)
        if open_only:
            cards = self._records.cards
            ids = [
                rid
                for rid in (self._records.by_kind[ActionItem.KIND] if ids is None else ids)
                if rid in cards and cards[rid].status == "open"
            ]
        out = [
            a
            for a in self._records.all(ActionItem, ids)
            if (mentee_id is None or a.mentee_id == mentee_id) and (not open_only or a.status == "open")
        ]
        return sorted(out, key=lambda a: (a.status != "open", a.due or dt.date.max, fold(a.text), a.id))

    def action(self, action_id_or_prefix: str) -> ActionItem:
        return self._one(ActionItem, action_id_or_prefix, "action item")

    def agreement(self, mentee_id: str) -> Agreement | None:
        """The mentee's agreement (a copy), or None if none was recorded."""
        self.need(Agreement.KIND)
        found = [a for a in self._records.all(Agreement, self._records.naming(mentee_id)) if a.mentee_id == mentee_id]
        if not found:
            return None
        # Two agreement records for one mentee can only come from two machines: show the newest.
        found.sort(key=lambda a: (a.updated_at or _EPOCH, a.id), reverse=True)
        return copy.deepcopy(found[0])

    def concerns(self, mentee_id: str | None = None) -> list[ConcernRecord]:
        """Concern records, newest first."""
        self.need(ConcernRecord.KIND)
        found = self._records.all(ConcernRecord, self._records.naming(mentee_id))
        out = [c for c in found if mentee_id is None or c.mentee_id == mentee_id]
        return sorted(out, key=lambda c: (c.date, c.time or dt.time.min, c.id), reverse=True)

    def concern(self, concern_id_or_prefix: str) -> ConcernRecord:
        return self._one(ConcernRecord, concern_id_or_prefix, "concern")

    def people(self) -> list[Person]:
        self.need(Person.KIND)
        return sorted(self._records.all(Person), key=lambda p: (fold(p.name), p.id))

    def person(self, person_id_or_prefix: str) -> Person:
        return self._one(Person, person_id_or_prefix, "person")

    # --- history, conflicts, damage ------------------------------------------------------------

    def _entry(self, rev: Revision) -> HistoryEntry:
        try:
            obj = self._records.decode(rev)
        except codec.BodyUnreadable:
            obj = None
        return HistoryEntry(rev.revision_id, rev.written_at, rev.deleted, obj, rev.parents)

    def history(self, record_id: str) -> list[HistoryEntry]:
        """Every revision of a record (id or unique prefix, deleted records included), oldest first."""
        self.need()
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
        self.need()
        out = []
        for record_id, heads in self.vault.graph.conflicts().items():
            if codec.class_for_kind(heads[0].kind) is None:
                continue
            out.append(Conflict(record_id, heads[0].kind, [self._entry(h) for h in heads]))
        return sorted(out, key=lambda c: c.versions[0].written_at, reverse=True)

    def conflict_count(self) -> int:
        """How many records are in conflict (``conflicts()`` without decoding the versions)."""
        self.need()
        return sum(1 for heads in self.vault.graph.conflicts().values() if heads[0].kind in CLASS_BY_KIND)

    def damaged(self) -> list[DamagedRecord]:
        """Files the vault could not open, and records whose body this version cannot read."""
        self.need()
        out: list[DamagedRecord] = []
        report = self.vault.last_load
        if report is not None:
            out.extend(DamagedRecord(d.path.name, d.reason) for d in report.damaged)
        out.extend(DamagedRecord(rid, why.reason) for rid, why in sorted(self._records.unreadable.items()))
        return out

    # --- search, due, overview -----------------------------------------------------------------

    @property
    def search_index_ready(self) -> bool:
        return self._records.search_index is not None

    def build_search_index(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Index everything for search now (``search`` does it on first use; unlock does not pay for it)."""
        self.need()
        self._records.build_search_index(progress)

    def search_build(self) -> SearchBuild | None:
        """A build of the search index to ``run`` on another thread (the app's worker) and ``finish`` on
        this one; saves made meanwhile are caught up by ``finish`` (search_build.py). None: ready now."""
        self.need()
        return None if self.search_index_ready else self._records.search_build()

    def search(self, query: str, *, mentee_id: str | None = None, limit: int = 50) -> list[SearchHit]:
        """Ranked full-text search over every field a mentor wrote (see ``search.py``)."""
        self.need()
        found = self._records.search(query, mentee_id=mentee_id, limit=limit)
        return [SearchHit(obj, obj.KIND, raw.score, raw.field, raw.snippet) for obj, raw in found]

    def due(self, today: dt.date | None = None, *, horizon_days: int = 14) -> DueReport:
        """Overdue and upcoming actions, next and missed meetings, goals past target."""
        if horizon_days < 0:
            raise UsageError("the horizon must be zero or more days")
        self.need()
        # Only each mentee's latest session and the open actions with a due date matter: the cards
        # pick them out, so the report decodes a few dozen records rather than every note.
        records = self._records
        cards = records.cards
        dated = [rid for rid in records.by_kind[ActionItem.KIND] if cards[rid].status == "open" and cards[rid].due]
        return due_report(
            today=today or self.today(),
            horizon_days=horizon_days,
            mentees=records.all(Mentee),
            sessions=records.all(Session, records.latest_sessions().values()),
            actions=records.all(ActionItem, dated),
            goals=records.all(Goal),
        )

    def overview(self) -> dict[str, MenteeOverview]:
        """Per mentee id: sessions held, the latest one's date, the next meeting, open actions.

        From the cards (and the mentees) alone: the home screen draws without decoding a single note.
        """
        self.need()
        records = self._records
        cards = records.cards
        counts: dict[str, int] = {}
        for rid in records.by_kind[Session.KIND]:
            mentee_id = cards[rid].mentee_id
            counts[mentee_id] = counts.get(mentee_id, 0) + 1
        open_actions: dict[str, int] = {}
        for rid in records.by_kind[ActionItem.KIND]:
            card = cards[rid]
            if card.status == "open":
                open_actions[card.mentee_id] = open_actions.get(card.mentee_id, 0) + 1
        latest = records.latest_sessions()
        out: dict[str, MenteeOverview] = {}
        for mentee in records.all(Mentee):
            last = cards.get(latest.get(mentee.id, ""))
            planned = dt.date.fromisoformat(last.next_meeting) if last and last.next_meeting else None
            out[mentee.id] = MenteeOverview(
                sessions=counts.get(mentee.id, 0),
                last_session=dt.date.fromisoformat(last.date) if last else None,
                next_meeting=next_meeting(mentee, planned),
                open_actions=open_actions.get(mentee.id, 0),
            )
        return out

    def next_meeting(self, mentee_id: str, today: dt.date | None = None) -> dt.date | None:
        """The mentee's next meeting if it is still ahead (from ``today``); None if none or missed."""
        planned = self.overview()[self.mentee(mentee_id).id].next_meeting
        return planned if planned is not None and planned >= (today or self.today()) else None

    def stats(self) -> dict[str, Any]:
        self.need()
        return {kind: len(ids) for kind, ids in self._records.by_kind.items() if ids}

    # --- writing -------------------------------------------------------------------------------

    def validate(self, obj: JournalObject) -> None:
        """Refuse objects that would make the journal inconsistent (``rules.RULES``, plus the checks
        that need the whole journal). Messages name fields, not content."""
        if type(obj) not in CLASS_BY_KIND.values():
            raise UsageError(f"cannot save a {type(obj).__name__}")
        rules.check(obj, self._kind_of)
        if isinstance(obj, Mentee) and obj.pseudonym:
            mentees = self.mentees()
            if any(m.id != obj.id and fold(m.pseudonym) == fold(obj.pseudonym) for m in mentees):
                raise InvalidInput("that pseudonym is already used by another mentee")
        if obj.id:
            current_kind = self._kind_of(obj.id)
            if current_kind is not None and current_kind != obj.KIND:
                raise UsageError(f"record {obj.id[:8]} is a {current_kind}, not a {obj.KIND}")

    def _kind_of(self, record_id: str) -> str | None:
        """The kind of a current record; None if there is none (on a journal opened by need, after
        loading every record: it may be of a kind not loaded)."""
        kind = self._records.kind_of(record_id)
        if kind is None and self.vault.kinds is not None:
            self.need()
            kind = self._records.kind_of(record_id)
        return kind

    def next_pseudonym(self) -> str:
        """The first free "Mentee X" label."""
        taken = {fold(m.pseudonym) for m in self.mentees()}
        n = 0
        while fold(pseudonym_label(n)) in taken:
            n += 1
        return pseudonym_label(n)

    @contextlib.contextmanager
    def atomic(self, *, rehearse: bool = False) -> Iterator[None]:
        """Every save and delete inside the block is one save: visible all at once or not at all
        (``Vault.atomic``). On any failure the vault takes the revisions back and the journal is rebuilt
        from it, so memory matches the disk. ``rehearse`` checks everything and writes nothing."""
        self._saving += 1
        try:
            with self.vault.atomic(rehearse=rehearse):
                yield
        except BaseException:
            self.reload()
            raise
        finally:
            self._saving -= 1
        if rehearse:
            self.reload()

    def save(self, obj: T) -> T:
        """Create (``obj.id`` empty) or edit (a new revision) one object; returns the saved copy.

        One new file in the vault, whatever its size. A mentee saved without a pseudonym gets the
        next free label. An agreement saved without an id for a mentee who already has one becomes
        a new revision of that agreement (one agreement per mentee).
        """
        if obj.id:
            self.need(obj.KIND)  # an edit names the revisions it replaces
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
        self._records.take(rev)
        if not obj.id:
            self._created.add(rev.record_id)
        return cast(T, copy.deepcopy(self._records.objects[rev.record_id]))

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

    def delete(self, record_id: str, *, cascade: bool = False) -> None:
        """Write a tombstone (history is kept). ``record_id`` may be a unique prefix.

        A session takes its action items with it. A mentee with records is refused unless
        ``cascade`` (then every record of theirs is deleted too); archiving is usually what is meant.
        """
        obj = self._resolve(record_id, None, "record")
        dependents: list[str] = []
        if isinstance(obj, Mentee):
            dependents = [rid for rid in self._records.by_mentee.get(obj.id, {}) if rid != obj.id]
            if dependents and not cascade:
                raise UsageError(
                    f"this mentee has {len(dependents)} record(s); archive the mentee instead, "
                    "or delete with cascade to remove them all"
                )
        elif isinstance(obj, Session):
            dependents = [a.id for a in self._records.all(ActionItem) if a.session_id == obj.id]
        with self.atomic():  # the session and its action items go together, or not at all
            for dep in dependents:
                self._records.take(self.vault.delete(dep))
            self._records.take(self.vault.delete(obj.id))

    def resolve_conflict(self, record_id: str, keep: JournalObject | None) -> None:
        """End a conflict: write ``keep`` (or a tombstone for None) naming every head as a parent."""
        self.need()
        heads = self.vault.graph.heads(record_id)
        if len(heads) < 2:
            raise UsageError("that record is not in conflict")
        if keep is None:
            self._records.take(self.vault.put(heads[0].kind, None, record_id=record_id))
            return
        if heads[0].kind != keep.KIND:
            raise UsageError(f"record {record_id[:8]} is a {heads[0].kind}, not a {keep.KIND}")
        keep = copy.deepcopy(keep)
        keep.id = record_id
        self.validate(keep)
        parents = tuple(h.revision_id for h in heads)
        self._records.take(self.vault.put(keep.KIND, codec.to_body(keep), record_id=record_id, parents=parents))

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
        rules.check_choice("status", status, ACTION_STATUSES)
        action = self.action(action_id)
        action.status = status
        action.done_on = (on or self.today()) if status == "done" else None
        return self.save(action)

    def add_progress(self, goal_id: str, *, on: dt.date, percent: int | None, comment: str = "") -> Goal:
        goal = self.goal(goal_id)
        goal.progress.append(GoalProgress(date=on, percent=percent, comment=comment))
        goal.progress.sort(key=lambda p: p.date)
        if percent == 100 and goal.status == "open":
            goal.status = "achieved"
        return self.save(goal)
