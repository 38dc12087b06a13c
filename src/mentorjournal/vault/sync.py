"""A vault folder carried by a sync engine (Syncthing, git, Dropbox, Nextcloud): what the engines leave in it.

Record files are write-once with random names, so two machines never write the same file and the
engines never have to merge one. What they do leave behind is recognised here:

* conflict copies (Syncthing's ``name.sync-conflict-<date>-<time>-<device>.ext``, Dropbox's and
  Nextcloud's ``name (… conflicted copy …).ext``, ownCloud's ``name_conflict-<date>-<time>.ext``);
* their temporary files (``.syncthing.name.tmp``, ``~syncthing~name.tmp``) and bookkeeping
  (``.stfolder``, ``.stignore``, ``.stversions``, ``.git``, ``.gitignore``, ``.gitattributes``, …).

Only one file is ever rewritten: the header ``vault.mjv``, when a passphrase changes; opening it and its
copies is ``vault/opening.py``. This module only diagnoses a folder (``sync_status``) and removes this
vault's header copies on the mentor's explicit request (``remove_header_copies``).

This module never deletes or renames a record file, never loads a copy as a revision (a record's copy
is checked against its original and reported), and never reads or prints content.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from mentorjournal.errors import RecordDamaged, StorageError, UsageError
from mentorjournal.vault import keys, layout, opening, storage
from mentorjournal.vault.layout import ENGINE_NAMES, conflict_copy_of, engine_of
from mentorjournal.vault.record import ID_RE, open_sealed
from mentorjournal.vault.vault import Vault

__all__ = [
    "ENGINE_NAMES",
    "EngineFile",
    "SyncStatus",
    "conflict_copy_of",
    "engine_of",
    "remove_header_copies",
    "sync_status",
]

# --- recognising the engines' files --------------------------------------------------------------

# What we suggest the mentor puts beside the vault (docs/sync.md): the lock and our temp files are
# per-machine and must not travel.
SUGGESTED_GITIGNORE = ".lock\n.tmp-*\n.syncthing.*.tmp\n"
# Vault files are binary: never convert line endings, never try a text merge.
SUGGESTED_GITATTRIBUTES = "* -text -diff\n"
SUGGESTED_STIGNORE = ".lock\n.tmp-*\n.git\n"


# --- the header's copies --------------------------------------------------------------------------


def remove_header_copies(vault: Vault) -> list[Path]:
    """Delete this vault's header copies: the mentor's explicit act, after one passphrase is agreed.

    Refused unless this vault was unlocked through ``vault.mjv`` itself and that file still
    authenticates under the data key: then the passphrase the mentor just typed keeps opening the
    vault after the copies are gone. (A copy that alone opened is never removed this way: run
    ``passwd``, which writes a fresh ``vault.mjv`` and removes the copies.) A header of another vault
    beside ours is never touched.
    """
    if vault.read_only:
        raise UsageError("removing header copies needs the vault open for writing")
    conflict = vault.header_conflict
    if conflict is not None and (conflict.opened_copy or conflict.main_damaged):
        raise UsageError(
            f"this passphrase opens only a copy of the header; run `mentorjournal passwd` "
            f"(it writes a fresh {layout.HEADER_NAME} and removes the copies)"
        )
    current = opening.read_header_file(layout.header_path(vault.path))
    if current is None:
        raise UsageError(f"{layout.HEADER_NAME} cannot be read; nothing was removed")
    if not vault.header_authentic(current.header):
        raise UsageError(f"{layout.HEADER_NAME} does not authenticate under this vault's key; nothing was removed")
    return opening.remove_copies(vault.path, current.header.vault_id)


# --- what the engines left in the folder --------------------------------------------------------


@dataclass(frozen=True)
class EngineFile:
    """A file in the vault folder that is not one of ours, and what to do about it."""

    path: Path
    engine: str  # "Syncthing", "git", "Dropbox/Nextcloud", ..., or "unknown"
    what: str  # "header copy", "record copy", "temporary file", "engine file", "unknown file"
    verdict: str  # one line for the mentor; never content
    safe_to_delete: bool = False


@dataclass(frozen=True)
class SyncStatus:
    header_conflict: opening.HeaderConflict | None
    files: list[EngineFile]
    conflicts: int  # records with several heads (edited on two machines)
    missing_parents: int  # revisions named as parents that have not arrived yet


def _record_copy(vault: Vault, path: Path, original: str, engine: str) -> EngineFile:
    """A conflict copy of a write-once record file is identical to it, or damaged: find out which."""
    revision_id = original[: -len(layout.RECORD_SUFFIX)]
    target = path.parent / original
    records_key = vault.subkey(keys.PURPOSE_RECORDS)
    vault_id = bytes.fromhex(vault.vault_id)

    def authentic(raw: bytes) -> bool:
        try:
            open_sealed(raw, revision_id, records_key, vault_id)
        except RecordDamaged:
            return False
        return True

    try:
        copy_raw = storage.read_file(path)
    except StorageError:
        return EngineFile(path, engine, "record copy", "cannot be read")
    original_raw: bytes | None = None
    with contextlib.suppress(StorageError):
        original_raw = storage.read_file(target) if target.is_file() else None
    if original_raw is not None and original_raw == copy_raw:
        return EngineFile(path, engine, "record copy", f"identical to {original}; safe to delete", True)
    copy_ok = authentic(copy_raw)
    if original_raw is None:
        if copy_ok:
            return EngineFile(
                path, engine, "record copy", f"the only intact copy of {original}: rename it to {original}"
            )
        return EngineFile(path, engine, "record copy", f"damaged, and {original} has not arrived yet")
    original_ok = authentic(original_raw)
    if original_ok:
        verdict = "damaged copy; the original is intact" if not copy_ok else "a second intact copy"
        return EngineFile(path, engine, "record copy", f"{verdict} ({original}); safe to delete", True)
    if copy_ok:
        return EngineFile(
            path, engine, "record copy", f"intact, but {original} is damaged: replace {original} with this copy"
        )
    return EngineFile(path, engine, "record copy", f"damaged, and so is {original}")


def _header_copy(vault: Vault, path: Path, engine: str) -> EngineFile:
    found = opening.read_header_file(path)
    if found is None:
        return EngineFile(path, engine, "header copy", "not a usable header; safe to delete", True)
    if found.header.vault_id.hex() != vault.vault_id:
        return EngineFile(path, engine, "header copy", "the header of another vault; left alone")
    if not vault.header_authentic(found.header):
        return EngineFile(path, engine, "header copy", "does not authenticate under this vault's key")
    if vault.header_slots_match(found.header):
        return EngineFile(path, engine, "header copy", "the same key slots as the vault header; safe to delete", True)
    return EngineFile(
        path,
        engine,
        "header copy",
        "an earlier or concurrent header of this vault: it opens with another passphrase; "
        "`mentorjournal passwd` or `mentorjournal remove-header-copies` removes it",
    )


def _classify(vault: Vault, path: Path, *, in_records: bool) -> EngineFile:
    name = path.name
    copy = conflict_copy_of(name)
    if copy is not None:
        original, engine = copy
        if in_records and original.endswith(layout.RECORD_SUFFIX) and ID_RE.match(original[:-4]):
            return _record_copy(vault, path, original, engine)
        if not in_records and original == layout.HEADER_NAME:
            return _header_copy(vault, path, engine)
        return EngineFile(path, engine, "conflict copy", f"a copy of {original}, not a vault file; left alone")
    if layout.SYNCTHING_TEMP.match(name):
        return EngineFile(path, "Syncthing", "temporary file", "a file still arriving; it is read when complete")
    kept_by = layout.engine_of(name)
    if kept_by is not None:
        return EngineFile(path, kept_by, "engine file", "kept by the sync engine; harmless")
    return EngineFile(path, "unknown", "unknown file", "not a MentorJournal file; ignored and left alone")


def sync_status(vault: Vault) -> SyncStatus:
    """Everything an engine left in the folder, checked; conflicts and not-yet-arrived parents counted."""
    files: list[EngineFile] = []
    try:
        with os.scandir(vault.path) as entries:
            top = sorted(entries, key=lambda e: e.name)
    except OSError as exc:
        raise StorageError(f"cannot read the vault folder {vault.path}: {exc.__class__.__name__}") from None
    for entry in top:
        if entry.name in layout.TOP_LEVEL_NAMES or layout.is_temp_name(entry.name):
            continue
        files.append(_classify(vault, Path(entry.path), in_records=False))
    for path, revision_id in layout.iter_record_files(vault.path):
        if revision_id is None:
            files.append(_classify(vault, path, in_records=True))
    graph = vault.graph
    return SyncStatus(vault.header_conflict, files, len(graph.conflicts()), len(graph.missing_parents()))
