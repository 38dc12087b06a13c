"""Backup and restore: the whole vault in one file, still encrypted, with an authenticated manifest.

A backup is an uncompressed POSIX tar archive (docs/sync.md specifies it) holding, in this order:
``vault.mjv``, any sync-engine copies of it that belong to this vault, every record file
``records/<aa>/<revision-id>.mjr`` byte for byte, then ``backup-manifest.json`` (format, vault id,
creation time, and the name, size and SHA-256 of every file before it) and ``backup-manifest.hmac``
(HMAC-SHA256 of the manifest's exact bytes under the ``backup-manifest`` subkey of the data key).

Why a keyed manifest when every file is already authenticated (the header by its HMAC, each record by
AES-GCM bound to its name and vault)? Those prove each file *is* genuine; none proves the set is
*complete*. An unkeyed SHA-256 list catches damage and truncation, but anyone could drop a record and
its line and recompute it. Under the HMAC, a backup that lost or gained a file is refused. (A whole
older backup can still be substituted for a newer one: the manifest's date is shown at restore.)

Restore checks the archive's structure and every SHA-256 *before* any key is needed (a damaged or
truncated backup is refused with one message), writes into a hidden staging folder beside the target,
unlocks it, verifies the manifest's HMAC, runs ``check``, and only then renames it into place. An
existing vault is never overwritten: with ``replace_existing`` it is renamed aside and kept.

Nothing here decrypts a record for any purpose but authentication, and nothing here prints content.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from mentorjournal.errors import (
    InvalidInput,
    RecordDamaged,
    StorageError,
    UsageError,
    VaultExists,
)
from mentorjournal.inert import inert_name
from mentorjournal.vault import header as hdr
from mentorjournal.vault import keys, layout, opening, storage
from mentorjournal.vault.layout import HEADER_NAME, RECORDS_DIR, is_vault, iter_record_files
from mentorjournal.vault.record import open_sealed
from mentorjournal.vault.vault import LoadReport, Vault

FORMAT = "mentorjournal-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "backup-manifest.json"
MAC_NAME = "backup-manifest.hmac"
PURPOSE_BACKUP_MANIFEST = b"backup-manifest"
MAX_MEMBER_SIZE = 256 * 1024 * 1024  # a record this large is not one we wrote
_MAX_HEADER_SIZE = 97 + 89 * hdr.MAX_SLOTS
_RECORD_MEMBER = re.compile(r"^records/([0-9a-f]{2})/(\1[0-9a-f]{30})\.mjr$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    files: int  # header (and copies) plus record files
    size: int  # bytes of the backup file
    damaged: list[str] = field(default_factory=list)  # record files that failed authentication (copied as they are)


@dataclass(frozen=True)
class RestoreSummary:
    target: Path
    files: int
    vault_id: str
    created: str  # when the backup was made (ISO 8601 UTC), from its authenticated manifest
    report: LoadReport  # the check run on the restored vault
    previous_kept_as: Path | None = None  # the vault that was in the target, renamed aside


def _damaged(backup: Path, detail: str) -> InvalidInput:
    return InvalidInput(
        f"the backup {inert_name(backup.name)} is damaged or incomplete ({detail}); nothing was restored"
    )


# --- backup --------------------------------------------------------------------------------------


def _member(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    # One time for every member: the backup need not carry the vault's write times (when sessions happened).
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _vault_files(vault: Vault) -> list[tuple[str, Path]]:
    """(name in the backup, path) for the header, its copies of this vault, and every record file."""
    files = [(HEADER_NAME, layout.header_path(vault.path))]
    for copy in opening.copies_of(vault.path, bytes.fromhex(vault.vault_id)):
        files.append((copy.path.name, copy.path))
    records = [(path, rid) for path, rid in iter_record_files(vault.path) if rid is not None]
    for path, revision_id in sorted(records, key=lambda item: item[1] or ""):
        files.append((layout.record_member(revision_id), path))
    return files


def create_backup(
    vault: Vault,
    dest: Path,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BackupSummary:
    """Write the whole vault, still encrypted, to ``dest`` (0600, atomically, never over a file unasked)."""
    dest = dest.expanduser()
    shown = inert_name(str(dest))
    if dest.is_dir():
        raise UsageError(
            f"{shown} is a folder; give the backup a file name, e.g. {inert_name(str(dest / 'vault.mjbackup'))}"
        )
    refuse_inside_vault(dest, vault.path, "the backup")
    if not dest.parent.is_dir():
        raise UsageError(f"the folder {inert_name(str(dest.parent))} does not exist")
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    mtime = int(created.timestamp())
    records_key = vault.subkey(keys.PURPOSE_RECORDS)
    vault_id = bytes.fromhex(vault.vault_id)
    files = _vault_files(vault)
    entries: list[dict[str, Any]] = []
    damaged: list[str] = []
    try:
        with (
            storage.private_output(dest, replace=overwrite) as out,
            tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            for done, (name, path) in enumerate(files, 1):
                raw = storage.read_file(path)
                if name.startswith(RECORDS_DIR + "/"):
                    try:
                        open_sealed(raw, path.name[: -len(layout.RECORD_SUFFIX)], records_key, vault_id)
                    except RecordDamaged:
                        damaged.append(path.name)  # copied as it is: a backup never drops a file
                tar.addfile(_member(name, len(raw), mtime), io.BytesIO(raw))
                entries.append({"name": name, "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()})
                if progress and (done % 200 == 0 or done == len(files)):
                    progress(done, len(files))
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "vault_id": vault.vault_id,
                "created": created.isoformat().replace("+00:00", "Z"),
                "files": entries,
            }
            manifest_raw = (json.dumps(manifest, sort_keys=True, indent=1) + "\n").encode("ascii")
            mac = hmac.new(vault.subkey(PURPOSE_BACKUP_MANIFEST), manifest_raw, "sha256").hexdigest()
            tar.addfile(_member(MANIFEST_NAME, len(manifest_raw), mtime), io.BytesIO(manifest_raw))
            mac_raw = (mac + "\n").encode("ascii")
            tar.addfile(_member(MAC_NAME, len(mac_raw), mtime), io.BytesIO(mac_raw))
    except storage.TargetExists:
        raise UsageError(f"{shown} already exists; choose another name (or --force to replace it)") from None
    except storage.TargetNotRegular:
        raise UsageError(f"{shown} exists and is not a regular file; --force replaces only a regular file") from None
    except StorageError as exc:
        raise StorageError(f"could not write the backup {shown} ({exc}); nothing was written") from None
    return BackupSummary(dest, len(files), dest.stat().st_size, damaged)


def refuse_inside_vault(dest: Path, vault_dir: Path, what: str) -> None:
    """A file written by the program lands outside the vault folder: a sync engine would carry it along,
    and ``check`` would have to account for it. Links are resolved, so no other path reaches inside."""
    if dest.resolve().is_relative_to(vault_dir.resolve()):
        raise UsageError(f"put {what} outside the vault folder (a sync engine would carry it along)")


# --- reading a backup ----------------------------------------------------------------------------


@dataclass
class _Staged:
    manifest_raw: bytes
    mac_hex: str
    manifest: dict[str, Any]
    names: list[str]


def _member_kind(name: str) -> str | None:
    if name == HEADER_NAME:
        return "header"
    if name in (MANIFEST_NAME, MAC_NAME):
        return name
    if _RECORD_MEMBER.match(name):
        return "record"
    if "/" not in name and layout.header_copy_of(name):
        return "header copy"
    return None


def _parse_manifest(backup: Path, raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("ascii"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("not a backup manifest")
        if manifest.get("version") != FORMAT_VERSION:
            raise InvalidInput(
                f"the backup {backup.name} has format version {manifest.get('version')!r}; this program reads 1"
            )
        if not (isinstance(manifest.get("vault_id"), str) and re.fullmatch(r"[0-9a-f]{32}", manifest["vault_id"])):
            raise ValueError("bad vault id")
        files = manifest.get("files")
        if not isinstance(files, list) or not isinstance(manifest.get("created"), str):
            raise ValueError("bad file list")
        for entry in files:
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("name"), str)
                and isinstance(entry.get("size"), int)
                and isinstance(entry.get("sha256"), str)
                and _HEX64.match(entry["sha256"])
            ):
                raise ValueError("bad file entry")
    except (ValueError, UnicodeDecodeError) as exc:
        raise _damaged(backup, f"unreadable manifest: {exc}") from None
    return manifest


def _stage(backup: Path, staging: Path, progress: Progress | None) -> _Staged:
    """Unpack into ``staging`` (ours, new), checking structure and every SHA-256 against the manifest."""
    try:
        total = backup.stat().st_size
        source = backup.open("rb")  # closed by the with below
    except OSError as exc:
        raise UsageError(f"cannot read the backup {backup}: {exc.__class__.__name__}") from None
    seen: dict[str, tuple[int, str]] = {}
    names: list[str] = []
    manifest_raw: bytes | None = None
    mac_raw: bytes | None = None
    end = 0  # where the last member's data (padded to a block) ends
    with source:
        try:
            tar = tarfile.open(fileobj=source, mode="r:")  # noqa: SIM115 - the file object is closed below
        except (tarfile.TarError, EOFError):
            raise InvalidInput(f"{backup} is not a MentorJournal backup (not an archive)") from None
        try:
            for member in tar:
                name = member.name
                kind = _member_kind(name)
                if not names and name != HEADER_NAME:
                    raise InvalidInput(f"{backup} is not a MentorJournal backup (it does not start with {HEADER_NAME})")
                if mac_raw is not None:
                    raise _damaged(backup, "entries after the manifest")
                if kind is None or not member.isreg():
                    raise _damaged(backup, f"unexpected entry {inert_name(name)}")
                if name in seen or (name == MANIFEST_NAME and manifest_raw is not None):
                    raise _damaged(backup, f"{inert_name(name)} appears twice")
                if kind == MAC_NAME and manifest_raw is None:
                    raise _damaged(backup, "manifest signature before the manifest")
                if manifest_raw is not None and kind != MAC_NAME:
                    raise _damaged(backup, "entries after the manifest")
                limit = _MAX_HEADER_SIZE if kind in ("header", "header copy") else MAX_MEMBER_SIZE
                if member.size > limit:
                    raise _damaged(backup, f"{inert_name(name)} is implausibly large")
                extracted = tar.extractfile(member)
                assert extracted is not None  # a regular file always has data
                data = extracted.read()
                if len(data) != member.size:
                    raise _damaged(backup, f"{inert_name(name)} is cut short")
                if kind == MANIFEST_NAME:
                    manifest_raw = data
                elif kind == MAC_NAME:
                    mac_raw = data
                else:
                    _write_staged(staging, name, data)
                    seen[name] = (len(data), hashlib.sha256(data).hexdigest())
                    names.append(name)
                end = member.offset_data + -(-member.size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE
                if progress:
                    progress(source.tell(), total)
            _check_tail(backup, source, end, total)
        except (tarfile.TarError, EOFError, OSError) as exc:
            if isinstance(exc, OSError) and not isinstance(exc, EOFError):
                raise StorageError(f"could not restore into {staging.parent}: {exc.__class__.__name__}") from None
            raise _damaged(backup, "the archive is cut short or garbled") from None
    if manifest_raw is None or mac_raw is None:
        raise _damaged(backup, "no manifest: the file is cut short")
    manifest = _parse_manifest(backup, manifest_raw)
    listed = {e["name"]: (e["size"], e["sha256"]) for e in manifest["files"]}
    if len(listed) != len(manifest["files"]):
        raise _damaged(backup, "the manifest lists a file twice")
    missing = sorted(set(listed) - set(seen))
    extra = sorted(set(seen) - set(listed))
    if missing:
        raise _damaged(
            backup, f"{len(missing)} file(s) listed in the manifest are missing, e.g. {inert_name(missing[0])}"
        )
    if extra:
        raise _damaged(backup, f"{len(extra)} file(s) are not in the manifest, e.g. {inert_name(extra[0])}")
    for name, facts in seen.items():
        if listed[name] != facts:
            raise _damaged(backup, f"{name} does not match its SHA-256 in the manifest")
    mac_hex = mac_raw.decode("ascii", errors="replace")[:-1]
    if not (_HEX64.match(mac_hex) and mac_raw == (mac_hex + "\n").encode("ascii")):
        raise _damaged(backup, "the manifest signature is not exactly 64 hex digits and a newline")
    return _Staged(manifest_raw, mac_hex, manifest, names)


def _check_tail(backup: Path, source: BinaryIO, end: int, total: int) -> None:
    """After the signature only tar's end: two zero blocks, zero-padded to a whole record, nothing more.

    tarfile stops reading at the first zero block, so bytes appended after it (another member, a
    payload, a second signature) would otherwise be ignored silently.
    """
    record = tarfile.RECORDSIZE
    expected = -(-(end + 2 * tarfile.BLOCKSIZE) // record) * record
    if total != expected:
        raise _damaged(backup, f"{total - expected:+d} bytes after the end of the archive")
    source.seek(end)
    if source.read(total - end).strip(b"\0"):
        raise _damaged(backup, "bytes after the end of the archive")


def _write_staged(staging: Path, name: str, data: bytes) -> None:
    target = staging / name
    if target.parent != staging:
        storage.ensure_private_dir(target.parent)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), storage.FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise StorageError(f"could not write {target}: {exc.__class__.__name__}") from None


# --- restore -------------------------------------------------------------------------------------


def _check_target(target: Path, replace_existing: bool) -> bool:
    """True if ``target`` holds a vault that is to be replaced (renamed aside)."""
    if is_vault(target):
        if not replace_existing:
            raise VaultExists(
                f"{target} already holds a vault; restore into a new folder, or use --force to replace it "
                "(the current vault is then kept beside it, renamed)"
            )
        return True
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty and holds no vault; restore into a new or empty folder")
    return False


def restore_backup(
    backup: Path,
    target: Path,
    unlock: Callable[[Path], Vault],
    *,
    replace_existing: bool = False,
    progress: Progress | None = None,
    check_progress: Progress | None = None,
) -> RestoreSummary:
    """Restore ``backup`` into ``target`` (new or empty; an existing vault only with ``replace_existing``).

    ``unlock(folder)`` opens the staged vault (read-only) with the mentor's passphrase or recovery key;
    it is called only once the archive has proved intact, so a damaged file never asks for a secret.
    """
    backup = backup.expanduser()
    target = target.expanduser()
    replacing = _check_target(target, replace_existing)
    try:  # never chmod an existing parent (it may be the home folder): only create what is missing
        target.parent.mkdir(mode=storage.DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create folder {target.parent}: {exc.__class__.__name__}") from None
    staging = target.parent / f".{target.name}.restoring-{secrets.token_hex(4)}"
    storage.ensure_private_dir(staging)
    try:
        staged = _stage(backup, staging, progress)
        vault = unlock(staging)
        try:
            if vault.vault_id != staged.manifest["vault_id"]:
                raise _damaged(backup, "its manifest names another vault")
            expected = hmac.new(vault.subkey(PURPOSE_BACKUP_MANIFEST), staged.manifest_raw, "sha256").hexdigest()
            if not hmac.compare_digest(expected, staged.mac_hex):
                raise _damaged(backup, "its manifest does not authenticate: altered, or files added or removed")
            report = vault.check(check_progress)
        finally:
            vault.lock()
        os.sync()  # one flush for every staged file, rather than an fsync per file
        kept = _move_into_place(staging, target, replacing)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestoreSummary(target, len(staged.names), vault.vault_id, staged.manifest["created"], report, kept)


def _move_into_place(staging: Path, target: Path, replacing: bool) -> Path | None:
    kept: Path | None = None
    try:
        if replacing:
            lock = storage.WriterLock(target)
            lock.acquire()  # refuses while another process has the vault open for writing
            try:
                stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
                kept = target.with_name(f"{target.name}.before-restore-{stamp}")
                if kept.exists():
                    kept = target.with_name(f"{kept.name}-{secrets.token_hex(2)}")
                target.rename(kept)
            finally:
                lock.release()
        elif target.is_dir():
            target.rmdir()  # empty, checked before
        staging.rename(target)
    except OSError as exc:
        raise StorageError(f"could not put the restored vault in place at {target}: {exc.__class__.__name__}") from None
    storage.fsync_dir(target.parent)
    return kept
