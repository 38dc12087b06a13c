"""Adversarial tests: every byte flipped, every truncation, swaps, moves, downgrades.

Each must fail with the project's own error and never return plaintext.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from mentorjournal.errors import HeaderDamaged, KdfParametersRefused, MentorJournalError, RecordDamaged
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault import header as hdr
from mentorjournal.vault.vault import HEADER_NAME, record_path
from tests.conftest import PASSPHRASE

CANARY = "canary-7f3a-private-disclosure"


def _record_file(vault: Vault, body: dict[str, str]) -> tuple[str, Path]:
    rev = vault.put("note", body)
    return rev.revision_id, record_path(vault.path, rev.revision_id)


class TestRecordTamper:
    def test_every_byte_flip_fails_authentication(self, vault: Vault) -> None:
        revision_id, path = _record_file(vault, {"text": CANARY})
        original = path.read_bytes()
        for i in range(len(original)):
            damaged = bytearray(original)
            damaged[i] ^= 0x01
            path.write_bytes(bytes(damaged))
            with pytest.raises(RecordDamaged) as info:
                vault.read_revision(revision_id)
            assert CANARY not in str(info.value)
        path.write_bytes(original)
        assert vault.read_revision(revision_id).body == {"text": CANARY}

    def test_every_truncation_fails(self, vault: Vault) -> None:
        revision_id, path = _record_file(vault, {"text": CANARY})
        original = path.read_bytes()
        for length in range(len(original)):
            path.write_bytes(original[:length])
            with pytest.raises(RecordDamaged):
                vault.read_revision(revision_id)

    @pytest.mark.parametrize("extra", [b"\0", b"x" * 16, b"\0" * 1000])
    def test_trailing_bytes_fail(self, vault: Vault, extra: bytes) -> None:
        revision_id, path = _record_file(vault, {"text": CANARY})
        path.write_bytes(path.read_bytes() + extra)
        with pytest.raises(RecordDamaged):
            vault.read_revision(revision_id)

    def test_swapping_two_record_files_fails(self, vault: Vault) -> None:
        a_id, a_path = _record_file(vault, {"text": "a"})
        b_id, b_path = _record_file(vault, {"text": "b"})
        a, b = a_path.read_bytes(), b_path.read_bytes()
        a_path.write_bytes(b)
        b_path.write_bytes(a)
        for rid in (a_id, b_id):
            with pytest.raises(RecordDamaged, match="not where its name says"):
                vault.read_revision(rid)

    def test_swap_with_patched_revision_id_still_fails(self, vault: Vault) -> None:
        a_id, a_path = _record_file(vault, {"text": "a"})
        _b_id, b_path = _record_file(vault, {"text": "b"})
        forged = bytearray(b_path.read_bytes())
        forged[8:24] = bytes.fromhex(a_id)  # make B's file claim to be A
        a_path.write_bytes(bytes(forged))
        with pytest.raises(RecordDamaged, match="authentication"):
            vault.read_revision(a_id)

    def test_record_moved_to_another_vault_with_the_same_passphrase_fails(self, vault: Vault, tmp_path: Path) -> None:
        revision_id, path = _record_file(vault, {"text": CANARY})
        other = Vault.create(tmp_path / "other", PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
        target = record_path(other.path, revision_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        with pytest.raises(RecordDamaged):
            other.read_revision(revision_id)
        report = other.load()
        assert [d.path for d in report.damaged] == [target]

    def test_a_damaged_record_never_takes_the_rest_down(self, vault: Vault, vault_dir: Path) -> None:
        good = [vault.put("n", {"i": i}) for i in range(5)]
        _bad_id, bad_path = _record_file(vault, {"text": CANARY})
        raw = bytearray(bad_path.read_bytes())
        raw[-1] ^= 0xFF
        bad_path.write_bytes(bytes(raw))
        vault.lock()
        with Vault.unlock(vault_dir, PASSPHRASE) as again:
            report = again.load()
            assert report.loaded == 5
            assert [d.path for d in report.damaged] == [bad_path]
            for rev in good:
                assert again.graph.current(rev.record_id) is not None

    def test_foreign_files_in_records_are_ignored_not_fatal(self, vault: Vault) -> None:
        vault.put("n", {"i": 1})
        stray = vault.path / "records" / "ab" / "notes.sync-conflict-20260101-120000-ABCDEF.mjr"
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_bytes(b"whatever")
        report = vault.load()
        assert report.loaded == 1 and stray in report.ignored and not report.damaged


class TestHeaderTamper:
    def _header(self, vault: Vault) -> tuple[Path, bytes]:
        path = vault.path / HEADER_NAME
        vault.lock()
        return path, path.read_bytes()

    def test_every_byte_flip_is_refused(self, vault: Vault) -> None:
        path, original = self._header(vault)
        for i in range(len(original)):
            damaged = bytearray(original)
            damaged[i] ^= 0x01
            path.write_bytes(bytes(damaged))
            with pytest.raises(MentorJournalError):
                Vault.unlock(vault.path, PASSPHRASE).lock()
        path.write_bytes(original)
        Vault.unlock(vault.path, PASSPHRASE).lock()

    def test_every_truncation_and_trailing_bytes_refused(self, vault: Vault) -> None:
        path, original = self._header(vault)
        for length in range(len(original)):
            path.write_bytes(original[:length])
            with pytest.raises(HeaderDamaged):
                Vault.read_header(vault.path)
        path.write_bytes(original + b"\0")
        with pytest.raises(HeaderDamaged):
            Vault.read_header(vault.path)

    @staticmethod
    def _rechecksum(body_and_mac: bytes) -> bytes:
        import hashlib

        return body_and_mac + hashlib.sha256(body_and_mac).digest()

    def test_edited_kdf_parameters_fail_even_with_a_fixed_checksum(self, vault: Vault) -> None:
        path, original = self._header(vault)
        offset = 33 + 1 + 16 + 4  # fixed part, slot type, salt, memory -> time cost of slot 0
        forged = bytearray(original[:-32])
        struct.pack_into(">I", forged, offset, 2)  # t = 1 -> 2 (an attacker's "downgrade" or tweak)
        path.write_bytes(self._rechecksum(bytes(forged)))
        with pytest.raises(MentorJournalError):
            Vault.unlock(vault.path, PASSPHRASE)

    def test_edited_format_version_fails(self, vault: Vault) -> None:
        path, original = self._header(vault)
        forged = bytearray(original[:-32])
        struct.pack_into(">H", forged, 6, 2)
        path.write_bytes(self._rechecksum(bytes(forged)))
        with pytest.raises(HeaderDamaged, match="version"):
            Vault.unlock(vault.path, PASSPHRASE)

    def test_edited_field_outside_the_slot_is_caught_by_the_mac(self, vault: Vault) -> None:
        path, original = self._header(vault)
        forged = bytearray(original[:-32])
        struct.pack_into(">Q", forged, 24, 12345)  # the creation time is only under the MAC
        path.write_bytes(self._rechecksum(bytes(forged)))
        with pytest.raises(HeaderDamaged, match="MAC"):
            Vault.unlock(vault.path, PASSPHRASE)

    def test_absurd_kdf_parameters_refused_before_argon2_runs(
        self, vault: Vault, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path, original = self._header(vault)
        forged = bytearray(original[:-32])
        struct.pack_into(">I", forged, 33 + 1 + 16, 64 * 1024 * 1024)  # 64 GiB
        path.write_bytes(self._rechecksum(bytes(forged)))

        def argon2_must_not_run(*args: object, **kwargs: object) -> bytes:
            raise AssertionError("Argon2 ran on refused parameters")

        monkeypatch.setattr("mentorjournal.vault.kdf.hash_secret_raw", argon2_must_not_run)
        with pytest.raises(KdfParametersRefused, match=r"64 GiB|65536 MiB"):
            Vault.unlock(vault.path, PASSPHRASE)

    def test_header_from_another_vault_fails(self, vault: Vault, tmp_path: Path) -> None:
        path, _original = self._header(vault)
        other = Vault.create(tmp_path / "other", PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
        other.lock()
        shutil.copyfile(other.path / HEADER_NAME, path)
        # The other header opens (same passphrase) but is a different vault: its key cannot read our records.
        with Vault.unlock(vault.path, PASSPHRASE) as wrong:
            assert wrong.vault_id != vault.vault_id

    def test_slot_type_unknown_is_damage(self, vault: Vault) -> None:
        path, original = self._header(vault)
        forged = bytearray(original[:-32])
        forged[33] = 9
        path.write_bytes(self._rechecksum(bytes(forged)))
        with pytest.raises(HeaderDamaged, match="slot type"):
            Vault.read_header(vault.path)

    def test_header_parser_constants_match_the_spec(self) -> None:
        assert hdr._FIXED.size == 33 and hdr._SLOT.size == 89
