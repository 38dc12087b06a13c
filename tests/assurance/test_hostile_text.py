"""Hostile text: escapes, markup, bidi overrides, NUL bytes, huge and long notes.

Stored byte-for-byte, shown inert (on a real terminal, through a pty), never a crash.
"""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from mentorjournal.journal import Journal
from mentorjournal.journal.model import Mentee, Session
from mentorjournal.vault import Vault
from tests.conftest import PASSPHRASE

LONG = os.environ.get("MENTORJOURNAL_LONG") == "1"

HOSTILE = [
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write to the clipboard
    "\x1b]0;new title\x07",  # set the window title
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b[31mred\x1b[0m",
    "\x9b31m",  # 8-bit CSI
    "[bold]bold[/bold] [link=https://evil.example]click[/link] [@click=app.quit]quit[/]",
    "\u202eevil\u202c \u2066isolate\u2069",
    "nul\x00byte",
    "carriage\rreturn",
]


@pytest.fixture
def journal(vault: Vault) -> Journal:
    return Journal(vault, today=lambda: dt.date(2026, 3, 2))


class TestStoredExactly:
    def test_hostile_strings_round_trip_through_the_vault(self, journal: Journal, vault_dir: Path) -> None:
        m = journal.save(Mentee(name="Hostile Test"))
        text = "\n".join(HOSTILE)
        s = journal.save(Session(mentee_id=m.id, date=dt.date(2026, 3, 2), title=HOSTILE[5], notes=text))
        journal.vault.lock()
        with Vault.unlock(vault_dir, PASSPHRASE) as again:
            again.load()
            back = Journal(again).session(s.id)
            assert back.notes == text and back.title == HOSTILE[5]

    def test_ten_thousand_lines_and_a_big_note(self, journal: Journal, vault_dir: Path) -> None:
        m = journal.save(Mentee(name="Long Notes"))
        lines = "\n".join(f"line {i} \x1b[31m [b]x[/b]" for i in range(10_000))
        size = 100_000_000 if LONG else 10_000_000
        big = ("private words " * (size // 14 + 1))[:size]
        a = journal.save(Session(mentee_id=m.id, date=dt.date(2026, 3, 2), notes=lines))
        b = journal.save(Session(mentee_id=m.id, date=dt.date(2026, 3, 3), notes=big))
        assert journal.search("line 9999") and journal.search("private words")
        journal.vault.lock()
        with Vault.unlock(vault_dir, PASSPHRASE) as again:
            again.load()
            j = Journal(again)
            assert j.session(a.id).notes == lines
            assert len(j.session(b.id).notes) == size


def _through_a_pty(args: list[str]) -> bytes:
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "mentorjournal", *args], stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks)


class TestShownInert:
    @pytest.mark.parametrize(
        "command",
        [
            ["session", "show", "{id}"],
            ["session", "show", "{id}", "--json"],
            ["export", "--mentee", "Hostile", "--unredacted", "--confirm-plaintext"],
        ],
    )
    def test_terminal_output_does_not_emit_escapes(
        self, journal: Journal, vault_dir: Path, tmp_path: Path, command: list[str]
    ) -> None:
        m = journal.save(Mentee(name="Hostile Test"))
        s = journal.save(Session(mentee_id=m.id, date=dt.date(2026, 3, 2), title="\x9b2J", notes="\n".join(HOSTILE)))
        journal.vault.lock()
        pw = tmp_path / "pw"
        pw.write_text(PASSPHRASE, encoding="utf-8")
        args = ["--vault", str(vault_dir), "--passphrase-file", str(pw), *[c.replace("{id}", s.id) for c in command]]
        shown = _through_a_pty(args)
        for raw in ["\x1b", "\x07", "\x9b", "\x9d", "\u202e"]:
            assert raw.encode() not in shown, raw
        assert b"]52;c;ZXZpbA==" in shown and b"[bold]bold[/bold]" in shown
