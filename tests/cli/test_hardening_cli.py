"""Regression tests of the hardening pass (issue "Hardening") through the real command line.

Findings 1, 2, 3, 5, 7, 8, 9, 10, 11 and 12; each tries several variants of its finding.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from mentorjournal.cli import main
from mentorjournal.vault import Vault, layout
from tests.conftest import PASSPHRASE

NOTE = """\
---
mentee: Jose Nunez
date: 2026-03-02
title: Quarterly goals
---
# Notes
We discussed the budget.
# Actions
- [ ] mentee: draft the charter (due 2026-03-20)
"""


class Cli:
    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp_path = tmp_path
        self.capsys = capsys
        self.vault = tmp_path / "v"
        self.passfile = tmp_path / "pass.txt"
        self.passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
        self.passfile.chmod(0o600)

    def run(self, *args: str, passphrase: Path | None = None) -> tuple[int, str, str]:
        status = main(["--vault", str(self.vault), "--passphrase-file", str(passphrase or self.passfile), *args])
        out, err = self.capsys.readouterr()
        return status, out, err

    def ok(self, *args: str) -> str:
        status, out, err = self.run(*args)
        assert status == 0, err
        return out

    def secret(self, name: str, value: str) -> Path:
        path = self.tmp_path / name
        path.write_text(value + "\n", encoding="utf-8")
        path.chmod(0o600)
        return path


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    c = Cli(tmp_path, capsys)
    c.ok("init", "--insecure-test-kdf")
    c.ok("mentee", "add", "Jose Nunez")
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    c.ok("session", "add", "--file", str(note))
    return c


class TestPasswdTellsTheTruth:
    """Finding 1, through the CLI: passwd removes this vault's header copies and says what opens it."""

    def test_a_planted_copy_keeps_no_old_passphrase_alive(self, cli: Cli) -> None:
        copy = cli.vault / "vault.sync-conflict-20260101-000000-EVIL.mjv"
        shutil.copyfile(layout.header_path(cli.vault), copy)
        new = cli.secret("new.txt", "a new passphrase")
        out = cli.ok("passwd", "--new-passphrase-file", str(new))
        assert "Removed 1" in out and "now opens only with" in out
        assert not copy.exists()
        status, _out, err = cli.run("check")
        assert status == 3 and "wrong passphrase" in err
        assert cli.run("check", passphrase=new)[0] == 0

    def test_check_fails_on_a_copy_with_another_passphrase(self, cli: Cli, tmp_path: Path) -> None:
        old = tmp_path / "old.mjv"
        shutil.copyfile(layout.header_path(cli.vault), old)
        new = cli.secret("new.txt", "a new passphrase")
        cli.ok("passwd", "--new-passphrase-file", str(new))
        shutil.copyfile(old, cli.vault / "vault (conflicted copy 2026-01-01).mjv")
        status, out, _err = cli.run("check", passphrase=new)
        assert status == 5 and "UNEXPECTED" in out and "another passphrase" in out


class TestRemoveHeaderCopiesCli:
    """Finding 2: the command removes only what it names: copies of this vault."""

    def test_another_vaults_header_survives(self, cli: Cli, tmp_path: Path) -> None:
        other = Vault.create(tmp_path / "other", "other pass", kdf=None if False else _cheap())
        other.vault.lock()
        foreign = cli.vault / "vault.sync-conflict-20260101-000000-OTHER.mjv"
        shutil.copyfile(layout.header_path(tmp_path / "other"), foreign)
        ours = cli.vault / "vault.sync-conflict-20260102-000000-OURS.mjv"
        shutil.copyfile(layout.header_path(cli.vault), ours)
        out = cli.ok("remove-header-copies", "--yes")
        assert ours.name in out and foreign.name not in out
        assert foreign.exists() and not ours.exists()


def _cheap():  # type: ignore[no-untyped-def]
    from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY

    return CHEAPEST_FOR_TESTS_ONLY


def _jrnl(tmp_path: Path, entries: list[dict[str, object]], raw: str | None = None) -> Path:
    path = tmp_path / "journal.json"
    path.write_text(raw if raw is not None else json.dumps({"entries": entries}), encoding="utf-8")
    return path


def _entry(n: int, body: str = "notes") -> dict[str, object]:
    return {"date": f"2026-04-0{n}", "time": "09:00", "title": f"entry {n}", "body": body, "tags": ["@jose"]}


