"""Backup and restore: one encrypted file, an authenticated manifest, refusals that leave nothing behind."""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest

from mentorjournal.errors import InvalidInput, UsageError, VaultExists, WrongPassphrase
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault.backup import MAC_NAME, MANIFEST_NAME, create_backup, restore_backup
from mentorjournal.vault.vault import HEADER_NAME, iter_record_files
from tests.conftest import PASSPHRASE

CANARY = "canary-5d1e-disclosed-in-confidence"


def unlock_with(passphrase: str = PASSPHRASE):  # type: ignore[no-untyped-def]
    return lambda folder: Vault.unlock(folder, passphrase, read_only=True)


def vault_files(folder: Path) -> dict[str, bytes]:
    files = {HEADER_NAME: (folder / HEADER_NAME).read_bytes()}
    for path, revision_id in iter_record_files(folder):
        assert revision_id is not None
        files[str(path.relative_to(folder))] = path.read_bytes()
    return files


@pytest.fixture
def filled(vault: Vault) -> Vault:
    mentee = vault.put("mentee", {"name": CANARY})
    vault.put("mentee", {"name": CANARY + " edited"}, record_id=mentee.record_id)
    base = vault.put("session", {"text": "first"})
    vault.put("session", {"text": "one machine"}, record_id=base.record_id, parents=(base.revision_id,))
    vault.put("session", {"text": "other machine"}, record_id=base.record_id, parents=(base.revision_id,))
    gone = vault.put("goal", {"title": "x"})
    vault.delete(gone.record_id)
    return vault


