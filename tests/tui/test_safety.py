"""What the app must never do: render vault text as markup or escapes, offer screenshots, freeze."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea

from mentorjournal.journal import Journal, Mentee, Session
from mentorjournal.tui.app import MentorJournalApp
from mentorjournal.tui.commands import JournalCommands, palette_commands
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.help import screen_sections
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.widgets.record_table import RecordTable
from mentorjournal.tui.widgets.safe_text import inert, visible
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault

from .helpers import PASSPHRASE, fill_vault, make_app, press, unlock, wait_for

HOSTILE = "[bold]x[/bold] [link=http://e.com]y[/link] \x1b]52;c;AAAA\x07 \x1b[31mred \u202eevil"


def strip_text(table: RecordTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y + 1))  # line 0: the titles


class TestInertText:
    def test_inert_keeps_brackets_and_shows_escapes(self) -> None:
        """Markup stays as characters; ESC, BEL and bidi overrides become visible stand-ins."""
        shown = inert(HOSTILE)
        assert isinstance(shown, Text)
        assert "[bold]x[/bold]" in shown.plain and "[link=http://e.com]y[/link]" in shown.plain
        assert "\x1b" not in shown.plain and "\x07" not in shown.plain and "\u202e" not in shown.plain
        assert "␛]52;c;AAAA␇" in shown.plain and "␛[31m" in shown.plain
        assert not shown.spans  # no style came from the text itself

    def test_newlines_and_tabs_survive(self) -> None:
        """Only unsafe controls are replaced."""
        assert visible("a\n\tb\r") == "a\n\tb␍"

    async def test_hostile_note_renders_inert_everywhere(self, tmp_path: Path) -> None:
        """A mentee name and a note full of markup and escapes show those characters in every view."""
        vault_dir = tmp_path / "vault"

        def hostile(journal: Journal) -> None:
            mentee = journal.save(Mentee(name="Eve " + HOSTILE))
            journal.save(
                Session(
                    mentee_id=mentee.id,
                    date=dt.date(2025, 3, 1),
                    title="T " + HOSTILE,
                    notes=HOSTILE,
                    shared_summary=HOSTILE,
                    tags=[HOSTILE],
                )
            )

        fill_vault(vault_dir, fill=hostile)
        app = make_app(vault_dir)
        async with app.run_test(size=(120, 30)) as pilot:
            await unlock(pilot)
            table = app.screen.query_one("#mentees", RecordTable)
            lines = [strip_text(table, y) for y in range(table.row_count)]
            eve = next(line for line in lines if "Eve" in line)
            assert "[bold]x[/bold]" in eve and "\x1b" not in eve and "␛" in eve
            assert table.current_key is not None
            table.move_to(next(k for k in table._keys if "Eve" in table.row(k)[0]))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
            title = app.screen.query_one("#mentee-title", Static).render()
            assert "[bold]x[/bold]" in str(title) and "\x1b" not in str(title)
            sessions = app.screen.query_one("#sessions", RecordTable)
            row = strip_text(sessions, 0)
            assert "[link=http://e.com]y[/link]" in row and "\x1b" not in row
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
            body = str(app.screen.query_one("#session-text", Static).render())
            assert body.count("[bold]x[/bold]") == 2 and "\x1b" not in body and "\x07" not in body
            assert "␛]52;c;AAAA␇" in body
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            notes = app.screen.query_one("#field-notes", TextArea).text
            assert "\x1b" not in notes and "[bold]x[/bold]" in notes
            assert app.screen.query_one("#editor-unsafe", Static).display
            svg = app.export_screenshot()
            assert "\x1b" not in svg

    async def test_hostile_search_snippet_is_inert(self, tmp_path: Path) -> None:
        """Search results draw snippets through the same inert path."""
        vault_dir = tmp_path / "vault"

        def hostile(journal: Journal) -> None:
            mentee = journal.mentees()[0]
            journal.save(Session(mentee_id=mentee.id, date=dt.date(2025, 3, 2), notes="quokka " + HOSTILE))

        fill_vault(vault_dir, fill=hostile)
        app = make_app(vault_dir)
        async with app.run_test(size=(120, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("slash")
            await pilot.press(*"quokka")
            await wait_for(pilot, lambda: app.screen.query_one("#results", RecordTable).row_count > 0)
            line = strip_text(app.screen.query_one("#results", RecordTable), 0)
            assert "quokka" in line and "\x1b" not in line


class TestNoScreenshots:
    def test_no_binding_reaches_a_screenshot(self) -> None:
        """No key of the app or any screen runs a screenshot action."""
        classes: list[type] = [MentorJournalApp, *(cls for _, cls in screen_sections())]
        for cls in classes:
            for binding in getattr(cls, "BINDINGS", []):
                assert isinstance(binding, Binding)
                assert "screenshot" not in binding.action.lower()

    def test_palette_provider_is_ours_only(self, tmp_path: Path) -> None:
        """Only our provider; Textual's system commands (with "Screenshot") are gone."""
        app = make_app(tmp_path / "vault")
        assert {JournalCommands} == set(MentorJournalApp.COMMANDS)
        assert list(app.get_system_commands(Screen())) == []

    async def test_palette_lists_no_screenshot(self, tmp_path: Path) -> None:
        """Opening the palette and typing "screenshot" finds nothing; the listed commands are ours."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            titles = [c.title.lower() for c, _ in palette_commands(app, app.screen)]
            assert titles and not any("screenshot" in t for t in titles)
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
            await pilot.pause(0.3)
            options = app.screen.query_one(OptionList)
            discovered = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert discovered and not any("screenshot" in d.lower() for d in discovered)
            app.screen.query_one(Input).value = "screenshot"
            await pilot.pause(0.5)
            found = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert not any("screenshot" in f.lower() for f in found)

    async def test_screenshot_methods_refuse(self, tmp_path: Path) -> None:
        """Even called directly, nothing is written."""
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.action_screenshot()
            assert app.deliver_screenshot() is None
            with pytest.raises(Exception, match="switched off"):
                app.save_screenshot(path=str(tmp_path))
        assert not list(tmp_path.glob("*.svg"))


@pytest.fixture(scope="session")
def big_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 sessions for one mentee (fsync skipped while generating: only speed differs)."""
    vault_dir = tmp_path_factory.mktemp("big") / "vault"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "fsync", lambda fd: None)
        created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
        journal = Journal(created.vault)
        mentee = journal.save(Mentee(name="Long Career"))
        start = dt.date(1998, 1, 1)
        for i in range(10_000):
            journal.save(
                Session(
                    mentee_id=mentee.id,
                    date=start + dt.timedelta(days=i),
                    title=f"Session {i}",
                    notes="Talked about delegation and the team's roadmap. " * 4,
                    tags=["roadmap"],
                )
            )
        created.vault.lock()
    return vault_dir


