"""The session editor: one save path with the CLI, defaults that save, drafts that survive locking."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from mentorjournal.journal import Agreement, Journal
from mentorjournal.journal.drafts import drafts
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.dialogs.drafts import DraftsDialog
from mentorjournal.tui.note_fields import read_checklist, read_minutes
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.screens.unlock import UnlockScreen

from .helpers import PASSPHRASE, TODAY, fill_vault, make_app, press, unlock, wait_for


class TestFieldGrammar:
    def test_checklist_lines_are_the_note_formats(self) -> None:
        """Owner, due date and status come from the note format; a line without its box is an open item."""
        items = read_checklist("- [ ] mentor: send the CV (due 2025-04-01)\n\n- [x] mentee: read the book\nCall HR\n")
        assert [(a.text, a.owner, a.status, a.due) for a in items] == [
            ("send the CV", "mentor", "open", dt.date(2025, 4, 1)),
            ("read the book", "mentee", "done", None),
            ("Call HR", "mentee", "open", None),
        ]

    def test_a_bad_checklist_line_names_its_line(self) -> None:
        from mentorjournal.errors import InvalidInput

        with pytest.raises(InvalidInput, match="line 2"):
            read_checklist("- [ ] ok\n- [ ] mentor: x (due 2025-13-40)")

    def test_every_built_in_template_is_a_valid_note(self) -> None:
        from mentorjournal.journal.templates import BUILT_IN

        for template in BUILT_IN:
            read_checklist(template.actions)

    @pytest.mark.parametrize(("typed", "minutes"), [("60", 60), ("45 min", 45), ("1h30", 90), ("", None)])
    def test_minutes_read_like_the_notes_duration(self, typed: str, minutes: int | None) -> None:
        assert read_minutes(typed) == minutes


class TestOneSavePath:
    async def test_the_minutes_shown_are_saved(self, tmp_path: Path) -> None:
        """A new note shows 60 minutes as a value (not a placeholder) and saves it untouched."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            assert app.screen.query_one("#field-duration", Input).value == "60"
            app.screen.query_one("#field-title", Input).value = "Defaults"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.journal is not None
            saved = next(s for s in app.journal.sessions() if s.title == "Defaults")
            assert saved.duration_minutes == 60

    async def test_a_private_marker_left_open_is_saved_with_a_warning_naming_no_text(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-title", Input).value = "Open marker"
            app.screen.query_one("#field-summary", TextArea).text = "Shared.\n[[private]]zqcanary never closed"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.journal is not None
            assert any(s.title == "Open marker" for s in app.journal.sessions())
            shown = [n.message for n in app._notifications]
            assert any("never closed" in m and "line 2" in m for m in shown)
            assert not any("zqcanary" in m for m in shown)

    async def test_agreed_length_and_format_are_the_defaults(self, tmp_path: Path) -> None:
        """The agreement's session length and format prefill a new note."""

        def agree(journal: Journal) -> None:
            mentee = journal.find_mentee("Amara")
            journal.save(Agreement(mentee_id=mentee.id, session_minutes=45, format="phone"))

        fill_vault(tmp_path / "vault", fill=agree)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            assert app.screen.query_one("#field-duration", Input).value == "45"
            assert app.screen.query_one("#field-format", Select).value == "phone"

    async def test_tags_are_normalised_and_actions_keep_their_identity(self, tmp_path: Path) -> None:
        """Saved through plan-and-apply: duplicate tags go, an edited checklist keeps matched items."""
        fill_vault(tmp_path / "vault", sessions=1)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            assert app.journal is not None
            session = app.journal.sessions()[0]
            before = app.journal.session_actions(session.id)
            app.push_screen(SessionEditor(session_id=session.id))
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            editor = app.screen
            actions = editor.query_one("#field-actions", TextArea)
            assert actions.text == "- [ ] mentee: Draft the RFC (due 2025-03-10)"
            editor.query_one("#field-tags", Input).value = "career, Career , growth"
            actions.text = "- [x] mentee: Draft the RFC (due 2025-03-10)\n- [ ] other: book a room"
            await pilot.press("ctrl+s")
            await pilot.pause()
            saved = app.journal.session(session.id)
            assert saved.tags == ["career", "growth"]  # kept once, case-insensitively, as the CLI does
            after = app.journal.session_actions(session.id)
            assert after[0].id == before[0].id and after[0].status == "done" and after[0].done_on == saved.date
            assert (after[1].owner, after[1].text) == ("other", "book a room")

    async def test_a_bad_action_line_is_refused_with_its_line(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            assert app.journal is not None
            count = len(app.journal.sessions())
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-actions", TextArea).text = "ok\n- [ ] mentor: x (due someday)"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "line 2" in str(app.screen.query_one("#editor-error", Static).render())
            assert len(app.journal.sessions()) == count

    async def test_last_sessions_actions_are_ticked_in_the_next_note(self, tmp_path: Path) -> None:
        """The new note lists the previous session's open actions and its shared summary; ticking closes them."""
        fill_vault(tmp_path / "vault", sessions=2)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 40)) as pilot:
            await unlock(pilot)
            assert app.journal is not None
            open_before = [a for a in app.journal.actions() if a.status == "open"]
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            editor = app.screen
            assert "Agreed next steps" in str(editor.query_one("#previous-summary", Static).render())
            boxes = list(editor.query(".earlier-action").results(Checkbox))
            assert len(boxes) == 1 and "Draft the RFC" in str(boxes[0].label)
            boxes[0].value = True
            editor.query_one("#field-title", Input).value = "Follow-up"
            await pilot.press("ctrl+s")
            await pilot.pause()
            action = app.journal.action(open_before[0].id)
            assert action.status == "done" and action.done_on == TODAY


