"""The vault: a folder holding one header and one encrypted file per record revision.

``Vault.create`` makes a new one; ``Vault.unlock`` opens one with the passphrase (or the recovery
key). An unlocked vault loads every revision (or those of a few kinds: ``by_need.py``) into a
``RevisionGraph`` and writes new revisions as new files: one file per record saved (and a save record
before a save of several, ``atomic``), whatever the size of the vault. It knows nothing about mentoring.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mentorjournal import bulk
from mentorjournal.bulk import gc_paused
from mentorjournal.errors import (
    HeaderDamaged,
    Locked,
    MentorJournalError,
    RecordDamaged,
    StorageError,
    UsageError,
    VaultExists,
    WrongPassphrase,
)
from mentorjournal.vault import accounting, by_need, decrypting, keys, layout, opening, storage
from mentorjournal.vault import header as hdr
from mentorjournal.vault.accounting import DamagedFile, LoadReport
from mentorjournal.vault.cache import (  # re-exported: callers import them here
    CachedBodies,
    CachedRevisions,
    open_local,
    read_cache,
    remove_local_caches,
    seal_local,
    unlock_cache_dir,
    write_cache,
)
from mentorjournal.vault.cached_graph import graph_from_cache
from mentorjournal.vault.kdf import SALT_LEN, KdfParams, calibrate, derive_key
from mentorjournal.vault.layout import HEADER_NAME, RECORD_SUFFIX, RECORDS_DIR, is_vault, iter_record_files, record_path
from mentorjournal.vault.matching import match_shards
from mentorjournal.vault.record import ID_RE, Revision, new_id, open_sealed, seal
from mentorjournal.vault.revisions import RevisionGraph
from mentorjournal.vault.saves import SAVE_KIND, Save, SaveGate
from mentorjournal.vault.spill import SPILL_FROM, SpilledBodies

__all__ = [
    "HEADER_NAME", "RECORDS_DIR", "RECORD_SUFFIX", "SAVE_KIND", "CreatedVault", "DamagedFile", "LoadReport", "Vault",
    "is_vault", "iter_record_files", "record_path", "remove_local_caches", "unlock_cache_dir",
]  # fmt: skip

Progress = Callable[[int, int], None]  # (done, total)
CACHE_REWRITE_AFTER = 64
_LOCAL_CACHE_NAME = re.compile(r"[a-z]+(-[a-z]+)*")
_RESERVED_CACHE_NAMES = ("bodies", "revision")  # the unlock cache's own files and associated data


@dataclass(frozen=True)
class CreatedVault:
    vault: Vault
    recovery_key: str | None  # shown once to the mentor, never stored


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
        self._cached_bodies: list[CachedBodies | SpilledBodies] = []  # closed (key and plaintext dropped) at lock
        self.last_load: LoadReport | None = None
        self.digests: dict[str, Any] = {}  # revision id -> the registered digest of its body (decrypting.py)
        # Set at unlock when a sync engine left copies of the header (see vault/opening.py): tell the mentor.
        self.header_conflict: opening.HeaderConflict | None = None
        self._save: Save | None = None  # the atomic save in progress (``atomic``)
        self._gate = SaveGate()  # what a reader shows of saves of several records
        # The record kinds loaded, when opened by need (``load(kinds=...)``); None: every kind.
        self.kinds: frozenset[str] | None = None

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
        accounting.refuse_foreign_records(path)
        storage.ensure_private_dir(path)
        storage.ensure_private_dir(layout.records_root(path))
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
            storage.write_atomically(layout.header_path(path), header.to_bytes(data_key))
        except BaseException:
            lock.release()
            raise
        return CreatedVault(cls(path, header, data_key, read_only=False, writer_lock=lock), shown)

    @staticmethod
    def read_header(path: Path) -> hdr.Header:
        """Parse the header without any key: tells foreign/damaged/absurd apart before Argon2 runs."""
        return opening.read_header(path)

    @classmethod
    def unlock(cls, path: Path, passphrase: str, *, read_only: bool = False) -> Vault:
        cls.read_header(path)
        secret = keys.normalise_passphrase(passphrase)

        def kek(slot: hdr.Slot) -> bytes:
            assert slot.kdf is not None  # parse() gives every passphrase slot its parameters
            return derive_key(secret, slot.salt, slot.kdf)

        # vault.mjv first, then any copy a sync engine left of it (a passphrase changed on two machines).
        opened = opening.open_header(path, hdr.SLOT_PASSPHRASE, kek)
        if opened is None:
            raise WrongPassphrase("wrong passphrase for this vault")
        return cls._opened(path, opened, read_only)

    @classmethod
    def unlock_with_recovery_key(cls, path: Path, recovery_key: str, *, read_only: bool = False) -> Vault:
        header = cls.read_header(path)
        if not any(s.kind == hdr.SLOT_RECOVERY for s in header.slots):
            raise WrongPassphrase("this vault was created without a recovery key")
        entropy = keys.parse_recovery_key(recovery_key)
        opened = opening.open_header(
            path, hdr.SLOT_RECOVERY, lambda slot: hdr.recovery_wrapping_key(entropy, slot.salt)
        )
        if opened is None:
            raise WrongPassphrase("wrong recovery key for this vault")
        return cls._opened(path, opened, read_only)

    @classmethod
    def _opened(cls, path: Path, opened: opening.OpenedHeader, read_only: bool) -> Vault:
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

    def header_authentic(self, header: hdr.Header) -> bool:
        """Whether ``header`` (read from some file) is this vault's and its MAC holds under the data key."""
        data_key, _ = self._keys()
        return header.vault_id == self._header.vault_id and header.mac_matches(data_key)

    def header_slots_match(self, header: hdr.Header) -> bool:
        """Whether ``header`` holds exactly the key slots of this vault's own: it opens with nothing else."""
        return header.same_slots(self._header)

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

    def load(
        self, progress: Progress | None = None, *, use_cache: bool = True, kinds: Iterable[str] | None = None
    ) -> LoadReport:
        """Decrypt every record file into memory. A damaged file is reported, never fatal.

        With ``use_cache`` (the default) a revision whose file is still in the vault comes from the
        device-local unlock cache; ``check`` passes False to read every file. With ``kinds``, only those
        kinds' revisions when the cache allows it (``by_need.py``; ``self.kinds`` says which kinds).
        """
        with gc_paused():
            if kinds is not None and use_cache and (report := self._load_by_need(frozenset(kinds))) is not None:
                return report
            self.kinds = None
            return self._load(progress, use_cache)

    def _load_by_need(self, kinds: frozenset[str]) -> LoadReport | None:
        data_key, records_key = self._keys()
        cache_key = keys.subkey(data_key, self._header.vault_id, keys.PURPOSE_CACHE)
        unlocking = by_need.Unlocking(self.path, self._header.vault_id, self.cache_path, cache_key, records_key,
                                      self.read_revision, self._judge_header_copy, self.read_only)  # fmt: skip
        if (opened := by_need.load(unlocking, kinds, self._gate)) is not None:
            self._cached_bodies.append(opened.bodies)
            self._graph, self.digests, self.last_load, self.kinds = opened.graph, opened.digests, opened.report, kinds
        return opened.report if opened is not None else None

    def _load(self, progress: Progress | None, use_cache: bool) -> LoadReport:
        data_key, _records_key = self._keys()
        report = LoadReport()
        cache_key = keys.subkey(data_key, self._header.vault_id, keys.PURPOSE_CACHE)
        rows: CachedRevisions | None = None
        if use_cache:
            rows, bodies = read_cache(self.cache_path, cache_key, self._header.vault_id, self.read_revision)
            if bodies is not None:
                self._cached_bodies.append(bodies)
        cached = rows.by_id if rows is not None else {}  # becomes the graph's own index
        kept: list[Revision] = []  # read from their files
        survey = layout.list_shards(self.path)
        temp_files = list(survey.temp_files)
        for path, why in survey.unexpected:
            accounting.unexpected(report, path, why)
        total = sum(len(shard.listed) for shard in survey.shards)
        jobs: list[decrypting.Job] = []
        index, cached_ids = (rows.index, rows.by_id.keys()) if rows is not None else (None, frozenset[str]())
        matched, cached_hits = match_shards(survey.shards, index, lambda _: cached_ids, report, jobs, temp_files)
        # check (no cache) keeps no body: each is read again from its file if something asks (RecordFiles).
        files = None if use_cache else decrypting.RecordFiles(self.read_revision)
        big = use_cache and len(jobs) >= SPILL_FROM  # a big cold unlock: bodies set aside on disk, sealed
        spill = SpilledBodies.opened(unlock_cache_dir(), self.vault_id) if big else None
        self._cached_bodies += [spill] if spill else []  # closed at lock
        decrypted, self.digests = decrypting.read_into(
            kept, report, jobs, _records_key, self._header.vault_id, files=files, spill=spill, progress=progress,
            total=total,
        )  # fmt: skip
        accounting.survey_top_level(self.path, report, self._header.vault_id, self._judge_header_copy)
        self._gate.clear()
        if rows is not None and report.from_cache:
            graph, vanished = graph_from_cache(rows, matched, cached_hits, report.from_cache, kept, self._gate)
        else:
            vanished = set(cached)  # none of the cached rows is taken
            graph = RevisionGraph()
            graph.add_all(self._gate.admit(kept, graph.revisions().keys()))
        report.held = len(self._gate.held)
        report.loaded = report.from_cache + len(kept)
        if not self.read_only:
            temp_files += storage.top_level_temp_files(self.path)  # a header save's
            report.temp_files_swept = storage.remove_files(temp_files)
        # Rewriting the cache costs about as much as reading it, so a few new files are simply decrypted
        # at each unlock until enough have accumulated (or some vanished) to make a rewrite pay.
        stale = decrypted >= CACHE_REWRITE_AFTER or (decrypted and not cached) or vanished
        if use_cache and stale:
            still = rows.rows if rows is not None and report.from_cache else ()
            everything = [*kept, *(r for r in still if r.revision_id not in vanished)] if vanished else [*kept, *still]
            with contextlib.suppress(MentorJournalError, OSError):  # the cache only ever costs speed
                write_cache(self.cache_path, cache_key, self._header.vault_id, everything, survey.shards)
        self._graph = graph
        self.last_load = report
        return report

    def refresh(self) -> list[Revision]:
        """Read record files that appeared since the last load: saves arriving from another machine.

        Files that were damaged before are tried again (a sync engine may have been half-way through
        copying them). Cost: one directory scan plus the new files, not a reload.
        """
        self._whole()
        graph = self.graph
        report = self.last_load or LoadReport()
        still_damaged: list[DamagedFile] = []
        new: list[Revision] = []
        known = graph.revisions()
        for shard in layout.list_shards(self.path).shards:
            folder, prefix, names = shard.folder, shard.name, shard.names
            # Every 30 s in the app: names already in the graph are set aside in C, as at unlock.
            unseen = layout.record_stems(names) - known.keys() - self._gate.known()
            for name in names if unseen else ():
                revision_id = layout.revision_id_of(prefix, name)
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
                new.append(rev)
        new = self._gate.admit(new, graph.revisions().keys())
        graph.add_all(new)
        report.held = len(self._gate.held)
        report.loaded += len(new)
        report.damaged = still_damaged
        self.last_load = report
        return new

    def _whole(self) -> None:  # what needs every record kind, on a vault opened by need: a caller's bug
        if self.kinds is not None:
            raise RuntimeError("the vault was opened for some record kinds only")

    def _judge_header_copy(self, header: hdr.Header) -> str | None:
        if not self.header_authentic(header):
            return "a copy of this vault's header that was modified (its MAC does not match)"
        if not self.header_slots_match(header):
            return (
                "a copy of this vault's header that opens it with another passphrase (or recovery key); "
                "`mentorjournal passwd` or `mentorjournal remove-header-copies` removes it"
            )
        return None

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

    @contextlib.contextmanager
    def atomic(self, *, rehearse: bool = False) -> Iterator[None]:
        """Make every ``put`` inside the block one save: all of it becomes visible, or none of it.

        Each ``put`` is checked and encrypted at once (a bad value fails there) and enters the graph; the
        files are written when the block ends, a *save record* first (``saves.py``), so a kill at any moment
        shows the whole save or none of it. A failure, or an exception in the block, takes the revisions
        back out of the graph; nothing was written. One ``put`` writes just its file. Nested blocks join.

        ``rehearse`` runs the very same checks and writes nothing (an import's ``--dry-run``); it also
        works on a vault opened read-only.
        """
        if self._save is not None:
            yield
            return
        save = Save(rehearse=rehearse)
        self._save = save
        try:
            yield
            if not rehearse:
                self._write_save(save)
        except BaseException:
            self.graph.discard(rev for rev, _sealed in save.revisions)
            raise
        finally:
            self._save = None
        if rehearse:
            self.graph.discard(rev for rev, _sealed in save.revisions)

    def _write_save(self, save: Save) -> None:
        items = save.revisions
        if len(items) > 1:
            _data_key, records_key = self._keys()
            record = Revision(new_id(), new_id(), SAVE_KIND, tuple(r.revision_id for r, _ in items),
                              datetime.now(UTC), {"revisions": len(items)})  # fmt: skip
            items = [(record, seal(record, records_key, self._header.vault_id)), *items]
        for rev, sealed in items:
            self._write_record(rev.revision_id, sealed)

    def _write_record(self, revision_id: str, sealed: bytes) -> None:
        target = record_path(self.path, revision_id)
        if not target.parent.is_dir():
            storage.ensure_private_dir(target.parent)
            storage.fsync_dir(target.parent.parent)
        # Orphan temp files here are swept at the next writable unlock, under the writer lock.
        storage.write_atomically(target, sealed, sweep=False)

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
        Inside ``atomic`` the file is written when the block ends.
        """
        if self._save is None or not self._save.rehearse:
            self._writable()
        _data_key, records_key = self._keys()
        graph = self.graph
        if kind == SAVE_KIND:
            raise UsageError(f"the record kind {SAVE_KIND!r} is the vault's own")
        if record_id is None:
            record_id = new_id()
        elif not ID_RE.match(record_id):
            raise UsageError("record ids are 32 lowercase hex characters")
        elif self.kinds is not None and kind not in self.kinds and not graph.history(record_id):
            self._whole()  # a record of a kind not loaded, not written here: its heads are not known
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
        sealed = seal(rev, records_key, self._header.vault_id)  # a value that cannot be stored fails here
        if self._save is not None:
            self._save.revisions.append((rev, sealed))
        else:
            self._write_record(rev.revision_id, sealed)
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
        self._whole()
        wanted = set(revision_ids)
        removed = accounting.remove_record_files(self.path, wanted)
        self.graph.forget(wanted)
        return removed

    # --- keys ----------------------------------------------------------------------------------

    def change_passphrase(
        self,
        new_passphrase: str,
        *,
        kdf: KdfParams | None = None,
        calibration_progress: Callable[[str], None] | None = None,
    ) -> list[Path]:
        """Replace every passphrase slot with one for ``new_passphrase``. Only the header is rewritten.

        Every sync-engine copy of this vault's header is removed afterwards: each wraps the same data key,
        so a copy would keep an old passphrase working. Returns the copies removed. (Copies outside the
        folder, in backups or history, still open with the passphrase they were made with: docs/security.md.)
        """
        self._writable()
        data_key, _ = self._keys()
        secret = keys.normalise_passphrase(new_passphrase)
        if kdf is None:
            # Keep the vault's cost if it is a normal vault; a cheap test vault stays cheap.
            kdf = self.kdf if self.kdf.is_cheap else calibrate(calibration_progress, base=self.kdf)
        kdf.check_bounds()
        header = opening.with_new_passphrase(self._header, data_key, secret, kdf)
        storage.write_atomically(layout.header_path(self.path), header.to_bytes(data_key), replace=True)
        self._header = header
        removed = opening.remove_copies(self.path, header.vault_id)
        self.header_conflict = None
        return removed

    # --- checking ------------------------------------------------------------------------------

    def check(self, progress: Progress | None = None) -> LoadReport:
        """Authenticate the header and decrypt every record file; the report names each damaged one."""
        data_key, _ = self._keys()
        header_file = layout.header_path(self.path)
        try:
            parsed = hdr.parse(storage.read_file(header_file))
            if parsed.vault_id != self._header.vault_id:
                raise HeaderDamaged("vault header was replaced by another vault's header")
            parsed.verify_mac(data_key)
        except MentorJournalError as exc:
            report = self.load(progress, use_cache=False)
            report.damaged.insert(0, DamagedFile(header_file, str(exc)))
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
