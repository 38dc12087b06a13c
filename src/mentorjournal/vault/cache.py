"""The unlock cache: every decrypted revision of a vault, re-encrypted as one device-local file.

Opening 20,000 small files costs seconds; reading one file costs milliseconds. The cache lives in the
user cache folder (never in the synced vault folder), is encrypted under its own HKDF subkey of the data
key with AES-256-GCM, and is only ever a shortcut: a revision is taken from it only while a file of that
name is in the vault, so a file that appeared is read from the vault and one that vanished is dropped.
Record files are write-once and a revision's name is authenticated with its contents, so a name stands
for one content for ever: no per-file ``stat`` is needed (``check`` reads every file regardless). A
damaged, foreign or outdated cache is ignored and rebuilt. Nothing in it is trusted that the data key did
not seal.

The same sealing serves the layers above for their own device-local derived data (``seal_local``), each
under its own name in the associated data, so one cache file can never be read as another.

Layout of the revisions cache's plaintext (docs/vault-format.md, "The unlock cache"): a 4-byte
big-endian length, an index in JSON (one row per revision), then the bodies' JSON texts back to back.
Bodies stay unparsed until something reads them (``Revision.body``).
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.vault import storage
from mentorjournal.vault.record import Revision

MAGIC = b"MJVCCH"
VERSION = 2
REVISIONS = "revisions"  # the name of the vault's own cache
_HEAD = struct.Struct(">6sH12s")
_LEN = struct.Struct(">I")
TOMBSTONE = -1  # body offset of a revision without a body
MAX_PLAINTEXT = 2**31 - 1 - 16  # the largest message `cryptography`'s AESGCM seals in one call


def _ad(vault_id: bytes, name: str) -> bytes:
    return MAGIC + struct.pack(">H", VERSION) + vault_id + name.encode("ascii")


def seal_local(path: Path, key: bytes, vault_id: bytes, name: str, plain: bytes) -> None:
    """Encrypt ``plain`` into ``path`` atomically (0600, private folder). Too large: nothing is written."""
    if len(plain) > MAX_PLAINTEXT:
        return  # one AES-GCM call takes at most 2 GiB: such a vault is simply read from its files
    nonce = os.urandom(12)
    blob = _HEAD.pack(MAGIC, VERSION, nonce) + AESGCM(key).encrypt(nonce, plain, _ad(vault_id, name))
    storage.ensure_private_dir(path.parent)
    storage.write_atomically(path, blob, replace=True)


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


def read_cache(path: Path, key: bytes, vault_id: bytes) -> dict[str, Revision]:
    """The cached revisions by revision id, or {} if the cache is missing, damaged, outdated or not ours."""
    plain = open_local(path, key, vault_id, REVISIONS)
    if plain is None:
        return {}
    try:
        (index_len,) = _LEN.unpack_from(plain, 0)
        start = _LEN.size + index_len
        rows = json.loads(plain[_LEN.size : start])
        view = memoryview(plain)
        from_iso = datetime.fromisoformat
        with_json = Revision.with_body_json
        out: dict[str, Revision] = {}
        for rid, record, kind, parents, written_at, offset, length in rows:
            body = None if offset == TOMBSTONE else view[start + offset : start + offset + length]
            out[rid] = with_json(rid, record, kind, tuple(parents), from_iso(written_at), body)
        return out
    except (ValueError, TypeError, KeyError, struct.error):
        return {}


def write_cache(path: Path, key: bytes, vault_id: bytes, revisions: Iterable[Revision]) -> None:
    """Replace the cache atomically; a failure only costs speed, so it is swallowed by the caller."""
    rows: list[list[object]] = []
    bodies: list[bytes | memoryview] = []
    offset = 0
    for r in revisions:
        body = r.body_json()
        written_at = r.written_at.isoformat()
        if body is None:
            rows.append([r.revision_id, r.record_id, r.kind, r.parents, written_at, TOMBSTONE, 0])
            continue
        rows.append([r.revision_id, r.record_id, r.kind, r.parents, written_at, offset, len(body)])
        bodies.append(body)
        offset += len(body)
    index = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    seal_local(path, key, vault_id, REVISIONS, b"".join([_LEN.pack(len(index)), index, *bodies]))
