"""backup, restore, sync-status, remove-header-copies and conflicts through the real command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mentorjournal.cli import main
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault.vault import HEADER_NAME
from tests.conftest import PASSPHRASE


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def cli(vault: Vault, passphrase_file: Path) -> list[str]:
    record = vault.put("session", {"text": "base"})
    vault.put("session", {"text": "laptop"}, record_id=record.record_id, parents=(record.revision_id,))
    vault.put("session", {"text": "desktop"}, record_id=record.record_id, parents=(record.revision_id,))
    vault.lock()
    return ["--vault", str(vault.path), "--passphrase-file", str(passphrase_file)]


class TestBackupRestore:
    def test_backup_restore_check(
        self, cli: list[str], tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, _ = run(capsys, *cli, "backup", str(tmp_path / "b.mjbackup"))
        assert status == 0 and "Backed up 4 file(s)" in out
        status, _, err = run(capsys, *cli, "backup", str(tmp_path / "b.mjbackup"))
        assert status == 2 and "already exists" in err
        assert run(capsys, *cli, "backup", "--force", str(tmp_path / "b.mjbackup"))[0] == 0

        restored = ["--vault", str(tmp_path / "restored"), "--passphrase-file", str(passphrase_file)]
        status, out, err = run(capsys, *restored, "restore", str(tmp_path / "b.mjbackup"))
        assert status == 0 and "Restored 4 file(s)" in out and "OK" in out, err
        assert run(capsys, *restored, "check")[0] == 0

        status, _, err = run(capsys, *restored, "restore", str(tmp_path / "b.mjbackup"))
        assert status == 8 and "--force" in err  # never over an existing vault unasked
        status, out, _ = run(capsys, *restored, "restore", "--force", str(tmp_path / "b.mjbackup"))
        assert status == 0 and "kept as" in out

    def test_a_damaged_backup_is_refused_with_one_message(
        self, cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run(capsys, *cli, "backup", str(tmp_path / "b"))[0] == 0
        raw = (tmp_path / "b").read_bytes()
        (tmp_path / "cut").write_bytes(raw[: len(raw) // 3])
        status, out, err = run(capsys, "--vault", str(tmp_path / "r"), "restore", str(tmp_path / "cut"))
        assert status == 11 and out == ""
        assert err.strip().count("\n") == 0 and "damaged or incomplete" in err
        assert not (tmp_path / "r").exists()

    def test_restore_with_the_recovery_key(
        self, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        base = ["--vault", str(tmp_path / "v"), "--passphrase-file", str(passphrase_file)]
        _s, out, _e = run(capsys, *base, "init", "--insecure-test-kdf")
        key = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
        (tmp_path / "key").write_text(key + "\n")
        assert run(capsys, *base, "backup", str(tmp_path / "b"))[0] == 0
        status, out, err = run(
            capsys,
            "--vault",
            str(tmp_path / "r"),
            "restore",
            "--recovery-key-file",
            str(tmp_path / "key"),
            str(tmp_path / "b"),
        )
        assert status == 0, err
        assert "test-only Argon2" in err

    def test_restore_refuses_force_without_a_yes_on_a_terminal(self, cli: list[str], tmp_path: Path) -> None:
        """Scripts may pass --force; a person at a terminal is asked (here: stdin is not a terminal)."""
        assert main([*cli, "backup", str(tmp_path / "b")]) == 0
        done = subprocess.run(
            [sys.executable, "-m", "mentorjournal", *cli, "restore", "--force", str(tmp_path / "b")],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr


class TestSyncStatusAndHeaderCopies:
    def test_header_changed_on_two_machines(
        self, cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        vault_dir = Path(cli[1])
        laptop = tmp_path / "laptop"
        shutil.copytree(vault_dir, laptop)
        with Vault.unlock(laptop, PASSPHRASE) as v:
            v.change_passphrase("laptop pass", kdf=CHEAPEST_FOR_TESTS_ONLY)
        copy = "vault.sync-conflict-20250301-101500-ABCDEF2.mjv"
        shutil.copyfile(laptop / HEADER_NAME, vault_dir / copy)  # the laptop's header lost, kept as a copy

        laptop_pass = tmp_path / "laptop-pass"
        laptop_pass.write_text("laptop pass\n")
        with_laptop = ["--vault", str(vault_dir), "--passphrase-file", str(laptop_pass)]
        status, out, err = run(capsys, *with_laptop, "sync-status")
        assert status == 0 and "opens only" in out and copy in out
        status, _, err = run(capsys, *with_laptop, "remove-header-copies", "--yes")
        assert status == 2 and "passwd" in err and (vault_dir / copy).exists()

        status, out, _ = run(capsys, *cli, "sync-status", "--json")
        assert status == 0 and '"copies"' in out and '"conflicts": 1' in out
        status, _, err = run(capsys, *cli, "remove-header-copies")
        assert status == 2 and "--yes" in err  # no terminal: an explicit --yes is needed
        status, out, _ = run(capsys, *cli, "remove-header-copies", "--yes")
        assert status == 0 and copy in out and not (vault_dir / copy).exists()
        assert run(capsys, *with_laptop, "check")[0] == 3  # the laptop's passphrase is gone, as agreed

    def test_conflicts_lists_records_with_two_versions(
        self, cli: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, _ = run(capsys, *cli, "conflicts")
        assert status == 0 and "session" in out and "2 current versions" in out
        assert "laptop" not in out and "desktop" not in out  # ids and times only, never content
