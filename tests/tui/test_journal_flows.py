"""Writing, finding, history, conflicts, damage and help, through the real app and a real vault."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, Static, TabbedContent, TextArea

from mentorjournal.journal import Journal, Session
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.dialogs.damaged import DamagedDialog
from mentorjournal.tui.dialogs.mentee_form import MenteeForm
from mentorjournal.tui.screens.conflicts import ConflictsScreen, merge_objects
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.help import HelpScreen, screen_sections
from mentorjournal.tui.screens.history import HistoryScreen
from mentorjournal.tui.screens.mentee import MenteeScreen, sessions_per_month
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.screens.search import SearchScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.widgets.record_table import RecordTable
from mentorjournal.vault import Vault

from .helpers import PASSPHRASE, TODAY, fill_vault, make_app, open_search, press, unlock, wait_for


def vault_bytes(vault_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(vault_dir.rglob("*")) if p.is_file())


class TestMentees:
    async def test_add_a_mentee(self, tmp_path: Path) -> None:
        """n opens the form; saving adds the mentee to the list."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeForm))
            app.screen.query_one("#mentee-name", Input).value = "Chen Wei"
            app.screen.query_one("#mentee-role", Input).value = "Product designer"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            assert "Chen Wei" in [m.name for m in app.journal.mentees()]
            assert app.screen.query_one("#mentees", RecordTable).row_count == 3

    async def test_mentee_detail_shows_sessions_goals_and_timeline(self, tmp_path: Path) -> None:
        """Enter on a mentee: sessions listed, goals with progress bars, a sessions-per-month sparkline."""
        fill_vault(tmp_path / "vault", sessions=4)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
            screen = app.screen
            assert screen.query_one("#sessions", RecordTable).row_count == 4
            screen.query_one("#mentee-tabs", TabbedContent).active = "tab-goals"
            await pilot.pause()
            assert "Lead the platform migration" in str(screen.query_one(".goal-title", Static).render())
            assert screen.query_one("#actions", RecordTable).row_count == 1

    def test_sessions_per_month_counts_calendar_months(self) -> None:
        """The timeline ends with today's month, oldest first."""
        sessions = [
            Session(mentee_id="m", date=dt.date(2025, 3, 1)),
            Session(mentee_id="m", date=dt.date(2025, 3, 9)),
            Session(mentee_id="m", date=dt.date(2024, 4, 30)),
            Session(mentee_id="m", date=dt.date(2020, 1, 1)),
        ]
        counts = sessions_per_month(sessions, dt.date(2025, 3, 14), months=12)
        assert counts[-1] == 2 and counts[0] == 1 and sum(counts) == 3


