"""Key material: the data key, its per-purpose subkeys, passphrases and the recovery key.

The data key is 32 random bytes made once per vault. Nothing is encrypted with it directly: HKDF-SHA256
derives one subkey per purpose, so a record key can never be confused with the header MAC key.
The recovery key is 16 random bytes plus a 4-byte checksum, written in base32 in groups of four so a
person can copy it onto paper and type it back with typos caught.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mentorjournal.errors import UsageError

DATA_KEY_LEN = 32
RECOVERY_ENTROPY_LEN = 16
_RECOVERY_CHECK_LEN = 4

# Purposes, fixed strings that are part of the format (docs/vault-format.md).
PURPOSE_HEADER_MAC = b"header-mac"
PURPOSE_RECORDS = b"records"
PURPOSE_CACHE = b"unlock-cache"


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_LEN)


def subkey(data_key: bytes, vault_id: bytes, purpose: bytes) -> bytes:
    """HKDF-SHA256(ikm=data key, salt=vault id, info="mentorjournal/v1/" + purpose) -> 32 bytes."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=vault_id, info=b"mentorjournal/v1/" + purpose).derive(
        data_key
    )


def hkdf(ikm: bytes, *, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC-normalise so the same passphrase typed on macOS and Linux gives the same bytes."""
    if passphrase == "":
        raise UsageError("an empty passphrase is refused")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def strip_one_newline(text: str) -> str:
    """A passphrase file's trailing newline is not part of the passphrase (only one is removed)."""
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith("\n"):
        return text[:-1]
    return text


# --- recovery key -------------------------------------------------------------------------------


def new_recovery_entropy() -> bytes:
    return os.urandom(RECOVERY_ENTROPY_LEN)


def format_recovery_key(entropy: bytes) -> str:
    """16 bytes + 4 check bytes -> 32 base32 characters in eight groups of four."""
    check = hashlib.sha256(b"mentorjournal recovery key" + entropy).digest()[:_RECOVERY_CHECK_LEN]
    text = base64.b32encode(entropy + check).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """Accept any case, spaces or dashes; 0/1/8 typed for O/I/B are read as the letters."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if len(cleaned) != 32:
        raise UsageError("a recovery key has 32 characters (eight groups of four)")
    try:
        raw = base64.b32decode(cleaned)
    except (ValueError, binascii.Error) as exc:
        raise UsageError("this is not a recovery key (unexpected characters)") from exc
    entropy, check = raw[:RECOVERY_ENTROPY_LEN], raw[RECOVERY_ENTROPY_LEN:]
    expected = hashlib.sha256(b"mentorjournal recovery key" + entropy).digest()[:_RECOVERY_CHECK_LEN]
    if not hmac.compare_digest(check, expected):
        raise UsageError("this recovery key has a typo (its checksum does not match)")
    return entropy