@pytest.fixture
def big_copy(big_vault: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "vault"
    shutil.copytree(big_vault, target)
    yield target


class TestScale:
    async def test_ten_thousand_sessions_stay_fast(self, big_copy: Path) -> None:
        """Opening a mentee with 10,000 sessions and paging through them takes well under a second each."""
        app = make_app(big_copy)
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            started = time.perf_counter()
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
            opened = time.perf_counter() - started
            table = app.screen.query_one("#sessions", RecordTable)
            assert table.row_count == 10_000
            started = time.perf_counter()
            await pilot.press("end", "pageup", "pageup", "home", "down")
            moved = time.perf_counter() - started
            assert table.cursor == 1
            screen = app.screen
            assert isinstance(screen, MenteeScreen)
            timings = []
            for _ in range(3):  # the best of three: the work itself, not a busy machine's noise
                started = time.perf_counter()
                screen.refresh_data()  # everything the screen does per row
                timings.append(time.perf_counter() - started)
            assert min(timings) < 0.5, timings
            assert opened < 3.0, opened  # includes the test pilot's own waiting
            assert moved < 2.0, moved
            await pilot.press("slash")
            await pilot.press(*"delegation")
            await wait_for(pilot, lambda: app.screen.query_one("#results", RecordTable).row_count > 0)

    async def test_small_terminal(self, tmp_path: Path) -> None:
        """80x24: every main screen opens without error."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
            await pilot.press("f1")
            await pilot.pause()
            await pilot.press("escape")
            await press(pilot, "ctrl+l")
            await wait_for(pilot, lambda: app.journal is None)
            await asyncio.sleep(0)
