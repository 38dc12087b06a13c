"""Drafts of session notes: what the editor holds but has not saved, kept encrypted in the vault.

A draft is a record of its own kind (``draft``), written like every record (sealed, padded, a new
revision file per save), so a note being written survives a lock, an auto-lock, a crash or a closed
terminal, and is never plaintext on disk. Its body holds the editor's fields exactly as typed (a
half-written action line that would not parse yet is kept as it is), by field name. Saving the
session (or discarding the note) deletes the draft with a tombstone.

Drafts are not journal objects: searches, lists, the due report and exports never see them.
This module must never import Textual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mentorjournal.errors import RecordDamaged, StorageError
from mentorjournal.journal.journal import Journal

DRAFT_KIND = "draft"
DRAFT_SCHEMA = 1


@dataclass(frozen=True)
class Draft:
    """One unsaved note. ``session_id`` is None for a new session."""

    mentee_id: str
    session_id: str | None
    fields: dict[str, str] = field(default_factory=dict)  # editor field -> text as typed
    record_id: str = ""  # "" until first saved
    saved_at: dt.datetime | None = None


def _body(draft: Draft) -> dict[str, Any]:
    return {
        "schema": DRAFT_SCHEMA,
        "mentee_id": draft.mentee_id,
        "session_id": draft.session_id,
        "fields": dict(draft.fields),
    }


def _from_body(body: dict[str, Any], record_id: str, saved_at: dt.datetime) -> Draft | None:
    """A draft from its body, or None when the body is not one this version understands."""
    mentee_id, session_id, fields = body.get("mentee_id"), body.get("session_id"), body.get("fields")
    if not isinstance(mentee_id, str) or not isinstance(session_id, str | None) or not isinstance(fields, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
        return None
    return Draft(mentee_id, session_id, dict(fields), record_id, saved_at)


def save_draft(journal: Journal, draft: Draft) -> Draft:
    """Write ``draft`` (a new revision of the same record when it was saved before); returns it saved."""
    rev = journal.vault.put(DRAFT_KIND, _body(draft), record_id=draft.record_id or None)
    return Draft(draft.mentee_id, draft.session_id, dict(draft.fields), rev.record_id, rev.written_at)


def drafts(journal: Journal) -> list[Draft]:
    """Every draft in the vault, newest first. Damaged or unreadable ones are left to ``check``."""
    graph = journal.vault.graph
    out = []
    for record_id in list(graph.record_ids()):
        rev = graph.current(record_id)
        if rev is None or rev.kind != DRAFT_KIND:
            continue
        try:
            body = rev.body
        except (RecordDamaged, StorageError):
            continue
        draft = _from_body(body, record_id, rev.written_at) if isinstance(body, dict) else None
        if draft is not None:
            out.append(draft)
    return sorted(out, key=lambda d: d.saved_at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)


def discard_draft(journal: Journal, record_id: str) -> None:
    """Delete a draft (a tombstone; its earlier revisions stay sealed, like every record's history)."""
    current = journal.vault.graph.current(record_id)
    if current is not None and current.kind == DRAFT_KIND and not current.deleted:
        journal.vault.delete(record_id)
