"""Files sync engines leave in a vault folder: header conflict copies, record copies, temp and bookkeeping files,
and a partially synced folder. No engine runs here: the files are laid out exactly as the engines name them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mentorjournal.errors import UsageError, WrongPassphrase
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault, opening, sync
from mentorjournal.vault import header as hdr
from mentorjournal.vault.vault import HEADER_NAME, record_path
from tests.conftest import PASSPHRASE

SYNCTHING_COPY = "vault.sync-conflict-20250301-101500-ABCDEF2.mjv"
DROPBOX_COPY = "vault (Mentor's conflicted copy 2025-03-01).mjv"


def two_machines(vault: Vault, tmp_path: Path) -> tuple[Path, Path]:
    """The vault folder and a copy of it, as if synced to a second machine."""
    vault.lock()
    other = tmp_path / "laptop"
    shutil.copytree(vault.path, other)
    return vault.path, other


def passphrase_changed_on_both(vault: Vault, tmp_path: Path, copy_name: str = SYNCTHING_COPY) -> tuple[Path, str]:
    """desktop -> 'desktop pass', laptop -> 'laptop pass' while apart; the engine keeps the laptop's header."""
    desktop, laptop = two_machines(vault, tmp_path)
    for folder, new in ((desktop, "desktop pass"), (laptop, "laptop pass")):
        with Vault.unlock(folder, PASSPHRASE) as v:
            v.change_passphrase(new, kdf=CHEAPEST_FOR_TESTS_ONLY)
    shutil.copyfile(desktop / HEADER_NAME, desktop / copy_name)
    shutil.copyfile(laptop / HEADER_NAME, desktop / HEADER_NAME)
    return desktop, copy_name


class TestRecognisingEngineFiles:
    """Names of conflict copies, temp files and bookkeeping files of each engine."""

    @pytest.mark.parametrize(
        ("name", "original", "engine"),
        [
            ("vault.sync-conflict-20250301-101500-ABCDEF2.mjv", "vault.mjv", "Syncthing"),
            ("0123abcd" * 4 + ".sync-conflict-20250301-101500-7QXYZ12.mjr", "0123abcd" * 4 + ".mjr", "Syncthing"),
            ("vault (Mentor's conflicted copy 2025-03-01).mjv", "vault.mjv", "Dropbox/Nextcloud"),
            ("vault (conflicted copy 2025-03-01 101500).mjv", "vault.mjv", "Dropbox/Nextcloud"),
            ("vault_conflict-20250301-101500.mjv", "vault.mjv", "ownCloud"),
        ],
    )
    def test_conflict_copies_name_their_original(self, name: str, original: str, engine: str) -> None:
        assert sync.conflict_copy_of(name) == (original, engine)

    @pytest.mark.parametrize("name", ["vault.mjv", "notes.txt", ".lock", "0123abcd" * 4 + ".mjr"])
    def test_ordinary_names_are_not_copies(self, name: str) -> None:
        assert sync.conflict_copy_of(name) is None

    @pytest.mark.parametrize(
        ("name", "engine"),
        [
            (".syncthing." + "ab" * 16 + ".mjr.tmp", "Syncthing"),
            ("~syncthing~vault.mjv.tmp", "Syncthing"),
            (".stfolder", "Syncthing"),
            (".git", "git"),
            (".gitignore", "git"),
            (".gitattributes", "git"),
            (".dropbox.cache", "Dropbox"),
        ],
    )
    def test_engine_files(self, name: str, engine: str) -> None:
        assert sync.engine_of(name) == engine


