"""The unlock cache: every decrypted revision of a vault, re-encrypted as device-local files.

Opening 20,000 small files costs seconds; reading one file costs milliseconds. The cache lives in the
user cache folder (never in the synced vault folder), is encrypted under its own HKDF subkey of the data
key with AES-256-GCM, and is only ever a shortcut: a revision is taken from it only while a file of that
name is in the vault, so a file that appeared is read from the vault and one that vanished is dropped.
Record files are write-once and a revision's name is authenticated with its contents, so a name stands
for one content for ever: no per-file ``stat`` is needed (``check`` reads every file regardless). A
damaged, foreign or outdated cache is ignored and rebuilt. Nothing in it is trusted that the data key did
not seal.

It is two files (docs/vault-format.md gives the bytes). The index (``<vault-id>.mjc``) holds every
revision but its body as binary columns (ids as 16 bytes, times as integers, parents as one flat column),
and is all an unlock decrypts: a few megabytes at 100,000 sessions, turned into revisions by loops in C.
The bodies (``<vault-id>.bodies.mjc``) are sealed in chunks of about 64 KiB, each on its own, so reading
one body decrypts one chunk, never the whole file (250 MiB at 100,000 sessions). A chunk's associated data
names the index's random generation and the chunk's number, so a chunk of another write, or one moved
within the file, does not open; a body whose chunk does not open is read from its record file instead.
Rows are ordered by kind, then record id, as the journal walks them, so a walk over every record decrypts each
chunk about once.

The same sealing serves the layers above for their own device-local derived data (``seal_local``), each
under its own name in the associated data, so one cache file can never be read as another.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import sys
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate, chain, compress, groupby, pairwise, repeat
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TypeVar, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.errors import Locked, RecordDamaged, StorageError
from mentorjournal.vault import storage
from mentorjournal.vault.layout import SHARD_RE, Shard, record_name
from mentorjournal.vault.record import Revision

MAGIC = b"MJVCCH"
# 5: a digest of each shard's names in the index; 4: binary index columns, bodies sealed in chunks; 3 was JSON
VERSION = 5
REVISIONS = "revisions"  # the name of the index's associated data
BODIES = "revision-bodies-"  # + the generation (hex) + "-" + the chunk number: a chunk's associated data
_HEAD = struct.Struct(">6sH12s")
_INDEX_HEAD = struct.Struct(">16sIIHII")  # generation; counts: revisions, parent ids, kinds, chunks, runs
_LITTLE = sys.byteorder == "little"
TOMBSTONE = 0xFFFFFFFF  # the chunk number of a revision without a body
MAX_PLAINTEXT = 2**31 - 1 - 16  # the largest message `cryptography`'s AESGCM seals in one call
GENERATION_LEN = 16
CHUNK_SIZE = 64 * 1024  # one body read decrypts one chunk: ~10 µs of AES-GCM at this size
MAX_BODY = 16 * 1024 * 1024  # a larger body is left out of the cache and read from its file
KEEP_CHUNKS = 256  # decrypted chunks kept (16 MiB): a walk in row order decrypts each chunk once


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
        # A view, not a slice: a slice would copy the whole file once more (100 MB for a big search index).
        return AESGCM(key).decrypt(nonce, memoryview(raw)[_HEAD.size :], _ad(vault_id, name))
    except (InvalidTag, ValueError, OverflowError):
        return None


def bodies_path(index_path: Path) -> Path:
    return index_path.with_name(index_path.name.removesuffix(".mjc") + ".bodies.mjc")


def _chunk_ad(vault_id: bytes, generation: bytes, number: int) -> bytes:
    return _ad(vault_id, f"{BODIES}{generation.hex()}-{number}")


class CachedBodies:
    """The cached bodies of one unlock, each chunk decrypted when a body in it is first read; ``fallback``
    reads a record file instead when a chunk does not open.

    Thread-safe (the app decodes in a worker); ``close`` (at lock) forgets the key and every plaintext.
    A few recently used chunks are kept (``KEEP_CHUNKS``), so memory stays bounded whatever is read.
    """

    def __init__(
        self, index_path: Path, key: bytes, vault_id: bytes, index: CacheIndex, fallback: Callable[[str], Revision]
    ) -> None:
        self._index_path = index_path
        self._path = bodies_path(index_path)
        self._key: bytes | None = key
        self._vault_id = vault_id
        self._generation = index.generation
        self._chunk_at = index.chunk_at
        self._chunk_len = index.chunk_len
        self._chunk, self._offset, self._length = index.chunk, index.offset, index.length
        self._fallback: Callable[[str], Revision] | None = fallback
        self._file: BinaryIO | None = None
        self._plain: OrderedDict[int, bytes] = OrderedDict()  # chunk number -> plaintext, least recent first
        self._failed: set[int] = set()
        self._lock = threading.Lock()
        self.decrypted = 0  # chunks decrypted so far (tests, measurements)

    def _chunk_plain(self, number: int) -> bytes | None:
        with self._lock:
            if self._key is None:
                raise Locked("the vault is locked")
            plain = self._plain.get(number)
            if plain is not None:
                self._plain.move_to_end(number)
                return plain
            if number in self._failed:
                return None
            plain = self._open_chunk(number, self._key)
            if plain is None:
                self._failed.add(number)
                self._index_path.unlink(missing_ok=True)  # make the next unlock read the files and rebuild
                return None
            self.decrypted += 1
            self._plain[number] = plain
            if len(self._plain) > KEEP_CHUNKS:
                self._plain.popitem(last=False)
            return plain

    def _open_chunk(self, number: int, key: bytes) -> bytes | None:
        try:
            at, size = self._chunk_at[number], self._chunk_len[number]
            if self._file is None:
                self._file = self._path.open("rb")  # kept open: a rewrite replaces the name, not this file
            self._file.seek(at)
            sealed = self._file.read(size)
        except (OSError, IndexError):  # IndexError: a row naming a chunk that is not there
            return None
        if len(sealed) != size or size < 12 + 16:
            return None
        try:
            return AESGCM(key).decrypt(sealed[:12], sealed[12:], _chunk_ad(self._vault_id, self._generation, number))
        except (InvalidTag, ValueError, OverflowError):
            return None

    def _cached_raw(self, row: int) -> bytes | None:
        plain = self._chunk_plain(self._chunk[row])
        if plain is None:
            return None
        offset = self._offset[row]
        return plain[offset : offset + self._length[row]]

    def raw(self, revision_id: str, row: int) -> bytes:
        """One body's JSON text: from the cache, or re-encoded from its record file."""
        raw = self._cached_raw(row)
        if raw is not None:
            return raw
        body = self._from_file(revision_id)
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def body(self, revision_id: str, row: int) -> dict[str, Any]:
        raw = self._cached_raw(row)
        if raw is None:
            return self._from_file(revision_id)
        body = json.loads(raw)
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
            self._plain.clear()
            self._fallback = None
            if self._file is not None:
                self._file.close()
                self._file = None