class TestWritingKeys:
    async def test_ctrl_t_marks_the_selection_private(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            area = app.screen.query_one("#field-summary", TextArea)
            area.text = "Agreed a plan. She is unwell. Next time: the review."
            area.focus()
            from textual.widgets.text_area import Selection

            area.selection = Selection((0, 15), (0, 29))
            await pilot.press("ctrl+t")
            assert area.text == "Agreed a plan. [[private]]She is unwell.[[/private]] Next time: the review."

    async def test_a_key_per_section(self, tmp_path: Path) -> None:
        """F3 to F6 reach notes, summary, actions and reflection; F2 the details; at 80×24."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            for key, target in [
                ("f6", "field-reflection"),
                ("f3", "field-notes"),
                ("f5", "field-actions"),
                ("f4", "field-summary"),
                ("f2", "field-date"),
            ]:
                await pilot.press(key)
                await pilot.pause()
                assert app.focused is not None and app.focused.id == target
                assert app.focused.region.height > 0  # scrolled into view

    async def test_tab_into_a_filled_field_keeps_its_text(self, tmp_path: Path) -> None:
        """Tab does not select a filled field's text, so the next key adds to it instead of replacing it."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-tags", Input).value = "career"
            app.screen.query_one("#field-title", Input).focus()
            await pilot.pause()
            await pilot.press("tab", "x")
            assert app.screen.query_one("#field-tags", Input).value == "careerx"

    async def test_keys_typed_quickly_after_tab_go_to_the_next_field(self, tmp_path: Path) -> None:
        """Keys that arrive together with Tab (a paste, a password manager) land in the field Tab moved to."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            title = app.screen.query_one("#field-title", Input)
            title.value = ""
            title.focus()
            await pilot.pause()
            for key in ["a", "b", "tab", *"growth"]:  # no pause between the keys
                app.simulate_key(key)
            await pilot.pause()
            await pilot.pause()
            assert title.value == "ab"
            assert app.screen.query_one("#field-tags", Input).value == "growth"

    async def test_keys_typed_quickly_after_enter_go_to_the_next_field(self, tmp_path: Path) -> None:
        """Enter in a one-line field moves on before the keys after it are handled."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            title = app.screen.query_one("#field-title", Input)
            title.focus()
            await pilot.pause()
            for key in ["a", "enter", *"growth"]:
                app.simulate_key(key)
            await pilot.pause()
            await pilot.pause()
            assert title.value == "a"
            assert app.screen.query_one("#field-tags", Input).value == "growth"
            notes = app.screen.query_one("#field-notes", TextArea)
            notes.focus()
            await pilot.press("x", "enter", "y")
            assert notes.text == "x\ny"  # in a text area Enter is still a new line


def scan_for(canary: bytes, *folders: Path) -> list[Path]:
    """Every file under ``folders`` holding ``canary`` as plain bytes."""
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and canary in path.read_bytes():
                found.append(path)
    return found


class TestDrafts:
    async def test_auto_lock_mid_note_keeps_an_encrypted_draft_offered_after_unlock(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Auto-lock while writing: the note is kept as an encrypted draft, never plaintext anywhere, and
        is offered back after unlock with every field as it was typed."""
        tmp = tmp_path / "tmpdir"
        tmp.mkdir()
        monkeypatch.setenv("TMPDIR", str(tmp))
        monkeypatch.setattr(tempfile, "tempdir", None)
        canary = "zq-canary-7e1f unplanned resignation letter"
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir)
        app = make_app(vault_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-title", Input).value = "Half-way"
            app.screen.query_one("#field-notes", TextArea).text = canary
            app.screen.query_one("#field-actions", TextArea).text = "- [ ] mentor: unfinished (due 20"  # not valid yet
            app.idle_lock_seconds = 1.0  # the mentor is called away now (a slow machine must not lock earlier)
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), timeout=10)
            reason = str(app.screen.query_one("#lock-reason", Static).render())
            assert "encrypted draft" in reason and "discarded" not in reason
            leaks = scan_for(canary.encode(), vault_dir, Path(os.environ["HOME"]), tmp)
            assert leaks == []
            app.idle_lock_seconds = 3600
            await unlock_to_drafts(pilot)
            dialog = app.screen
            assert isinstance(dialog, DraftsDialog) and len(dialog.drafts) == 1
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            await pilot.pause()
            editor = app.screen
            assert editor.query_one("#field-notes", TextArea).text == canary
            assert editor.query_one("#field-title", Input).value == "Half-way"
            assert editor.query_one("#field-actions", TextArea).text == "- [ ] mentor: unfinished (due 20"
            assert isinstance(editor, SessionEditor) and editor.has_unsaved_changes
            editor.query_one("#field-actions", TextArea).text = ""
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.journal is not None
            assert any(s.notes == canary for s in app.journal.sessions())
            assert drafts(app.journal) == []  # saving removed the draft
        assert scan_for(canary.encode(), vault_dir, Path(os.environ["HOME"]), tmp) == []

    async def test_the_lock_key_keeps_the_note_without_asking(self, tmp_path: Path) -> None:
        """ctrl+l with an unsaved note locks at once; the note waits as a draft; "Later" keeps it."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-title", Input).value = "Unsaved"
            await press(pilot, "ctrl+l")
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
            assert not any(isinstance(s, ConfirmDialog) for s in app.screen_stack)
            await unlock_to_drafts(pilot)
            await pilot.press("escape")  # later
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None and len(drafts(app.journal)) == 1

    async def test_drafts_are_kept_every_few_seconds_and_discarded_on_close(self, tmp_path: Path) -> None:
        """Typing leaves a draft in the vault within seconds; closing with "discard" removes it."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-notes", TextArea).text = "Typing away"
            assert app.journal is not None
            journal = app.journal
            await wait_for(pilot, lambda: len(drafts(journal)) == 1, timeout=10)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert drafts(journal) == []
            assert all(s.notes != "Typing away" for s in journal.sessions())


async def unlock_to_drafts(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.query("#passphrase").first() is not None)
    app.screen.query_one("#passphrase", Input).value = PASSPHRASE
    await press(pilot, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DraftsDialog), timeout=60)


class TestTemplates:
    async def test_a_note_from_a_template_and_an_edited_template(self, tmp_path: Path) -> None:
        """Templates screen: edit the GROW template (stored in the vault); a new note starts from it,
        filling only the empty sections."""
        from mentorjournal.journal.templates import templates
        from mentorjournal.tui.dialogs.record_form import RecordForm
        from mentorjournal.tui.screens.templates import TemplatesScreen
        from mentorjournal.tui.widgets.record_table import RecordTable

        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            app.action_templates()
            await wait_for(pilot, lambda: isinstance(app.screen, TemplatesScreen))
            table = app.screen.query_one("#templates", RecordTable)
            assert table.row_count == 4
            table.move_to("builtin-grow")
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            app.screen.query_one("#form-notes", TextArea).text = "Goal:\nReality:\nOptions:\nWill:\nMood check:"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, TemplatesScreen))
            assert app.journal is not None
            grow = next(t for t in templates(app.journal) if t.builtin == "grow")
            assert grow.record_id and "Mood check" in grow.notes and len(templates(app.journal)) == 4
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            editor = app.screen
            editor.query_one("#field-reflection", TextArea).text = "Mine already"
            editor.query_one("#field-template", Select).value = grow.name
            await pilot.pause()
            assert "Mood check" in editor.query_one("#field-notes", TextArea).text
            assert editor.query_one("#field-reflection", TextArea).text == "Mine already"
            assert editor.query_one("#field-actions", TextArea).text == grow.actions
