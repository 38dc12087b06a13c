"""Everything a mentor edits besides notes, without leaving the app: agreement and consent, people,
concerns, goal progress, actions from the Actions tab and Due, archiving, history, passphrases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Checkbox, Input, Select, Static, TabbedContent, TextArea

from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.dialogs.record_form import RecordForm
from mentorjournal.tui.screens.due import DueScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.history import HistoryScreen
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.screens.people import PeopleScreen
from mentorjournal.tui.screens.recover import RecoverScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.screens.unlock import UnlockScreen
from mentorjournal.tui.widgets.record_table import RecordTable
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault

from .helpers import PASSPHRASE, TODAY, fill_vault, make_app, press, unlock, wait_for


async def open_mentee(pilot: object) -> MenteeScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await unlock(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MenteeScreen))
    screen = pilot.app.screen
    assert isinstance(screen, MenteeScreen)
    return screen


class TestAgreement:
    async def test_agreement_with_consent_to_share(self, tmp_path: Path) -> None:
        """a on a mentee: the agreement form; consent ticked is saved and shown on the Agreement tab."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            mentee = await open_mentee(pilot)
            await pilot.press("a")
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            form = app.screen
            form.query_one("#form-goals", TextArea).text = "Lead the platform team"
            form.query_one("#form-cadence", Input).value = "monthly"
            form.query_one("#form-minutes", Input).value = "45"
            form.query_one("#form-format", Select).value = "video"
            form.query_one("#form-consent", Checkbox).value = True
            form.query_one("#form-coordinator", Input).value = "Programme office"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: app.screen is mentee)
            assert app.journal is not None
            agreement = app.journal.agreement(mentee.mentee_id)
            assert agreement is not None and agreement.consent_share_summaries_with_coordinator
            assert agreement.session_minutes == 45 and agreement.cadence == "monthly"
            assert mentee.query_one("#mentee-tabs", TabbedContent).active == "tab-agreement"
            assert "Programme office" in str(mentee.query_one("#agreement", Static).render())

    async def test_a_bad_field_keeps_the_form_open(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await open_mentee(pilot)
            await pilot.press("a")
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            app.screen.query_one("#form-starts", Input).value = "soon"
            await press(pilot, "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, RecordForm)
            assert "start date" in str(app.screen.query_one("#form-error", Static).render())


class TestPeopleAndConcerns:
    async def test_add_and_edit_a_person_with_aliases(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            mentee = await open_mentee(pilot)
            await pilot.press("o")
            await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen))
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            app.screen.query_one("#form-name", Input).value = "Carla Ruiz"
            app.screen.query_one("#form-aliases", Input).value = "Carla, CR, Carla"
            app.screen.query_one("#form-relationship", Input).value = "line manager"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen))
            assert app.journal is not None
            person = app.journal.people()[0]
            assert person.aliases == ["Carla", "CR"] and person.mentee_id == mentee.mentee_id
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            app.screen.query_one("#form-relationship", Input).value = "skip-level manager"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen))
            assert app.journal.person(person.id).relationship == "skip-level manager"

    async def test_record_a_concern(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            mentee = await open_mentee(pilot)
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            app.screen.query_one("#form-time", Input).value = "09:40"
            app.screen.query_one("#form-words", TextArea).text = "I haven't slept in weeks"
            app.screen.query_one("#form-action", TextArea).text = "Shared the EAP number"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: app.screen is mentee)
            assert app.journal is not None
            concern = app.journal.concerns(mentee.mentee_id)[0]
            assert concern.date == TODAY and concern.time == dt.time(9, 40)
            assert "slept" in str(mentee.query_one("#concerns", Static).render())