class CacheIndex(NamedTuple):
    """The index's columns, as read (docs/vault-format.md, "The unlock cache"). Ids stay 16-byte columns
    until asked for (``hex_ids``): an unlock by need turns only a few kinds' rows into revisions."""

    generation: bytes
    kinds: list[tuple[str, int]]  # (kind, rows of it), in row order
    shards: memoryview  # SHARDS digests of 32 bytes: shard n's is at 32n (``listing_digest``)
    run_ids: memoryview  # the record id of each run
    run_counts: array[int]  # how many rows each run covers
    ids: memoryview  # the revision id of each row
    written: array[int]
    parent_counts: array[int]
    parents: memoryview  # every row's parents, back to back
    chunk_at: array[int]
    chunk_len: array[int]
    chunk: array[int]
    offset: array[int]
    length: array[int]

    def shard_digest(self, number: int) -> bytes:
        return bytes(self.shards[32 * number : 32 * number + 32])


def hex_ids(column: memoryview, start: int = 0, end: int | None = None) -> list[str]:
    """Ids ``start .. end`` of a column of 16-byte ids, as lowercase hex."""
    text = column[16 * start : None if end is None else 16 * end].hex()
    return [text[i : i + 32] for i in range(0, len(text), 32)]


SHARDS = 256  # records/00 … records/ff