class TestHeaderChangedOnTwoMachines:
    """A passphrase changed on each machine: either passphrase unlocks, and the mentor is told."""

    @pytest.mark.parametrize("copy_name", [SYNCTHING_COPY, DROPBOX_COPY])
    def test_either_passphrase_unlocks_and_the_conflict_is_reported(
        self, vault: Vault, tmp_path: Path, copy_name: str
    ) -> None:
        record = vault.put("note", {"text": "kept"}).record_id
        desktop, copy_name = passphrase_changed_on_both(vault, tmp_path, copy_name)
        with Vault.unlock(desktop, "laptop pass", read_only=True) as v:
            assert v.header_conflict is not None and not v.header_conflict.opened_copy
            assert copy_name in str(v.header_conflict)
            assert v.graph.current(record) is not None
        with Vault.unlock(desktop, "desktop pass", read_only=True) as v:
            assert v.header_conflict is not None and v.header_conflict.opened_copy
            assert "passwd" in str(v.header_conflict)
            assert v.graph.current(record) is not None
        with pytest.raises(WrongPassphrase):
            Vault.unlock(desktop, PASSPHRASE, read_only=True)

    def test_the_recovery_key_still_opens(self, vault_dir: Path, tmp_path: Path) -> None:
        created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
        assert created.recovery_key is not None
        desktop, _ = passphrase_changed_on_both(created.vault, tmp_path)
        with Vault.unlock_with_recovery_key(desktop, created.recovery_key, read_only=True) as v:
            assert v.header_conflict is not None

    def test_no_copies_no_message(self, vault: Vault) -> None:
        path = vault.path
        vault.lock()
        with Vault.unlock(path, PASSPHRASE, read_only=True) as v:
            assert v.header_conflict is None

    def test_copies_removed_only_after_passwd_from_the_copy(self, vault: Vault, tmp_path: Path) -> None:
        desktop, copy_name = passphrase_changed_on_both(vault, tmp_path)
        with Vault.unlock(desktop, "desktop pass") as v:
            with pytest.raises(UsageError, match="passwd"):
                sync.remove_header_copies(v)
            assert (desktop / copy_name).exists()
            # passwd writes a fresh vault.mjv and removes every copy of this vault's header.
            assert v.change_passphrase("agreed pass", kdf=CHEAPEST_FOR_TESTS_ONLY) == [desktop / copy_name]
        assert not (desktop / copy_name).exists()
        with Vault.unlock(desktop, "agreed pass", read_only=True) as v:
            assert v.header_conflict is None
        for old in ("desktop pass", "laptop pass"):
            with pytest.raises(WrongPassphrase):
                Vault.unlock(desktop, old, read_only=True)

    def test_removal_needs_write_access(self, vault: Vault, tmp_path: Path) -> None:
        desktop, _ = passphrase_changed_on_both(vault, tmp_path)
        with Vault.unlock(desktop, "laptop pass", read_only=True) as v, pytest.raises(UsageError):
            sync.remove_header_copies(v)

    def test_a_damaged_header_opens_through_its_copy_and_check_names_it(self, vault: Vault, tmp_path: Path) -> None:
        path = vault.path
        vault.put("note", {"text": "x"})
        vault.lock()
        shutil.copyfile(path / HEADER_NAME, path / SYNCTHING_COPY)
        raw = bytearray((path / HEADER_NAME).read_bytes())
        raw[40] ^= 1
        (path / HEADER_NAME).write_bytes(bytes(raw))
        with Vault.unlock(path, PASSPHRASE, read_only=True) as v:
            assert v.header_conflict is not None and v.header_conflict.main_damaged
            report = v.check()
            assert [d.path.name for d in report.damaged] == [HEADER_NAME]

    def test_another_vaults_header_is_not_taken_for_a_copy(self, vault: Vault, tmp_path: Path) -> None:
        path = vault.path
        vault.lock()
        other = Vault.create(tmp_path / "other", "other pass", kdf=CHEAPEST_FOR_TESTS_ONLY)
        other.vault.lock()
        shutil.copyfile(tmp_path / "other" / HEADER_NAME, path / SYNCTHING_COPY)
        with pytest.raises(WrongPassphrase):
            Vault.unlock(path, "other pass", read_only=True)

    def test_an_identical_copy_costs_no_second_key_derivation(self, vault: Vault) -> None:
        path = vault.path
        vault.lock()
        shutil.copyfile(path / HEADER_NAME, path / SYNCTHING_COPY)
        calls: list[hdr.Slot] = []

        def wrong_key(slot: hdr.Slot) -> bytes:
            calls.append(slot)
            return b"\0" * 32

        assert opening.open_header(path, hdr.SLOT_PASSPHRASE, wrong_key) is None
        assert len(calls) == 1