class TestImportAllOrNothing:
    """Finding 3: an import is all-or-nothing; the dry run fails wherever the import would."""

    @pytest.mark.parametrize(
        "bad",
        [
            '{"date": "2026-04-03", "time": "09:00", "title": "t", "body": "\\ud800", "tags": ["@jose"]}',
            '{"date": "2026-04-03", "time": "09:00", "title": "\\udfff x", "body": "b", "tags": ["@jose"]}',
            '{"date": "2026-04-03", "time": "09:00", "title": "t", "body": "b", "tags": ["@jose", "\\ud83d"]}',
        ],
    )
    def test_a_lone_surrogate_in_the_third_entry(self, cli: Cli, tmp_path: Path, bad: str) -> None:
        good = ",".join(json.dumps(_entry(n)) for n in (1, 2))
        path = _jrnl(tmp_path, [], raw='{"entries": [' + good + "," + bad + "]}")
        before = json.loads(cli.ok("session", "list", "--json"))
        dry = cli.run("import", str(path), "--map-tag", "@jose=Jose Nunez", "--dry-run")
        real = cli.run("import", str(path), "--map-tag", "@jose=Jose Nunez")
        assert dry[0] == real[0] == 11, (dry, real)
        assert "entry 3" in real[2] and "Would import" not in dry[1]
        assert json.loads(cli.ok("session", "list", "--json")) == before

    def test_a_good_import_and_its_dry_run_agree(self, cli: Cli, tmp_path: Path) -> None:
        path = _jrnl(tmp_path, [_entry(1), _entry(2), _entry(3)])
        dry = cli.ok("import", str(path), "--map-tag", "@jose=Jose Nunez", "--dry-run")
        assert "Would import 3" in dry
        assert len(json.loads(cli.ok("session", "list", "--json"))) == 1
        assert "Imported 3" in cli.ok("import", str(path), "--map-tag", "@jose=Jose Nunez")
        assert len(json.loads(cli.ok("session", "list", "--json"))) == 4


class TestTerminalEscapesInNames:
    """Finding 5: a file name carrying escapes is shown inert on stderr and stdout."""

    @pytest.mark.parametrize(
        "payload", ["\x1b]0;owned\x07", "\x1b]52;c;ZXZpbA==\x07", "\x9b2J", "\u202eevil", "a\nmentorjournal: ok"]
    )
    def test_a_header_copy_name(self, cli: Cli, payload: str) -> None:
        shutil.copyfile(layout.header_path(cli.vault), cli.vault / f"vault.sync-conflict-{payload}x-1.mjv")
        shutil.copyfile(layout.header_path(cli.vault), cli.vault / f"vault (conflicted copy {payload}).mjv")
        for command in (["session", "list"], ["sync-status"], ["check"], ["conflicts"]):
            _status, out, err = cli.run(*command)
            for channel in (out, err):
                assert "\x1b" not in channel and "\x9b" not in channel and "\x07" not in channel
                assert "\u202e" not in channel
                assert "\nmentorjournal: ok" not in channel


class TestSecretFiles:
    """Finding 8: secret files others can write are refused, readable ones warned about, as ssh does."""

    @pytest.mark.parametrize("mode", [0o666, 0o622, 0o602, 0o620])
    def test_writable_by_others_is_refused(self, cli: Cli, mode: int) -> None:
        cli.passfile.chmod(mode)
        status, _out, err = cli.run("session", "list")
        assert status == 2 and "others" in err

    @pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
    def test_readable_by_others_warns(self, cli: Cli, mode: int) -> None:
        cli.passfile.chmod(mode)
        status, _out, err = cli.run("session", "list")
        assert status == 0 and "warning" in err and "chmod 600" in err

    @pytest.mark.parametrize("option", ["--recovery-key-file", "--new-passphrase-file"])
    def test_every_secret_file_is_checked(self, cli: Cli, option: str) -> None:
        secret = cli.secret("secret.txt", "WYLU-ZWU5-KB5B-55FY-LPGS-DRWO-7QJJ-FKFF")
        secret.chmod(0o666)
        status, _out, err = cli.run("recover" if option == "--recovery-key-file" else "passwd", option, str(secret))
        assert status == 2 and "others" in err

    def test_a_huge_secret_file_is_refused(self, cli: Cli) -> None:
        cli.passfile.write_bytes(b"x" * 100_000)
        status, _out, err = cli.run("session", "list")
        assert status == 11 and "larger" in err


class TestErrorsNeverQuoteContent:
    """Finding 9: an error names the line, never the text."""

    @pytest.mark.parametrize(
        "line",
        [
            "Jose disclosed his HIV status: today",
            "Private matter about his divorce: yes",
            "Secret: x",
        ],
    )
    def test_an_unknown_front_matter_key(self, cli: Cli, tmp_path: Path, line: str) -> None:
        note = tmp_path / "bad.md"
        note.write_text(f"---\nmentee: Jose Nunez\n{line}\n---\nbody\n", encoding="utf-8")
        status, out, err = cli.run("session", "add", "--file", str(note))
        assert status == 11 and "line 3" in err
        key = line.split(":")[0]
        assert key not in err and key not in out
        for word in ("Jose disclosed", "HIV", "divorce", "Secret"):
            assert word not in err

    def test_a_bad_quoted_value(self, cli: Cli, tmp_path: Path) -> None:
        note = tmp_path / "bad.md"
        note.write_text('---\nmentee: Jose Nunez\ntitle: "his HIV status\n---\nbody\n', encoding="utf-8")
        status, _out, err = cli.run("session", "add", "--file", str(note))
        assert status == 11 and "line 3" in err and "HIV" not in err


