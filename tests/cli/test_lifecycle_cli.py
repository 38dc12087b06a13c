"""Issue 17 from the command line: the hours log, age hand-off, subject access, retention and erasure."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from pyrage import passphrase as age_passphrase
from pyrage import ssh, x25519

from tests.cli.test_journal_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.conftest import PASSPHRASE

CANARY = "QUOKKA-7731-CANARY"


def session_note(mentee: str, day: str, *, minutes: int | None = 60, fmt: str = "video", extra: str = "") -> str:
    duration = f"duration: {minutes}\n" if minutes is not None else ""
    return (
        f"---\nmentee: {mentee}\ndate: {day}\n{duration}format: {fmt}\ntitle: Title {CANARY}\n"
        f"tags: [tag{CANARY.lower()}]\n---\n# Notes\nNotes {CANARY} {extra}\n# Shared summary\nShared {CANARY}\n"
        f"# Reflection\nReflection {CANARY}\n"
    )


@pytest.fixture
def journal_cli(cli: Cli) -> Cli:  # noqa: F811
    cli.ok("mentee", "add", "José Núñez", "--programme", "Women in Tech", "--contact", "jose@example.org")
    cli.ok("mentee", "add", "Amélie Durand", "--programme", "=cmd|' /C calc'!A0")
    cli.ok("person", "add", "Bob Marley", "--mentee", "jose", "--relationship", "line manager")
    for i, (who, day, minutes, fmt) in enumerate(
        [
            ("José Núñez", "2026-03-02", 60, "video"),
            ("José Núñez", "2026-03-20", 45, "In Person"),
            ("José Núñez", "2026-04-05", None, "phone"),
            ("Amélie Durand", "2026-03-10", 30, "coffee with Bob Marley at Café Nero"),
        ]
    ):
        path = cli.note_file(session_note(who, day, minutes=minutes, fmt=fmt), f"n{i}.md")
        cli.ok("session", "add", "--file", path)
    return cli


class TestHoursLog:
    def test_csv_rows_totals_and_no_content(self, journal_cli: Cli) -> None:
        out = journal_cli.ok("log", "--format", "csv")
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["date", "mentee", "minutes", "format", "programme"]
        sessions = [r for r in rows[1:] if not r[0].startswith("total")]
        assert sessions == [
            ["2026-03-02", "Mentee A", "60", "video", "Women in Tech"],
            ["2026-03-10", "Mentee B", "30", "other", "'=cmd|' /C calc'!A0"],
            ["2026-03-20", "Mentee A", "45", "in person", "Women in Tech"],
            ["2026-04-05", "Mentee A", "", "phone", "Women in Tech"],
        ]
        totals = {(r[0], r[1]): r[2] for r in rows if r[0].startswith("total")}
        assert totals[("total (mentee)", "Mentee A")] == "105"
        assert totals[("total (2026-03)", "")] == "135"
        assert totals[("total", "")] == "135"
        for word in (CANARY, CANARY.lower(), "José", "Amélie", "Bob", "Nero", "coffee"):
            assert word not in out

    def test_json_and_markdown_hold_the_same(self, journal_cli: Cli) -> None:
        data = json.loads(journal_cli.ok("log", "--format", "json", "--since", "2026-03-01", "--until", "2026-03-31"))
        assert [s["date"] for s in data["sessions"]] == ["2026-03-02", "2026-03-10", "2026-03-20"]
        assert data["total"] == {"sessions": 3, "minutes": 135, "without_duration": 0}
        assert {m["mentee"]: m["minutes"] for m in data["per_mentee"]} == {"Mentee A": 105, "Mentee B": 30}
        assert data["per_month"] == [{"month": "2026-03", "sessions": 3, "minutes": 135, "without_duration": 0}]
        md = journal_cli.ok("log", "--since", "2026-04-01")
        assert "| 2026-04-05 | Mentee A | — | phone | Women in Tech |" in md
        assert "1 session(s) have no recorded duration" in md
        assert CANARY not in md and "José" not in md

    def test_names_need_confirmation(self, journal_cli: Cli) -> None:
        line = journal_cli.fails(2, "log", "--names")
        assert "--confirm-plaintext" in line
        out = journal_cli.ok("log", "--names", "--confirm-plaintext", "--format", "json")
        assert {s["mentee"] for s in json.loads(out)["sessions"]} == {"José Núñez", "Amélie Durand"}
        journal_cli.fails(2, "log", "--confirm-plaintext")

    def test_mentee_filter_output_file_and_bad_dates(self, journal_cli: Cli) -> None:
        target = journal_cli.tmp_path / "hours.csv"
        journal_cli.ok("log", "--mentee", "amelie", "--format", "csv", "--output", str(target))
        assert target.stat().st_mode & 0o777 == 0o600
        assert "Mentee A" not in target.read_text(encoding="utf-8")
        journal_cli.fails(12, "log", "--output", str(target))  # never silently replaced
        journal_cli.fails(2, "log", "--since", "2026-05-01", "--until", "2026-04-01")
        journal_cli.fails(2, "log", "--since", "someday")


def _age_key() -> tuple[x25519.Identity, str]:
    identity = x25519.Identity.generate()
    return identity, str(identity.to_public())


class TestHandOff:
    def test_summary_sealed_to_age_and_ssh_recipients(self, journal_cli: Cli) -> None:
        identity, recipient = _age_key()
        ed = ed25519.Ed25519PrivateKey.generate()
        ed_pub = ed.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        ed_priv = ed.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        )
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        rsa_pub = rsa_key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        rsa_priv = rsa_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        )
        recipients = journal_cli.tmp_path / "recipients.txt"
        recipients.write_text(f"# the coordinator\n\n{rsa_pub.decode()} office@example.org\n", encoding="utf-8")
        target = journal_cli.tmp_path / "summary.md.age"
        journal_cli.ok(
            "export", "--mentee", "jose", "--audience", "mentee", "--output", str(target),
            "--encrypt-to", recipient, "--encrypt-to", ed_pub.decode(), "--recipients-file", str(recipients),
        )  # fmt: skip
        sealed = target.read_bytes()
        assert sealed.startswith(b"age-encryption.org/v1\n")
        assert b"Mentee A" not in sealed and CANARY.encode() not in sealed
        for ident in (identity, ssh.Identity.from_buffer(ed_priv), ssh.Identity.from_buffer(rsa_priv)):
            text = pyrage.decrypt(sealed, [ident]).decode()
            assert text.startswith("# Progress summary: José Núñez")  # the mentee's own summary names them
            assert "Reflection" not in text and "Bob" not in text
        log = journal_cli.json("export-log")
        assert log[0]["destination"] == "age-file"

    def test_unredacted_and_names_sealed_need_no_plaintext_confirmation(self, journal_cli: Cli) -> None:
        identity, recipient = _age_key()
        target = journal_cli.tmp_path / "full.md.age"
        journal_cli.ok("export", "--mentee", "jose", "--unredacted", "--output", str(target), "--encrypt-to", recipient)
        assert f"Reflection {CANARY}" in pyrage.decrypt(target.read_bytes(), [identity]).decode()
        hours = journal_cli.tmp_path / "hours.csv.age"
        journal_cli.ok("log", "--names", "--format", "csv", "--output", str(hours), "--encrypt-to", recipient)
        assert "José Núñez" in pyrage.decrypt(hours.read_bytes(), [identity]).decode()

    def test_no_plaintext_copy_reaches_the_disk(self, journal_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
        """The unredacted record (canaries in every section) sealed: no encoding of a canary in the working
        folder, HOME (every XDG folder) or TMPDIR."""
        import os
        import tempfile

        from tests.assurance.canaries import scan

        tmpdir = journal_cli.tmp_path / "tmpdir"
        tmpdir.mkdir()
        monkeypatch.setenv("TMPDIR", str(tmpdir))
        monkeypatch.setattr(tempfile, "tempdir", None)
        monkeypatch.chdir(journal_cli.tmp_path)
        identity, recipient = _age_key()
        target = journal_cli.tmp_path / "full.md.age"
        journal_cli.ok("export", "--mentee", "jose", "--unredacted", "--output", str(target), "--encrypt-to", recipient)
        assert CANARY in pyrage.decrypt(target.read_bytes(), [identity]).decode()
        inputs = set(journal_cli.tmp_path.glob("n*.md"))  # the note files the test itself wrote
        hits = scan([journal_cli.tmp_path, Path(os.environ["HOME"]), Path(tempfile.gettempdir())], [CANARY])
        assert [h for h in hits if h.path not in inputs] == []

    def test_passphrase_mode_refuses_the_vault_passphrase(self, journal_cli: Cli) -> None:
        same = journal_cli.tmp_path / "same.txt"
        same.write_text(PASSPHRASE + "\n", encoding="utf-8")
        target = journal_cli.tmp_path / "s.age"
        line = journal_cli.fails(2, "log", "--output", str(target), "--encrypt-passphrase-file", str(same))
        assert "vault's own passphrase" in line
        assert not target.exists()
        other = journal_cli.tmp_path / "other.txt"
        other.write_text("a different passphrase for the office\n", encoding="utf-8")
        journal_cli.ok("log", "--output", str(target), "--encrypt-passphrase-file", str(other))
        text = age_passphrase.decrypt(target.read_bytes(), "a different passphrase for the office").decode()
        assert text.startswith("# Mentoring hours")

    @pytest.mark.parametrize(
        ("args", "words"),
        [
            (["--encrypt-to", "age1notakey"], "not a valid"),
            (["--encrypt-to", "AGE-SECRET-KEY-1QQQ"], "private key"),
            (["--encrypt-to", "ssh-dss AAAAB3NzaC1kc3M"], "recipient is an age key"),
            (["--encrypt-to", "age1x", "--encrypt-passphrase"], "not both"),
        ],
    )
    def test_bad_recipients_write_nothing(self, journal_cli: Cli, args: list[str], words: str) -> None:
        target = journal_cli.tmp_path / "x.age"
        line = journal_cli.fails(2, "log", "--output", str(target), *args)
        assert words in line
        assert not target.exists()

    def test_sealing_needs_an_output_file_and_a_recipients_file_with_keys(self, journal_cli: Cli) -> None:
        _, recipient = _age_key()
        assert "--output" in journal_cli.fails(2, "log", "--encrypt-to", recipient)
        empty = journal_cli.tmp_path / "empty.txt"
        empty.write_text("# nobody\n", encoding="utf-8")
        target = journal_cli.tmp_path / "x.age"
        assert "names no recipient" in journal_cli.fails(
            2, "log", "--output", str(target), "--recipients-file", str(empty)
        )

    @pytest.mark.skipif(shutil.which("age") is None, reason="the reference `age` binary is not installed")
    def test_reference_age_binary_opens_it(self, journal_cli: Cli) -> None:
        key = journal_cli.tmp_path / "key.txt"
        subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
        public = next(
            line.split(": ", 1)[1] for line in key.read_text().splitlines() if line.startswith("# public key:")
        )
        target = journal_cli.tmp_path / "summary.md.age"
        journal_cli.ok("export", "--mentee", "jose", "--output", str(target), "--encrypt-to", public)
        opened = subprocess.run(["age", "-d", "-i", str(key), str(target)], check=True, capture_output=True)
        assert opened.stdout.decode().startswith("# Progress summary: Mentee A")
        assert CANARY.encode() not in target.read_bytes()


class TestSubjectAccess:
    def test_everything_about_the_mentee_third_parties_removed(self, journal_cli: Cli) -> None:
        journal_cli.ok("export", "--mentee", "jose", "--audience", "mentee")  # an export to show in the log
        journal_cli.ok("concern", "add", "--mentee", "jose", "--words", f"Bob Marley shouted {CANARY}")
        journal_cli.ok("agreement", "edit", "jose", "--goals", "Lead a team", "--retain-months", "24")
        target = journal_cli.tmp_path / "access.json"
        journal_cli.ok(
            "export", "--mentee", "jose", "--subject-access", "--format", "json", "--output", str(target),
            "--confirm-plaintext",
        )  # fmt: skip
        doc = json.loads(target.read_text(encoding="utf-8"))
        assert doc["mentee"]["name"] == "José Núñez" and doc["mentee"]["contact"] == "jose@example.org"
        assert len(doc["sessions"]) == 3
        first = doc["sessions"][0]
        assert first["notes"].startswith(f"Notes {CANARY}") and first["reflection"] == f"Reflection {CANARY}"
        assert doc["agreement"]["goals"] == "Lead a team"
        assert doc["concerns"][0]["words"].startswith("Person ")
        assert len(doc["exports"]) == 1
        text = target.read_text(encoding="utf-8")
        assert "Bob" not in text and "Marley" not in text and "Amélie" not in text
        assert "mentee_id" not in text
        log = journal_cli.json("export-log")
        assert log[0]["audience"] == "subject-access" and log[0]["redactions"]["name"] >= 1
        md = journal_cli.tmp_path / "access.md"
        journal_cli.ok("export", "--mentee", "jose", "--subject-access", "--output", str(md), "--confirm-plaintext")
        assert md.read_text(encoding="utf-8").startswith("# Everything held about José Núñez")

    def test_needs_confirmation_or_sealing(self, journal_cli: Cli) -> None:
        target = journal_cli.tmp_path / "access.md"
        journal_cli.fails(2, "export", "--mentee", "jose", "--subject-access", "--output", str(target))
        assert not target.exists()
        journal_cli.fails(2, "export", "--mentee", "jose", "--subject-access", "--confirm-plaintext")
        identity, recipient = _age_key()
        sealed = journal_cli.tmp_path / "access.md.age"
        journal_cli.ok(
            "export", "--mentee", "jose", "--subject-access", "--output", str(sealed), "--encrypt-to", recipient
        )
        assert "Everything held about José Núñez" in pyrage.decrypt(sealed.read_bytes(), [identity]).decode()


class TestRetention:
    def test_due_lists_mentees_past_retention(self, journal_cli: Cli) -> None:
        journal_cli.ok("agreement", "edit", "jose", "--retain-months", "12")
        journal_cli.ok("mentee", "edit", "jose", "--status", "ended", "--ended", "2025-01-31")
        journal_cli.ok("mentee", "archive", "amelie", "--date", "2026-01-01")  # default: six years
        due = journal_cli.json("due", "--today", "2026-02-01")
        assert [(r["mentee"], r["due_on"], r["retain_months"]) for r in due["past_retention"]] == [
            ("José Núñez", "2026-01-31", 12)
        ]
        assert "Past their retention period" in journal_cli.ok("due", "--today", "2026-02-01")
        assert journal_cli.json("due", "--today", "2026-01-30")["past_retention"] == []
        journal_cli.fails(2, "agreement", "edit", "jose", "--retain-months", "-1")

    def test_default_from_the_settings(self, journal_cli: Cli, tmp_path: Path) -> None:
        import os

        config = Path(os.environ["XDG_CONFIG_HOME"]) / "mentorjournal"
        config.mkdir(parents=True, exist_ok=True)
        (config / "config.toml").write_text("[retention]\ndefault_months = 1\n", encoding="utf-8")
        journal_cli.ok("mentee", "archive", "amelie", "--date", "2026-01-01")
        due = journal_cli.json("due", "--today", "2026-02-01")
        assert [r["mentee"] for r in due["past_retention"]] == ["Amélie Durand"]


class TestErase:
    def test_erase_leaves_no_trace_and_check_is_clean(self, journal_cli: Cli) -> None:
        jose = journal_cli.json("mentee", "show", "jose")["id"]
        journal_cli.ok("export", "--mentee", "jose")
        journal_cli.ok("goal", "add", f"Goal {CANARY}", "--mentee", "jose")
        journal_cli.ok("search", CANARY)  # builds the search cache
        session = journal_cli.json("session", "list", "--mentee", "jose")[0]["id"]
        journal_cli.ok("session", "delete", session)  # a tombstone over history: erased too
        status, out, err = journal_cli("mentee", "erase", "jose", "--yes")
        assert status == 0, err
        assert "Erased:" in out and "backups made before" in err and "git" in err and "other devices" in err
        check = journal_cli.json("check")
        assert check["ok"] and check["missing_parents"] == 0 and check["erasure_pending"] == 0
        assert [m["name"] for m in journal_cli.json("mentee", "list", "--all")] == ["Amélie Durand"]
        hits = journal_cli.json("search", CANARY)
        assert hits and all(jose not in json.dumps(h) and "José" not in json.dumps(h) for h in hits)
        assert journal_cli.json("export-log") == []
        assert journal_cli.json("person", "list") == []
        assert [s["mentee"] for s in journal_cli.json("session", "list")] == ["Amélie Durand"]
        assert "Mentee A" not in journal_cli.ok("log")

    def test_erase_asks_for_the_name_without_yes(self, journal_cli: Cli) -> None:
        journal_cli.fails(2, "mentee", "erase", "jose")  # no terminal: refused, nothing erased
        assert len(journal_cli.json("mentee", "list")) == 2
        journal_cli.fails(9, "mentee", "erase", "nobody", "--yes")

    def test_erase_reports_mentions_in_other_records(self, journal_cli: Cli) -> None:
        path = journal_cli.note_file(session_note("Amélie Durand", "2026-05-01", extra="met José Núñez"), "m.md")
        journal_cli.ok("session", "add", "--file", path)
        status, out, err = journal_cli("mentee", "erase", "jose", "--yes", "--json")
        assert status == 0
        result = json.loads(out)
        assert result["mentioned_elsewhere"] == 1 and result["counts"]["session"] == 3
        assert "still mention this name" in err


class TestEraseForgetsExportMemory:
    def test_labels_and_remembered_decisions_of_the_mentee_go_the_others_stay(
        self, journal_cli: Cli, passphrase_file: Path
    ) -> None:
        import datetime as dt

        from mentorjournal.export import records
        from mentorjournal.export.labels import LABELS_KIND
        from mentorjournal.export.review_memory import MEMORY_KIND, load_memory, save_memory
        from mentorjournal.journal import Journal
        from mentorjournal.vault import Vault

        journal_cli.ok("agreement", "edit", "jose", "--consent-coordinator", "yes")
        journal_cli.ok("export", "--mentee", "jose")  # stable labels: Bob and Amélie get a "Person N"
        journal_cli.ok("export", "--mentee", "amelie")
        vault_dir = Path(journal_cli.base[1])

        def open_journal() -> Journal:
            vault = Vault.unlock(vault_dir, PASSPHRASE)
            vault.load()
            return Journal(vault)

        journal = open_journal()
        jose = journal.find_mentee("jose")
        bob = journal.people()[0]
        amelie = journal.find_mentee("amelie")
        memory = load_memory(journal)
        memory.remember_passage(f"Shared {CANARY}", [("name", 0, 6, True)], dt.date(2026, 5, 1))
        memory.remember_passage("Amélie's own passage", [("name", 0, 6, True)], dt.date(2026, 5, 1))
        save_memory(journal, memory)
        jose_key = memory.key_of(f"Shared {CANARY}")
        labels_id = records.record_id(journal, "person-labels")
        before = journal.vault.graph.current(labels_id)
        assert before is not None and before.kind == LABELS_KIND
        assert before.body is not None and {jose.id, bob.id, amelie.id} <= set(before.body["labels"])
        journal.vault.lock()

        journal_cli.ok("mentee", "erase", "jose", "--yes")

        journal = open_journal()
        memory = load_memory(journal)
        assert jose_key not in memory.passages
        assert memory.key_of("Amélie's own passage") in memory.passages
        labels = journal.vault.graph.current(labels_id)
        assert labels is not None and labels.body is not None
        assert jose.id not in labels.body["labels"] and bob.id not in labels.body["labels"]
        assert len(journal.vault.graph.history(records.record_id(journal, MEMORY_KIND))) == 1
        assert amelie.id in labels.body["labels"]  # everyone else keeps their label for good
        journal.vault.lock()
        assert journal_cli.json("check")["missing_parents"] == 0