def listing_digest(names: list[str] | list[bytes]) -> bytes:
    """SHA-256 of a shard folder's entry names as listed, joined by "/" (which no name holds): two
    listings with the same digest hold the same names. The index keeps, per shard, the digest of the
    listing that held exactly its rows' files, so a later listing is matched to the cache in C, without
    a loop per name (the same names listed in another order only cost the slower match)."""
    if names and isinstance(names[0], str):
        return hashlib.sha256("/".join(names).encode("utf-8", "surrogateescape")).digest()
    return hashlib.sha256(b"/".join(cast(list[bytes], names))).digest()


EMPTY_SHARD = listing_digest([])
UNMATCHED = bytes(32)  # a shard whose listing was not exactly its rows' files: matched name by name


class CachedRevisions:
    """The cached revisions of one unlock, with the grouping the revision graph is built from in C:
    rows are ordered by kind, then record id, so each kind and each record is one run of rows."""

    def __init__(self, index: CacheIndex, bodies: CachedBodies) -> None:
        self.index = index  # its shard digests match a folder listing to these rows whole
        ids = hex_ids(index.ids)
        n = len(ids)
        kind_names = [kind for kind, _ in index.kinds]
        kind_counts = [count for _, count in index.kinds]
        self.run_records = hex_ids(index.run_ids)
        run_counts = index.run_counts
        kinds = list(chain.from_iterable(map(repeat, kind_names, kind_counts)))
        records = list(chain.from_iterable(map(repeat, self.run_records, run_counts)))
        if len(kinds) != n or len(records) != n:
            raise ValueError("the runs do not cover the rows")
        ends = list(accumulate(index.parent_counts))
        self._parent_ends = [0, *ends]
        self._parents = hex_ids(index.parents)
        # Most rows name no parent (a record saved once): only the others get a tuple of their own.
        parents: list[tuple[str, ...]] = [()] * n
        at = self._parent_ends
        for row in compress(range(n), index.parent_counts):
            parents[row] = tuple(self._parents[at[row] : at[row + 1]])
        sources = [None if x == TOMBSTONE else bodies for x in index.chunk]
        # Column by column with map, so that the loop runs in C: no Python line runs per row but the
        # revision's own constructor.
        self.rows = list(map(Revision.cached, ids, records, kinds, parents, index.written, sources, range(n)))
        self.by_id = dict(zip(ids, self.rows, strict=True))
        if len(self.by_id) != n:
            raise ValueError("a revision is listed twice")
        bounds = list(accumulate(kind_counts, initial=0))
        self.kinds = dict(zip(kind_names, pairwise(bounds), strict=True))
        if len(self.kinds) != len(kind_names):
            raise ValueError("a kind is listed twice")
        self.run_bounds = list(accumulate(run_counts, initial=0))

    def runs(self, start: int, end: int) -> Iterator[tuple[str, list[Revision]]]:
        """(record id, its revisions) of the runs ``start .. end`` (run numbers, not rows)."""
        bounds = self.run_bounds
        slices = map(slice, bounds[start:end], bounds[start + 1 : end + 1])
        return zip(self.run_records[start:end], map(self.rows.__getitem__, slices), strict=True)

    def run_of_row(self, row: int) -> int:
        """The number of the run that starts at ``row`` (a kind's first row starts a run)."""
        return bisect_left(self.run_bounds, row)

    def parents_of_rows(self, start: int, end: int) -> list[str]:
        """Every parent the rows ``start .. end`` name (with repeats)."""
        return self._parents[self._parent_ends[start] : self._parent_ends[end]]


def _column(plain: bytes, at: int, typecode: str, count: int) -> tuple[array[int], int]:
    col = array(typecode)
    end = at + col.itemsize * count
    if end > len(plain):
        raise ValueError("truncated column")
    col.frombytes(plain[at:end])
    if _LITTLE:
        col.byteswap()  # stored big-endian
    return col, end


def _bytes(plain: memoryview, at: int, size: int) -> tuple[memoryview, int]:
    end = at + size
    if end > len(plain):
        raise ValueError("truncated column")
    return plain[at:end], end  # a view: the ids are not copied (3 MB of them at 100,000 sessions)


