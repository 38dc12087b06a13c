"""The unlock cache: every decrypted revision of a vault, re-encrypted as one device-local file.

Opening 30,000 small files costs seconds; reading one file costs milliseconds. The cache lives in the
user cache folder (never in the synced vault folder), is encrypted under its own HKDF subkey of the data
key with AES-256-GCM, and is only ever a shortcut: every entry is keyed by the record file's name, size
and mtime, so a file that appeared, vanished or changed since is read from the vault itself. A damaged,
foreign or stale cache is ignored and rebuilt. Nothing in it is trusted that the data key did not seal.
"""

from __future__ import annotations

import json
import os
import struct
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.vault import storage
from mentorjournal.vault.record import Revision

MAGIC = b"MJVCCH"
VERSION = 1
_HEAD = struct.Struct(">6sH12s")

FileStamp = tuple[int, int]  # (size, mtime_ns)


def _ad(vault_id: bytes) -> bytes:
    return MAGIC + struct.pack(">H", VERSION) + vault_id


def read_cache(path: Path, key: bytes, vault_id: bytes) -> dict[str, tuple[FileStamp, Revision]]:
    """The cached revisions by revision id, or {} if the cache is missing, damaged or not ours."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    if len(raw) < _HEAD.size + 16 or raw[:6] != MAGIC:
        return {}
    _magic, version, nonce = _HEAD.unpack_from(raw, 0)
    if version != VERSION:
        return {}
    try:
        plain = AESGCM(key).decrypt(nonce, raw[_HEAD.size :], _ad(vault_id))
        entries = json.loads(plain)
        out: dict[str, tuple[FileStamp, Revision]] = {}
        for rid, (size, mtime, record, kind, parents, written_at, body) in entries.items():
            rev = Revision(rid, record, kind, tuple(parents), datetime.fromisoformat(written_at), body)
            out[rid] = ((size, mtime), rev)
        return out
    except (InvalidTag, ValueError, TypeError, KeyError):
        return {}


def write_cache(path: Path, key: bytes, vault_id: bytes, entries: dict[str, tuple[FileStamp, Revision]]) -> None:
    """Replace the cache atomically; a failure only costs speed, so it is swallowed by the caller."""
    payload: dict[str, Any] = {
        rid: [stamp[0], stamp[1], r.record_id, r.kind, list(r.parents), r.written_at.isoformat(), r.body]
        for rid, (stamp, r) in entries.items()
    }
    nonce = os.urandom(12)
    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    blob = _HEAD.pack(MAGIC, VERSION, nonce) + AESGCM(key).encrypt(nonce, plain, _ad(vault_id))
    storage.ensure_private_dir(path.parent)
    storage.write_atomically(path, blob, replace=True)
