"""The journal commands through the command line, in-process (``main([...])``) and in a subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mentorjournal.cli import main
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).parent.parent / "journal" / "fixtures"

NOTE = """\
---
mentee: José Núñez
date: 2026-03-02
duration: 60
title: Quarterly goals
tags: [career, feedback]
next meeting: 2026-03-20
---
# Notes
We discussed the reorganisation and his worries about the budget.
# Shared summary
Agreed a plan; [[private]]his health is not to be shared[[/private]].
# Actions
- [ ] mentee: draft the project charter (due 2026-03-20)
- [x] mentor: send the reading list
# Reflection
I should push a little harder next time.
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


class Cli:
    """A cheap test vault and a way to run commands against it."""

    def __init__(self, base: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        self.base = base
        self.capsys = capsys
        self.tmp_path = tmp_path

    def __call__(self, *args: str) -> tuple[int, str, str]:
        return run(self.capsys, *self.base, *args)

    def ok(self, *args: str) -> str:
        status, out, err = self(*args)
        assert status == 0, err
        return out

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def fails(self, status: int, *args: str) -> str:
        got, out, err = self(*args)
        assert got == status, (got, out, err)
        lines = [line for line in err.splitlines() if line.startswith("mentorjournal: error:")]
        assert len(lines) == 1, err
        return lines[0]

    def note_file(self, text: str, name: str = "note.md") -> str:
        path = self.tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)


