"""The vault header: vault id, key slots and their KDF parameters, authenticated two ways.

A header is small and rewritten only when a passphrase changes. Its byte layout is specified in
docs/vault-format.md; this module is the reference reader and writer. Parsing checks, in order:
magic (foreign file), SHA-256 checksum (damage, no key needed), version, structure, KDF bounds;
only then may a caller run Argon2. After a slot opens, the HMAC under the data key proves nothing
else in the header was edited.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.errors import ForeignFile, HeaderDamaged, UnsupportedVersion
from mentorjournal.vault import keys
from mentorjournal.vault.kdf import SALT_LEN, KdfParams

MAGIC = b"MJVHDR"
FORMAT_VERSION = 1
VAULT_ID_LEN = 16
NONCE_LEN = 12
WRAPPED_LEN = keys.DATA_KEY_LEN + 16
MAX_SLOTS = 8

SLOT_PASSPHRASE = 1
SLOT_RECOVERY = 2

_FIXED = struct.Struct(">6sH16sQB")  # magic, version, vault id, created, slot count
_SLOT = struct.Struct(">B16sIII12s48s")  # type, salt, m KiB, t, p, nonce, wrapped key
_MAC_LEN = 32
_SUM_LEN = 32


@dataclass(frozen=True)
class Slot:
    kind: int
    salt: bytes
    kdf: KdfParams | None  # None for a recovery slot (its key has full entropy: HKDF suffices)
    nonce: bytes
    wrapped_key: bytes

    def pack(self) -> bytes:
        m, t, p = (self.kdf.memory_kib, self.kdf.time_cost, self.kdf.parallelism) if self.kdf else (0, 0, 0)
        return _SLOT.pack(self.kind, self.salt, m, t, p, self.nonce, self.wrapped_key)

    def associated_data(self, prefix: bytes) -> bytes:
        """Magic, version and vault id, then everything in the slot before its nonce (KDF params included)."""
        return prefix + self.pack()[: 1 + SALT_LEN + 12]


@dataclass(frozen=True)
class Header:
    vault_id: bytes
    created: int
    slots: tuple[Slot, ...] = field(default_factory=tuple)
    version: int = FORMAT_VERSION
    mac: bytes = b""  # the HMAC read with the header (``parse``); empty for one built in memory

    @property
    def is_cheap(self) -> bool:
        """Any passphrase slot below the Argon2 floor: a test-only vault (every unlock must warn)."""
        return any(s.kdf.is_cheap for s in self.slots if s.kdf is not None)

    def _prefix(self) -> bytes:
        return MAGIC + struct.pack(">H", self.version) + self.vault_id

    def body_bytes(self) -> bytes:
        fixed = _FIXED.pack(MAGIC, self.version, self.vault_id, self.created, len(self.slots))
        return fixed + b"".join(s.pack() for s in self.slots)

    def _expected_mac(self, data_key: bytes) -> bytes:
        key = keys.subkey(data_key, self.vault_id, keys.PURPOSE_HEADER_MAC)
        return hmac.new(key, self.body_bytes(), "sha256").digest()

    def to_bytes(self, data_key: bytes) -> bytes:
        signed = self.body_bytes() + self._expected_mac(data_key)
        return signed + hashlib.sha256(signed).digest()

    def mac_matches(self, data_key: bytes) -> bool:
        """Whether the HMAC read with this header authenticates it under ``data_key``.

        ``parse`` accepts only a file that is exactly ``body_bytes()``, its MAC and its checksum, so
        the body the MAC covers is the one re-packed here.
        """
        return bool(self.mac) and hmac.compare_digest(self.mac, self._expected_mac(data_key))

    def same_slots(self, other: Header) -> bool:
        return self.vault_id == other.vault_id and self.slots == other.slots

    # --- slots ---------------------------------------------------------------------------------

    def wrap(self, kind: int, wrapping_key: bytes, salt: bytes, kdf: KdfParams | None, data_key: bytes) -> Slot:
        nonce = os.urandom(NONCE_LEN)
        draft = Slot(kind, salt, kdf, nonce, b"\0" * WRAPPED_LEN)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, draft.associated_data(self._prefix()))
        return Slot(kind, salt, kdf, nonce, wrapped)

    def unwrap(self, slot: Slot, wrapping_key: bytes) -> bytes | None:
        try:
            return AESGCM(wrapping_key).decrypt(slot.nonce, slot.wrapped_key, slot.associated_data(self._prefix()))
        except InvalidTag:
            return None

    def verify_mac(self, data_key: bytes) -> None:
        if not self.mac_matches(data_key):
            raise HeaderDamaged("vault header was modified (its MAC does not match); refusing to use it")


def recovery_wrapping_key(entropy: bytes, salt: bytes) -> bytes:
    return keys.hkdf(entropy, salt=salt, info=b"mentorjournal/v1/recovery-slot", length=32)


def parse(raw: bytes) -> Header:
    """Parse and structurally validate a header; no key needed, no Argon2 run."""
    if len(raw) < len(MAGIC) or raw[: len(MAGIC)] != MAGIC:
        raise ForeignFile("this is not a MentorJournal vault header (unknown file type)")
    if len(raw) < _FIXED.size + _MAC_LEN + _SUM_LEN:
        raise HeaderDamaged("vault header is damaged (truncated)")
    signed, checksum = raw[:-_SUM_LEN], raw[-_SUM_LEN:]
    if not hmac.compare_digest(hashlib.sha256(signed).digest(), checksum):
        raise HeaderDamaged("vault header is damaged (checksum mismatch: truncated, extended or altered)")
    _magic, version, vault_id, created, count = _FIXED.unpack_from(raw, 0)
    if version != FORMAT_VERSION:
        raise UnsupportedVersion(f"vault header has format version {version}; this program reads version 1")
    if not 1 <= count <= MAX_SLOTS:
        raise HeaderDamaged(f"vault header is damaged ({count} key slots)")
    if len(raw) != _FIXED.size + count * _SLOT.size + _MAC_LEN + _SUM_LEN:
        raise HeaderDamaged("vault header is damaged (length does not match its slot count)")
    slots = []
    for i in range(count):
        kind, salt, m, t, p, nonce, wrapped = _SLOT.unpack_from(raw, _FIXED.size + i * _SLOT.size)
        if kind == SLOT_PASSPHRASE:
            kdf = KdfParams(m, t, p)
            kdf.check_bounds()
        elif kind == SLOT_RECOVERY:
            if (m, t, p) != (0, 0, 0):
                raise HeaderDamaged("vault header is damaged (recovery slot with KDF parameters)")
            kdf = None
        else:
            raise HeaderDamaged(f"vault header is damaged (unknown key slot type {kind})")
        slots.append(Slot(kind, salt, kdf, nonce, wrapped))
    if not any(s.kind == SLOT_PASSPHRASE for s in slots):
        raise HeaderDamaged("vault header is damaged (no passphrase slot)")
    mac = raw[-(_MAC_LEN + _SUM_LEN) : -_SUM_LEN]
    return Header(vault_id=vault_id, created=created, slots=tuple(slots), version=version, mac=mac)