class TestRecordCopies:
    """A copy of a write-once record is identical or damaged: it is checked, reported, never loaded twice."""

    def _copy_name(self, revision_id: str) -> str:
        return f"{revision_id}.sync-conflict-20250301-101500-ABCDEF2.mjr"

    def test_identical_copy_is_not_loaded_twice(self, vault: Vault) -> None:
        rev = vault.put("note", {"text": "once"})
        original = record_path(vault.path, rev.revision_id)
        shutil.copyfile(original, original.parent / self._copy_name(rev.revision_id))
        report = vault.load()
        assert report.loaded == 1 and len(report.ignored) == 1 and not report.damaged
        (found,) = sync.sync_status(vault).files
        assert found.what == "record copy" and found.safe_to_delete and "identical" in found.verdict

    def test_damaged_copy_is_reported(self, vault: Vault) -> None:
        rev = vault.put("note", {"text": "once"})
        original = record_path(vault.path, rev.revision_id)
        raw = bytearray(original.read_bytes())
        raw[-1] ^= 1
        (original.parent / self._copy_name(rev.revision_id)).write_bytes(bytes(raw))
        (found,) = sync.sync_status(vault).files
        assert "damaged copy" in found.verdict and found.safe_to_delete

    def test_the_only_intact_copy_is_named(self, vault: Vault) -> None:
        rev = vault.put("note", {"text": "once"})
        original = record_path(vault.path, rev.revision_id)
        original.rename(original.parent / self._copy_name(rev.revision_id))
        (found,) = sync.sync_status(vault).files
        assert "only intact copy" in found.verdict and not found.safe_to_delete


class TestEngineBookkeeping:
    """git's and Syncthing's own files beside and inside the vault never disturb it."""

    def test_git_and_syncthing_files_are_harmless(self, vault: Vault) -> None:
        rev = vault.put("note", {"text": "x"})
        (vault.path / ".git").mkdir()
        (vault.path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        (vault.path / ".gitignore").write_text(sync.SUGGESTED_GITIGNORE)
        (vault.path / ".stfolder").mkdir()
        shard = record_path(vault.path, rev.revision_id).parent
        (shard / f".syncthing.{'cd' * 16}.mjr.tmp").write_bytes(b"half")
        path = vault.path
        vault.lock()
        with Vault.unlock(path, PASSPHRASE, read_only=True) as v:
            report = v.check()
            assert report.loaded == 1 and not report.damaged
            status = sync.sync_status(v)
            kinds = {f.path.name: f.what for f in status.files}
            assert kinds == {
                ".git": "engine file",
                ".gitignore": "engine file",
                ".stfolder": "engine file",
                f".syncthing.{'cd' * 16}.mjr.tmp": "temporary file",
            }


class TestPartiallySynced:
    """A folder caught mid-sync opens cleanly and catches up when the rest arrives."""

    def test_a_revision_whose_parent_has_not_arrived(self, vault: Vault, tmp_path: Path) -> None:
        first = vault.put("note", {"text": "v1"})
        second = vault.put("note", {"text": "v2"}, record_id=first.record_id)
        _desktop, laptop = two_machines(vault, tmp_path)
        parent_file = record_path(laptop, first.revision_id)
        parked = tmp_path / "in-flight"
        parent_file.rename(parked)
        with Vault.unlock(laptop, PASSPHRASE) as v:
            current = v.graph.current(first.record_id)
            assert current is not None and current.revision_id == second.revision_id
            assert v.graph.missing_parents() == {first.revision_id}
            assert not v.last_load or not v.last_load.damaged
            parked.rename(parent_file)
            assert [r.revision_id for r in v.refresh()] == [first.revision_id]
            assert v.graph.missing_parents() == set()
            assert len(v.graph.history(first.record_id)) == 2

    def test_a_half_copied_file_is_retried(self, vault: Vault, tmp_path: Path) -> None:
        vault.put("note", {"text": "already here"})
        desktop, laptop = two_machines(vault, tmp_path)
        with Vault.unlock(desktop, PASSPHRASE) as writer:
            late = writer.put("note", {"text": "arriving"})
        whole = record_path(desktop, late.revision_id).read_bytes()
        target = record_path(laptop, late.revision_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(whole[: len(whole) // 2])  # an engine that writes in place, caught half-way
        with Vault.unlock(laptop, PASSPHRASE) as v:
            report = v.load()
            assert report.loaded == 1 and [d.path.name for d in report.damaged] == [target.name]
            target.write_bytes(whole)
            assert [r.revision_id for r in v.refresh()] == [late.revision_id]
            assert v.last_load is not None and not v.last_load.damaged
            assert v.graph.current(late.record_id) is not None
