"""What the journal keeps for the layers above: the export log, and records of kinds it does not know.

The export layer's log, person labels and review memory, the editor's drafts and the note templates are
stored through the journal (so that nothing above it reaches the vault), as plain dictionaries. This is a
part of ``Journal`` (journal.py), kept in its own module; it never looks inside those bodies.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mentorjournal.errors import RecordDamaged, StorageError, UsageError
from mentorjournal.journal.model import CLASS_BY_KIND
from mentorjournal.vault import Vault

# The export log: a record kind of the export layer, stored and listed through the journal so that the
# export never reaches the vault itself. Its bodies are plain dictionaries (docs/vault-format.md).
EXPORT_LOG_KIND = "export-log"


class KeptRecords:
    """The ``Journal``'s calls for records of the layers above (it sets ``vault`` and defines ``need``)."""

    vault: Vault

    def need(self, *kinds: str) -> None:
        raise NotImplementedError  # Journal.need

    # --- records of the layers above: the export log, person labels, review memory ----------

    @property
    def read_only(self) -> bool:
        """The vault is open for reading only (nothing can be saved)."""
        return self.vault.read_only

    @property
    def vault_dir(self) -> Path:
        """The vault folder (an export must not be written inside it)."""
        return self.vault.path

    def subkey(self, purpose: bytes) -> bytes:
        """A key derived for one purpose of a layer above (e.g. ids of its records that reveal nothing)."""
        return self.vault.subkey(purpose)

    # --- the export log ------------------------------------------------------------------------

    def record_export(self, entry: dict[str, Any]) -> None:
        """Keep one export-log entry in the vault (kinds and counts only: the export layer's body)."""
        self.vault.put(EXPORT_LOG_KIND, entry)

    def export_log(self) -> list[dict[str, Any]]:
        """Every export-log entry in the vault, newest first. A damaged one is left out (``check`` names it)."""
        self.need()
        entries = [body for _, body, _ in self.kept_records(EXPORT_LOG_KIND)]
        return sorted(entries, key=lambda b: str(b.get("at", "")), reverse=True)

    # --- records kept for other parts (the editor's drafts, note templates) ----------------------

    def keep_record(self, kind: str, body: dict[str, Any], *, record_id: str = "") -> tuple[str, dt.datetime]:
        """Store a record of a kind that is not a journal object (a new revision when ``record_id`` is
        given). Returns its id and when it was written. Journal kinds go through ``save`` only."""
        if kind in CLASS_BY_KIND or kind == EXPORT_LOG_KIND:
            raise UsageError(f"{kind} records are saved through their own journal call")
        if record_id:
            self.need(kind)
        rev = self.vault.put(kind, body, record_id=record_id or None)
        return rev.record_id, rev.written_at

    def kept_versions(self, kind: str, record_id: str) -> list[dict[str, Any]]:
        """The readable current versions of one kept record (several in a sync conflict, none if deleted)."""
        self.need(kind)
        out = []
        for rev in self.vault.graph.heads(record_id):
            if rev.deleted or rev.kind != kind:
                continue
            try:
                body = rev.body
            except (RecordDamaged, StorageError):
                continue  # a damaged copy: `check` lists it
            if isinstance(body, dict):
                out.append(body)
        return out

    def kept_records(self, kind: str) -> list[tuple[str, dict[str, Any], dt.datetime]]:
        """(id, body, written at) of every current record of ``kind``; damaged ones are left to ``check``."""
        self.need(kind)
        graph = self.vault.graph
        out = []
        # The records of that kind only (the graph's index by kind): never a pass over every record.
        for record_id in dict.fromkeys(rev.record_id for rev in graph.of_kind(kind)):
            rev = graph.current(record_id)
            if rev is None or rev.kind != kind:
                continue
            try:
                body = rev.body
            except (RecordDamaged, StorageError):
                continue
            if isinstance(body, dict):
                out.append((record_id, body, rev.written_at))
        return out

    def drop_record(self, kind: str, record_id: str) -> None:
        """Delete a kept record of ``kind`` (a tombstone); an unknown or already deleted one is left alone."""
        self.need(kind)
        current = self.vault.graph.current(record_id)
        if current is not None and current.kind == kind and not current.deleted:
            self.vault.delete(record_id)
