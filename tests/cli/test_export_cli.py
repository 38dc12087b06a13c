"""Private markers, special categories and actions through the command line (in-process ``main``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentorjournal.cli import main

NOTE = """\
---
mentee: Ada Quist
date: 2026-03-02
duration: 60
title: Planning [[private]]zqtitle
---
# Shared summary
We agreed a plan for the review.

[[ Private ]]zqsummary she is thinking of leaving
# Actions
- [ ] mentee: draft the charter [[PRIVATE]]zqaction[[/private]] by Friday
- [ ] mentee: call back [[private]]zqopen
"""


class Cli:
    def __init__(self, base: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        self.base, self.capsys, self.tmp_path = base, capsys, tmp_path

    def __call__(self, *args: str) -> tuple[int, str, str]:
        status = main([*self.base, *args])
        out, err = self.capsys.readouterr()
        return status, out, err

    def ok(self, *args: str) -> tuple[str, str]:
        status, out, err = self(*args)
        assert status == 0, err
        return out, err

    def note(self, text: str) -> str:
        path = self.tmp_path / "note.md"
        path.write_text(text, encoding="utf-8")
        return str(path)


@pytest.fixture
def cli(tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    c = Cli(["--vault", str(tmp_path / "v"), "--passphrase-file", str(passphrase_file)], capsys, tmp_path)
    c.ok("init", "--insecure-test-kdf", "--no-recovery-key")
    c.ok("mentee", "add", "Ada Quist")
    return c


class TestUnclosedMarkers:
    def test_session_add_warns_by_field_and_line_never_the_text(self, cli: Cli) -> None:
        out, err = cli.ok("session", "add", "--file", cli.note(NOTE))
        warnings = [line for line in err.splitlines() if line.startswith("warning: a [[private]]")]
        assert len(warnings) == 3, err
        assert "line 1 of the session's title" in warnings[0]
        assert "line 3 of the session's shared summary" in warnings[1]
        assert "action 2's text" in warnings[2]
        assert "zq" not in err and "leaving" not in err and "Recorded session" in out

    def test_session_edit_warns_and_a_closed_marker_does_not(self, cli: Cli) -> None:
        cli.ok("session", "add", "--file", cli.note(NOTE.replace("zqopen", "zqopen[[/private]]")))
        session = json.loads(cli.ok("session", "list", "--json")[0])[0]["id"]
        _, err = cli.ok("session", "edit", session, "--title", "Fine [[private]]x[[/private]] now")
        assert "title" not in err and err.count("warning: a [[private]]") == 1  # the summary's, still open
        _, err = cli.ok("session", "edit", session, "--file", cli.note("# Shared summary\nAll closed now.\n"))
        assert "warning: a [[private]]" not in err

    @pytest.mark.parametrize("fmt", ["md", "html", "txt", "json"])
    def test_no_marked_text_in_any_format_for_any_audience(self, cli: Cli, fmt: str) -> None:
        cli.ok("session", "add", "--file", cli.note(NOTE))
        for audience in ("coordinator", "mentee"):
            out, _ = cli.ok("export", "--mentee", "Ada", "--audience", audience, "--format", fmt)
            assert "zq" not in out and "leaving" not in out and "[[" not in out
            assert "draft the charter" in out


SENSITIVE_NOTE = """\
---
mentee: Ada Quist
date: 2026-03-02
---
# Shared summary
We prepared the design review. She is fasting for Ramadan, so we meet in the mornings. Her visa renewal is due.
# Actions
- [ ] mentee: book the GP appointment
"""


class TestSpecialCategories:
    def test_naming_the_categories_compiles_no_lexicon(self) -> None:
        import subprocess
        import sys

        code = (
            "import sys; from mentorjournal.cli import main; import mentorjournal.cli.export_commands; "
            "from mentorjournal.export import sensitive; assert sensitive._compiled.cache_info().currsize == 0; "
            "assert 'phonenumbers' not in sys.modules"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

    def _setup(self, cli: Cli) -> None:
        cli.ok("agreement", "edit", "Ada", "--consent-coordinator", "yes")
        cli.ok("session", "add", "--file", cli.note(SENSITIVE_NOTE))

    def test_coordinator_withholds_by_default_and_says_so_by_category(self, cli: Cli) -> None:
        self._setup(cli)
        out, err = cli.ok("export", "--mentee", "Ada")
        assert "Ramadan" not in out and "visa" not in out and "GP" not in out
        assert "(2 sentences about religion and immigration status were withheld)" in out and "design review" in out
        assert "special-category sentences withheld: health 1, immigration 1, religion 1" in err
        assert "Ramadan" not in err and "fasting" not in err

    def test_keep_sensitive_is_repeatable_and_forgiving(self, cli: Cli) -> None:
        self._setup(cli)
        keep = ["--keep-sensitive", "Religion", "--keep-sensitive", "immigration"]
        out, err = cli.ok("export", "--mentee", "Ada", *keep)
        assert "Ramadan" in out and "visa renewal" in out and "GP" not in out
        assert "special-category sentences kept: immigration 1, religion 1" in err

    def test_an_unknown_category_is_one_clear_error(self, cli: Cli) -> None:
        self._setup(cli)
        status, out, err = cli("export", "--mentee", "Ada", "--keep-sensitive", "healthy")
        assert status == 2 and out == ""
        assert "--keep-sensitive: unknown special category 'healthy'; one of: health, medication" in err
        assert "Traceback" not in err

    def test_the_mentee_keeps_them_by_default(self, cli: Cli) -> None:
        self._setup(cli)
        out, err = cli.ok("export", "--mentee", "Ada", "--audience", "mentee")
        assert "Ramadan" in out and "special-category sentences kept: health 1, immigration 1, religion 1" in err

    def test_the_agreement_records_shared_categories(self, cli: Cli) -> None:
        self._setup(cli)
        out, _ = cli.ok("agreement", "edit", "Ada", "--share-category", "religion", "--share-category", "sick_leave")
        shown = json.loads(cli.ok("agreement", "show", "Ada", "--json")[0])
        assert shown["consent_share_categories_with_coordinator"] == ["sick-leave", "religion"]
        assert "sick-leave, religion" in cli.ok("agreement", "show", "Ada")[0]
        out, _ = cli.ok("export", "--mentee", "Ada")
        assert "Ramadan" in out and "visa" not in out
        cli.ok("agreement", "edit", "Ada", "--share-category", "none")
        assert "Ramadan" not in cli.ok("export", "--mentee", "Ada")[0]
        status, _, err = cli("agreement", "edit", "Ada", "--share-category", "hobbies")
        assert status == 2 and "--share-category: unknown special category 'hobbies'" in err

    def test_the_export_log_counts_by_category(self, cli: Cli) -> None:
        self._setup(cli)
        cli.ok("export", "--mentee", "Ada", "--keep-sensitive", "health")
        (entry,) = json.loads(cli.ok("export-log", "--json")[0])
        assert entry["sensitive"] == {"kept": {"health": 1}, "withheld": {"immigration": 1, "religion": 1}}
        line = cli.ok("export-log")[0]
        assert "special categories withheld: immigration 1, religion 1" in line and "Ramadan" not in line
