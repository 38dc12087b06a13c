"""The unlock cache: every decrypted revision of a vault, re-encrypted as device-local files.

Opening 20,000 small files costs seconds; reading one file costs milliseconds. The cache lives in the
user cache folder (never in the synced vault folder), is encrypted under its own HKDF subkey of the data
key with AES-256-GCM, and is only ever a shortcut: a revision is taken from it only while a file of that
name is in the vault, so a file that appeared is read from the vault and one that vanished is dropped.
Record files are write-once and a revision's name is authenticated with its contents, so a name stands
for one content for ever: no per-file ``stat`` is needed (``check`` reads every file regardless). A
damaged, foreign or outdated cache is ignored and rebuilt. Nothing in it is trusted that the data key did
not seal.

It is two files. The index (``<vault-id>.mjc``) holds every revision but its body, column by column, and
is all an unlock decrypts. The bodies (``<vault-id>.bodies.mjc``) are decrypted the first time any body
is read (``CachedBodies``): at 100,000 sessions that file is 250 MiB, a second of AES and memory an
unlock does not need. A random generation, in the index and bound into the bodies' associated data,
pairs the two; if the bodies cannot be used after all, each body is read from its record file instead.

The same sealing serves the layers above for their own device-local derived data (``seal_local``), each
under its own name in the associated data, so one cache file can never be read as another.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.errors import Locked, RecordDamaged, StorageError
from mentorjournal.vault import storage
from mentorjournal.vault.record import Revision

MAGIC = b"MJVCCH"
VERSION = 3
REVISIONS = "revisions"  # the name of the index's associated data
BODIES = "revision-bodies-"  # + the generation (hex): the bodies file's associated data
_HEAD = struct.Struct(">6sH12s")
TOMBSTONE = -1  # body offset of a revision without a body
MAX_PLAINTEXT = 2**31 - 1 - 16  # the largest message `cryptography`'s AESGCM seals in one call
GENERATION_LEN = 16


def _ad(vault_id: bytes, name: str) -> bytes:
    return MAGIC + struct.pack(">H", VERSION) + vault_id + name.encode("ascii")


def seal_local(path: Path, key: bytes, vault_id: bytes, name: str, plain: bytes) -> bool:
    """Encrypt ``plain`` into ``path`` atomically (0600, private folder). Too large: nothing is written."""
    if len(plain) > MAX_PLAINTEXT:
        return False  # one AES-GCM call takes at most 2 GiB: such a vault is simply read from its files
    nonce = os.urandom(12)
    blob = _HEAD.pack(MAGIC, VERSION, nonce) + AESGCM(key).encrypt(nonce, plain, _ad(vault_id, name))
    storage.ensure_private_dir(path.parent)
    storage.write_atomically(path, blob, replace=True)
    return True


def open_local(path: Path, key: bytes, vault_id: bytes, name: str) -> bytes | None:
    """The plaintext sealed in ``path``, or None if it is missing, damaged, outdated or not this one."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) < _HEAD.size + 16 or raw[:6] != MAGIC:
        return None
    _magic, version, nonce = _HEAD.unpack_from(raw, 0)
    if version != VERSION:
        return None
    try:
        return AESGCM(key).decrypt(nonce, raw[_HEAD.size :], _ad(vault_id, name))
    except (InvalidTag, ValueError, OverflowError):
        return None


def bodies_path(index_path: Path) -> Path:
    return index_path.with_name(index_path.name.removesuffix(".mjc") + ".bodies.mjc")