@pytest.fixture
def cli(tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    base = ["--vault", str(tmp_path / "v"), "--passphrase-file", str(passphrase_file)]
    assert run(capsys, *base, "init", "--insecure-test-kdf", "--no-recovery-key")[0] == 0
    return Cli(base, capsys, tmp_path)


@pytest.fixture
def jose(cli: Cli) -> str:
    out = cli.json("mentee", "add", "José Núñez", "--alias", "Pepe", "--organisation", "ACME")
    return str(out["id"])


class TestMentees:
    def test_add_list_show_edit_archive(self, cli: Cli, jose: str) -> None:
        assert "Mentee B" in cli.ok("mentee", "add", "Amélie Durand")
        listed = cli.json("mentee", "list")
        assert [m["name"] for m in listed] == ["Amélie Durand", "José Núñez"]
        assert [m["pseudonym"] for m in listed] == ["Mentee B", "Mentee A"]
        shown = cli.json("mentee", "show", "jose nunez")
        assert shown["id"] == jose and shown["aliases"] == ["Pepe"] and shown["sessions"] == 0
        assert "ACME" in cli.ok("mentee", "show", "pepe")
        cli.ok("mentee", "edit", "pepe", "--role", "Engineer", "--alias", "Jo", "--remove-alias", "pepe")
        shown = cli.json("mentee", "show", jose[:6])
        assert shown["role"] == "Engineer" and shown["aliases"] == ["Jo"]
        assert "Archived" in cli.ok("mentee", "archive", "jose", "--date", "2026-03-01")
        assert [m["name"] for m in cli.json("mentee", "list")] == ["Amélie Durand"]
        everyone = cli.json("mentee", "list", "--all")
        assert [(m["name"], m["archived"], m["ended"]) for m in everyone][1] == ("José Núñez", True, "2026-03-01")

    def test_unknown_and_ambiguous_mentees(self, cli: Cli, jose: str) -> None:
        cli.ok("mentee", "add", "Josephine Bloggs")
        assert "no mentee" in cli.fails(9, "mentee", "show", "nobody")
        assert "2 mentees match" in cli.fails(9, "mentee", "show", "jos")

    def test_pseudonym_option_and_clash(self, cli: Cli, jose: str) -> None:
        assert cli.json("mentee", "add", "Ann", "--pseudonym", "Mentee Q")["pseudonym"] == "Mentee Q"
        assert "already used" in cli.fails(11, "mentee", "add", "Bob", "--pseudonym", "Mentee A")


class TestSessions:
    def test_add_from_file_with_overrides_show_edit_history_delete(self, cli: Cli, jose: str) -> None:
        path = cli.note_file(NOTE)
        added = cli.json("session", "add", "--file", path, "--title", "From the command line", "--tag", "x")
        sid = added["id"]
        assert added["title"] == "From the command line" and added["tags"] == ["x"]
        assert [a["text"] for a in added["actions"]] == ["draft the project charter", "send the reading list"]
        shown = cli.ok("session", "show", sid[:6])
        assert shown.startswith("---\nid: " + sid) and "[[private]]his health" in shown
        edited = cli.note_file(shown.replace("budget", "headcount"), "edited.md")
        cli.ok("session", "edit", sid[:6], "--file", edited)
        assert "headcount" in cli.json("session", "show", sid)["notes"]
        history = cli.json("session", "history", sid[:8])
        assert [h["deleted"] for h in history] == [False, False]
        assert "Deleted" in cli.ok("session", "delete", sid[:8])
        assert cli.json("session", "list") == []
        assert cli.json("action", "list") == []
        assert [h["deleted"] for h in cli.json("session", "history", sid)] == [False, False, True]
        assert "no session" in cli.fails(9, "session", "show", sid)

    def test_body_from_standard_input(self, cli: Cli, jose: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO("Talked about the offsite.\n# Reflection\nTired.\n"))
        out = cli.json("session", "add", "--mentee", "pepe", "--date", "2026-01-10", "--duration", "45")
        assert out["notes"] == "Talked about the offsite." and out["reflection"] == "Tired."
        assert out["duration_minutes"] == 45 and out["mentee_id"] == jose

    def test_default_date_is_today(self, cli: Cli, jose: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        import datetime as dt

        assert cli.json("session", "add", "--mentee", "jose")["date"] == dt.date.today().isoformat()

    def test_list_filters(self, cli: Cli, jose: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        cli.ok("mentee", "add", "Amélie Durand")
        cli.ok("session", "add", "--mentee", "jose", "--date", "2026-01-05", "--tag", "career")
        cli.ok("session", "add", "--mentee", "jose", "--date", "2026-02-05", "--tag", "feedback")
        cli.ok("session", "add", "--mentee", "amelie", "--date", "2026-03-05", "--tag", "Career")
        dates = lambda *a: [s["date"] for s in cli.json("session", "list", *a)]  # noqa: E731
        assert dates() == ["2026-03-05", "2026-02-05", "2026-01-05"]
        assert dates("--mentee", "pepe") == ["2026-02-05", "2026-01-05"]
        assert dates("--since", "2026-02-01", "--until", "2026-02-28") == ["2026-02-05"]
        assert dates("--tag", "CAREER") == ["2026-03-05", "2026-01-05"]
        assert dates("--limit", "1") == ["2026-03-05"]
        assert len(cli.ok("session", "list").splitlines()) == 3

    @pytest.mark.parametrize(
        ("args", "status", "words"),
        [
            (("session", "add", "--mentee", "nobody", "--date", "2026-01-01"), 9, "no mentee"),
            (("session", "add", "--mentee", "jose", "--date", "2026-02-30"), 2, "YYYY-MM-DD"),
            (("session", "add", "--mentee", "jose", "--time", "9h"), 2, "HH:MM"),
            (("session", "add", "--mentee", "jose", "--duration", "-5"), 2, "negative"),
            (("session", "show", "xyz"), 9, "hexadecimal"),
            (("session", "show", "0"), 9, "no session"),
        ],
    )
    def test_one_line_errors(
        self, cli: Cli, jose: str, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], status: int, words: str
    ) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        assert words in cli.fails(status, *args)

    def test_malformed_note_file_stores_nothing(self, cli: Cli, jose: str) -> None:
        bad = cli.note_file(NOTE.replace("- [x] mentor: send", "send it, the secret way"))
        line = cli.fails(11, "session", "add", "--file", bad)
        assert "line 15" in line and "secret" not in line and bad in line
        assert cli.json("session", "list") == [] and cli.json("action", "list") == []

    def test_add_refuses_a_note_with_an_id(self, cli: Cli, jose: str) -> None:
        sid = cli.json("session", "add", "--file", cli.note_file(NOTE))["id"]
        shown = cli.note_file(cli.ok("session", "show", sid), "shown.md")
        assert "session edit" in cli.fails(2, "session", "add", "--file", shown)

    def test_ambiguous_prefix(self, cli: Cli, jose: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        ids = [cli.json("session", "add", "--mentee", "jose", "--date", "2026-01-01")["id"] for _ in range(20)]
        first = {i[0] for i in ids}
        shared = next(c for c in first if sum(i.startswith(c) for i in ids) > 1)
        assert "matches" in cli.fails(9, "session", "show", shared)


class TestGoalsActionsAgreementsPeopleConcerns:
    def test_goals(self, cli: Cli, jose: str) -> None:
        gid = cli.json("goal", "add", "Lead a team", "--mentee", "jose", "--target", "2026-06-30")["id"]
        cli.ok("goal", "progress", gid[:6], "--percent", "40", "--comment", "first project", "--date", "2026-02-01")
        done = cli.json("goal", "progress", gid[:6], "--percent", "100", "--date", "2026-03-01")
        assert done["status"] == "achieved" and [p["percent"] for p in done["progress"]] == [40, 100]
        cli.ok("goal", "edit", gid, "--status", "open", "--measure", "runs the standup")
        listed = cli.json("goal", "list", "--mentee", "jose")
        assert listed[0]["measure"] == "runs the standup"
        assert "Lead a team" in cli.ok("goal", "list")
        assert "between 0 and 100" in cli.fails(11, "goal", "progress", gid, "--percent", "120")
        assert "--percent" in cli.fails(2, "goal", "progress", gid)

    def test_actions(self, cli: Cli, jose: str) -> None:
        args = ("Book the room", "--mentee", "jose", "--owner", "mentor", "--due", "2026-03-01")
        aid = cli.json("action", "add", *args)["id"]
        cli.ok("action", "add", "Read the book", "--mentee", "jose")
        assert len(cli.json("action", "list", "--open")) == 2
        done = cli.json("action", "done", aid[:5], "--date", "2026-02-28")
        assert (done["status"], done["done_on"]) == ("done", "2026-02-28")
        assert [a["text"] for a in cli.json("action", "list", "--open", "--mentee", "pepe")] == ["Read the book"]
        assert "[x] mentor: Book the room" in cli.ok("action", "list")
        assert cli.json("action", "done", aid, "--reopen")["status"] == "open"
        assert cli.json("action", "done", aid, "--dropped")["status"] == "dropped"

    def test_agreement(self, cli: Cli, jose: str) -> None:
        assert cli.json("agreement", "show", "jose") is None
        assert "No agreement" in cli.ok("agreement", "show", "jose")
        cli.ok(
            "agreement",
            "edit",
            "jose",
            "--cadence",
            "monthly",
            "--minutes",
            "60",
            "--starts",
            "2026-01-01",
            "--consent-coordinator",
            "yes",
            "--coordinator",
            "Programme office",
            "--limits",
            "risk of harm",
        )
        cli.ok("agreement", "edit", "jose", "--review", "2026-07-01")
        shown = cli.json("agreement", "show", "pepe")
        assert shown["cadence"] == "monthly" and shown["review_on"] == "2026-07-01"
        assert shown["consent_share_summaries_with_coordinator"] is True
        assert "Summaries to coordinator: yes" in cli.ok("agreement", "show", "jose")

    def test_people_and_concerns(self, cli: Cli, jose: str) -> None:
        cli.ok("person", "add", "Carla Ruiz", "--alias", "Carla", "--relationship", "line manager", "--mentee", "jose")
        people = cli.json("person", "list")
        assert people[0]["aliases"] == ["Carla"] and people[0]["mentee_id"] == jose
        cli.ok(
            "concern",
            "add",
            "--mentee",
            "jose",
            "--date",
            "2026-03-02",
            "--words",
            "I can't sleep",
            "--said-by",
            "José",
            "--informed",
            "nobody",
            "--consent",
            "agreed to talk to GP",
        )
        concerns = cli.json("concern", "list", "--mentee", "jose")
        assert concerns[0]["words"] == "I can't sleep"
        assert "2026-03-02" in cli.ok("concern", "list")


class TestSearchDue:
    def test_search_accent_case_prefix_and_mentee_filter(
        self, cli: Cli, jose: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        cli.ok("session", "add", "--file", cli.note_file(NOTE))
        cli.ok("mentee", "add", "Amélie Durand")
        monkeypatch.setattr(sys, "stdin", io.StringIO("Budget talk with Amélie"))
        cli.ok("session", "add", "--mentee", "amelie", "--date", "2026-03-03")
        hits = cli.json("search", "BUDGET")
        assert len(hits) == 2 and {h["kind"] for h in hits} == {"session"}
        assert [h["mentee"] for h in cli.json("search", "budget", "--mentee", "jose")] == ["José Núñez"]
        assert cli.json("search", "amelie")[0]["kind"] == "mentee"
        assert cli.json("search", "reorgan")[0]["snippet"].startswith("We discussed the reorganisation")
        assert cli.json("search", "nothing-like-this") == []

    def test_due(self, cli: Cli, jose: str) -> None:
        cli.ok("session", "add", "--file", cli.note_file(NOTE))
        cli.ok("goal", "add", "Lead a team", "--mentee", "jose", "--target", "2026-03-01")
        cli.ok("action", "add", "Overdue thing", "--mentee", "jose", "--due", "2026-03-10")
        report = cli.json("due", "--today", "2026-03-15")
        assert [a["text"] for a in report["overdue_actions"]] == ["Overdue thing"]
        assert [a["text"] for a in report["upcoming_actions"]] == ["draft the project charter"]
        assert [(m["mentee"], m["date"]) for m in report["next_meetings"]] == [("José Núñez", "2026-03-20")]
        assert [g["title"] for g in report["goals_past_target"]] == ["Lead a team"]
        text = cli.ok("due", "--today", "2026-03-15")
        assert "Overdue actions:" in text and "Next meetings:" in text
        later = cli.json("due", "--today", "2026-04-01", "--days", "3")
        assert [m["date"] for m in later["missed_meetings"]] == ["2026-03-20"]
        assert "Nothing due" in cli.ok("due", "--today", "2026-03-01", "--days", "0")
        assert "YYYY-MM-DD" in cli.fails(2, "due", "--today", "15/03/2026")


class TestImport:
    def test_jrnl_export_dry_run_then_import_then_again(self, cli: Cli) -> None:
        export = str(FIXTURES / "jrnl-4.6-export.json")
        maps = ["--map-tag", "@jose=José Núñez", "--map-tag", "@amelie=Amélie Durand"]
        # Entry 4 names two mentees and entry 5 none: refused, nothing written.
        line = cli.fails(11, "import", export, *maps, "--create-mentees")
        assert "entry 4" in line and "2 mapped mentee tags" in line
        assert cli.json("mentee", "list") == []
        dry = cli.json("import", export, *maps, "--create-mentees", "--skip-unmapped", "--dry-run")
        assert dry["sessions"] == 3 and dry["dry_run"] is True and len(dry["skipped"]) == 2
        assert sorted(dry["new_mentee_names"]) == ["Amélie Durand", "José Núñez"]
        assert cli.json("session", "list") == []
        done = cli.json("import", export, *maps, "--create-mentees", "--skip-unmapped")
        assert done["sessions"] == 3 and done["new_mentees"] == 2
        sessions = cli.json("session", "list")
        assert [(s["date"], s["mentee"]) for s in sessions] == [
            ("2026-03-09", "Amélie Durand"),
            ("2026-03-02", "José Núñez"),
            ("2026-02-20", "Amélie Durand"),
        ]
        starred = sessions[1]
        assert starred["start_time"] == "09:00" and sorted(starred["tags"]) == ["career", "starred"]
        assert "\n\nHe wants feedback" in starred["notes"]
        again = cli.json("import", export, *maps, "--skip-unmapped")
        assert again["sessions"] == 0 and again["duplicates_skipped"] == 3

    def test_unknown_mentee_without_create(self, cli: Cli) -> None:
        export = str(FIXTURES / "jrnl-4.6-export.json")
        line = cli.fails(11, "import", export, "--map-tag", "@jose=José", "--skip-unmapped")
        assert "entry 2" in line and "no mentee" in line

    def test_bad_map_tag(self, cli: Cli) -> None:
        assert "TAG=MENTEE" in cli.fails(2, "import", str(FIXTURES / "jrnl-4.6-export.json"), "--map-tag", "@jose")

    def test_folder_of_notes_all_or_nothing(self, cli: Cli, jose: str) -> None:
        folder = cli.tmp_path / "notes"
        (folder / "2026").mkdir(parents=True)
        (folder / "a.md").write_text(NOTE, encoding="utf-8")
        (folder / "2026" / "b.md").write_text(NOTE.replace("2026-03-02", "2026-03-09"), encoding="utf-8")
        (folder / ".hidden.md").write_text("ignored: not a note", encoding="utf-8")
        (folder / "2026" / "c.md").write_text(NOTE.replace("date: 2026-03-02", "date: 2026-3-9"), encoding="utf-8")
        line = cli.fails(11, "import", str(folder))
        assert line.endswith("2026/c.md: line 3: date must be YYYY-MM-DD")
        assert cli.json("session", "list") == []
        (folder / "2026" / "c.md").unlink()
        assert "Would import 2 session(s) with 4 action item(s)" in cli.ok("import", str(folder), "--dry-run")
        assert cli.json("session", "list") == []
        out = cli.json("import", str(folder))
        assert (out["sessions"], out["actions"]) == (2, 4)
        assert len(cli.json("session", "list")) == 2 and len(cli.json("action", "list")) == 4
        assert cli.json("import", str(folder))["duplicates_skipped"] == 2

    def test_notes_printed_by_show_are_recognised(self, cli: Cli, jose: str) -> None:
        sid = cli.json("session", "add", "--file", cli.note_file(NOTE))["id"]
        folder = cli.tmp_path / "backup"
        folder.mkdir()
        (folder / "s.md").write_text(cli.ok("session", "show", sid), encoding="utf-8")
        assert cli.json("import", str(folder))["duplicates_skipped"] == 1


class TestDoneMeans:
    """The issue's "done means": two mentees, agreements, 20 sessions, find, due, import jrnl."""

    def test_scripted_mentor(self, cli: Cli) -> None:
        for name in ("José Núñez", "Amélie Durand"):
            cli.ok("mentee", "add", name)
            cli.ok("agreement", "edit", name, "--cadence", "fortnightly", "--consent-coordinator", "no")
        gid = cli.json("goal", "add", "Present at the all-hands", "--mentee", "amelie", "--target", "2026-06-01")["id"]
        for i in range(20):
            who = "José Núñez" if i % 2 else "Amélie Durand"
            day = f"2026-{1 + i // 10:02d}-{1 + i % 10 * 2:02d}"
            word = f"topic{i}"
            note = NOTE.replace("José Núñez", who).replace("2026-03-02", day).replace("budget", word)
            note = note.replace("tags: [career, feedback]", "tags: [career, feedback]\ngoals: [" + gid[:8] + "]")
            if who == "José Núñez":
                note = note.replace("goals: [" + gid[:8] + "]\n", "")
            cli.ok("session", "add", "--file", cli.note_file(note, f"n{i}.md"))
        assert len(cli.json("session", "list")) == 20
        assert len(cli.json("action", "list")) == 40
        for i in (0, 7, 19):
            hits = cli.json("search", f"topic{i}")
            assert len(hits) == 1 and hits[0]["kind"] == "session"
        assert len(cli.json("due", "--today", "2026-04-01")["overdue_actions"]) == 20
        imported = cli.json(
            "import",
            str(FIXTURES / "jrnl-4.6-export.json"),
            "--map-tag",
            "@jose=jose",
            "--map-tag",
            "@amelie=amelie",
            "--skip-unmapped",
        )
        assert imported["sessions"] == 3


def test_through_a_real_subprocess(tmp_path: Path, passphrase_file: Path) -> None:
    env = dict(os.environ)
    vault = ["--vault", str(tmp_path / "v"), "--passphrase-file", str(passphrase_file)]
    base = [sys.executable, "-m", "mentorjournal", *vault]

    def sh(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *args], input=stdin, capture_output=True, text=True, env=env, check=False)

    assert sh("init", "--insecure-test-kdf", "--no-recovery-key").returncode == 0
    assert sh("mentee", "add", "José Núñez").returncode == 0
    added = sh("session", "add", "--mentee", "jose", "--date", "2026-03-02", "--json", stdin="Piped café notes\n")
    assert added.returncode == 0, added.stderr
    sid = json.loads(added.stdout)["id"]
    found = sh("search", "CAFE", "--json")
    assert json.loads(found.stdout)[0]["id"] == sid
    bad = sh("session", "show", "nothex")
    assert bad.returncode == 9 and bad.stderr.strip().endswith("(ids are hexadecimal)")
    assert "Traceback" not in bad.stderr
    assert PASSPHRASE not in added.stdout + added.stderr
