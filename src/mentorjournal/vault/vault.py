"""The vault: a folder holding one header and one encrypted file per record revision.

``Vault.create`` makes a new one; ``Vault.unlock`` opens one with the passphrase (or the recovery
key). An unlocked vault loads every revision into a ``RevisionGraph`` and writes new revisions as
new files: one file per save, whatever the size of the vault. This module knows nothing about
mentoring: records are a kind string and a JSON object.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mentorjournal import bulk
from mentorjournal.bulk import gc_paused
from mentorjournal.errors import (
    HeaderDamaged,
    Locked,
    MentorJournalError,
    NotAVault,
    RecordDamaged,
    StorageError,
    UsageError,
    VaultExists,
    WrongPassphrase,
)
from mentorjournal.vault import header as hdr
from mentorjournal.vault import keys, storage, sync
from mentorjournal.vault.cache import CachedBodies, open_local, read_cache, seal_local, write_cache
from mentorjournal.vault.kdf import SALT_LEN, KdfParams, calibrate, derive_key
from mentorjournal.vault.record import ID_RE, PREFIX_LEN, Revision, new_id, open_sealed, revision_id_in, seal
from mentorjournal.vault.revisions import RevisionGraph

HEADER_NAME = "vault.mjv"
RECORDS_DIR = "records"
RECORD_SUFFIX = ".mjr"

Progress = Callable[[int, int], None]  # (done, total)
CACHE_REWRITE_AFTER = 64
_LOCAL_CACHE_NAME = re.compile(r"[a-z]+(-[a-z]+)*")
_RESERVED_CACHE_NAMES = ("bodies", "revision")  # the unlock cache's own files and associated data
_SHARD_RE = re.compile(r"[0-9a-f]{2}")


@dataclass(frozen=True)
class DamagedFile:
    path: Path
    reason: str


@dataclass
class LoadReport:
    loaded: int = 0
    damaged: list[DamagedFile] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)  # files that are not ours (sync engines' copies...)
    temp_files_swept: int = 0
    from_cache: int = 0  # revisions taken from the device-local unlock cache rather than their files


@dataclass(frozen=True)
class CreatedVault:
    vault: Vault
    recovery_key: str | None  # shown once to the mentor, never stored


def unlock_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentorjournal", appauthor=False)) / "unlock"


def remove_local_caches(vault_id: str) -> None:
    """Delete this device's caches of one vault (the unlock cache and the layers' own)."""
    folder = unlock_cache_dir()
    for path in [folder / f"{vault_id}.mjc", *folder.glob(f"{vault_id}.*.mjc")]:
        with contextlib.suppress(OSError):
            path.unlink()


def is_vault(path: Path) -> bool:
    return (path / HEADER_NAME).is_file()


def record_path(vault_dir: Path, revision_id: str) -> Path:
    return vault_dir / RECORDS_DIR / revision_id[:2] / f"{revision_id}{RECORD_SUFFIX}"


def iter_record_files(vault_dir: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under records/, with its revision id, or None for files that are not ours."""
    for entry, revision_id in _iter_record_entries(vault_dir):
        yield Path(entry.path), revision_id


def _revision_id_of(shard: str, name: str) -> str | None:
    """The revision id a file name in shard folder ``shard`` stands for, or None if it is not one of ours."""
    stem = name[: -len(RECORD_SUFFIX)] if name.endswith(RECORD_SUFFIX) else ""
    return stem if stem[:2] == shard and ID_RE.match(stem) else None


def _iter_record_entries(vault_dir: Path) -> Iterator[tuple[os.DirEntry[str], str | None]]:
    # Plain scandir and strings: at 30,000 files pathlib's parsing is most of the cost of a cached unlock.
    root = vault_dir / RECORDS_DIR
    if not root.is_dir():
        return
    with os.scandir(root) as shards:
        ordered = sorted(shards, key=lambda e: e.name)
    for shard in ordered:
        if not shard.is_dir(follow_symlinks=False):
            yield shard, None
            continue
        with os.scandir(shard.path) as entries:
            for entry in entries:
                if entry.name.startswith(storage.TEMP_PREFIX):
                    continue
                revision_id = _revision_id_of(shard.name, entry.name)
                yield entry, (revision_id if entry.is_file(follow_symlinks=False) else None)