def parse_index(plain: bytes) -> CacheIndex:
    generation, n, p, k, c, r = _INDEX_HEAD.unpack_from(plain, 0)
    at = _INDEX_HEAD.size
    kinds: list[tuple[str, int]] = []
    for _ in range(k):
        (size,) = struct.unpack_from(">H", plain, at)
        name = plain[at + 2 : at + 2 + size].decode("utf-8")
        (count,) = struct.unpack_from(">I", plain, at + 2 + size)
        kinds.append((name, count))
        at += 2 + size + 4
    view = memoryview(plain)
    shards, at = _bytes(view, at, 32 * SHARDS)
    chunk_at, at = _column(plain, at, "Q", c)
    chunk_len, at = _column(plain, at, "I", c)
    ids, at = _bytes(view, at, 16 * n)
    run_ids, at = _bytes(view, at, 16 * r)
    run_counts, at = _column(plain, at, "I", r)
    written, at = _column(plain, at, "q", n)
    parent_counts, at = _column(plain, at, "I", n)
    parents, at = _bytes(view, at, 16 * p)
    chunk, at = _column(plain, at, "I", n)
    offset, at = _column(plain, at, "I", n)
    length, at = _column(plain, at, "I", n)
    if at != len(plain) or sum(parent_counts) != p or sum(run_counts) != n or sum(c for _, c in kinds) != n:
        raise ValueError("the columns do not add up")
    # Each kind is a slice of whole runs (readers take a kind's rows and their record ids by slicing).
    if not set(accumulate(c for _, c in kinds)) <= {0, *accumulate(run_counts)}:
        raise ValueError("a run of one record crosses two kinds")
    return CacheIndex(bytes(generation), kinds, shards, run_ids, run_counts, ids, written, parent_counts, parents,
                  chunk_at, chunk_len, chunk, offset, length)  # fmt: skip


def open_index(path: Path, key: bytes, vault_id: bytes) -> CacheIndex | None:
    """The index, or None if it (or its bodies file) is missing, damaged, outdated or not ours."""
    plain = open_local(path, key, vault_id, REVISIONS)
    if plain is None:
        return None
    try:
        index = parse_index(plain)
    except (ValueError, IndexError, struct.error, UnicodeDecodeError):
        return None
    return index if bodies_path(path).is_file() else None


def read_cache(
    path: Path, key: bytes, vault_id: bytes, fallback: Callable[[str], Revision]
) -> tuple[CachedRevisions | None, CachedBodies | None]:
    """The cached revisions (bodies not yet read), or None if the cache is missing, damaged, outdated or
    not ours; with the bodies they will read from."""
    index = open_index(path, key, vault_id)
    if index is None:
        return None, None
    try:
        bodies = CachedBodies(path, key, vault_id, index, fallback)
        return CachedRevisions(index, bodies), bodies
    except (ValueError, IndexError, struct.error, UnicodeDecodeError):
        return None, None


def write_cache(
    path: Path, key: bytes, vault_id: bytes, revisions: Iterable[Revision], listings: Iterable[Shard] = ()
) -> None:
    """Replace the cache (bodies first, then the index naming them); a failure only costs speed.

    The bodies are sealed chunk by chunk as they are written, so a rewrite never holds them all.
    ``listings``: the shard folders as listed by this unlock (the digest of each one that holds exactly
    the rows' files is kept)."""
    revs = sorted(revisions, key=lambda r: (r.kind, r.record_id, r.revision_id))
    generation = os.urandom(GENERATION_LEN)
    aes = AESGCM(key)
    chunk_at: list[int] = []
    chunk_len: list[int] = []
    chunk: list[int] = []
    offset: list[int] = []
    length: list[int] = []
    readable: list[Revision] = []
    pending: list[bytes] = []
    filled = 0

    def flush(out: BinaryIO, at: int) -> int:
        nonlocal filled
        nonce = os.urandom(12)
        sealed = nonce + aes.encrypt(nonce, b"".join(pending), _chunk_ad(vault_id, generation, len(chunk_at)))
        out.write(sealed)
        chunk_at.append(at)
        chunk_len.append(len(sealed))
        pending.clear()
        filled = 0
        return at + len(sealed)

    storage.ensure_private_dir(path.parent)
    with storage.private_output(bodies_path(path), replace=True) as out:
        out.write(_HEAD.pack(MAGIC, VERSION, bytes(12)))
        at = _HEAD.size
        for r in revs:
            try:
                body = r.body_json()
            except (RecordDamaged, StorageError):
                continue  # damaged since it was cached: left out, so the next unlock reads (and reports) the file
            if (body is not None and len(body) > MAX_BODY) or not _storable(r.kind):
                continue  # too large for a row, or a kind a row cannot name: simply read from its file
            readable.append(r)
            if body is None:
                chunk.append(TOMBSTONE)
                offset.append(0)
                length.append(0)
                continue
            if filled and filled + len(body) > CHUNK_SIZE:
                at = flush(out, at)
            chunk.append(len(chunk_at))
            offset.append(filled)
            length.append(len(body))
            pending.append(body)
            filled += len(body)
        if pending:
            flush(out, at)
    try:
        shards = _shard_digests(readable, listings)
        index = _encode_index(generation, readable, shards, chunk_at, chunk_len, chunk, offset, length)
    except (struct.error, OverflowError, ValueError):  # a column out of range (65,536 kinds...): no cache
        return
    seal_local(path, key, vault_id, REVISIONS, index)


