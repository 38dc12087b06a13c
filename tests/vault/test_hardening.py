"""Regression tests of the hardening pass (issue "Hardening", findings 1, 2, 4, 6, 13, 15, 16) at the vault level.

Each test was written against the old code and failed there; each tries several variants of its finding.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentorjournal.errors import KdfParametersRefused, StorageError, UsageError, VaultExists, WrongPassphrase
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault, layout, storage, sync
from mentorjournal.vault.backup import create_backup, restore_backup
from tests.conftest import PASSPHRASE

HEADER_COPY_NAMES = [
    "vault.sync-conflict-20260301-101500-ABCDEF2.mjv",
    "vault (Mentor's conflicted copy 2026-03-01).mjv",
    "vault_conflict-20260301-101500.mjv",
]


def header_with_old_passphrase(vault: Vault, copy_name: str) -> Path:
    """The header as it is now (old passphrase) kept as a sync copy; the vault then moves to another one."""
    copy = vault.path / copy_name
    shutil.copyfile(layout.header_path(vault.path), copy)
    return copy


class TestPasswdAndHeaderCopies:
    """Finding 1: after passwd/recover no header copy in the folder keeps an old passphrase alive."""

    @pytest.mark.parametrize("copy_name", HEADER_COPY_NAMES)
    def test_the_old_passphrase_is_dead_after_passwd(self, vault: Vault, copy_name: str) -> None:
        header_with_old_passphrase(vault, copy_name)
        removed = vault.change_passphrase("brand new pass", kdf=CHEAPEST_FOR_TESTS_ONLY)
        assert [p.name for p in removed] == [copy_name]
        path = vault.path
        vault.lock()
        with pytest.raises(WrongPassphrase):
            Vault.unlock(path, PASSPHRASE, read_only=True)
        with Vault.unlock(path, "brand new pass", read_only=True) as v:
            assert v.header_conflict is None
            assert not v.check().unexpected

    def test_recover_removes_copies_too(self, vault_dir: Path) -> None:
        created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
        created.vault.lock()
        assert created.recovery_key is not None
        shutil.copyfile(layout.header_path(vault_dir), vault_dir / HEADER_COPY_NAMES[0])
        with Vault.unlock_with_recovery_key(vault_dir, created.recovery_key) as v:
            v.change_passphrase("after recovery", kdf=CHEAPEST_FOR_TESTS_ONLY)
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_dir, PASSPHRASE, read_only=True)

    def test_check_reports_a_copy_that_opens_with_another_passphrase(self, vault: Vault, tmp_path: Path) -> None:
        # A copy of the header made while the passphrase was the old one, planted after the change.
        old = tmp_path / "old-header"
        shutil.copyfile(layout.header_path(vault.path), old)
        vault.change_passphrase("brand new pass", kdf=CHEAPEST_FOR_TESTS_ONLY)
        shutil.copyfile(old, vault.path / HEADER_COPY_NAMES[1])
        report = vault.check()
        assert [d.path.name for d in report.unexpected] == [HEADER_COPY_NAMES[1]]
        assert "another passphrase" in report.unexpected[0].reason

    def test_an_identical_copy_is_harmless(self, vault: Vault) -> None:
        header_with_old_passphrase(vault, HEADER_COPY_NAMES[0])
        report = vault.check()
        assert not report.unexpected and [d.path.name for d in report.harmless] == [HEADER_COPY_NAMES[0]]


class TestRemoveHeaderCopies:
    """Finding 2: only copies of this vault are removed; another vault's header is left alone."""

    @pytest.mark.parametrize("other_name", HEADER_COPY_NAMES)
    def test_another_vaults_header_is_left_alone(self, vault: Vault, tmp_path: Path, other_name: str) -> None:
        other = Vault.create(tmp_path / "other", "other pass", kdf=CHEAPEST_FOR_TESTS_ONLY)
        other.vault.lock()
        foreign = vault.path / other_name
        shutil.copyfile(layout.header_path(tmp_path / "other"), foreign)
        ours = header_with_old_passphrase(vault, next(n for n in HEADER_COPY_NAMES if n != other_name))
        path = vault.path
        vault.lock()
        with Vault.unlock(path, PASSPHRASE) as v:
            assert v.header_conflict is not None and v.header_conflict.copies == (ours,)
            assert sync.remove_header_copies(v) == [ours]
        assert foreign.exists() and not ours.exists()

    def test_passwd_leaves_another_vaults_header_alone(self, vault: Vault, tmp_path: Path) -> None:
        other = Vault.create(tmp_path / "other", "other pass", kdf=CHEAPEST_FOR_TESTS_ONLY)
        other.vault.lock()
        foreign = vault.path / HEADER_COPY_NAMES[0]
        shutil.copyfile(layout.header_path(tmp_path / "other"), foreign)
        assert vault.change_passphrase("new pass", kdf=CHEAPEST_FOR_TESTS_ONLY) == []
        assert foreign.exists()
        assert any("another vault" in d.reason for d in vault.check().unexpected)


