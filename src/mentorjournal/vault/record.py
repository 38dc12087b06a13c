"""One record revision as one encrypted, write-once file.

Each file gets its own key and nonce from HKDF over a fresh 32-byte seed, so no (key, nonce) pair is
ever reused, whatever the number of writes or machines. The associated data binds the file to its
format version, its revision id (which is also its file name) and the vault id; the record id, the
parents and the body are inside the ciphertext. Plaintext is padded with Padmé so sizes leak little.
Decryption returns the whole plaintext or raises ``RecordDamaged``: never a part of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorjournal.errors import InvalidInput, RecordDamaged

MAGIC = b"MJVREC"
FORMAT_VERSION = 1
SEED_LEN = 32
TAG_LEN = 16
_PREFIX = struct.Struct(">6sH16s32s")  # magic, version, revision id, seed
MIN_PADDED = 256
ID_RE = re.compile(r"\A[0-9a-f]{32}\Z")  # \Z: "$" would accept a trailing newline


PREFIX_LEN = _PREFIX.size


def revision_id_in(head: bytes) -> str | None:
    """The revision id a record file's first ``PREFIX_LEN`` bytes name (unauthenticated), or None."""
    if len(head) < _PREFIX.size or head[: len(MAGIC)] != MAGIC:
        return None
    return bytes(_PREFIX.unpack_from(head, 0)[2]).hex()


def new_id() -> str:
    """128 random bits as 32 lowercase hex characters: record ids and revision ids."""
    return os.urandom(16).hex()


class BodySource(Protocol):
    """Where a cached revision's body is read from when first needed (vault/cache.py), by its row there."""

    def body(self, revision_id: str, row: int) -> dict[str, Any]: ...

    def raw(self, revision_id: str, row: int) -> bytes: ...


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def micros(when: datetime) -> int:
    """``when`` as whole microseconds since the Unix epoch (exact: datetimes count microseconds)."""
    return (when - _EPOCH) // _MICROSECOND


class Revision:
    """One version of a record, never changed once made (by convention: no setter is enforced, as a
    frozen dataclass costs every unlock a few percent). ``body`` is None for a tombstone.

    A revision from the unlock cache is made from its columns without per-row work: its time stays an
    integer (microseconds) until something asks for ``written_at``, and its body is read from the
    cache's row when first asked, so an unlock pays only for what something reads.
    """

    __slots__ = ("_body", "_row", "_source", "_written", "kind", "parents", "record_id", "revision_id")

    def __init__(
        self,
        revision_id: str,
        record_id: str,
        kind: str,
        parents: tuple[str, ...],
        written_at: datetime,
        body: dict[str, Any] | None,
    ) -> None:
        self.revision_id = revision_id
        self.record_id = record_id
        self.kind = kind
        self.parents = parents
        self._written: datetime | int = written_at
        self._body = body
        self._source: BodySource | None = None
        self._row = -1

    @classmethod
    def cached(
        cls,
        revision_id: str,
        record_id: str,
        kind: str,
        parents: tuple[str, ...],
        written: int | datetime,
        source: BodySource | None,
        row: int,
    ) -> Revision:
        """A revision whose body is read from ``source``'s ``row`` on first use (``None``: a tombstone);
        ``written`` may stay microseconds since the epoch until something asks for ``written_at``."""
        rev = cls.__new__(cls)
        rev.revision_id = revision_id
        rev.record_id = record_id
        rev.kind = kind
        rev.parents = parents
        rev._written = written
        rev._body = None
        rev._source = source
        rev._row = row
        return rev

    @property
    def written_at(self) -> datetime:
        written = self._written
        if isinstance(written, int):
            written = self._written = _EPOCH + timedelta(microseconds=written)
        return written

    @property
    def written_micros(self) -> int:
        written = self._written
        return written if isinstance(written, int) else micros(written)

    @property
    def cached_body(self) -> bool:
        """True while the body is still to be read from the unlock cache."""
        return self._source is not None

    @property
    def body(self) -> dict[str, Any] | None:
        source = self._source
        if source is not None:
            self._body = source.body(self.revision_id, self._row)
            self._source = None
        return self._body

    def body_json(self) -> bytes | None:
        """The body as compact JSON (None for a tombstone), without parsing it if it never was."""
        source = self._source
        if source is not None:
            return source.raw(self.revision_id, self._row)
        if self._body is None:
            return None
        return json.dumps(self._body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @property
    def deleted(self) -> bool:
        return self._body is None and self._source is None

    def _key(self) -> tuple[Any, ...]:
        return (self.revision_id, self.record_id, self.kind, self.parents, self.written_at, self.body)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Revision):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self.revision_id)

    def __repr__(self) -> str:
        # Never the body: reprs end up in logs and tracebacks.
        state = "tombstone" if self.deleted else "body"
        return f"Revision({self.revision_id[:8]}, record={self.record_id[:8]}, kind={self.kind!r}, {state})"