class TestGoalsAndActions:
    async def test_goal_progress(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await open_mentee(pilot)
            await pilot.press("p")
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            app.screen.query_one("#form-percent", Input).value = "70"
            app.screen.query_one("#form-comment", TextArea).text = "Ran the first planning"
            await press(pilot, "ctrl+s")
            await pilot.pause()
            assert app.journal is not None
            goal = app.journal.goals()[0]
            assert goal.percent == 70 and goal.progress[-1].comment == "Ran the first planning"

    async def test_done_drop_and_reopen_from_the_actions_tab(self, tmp_path: Path) -> None:
        """Space: done, and open again; -: dropped; space on a dropped one reopens it. Overdue rows stand out."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            mentee = await open_mentee(pilot)
            mentee.query_one("#mentee-tabs", TabbedContent).active = "tab-actions"
            await pilot.pause()
            table = mentee.query_one("#actions", RecordTable)
            table.focus()
            key = table.current_key
            assert key is not None and app.journal is not None
            assert table.is_overdue(key)  # due 2025-03-10, today 2025-03-14
            statuses = []
            for k in ("space", "space", "minus", "space"):
                await pilot.press(k)
                await pilot.pause()
                statuses.append(app.journal.action(key).status)
            assert statuses == ["done", "open", "dropped", "open"]

    async def test_due_rows_close_actions_and_open_what_they_are_about(self, tmp_path: Path) -> None:
        """On Due: the overdue action is highlighted; space marks it done; Enter on a meeting opens its session."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, DueScreen))
            table = app.screen.query_one("#due", RecordTable)
            assert app.journal is not None
            action = next(a for a in app.journal.actions() if a.status == "open")
            assert table.current_key == action.id and table.is_overdue(action.id)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
            assert app.screen.query_one("#actions", RecordTable).current_key == action.id
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, DueScreen))
            await pilot.press("space")
            await pilot.pause()
            assert app.journal.action(action.id).status == "done"
            meeting = next(k for k in table._keys if k.startswith("next-"))
            table.move_to(meeting)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))


class TestArchiveHistoryAndKeys:
    async def test_archive_a_mentee(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24)) as pilot:
            mentee = await open_mentee(pilot)
            mentee.action_archive()
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            assert app.journal.mentee(mentee.mentee_id).archived
            assert app.screen.query_one("#mentees", RecordTable).row_count == 1

    async def test_history_diff_and_restore_as_a_new_revision(self, tmp_path: Path) -> None:
        """Edit a session, open its history: d shows the changed line; r restores the old title as a new revision."""
        fill_vault(tmp_path / "vault", sessions=1)
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            assert app.journal is not None
            session = app.journal.sessions()[0]
            app.push_screen(SessionEditor(session_id=session.id))
            await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
            app.screen.query_one("#field-title", Input).value = "Renamed"
            await pilot.press("ctrl+s")
            await pilot.pause()
            app.push_screen(HistoryScreen(session.id))
            await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
            await pilot.pause()
            history = app.screen
            await pilot.press("d")
            shown = str(history.query_one("#revision-text", Static).render())
            assert "+title: Renamed" in shown and "-title: Check-in 1" in shown
            history.query_one("#revisions", RecordTable).action_move(1)  # the older version
            await pilot.pause()
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
            assert app.journal.session(session.id).title == "Check-in 1"
            assert len(app.journal.history(session.id)) == 3
            assert not app.journal.conflicts()

    async def test_ctrl_c_says_how_to_quit(self, tmp_path: Path) -> None:
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await unlock(pilot)
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert any("ctrl+q" in str(n.message) for n in app._notifications)
            assert app.is_running


class TestPassphrases:
    async def test_change_the_passphrase(self, tmp_path: Path) -> None:
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir)
        app = make_app(vault_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            app.action_change_passphrase()
            await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
            app.screen.query_one("#form-new", Input).value = "a brand new passphrase"
            app.screen.query_one("#form-repeat", Input).value = "a brand new passphrase"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
        Vault.unlock(vault_dir, "a brand new passphrase", read_only=True).lock()

    async def test_forgot_passphrase_unlocks_with_the_recovery_key(self, tmp_path: Path) -> None:
        """F2 on the unlock screen: recovery key and a new passphrase open the journal; the new one works after."""
        vault_dir = tmp_path / "vault"
        created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
        key = created.recovery_key
        created.vault.lock()
        assert key
        app = make_app(vault_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
            await press(pilot, "f2")
            await wait_for(pilot, lambda: isinstance(app.screen, RecoverScreen))
            app.screen.query_one("#recovery-key-field", Input).value = "not-a-key"
            app.screen.query_one("#recover-new", Input).value = "forgotten no more"
            app.screen.query_one("#recover-repeat", Input).value = "forgotten no more"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: bool(str(app.screen.query_one("#recover-error", Static).render())))
            app.screen.query_one("#recovery-key-field", Input).value = key
            app.screen.query_one("#recover-new", Input).value = "forgotten no more"
            app.screen.query_one("#recover-repeat", Input).value = "forgotten no more"
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen), timeout=30)
        Vault.unlock(vault_dir, "forgotten no more", read_only=True).lock()
