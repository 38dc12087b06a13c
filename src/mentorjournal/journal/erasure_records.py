"""Following erasures: what every copy of a vault does with the erasure records it holds.

An erasure (``journal/erasure.py``) leaves an erasure record; on every unlock and every refresh the journal
calls ``follow_erasures``: any revision an erasure record covers (listed by id, of a listed record, or of a
record naming an erased mentee, written on another device before the erasure arrived) is removed from the
folder when the vault is writable, and hidden from a read-only view until then. ``check`` asks
``erased_revision_ids`` which missing parents are gone on purpose.

This module is imported by the journal itself, so it names the ``Journal`` for type checking only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mentorjournal.errors import RecordDamaged, StorageError
from mentorjournal.journal import codec
from mentorjournal.vault import Revision, Vault
from mentorjournal.vault.vault import remove_local_caches

if TYPE_CHECKING:
    from mentorjournal.journal.journal import Journal

ERASURE_KIND = "erasure"


def names_as_value(value: Any, wanted: str) -> bool:
    """Whether a record body holds ``wanted`` (an id) as a value or list element, at any depth: such a
    record is about that mentee (``mentee_id``) and is erased whole."""
    if isinstance(value, str):
        return value == wanted
    if isinstance(value, Mapping):
        return any(names_as_value(v, wanted) for v in value.values())
    if isinstance(value, list | tuple):
        return any(names_as_value(v, wanted) for v in value)
    return False


def names_as_key(value: Any, wanted: frozenset[str]) -> bool:
    if isinstance(value, Mapping):
        return any(k in wanted or names_as_key(v, wanted) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(names_as_key(v, wanted) for v in value)
    return False


def mentions(value: Any, wanted: str) -> bool:
    """Whether a record body holds ``wanted`` anywhere: as a value, an element or a key."""
    return names_as_value(value, wanted) or names_as_key(value, frozenset((wanted,)))


def body_of(rev: Revision) -> dict[str, Any] | None:
    try:
        return rev.body
    except (RecordDamaged, StorageError):
        return None  # unreadable now; `check` names it. Its record is judged by its other revisions.


def _records_of(journal: Journal, mentee_ids: Iterable[str]) -> set[str]:
    """Record ids of every current journal record that names one of ``mentee_ids`` (from the cards)."""
    out: set[str] = set()
    for m in mentee_ids:
        out.update(s.id for s in journal.sessions(mentee_id=m))
        out.update(g.id for g in journal.goals(m))
        out.update(a.id for a in journal.actions(m))
        out.update(c.id for c in journal.concerns(m))
        agreement = journal.agreement(m)
        if agreement is not None:
            out.add(agreement.id)
    out.update(p.id for p in journal.people() if p.mentee_id in set(mentee_ids))
    return out


def erasure_records(vault: Vault) -> list[dict[str, Any]]:
    """The bodies of every erasure record in the vault."""
    out = []
    for rev in vault.graph.of_kind(ERASURE_KIND):  # from the cache's runs: no pass over every revision
        if not rev.deleted:
            body = body_of(rev)
            if isinstance(body, dict):
                out.append(body)
    return out


@dataclass(frozen=True)
class Erased:
    """What every erasure record in a vault covers, together."""

    subjects: frozenset[str]
    records: frozenset[str]
    revision_ids: frozenset[str]

    @property
    def empty(self) -> bool:
        return not self.records and not self.revision_ids and not self.subjects


def _strings(value: Any) -> Iterable[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def erased(vault: Vault) -> Erased:
    subjects: set[str] = set()
    records: set[str] = set()
    revisions: set[str] = set()
    for body in erasure_records(vault):
        subjects.update(_strings(body.get("subjects")))
        records.update(_strings(body.get("records")))
        revisions.update(_strings(body.get("revision_ids")))
    return Erased(frozenset(subjects), frozenset(records | subjects), frozenset(revisions))


def erased_revision_ids(vault: Vault) -> frozenset[str]:
    """Revision ids removed on purpose: a parent missing for this reason is not a sync in progress."""
    return erased(vault).revision_ids


def still_present(vault: Vault, covered: Erased, journal: Journal | None = None) -> set[str]:
    """Revisions in the vault that an erasure covers: listed, of a listed record, or naming an erased mentee."""
    graph = vault.graph
    out = set()
    for rev in graph.revisions().values():
        if rev.kind == ERASURE_KIND:
            continue
        if rev.revision_id in covered.revision_ids or rev.record_id in covered.records:
            out.add(rev.revision_id)
    if covered.subjects:
        # Records written on another device before the erasure arrived: the journal's cards say whose they
        # are; other kinds (the export log) are few, and their bodies are read.
        owned = _records_of(journal, covered.subjects) if journal is not None else set()
        for record_id in graph.record_ids():
            heads = graph.heads(record_id)
            if not heads or heads[0].kind == ERASURE_KIND:
                continue
            if record_id in owned or (
                journal is not None
                and codec.class_for_kind(heads[0].kind) is None
                and any(mentions(body_of(h), s) for h in heads for s in covered.subjects)
            ):
                out.update(rev.revision_id for rev in graph.history(record_id))
    return out


def follow_erasures(journal: Journal) -> int:
    """Apply every erasure record to this folder and device; returns how many revisions it took away."""
    vault = journal.vault
    covered = erased(vault)
    if covered.empty:
        return 0
    present = still_present(vault, covered, journal)
    if not present:
        return 0
    if vault.read_only:
        vault.graph.forget(present)  # hidden now; a writable unlock removes the files
    else:
        vault.erase_revisions(present)
        remove_local_caches(vault.vault_id)
    journal.reload(use_snapshot=False)
    return len(present)