class TestEditor:
    async def test_write_and_save_a_session(self, tmp_path: Path) -> None:
        """s on a mentee: today's date prefilled; ctrl+s saves through the journal, encrypted."""
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir)
        app = make_app(vault_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            editor = app.screen
            assert editor.query_one("#field-date", Input).value == TODAY.isoformat()
            editor.query_one("#field-title", Input).value = "Quarterly review"
            editor.query_one("#field-duration", Input).value = "45"
            editor.query_one("#field-tags", Input).value = "review, promotion"
            editor.query_one("#field-notes", TextArea).text = "Talked about the zephyrine project."
            editor.query_one(
                "#field-actions", TextArea
            ).text = "- [ ] mentor: send the ladder doc (due 2025-03-20)\nBook the demo"
            assert isinstance(editor, SessionEditor) and editor.has_unsaved_changes
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not editor.has_unsaved_changes
            assert app.journal is not None
            saved = [s for s in app.journal.sessions() if s.title == "Quarterly review"]
            assert len(saved) == 1
            session = saved[0]
            assert session.date == TODAY and session.duration_minutes == 45
            assert session.tags == ["review", "promotion"]
            actions = app.journal.session_actions(session.id)
            assert [(a.text, a.owner, a.due) for a in actions] == [
                ("send the ladder doc", "mentor", dt.date(2025, 3, 20)),
                ("Book the demo", "mentee", None),
            ]
        assert b"zephyrine" not in vault_bytes(vault_dir)

    async def test_goal_progress_from_the_editor(self, tmp_path: Path) -> None:
        """Typing a percentage records progress on the goal, dated with the session."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            assert app.journal is not None
            goal = app.journal.goals()[0]
            app.screen.query_one(f"#goal-percent-{goal.id}", Input).value = "55"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.journal.goal(goal.id).percent == 55

    async def test_bad_date_is_refused_and_nothing_saved(self, tmp_path: Path) -> None:
        """An invalid field: a message naming the field, no record written."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            assert app.journal is not None
            before = len(app.journal.sessions())
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-date", Input).value = "14/03/2025"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "date" in str(app.screen.query_one("#editor-error", Static).render())
            assert len(app.journal.sessions()) == before

    async def test_unsaved_changes_guard_on_leaving(self, tmp_path: Path) -> None:
        """Escape with changes asks; "keep editing" stays, "discard" leaves without saving."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-notes", TextArea).text = "Half-written thought"
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("escape")  # keep editing
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            assert all("Half-written" not in s.notes for s in app.journal.sessions())

    async def test_edit_then_history_lists_both_versions(self, tmp_path: Path) -> None:
        """Editing writes a new revision; h on the session lists the earlier one, viewable."""
        fill_vault(tmp_path / "vault", sessions=1)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-title", Input).value = "Renamed check-in"
            await pilot.press("ctrl+s")
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
            assert "Renamed check-in" in str(app.screen.query_one("#session-title", Static).render())
            await pilot.press("h")
            await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
            table = app.screen.query_one("#revisions", RecordTable)
            assert table.row_count == 2
            await pilot.press("down")
            await pilot.pause()
            assert "Check-in 1" in str(app.screen.query_one("#revision-text", Static).render())


class TestFinding:
    async def test_search_as_you_type_and_jump(self, tmp_path: Path) -> None:
        """Typing a word finds the session (debounced); Enter opens it."""
        fill_vault(tmp_path / "vault", sessions=3)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await open_search(pilot, "part 2")
            results = app.screen.query_one("#results", RecordTable)
            await wait_for(pilot, lambda: results.row_count > 0)
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            assert screen.searches_run <= 3  # debounced: not one search per key
            results.focus()
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
            assert "Check-in 2" in str(app.screen.query_one("#session-title", Static).render())

    async def test_due_view(self, tmp_path: Path) -> None:
        """d lists the overdue action and the next meeting."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("d")
            await wait_for(pilot, lambda: app.screen.query("#due").first() is not None)
            table = app.screen.query_one("#due", RecordTable)
            kinds = [table.row(k)[0] for k in table._keys]
            assert "Overdue action" in kinds and "Meeting" in kinds


class TestDamageAndConflicts:
    async def test_damaged_record_is_shown_and_the_rest_opens(self, tmp_path: Path) -> None:
        """One record file flipped: a notice names it, the other records open, x lists it."""
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir, sessions=3)
        victim = sorted((vault_dir / "records").rglob("*.mjr"))[-1]
        data = bytearray(victim.read_bytes())
        data[-5] ^= 0xFF
        victim.write_bytes(bytes(data))
        app = make_app(vault_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            notices = str(app.screen.query_one("#notices", Static).render())
            assert "1 damaged record" in notices and victim.name in notices
            await pilot.press("x")
            await wait_for(pilot, lambda: isinstance(app.screen, DamagedDialog))
            assert victim.name in str(app.screen.query_one("#damaged-list", Static).render())
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))

    async def test_conflict_side_by_side_and_keep(self, tmp_path: Path) -> None:
        """Two revisions with the same parent: both shown; keeping one ends the conflict."""
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir, sessions=1)
        vault = Vault.unlock(vault_dir, PASSPHRASE)
        try:
            journal = Journal(vault)
            session = journal.sessions()[0]
            head = vault.graph.heads(session.id)[0]
            for title in ("Laptop edit", "Desktop edit"):
                body = dict(head.body or {})
                body["title"] = title
                vault.put("session", body, record_id=session.id, parents=(head.revision_id,))
        finally:
            vault.lock()
        app = make_app(vault_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            assert "edited on two machines" in str(app.screen.query_one("#notices", Static).render())
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))
            left = str(app.screen.query_one("#version-left", Static).render())
            right = str(app.screen.query_one("#version-right", Static).render())
            assert {"Laptop edit", "Desktop edit"} == {t for t in ("Laptop edit", "Desktop edit") if t in left + right}
            await pilot.press("1")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))
            assert app.journal is not None and app.journal.conflicts() == []

    def test_merge_joins_differing_texts(self) -> None:
        """Merging keeps both texts and unites tags."""
        a = Session(mentee_id="m", date=dt.date(2025, 1, 1), notes="from laptop", tags=["a"])
        b = Session(mentee_id="m", date=dt.date(2025, 1, 1), notes="from desktop", tags=["b"])
        merged = merge_objects(a, b)
        assert isinstance(merged, Session)
        assert "from laptop" in merged.notes and "from desktop" in merged.notes
        assert merged.tags == ["a", "b"]