class TestRoundTrip:
    def test_backup_restore_check(self, filled: Vault, tmp_path: Path) -> None:
        seen: list[tuple[int, int]] = []
        summary = create_backup(filled, tmp_path / "vault.mjbackup", progress=lambda d, t: seen.append((d, t)))
        assert summary.files == 8 and not summary.damaged and seen[-1] == (8, 8)
        assert stat.S_IMODE((tmp_path / "vault.mjbackup").stat().st_mode) == 0o600
        assert CANARY.encode() not in (tmp_path / "vault.mjbackup").read_bytes()

        restored = restore_backup(tmp_path / "vault.mjbackup", tmp_path / "restored", unlock_with())
        assert restored.files == 8 and not restored.report.damaged and restored.report.loaded == 7
        assert vault_files(tmp_path / "restored") == vault_files(filled.path)
        assert stat.S_IMODE((tmp_path / "restored").stat().st_mode) == 0o700
        for path, _ in iter_record_files(tmp_path / "restored"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with Vault.unlock(tmp_path / "restored", PASSPHRASE, read_only=True) as again:
            assert len(again.graph.conflicts()) == 1
            assert again.vault_id == filled.vault_id
        assert [p.name for p in tmp_path.iterdir() if ".restoring-" in p.name] == []

    def test_member_times_are_the_backups_not_the_sessions(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        with tarfile.open(tmp_path / "b") as tar:
            assert len({m.mtime for m in tar.getmembers()}) == 1
            assert {m.uname for m in tar.getmembers()} == {""}

    def test_a_plain_tar_extraction_is_a_working_vault(self, filled: Vault, tmp_path: Path) -> None:
        """Without MentorJournal's restore (an emergency), `tar -xf` gives a vault that opens."""
        create_backup(filled, tmp_path / "b")
        with tarfile.open(tmp_path / "b") as tar:
            tar.extractall(tmp_path / "by-hand", filter="data")
        with Vault.unlock(tmp_path / "by-hand", PASSPHRASE, read_only=True) as v:
            assert not v.check().damaged

    def test_an_empty_target_folder_is_used(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        (tmp_path / "empty").mkdir()
        restore_backup(tmp_path / "b", tmp_path / "empty", unlock_with())
        assert (tmp_path / "empty" / HEADER_NAME).is_file()


class TestNeverOverwrite:
    def test_an_existing_backup_file_is_kept_unless_asked(self, filled: Vault, tmp_path: Path) -> None:
        dest = tmp_path / "b"
        dest.write_bytes(b"precious")
        with pytest.raises(UsageError, match="already exists"):
            create_backup(filled, dest)
        assert dest.read_bytes() == b"precious"
        create_backup(filled, dest, overwrite=True)
        assert dest.read_bytes() != b"precious"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []

    def test_a_backup_inside_the_vault_is_refused(self, filled: Vault) -> None:
        with pytest.raises(UsageError, match="outside the vault"):
            create_backup(filled, filled.path / "b")

    def test_restore_over_a_vault_needs_replace_and_keeps_the_old_one(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        other = Vault.create(tmp_path / "target", "another", kdf=CHEAPEST_FOR_TESTS_ONLY)
        other.vault.lock()
        before = vault_files(tmp_path / "target")
        with pytest.raises(VaultExists, match="--force"):
            restore_backup(tmp_path / "b", tmp_path / "target", unlock_with())
        assert vault_files(tmp_path / "target") == before
        done = restore_backup(tmp_path / "b", tmp_path / "target", unlock_with(), replace_existing=True)
        assert done.previous_kept_as is not None and vault_files(done.previous_kept_as) == before
        assert vault_files(tmp_path / "target") == vault_files(filled.path)

    def test_a_vault_in_use_is_not_replaced(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        with pytest.raises(Exception, match="in use"):
            restore_backup(tmp_path / "b", filled.path, unlock_with(), replace_existing=True)
        assert [p.name for p in tmp_path.iterdir() if ".restoring-" in p.name] == []

    def test_a_folder_with_other_files_is_refused(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "cv.pdf").write_bytes(b"x")
        with pytest.raises(UsageError, match="not empty"):
            restore_backup(tmp_path / "b", tmp_path / "docs", unlock_with())


class TestDamagedBackups:
    """Any damage, truncation or tampering is refused with one message; nothing is left behind."""

    def _refused(self, backup: Path, tmp_path: Path, match: str = "damaged or incomplete|not a MentorJournal") -> None:
        with pytest.raises(InvalidInput, match=match):
            restore_backup(backup, tmp_path / "restored", unlock_with())
        assert not (tmp_path / "restored").exists()
        assert [p.name for p in tmp_path.iterdir() if ".restoring-" in p.name] == []

    def test_byte_flips_are_refused_or_harmless(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        original = (tmp_path / "b").read_bytes()
        expected = vault_files(filled.path)
        refused = 0
        for offset in range(0, len(original), 61):
            damaged = bytearray(original)
            damaged[offset] ^= 0x04
            (tmp_path / "d").write_bytes(bytes(damaged))
            try:
                restore_backup(tmp_path / "d", tmp_path / "restored", unlock_with())
            except InvalidInput:
                refused += 1
                assert not (tmp_path / "restored").exists()
                continue
            # Only a flip in tar padding or the end-of-archive blocks may pass, and changes nothing.
            assert vault_files(tmp_path / "restored") == expected
            (tmp_path / "restored").rename(tmp_path / f"ok-{offset}")
        assert refused > 0
        assert [p.name for p in tmp_path.iterdir() if ".restoring-" in p.name] == []

    def test_truncations_are_refused(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        original = (tmp_path / "b").read_bytes()
        manifest_end = original.index(b"backup-manifest.hmac")  # the signature's tar header
        for length in [0, 1, 511, 512, 1024, *range(1500, manifest_end + 1024, 397)]:
            (tmp_path / "d").write_bytes(original[:length])
            self._refused(tmp_path / "d", tmp_path)

    def test_a_record_dropped_with_its_manifest_line_is_refused(self, filled: Vault, tmp_path: Path) -> None:
        """Recomputed SHA-256s do not help: the manifest's HMAC needs the data key."""
        create_backup(filled, tmp_path / "b")
        out = io.BytesIO()
        with tarfile.open(tmp_path / "b") as tar, tarfile.open(fileobj=out, mode="w") as forged:
            members = tar.getmembers()
            dropped = next(m.name for m in members if m.name.startswith("records/"))
            for member in members:
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                if member.name == dropped:
                    continue
                if member.name == MANIFEST_NAME:
                    manifest = json.loads(data)
                    manifest["files"] = [f for f in manifest["files"] if f["name"] != dropped]
                    data = json.dumps(manifest).encode()
                    member.size = len(data)
                forged.addfile(member, io.BytesIO(data))
        (tmp_path / "forged").write_bytes(out.getvalue())
        self._refused(tmp_path / "forged", tmp_path, match="does not authenticate")

    def test_not_a_backup(self, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("hello")
        self._refused(tmp_path / "notes.txt", tmp_path, match="not a MentorJournal backup")
        with tarfile.open(tmp_path / "other.tar", "w") as tar:
            tar.add(tmp_path / "notes.txt", arcname="notes.txt")
        self._refused(tmp_path / "other.tar", tmp_path, match="not a MentorJournal backup")

    def test_wrong_passphrase_leaves_nothing(self, filled: Vault, tmp_path: Path) -> None:
        create_backup(filled, tmp_path / "b")
        with pytest.raises(WrongPassphrase):
            restore_backup(tmp_path / "b", tmp_path / "restored", unlock_with("not it"))
        assert not (tmp_path / "restored").exists()
        assert [p.name for p in tmp_path.iterdir() if ".restoring-" in p.name] == []

    def test_a_damaged_record_is_copied_as_it_is_and_named(self, filled: Vault, tmp_path: Path) -> None:
        path, _ = next(iter_record_files(filled.path))
        raw = bytearray(path.read_bytes())
        raw[-1] ^= 1
        os.chmod(path, 0o600)
        path.write_bytes(bytes(raw))
        summary = create_backup(filled, tmp_path / "b")
        assert summary.damaged == [path.name]
        restored = restore_backup(tmp_path / "b", tmp_path / "restored", unlock_with())
        assert [d.path.name for d in restored.report.damaged] == [path.name]


def test_manifest_lists_every_file_with_its_sha256(filled: Vault, tmp_path: Path) -> None:
    create_backup(filled, tmp_path / "b")
    with tarfile.open(tmp_path / "b") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(MANIFEST_NAME).read())  # type: ignore[union-attr]
    assert names[0] == HEADER_NAME and names[-2:] == [MANIFEST_NAME, MAC_NAME]
    assert [f["name"] for f in manifest["files"]] == names[:-2]
    assert manifest["vault_id"] == filled.vault_id and manifest["version"] == 1


def test_restore_leaves_the_parent_folders_mode_alone(filled: Vault, tmp_path: Path) -> None:
    create_backup(filled, tmp_path / "b")
    parent = tmp_path / "shared-parent"
    parent.mkdir(mode=0o755)
    os.chmod(parent, 0o755)  # noqa: S103 - a shared folder the restore must leave as it is
    restore_backup(tmp_path / "b", parent / "vault", unlock_with())
    assert stat.S_IMODE(parent.stat().st_mode) == 0o755
    restore_backup(tmp_path / "b", tmp_path / "new" / "deeper" / "vault", unlock_with())
    assert (tmp_path / "new" / "deeper" / "vault" / HEADER_NAME).is_file()