class TestExportsOutsideTheVault:
    """Findings 10 and 11: exports never land in the vault folder; --force replaces only a regular file."""

    @pytest.mark.parametrize("where", ["records/full.md", "full.md", "records/00/x.md", "sub/../full.md"])
    def test_refused_inside_the_vault(self, cli: Cli, where: str) -> None:
        (cli.vault / "records" / "00").mkdir(exist_ok=True)
        target = cli.vault / where
        status, _out, err = cli.run(
            "export", "--mentee", "jose", "--unredacted", "--confirm-plaintext", "--output", str(target)
        )
        assert status == 2 and "outside the vault" in err
        assert not target.exists()
        assert cli.run("check")[0] == 0

    def test_refused_through_a_symlink(self, cli: Cli, tmp_path: Path) -> None:
        link = tmp_path / "into-vault"
        link.symlink_to(cli.vault)
        status, _out, _err = cli.run("export", "--mentee", "jose", "--output", str(link / "summary.md"))
        assert status == 2
        assert not (cli.vault / "summary.md").exists()

    @pytest.mark.parametrize("kind", ["fifo", "symlink", "folder", "device"])
    def test_force_replaces_only_a_regular_file(self, cli: Cli, tmp_path: Path, kind: str) -> None:
        target = tmp_path / "out.md"
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "symlink":
            target.symlink_to(tmp_path / "elsewhere.md")
        elif kind == "folder":
            target.mkdir()
        else:
            target = Path("/dev/null")
        status, _out, err = cli.run("export", "--mentee", "jose", "--output", str(target), "--force")
        assert status in (2, 12), err
        assert not (tmp_path / "elsewhere.md").exists()
        if kind != "device":
            assert not stat.S_ISREG(os.lstat(target).st_mode)

    def test_force_replaces_a_regular_file_whole(self, cli: Cli, tmp_path: Path) -> None:
        target = tmp_path / "out.md"
        target.write_text("old")
        cli.ok("export", "--mentee", "jose", "--output", str(target), "--force")
        assert target.read_text() != "old" and stat.S_IMODE(target.stat().st_mode) == 0o600
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")) == []


class TestReadCommandsMarkWhatTheyShow:
    """Finding 12: a conflicted session and a possibly older revision are marked in text and --json."""

    def _conflict(self, cli: Cli) -> str:
        session_id = json.loads(cli.ok("session", "list", "--json"))[0]["id"]
        with Vault.unlock(cli.vault, PASSPHRASE) as v:
            base = v.graph.current(session_id)
            assert base is not None and base.body is not None
            for title in ("laptop", "desktop"):
                v.put("session", {**base.body, "title": title}, record_id=session_id, parents=(base.revision_id,))
        return session_id

    def test_a_conflicted_session_is_marked(self, cli: Cli) -> None:
        session_id = self._conflict(cli)
        assert "CONFLICT" in cli.ok("session", "show", session_id)
        assert json.loads(cli.ok("session", "show", session_id, "--json"))["conflict"]["versions"] == 2
        assert "CONFLICT" in cli.ok("session", "list")
        assert json.loads(cli.ok("session", "list", "--json"))[0]["conflict"]["versions"] == 2

    def test_an_export_says_it_uses_one_side(self, cli: Cli) -> None:
        self._conflict(cli)
        status, _out, err = cli.run("export", "--mentee", "jose")
        assert status == 0 and "in conflict" in err

    def test_an_unconflicted_session_carries_no_mark(self, cli: Cli) -> None:
        session_id = json.loads(cli.ok("session", "list", "--json"))[0]["id"]
        assert "conflict" not in json.loads(cli.ok("session", "show", session_id, "--json"))
        assert "CONFLICT" not in cli.ok("session", "show", session_id)

    @pytest.mark.parametrize("how", ["damaged", "moved"])
    def test_a_possible_fallback_is_marked(self, cli: Cli, tmp_path: Path, how: str) -> None:
        session_id = json.loads(cli.ok("session", "list", "--json"))[0]["id"]
        note = tmp_path / "edit.md"
        note.write_text("---\ntitle: Newer title\n---\n# Notes\nnewer\n", encoding="utf-8")
        cli.ok("session", "edit", session_id, "--file", str(note))
        with Vault.unlock(cli.vault, PASSPHRASE, read_only=True) as v:
            newest = v.graph.current(session_id)
            assert newest is not None
            file = layout.record_path(cli.vault, newest.revision_id)
        shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]) / "mentorjournal", ignore_errors=True)
        if how == "damaged":
            raw = bytearray(file.read_bytes())
            raw[-1] ^= 1
            file.write_bytes(bytes(raw))
        else:
            file.rename(file.with_suffix(".old"))
        text = cli.ok("session", "show", session_id)
        assert "Newer title" not in text and "may be an older version" in text
        shown = json.loads(cli.ok("session", "show", session_id, "--json"))
        assert shown["vault_incomplete"]["may_be_older"] is True
        assert "may be an older version" in cli.ok("session", "list")