def _storable(kind: str) -> bool:
    try:
        return len(kind.encode("utf-8")) <= 0xFFFF
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return False


_T = TypeVar("_T")


def _runs(values: Iterable[_T]) -> list[tuple[_T, int]]:
    return [(value, sum(1 for _ in group)) for value, group in groupby(values)]


def _shard_digests(revs: list[Revision], listings: Iterable[Shard]) -> list[bytes]:
    """Per shard, the digest of its listing if that listing held exactly the files of ``revs`` in it."""
    names: dict[str, set[str]] = {}
    for r in revs:
        names.setdefault(r.revision_id[:2], set()).add(record_name(r.revision_id))
    out = [UNMATCHED if f"{n:02x}" in names else EMPTY_SHARD for n in range(SHARDS)]
    for shard in listings:
        listed = shard.names
        if (
            SHARD_RE.match(shard.name)
            and set(listed) == names.get(shard.name, set())
            and len(listed) == len(set(listed))
        ):
            out[int(shard.name, 16)] = listing_digest(shard.listed)
    return out


def _encode_index(
    generation: bytes,
    revs: list[Revision],
    shards: list[bytes],
    chunk_at: list[int],
    chunk_len: list[int],
    chunk: list[int],
    offset: list[int],
    length: list[int],
) -> bytes:
    kinds = _runs(r.kind for r in revs)
    # A run is one record's rows of one kind: a record of two kinds (the vault allows it) has two runs.
    runs = [(record_id, count) for (_kind, record_id), count in _runs((r.kind, r.record_id) for r in revs)]
    parents = [p for r in revs for p in r.parents]
    parts = [_INDEX_HEAD.pack(generation, len(revs), len(parents), len(kinds), len(chunk_at), len(runs))]
    for name, count in kinds:
        raw = name.encode("utf-8")
        parts.append(struct.pack(">H", len(raw)) + raw + struct.pack(">I", count))
    parts += shards

    def column(typecode: str, values: Iterable[int]) -> bytes:
        col = array(typecode, values)
        if _LITTLE:
            col.byteswap()
        return col.tobytes()

    parts += [
        column("Q", chunk_at),
        column("I", chunk_len),
        bytes.fromhex("".join(r.revision_id for r in revs)),
        bytes.fromhex("".join(record for record, _ in runs)),
        column("I", (count for _, count in runs)),
        column("q", (r.written_micros for r in revs)),
        column("I", (len(r.parents) for r in revs)),
        bytes.fromhex("".join(parents)),
        column("I", chunk),
        column("I", offset),
        column("I", length),
    ]
    return b"".join(parts)


def unlock_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentorjournal", appauthor=False)) / "unlock"


_REMOVALS: dict[str, int] = {}  # vault id -> how many times this process removed its caches


def removals(vault_id: str) -> int:
    """How many times this process has removed the caches of ``vault_id`` (an erasure does): a cache made
    from what was read before a removal must not be written after it (docs/security.md, erasure)."""
    return _REMOVALS.get(vault_id, 0)


def remove_local_caches(vault_id: str) -> None:
    """Delete this device's caches of one vault (the unlock cache and the layers' own)."""
    _REMOVALS[vault_id] = removals(vault_id) + 1  # first: a build running elsewhere then seals nothing
    folder = unlock_cache_dir()
    for path in [folder / f"{vault_id}.mjc", *folder.glob(f"{vault_id}.*.mjc")]:
        with contextlib.suppress(OSError):
            path.unlink()