def padme(length: int) -> int:
    """Padmé padding (Nikitin et al., PURBs, 2019): at most ~12% overhead, leaks O(log log n) bits."""
    length = max(length, MIN_PADDED)
    exponent = length.bit_length() - 1
    bits_of_exponent = exponent.bit_length()
    low_bits = exponent - bits_of_exponent
    mask = (1 << low_bits) - 1
    return (length + mask) & ~mask


_FILE_INFO = b"mentorjournal/v1/record-file"
_IPAD = bytes(x ^ 0x36 for x in range(256))  # HMAC's key XORs, as translation tables (RFC 2104)
_OPAD = bytes(x ^ 0x5C for x in range(256))
_ZEROS = bytes(32)
_sha256 = hashlib.sha256


def _file_key_nonce(records_key: bytes, seed: bytes) -> tuple[bytes, bytes]:
    """HKDF-SHA256 (RFC 5869) of one file: 44 bytes, the same as ``keys.hkdf`` gives, byte for byte.

    Written out with ``hashlib``: it runs once per file at every cold unlock and ``check``, and both
    ``cryptography``'s HKDF object and ``hmac.digest`` (OpenSSL 3 looks the MAC up on every call) cost
    twice as much per call. Both keys (the 32-byte seed, the 32-byte PRK) fit one SHA-256 block.
    """
    salt = seed + _ZEROS
    prk = _sha256(salt.translate(_OPAD) + _sha256(salt.translate(_IPAD) + records_key).digest()).digest()
    block = prk + _ZEROS
    inner, outer = block.translate(_IPAD), block.translate(_OPAD)
    t1 = _sha256(outer + _sha256(inner + _FILE_INFO + b"\x01").digest()).digest()
    t2 = _sha256(outer + _sha256(inner + t1 + _FILE_INFO + b"\x02").digest()).digest()
    return t1, t2[:12]


def _associated_data(prefix: bytes, vault_id: bytes) -> bytes:
    return prefix + vault_id


def encode_payload(rev: Revision) -> bytes:
    envelope = {
        "record": rev.record_id,
        "revision": rev.revision_id,
        "kind": rev.kind,
        "parents": list(rev.parents),
        "written_at": rev.written_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "body": rev.body,
    }
    try:
        data = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from undecodable input bytes or a JSON "\ud800" escape) is not text UTF-8 can
        # store: refused cleanly here, the one place every save passes, before anything is written.
        raise InvalidInput(
            "a value holds text that is not valid Unicode (a lone surrogate); nothing was stored"
        ) from None
    except (ValueError, TypeError, RecursionError):
        raise InvalidInput("a value cannot be stored (not plain JSON data); nothing was stored") from None
    plain = struct.pack(">I", len(data)) + data
    return plain + b"\0" * (padme(len(plain)) - len(plain))


def seal(rev: Revision, records_key: bytes, vault_id: bytes) -> bytes:
    """Encrypt one revision into the bytes of its file."""
    seed = os.urandom(SEED_LEN)
    prefix = _PREFIX.pack(MAGIC, FORMAT_VERSION, bytes.fromhex(rev.revision_id), seed)
    key, nonce = _file_key_nonce(records_key, seed)
    return prefix + AESGCM(key).encrypt(nonce, encode_payload(rev), _associated_data(prefix, vault_id))


def open_sealed(raw: bytes, expected_revision_id: str, records_key: bytes, vault_id: bytes) -> Revision:
    """Authenticate and decrypt one record file; ``RecordDamaged`` on any doubt."""
    return decode_payload(open_plaintext(raw, expected_revision_id, records_key, vault_id), expected_revision_id)


