"""Round trips, passphrases, recovery key and permissions of the vault core."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.errors import (
    ForeignFile,
    KdfParametersRefused,
    NotAVault,
    UsageError,
    VaultExists,
    VaultInUse,
    WrongPassphrase,
)
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, KdfParams, Vault
from mentorjournal.vault.record import padme
from mentorjournal.vault.vault import HEADER_NAME, iter_record_files
from tests.conftest import PASSPHRASE

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


class TestRoundTrip:
    def test_unicode_empty_and_large_bodies_survive_lock_and_unlock(self, vault: Vault, vault_dir: Path) -> None:
        bodies = {
            "unicode": {"text": "José Núñez — “fear of failure” 🙂\u202e bidi \x00 NUL"},
            "empty": {},
            "large": {"text": "x" * 3_000_000},
        }
        ids = {name: vault.put("note", body).record_id for name, body in bodies.items()}
        vault.lock()
        with Vault.unlock(vault_dir, PASSPHRASE) as again:
            for name, body in bodies.items():
                current = again.graph.current(ids[name])
                assert current is not None and current.body == body

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=st.dictionaries(st.text(max_size=10), json_values, max_size=5))
    def test_any_json_body_round_trips(self, vault: Vault, body: dict[str, object]) -> None:
        rev = vault.put("thing", body)
        assert vault.read_revision(rev.revision_id).body == body

    def test_edit_delete_and_history(self, vault: Vault) -> None:
        first = vault.put("session", {"v": 1})
        second = vault.put("session", {"v": 2}, record_id=first.record_id)
        tomb = vault.delete(first.record_id)
        assert second.parents == (first.revision_id,)
        assert tomb.parents == (second.revision_id,)
        assert [r.body for r in vault.graph.history(first.record_id)] == [{"v": 1}, {"v": 2}, None]
        current = vault.graph.current(first.record_id)
        assert current is not None and current.deleted

    def test_two_heads_are_a_conflict_and_a_save_merges_them(self, vault: Vault) -> None:
        base = vault.put("session", {"v": 0})
        a = vault.put("session", {"v": "laptop"}, record_id=base.record_id, parents=(base.revision_id,))
        b = vault.put("session", {"v": "desktop"}, record_id=base.record_id, parents=(base.revision_id,))
        assert {r.revision_id for r in vault.graph.heads(base.record_id)} == {a.revision_id, b.revision_id}
        assert base.record_id in vault.graph.conflicts()
        merged = vault.put("session", {"v": "merged"}, record_id=base.record_id)
        assert set(merged.parents) == {a.revision_id, b.revision_id}
        assert vault.graph.conflicts() == {}

    def test_one_file_per_save(self, vault: Vault, vault_dir: Path) -> None:
        for i in range(5):
            vault.put("n", {"i": i})
        assert len([f for f, rid in iter_record_files(vault_dir) if rid]) == 5


class TestPassphrases:
    def test_wrong_passphrase_raises_and_decrypts_nothing(self, vault: Vault, vault_dir: Path) -> None:
        vault.put("n", {"secret": "canary"})
        vault.lock()
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_dir, "not the passphrase")

    def test_empty_passphrase_refused(self, vault_dir: Path) -> None:
        with pytest.raises(UsageError):
            Vault.create(vault_dir, "", kdf=CHEAPEST_FOR_TESTS_ONLY)

    def test_nfc_and_nfd_passphrases_are_the_same(self, vault_dir: Path) -> None:
        Vault.create(vault_dir, "caf\u00e9", kdf=CHEAPEST_FOR_TESTS_ONLY).vault.lock()
        Vault.unlock(vault_dir, "cafe\u0301").lock()

    def test_change_keeps_record_files_byte_identical(self, vault: Vault, vault_dir: Path) -> None:
        for i in range(3):
            vault.put("n", {"i": i})
        before = {f: f.read_bytes() for f, _ in iter_record_files(vault_dir)}
        header_before = (vault_dir / HEADER_NAME).read_bytes()
        vault.change_passphrase("a new passphrase")
        vault.lock()
        assert {f: f.read_bytes() for f, _ in iter_record_files(vault_dir)} == before
        assert (vault_dir / HEADER_NAME).read_bytes() != header_before
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_dir, PASSPHRASE)
        with Vault.unlock(vault_dir, "a new passphrase") as again:
            assert len(again.graph) == 3

    def test_recovery_key_unlocks_and_sets_a_new_passphrase(self, vault_dir: Path) -> None:
        created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
        assert created.recovery_key is not None
        created.vault.put("n", {"x": 1})
        created.vault.lock()
        typed = created.recovery_key.lower().replace("-", " ")
        with Vault.unlock_with_recovery_key(vault_dir, typed) as recovered:
            recovered.change_passphrase("after recovery")
        Vault.unlock(vault_dir, "after recovery").lock()
        Vault.unlock_with_recovery_key(vault_dir, created.recovery_key).lock()  # still works

    def test_recovery_key_typo_is_caught_by_its_checksum(self, vault_dir: Path) -> None:
        created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
        created.vault.lock()
        assert created.recovery_key is not None
        key = created.recovery_key
        typo = ("B" if key[0] != "B" else "C") + key[1:]
        with pytest.raises(UsageError, match="typo"):
            Vault.unlock_with_recovery_key(vault_dir, typo)

    def test_vault_without_recovery_key(self, vault_dir: Path) -> None:
        created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
        assert created.recovery_key is None
        created.vault.lock()
        with pytest.raises(WrongPassphrase, match="without a recovery key"):
            Vault.unlock_with_recovery_key(vault_dir, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")


class TestOpening:
    def test_not_a_vault(self, tmp_path: Path) -> None:
        with pytest.raises(NotAVault):
            Vault.unlock(tmp_path / "nothing", PASSPHRASE)
        (tmp_path / "empty").mkdir()
        with pytest.raises(NotAVault):
            Vault.unlock(tmp_path / "empty", PASSPHRASE)

    def test_foreign_header_file(self, tmp_path: Path) -> None:
        folder = tmp_path / "v"
        folder.mkdir()
        (folder / HEADER_NAME).write_bytes(b"%PDF-1.7 not a vault at all")
        with pytest.raises(ForeignFile):
            Vault.unlock(folder, PASSPHRASE)

    def test_refuses_to_create_over_an_existing_vault(self, vault: Vault, vault_dir: Path) -> None:
        with pytest.raises(VaultExists):
            Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)

    def test_second_writer_is_told_the_vault_is_in_use(self, vault: Vault, vault_dir: Path) -> None:
        with pytest.raises(VaultInUse):
            Vault.unlock(vault_dir, PASSPHRASE)
        with Vault.unlock(vault_dir, PASSPHRASE, read_only=True) as reader:  # readers need no lock
            assert reader.read_only
        vault.lock()
        Vault.unlock(vault_dir, PASSPHRASE).lock()  # released on lock

    def test_cheap_vault_says_so(self, vault: Vault) -> None:
        assert vault.is_cheap
        assert not KdfParams(64 * 1024, 3, 2).is_cheap


class TestKdfBounds:
    @pytest.mark.parametrize(
        "params",
        [
            KdfParams(64 * 1024 * 1024, 3, 4),  # 64 GiB
            KdfParams(4 * 1024 * 1024 + 1, 3, 4),
            KdfParams(65536, 101, 4),
            KdfParams(65536, 0, 4),
            KdfParams(65536, 3, 0),
            KdfParams(65536, 3, 65),
            KdfParams(8, 1, 4),
        ],
    )
    def test_absurd_parameters_refused(self, params: KdfParams) -> None:
        with pytest.raises(KdfParametersRefused):
            params.check_bounds()

    def test_calibration_never_goes_below_the_floor(self) -> None:
        from mentorjournal.vault.kdf import FLOOR_MEMORY_KIB, FLOOR_TIME_COST, calibrate

        ticks = iter(range(0, 10_000))
        chosen = calibrate(clock=lambda: float(next(ticks)))  # a "slow" fake clock: 1 s per measurement
        assert chosen.memory_kib >= FLOOR_MEMORY_KIB and chosen.time_cost >= FLOOR_TIME_COST


class TestPermissions:
    def test_private_modes_under_a_permissive_umask(self, tmp_path: Path) -> None:
        old = os.umask(0o022)
        try:
            folder = tmp_path / "v"
            created = Vault.create(folder, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
            created.vault.put("n", {"x": 1})
            created.vault.lock()
        finally:
            os.umask(old)
        for dirpath, _dirnames, filenames in os.walk(folder):
            assert stat.S_IMODE(os.stat(dirpath).st_mode) == 0o700, dirpath
            for name in filenames:
                assert stat.S_IMODE(os.stat(Path(dirpath) / name).st_mode) == 0o600, name


class TestPadding:
    @pytest.mark.parametrize("n", [0, 1, 255, 256, 257, 1000, 4097, 65_537, 1_000_000])
    def test_padme_bounds(self, n: int) -> None:
        padded = padme(n)
        assert padded >= max(n, 256)
        assert padded <= max(n, 256) * 1.13

    def test_sizes_are_bucketed(self, vault: Vault, vault_dir: Path) -> None:
        a = vault.put("n", {"t": "a"})
        b = vault.put("n", {"t": "a" * 20})
        sizes = {(vault_dir / "records" / r.revision_id[:2] / f"{r.revision_id}.mjr").stat().st_size for r in (a, b)}
        assert len(sizes) == 1
