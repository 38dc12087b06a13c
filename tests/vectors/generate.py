"""Regenerate the committed known-answer vault vectors (run once; the test suite only reads them).

    python tests/vectors/generate.py

Writes tests/vectors/v1/<case>/ folders and tests/vectors/v1/expected.json. A second reader of the
format (docs/vault-format.md) can check itself against these folders.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault.vault import HEADER_NAME, iter_record_files

HERE = Path(__file__).parent / "v1"
PASSPHRASE = "vector passphrase ünïcode"


def main() -> None:
    if HERE.exists():
        shutil.rmtree(HERE)
    valid = HERE / "valid"
    created = Vault.create(valid, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
    vault = created.vault
    t = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    a = vault.put("mentee", {"name": "José Núñez"}, now=t)
    b = vault.put("session", {"notes": "first"}, now=t)
    b2 = vault.put("session", {"notes": "edited"}, record_id=b.record_id, now=t.replace(hour=10))
    c = vault.put("goal", {"title": "to delete"}, now=t)
    vault.delete(c.record_id)
    vault.lock()
    (valid / ".lock").unlink()
    records = sorted(rid for _, rid in iter_record_files(valid) if rid)

    def copy(name: str) -> Path:
        target = HERE / name
        shutil.copytree(valid, target)
        return target

    header = (valid / HEADER_NAME).read_bytes()
    damaged_header = copy("damaged-header")
    flipped = bytearray(header)
    flipped[40] ^= 0x01
    (damaged_header / HEADER_NAME).write_bytes(bytes(flipped))

    damaged_record = copy("damaged-record")
    target = damaged_record / "records" / b2.revision_id[:2] / f"{b2.revision_id}.mjr"
    raw = bytearray(target.read_bytes())
    raw[100] ^= 0x80
    target.write_bytes(bytes(raw))

    downgraded = copy("downgraded-kdf")
    body = bytearray(header[:-32])
    struct.pack_into(">I", body, 33 + 1 + 16, 128)  # memory 256 KiB -> 128 KiB
    (downgraded / HEADER_NAME).write_bytes(bytes(body) + hashlib.sha256(bytes(body)).digest())

    swapped = copy("swapped-record")
    pa = swapped / "records" / a.revision_id[:2] / f"{a.revision_id}.mjr"
    pb = swapped / "records" / b.revision_id[:2] / f"{b.revision_id}.mjr"
    da, db = pa.read_bytes(), pb.read_bytes()
    pa.write_bytes(db)
    pb.write_bytes(da)

    expected = {
        "passphrase": PASSPHRASE,
        "recovery_key": created.recovery_key,
        "vault_id": vault.vault_id,
        "revision_files": records,
        "current": {
            a.record_id: {"kind": "mentee", "body": {"name": "José Núñez"}},
            b.record_id: {"kind": "session", "body": {"notes": "edited"}},
            c.record_id: {"kind": "goal", "body": None},
        },
        "cases": {
            "valid": "opens",
            "damaged-header": "HeaderDamaged",
            "damaged-record": f"RecordDamaged:{b2.revision_id}",
            "downgraded-kdf": "KdfParametersRefused",
            "swapped-record": f"RecordDamaged:{a.revision_id},{b.revision_id}",
        },
    }
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