def open_plaintext(raw: bytes, expected_revision_id: str, records_key: bytes, vault_id: bytes) -> bytes:
    """The authenticated plaintext of one record file (padded payload); ``RecordDamaged`` on any doubt."""
    if len(raw) < _PREFIX.size + TAG_LEN or raw[: len(MAGIC)] != MAGIC:
        raise RecordDamaged("not a MentorJournal record (unknown file type or truncated)")
    _magic, version, rev_bytes, seed = _PREFIX.unpack_from(raw, 0)
    if version != FORMAT_VERSION:
        raise RecordDamaged(f"record has format version {version}; this program reads version 1")
    if rev_bytes.hex() != expected_revision_id:
        raise RecordDamaged("record file is not where its name says (renamed, swapped or copied)")
    prefix = raw[: _PREFIX.size]
    key, nonce = _file_key_nonce(records_key, seed)
    try:
        return AESGCM(key).decrypt(nonce, raw[_PREFIX.size :], _associated_data(prefix, vault_id))
    except InvalidTag:
        raise RecordDamaged("record fails authentication (damaged, truncated, or from another vault)") from None


# The fields of one revision as read from its file: record id, kind, parents, written_at, the body as
# compact JSON text (None for a tombstone), and the body itself.
Fields = tuple[str, str, tuple[str, ...], datetime, bytes | None, dict[str, Any] | None]

_BODY_FIRST = '{"body":'  # how this program writes an envelope (sorted keys, compact)
_scan = json.JSONDecoder().raw_decode


def decode_payload(plain: bytes, expected_revision_id: str) -> Revision:
    record_id, kind, parents, written_at, _text, body = decode_fields(plain, expected_revision_id)
    return Revision(expected_revision_id, record_id, kind, parents, written_at, body)


def decode_fields(plain: bytes, expected_revision_id: str) -> Fields:
    """Validate a decrypted payload and take it apart, keeping the body's JSON text as written.

    The body's text is what the unlock cache stores: taking it from the envelope (rather than encoding
    the parsed body again) saves a JSON encode per file at a cold unlock.
    """
    # Authenticated bytes can still be wrong if written by a buggy or newer writer: validate everything.
    try:
        (length,) = struct.unpack_from(">I", plain, 0)
        if length > len(plain) - 4 or any(plain[4 + length :]):
            raise ValueError("bad padding")
        text = plain[4 : 4 + length].decode("utf-8")
        env, body_text = _envelope(text)
        if not isinstance(env, dict):
            raise ValueError("envelope is not an object")
        record_id, revision_id, kind = env["record"], env["revision"], env["kind"]
        parents, body = env["parents"], env["body"]
        if not (isinstance(record_id, str) and ID_RE.match(record_id)):
            raise ValueError("bad record id")
        if revision_id != expected_revision_id:
            raise ValueError("revision id differs from the file's")
        if not isinstance(kind, str) or not isinstance(parents, list):
            raise ValueError("bad kind or parents")
        if not all(isinstance(p, str) and ID_RE.match(p) for p in parents):
            raise ValueError("bad parent id")
        if body is not None and not isinstance(body, dict):
            raise ValueError("body is not an object")
        written_at = datetime.fromisoformat(str(env["written_at"]).replace("Z", "+00:00"))
        if written_at.tzinfo is None:
            raise ValueError("naive timestamp")
        if body is None:
            body_json = None
        elif body_text is not None:
            body_json = body_text.encode("utf-8")
        else:
            body_json = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError, RecursionError) as exc:
        raise RecordDamaged(f"record decrypts but its contents are malformed ({exc.__class__.__name__})") from None
    return record_id, kind, tuple(parents), written_at, body_json, body


def _envelope(text: str) -> tuple[Any, str | None]:
    """The envelope parsed, and the body's own JSON text when the envelope is in this program's form."""
    if text.startswith(_BODY_FIRST):
        try:
            body, end = _scan(text, len(_BODY_FIRST))
            rest = text[end:]
            others = json.loads("{" + rest[1:]) if rest[:1] == "," else None
        except ValueError:
            others = None
        # Anything unusual (a second "body" key, spaces) is read the plain way, with its plain errors.
        if isinstance(others, dict) and "body" not in others:
            others["body"] = body
            return others, text[len(_BODY_FIRST) : end]
    return json.loads(text), None
