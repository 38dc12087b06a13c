"""Erasing a mentee: every record and every revision about them, gone from this folder and this device.

A delete keeps history (a tombstone over earlier revisions); an erasure does not. ``plan_erasure`` finds
every record any revision of which names the mentee's id (their own record, sessions, goals, actions,
agreement, concern records, people linked to them, export log entries about them, and any other kind a
layer above wrote with their id in it), across all history, tombstones included. ``erase_mentee`` then:

1. writes an **erasure record** (kind ``erasure``): the date, counts by kind, and the random ids of the
   erased records and revisions and of the mentee, never a name or any content. It comes first, so a
   crash part-way is finished by the next unlock, and other devices apply the same erasure when they sync;
2. rewrites the records that name an erased id only as a key, holding several people's data (the export's
   stable labels): a new revision without those entries (``drop_keys``, or a kind's registered
   ``Scrubber``), and the revisions that held them are erased;
3. removes every revision file (and any copy a sync engine left under another name);
4. removes this device's caches of the vault (unlock cache, cards, search words), which held the mentee's
   text encrypted; the next unlock rebuilds them;
5. reloads the journal.

``follow_erasures`` (``journal/erasure_records.py``, which the journal itself calls) is what another device
does on unlock and on every refresh: any revision an erasure record covers (or a record naming an erased
mentee, written there before the erasure arrived) is removed from the folder when the vault is writable,
and hidden from a read-only view until then. ``check`` asks ``erased_revision_ids`` which missing parents
are gone on purpose.

What erasure cannot reach is said plainly by ``ErasureResult.limits``: backups made before, other devices
until they sync, a git-carried folder's history, and text about the mentee written in other mentees' notes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mentorjournal.errors import UsageError
from mentorjournal.journal.erasure_records import (
    ERASURE_KIND,
    Erased,
    body_of,
    erased,
    erased_revision_ids,
    erasure_records,
    follow_erasures,
    names_as_key,
    names_as_value,
    still_present,
)
from mentorjournal.journal.journal import Journal
from mentorjournal.journal.search import searchable_fields
from mentorjournal.journal.text import fold
from mentorjournal.vault.vault import remove_local_caches

ERASURE_SCHEMA = 1

# A kind whose one record holds data about several people may register how to leave some of them out:
# ``scrub(body, erased_ids)`` returns the body without them. Without one, ``drop_keys`` is used: a record
# that names an erased id only as a key (a map from person to label, say) keeps everyone else's entries.
Scrubber = Callable[[dict[str, Any], frozenset[str]], dict[str, Any]]
SCRUBBERS: dict[str, Scrubber] = {}


def register_scrubber(kind: str, scrub: Scrubber) -> None:
    """Let records of ``kind`` be rewritten without the erased ids in a way of their own."""
    if kind == ERASURE_KIND:
        raise UsageError("erasure records are never rewritten")
    SCRUBBERS[kind] = scrub


def drop_keys(body: dict[str, Any], erased_ids: frozenset[str]) -> dict[str, Any]:
    """The default scrubber: ``body`` without any mapping entry whose key is an erased id, at any depth."""

    def walk(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: walk(v) for k, v in value.items() if k not in erased_ids}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    out: dict[str, Any] = walk(body)
    return out


@dataclass
class Rewrite:
    record_id: str
    kind: str
    body: dict[str, Any]  # the current body without the mentee
    parents: tuple[str, ...]  # the heads it replaces (erased with the other revisions that held them)


@dataclass
class ErasurePlan:
    mentee_id: str
    records: dict[str, str] = field(default_factory=dict)  # record id -> kind, erased whole
    revision_ids: set[str] = field(default_factory=set)  # every revision file to remove
    rewrites: list[Rewrite] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(self.records.values())
        found.update({f"{r.kind} (rewritten)": 1 for r in self.rewrites})
        return dict(sorted(found.items()))

    def describe(self) -> str:
        parts = [f"{n} {kind}" for kind, n in self.counts().items()]
        return f"{len(self.revision_ids)} revision file(s) of {', '.join(parts) or 'no record'}"


def plan_erasure(journal: Journal, mentee_id: str, scrubbers: Mapping[str, Scrubber] | None = None) -> ErasurePlan:
    """Everything about the mentee, through every revision of every record (nothing is written).

    First the records about them (any revision naming their id as a value: ``mentee_id``, or their own
    record) are erased whole; then records that name any erased id only as a key (labels kept per person)
    are rewritten without those entries, and their revisions that held them go.

    ``scrubbers`` come from a layer above for records of its own whose entries about the mentee are not
    keyed by an id (the export's review memory, keyed by a keyed hash of each passage): a record of such a
    kind whose current body the scrubber changes is rewritten, and every earlier revision of it erased.
    """
    extra = dict(scrubbers or {})
    mentee = journal.mentee(mentee_id)
    graph = journal.vault.graph
    plan = ErasurePlan(mentee.id)
    histories = {rid: graph.history(rid) for rid in graph.record_ids()}
    histories = {rid: h for rid, h in histories.items() if h and h[-1].kind != ERASURE_KIND}
    for record_id, history in histories.items():
        if record_id == mentee.id or any(names_as_value(body_of(rev), mentee.id) for rev in history):
            plan.records[record_id] = history[-1].kind
            plan.revision_ids.update(rev.revision_id for rev in history)
    erased_ids = frozenset({mentee.id, *plan.records})
    for record_id, history in histories.items():
        if record_id in plan.records:
            continue
        holding = [rev for rev in history if names_as_key(body_of(rev), erased_ids)]
        kind = history[-1].kind
        if kind in extra:
            heads = graph.heads(record_id)
            current = heads[0] if heads else None
            body = body_of(current) if current is not None and not current.deleted else None
            kept_body = extra[kind](drop_keys(body, erased_ids), erased_ids) if body is not None else None
            if body is not None and kept_body is not None and kept_body != body:
                plan.rewrites.append(Rewrite(record_id, kind, kept_body, tuple(h.revision_id for h in heads)))
                plan.revision_ids.update(rev.revision_id for rev in history)  # its history is not needed
            continue
        if not holding:
            continue
        heads = graph.heads(record_id)
        current = heads[0] if heads else None
        body = body_of(current) if current is not None and not current.deleted else None
        if body is None:  # deleted or unreadable now: nothing to keep, so it goes whole
            plan.records[record_id] = kind
            plan.revision_ids.update(rev.revision_id for rev in history)
            continue
        kept = SCRUBBERS.get(kind, drop_keys)(body, erased_ids)
        plan.rewrites.append(Rewrite(record_id, kind, kept, tuple(h.revision_id for h in heads)))
        plan.revision_ids.update(rev.revision_id for rev in holding)
        plan.revision_ids.update(h.revision_id for h in heads)
    return plan


@dataclass(frozen=True)
class ErasureResult:
    erased_on: dt.date
    counts: dict[str, int]
    files_removed: int
    mentioned_elsewhere: int  # other current records whose text still holds the mentee's name

    def describe(self) -> str:
        parts = ", ".join(f"{n} {kind}" for kind, n in self.counts.items()) or "no records"
        return f"{parts}; {self.files_removed} file(s) removed"

    def as_json(self) -> dict[str, Any]:
        return {
            "erased_on": self.erased_on.isoformat(),
            "counts": self.counts,
            "files_removed": self.files_removed,
            "mentioned_elsewhere": self.mentioned_elsewhere,
            "not_reached": self.limits(),
        }

    def limits(self) -> list[str]:
        """What this erasure cannot reach, and what to do about each: said every time, plainly."""
        out = [
            "Not reached: backups made before now still hold this mentee. Delete or re-make them "
            "(`mentorjournal backup`), and tell whoever keeps copies.",
            "Not reached: your other devices, until they sync. Each one removes the mentee's files when it next "
            "unlocks after the erasure record arrives; open each of them soon.",
            "Not reached: the history of a vault folder carried by git (and a sync engine's versions folder). "
            "The encrypted files stay in earlier commits; rewrite that history or start a new repository.",
        ]
        if self.mentioned_elsewhere:
            out.append(
                f"Not reached: {self.mentioned_elsewhere} other record(s) still mention this name in their text. "
                "Search for it (`mentorjournal search`) and edit those notes; their earlier revisions keep the "
                "old text."
            )
        return out


def erase_mentee(journal: Journal, plan: ErasurePlan) -> ErasureResult:
    """Carry out ``plan``: the erasure record, the rewrites, the files, the caches (see the module text)."""
    vault = journal.vault
    mentee = journal.mentee(plan.mentee_id)
    names = [fold(n) for n in mentee.names if fold(n)]
    today = journal.today()
    counts = plan.counts()
    body = {
        "schema": ERASURE_SCHEMA,
        "erased_on": today.isoformat(),
        "counts": counts,
        "revisions": len(plan.revision_ids),
        # Random ids only: what another device needs to find the same files, and nothing that names anyone.
        "subjects": [plan.mentee_id],
        "records": sorted(plan.records),
        "revision_ids": sorted(plan.revision_ids),
    }
    vault.put(ERASURE_KIND, body)
    for rewrite in plan.rewrites:
        vault.put(rewrite.kind, rewrite.body, record_id=rewrite.record_id, parents=rewrite.parents)
    removed = vault.erase_revisions(plan.revision_ids)
    remove_local_caches(vault.vault_id)
    journal.reload(use_snapshot=False)
    return ErasureResult(today, counts, removed, _mentioned_elsewhere(journal, names))


def _spaced(text: str) -> str:
    return "".join(c if c.isalnum() else " " for c in text)


def _mentioned_elsewhere(journal: Journal, folded_names: list[str]) -> int:
    """How many current records still hold one of the names in their text (whole words, folded)."""
    if not folded_names:
        return 0
    mentees = journal.mentees()
    objects: list[Any] = [*mentees, *journal.sessions(), *journal.goals(), *journal.actions(), *journal.concerns()]
    objects += [*journal.people(), *(a for m in mentees if (a := journal.agreement(m.id)) is not None)]
    count = 0
    for obj in objects:
        text = _spaced(" " + " ".join(fold(v) for v in searchable_fields(obj).values()) + " ")
        if any(f" {_spaced(name).strip()} " in text for name in folded_names):
            count += 1
    return count


__all__ = [
    "ERASURE_KIND",
    "Erased",
    "ErasurePlan",
    "ErasureResult",
    "drop_keys",
    "erase_mentee",
    "erased",
    "erased_revision_ids",
    "erasure_records",
    "follow_erasures",
    "plan_erasure",
    "register_scrubber",
    "still_present",
]