class TestHelp:
    async def test_help_lists_every_binding(self, tmp_path: Path) -> None:
        """F1 shows every key description of the app and of each screen."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            console = Console(width=300, record=True, file=io.StringIO())
            console.print(help_screen.group)
            text = " ".join(console.export_text().split())
            bindings = list(type(app).BINDINGS)
            for _, cls in screen_sections():
                bindings += list(getattr(cls, "BINDINGS", []))
            for binding in bindings:
                assert binding.tooltip, binding
                assert binding.id, binding
                assert binding.tooltip in text


class TestFirstSearch:
    async def test_the_wait_for_the_search_index_is_announced_then_the_search_runs(self, tmp_path: Path) -> None:
        """Before the first search builds (or reads back) the index, the screen says so; then the hits come."""
        from mentorjournal.tui.screens.search import PREPARING

        fill_vault(tmp_path / "vault", sessions=3)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            journal = app.journal
            assert journal is not None and not journal.search_index_ready
            said: list[str] = []
            screen = await open_search(pilot)
            status = screen.query_one("#search-status", Static)
            original = status.update

            def spy(content: object = "") -> None:
                said.append(str(content))
                original(content)  # type: ignore[arg-type]

            status.update = spy  # type: ignore[method-assign]
            await pilot.press(*"part 2")
            results = app.screen.query_one("#results", RecordTable)
            await wait_for(pilot, lambda: results.row_count > 0)
            assert said[0] == PREPARING
            assert journal.search_index_ready and said[-1].endswith("result(s)")
            await pilot.press("ctrl+a", *"check")  # later searches need no announcement
            await wait_for(pilot, lambda: screen.searches_run >= 2)
            assert said.count(PREPARING) == 1


class _HeldBuild:
    """Holds the app's search-index build at its start (after its snapshot) until ``release``: what a
    100,000-session first build looks like to the app, seconds of work in a worker thread."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import threading

        from mentorjournal.journal.search_build import SearchBuild

        self.started = threading.Event()
        self.go = threading.Event()
        self.builds: list[SearchBuild] = []
        self.outcomes: list[str] = []
        original = SearchBuild.run

        def held(build: SearchBuild, *args: object, **kwargs: object) -> None:
            self.builds.append(build)
            self.started.set()
            assert self.go.wait(20)
            try:
                original(build, *args, **kwargs)  # type: ignore[arg-type]
            except BaseException as exc:
                self.outcomes.append(type(exc).__name__)
                raise
            self.outcomes.append("built")

        monkeypatch.setattr(SearchBuild, "run", held)

    def release(self) -> None:
        self.go.set()


