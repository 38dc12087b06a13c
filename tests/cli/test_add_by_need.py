"""`session add` opens the vault by need (the mentees, goals, agreements and erasure records, not every
session): whatever the device-local caches hold, it saves and refuses exactly what a full unlock would."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mentorjournal.cli import main
from mentorjournal.journal import Journal
from mentorjournal.vault import Vault
from mentorjournal.vault.vault import record_path, remove_local_caches, unlock_cache_dir
from tests.conftest import PASSPHRASE

NOTE = """---
mentee: José Núñez
date: 2026-03-02
---
We talked about the budget.
"""


class Device:
    """The command line on one device: its own cache folder, the shared vault folder."""

    def __init__(self, vault: Path, passphrase_file: Path, cache: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.vault, self.cache, self.capsys = vault, cache, capsys
        self.base = ["--vault", str(vault), "--passphrase-file", str(passphrase_file)]

    def __call__(self, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
        saved = os.environ["XDG_CACHE_HOME"]
        os.environ["XDG_CACHE_HOME"] = self.cache
        try:
            path = self.vault.parent / "note.md"
            if stdin is not None:
                path.write_text(stdin, encoding="utf-8")
                args = (*args, "--file", str(path))
            status = main([*self.base, *args])
        finally:
            os.environ["XDG_CACHE_HOME"] = saved
        out, err = self.capsys.readouterr()
        return status, out, err

    def ok(self, *args: str, stdin: str | None = None) -> str:
        status, out, err = self(*args, stdin=stdin)
        assert status == 0, err
        return out

    def json(self, *args: str, stdin: str | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", stdin=stdin))


@pytest.fixture
def here(tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]) -> Device:
    device = Device(tmp_path / "v", passphrase_file, os.environ["XDG_CACHE_HOME"], capsys)
    device.ok("init", "--insecure-test-kdf", "--no-recovery-key")
    device.ok("mentee", "add", "José Núñez")
    device.ok("mentee", "add", "Amélie Durand")
    for day in range(1, 6):
        device.ok("session", "add", "--mentee", "Amélie", "--date", f"2026-01-0{day}", stdin="Notes.\n")
    device.ok("search", "x")  # warm caches, as after any unlock
    return device


@pytest.fixture
def elsewhere(tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]) -> Device:
    folder = tmp_path / "other-device-cache"
    folder.mkdir()
    return Device(tmp_path / "v", passphrase_file, str(folder), capsys)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[frozenset[str] | None]]:
    """The kinds each unlock of the test loaded (None: every kind)."""
    seen: list[frozenset[str] | None] = []
    real = Vault.load

    def load(self: Vault, *args: Any, **kwargs: Any) -> Any:
        report = real(self, *args, **kwargs)
        seen.append(self.kinds)
        return report

    monkeypatch.setattr(Vault, "load", load)
    yield seen


def _sessions(device: Device) -> list[tuple[str, str, str]]:
    return sorted((s["date"], s["mentee"], s["notes"]) for s in device.json("session", "list"))


class TestWhateverTheCaches:
    @pytest.mark.parametrize("caches", ["warm", "deleted", "stale", "tampered", "truncated bodies"])
    def test_the_same_session_is_saved(
        self, here: Device, elsewhere: Device, caches: str, loads: list[frozenset[str] | None]
    ) -> None:
        vault_id = Vault.read_header(here.vault).vault_id.hex()
        index = unlock_cache_dir() / f"{vault_id}.mjc"
        before = _sessions(here)
        if caches == "deleted":
            remove_local_caches(vault_id)
        elif caches == "stale":  # another device added a session and a mentee since this device's caches
            elsewhere.ok("mentee", "add", "Zoë Adams")
            elsewhere.ok("session", "add", "--mentee", "Amélie", "--date", "2026-02-01", stdin="Theirs.\n")
            before.append(("2026-02-01", "Amélie Durand", "Theirs."))
        elif caches == "tampered":
            raw = bytearray(index.read_bytes())
            raw[40] ^= 0xFF
            index.write_bytes(bytes(raw))
        elif caches == "truncated bodies":
            bodies = index.with_name(f"{vault_id}.bodies.mjc")
            bodies.write_bytes(bodies.read_bytes()[:100])
        loads.clear()
        added = here.json("session", "add", stdin=NOTE)
        assert loads[0] == (None if caches in ("deleted", "tampered") else frozenset(
            {"mentee", "goal", "agreement", "erasure"}
        ))  # fmt: skip
        assert added["mentee"] == "José Núñez" and added["date"] == "2026-03-02"
        assert _sessions(here) == sorted([*before, ("2026-03-02", "José Núñez", "We talked about the budget.")])
        assert here("check")[0] == 0
        if caches == "stale":
            assert here.json("session", "add", "--mentee", "Zoë", stdin="Hers.\n")["mentee"] == "Zoë Adams"

    def test_a_mentee_deleted_on_another_device_is_refused(self, here: Device, elsewhere: Device) -> None:
        elsewhere.ok("mentee", "add", "Gone Soon")
        here.ok("mentee", "list")  # this device knows her (its caches too)
        saved = os.environ["XDG_CACHE_HOME"]
        os.environ["XDG_CACHE_HOME"] = elsewhere.cache
        try:  # the command line has no `mentee delete` (archive is what is meant); the app's call does it
            vault = Vault.unlock(here.vault, PASSPHRASE)
            vault.load()
            journal = Journal(vault)
            journal.delete(journal.find_mentee("Gone Soon").id)
            vault.lock()
        finally:
            os.environ["XDG_CACHE_HOME"] = saved
        files = _record_files(here.vault)
        status, _out, err = here("session", "add", "--mentee", "Gone Soon", stdin="Notes.\n")
        assert status == 9 and "no mentee" in err
        assert _record_files(here.vault) == files  # nothing written

    def test_a_mentee_erased_on_another_device_is_refused(self, here: Device, elsewhere: Device) -> None:
        here.ok("mentee", "list")
        elsewhere.ok("mentee", "erase", "Amélie", "--yes")
        status, _out, err = here("session", "add", "--mentee", "Amélie", stdin="Notes.\n")
        assert status == 9 and "no mentee" in err
        assert here.json("session", "list") == []


class TestTheRulesStillHold:
    @pytest.mark.parametrize(
        ("args", "note", "status", "words"),
        [
            (("--mentee", "nobody"), "x\n", 9, "no mentee"),
            (("--mentee", "José", "--duration", "5000"), "x\n", 11, "duration"),
            ((), "---\ndate: 2026-01-01\n---\nx\n", 2, "which mentee"),
            ((), NOTE.replace("---\nmentee", "---\nid: 0123\nmentee"), 2, "session edit"),
            ((), NOTE.replace("date: 2026-03-02", "date: 2026-03-02\ngoals: [nothing like it]"), 11, "no goal"),
        ],
    )
    def test_refused_as_before(self, here: Device, args: tuple[str, ...], note: str, status: int, words: str) -> None:
        files = _record_files(here.vault)
        got, _out, err = here("session", "add", *args, stdin=note)
        assert got == status and words in err, err
        assert _record_files(here.vault) == files

    def test_a_goal_by_name(self, here: Device) -> None:
        goal = here.json("goal", "add", "--mentee", "José", "Run the offsite")["id"]
        note = NOTE.replace("date: 2026-03-02", "date: 2026-03-02\ngoals: [run the offsite]")
        assert here.json("session", "add", stdin=note)["goal_ids"] == [goal]

    def test_a_ticked_action_closes_its_earlier_listing(self, here: Device, loads: list[frozenset[str] | None]) -> None:
        here.ok("session", "add", stdin=NOTE + "# Actions\n- [ ] mentor: send the reading list\n")
        loads.clear()
        later = NOTE.replace("2026-03-02", "2026-03-09") + "# Actions\n- [x] mentor: send the reading list\n"
        added = here.json("session", "add", stdin=later)
        assert loads[0] is not None and loads[-1] is None  # opened by need, then every record: it reads them
        actions = here.json("action", "list")
        assert sorted((a["status"], a["session_id"] == added["id"]) for a in actions) == [
            ("done", False),
            ("done", True),
        ]


class TestTheChecksOfAnUnlock:
    def test_damaged_files_and_orphans(self, here: Device, loads: list[frozenset[str] | None]) -> None:
        bad = record_path(here.vault, "cd" + "1" * 30)
        bad.parent.mkdir(exist_ok=True)
        bad.write_bytes(b"MJVREC" + bytes(300))
        orphan = record_path(here.vault, _record_files(here.vault)[0][-36:-4]).parent / ".tmp-00112233445566ff"
        orphan.write_bytes(b"half a save")
        os.utime(orphan, (1, 1))
        status, _out, err = here("session", "add", stdin=NOTE)
        assert status == 0 and loads[0] is not None
        assert f"damaged record {bad.name}" in err  # reported as by a full unlock
        assert not orphan.exists()  # swept, as by a full unlock


def _record_files(vault: Path) -> list[str]:
    return sorted(str(p) for p in (vault / "records").rglob("*.mjr"))
