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