class TestSearchWhileTheIndexIsMade:
    """The first search's index is made in a worker thread: the app answers meanwhile (issue 16)."""

    async def test_typing_goes_on_and_the_results_come_when_the_index_is_ready(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from mentorjournal.tui.screens.search import PREPARING

        held = _HeldBuild(monkeypatch)
        fill_vault(tmp_path / "vault", sessions=3)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            screen = await open_search(pilot)
            await pilot.press(*"part")
            await wait_for(pilot, lambda: held.started.is_set())
            status = screen.query_one("#search-status", Static)
            await wait_for(pilot, lambda: str(status.render()) == PREPARING)
            # The UI thread is free: keys are handled, the query grows, the debounced search comes back.
            await pilot.press(*" 2")
            await wait_for(pilot, lambda: screen.query_one("#query", Input).value == "part 2")
            await pilot.pause(0.3)
            assert screen.searches_run == 0 and str(status.render()) == PREPARING
            assert app.journal is not None and not app.journal.search_index_ready
            held.release()
            results = screen.query_one("#results", RecordTable)
            await wait_for(pilot, lambda: results.row_count > 0)
            assert held.outcomes == ["built"] and app.journal.search_index_ready
            assert str(status.render()).endswith("result(s)") and len(held.builds) == 1

    async def test_a_session_saved_during_the_build_is_found_afterwards(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        held = _HeldBuild(monkeypatch)
        fill_vault(tmp_path / "vault", sessions=3)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            journal = app.journal
            assert journal is not None
            screen = await open_search(pilot)
            await pilot.press(*"zanzibar")
            await wait_for(pilot, lambda: held.started.is_set())
            # Saved on the UI thread after the build took its snapshot (as the editor would).
            amara = next(m for m in journal.mentees() if m.name.startswith("Amara"))
            saved = journal.save(Session(mentee_id=amara.id, date=TODAY, title="Trip", notes="Zanzibar offsite plans"))
            held.release()
            results = screen.query_one("#results", RecordTable)
            await wait_for(pilot, lambda: results.row_count > 0)
            assert list(screen.hits) == [saved.id]
            assert [h.obj.id for h in journal.search("zanzibar offsite")] == [saved.id]

    async def test_locking_during_the_build_stops_it_and_seals_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from mentorjournal.vault.vault import unlock_cache_dir

        held = _HeldBuild(monkeypatch)
        fill_vault(tmp_path / "vault", sessions=3)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            vault = app.vault
            assert vault is not None
            await open_search(pilot, "part")
            await wait_for(pilot, lambda: held.started.is_set())
            await pilot.press("ctrl+l")
            await wait_for(pilot, lambda: app.journal is None and vault.is_locked)
            assert held.builds[0].cancelled
            held.release()
            await wait_for(pilot, lambda: bool(held.outcomes))
            await wait_for(pilot, lambda: not app.search_prep.running)
            assert held.outcomes[0] in {"BuildStopped", "Locked"}
            assert held.builds[0].index is None  # nothing kept in memory
            assert not list(unlock_cache_dir().glob(f"{vault.vault_id}.search-index*"))
            # Unlocked again, a search builds afresh and finds what is there.
            await unlock(pilot)
            await open_search(pilot, "part 2")
            results = app.screen.query_one("#results", RecordTable)
            await wait_for(pilot, lambda: results.row_count > 0)
            assert list(unlock_cache_dir().glob(f"{vault.vault_id}.search-index*"))

    async def test_a_build_that_fails_leaves_the_search_to_build_in_place(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import threading

        from mentorjournal.journal.search_build import SearchBuild

        original = SearchBuild.run

        def broken(build: SearchBuild, *args: object, **kwargs: object) -> None:
            if threading.current_thread() is not threading.main_thread():
                raise RuntimeError("no index today (in a worker)")
            original(build, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(SearchBuild, "run", broken)
        fill_vault(tmp_path / "vault", sessions=3)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await open_search(pilot, "part 2")
            results = app.screen.query_one("#results", RecordTable)
            await wait_for(pilot, lambda: results.row_count > 0)  # the journal built it on the UI thread
            assert app.journal is not None and app.journal.search_index_ready


class TestTerminalGone:
    async def test_a_closed_terminal_locks_the_vault_and_ends_the_app(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When standard input stops being a terminal (the window was closed), the vault is locked and the app ends."""
        from mentorjournal.tui import app as app_module

        fill_vault(tmp_path / "vault", sessions=1)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            vault = app.vault
            assert vault is not None and not vault.is_locked
            monkeypatch.setattr(app_module, "on_a_terminal", lambda: True)
            app._leave_if_terminal_gone()  # the terminal is still there: nothing happens
            assert app.vault is vault and not vault.is_locked
            monkeypatch.setattr(app_module, "on_a_terminal", lambda: False)
            app._leave_if_terminal_gone()
            await pilot.pause()
            assert vault.is_locked and app.vault is None and app.journal is None
        assert app.return_code == 0