def _slot_params_edited(header: bytes, m: int, t: int, p: int) -> bytes:
    body = bytearray(header[:-32])
    struct.pack_into(">III", body, 33 + 1 + 16, m, t, p)  # the first slot's m, t, p
    return bytes(body) + hashlib.sha256(bytes(body)).digest()


class TestKdfFloors:
    """Finding 13: KDF parameters below the floors are refused before Argon2 runs (checksum recomputed)."""

    @pytest.mark.parametrize(
        ("m", "t", "p"),
        [(1024, 1, 1), (1024, 3, 1), (65536, 1, 4), (65536, 2, 1), (8, 1, 1), (128, 1, 1), (256, 1, 2)],
    )
    def test_refused_before_argon2(self, vault: Vault, monkeypatch: pytest.MonkeyPatch, m: int, t: int, p: int) -> None:
        path = vault.path
        vault.lock()
        header = layout.header_path(path)
        header.write_bytes(_slot_params_edited(header.read_bytes(), m, t, p))

        def no_argon2(*args: object, **kwargs: object) -> bytes:
            raise AssertionError("Argon2 ran on refused parameters")

        monkeypatch.setattr("mentorjournal.vault.kdf.hash_secret_raw", no_argon2)
        with pytest.raises(KdfParametersRefused, match="refused"):
            Vault.unlock(path, PASSPHRASE, read_only=True)

    def test_the_named_test_profile_still_opens(self, vault: Vault) -> None:
        path = vault.path
        vault.lock()
        Vault.unlock(path, PASSPHRASE, read_only=True).lock()


class TestInitOverLostHeader:
    """Finding 15: init refuses a folder that holds another vault's records (or a header copy)."""

    @pytest.mark.parametrize("keep", ["records", "copy"])
    def test_refused_and_pointed_to_restore_or_recover(self, vault: Vault, keep: str) -> None:
        vault.put("note", {"text": "kept"})
        path = vault.path
        vault.lock()
        if keep == "copy":
            shutil.rmtree(layout.records_root(path))
            layout.header_path(path).rename(path / HEADER_COPY_NAMES[0])
        else:
            layout.header_path(path).unlink()
        before = sorted(p.name for p in path.rglob("*"))
        with pytest.raises(VaultExists, match="restore") as info:
            Vault.create(path, "new pass", kdf=CHEAPEST_FOR_TESTS_ONLY)
        assert "recover" in str(info.value)
        assert sorted(p.name for p in path.rglob("*")) == before

    def test_an_empty_records_folder_is_no_obstacle(self, vault_dir: Path) -> None:
        layout.records_root(vault_dir).mkdir(parents=True)
        Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault.lock()


