"""Crash safety: SIGKILL in the middle of saves, and writes the OS refuses."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentorjournal.errors import StorageError
from mentorjournal.vault import Vault
from mentorjournal.vault.storage import iter_temp_files
from tests.conftest import PASSPHRASE

LONG = os.environ.get("MENTORJOURNAL_LONG") == "1"

WRITER = r"""
import sys
from pathlib import Path
from mentorjournal.vault import Vault
vault = Vault.unlock(Path(sys.argv[1]), sys.argv[2])
vault.load()
record = None
print("ready", flush=True)
i = 0
while True:
    rev = vault.put("note", {"i": i, "text": "x" * (i % 7000)}, record_id=record if i % 3 else None)
    record = rev.record_id
    print(rev.revision_id, i, flush=True)
    i += 1
"""


def _kill_during_saves(vault_dir: Path, rng: random.Random) -> list[tuple[str, int]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(vault_dir), PASSPHRASE],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 0.05))
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    saved = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:  # a line cut by the kill is not a returned save
            saved.append((parts[0], int(parts[1])))
    return saved


class TestKill:
    def test_sigkill_during_saves_loses_no_returned_save(self, vault: Vault, vault_dir: Path) -> None:
        vault.lock()
        rng = random.Random(1234)
        rounds = 200 if LONG else 12
        confirmed: list[tuple[str, int]] = []
        for _ in range(rounds):
            confirmed += _kill_during_saves(vault_dir, rng)
        assert confirmed, "the writer never got to save"
        leftovers_before = list(iter_temp_files(vault_dir))
        with Vault.unlock(vault_dir, PASSPHRASE) as after:
            report = after.load()
            assert report.damaged == []
            for revision_id, i in confirmed:
                rev = after.graph.revision(revision_id)
                assert rev is not None and rev.body is not None and rev.body["i"] == i
            assert list(iter_temp_files(vault_dir)) == []
            assert report.temp_files_swept == len(leftovers_before)


class TestRefusedWrites:
    @pytest.mark.parametrize("failing", ["write", "fsync"])
    def test_no_space_reports_an_error_and_loses_nothing(
        self, vault: Vault, vault_dir: Path, monkeypatch: pytest.MonkeyPatch, failing: str
    ) -> None:
        first = vault.put("note", {"text": "kept"})
        files_before = sorted(p for p in vault_dir.rglob("*") if p.is_file())

        def refuse(*args: object, **kwargs: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(f"mentorjournal.vault.storage.os.{failing}", refuse)
        with pytest.raises(StorageError, match="No space left"):
            vault.put("note", {"text": "edit that cannot be saved"}, record_id=first.record_id)
        monkeypatch.undo()
        assert sorted(p for p in vault_dir.rglob("*") if p.is_file()) == files_before
        current = vault.graph.current(first.record_id)
        assert current is not None and current.body == {"text": "kept"}
        vault.lock()
        with Vault.unlock(vault_dir, PASSPHRASE) as again:
            current = again.graph.current(first.record_id)
            assert current is not None and current.body == {"text": "kept"}

    def test_failed_passphrase_change_keeps_the_old_header(
        self, vault: Vault, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        monkeypatch.setattr("mentorjournal.vault.storage.os.replace", refuse)
        with pytest.raises(StorageError):
            vault.change_passphrase("new one")
        monkeypatch.undo()
        vault.lock()
        Vault.unlock(vault_dir, PASSPHRASE).lock()
