"""Processes: the hardening of a running app, two processes on one vault, files arriving underneath."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from mentorjournal.errors import VaultInUse
from mentorjournal.journal import Journal
from mentorjournal.journal.model import Mentee
from mentorjournal.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_running_app_has_core_dumps_off_and_a_private_umask(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentorjournal", "--vault", str(vault_dir)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        deadline = time.monotonic() + 30
        drawn = 0
        os.set_blocking(master, False)
        while drawn < 2000 and time.monotonic() < deadline:  # wait until the app has drawn its first screen
            with contextlib.suppress(BlockingIOError):
                drawn += len(os.read(master, 65536))
            time.sleep(0.1)
        assert drawn >= 2000, "the app did not draw within 30 s"
        status = Path(f"/proc/{proc.pid}/status").read_text()
        limits = Path(f"/proc/{proc.pid}/limits").read_text()
        core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], core
        umask = next(line for line in status.splitlines() if line.startswith("Umask:"))
        assert umask.split()[1] == "0077", umask
        assert proc.poll() is None, "the app should still be running"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        os.close(master)


class TestTwoProcesses:
    def test_a_second_writer_is_refused_and_no_write_is_lost(self, vault: Vault, vault_dir: Path) -> None:
        first = Journal(vault)
        a = first.save(Mentee(name="First Writer"))
        with pytest.raises(VaultInUse):
            Vault.unlock(vault_dir, PASSPHRASE)
        reader = Vault.unlock(vault_dir, PASSPHRASE, read_only=True)
        reader.load()
        assert Journal(reader).mentee(a.id).name == "First Writer"
        b = first.save(Mentee(name="Second Save"))
        reader.refresh()
        second_view = Journal(reader)
        assert {m.name for m in second_view.mentees()} == {"First Writer", "Second Save"}
        assert second_view.mentee(b.id)
        reader.lock()

    def test_records_written_underneath_a_running_journal_are_picked_up(self, vault: Vault, vault_dir: Path) -> None:
        journal = Journal(vault)
        mine = journal.save(Mentee(name="Mine"))
        vault.lock()
        # "Another machine" writes through the sync folder while this one is closed...
        with Vault.unlock(vault_dir, PASSPHRASE) as other:
            other.load()
            theirs = Journal(other).save(Mentee(name="Theirs"))
        # ...and this one reopens and sees both, nothing lost.
        with Vault.unlock(vault_dir, PASSPHRASE) as again:
            again.load()
            names = {m.id: m.name for m in Journal(again).mentees()}
            assert names == {mine.id: "Mine", theirs.id: "Theirs"}