class TestCheckAccountsForEverything:
    """Finding 6: check reports every entry that is not of the layout, and fails."""

    def _moved(self, vault: Vault) -> tuple[Path, str]:
        rev = vault.put("note", {"text": "v1"})
        vault.put("note", {"text": "v2"}, record_id=rev.record_id)
        return layout.record_path(vault.path, rev.revision_id), rev.record_id

    @pytest.mark.parametrize("how", ["other-shard", "suffix", "no-suffix", "symlink", "folder", "bad-shard"])
    def test_a_misplaced_record_is_reported(self, vault: Vault, how: str) -> None:
        newest = vault.put("note", {"text": "v1"})
        file = layout.record_path(vault.path, newest.revision_id)
        shard = "00" if not newest.revision_id.startswith("00") else "01"
        if how == "other-shard":
            (file.parent.parent / shard).mkdir(exist_ok=True)
            file.rename(file.parent.parent / shard / file.name)
        elif how == "suffix":
            file.rename(file.with_suffix(".mjx"))
        elif how == "no-suffix":
            file.rename(file.with_suffix(""))
        elif how == "symlink":
            target = file.parent / "elsewhere"
            file.rename(target)
            file.symlink_to(target)
        elif how == "folder":
            (file.parent / ("ab" * 16 + ".mjr")).mkdir()
        else:
            (layout.records_root(vault.path) / "zz").mkdir()
        report = vault.check()
        assert report.unexpected, how

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
    def test_an_unreadable_shard_is_reported(self, vault: Vault) -> None:
        rev = vault.put("note", {"text": "v1"})
        shard = layout.record_path(vault.path, rev.revision_id).parent
        shard.chmod(0)
        try:
            assert vault.check().unexpected
        finally:
            shard.chmod(0o700)

    def test_unreadable_folders_are_reported_not_skipped(self, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
        rev = vault.put("note", {"text": "v1"})
        shard = str(layout.record_path(vault.path, rev.revision_id).parent)
        real = os.listdir

        def refuse(path: object = ".") -> list[str]:
            if str(path) == shard:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr("mentorjournal.vault.layout.os.listdir", refuse)
        report = vault.check()
        assert [str(d.path) for d in report.unexpected] == [shard]

    def test_unknown_top_level_files_are_reported_and_engine_files_are_not(self, vault: Vault) -> None:
        (vault.path / "notes.md").write_text("x")
        (vault.path / ".stfolder").mkdir()
        (vault.path / ".gitignore").write_text(".lock\n")
        report = vault.check()
        assert [d.path.name for d in report.unexpected] == ["notes.md"]
        assert {d.path.name for d in report.harmless} == {".stfolder", ".gitignore"}

    def test_a_clean_vault_has_nothing_unexpected(self, vault: Vault) -> None:
        vault.put("note", {"text": "x"})
        report = vault.check()
        assert not report.unexpected and not report.damaged


class TestOneWriter:
    """Finding 4: every output file appears whole or not at all; nothing partial is left behind."""

    def test_a_full_disk_leaves_nothing(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        target = tmp_path / "out.bin"
        real = os.write
        calls = {"n": 0}

        def fill(fd: int, data: bytes) -> int:
            calls["n"] += 1
            if calls["n"] > 1:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, data[:1000])

        monkeypatch.setattr("mentorjournal.vault.storage.os.write", fill)
        with pytest.raises(StorageError, match="No space"):
            storage.write_atomically(target, b"x" * 100_000)
        monkeypatch.undo()
        assert os.listdir(tmp_path) == []
        storage.write_atomically(target, b"retry")  # a retry is not refused as "already exists"
        assert target.read_bytes() == b"retry"

    def test_a_file_size_limit_leaves_nothing(self, tmp_path: Path) -> None:
        code = (
            "import resource, signal, sys\n"
            "from pathlib import Path\n"
            "from mentorjournal.vault import storage\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
            "try:\n"
            "    storage.write_atomically(Path(sys.argv[1]), b'x' * 100000)\n"
            "except Exception as exc:\n"
            "    print(type(exc).__name__)\n"
        )
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], capture_output=True, text=True)
        assert out.stdout.strip() == "StorageError"
        assert os.listdir(tmp_path) == []

    @pytest.mark.parametrize("replace", [False, True])
    def test_a_killed_writer_leaves_only_an_orphan_that_the_next_write_removes(
        self, tmp_path: Path, replace: bool
    ) -> None:
        code = (
            "import sys, time\n"
            "from pathlib import Path\n"
            "from mentorjournal.vault import storage\n"
            "with storage.private_output(Path(sys.argv[1]), replace=True) as out:\n"
            "    out.write(b'partial')\n"
            "    out.flush()\n"
            "    print('writing', flush=True)\n"
            "    time.sleep(60)\n"
        )
        proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "out")], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        # While the writer lives, its temp file is never swept.
        assert storage.sweep_orphans(tmp_path, min_age=0) == 0
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert not (tmp_path / "out").exists()
        orphans = os.listdir(tmp_path)
        assert len(orphans) == 1 and layout.is_temp_name(orphans[0])
        old = time.time() - 3600
        os.utime(tmp_path / orphans[0], (old, old))
        if replace:
            (tmp_path / "out").write_bytes(b"old")
        storage.write_atomically(tmp_path / "out", b"whole", replace=replace)
        assert sorted(os.listdir(tmp_path)) == ["out"]
        assert (tmp_path / "out").read_bytes() == b"whole"

    def test_other_files_named_like_temps_are_left_alone(self, tmp_path: Path) -> None:
        (tmp_path / ".tmp-notours").write_bytes(b"x")
        (tmp_path / ".tmp-0123456789abcdef").mkdir()
        assert storage.sweep_orphans(tmp_path, min_age=0) == 0
        assert len(os.listdir(tmp_path)) == 2

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
    def test_replace_refuses_anything_but_a_regular_file(self, tmp_path: Path) -> None:
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        link = tmp_path / "link"
        link.symlink_to(tmp_path / "elsewhere")
        folder = tmp_path / "folder"
        folder.mkdir()
        for target in (fifo, link, folder, Path("/dev/null")):
            with pytest.raises(storage.TargetNotRegular):
                storage.write_atomically(target, b"x", replace=True)
        assert not (tmp_path / "elsewhere").exists()
        assert sorted(os.listdir(tmp_path)) == ["fifo", "folder", "link"]


