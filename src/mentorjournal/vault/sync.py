"""A vault folder carried by a sync engine (Syncthing, git, Dropbox, Nextcloud): what the engines leave in it.

Record files are write-once with random names, so two machines never write the same file and the
engines never have to merge one. What they do leave behind is recognised here:

* conflict copies (Syncthing's ``name.sync-conflict-<date>-<time>-<device>.ext``, Dropbox's and
  Nextcloud's ``name (… conflicted copy …).ext``, ownCloud's ``name_conflict-<date>-<time>.ext``);
* their temporary files (``.syncthing.name.tmp``, ``~syncthing~name.tmp``) and bookkeeping
  (``.stfolder``, ``.stignore``, ``.stversions``, ``.git``, ``.gitignore``, ``.gitattributes``, …).

Only one file is ever rewritten: the header ``vault.mjv``, when a passphrase changes. Changed on two
machines while apart, the engine keeps one as ``vault.mjv`` and the other as a conflict copy. Both wrap
the same data key, so ``open_header`` tries the copies too: either passphrase still unlocks, and the
``HeaderConflict`` it returns tells the mentor. A copy is removed only by ``remove_header_copies``, an
explicit act that refuses unless the passphrase just typed opens ``vault.mjv`` itself.

This module never deletes or renames a record file, never loads a copy as a revision (a record's copy
is checked against its original and reported), and never reads or prints content.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mentorjournal.errors import HeaderDamaged, MentorJournalError, RecordDamaged, StorageError, UsageError
from mentorjournal.vault import header as hdr
from mentorjournal.vault import keys, storage
from mentorjournal.vault.record import ID_RE, open_sealed

if TYPE_CHECKING:
    from mentorjournal.vault.vault import Vault

# --- recognising the engines' files --------------------------------------------------------------

# The part between the original stem and extension is matched loosely: engines vary it by version
# and locale, and a git user asked to keep "theirs" by hand may name it vault.sync-conflict-git.mjv.
_SYNCTHING_CONFLICT = re.compile(r"^(?P<stem>.+?)\.sync-conflict-[A-Za-z0-9-]+(?P<ext>\.[^./ ]+)?$")
_DROPBOX_CONFLICT = re.compile(r"^(?P<stem>.+?) \([^/]*conflicted copy[^/]*\)(?P<ext>\.[^./ ]+)?$", re.IGNORECASE)
_OWNCLOUD_CONFLICT = re.compile(r"^(?P<stem>.+?)_conflict-\d{8}-\d{6}(?P<ext>\.[^./ ]+)?$")
_SYNCTHING_TEMP = re.compile(r"^(?:\.syncthing\.|~syncthing~).+\.tmp$")

# Names an engine keeps for itself; never ours, never harmful.
ENGINE_NAMES: dict[str, str] = {
    ".git": "git",
    ".gitignore": "git",
    ".gitattributes": "git",
    ".gitkeep": "git",
    ".stfolder": "Syncthing",
    ".stignore": "Syncthing",
    ".stversions": "Syncthing",
    ".dropbox": "Dropbox",
    ".dropbox.attr": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".owncloudsync.log": "Nextcloud/ownCloud",
    ".nextcloudsync.log": "Nextcloud/ownCloud",
    "desktop.ini": "Windows",
    ".DS_Store": "macOS",
}
_ENGINE_PREFIXES = {".sync_": "Nextcloud/ownCloud", "._sync_": "Nextcloud/ownCloud", "._": "macOS"}

# What we suggest the mentor puts beside the vault (docs/sync.md): the lock and our temp files are
# per-machine and must not travel.
SUGGESTED_GITIGNORE = ".lock\n.tmp-*\n.syncthing.*.tmp\n"
# Vault files are binary: never convert line endings, never try a text merge.
SUGGESTED_GITATTRIBUTES = "* -text -diff\n"
SUGGESTED_STIGNORE = ".lock\n.tmp-*\n.git\n"


def conflict_copy_of(name: str) -> tuple[str, str] | None:
    """``(original name, engine)`` if ``name`` is a sync engine's conflict copy, else None."""
    for pattern, engine in (
        (_SYNCTHING_CONFLICT, "Syncthing"),
        (_DROPBOX_CONFLICT, "Dropbox/Nextcloud"),
        (_OWNCLOUD_CONFLICT, "ownCloud"),
    ):
        match = pattern.match(name)
        if match:
            return match["stem"] + (match["ext"] or ""), engine
    return None


def engine_of(name: str) -> str | None:
    """The engine whose own temporary or bookkeeping file this is, if any."""
    if _SYNCTHING_TEMP.match(name):
        return "Syncthing"
    if name in ENGINE_NAMES:
        return ENGINE_NAMES[name]
    for prefix, engine in _ENGINE_PREFIXES.items():
        if name.startswith(prefix):
            return engine
    return None


# --- the header and its conflict copies ----------------------------------------------------------


