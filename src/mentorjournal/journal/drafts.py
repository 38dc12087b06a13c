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
    record_id, written = journal.keep_record(DRAFT_KIND, _body(draft), record_id=draft.record_id)
    return Draft(draft.mentee_id, draft.session_id, dict(draft.fields), record_id, written)


def drafts(journal: Journal) -> list[Draft]:
    """Every draft in the vault, newest first. Damaged or unreadable ones are left to ``check``."""
    found = (_from_body(body, record_id, written) for record_id, body, written in journal.kept_records(DRAFT_KIND))
    out = [d for d in found if d is not None]
    return sorted(out, key=lambda d: d.saved_at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)


def discard_draft(journal: Journal, record_id: str) -> None:
    """Delete a draft (a tombstone; its earlier revisions stay sealed, like every record's history)."""
    journal.drop_record(DRAFT_KIND, record_id)
