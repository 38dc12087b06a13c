"""Known-answer tests on committed vaults, and an independent reader written from docs/vault-format.md.

The second reader uses only the primitives (argon2-cffi, cryptography, hashlib) and the documented
byte layout, never MentorJournal's own vault modules: if the spec and the code drift apart, it fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mentorjournal.errors import HeaderDamaged, KdfParametersRefused, RecordDamaged, WrongPassphrase
from mentorjournal.vault import Vault

VECTORS = Path(__file__).parent / "v1"
EXPECTED: dict[str, Any] = json.loads((VECTORS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def case(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    target = tmp_path / request.param
    shutil.copytree(VECTORS / request.param, target)
    return target


class TestKnownAnswers:
    @pytest.mark.parametrize("case", ["valid"], indirect=True)
    def test_valid_vault_opens_with_known_contents(self, case: Path) -> None:
        with Vault.unlock(case, EXPECTED["passphrase"], read_only=True) as vault:
            assert vault.vault_id == EXPECTED["vault_id"]
            report = vault.load()
            assert report.damaged == [] and report.loaded == len(EXPECTED["revision_files"])
            for record_id, want in EXPECTED["current"].items():
                current = vault.graph.current(record_id)
                assert current is not None
                assert (current.kind, current.body) == (want["kind"], want["body"])
        Vault.unlock_with_recovery_key(case, EXPECTED["recovery_key"], read_only=True).lock()

    @pytest.mark.parametrize("case", ["valid"], indirect=True)
    def test_wrong_passphrase(self, case: Path) -> None:
        with pytest.raises(WrongPassphrase):
            Vault.unlock(case, "vector passphrase unicode", read_only=True)

    @pytest.mark.parametrize("case", ["damaged-header"], indirect=True)
    def test_damaged_header(self, case: Path) -> None:
        with pytest.raises(HeaderDamaged):
            Vault.unlock(case, EXPECTED["passphrase"], read_only=True)

    @pytest.mark.parametrize("case", ["downgraded-kdf"], indirect=True)
    def test_downgraded_kdf(self, case: Path) -> None:
        # Lowered below the floor (and not the test-only profile): refused before Argon2 runs.
        with pytest.raises(KdfParametersRefused, match="refused"):
            Vault.unlock(case, EXPECTED["passphrase"], read_only=True)

    @pytest.mark.parametrize("case", ["damaged-record", "swapped-record"], indirect=True)
    def test_damaged_and_swapped_records_are_named_and_the_rest_opens(self, case: Path) -> None:
        expected_bad = set(EXPECTED["cases"][case.name].split(":", 1)[1].split(","))
        with Vault.unlock(case, EXPECTED["passphrase"], read_only=True) as vault:
            report = vault.load()
            assert {d.path.stem for d in report.damaged} == expected_bad
            assert report.loaded == len(EXPECTED["revision_files"]) - len(expected_bad)
            for revision_id in expected_bad:
                with pytest.raises(RecordDamaged):
                    vault.read_revision(revision_id)


# --- an independent reader, from docs/vault-format.md only ---------------------------------------


def _hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def second_reader(folder: Path, passphrase: str) -> dict[str, dict[str, Any]]:
    raw = (folder / "vault.mjv").read_bytes()
    assert raw[:6] == b"MJVHDR"
    assert hashlib.sha256(raw[:-32]).digest() == raw[-32:]
    version, vault_id, _created, count = struct.unpack(">H16sQB", raw[6:33])
    assert version == 1
    data_key = None
    for i in range(count):
        slot = raw[33 + 89 * i : 33 + 89 * (i + 1)]
        kind, salt, m, t, p, nonce, wrapped = struct.unpack(">B16sIII12s48s", slot)
        if kind != 1:
            continue
        kek = hash_secret_raw(passphrase.encode(), salt, t, m, p, 32, Type.ID, 19)
        ad = raw[:24] + slot[:29]
        data_key = AESGCM(kek).decrypt(nonce, wrapped, ad)
    assert data_key is not None
    mac_key = _hkdf(data_key, vault_id, b"mentorjournal/v1/header-mac", 32)
    assert hmac.compare_digest(hmac.new(mac_key, raw[:-64], "sha256").digest(), raw[-64:-32])
    records_key = _hkdf(data_key, vault_id, b"mentorjournal/v1/records", 32)
    revisions = {}
    for path in sorted((folder / "records").glob("*/*.mjr")):
        blob = path.read_bytes()
        assert blob[:6] == b"MJVREC" and struct.unpack(">H", blob[6:8])[0] == 1
        assert blob[8:24].hex() == path.stem
        okm = _hkdf(records_key, blob[24:56], b"mentorjournal/v1/record-file", 44)
        plain = AESGCM(okm[:32]).decrypt(okm[32:], blob[56:], blob[:56] + vault_id)
        (length,) = struct.unpack(">I", plain[:4])
        envelope = json.loads(plain[4 : 4 + length])
        revisions[envelope["revision"]] = envelope
    return revisions


class TestSecondReader:
    def test_the_spec_alone_reads_the_valid_vault(self) -> None:
        revisions = second_reader(VECTORS / "valid", EXPECTED["passphrase"])
        assert sorted(revisions) == EXPECTED["revision_files"]
        superseded = {p for r in revisions.values() for p in r["parents"]}
        heads = {r["record"]: r for r in revisions.values() if r["revision"] not in superseded}
        assert {k: {"kind": v["kind"], "body": v["body"]} for k, v in heads.items()} == EXPECTED["current"]