@dataclass(frozen=True)
class HeaderConflict:
    """Why the mentor must be told about the header: copies exist, or only a copy opened."""

    opened: Path  # the header file the passphrase (or recovery key) opened
    copies: tuple[Path, ...]  # every header copy of this vault, the opened one included if it is a copy
    main_damaged: bool = False

    @property
    def opened_copy(self) -> bool:
        return self.opened in self.copies

    def __str__(self) -> str:
        if self.main_damaged:
            return (
                f"the vault header {_display_name(self.opened)} is damaged; unlocked with its sync copy "
                f"{self.opened.name}. Run `mentorjournal passwd` to write a fresh header."
            )
        if self.opened_copy:
            return (
                f"this passphrase opens only {self.opened.name}, a sync engine's copy of the vault header: "
                "the passphrase was changed on two machines. Run `mentorjournal passwd` to set one passphrase "
                "for every machine, then `mentorjournal remove-header-copies`."
            )
        names = ", ".join(p.name for p in self.copies)
        return (
            f"the vault header was changed on two machines: {len(self.copies)} copy(ies) left by the sync "
            f"engine ({names}) may still open with another passphrase. Once every machine uses this one, "
            "run `mentorjournal remove-header-copies`."
        )


def _display_name(path: Path) -> str:
    return path.parent.name + "/" + path.name if path.parent.name else path.name


@dataclass(frozen=True)
class OpenedHeader:
    header: hdr.Header
    data_key: bytes
    conflict: HeaderConflict | None


@dataclass(frozen=True)
class _Candidate:
    path: Path
    raw: bytes
    header: hdr.Header


def header_copy_paths(header_file: Path) -> list[Path]:
    """Files beside ``vault.mjv`` that an engine named as its conflict copies, sorted by name."""
    try:
        names = sorted(os.listdir(header_file.parent))
    except OSError:
        return []
    out = []
    for name in names:
        found = conflict_copy_of(name)
        if found is not None and found[0] == header_file.name:
            path = header_file.parent / name
            if path.is_file() and not path.is_symlink():
                out.append(path)
    return out


def _read_candidate(path: Path) -> _Candidate | None:
    try:
        raw = storage.read_file(path)
        return _Candidate(path, raw, hdr.parse(raw))
    except (HeaderDamaged, StorageError):
        return None


def first_intact_copy(header_file: Path) -> hdr.Header | None:
    """A parseable header copy, for when ``vault.mjv`` itself is damaged (no key needed)."""
    for path in header_copy_paths(header_file):
        candidate = _read_candidate(path)
        if candidate is not None:
            return candidate.header
    return None


def open_header(header_file: Path, slot_kind: int, wrapping_key: Callable[[hdr.Slot], bytes]) -> OpenedHeader | None:
    """Open ``vault.mjv``, else one of its conflict copies, with the secret behind ``wrapping_key``.

    ``wrapping_key(slot)`` runs the KDF for one slot; results are reused for slots with the same salt
    and parameters (a copy shares the slots it did not change), so a copy costs an Argon2 run only
    when it holds a different passphrase. The opened header's MAC is verified with the data key.
    Returns None when no slot of any candidate opens.
    """
    main_damaged = False
    candidates: list[_Candidate] = []
    try:
        raw = storage.read_file(header_file)
        candidates.append(_Candidate(header_file, raw, hdr.parse(raw)))
    except HeaderDamaged:
        main_damaged = True  # read_header already fell back to a copy, or raised
        raw = b""
    copies: list[_Candidate] = []
    for path in header_copy_paths(header_file):
        copy = _read_candidate(path)
        if copy is None:
            continue
        if candidates and copy.header.vault_id != candidates[0].header.vault_id:
            continue  # another vault's header: not a copy of ours
        copies.append(copy)
    # A byte-identical copy adds no passphrase; it is still listed so that it can be tidied away.
    candidates.extend(c for c in copies if c.raw != raw)
    derived: dict[tuple[bytes, object], bytes] = {}
    for candidate in candidates:
        for slot in candidate.header.slots:
            if slot.kind != slot_kind:
                continue
            memo = (slot.salt, slot.kdf)
            if memo not in derived:
                derived[memo] = wrapping_key(slot)
            data_key = candidate.header.unwrap(slot, derived[memo])
            if data_key is None:
                continue
            try:
                candidate.header.verify_mac(candidate.raw, data_key)
            except HeaderDamaged as exc:
                if candidate.path == header_file:
                    raise
                raise HeaderDamaged(f"{candidate.path.name}: {exc}") from None
            conflict = None
            if copies or main_damaged:
                conflict = HeaderConflict(candidate.path, tuple(c.path for c in copies), main_damaged)
            return OpenedHeader(candidate.header, data_key, conflict)
    return None


