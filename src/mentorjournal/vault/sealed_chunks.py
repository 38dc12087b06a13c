"""A device-local cache sealed in chunks: written and read a chunk at a time, never whole in memory.

``Vault.write_local_cache`` seals its plaintext in one AES-GCM message, so writing or reading it holds
the plaintext and the ciphertext at once, and its reader then copies the plaintext once more (the search
index: 90 MiB at 100,000 sessions, three or four times in memory at a moment). Here the plaintext is a
sequence of chunks, each sealed on its own under the same cache subkey, and handed out one at a time, each
authenticated before it is handed out. The associated data binds, besides the magic, the cache version,
the vault id and the cache's name (as ``seal_local`` does), a generation (random, new at every write)
and the chunk's number, and marks the last chunk: a chunk of another write, a chunk moved within the
file, a file cut after any chunk, or anything appended, does not open. Layout in docs/vault-format.md
("The search index").
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.errors import MentorJournalError
from mentorjournal.vault import keys, storage
from mentorjournal.vault.cache import MAGIC, VERSION, unlock_cache_dir
from mentorjournal.vault.vault import Vault

_HEAD = struct.Struct(">6sH16s")  # magic, version, generation
_LENGTH = struct.Struct(">I")  # a sealed chunk's length, before it
MAX_CHUNK = 64 * 1024 * 1024  # a length above this is damage, not a chunk (chunks are written at 1-4 MiB)


class Unusable(Exception):
    """The cache is missing, damaged, truncated, of another vault, cache or write, or of another version."""


def path_of(vault: Vault, name: str) -> Path:
    return unlock_cache_dir() / f"{vault.vault_id}.{name}.mjc"


def _ad(vault_id: bytes, name: str, generation: bytes, number: int, last: bool) -> bytes:
    # Digits never occur in a ``seal_local`` name (letters and dashes): no chunk reads as another cache.
    label = f"{name}-{generation.hex()}-{number}" + ("-last" if last else "")
    return MAGIC + struct.pack(">H", VERSION) + vault_id + label.encode("ascii")


def write(vault: Vault, name: str, chunks: Iterable[bytes]) -> bool:
    """Seal ``chunks`` (in order, at least one) as the cache ``name``, replacing it atomically. Failing to
    write only costs speed (False); an exception from ``chunks`` itself is raised, and nothing is written."""
    key = vault.subkey(keys.PURPOSE_CACHE)
    vault_id = bytes.fromhex(vault.vault_id)
    path = path_of(vault, name)
    aes = AESGCM(key)
    generation = os.urandom(16)
    try:
        storage.ensure_private_dir(path.parent)
        with storage.private_output(path, replace=True) as out:
            out.write(_HEAD.pack(MAGIC, VERSION, generation))
            pending = iter(chunks)
            plain = next(pending, None)
            number = 0
            while plain is not None:
                after = next(pending, None)  # one ahead: the last chunk is sealed as the last
                nonce = os.urandom(12)
                sealed = aes.encrypt(nonce, plain, _ad(vault_id, name, generation, number, after is None))
                out.write(_LENGTH.pack(len(nonce) + len(sealed)))
                out.write(nonce)
                out.write(sealed)
                plain, number = after, number + 1
    except (MentorJournalError, OSError):
        return False
    finally:  # a source left half-way is closed now, on this thread (it may hold a lock while it yields)
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return True


def read(vault: Vault, name: str) -> Iterator[bytes]:
    """The chunks of the cache ``name``, in order, each authenticated before it is given; raises
    ``Unusable`` (at the start, or at the chunk where it fails) if the cache cannot be used whole. A reader
    must take every chunk: only the last proves nothing was cut off."""
    key = vault.subkey(keys.PURPOSE_CACHE)
    vault_id = bytes.fromhex(vault.vault_id)
    try:
        file = path_of(vault, name).open("rb")
    except OSError:
        raise Unusable("no cache") from None
    with file:
        yield from _chunks(file, AESGCM(key), vault_id, name)


def _chunks(file: BinaryIO, aes: AESGCM, vault_id: bytes, name: str) -> Iterator[bytes]:
    try:
        size = os.fstat(file.fileno()).st_size
        head = file.read(_HEAD.size)
    except OSError:
        raise Unusable("unreadable") from None
    if len(head) != _HEAD.size:
        raise Unusable("truncated")
    magic, version, generation = _HEAD.unpack(head)
    if magic != MAGIC or version != VERSION:
        raise Unusable("not this version")
    number = 0
    at = _HEAD.size
    while True:
        try:
            raw = file.read(_LENGTH.size)
            if len(raw) != _LENGTH.size:
                raise Unusable("truncated")
            (length,) = _LENGTH.unpack(raw)
            if not 12 + 16 <= length <= MAX_CHUNK or at + _LENGTH.size + length > size:
                raise Unusable("truncated")
            sealed = file.read(length)
        except OSError:
            raise Unusable("unreadable") from None
        if len(sealed) != length:
            raise Unusable("truncated")
        at += _LENGTH.size + length
        last = at == size
        try:
            plain = aes.decrypt(sealed[:12], memoryview(sealed)[12:], _ad(vault_id, name, generation, number, last))
        except (InvalidTag, ValueError, OverflowError):
            raise Unusable("does not open") from None
        del sealed
        yield plain
        if last:
            return
        number += 1