class TestBackupWholeOrNothing:
    """Findings 4 and 16: a backup appears whole or not at all, and one with bytes after its end is refused."""

    def test_a_killed_backup_leaves_nothing_after_the_next_one(self, vault: Vault, tmp_path: Path) -> None:
        for i in range(30):
            vault.put("note", {"text": "x" * 5000, "i": i})
        out = tmp_path / "out"
        out.mkdir()
        code = (
            "import os, signal, sys\n"
            "from pathlib import Path\n"
            "from mentorjournal.vault import Vault\n"
            "from mentorjournal.vault import backup\n"
            "vault = Vault.unlock(Path(sys.argv[1]), sys.argv[2], read_only=True)\n"
            "def die(done, total):\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n"
            "backup.create_backup(vault, Path(sys.argv[3]), progress=die)\n"
        )
        path = vault.path
        vault.lock()
        subprocess.run([sys.executable, "-c", code, str(path), PASSPHRASE, str(out / "b.mjbackup")], check=False)
        assert not (out / "b.mjbackup").exists()
        for orphan in out.iterdir():  # as if the next backup came a minute later
            os.utime(orphan, (time.time() - 60, time.time() - 60))
        with Vault.unlock(path, PASSPHRASE, read_only=True) as again:
            create_backup(again, out / "b.mjbackup")
        assert [p.name for p in out.iterdir()] == ["b.mjbackup"]

    @pytest.mark.parametrize(
        "tail",
        [b"\0" * 512, b"\0" * 10240, b"x", b"PAYLOAD" * 100, b"\0" * 1024 + b"junk"],
    )
    def test_bytes_after_the_signature_are_refused(self, vault: Vault, tmp_path: Path, tail: bytes) -> None:
        from mentorjournal.errors import InvalidInput

        vault.put("note", {"text": "x"})
        backup = tmp_path / "b.mjbackup"
        create_backup(vault, backup)
        with backup.open("ab") as f:
            f.write(tail)
        with pytest.raises(InvalidInput, match="after the end"):
            restore_backup(backup, tmp_path / "restored", lambda d: Vault.unlock(d, PASSPHRASE, read_only=True))
        assert not (tmp_path / "restored").exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    def test_an_untouched_backup_still_restores(self, vault: Vault, tmp_path: Path) -> None:
        vault.put("note", {"text": "x"})
        create_backup(vault, tmp_path / "b.mjbackup")
        restore_backup(
            tmp_path / "b.mjbackup", tmp_path / "restored", lambda d: Vault.unlock(d, PASSPHRASE, read_only=True)
        )

    def test_force_replaces_only_a_regular_file(self, vault: Vault, tmp_path: Path) -> None:
        link = tmp_path / "link.mjbackup"
        link.symlink_to(tmp_path / "elsewhere")
        with pytest.raises(UsageError, match="regular file"):
            create_backup(vault, link, overwrite=True)
        assert not (tmp_path / "elsewhere").exists()