def _list_shards(vault_dir: Path, ignored: list[Path]) -> Iterator[tuple[str, str, list[str]]]:
    """(folder, shard name, file names) for each shard folder under records/; anything else is ignored."""
    root = vault_dir / RECORDS_DIR
    if not root.is_dir():
        return
    with os.scandir(root) as entries:
        ordered = sorted(entries, key=lambda e: e.name)
    for shard in ordered:
        if not shard.is_dir(follow_symlinks=False) or not _SHARD_RE.fullmatch(shard.name):
            if not shard.name.startswith(storage.TEMP_PREFIX):  # a header save's temp file is swept elsewhere
                ignored.append(Path(shard.path))
            continue
        try:
            yield shard.path, shard.name, os.listdir(shard.path)
        except OSError:
            ignored.append(Path(shard.path))


def _copy_of(path: Path, revision_ids: set[str]) -> bool:
    """Whether a file that is not ours by name is a record file of one of ``revision_ids`` (its prefix)."""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        with open(path, "rb") as handle:
            head = handle.read(PREFIX_LEN)
    except OSError:
        return False
    return revision_id_in(head) in revision_ids


class Vault:
    """An unlocked vault. Holds the data key in memory until ``lock()``; Python cannot wipe it (see docs)."""

    def __init__(
        self,
        path: Path,
        header: hdr.Header,
        data_key: bytes,
        *,
        read_only: bool,
        writer_lock: storage.WriterLock | None,
    ) -> None:
        self.path = path
        self._header = header
        self._data_key: bytes | None = data_key
        self._records_key: bytes | None = keys.subkey(data_key, header.vault_id, keys.PURPOSE_RECORDS)
        self.read_only = read_only
        self._lock = writer_lock
        self._graph: RevisionGraph | None = None
        self._cached_bodies: list[CachedBodies] = []  # closed (key and plaintext dropped) at lock
        self.last_load: LoadReport | None = None
        # Set at unlock when a sync engine left copies of the header (see vault/sync.py): tell the mentor.
        self.header_conflict: sync.HeaderConflict | None = None

    # --- creating and opening ------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        kdf: KdfParams | None = None,
        recovery_key: bool = True,
        calibration_progress: Callable[[str], None] | None = None,
    ) -> CreatedVault:
        """Make a new vault in ``path`` (created if missing, must not already hold a vault)."""
        secret = keys.normalise_passphrase(passphrase)
        if is_vault(path):
            raise VaultExists(f"a vault already exists in {path}")
        if path.exists() and not path.is_dir():
            raise UsageError(f"{path} exists and is not a folder")
        params = kdf or calibrate(calibration_progress)
        params.check_bounds()
        storage.ensure_private_dir(path)
        storage.ensure_private_dir(path / RECORDS_DIR)
        lock = storage.WriterLock(path)
        lock.acquire()
        try:
            data_key = keys.new_data_key()
            header = hdr.Header(vault_id=os.urandom(hdr.VAULT_ID_LEN), created=int(time.time()))
            salt = os.urandom(SALT_LEN)
            slots = [header.wrap(hdr.SLOT_PASSPHRASE, derive_key(secret, salt, params), salt, params, data_key)]
            shown: str | None = None
            if recovery_key:
                entropy = keys.new_recovery_entropy()
                rsalt = os.urandom(SALT_LEN)
                wrapping = hdr.recovery_wrapping_key(entropy, rsalt)
                slots.append(header.wrap(hdr.SLOT_RECOVERY, wrapping, rsalt, None, data_key))
                shown = keys.format_recovery_key(entropy)
            header = hdr.Header(header.vault_id, header.created, tuple(slots))
            storage.write_atomically(path / HEADER_NAME, header.to_bytes(data_key))
        except BaseException:
            lock.release()
            raise
        return CreatedVault(cls(path, header, data_key, read_only=False, writer_lock=lock), shown)

    @staticmethod
    def read_header(path: Path) -> hdr.Header:
        """Parse the header without any key: tells foreign/damaged/absurd apart before Argon2 runs."""
        header_file = path / HEADER_NAME
        if not path.is_dir():
            raise NotAVault(f"no vault at {path} (folder does not exist); create one with `mentorjournal init`")
        if not header_file.is_file():
            raise NotAVault(f"no vault at {path} (no {HEADER_NAME}); create one with `mentorjournal init`")
        try:
            return hdr.parse(storage.read_file(header_file))
        except HeaderDamaged as exc:
            intact_copy = sync.first_intact_copy(header_file)  # a sync engine's copy still opens
            if intact_copy is not None:
                return intact_copy
            raise type(exc)(f"{header_file}: {exc}") from None

    @classmethod
    def unlock(cls, path: Path, passphrase: str, *, read_only: bool = False) -> Vault:
        cls.read_header(path)
        secret = keys.normalise_passphrase(passphrase)

        def kek(slot: hdr.Slot) -> bytes:
            assert slot.kdf is not None  # parse() gives every passphrase slot its parameters
            return derive_key(secret, slot.salt, slot.kdf)

        # vault.mjv first, then any copy a sync engine left of it (a passphrase changed on two machines).
        opened = sync.open_header(path / HEADER_NAME, hdr.SLOT_PASSPHRASE, kek)
        if opened is None:
            raise WrongPassphrase("wrong passphrase for this vault")
        return cls._opened(path, opened, read_only)

    @classmethod
    def unlock_with_recovery_key(cls, path: Path, recovery_key: str, *, read_only: bool = False) -> Vault:
        header = cls.read_header(path)
        if not any(s.kind == hdr.SLOT_RECOVERY for s in header.slots):
            raise WrongPassphrase("this vault was created without a recovery key")
        entropy = keys.parse_recovery_key(recovery_key)
        opened = sync.open_header(
            path / HEADER_NAME, hdr.SLOT_RECOVERY, lambda slot: hdr.recovery_wrapping_key(entropy, slot.salt)
        )
        if opened is None:
            raise WrongPassphrase("wrong recovery key for this vault")
        return cls._opened(path, opened, read_only)

    @classmethod
    def _opened(cls, path: Path, opened: sync.OpenedHeader, read_only: bool) -> Vault:
        # open_header has verified the MAC of the header file that opened.
        lock = None
        if not read_only:
            lock = storage.WriterLock(path)
            lock.acquire()
        vault = cls(path, opened.header, opened.data_key, read_only=read_only, writer_lock=lock)
        vault.header_conflict = opened.conflict
        return vault

    # --- facts ---------------------------------------------------------------------------------

    @property
    def vault_id(self) -> str:
        return self._header.vault_id.hex()

    @property
    def kdf(self) -> KdfParams:
        params = next(s.kdf for s in self._header.slots if s.kind == hdr.SLOT_PASSPHRASE and s.kdf)
        return params

    @property
    def is_cheap(self) -> bool:
        """True for a vault made with test-only Argon2 parameters; callers must warn on every unlock."""
        return self._header.is_cheap

    @property
    def has_recovery_key(self) -> bool:
        return any(s.kind == hdr.SLOT_RECOVERY for s in self._header.slots)

    @property
    def is_locked(self) -> bool:
        return self._data_key is None

    def subkey(self, purpose: bytes) -> bytes:
        """A per-purpose HKDF subkey of the data key (e.g. to authenticate a backup's manifest)."""
        data_key, _ = self._keys()
        return keys.subkey(data_key, self._header.vault_id, purpose)

    def _keys(self) -> tuple[bytes, bytes]:
        if self._data_key is None or self._records_key is None:
            raise Locked("the vault is locked")
        return self._data_key, self._records_key

    # --- reading -------------------------------------------------------------------------------

    def load(self, progress: Progress | None = None, *, use_cache: bool = True) -> LoadReport:
        """Decrypt every record file into memory. A damaged file is reported, never fatal.

        With ``use_cache`` (the default) a revision whose file is still in the vault comes from the
        device-local unlock cache; ``check`` passes False to read every file.
        """
        with gc_paused():
            return self._load(progress, use_cache)

    def _load(self, progress: Progress | None, use_cache: bool) -> LoadReport:
        data_key, _records_key = self._keys()
        report = LoadReport()
        cache_key = keys.subkey(data_key, self._header.vault_id, keys.PURPOSE_CACHE)
        cached: dict[str, Revision] = {}
        if use_cache:
            cached, bodies = read_cache(self.cache_path, cache_key, self._header.vault_id, self.read_revision)
            if bodies is not None:
                self._cached_bodies.append(bodies)
        kept: list[Revision] = []
        temp_files: list[str] = []
        shards = list(_list_shards(self.path, report.ignored))
        total = sum(len(names) for _folder, _prefix, names in shards)
        done = decrypted = 0
        suffix_len = len(RECORD_SUFFIX)
        for folder, prefix, names in shards:
            # Set operations in C match names to the cache: at 100,000 sessions a loop per name cost seconds.
            stems = {n[:-suffix_len] for n in names if n.endswith(RECORD_SUFFIX) and n.startswith(prefix)}
            hits = stems & cached.keys()
            kept.extend(map(cached.__getitem__, hits))
            report.from_cache += len(hits)
            if len(hits) < len(names):
                for name in names:
                    stem = name[:-suffix_len] if name.endswith(RECORD_SUFFIX) else ""
                    if stem in hits:
                        continue
                    if name.startswith(storage.TEMP_PREFIX):
                        temp_files.append(os.path.join(folder, name))
                        continue
                    file = Path(folder, name)
                    revision_id = _revision_id_of(prefix, name)
                    if revision_id is None or not file.is_file() or file.is_symlink():
                        report.ignored.append(file)
                        continue
                    try:
                        kept.append(self._read_record(file, revision_id))
                        decrypted += 1
                    except (RecordDamaged, StorageError) as exc:
                        report.damaged.append(DamagedFile(file, str(exc)))
            done += len(names)
            if progress:
                progress(done, total)
        graph = RevisionGraph()
        graph.add_all(kept)
        if progress and total == 0:
            progress(0, 0)
        report.loaded = len(kept)
        if not self.read_only:
            temp_files += storage.top_level_temp_files(self.path)
            report.temp_files_swept = storage.remove_files(temp_files)
        # Rewriting the cache costs about as much as reading it, so a few new files are simply decrypted
        # at each unlock until enough have accumulated (or some vanished) to make a rewrite pay.
        stale = decrypted >= CACHE_REWRITE_AFTER or (decrypted and not cached) or len(kept) - decrypted < len(cached)
        if use_cache and stale:
            with contextlib.suppress(MentorJournalError, OSError):  # the cache only ever costs speed
                write_cache(self.cache_path, cache_key, self._header.vault_id, kept)
        self._graph = graph
        self.last_load = report
        return report

    def refresh(self) -> list[Revision]:
        """Read record files that appeared since the last load: saves arriving from another machine.

        Files that were damaged before are tried again (a sync engine may have been half-way through
        copying them). Cost: one directory scan plus the new files, not a reload.
        """
        graph = self.graph
        report = self.last_load or LoadReport()
        still_damaged: list[DamagedFile] = []
        new: list[Revision] = []
        known = graph.revisions()
        for folder, prefix, names in _list_shards(self.path, []):
            # Every 30 s in the app: names already in the graph are set aside in C, as at unlock.
            unseen = {n[: -len(RECORD_SUFFIX)] for n in names if n.endswith(RECORD_SUFFIX)} - known.keys()
            for name in names if unseen else ():
                revision_id = _revision_id_of(prefix, name)
                if revision_id not in unseen:  # None, or already loaded
                    continue
                path = Path(folder, name)
                if not path.is_file() or path.is_symlink():
                    continue
                try:
                    rev = self._read_record(path, revision_id)
                except (RecordDamaged, StorageError) as exc:
                    still_damaged.append(DamagedFile(path, str(exc)))
                    continue
                graph.add(rev)
                new.append(rev)
        report.loaded += len(new)
        report.damaged = still_damaged
        self.last_load = report
        return new

    @property
    def cache_path(self) -> Path:
        """Device-local, outside the (possibly synced) vault folder."""
        return unlock_cache_dir() / f"{self.vault_id}.mjc"

    def _local_cache_path(self, name: str) -> Path:
        if not _LOCAL_CACHE_NAME.fullmatch(name) or name.startswith(_RESERVED_CACHE_NAMES):
            raise UsageError("a local cache name is lowercase letters and dashes, and not the unlock cache's")
        return unlock_cache_dir() / f"{self.vault_id}.{name}.mjc"

    def read_local_cache(self, name: str) -> bytes | None:
        """What a layer above sealed with ``write_local_cache``, or None (missing, damaged, outdated)."""
        data_key, _ = self._keys()
        key = keys.subkey(data_key, self._header.vault_id, keys.PURPOSE_CACHE)
        return open_local(self._local_cache_path(name), key, self._header.vault_id, name)

    def write_local_cache(self, name: str, plain: bytes) -> None:
        """Seal derived data next to the unlock cache (device-local, encrypted). Failures only cost speed."""
        data_key, _ = self._keys()
        key = keys.subkey(data_key, self._header.vault_id, keys.PURPOSE_CACHE)
        path = self._local_cache_path(name)  # a bad name is a bug: raised, not swallowed
        with contextlib.suppress(MentorJournalError, OSError):
            seal_local(path, key, self._header.vault_id, name, plain)

    @property
    def graph(self) -> RevisionGraph:
        self._keys()
        if self._graph is None:
            self.load()
        assert self._graph is not None
        return self._graph

    def read_revision(self, revision_id: str) -> Revision:
        """Decrypt one revision file directly (the unlock cache's fallback, and tests)."""
        return self._read_record(record_path(self.path, revision_id), revision_id)

    def _read_record(self, file: Path, revision_id: str) -> Revision:
        _data_key, records_key = self._keys()
        return open_sealed(storage.read_file(file), revision_id, records_key, self._header.vault_id)

    # --- writing -------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise UsageError("the vault is open read-only")
        if self._lock is None or not self._lock.held:
            raise Locked("the vault is locked")

    def put(
        self,
        kind: str,
        body: dict[str, Any] | None,
        *,
        record_id: str | None = None,
        parents: tuple[str, ...] | None = None,
        now: datetime | None = None,
    ) -> Revision:
        """Write a new revision (a new record when ``record_id`` is None). ``body=None`` is a tombstone.

        ``parents`` defaults to every current head of the record, so a save after a conflict
        merges it; pass them explicitly to keep a conflict (e.g. when replaying another device's edit).
        """
        self._writable()
        _data_key, records_key = self._keys()
        graph = self.graph
        if record_id is None:
            record_id = new_id()
        elif not ID_RE.match(record_id):
            raise UsageError("record ids are 32 lowercase hex characters")
        if parents is None:
            parents = tuple(r.revision_id for r in graph.heads(record_id))
        rev = Revision(
            revision_id=new_id(),
            record_id=record_id,
            kind=kind,
            parents=parents,
            written_at=now or datetime.now(UTC),
            body=body,
        )
        target = record_path(self.path, rev.revision_id)
        if not target.parent.is_dir():
            storage.ensure_private_dir(target.parent)
            storage.fsync_dir(target.parent.parent)
        storage.write_atomically(target, seal(rev, records_key, self._header.vault_id))
        graph.add(rev)
        return rev

    def delete(self, record_id: str) -> Revision:
        """Write a tombstone naming every current head. The earlier revisions stay (history)."""
        current = self.graph.current(record_id)
        if current is None:
            raise UsageError("no such record")
        return self.put(current.kind, None, record_id=record_id)

    def erase_revisions(self, revision_ids: Iterable[str]) -> int:
        """Remove revision files for good and forget them: an erasure, not a delete (which keeps history).

        Copies a sync engine left under another name in records/ (``<id>.sync-conflict-….mjr``...) are
        found by the revision id in their own first bytes and removed too. Returns the files removed.
        """
        self._writable()
        wanted = set(revision_ids)
        targets = [record_path(self.path, rid) for rid in sorted(wanted)]
        targets += [path for path, rid in iter_record_files(self.path) if rid is None and _copy_of(path, wanted)]
        removed = 0
        folders: set[Path] = set()
        for path in targets:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StorageError(f"could not remove {path.name}: {os.strerror(exc.errno or 0)}") from None
            removed += 1
            folders.add(path.parent)
        for folder in folders:
            storage.fsync_dir(folder)
        self.graph.discard(wanted)
        return removed

    # --- keys ----------------------------------------------------------------------------------

    def change_passphrase(
        self,
        new_passphrase: str,
        *,
        kdf: KdfParams | None = None,
        calibration_progress: Callable[[str], None] | None = None,
    ) -> None:
        """Replace every passphrase slot with one for ``new_passphrase``. Only the header is rewritten."""
        self._writable()
        data_key, _ = self._keys()
        secret = keys.normalise_passphrase(new_passphrase)
        if kdf is None:
            # Keep the vault's cost if it is a normal vault; a cheap test vault stays cheap.
            kdf = self.kdf if self.kdf.is_cheap else calibrate(calibration_progress, base=self.kdf)
        kdf.check_bounds()
        salt = os.urandom(SALT_LEN)
        base = hdr.Header(self._header.vault_id, self._header.created, ())
        new_slot = base.wrap(hdr.SLOT_PASSPHRASE, derive_key(secret, salt, kdf), salt, kdf, data_key)
        kept = tuple(s for s in self._header.slots if s.kind != hdr.SLOT_PASSPHRASE)
        header = hdr.Header(self._header.vault_id, self._header.created, (new_slot, *kept))
        storage.write_atomically(self.path / HEADER_NAME, header.to_bytes(data_key), replace=True)
        self._header = header

    # --- checking ------------------------------------------------------------------------------

    def check(self, progress: Progress | None = None) -> LoadReport:
        """Authenticate the header and decrypt every record file; the report names each damaged one."""
        data_key, _ = self._keys()
        raw = storage.read_file(self.path / HEADER_NAME)
        try:
            parsed = hdr.parse(raw)
            if parsed.vault_id != self._header.vault_id:
                raise HeaderDamaged("vault header was replaced by another vault's header")
            parsed.verify_mac(raw, data_key)
        except MentorJournalError as exc:
            report = self.load(progress, use_cache=False)
            report.damaged.insert(0, DamagedFile(self.path / HEADER_NAME, str(exc)))
            return report
        return self.load(progress, use_cache=False)

    # --- locking -------------------------------------------------------------------------------

    def lock(self) -> None:
        """Forget keys and decrypted records and release the writer lock. Idempotent."""
        self._data_key = None
        self._records_key = None
        self._graph = None
        for bodies in self._cached_bodies:
            bodies.close()
        self._cached_bodies.clear()
        if self._lock is not None:
            self._lock.release()
        bulk.release()

    close = lock

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()
