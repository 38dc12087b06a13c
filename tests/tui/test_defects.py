"""Defects found driving the app (issue 14): each test fails on the code before its fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input, TabbedContent

from mentorjournal.journal import Journal, Session
from mentorjournal.tui.screens.create_vault import CreateVaultScreen, RecoveryKeyScreen
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.snippets import result_snippet, without_private
from mentorjournal.tui.widgets.record_table import RecordTable

from .helpers import PASSPHRASE, TODAY, fill_vault, make_app, open_search, press, unlock, wait_for


class TestTabs:
    async def test_right_arrow_walks_every_tab_and_back(self, tmp_path: Path) -> None:
        """→ goes from Sessions through Actions to Concerns (it stopped at Actions); ← comes back."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
            tabs = app.screen.query_one("#mentee-tabs", TabbedContent)
            seen = [tabs.active]
            for _ in range(4):
                await pilot.press("right")
                await pilot.pause()
                seen.append(tabs.active)
            assert seen == list(MenteeScreen.TABS)
            await pilot.press("left", "left")
            await pilot.pause()
            assert tabs.active == "tab-actions"


class TestSnippets:
    TEXT = (
        "We went through the quarterly budget in detail and the hiring plan. [[private]]She may resign "
        "before summer[[/private]] Next time: the zephyr migration roadmap, and who owns the runbook."
    )

    @pytest.mark.parametrize("width", [12, 20, 30, 45, 80])
    @pytest.mark.parametrize("query", ["zephyr", "runb", "budget", "resign", "hiring plan"])
    def test_the_matching_word_stays_in_view(self, query: str, width: int) -> None:
        """Whatever the width and wherever the word, the whole first matching word (or what fits) is shown."""
        snippet = result_snippet(self.TEXT, query, width)
        assert len(snippet) <= width
        first = query.split()[0]
        assert first in snippet.lower() or snippet.strip("…").lower() in first

    def test_markers_never_show_and_other_private_passages_are_hidden(self) -> None:
        for query in ("zephyr", "budget"):
            shown = result_snippet(self.TEXT, query, 300)
            assert "[[" not in shown and "resign" not in shown and "[private]" in shown
        shown = result_snippet(self.TEXT, "resign", 300)
        assert "resign" in shown and "[[" not in shown

    def test_an_unclosed_marker_hides_to_the_end(self) -> None:
        assert without_private("Plan agreed. [[ PRIVATE ]]health worries", ["plan"]) == "Plan agreed. [private]"

    async def test_results_at_80_columns_show_the_match(self, tmp_path: Path) -> None:
        """At 80 columns a match deep in a long note shows, with the word, in the results."""

        def long_note(journal: Journal) -> None:
            mentee = journal.find_mentee("Amara")
            notes = (
                "Opening chat about the week. " * 12
                + "[[private]]Worried about money.[[/private]] "
                + ("Then we planned the quokka rollout in detail.")
            )
            journal.save(Session(mentee_id=mentee.id, date=TODAY, title="Long talk", notes=notes))

        fill_vault(tmp_path / "vault", fill=long_note)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await open_search(pilot, "quokka")
            table = app.screen.query_one("#results", RecordTable)
            await wait_for(pilot, lambda: table.row_count > 0)
            found = table._rows[0][-1]
            assert "quokka" in found and "[[" not in found and "Worried" not in found
            assert len(found) <= table.size.width


class TestRecoveryKey:
    async def test_lock_cannot_skip_the_written_down_confirmation(self, tmp_path: Path) -> None:
        """ctrl+l on the recovery key screen keeps the key on screen until it is confirmed."""
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, CreateVaultScreen))
            app.screen.query_one("#new-passphrase", Input).value = PASSPHRASE
            app.screen.query_one("#repeat-passphrase", Input).value = PASSPHRASE
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, RecoveryKeyScreen))
            await press(pilot, "ctrl+l")
            await pilot.pause()
            assert isinstance(app.screen, RecoveryKeyScreen)
            assert app.vault is not None and app.lock_count == 0


class TestNextMeeting:
    async def test_home_due_and_export_agree(self, tmp_path: Path) -> None:
        """A note saved in the app with a next meeting: the home screen, Due and the export show one date."""
        from mentorjournal.export.summary import build_summary
        from mentorjournal.tui.screens.due import DueScreen
        from mentorjournal.tui.screens.editor import SessionEditor
        from mentorjournal.tui.screens.mentees import MenteesScreen

        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-next", Input).value = "2025-03-20"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            amara = app.journal.find_mentee("Amara")
            home = app.screen.query_one("#mentees", RecordTable).row(amara.id)
            assert home[3] == "2025-03-20"
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, DueScreen))
            due = app.screen.query_one("#due", RecordTable).row(f"next-{amara.id}")
            assert due[1] == "2025-03-20"
            summary = build_summary(app.journal, amara, audience="coordinator")
            assert summary.engagement.next_meeting == dt.date(2025, 3, 20)