class CachedBodies:
    """The cached bodies of one unlock, decrypted on first use; ``fallback`` reads a record file instead.

    Thread-safe (the app decodes in a worker); ``close`` (at lock) forgets the key and the plaintext.
    """

    def __init__(
        self, index_path: Path, key: bytes, vault_id: bytes, generation: str, fallback: Callable[[str], Revision]
    ) -> None:
        self._index_path = index_path
        self._path = bodies_path(index_path)
        self._key: bytes | None = key
        self._vault_id = vault_id
        self._generation = generation
        self._fallback: Callable[[str], Revision] | None = fallback
        self._plain: bytes | None = None
        self._failed = False
        self._lock = threading.Lock()

    def _loaded(self) -> bytes | None:
        with self._lock:
            if self._key is None:
                raise Locked("the vault is locked")
            if self._plain is None and not self._failed:
                self._plain = open_local(self._path, self._key, self._vault_id, BODIES + self._generation)
                self._failed = self._plain is None
                if self._failed:  # gone, damaged or of another generation: make the next unlock rebuild
                    self._index_path.unlink(missing_ok=True)
            return self._plain

    def raw(self, revision_id: str, offset: int, length: int) -> bytes:
        """One body's JSON text: from the cache, or re-encoded from its record file."""
        plain = self._loaded()
        if plain is not None:
            return plain[offset : offset + length]
        body = self._from_file(revision_id)
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def body(self, revision_id: str, offset: int, length: int) -> dict[str, Any]:
        plain = self._loaded()
        if plain is None:
            return self._from_file(revision_id)
        body = json.loads(plain[offset : offset + length])
        if not isinstance(body, dict):
            raise RecordDamaged("a cached record body is not an object")
        return body

    def _from_file(self, revision_id: str) -> dict[str, Any]:
        fallback = self._fallback
        if fallback is None:
            raise Locked("the vault is locked")
        body = fallback(revision_id).body
        if body is None:
            raise RecordDamaged("the record file no longer holds that body")
        return body

    def close(self) -> None:
        with self._lock:
            self._key = None
            self._plain = None
            self._fallback = None


def read_cache(
    path: Path, key: bytes, vault_id: bytes, fallback: Callable[[str], Revision]
) -> tuple[dict[str, Revision], CachedBodies | None]:
    """The cached revisions by revision id (bodies not yet read), or {} if the cache is missing, damaged,
    outdated or not ours; with the bodies they will read from."""
    plain = open_local(path, key, vault_id, REVISIONS)
    if plain is None:
        return {}, None
    try:
        index = json.loads(plain)
        generation = index["generation"]
        ids, records, kinds = index["revision"], index["record"], index["kind"]
        parents, written, offsets, lengths = index["parents"], index["written_at"], index["offset"], index["length"]
        if not isinstance(generation, str) or not bodies_path(path).is_file():
            return {}, None
        if not len(ids) == len(records) == len(kinds) == len(parents) == len(written) == len(offsets) == len(lengths):
            return {}, None
        bodies = CachedBodies(path, key, vault_id, generation, fallback)
        # Column by column, so the loops run in C: at 100,000 sessions a loop per row cost a second.
        spans = [None if o == TOMBSTONE else (bodies, o, n) for o, n in zip(offsets, lengths, strict=True)]
        when = map(datetime.fromisoformat, written)
        revs = map(Revision.cached, ids, records, kinds, map(tuple, parents), when, spans)
        return dict(zip(ids, revs, strict=True)), bodies
    except (ValueError, TypeError, KeyError):
        return {}, None


def write_cache(path: Path, key: bytes, vault_id: bytes, revisions: Iterable[Revision]) -> None:
    """Replace the cache (bodies first, then the index naming them); a failure only costs speed."""
    revs = list(revisions)
    bodies: list[bytes] = []
    offsets: list[int] = []
    lengths: list[int] = []
    offset = 0
    readable: list[Revision] = []
    for r in revs:
        try:
            body = r.body_json()
        except (RecordDamaged, StorageError):
            continue  # damaged since it was cached: left out, so the next unlock reads (and reports) the file
        readable.append(r)
        if body is None:
            offsets.append(TOMBSTONE)
            lengths.append(0)
            continue
        offsets.append(offset)
        lengths.append(len(body))
        bodies.append(body)
        offset += len(body)
    revs = readable
    generation = os.urandom(GENERATION_LEN).hex()
    if not seal_local(bodies_path(path), key, vault_id, BODIES + generation, b"".join(bodies)):
        return
    del bodies
    index = {
        "generation": generation,
        "revision": [r.revision_id for r in revs],
        "record": [r.record_id for r in revs],
        "kind": [r.kind for r in revs],
        "parents": [r.parents for r in revs],
        "written_at": [r.written_at.isoformat() for r in revs],
        "offset": offsets,
        "length": lengths,
    }
    seal_local(path, key, vault_id, REVISIONS, json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode())


def unlock_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentorjournal", appauthor=False)) / "unlock"


def remove_local_caches(vault_id: str) -> None:
    """Delete this device's caches of one vault (the unlock cache and the layers' own)."""
    folder = unlock_cache_dir()
    for path in [folder / f"{vault_id}.mjc", *folder.glob(f"{vault_id}.*.mjc")]:
        with contextlib.suppress(OSError):
            path.unlink()
