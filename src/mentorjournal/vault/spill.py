"""The bodies a cold unlock decrypted, set aside sealed on the device until something reads them.

A cold unlock of 100,000 sessions decrypts 250 MiB of note bodies, and writing the unlock cache reads
every one of them once more. Kept in memory, they more than doubled the unlock's peak; here each body is
appended to a buffer of its (kind, first hex digit of its record id), and a full buffer (64 KiB) is sealed
with AES-256-GCM under a key made for this unlock alone, which never leaves memory, and written to a file
in the device-local cache folder. The file is unlinked as soon as it is opened, so nothing of it outlives
the process (where the system cannot unlink an open file, it is removed when the vault is locked). The
unlock cache is written, and the journal walks its records, in (kind, record id) order, which reads the
file bucket by bucket: a few recently read chunks kept in memory (``KEEP_CHUNKS``) serve most reads.

Nothing here is plaintext on disk, nothing is trusted that this process did not seal, and a write that
fails (a full disk) keeps that chunk in memory instead: it only ever costs memory.
"""

from __future__ import annotations

import json
import os
import threading
from array import array
from collections import OrderedDict
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.errors import Locked, RecordDamaged, StorageError
from mentorjournal.vault import storage

SPILL_FROM = 20_000  # files a cold unlock reads from which it sets bodies aside (fewer: kept in memory)
CHUNK_SIZE = 64 * 1024
KEEP_CHUNKS = 256  # 16 MiB of decrypted chunks: a bucket of 100,000 sessions is about 125 chunks
_PLACE_BITS = 32  # a place is (chunk number << 32) | offset in the chunk
_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


class SpilledBodies:
    """Bodies by row (the order they were added), sealed in chunks in an unlinked file; thread-safe;
    ``close`` forgets them all."""

    def __init__(self, folder: Path, name: str) -> None:
        storage.ensure_private_dir(folder)
        path = folder / f"{name}.spill-{os.urandom(8).hex()}.mjc"
        self._fd: int | None = os.open(path, _FLAGS, 0o600)
        self._path: Path | None = path
        try:
            os.unlink(path)
            self._path = None
        except OSError:
            pass  # removed by ``close``
        self._aes: AESGCM | None = AESGCM(AESGCM.generate_key(256))
        self._end = 0
        self._where: list[tuple[int, int]] = []  # chunk -> (offset in the file, sealed length); (-1, 0): held
        self._held: dict[int, bytes] = {}  # chunks that could not be written, or not yet sealed
        self._buckets: dict[tuple[str, str], tuple[int, list[bytes], int]] = {}  # -> (chunk, texts, size)
        self._plain: OrderedDict[int, bytes] = OrderedDict()
        self._places = array("Q")  # by row: (chunk << 32) | offset in the chunk
        self._lengths = array("L")
        self._lock = threading.Lock()

    @classmethod
    def opened(cls, folder: Path, name: str) -> SpilledBodies | None:
        """A new one in ``folder``, or None if its file cannot be made (the bodies are then kept in memory)."""
        if not hasattr(os, "pwrite"):  # positioned reads and writes: POSIX
            return None
        try:
            return cls(folder, name)
        except (OSError, StorageError):
            return None

    def add(self, kind: str, record_id: str, text: bytes) -> int:
        """Set ``text`` aside; its row (for ``raw`` and ``body``)."""
        key = (kind, record_id[:1])
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is not None and bucket[2] and bucket[2] + len(text) > CHUNK_SIZE:
                self._seal(bucket)
                bucket = None
            if bucket is None:
                bucket = (len(self._where), [], 0)
                self._where.append((-1, 0))
            chunk, texts, size = bucket
            texts.append(text)
            self._buckets[key] = (chunk, texts, size + len(text))
            self._places.append((chunk << _PLACE_BITS) | size)
            self._lengths.append(len(text))
            return len(self._places) - 1

    def finish(self) -> None:
        """Seal every buffer still open (reads before it work too, only slower)."""
        with self._lock:
            for bucket in self._buckets.values():
                self._seal(bucket)
            self._buckets.clear()

    def _seal(self, bucket: tuple[int, list[bytes], int]) -> None:
        chunk, texts, _size = bucket
        plain = b"".join(texts)
        texts.clear()
        if self._aes is None or self._fd is None:
            raise Locked("the vault is locked")
        number = chunk.to_bytes(12, "big")  # unique under this key: the nonce, and what it is bound to
        sealed = self._aes.encrypt(number, plain, number)
        try:
            written = os.pwrite(self._fd, sealed, self._end)
            if written != len(sealed):
                raise OSError("short write")
        except OSError:
            self._held[chunk] = plain  # only costs memory
            return
        self._where[chunk] = (self._end, len(sealed))
        self._end += len(sealed)

    def _chunk(self, chunk: int) -> bytes:
        with self._lock:
            plain = self._plain.get(chunk)
            if plain is not None:
                self._plain.move_to_end(chunk)
                return plain
            if self._aes is None or self._fd is None:
                raise Locked("the vault is locked")
            open_buckets = [b for b in self._buckets.values() if b[0] == chunk]
            for bucket in open_buckets:
                self._seal(bucket)
                self._buckets = {k: b for k, b in self._buckets.items() if b[0] != chunk}
            held = self._held.get(chunk)
            if held is not None:
                return held
            at, size = self._where[chunk]
            try:
                sealed = os.pread(self._fd, size, at)
                number = chunk.to_bytes(12, "big")
                plain = self._aes.decrypt(number, sealed, number)
            except (OSError, InvalidTag, ValueError):
                raise RecordDamaged("a body set aside during the unlock cannot be read back") from None
            self._plain[chunk] = plain
            if len(self._plain) > KEEP_CHUNKS:
                self._plain.popitem(last=False)
            return plain

    def raw(self, revision_id: str, row: int) -> bytes:
        if self._aes is None:
            raise Locked("the vault is locked")
        try:
            place, length = self._places[row], self._lengths[row]
        except IndexError:
            raise RecordDamaged("no body was set aside there") from None
        offset = place & ((1 << _PLACE_BITS) - 1)
        return self._chunk(place >> _PLACE_BITS)[offset : offset + length]

    def body(self, revision_id: str, row: int) -> dict[str, Any]:
        body = json.loads(self.raw(revision_id, row))
        if not isinstance(body, dict):  # decode_fields checked it: only a bug lands here
            raise RecordDamaged("a record body is not an object")
        return body

    def close(self) -> None:
        with self._lock:
            self._aes = None
            self._plain.clear()
            self._held.clear()
            self._buckets.clear()
            del self._places[:], self._lengths[:]
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            if self._path is not None:
                self._path.unlink(missing_ok=True)
                self._path = None
