"""The vault commands through the real command line: init, check, passwd, recover, locate."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentorjournal.cli import main
from mentorjournal.vault import Vault
from mentorjournal.vault.vault import HEADER_NAME, iter_record_files
from tests.conftest import PASSPHRASE


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def cli_vault(tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    base = ["--vault", str(tmp_path / "v"), "--passphrase-file", str(passphrase_file)]
    status, out, _err = run(capsys, *base, "init", "--insecure-test-kdf")
    assert status == 0 and "Recovery key" in out
    return base


class TestInitCheckPasswd:
    def test_init_check_passwd_check(
        self, cli_vault: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run(capsys, *cli_vault, "check")[0] == 0
        new = tmp_path / "new.txt"
        new.write_text("the new passphrase\n", encoding="utf-8")
        status, out, _ = run(capsys, *cli_vault, "passwd", "--new-passphrase-file", str(new))
        assert status == 0 and "changed" in out
        status, _, err = run(capsys, *cli_vault, "check")
        assert status == 3 and "wrong passphrase" in err
        vault_arg = cli_vault[:2]
        assert run(capsys, *vault_arg, "--passphrase-file", str(new), "check")[0] == 0

    def test_every_unlock_of_a_cheap_vault_warns(
        self, cli_vault: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        for _ in range(2):
            _status, _out, err = run(capsys, *cli_vault, "check")
            assert "test-only Argon2" in err

    def test_recover_with_the_recovery_key(
        self, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        base = ["--vault", str(tmp_path / "r"), "--passphrase-file", str(passphrase_file)]
        _s, out, _e = run(capsys, *base, "init", "--insecure-test-kdf")
        key = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
        key_file = tmp_path / "key.txt"
        key_file.write_text(key + "\n", encoding="utf-8")
        new = tmp_path / "new.txt"
        new.write_text("recovered passphrase\n", encoding="utf-8")
        status, _o, _e = run(
            capsys, *base[:2], "recover", "--recovery-key-file", str(key_file), "--new-passphrase-file", str(new)
        )
        assert status == 0
        assert run(capsys, *base[:2], "--passphrase-file", str(new), "check")[0] == 0

    def test_empty_passphrase_file_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        empty = tmp_path / "empty.txt"
        empty.write_text("\n", encoding="utf-8")
        status, _o, err = run(capsys, "--vault", str(tmp_path / "e"), "--passphrase-file", str(empty), "init")
        assert status == 2 and "empty" in err
        assert not (tmp_path / "e").exists()

    def test_init_refuses_an_existing_vault(self, cli_vault: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        status, _o, err = run(capsys, *cli_vault, "init", "--insecure-test-kdf")
        assert status == 8 and "already exists" in err

    def test_locate_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        import json

        status, out, _e = run(capsys, "--vault", str(tmp_path / "x"), "locate", "--json")
        assert status == 0 and json.loads(out)["vault"] == str(tmp_path / "x")

    def test_not_a_vault(self, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        status, _o, err = run(
            capsys, "--vault", str(tmp_path / "none"), "--passphrase-file", str(passphrase_file), "check"
        )
        assert status == 6 and "no vault" in err


class TestCheckNamesDamage:
    def test_any_single_byte_change_makes_check_fail_naming_the_file(
        self, cli_vault: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        vault_dir = Path(cli_vault[1])
        with Vault.unlock(vault_dir, PASSPHRASE) as vault:
            for i in range(3):
                vault.put("note", {"i": i, "text": "private words"})
        files = [vault_dir / HEADER_NAME] + [f for f, rid in iter_record_files(vault_dir) if rid]
        for path in files:
            original = path.read_bytes()
            for offset in sorted({0, 7, 9, 30, len(original) // 2, len(original) - 1}):
                damaged = bytearray(original)
                damaged[offset] ^= 0x20
                path.write_bytes(bytes(damaged))
                status, out, err = run(capsys, *cli_vault, "check")
                assert status != 0, (path.name, offset)
                assert path.name in out + err
                assert "Traceback" not in out + err and "private words" not in out + err
            path.write_bytes(original)
        assert run(capsys, *cli_vault, "check")[0] == 0


class TestRealProcess:
    def test_errors_are_one_line_without_traceback(self, tmp_path: Path, passphrase_file: Path) -> None:
        folder = tmp_path / "foreign"
        folder.mkdir()
        (folder / HEADER_NAME).write_bytes(b"GIF89a....")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mentorjournal",
                "--vault",
                str(folder),
                "--passphrase-file",
                str(passphrase_file),
                "check",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert proc.returncode == 4
        assert proc.stderr.strip().count("\n") == 0 and "not a MentorJournal vault" in proc.stderr


class TestInertOutput:
    def test_terminal_output_shows_escapes_instead_of_acting_on_them(self) -> None:
        from mentorjournal.inert import inert_for_terminal

        hostile = "ok\x1b]52;c;QUFBQQ==\x07 \x1b[31mred\r\u202eevil\ttab\nline"
        shown = inert_for_terminal(hostile)
        assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown and "\u202e" not in shown
        assert "\\x1b]52;c;QUFBQQ==" in shown and "\ttab\nline" in shown