def header_mac_matches(raw: bytes, header_mac_key: bytes) -> bool:
    """The header's HMAC (docs/vault-format.md) under the ``header-mac`` subkey of the data key."""
    body, mac = raw[:-64], raw[-64:-32]
    return hmac.compare_digest(mac, hmac.new(header_mac_key, body, "sha256").digest())


def remove_header_copies(vault: Vault) -> list[Path]:
    """Delete the header's conflict copies: the mentor's explicit act, after one passphrase is agreed.

    Refused unless this vault was unlocked through ``vault.mjv`` itself and that file still
    authenticates under the data key: then the passphrase the mentor just typed keeps opening the
    vault after the copies are gone. (A copy that alone opened is never removed this way: run
    ``passwd`` first, which writes a fresh ``vault.mjv``.)
    """
    if vault.read_only:
        raise UsageError("removing header copies needs the vault open for writing")
    conflict = vault.header_conflict
    header_file = vault.path / "vault.mjv"
    if conflict is not None and (conflict.opened_copy or conflict.main_damaged):
        raise UsageError(
            "this passphrase opens only a copy of the header; run `mentorjournal passwd` first "
            "(it writes a fresh vault.mjv), then remove the copies"
        )
    try:
        raw = storage.read_file(header_file)
        current = hdr.parse(raw)
        authentic = current.vault_id.hex() == vault.vault_id and header_mac_matches(
            raw, vault.subkey(keys.PURPOSE_HEADER_MAC)
        )
    except MentorJournalError as exc:
        raise UsageError(f"vault.mjv cannot be read ({exc}); nothing was removed") from None
    if not authentic:
        raise UsageError("vault.mjv does not authenticate under this vault's key; nothing was removed")
    removed = []
    for path in header_copy_paths(header_file):
        try:
            path.unlink()
        except OSError as exc:
            raise StorageError(f"could not remove {path.name} ({exc.__class__.__name__})") from None
        removed.append(path)
    if removed:
        storage.fsync_dir(vault.path)
    return removed


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
    header_conflict: HeaderConflict | None
    files: list[EngineFile]
    conflicts: int  # records with several heads (edited on two machines)
    missing_parents: int  # revisions named as parents that have not arrived yet


def _record_copy(vault: Vault, path: Path, original: str, engine: str) -> EngineFile:
    """A conflict copy of a write-once record file is identical to it, or damaged: find out which."""
    revision_id = original[: -len(".mjr")]
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
    try:
        raw = storage.read_file(path)
        parsed = hdr.parse(raw)
    except (HeaderDamaged, StorageError) as exc:
        return EngineFile(path, engine, "header copy", f"not a usable header ({exc}); safe to delete", True)
    if parsed.vault_id.hex() != vault.vault_id:
        return EngineFile(path, engine, "header copy", "the header of another vault; left alone")
    if not header_mac_matches(raw, vault.subkey(keys.PURPOSE_HEADER_MAC)):
        return EngineFile(path, engine, "header copy", "does not authenticate under this vault's key")
    return EngineFile(
        path,
        engine,
        "header copy",
        "an earlier or concurrent header of this vault (may open with another passphrase); "
        "`mentorjournal remove-header-copies` removes it once every machine uses one passphrase",
    )


def _classify(vault: Vault, path: Path, *, in_records: bool) -> EngineFile:
    name = path.name
    copy = conflict_copy_of(name)
    if copy is not None:
        original, engine = copy
        if in_records and original.endswith(".mjr") and ID_RE.match(original[:-4]):
            return _record_copy(vault, path, original, engine)
        if not in_records and original == "vault.mjv":
            return _header_copy(vault, path, engine)
        return EngineFile(path, engine, "conflict copy", f"a copy of {original}, not a vault file; left alone")
    if _SYNCTHING_TEMP.match(name):
        return EngineFile(path, "Syncthing", "temporary file", "a file still arriving; it is read when complete")
    kept_by = engine_of(name)
    if kept_by is not None:
        return EngineFile(path, kept_by, "engine file", "kept by the sync engine; harmless")
    return EngineFile(path, "unknown", "unknown file", "not a MentorJournal file; ignored and left alone")


def sync_status(vault: Vault) -> SyncStatus:
    """Everything an engine left in the folder, checked; conflicts and not-yet-arrived parents counted."""
    from mentorjournal.vault.vault import HEADER_NAME, RECORDS_DIR, iter_record_files

    ours = {HEADER_NAME, RECORDS_DIR, ".lock"}
    files: list[EngineFile] = []
    with os.scandir(vault.path) as entries:
        top = sorted(entries, key=lambda e: e.name)
    for entry in top:
        if entry.name in ours or entry.name.startswith(storage.TEMP_PREFIX):
            continue
        files.append(_classify(vault, Path(entry.path), in_records=False))
    for path, revision_id in iter_record_files(vault.path):
        if revision_id is None:
            files.append(_classify(vault, path, in_records=True))
    graph = vault.graph
    return SyncStatus(vault.header_conflict, files, len(graph.conflicts()), len(graph.missing_parents()))