class TestSaveRecords:
    """Finding 14 at the vault level: the revisions of one save are shown together, whatever arrives first."""

    def test_a_save_arriving_file_by_file_is_shown_only_when_whole(self, vault: Vault, tmp_path: Path) -> None:
        before = {p.name for p in layout.records_root(vault.path).rglob("*.mjr")}
        with vault.atomic():
            revs = [vault.put("note", {"i": i}) for i in range(3)]
        files = sorted(p for p in layout.records_root(vault.path).rglob("*.mjr") if p.name not in before)
        assert len(files) == 4  # the save record and its three revisions
        other = tmp_path / "laptop"
        shutil.copytree(vault.path, other, ignore=shutil.ignore_patterns("*.mjr", ".lock"))
        member_names = {layout.record_name(r.revision_id) for r in revs}
        save_file = next(f for f in files if f.name not in member_names)
        members = [f for f in files if f.name in member_names]
        for f in [save_file, members[0]]:
            target = other / f.relative_to(vault.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
        with Vault.unlock(other, PASSPHRASE, read_only=True) as laptop:
            report = laptop.load(use_cache=False)
            assert report.held == 1 and all(laptop.graph.revision(r.revision_id) is None for r in revs)
            for f in members[1:]:
                shutil.copyfile(f, other / f.relative_to(vault.path))
            laptop.refresh()
            assert all(laptop.graph.revision(r.revision_id) is not None for r in revs)
            assert laptop.last_load is not None and laptop.last_load.held == 0

    def test_a_failed_save_leaves_nothing_in_memory_or_on_disk(
        self, vault: Vault, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        kept = vault.put("note", {"text": "kept"})
        files = sorted(layout.records_root(vault.path).rglob("*"))
        with pytest.raises(RuntimeError), vault.atomic():
            vault.put("note", {"text": "first"}, record_id=kept.record_id)
            vault.put("note", {"text": "second"})
            raise RuntimeError("a failure half-way through the save")
        assert sorted(layout.records_root(vault.path).rglob("*")) == files
        current = vault.graph.current(kept.record_id)
        assert current is not None and current.body == {"text": "kept"}

    def test_the_save_kind_is_the_vaults_own(self, vault: Vault) -> None:
        from mentorjournal.vault.vault import SAVE_KIND

        with pytest.raises(UsageError):
            vault.put(SAVE_KIND, {})
