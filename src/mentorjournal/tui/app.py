"""The MentorJournal Textual app: one vault, unlocked in a worker, browsed and written in screens.

The app owns the unlocked ``Vault`` and its ``Journal``; screens borrow them through ``self.app``.
Locking (the lock key, idle time, quitting) forgets both and removes every screen that could hold
decrypted text, then shows the unlock screen.

What this app must never do: save a screenshot (Textual's command and method are switched off
here), log note content, render vault text as markup or escapes (see ``widgets/safe_text.py``),
or write anything to disk except through the vault.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import TextArea

from mentorjournal.errors import InvalidInput, Locked, MentorJournalError, NotAVault
from mentorjournal.journal import Journal, Mentee
from mentorjournal.journal.drafts import Draft, discard_draft, drafts
from mentorjournal.tui.commands import JournalCommands
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.dialogs.damaged import DamagedDialog
from mentorjournal.tui.dialogs.drafts import DraftChoice, DraftsDialog
from mentorjournal.tui.dialogs.mentee_form import MenteeForm
from mentorjournal.tui.dialogs.record_form import FormField, RecordForm
from mentorjournal.tui.screens.conflicts import ConflictsScreen
from mentorjournal.tui.screens.create_vault import MIN_LENGTH, CreateVaultScreen, RecoveryKeyScreen
from mentorjournal.tui.screens.due import DueScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.help import HelpScreen
from mentorjournal.tui.screens.hours_log import HoursLogScreen
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.screens.people import PeopleScreen
from mentorjournal.tui.screens.problem import ProblemScreen
from mentorjournal.tui.screens.search import SearchScreen
from mentorjournal.tui.screens.templates import TemplatesScreen
from mentorjournal.tui.screens.unlock import UnlockScreen
from mentorjournal.tui.search_prep import SearchPreparation
from mentorjournal.tui.settings import load_settings
from mentorjournal.vault import KdfParams, LoadReport, Vault

SCREENSHOTS_OFF = "Screenshots are switched off: they would write your notes to disk unencrypted."
DRAFT_KEPT = " Your unsaved note is kept as an encrypted draft: it is offered after you unlock."
RECOVERY_FIRST = "Write the recovery key down and tick the box first: it is shown now and never again."
ARRIVALS_INTERVAL = 30.0
TERMINAL_CHECK_SECONDS = 1.0  # how soon the app notices that its terminal window was closed
# App actions that need an unlocked journal (they are greyed out and skipped while locked).
JOURNAL_ACTIONS = frozenset(
    {"search", "due", "conflicts", "damaged", "new_mentee", "go_home", "pick_up_arrivals"}
    | {"people", "drafts", "templates", "change_passphrase"}
)  # seconds between looks for records another device delivered


class MentorJournalApp(App[int], inherit_bindings=False):
    """The app. ``kdf`` is passed to ``Vault.create`` (tests pass cheap parameters); ``today`` fixes the date."""

    CSS_PATH = "app.tcss"
    TITLE = "MentorJournal"
    # Only our own commands: Textual's system provider would offer "Screenshot" (and more).
    COMMANDS: ClassVar[set[type[JournalCommands]]] = {JournalCommands}  # type: ignore[assignment]
    COMMAND_PALETTE_BINDING = "ctrl+p"
    NOTIFICATION_TIMEOUT = 4

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Lock the vault and leave MentorJournal.",
            priority=True,
            id="app.quit",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            tooltip="Open the command palette: every command of this app, and nothing else.",
            priority=True,
            show=False,  # the footer already shows the palette key on its right
            id="app.palette",
        ),
        Binding(
            "ctrl+l",
            "lock",
            "Lock",
            tooltip="Lock the vault now: decrypted notes are dropped and the passphrase is asked again.",
            priority=True,
            id="app.lock",
        ),
        Binding(
            "f1",
            "help",
            "Help",
            tooltip="Show every key of MentorJournal.",
            priority=True,
            id="app.help",
        ),
        Binding(
            "ctrl+r",
            "pick_up_arrivals",
            "Refresh",
            tooltip="Read notes that arrived in the vault folder from another device (also every 30 s).",
            show=False,
            id="app.refresh",
        ),
        # Tab is handled by the app itself, before the keys that follow it are passed on: as a screen
        # binding it ran only after the focused field had been handed the next keys, so text typed or
        # pasted quickly after Tab landed in the field being left.
        Binding(
            "tab",
            "focus_next",
            "Next field",
            show=False,
            priority=True,
            tooltip="Move to the next field.",
            id="app.focus_next",
        ),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous field",
            show=False,
            priority=True,
            tooltip="Move to the previous field.",
            id="app.focus_previous",
        ),
        # Reached only when nothing is selected: a selection is copied by the field or screen first.
        Binding(
            "ctrl+c",
            "how_to_quit",
            "How to quit",
            show=False,
            tooltip="Say how to quit (ctrl+c copies selected text instead, where there is any).",
            id="app.ctrl_c",
        ),
        Binding(
            "ctrl+f",
            "search",
            "Find",
            tooltip="Search all notes, mentees, goals and actions as you type.",
            show=False,  # list screens show "/" for the same
            id="app.search",
        ),
    ]

    def __init__(
        self,
        vault_dir: Path,
        *,
        kdf: KdfParams | None = None,
        idle_lock_seconds: float | None = None,
        today: dt.date | None = None,
        demo_passphrase: str | None = None,
    ) -> None:
        super().__init__()
        # No animations unless asked for (TEXTUAL_ANIMATIONS): the only ones here were the tab underline
        # sliding, which redrew the whole mentee screen ~20 times as it opened (a quarter of its cost),
        # and the unlock spinner. Without them the underline jumps and the spinner reads "Loading...".
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        self.demo_passphrase = demo_passphrase  # shown on the unlock screen of the throwaway demo vault
        self.vault_dir = vault_dir
        self.kdf = kdf
        self.idle_lock_seconds = (
            idle_lock_seconds if idle_lock_seconds is not None else load_settings().idle_lock_seconds
        )
        self._today = today
        self.vault: Vault | None = None
        self.journal: Journal | None = None
        self.load_report: LoadReport | None = None
        self._last_activity = time.monotonic()
        self._idle_timer: Timer | None = None
        self.lock_count = 0  # how many times the vault was locked (tests and the unlock screen read it)
        self.search_prep = SearchPreparation(self)  # the search index, made in a worker thread

    # --- facts the screens use ---------------------------------------------------------------

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def require_journal(self) -> Journal:
        if self.journal is None:
            raise Locked("the vault is locked")
        return self.journal

    # --- start -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(self._entry_screen())
        interval = max(0.05, min(1.0, self.idle_lock_seconds / 4))
        self._idle_timer = self.set_interval(interval, self._check_idle, name="idle-lock")
        self.set_interval(ARRIVALS_INTERVAL, self.action_pick_up_arrivals, name="sync-arrivals")
        if not self.is_headless and on_a_terminal():
            self.set_interval(TERMINAL_CHECK_SECONDS, self._leave_if_terminal_gone, name="terminal-gone")

    def _leave_if_terminal_gone(self) -> None:
        # A closed terminal window does not always reach the app as SIGHUP (under `make run`, make gets it and
        # dies): the app would go on reading a terminal that is gone, at full CPU, with the vault open.
        if not on_a_terminal():
            self._close_and_exit()

    def _entry_screen(self, message: str = "") -> Screen[None]:
        """Create-vault when the folder holds none, unlock when it does, a problem screen otherwise."""

        try:
            header = Vault.read_header(self.vault_dir)
        except NotAVault:
            return CreateVaultScreen()
        except MentorJournalError as exc:
            return ProblemScreen(str(exc))
        return UnlockScreen(cheap=header.is_cheap, message=message, demo_passphrase=self.demo_passphrase)

    # --- opening and locking -----------------------------------------------------------------

    def open_journal(self, vault: Vault, report: LoadReport, journal: Journal | None = None) -> None:
        """Called by the unlock and create screens once the vault is open and loaded.

        Not awaited by the caller: replacing the calling screen from inside its own handler, and
        waiting for that, would wait forever.
        """

        self.vault = vault
        self.journal = journal if journal is not None else Journal(vault, today=self.today)
        self.load_report = report
        self._last_activity = time.monotonic()
        self.call_later(self._reset_screens, MenteesScreen())
        self.call_later(self.offer_drafts)
        if vault.header_conflict is not None:
            self.notify(str(vault.header_conflict), title="Vault header", severity="warning", timeout=20, markup=False)

    def adopt_vault(self, vault: Vault) -> None:
        """A vault opened but not yet shown (the recovery key screen): lockable, not yet browsable."""
        self.vault = vault

    async def lock(self, reason: str = "") -> None:
        """Keep unsaved notes as encrypted drafts, forget the key and every decrypted object, and show
        the unlock screen. Never asks anything."""
        self.keep_drafts()
        self.search_prep.cancel()
        vault, self.vault, self.journal, self.load_report = self.vault, None, None, None
        if vault is not None:
            vault.lock()
        self.lock_count += 1
        self.clear_notifications()
        await self._reset_screens(self._entry_screen(reason))
        # Widgets of the screens just removed hold each other in cycles (and may hold decrypted text):
        # collect them now rather than at some later full collection.
        gc.collect()

    async def _reset_screens(self, screen: Screen[None]) -> None:
        """Remove every screen above the base one (they may hold decrypted text) and show ``screen``."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(screen)

    def unsaved_screens(self) -> list[Screen[object]]:
        """Screens (editors) holding changes that are not saved yet."""
        return [s for s in self.screen_stack if getattr(s, "has_unsaved_changes", False)]

    def keep_drafts(self) -> bool:
        """Write every unsaved note to the vault as an encrypted draft; False if one could not be kept."""
        if self.journal is None:
            return not self.unsaved_screens()
        return all(s.keep_draft() for s in self.screen_stack if isinstance(s, SessionEditor))

    def offer_drafts(self) -> None:
        """After unlock: offer the notes kept as drafts (resume, later, discard)."""
        journal = self.journal
        if journal is None:
            return
        found = drafts(journal)
        if not found:
            return
        names = {d.mentee_id: journal.mentee_name(d.mentee_id) for d in found if d.mentee_id}

        def chosen(choice: DraftChoice) -> None:
            if choice is None or self.journal is None:
                return
            what, draft = choice
            if what == "resume":
                self._resume(draft)
            else:
                self._discard(draft)

        self.push_screen(DraftsDialog(found, names), chosen)

    def _resume(self, draft: Draft) -> None:
        journal = self.require_journal()
        try:
            if draft.session_id is not None:
                journal.session(draft.session_id)
                editor = SessionEditor(session_id=draft.session_id, resume=draft)
            else:
                journal.mentee(draft.mentee_id)
                editor = SessionEditor(mentee_id=draft.mentee_id, resume=draft)
        except MentorJournalError:
            self.notify("The note's mentee or session is gone from the journal; the draft is kept.", severity="error")
            return
        self.push_screen(editor)

    def _discard(self, draft: Draft) -> None:
        def answered(yes: bool | None) -> None:
            if yes and self.journal is not None:
                discard_draft(self.journal, draft.record_id)
                self.notify("The unsaved note was discarded.")
            self.offer_drafts()

        self.push_screen(
            ConfirmDialog("Throw this unsaved note away? It cannot be brought back.", yes="Discard", no="Keep it"),
            answered,
        )

    async def _confirm_discard(self, verb: str) -> bool:
        """Unsaved notes are kept as drafts; only a note that could not be kept makes this ask."""
        if not self.unsaved_screens() or self.keep_drafts():
            return True
        dialog: Screen[bool] = ConfirmDialog(
            f"Your session note has unsaved changes. Discard them and {verb}?",
            yes=f"Discard and {verb}",
            no="Keep editing",
        )
        answer: bool | None = await self.push_screen_wait(dialog)
        return bool(answer)

    # --- idle lock ---------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown | events.MouseScrollUp):
            self._last_activity = time.monotonic()
        await super().on_event(event)

    async def _check_idle(self) -> None:
        # Only a browsable journal is locked for idleness. The recovery key screen stays (its vault is
        # empty and the key is never shown again).
        if self.journal is None:
            return
        if time.monotonic() - self._last_activity >= self.idle_lock_seconds:
            unsaved = bool(self.unsaved_screens())
            minutes = self.idle_lock_seconds / 60
            idle = f"{minutes:g} minutes" if minutes >= 1 else f"{self.idle_lock_seconds:g} seconds"
            reason = f"Locked after {idle} without activity."
            if unsaved:
                reason += DRAFT_KEPT if self.keep_drafts() else " An unsaved note could not be kept."
            await self.lock(reason)

    # --- another device's saves --------------------------------------------------------------

    def action_pick_up_arrivals(self) -> None:
        """Take in records a sync engine delivered since unlock; redraw what shows them.

        Runs on the UI thread (the journal is not shared with workers); it costs a folder scan plus the
        new files. A screen with unsaved text is left alone: its save will make a conflict, not a loss.
        """
        if self.journal is None:
            return
        try:
            changed = self.journal.refresh()
        except MentorJournalError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not changed:
            return
        self.notify(f"{changed} record(s) arrived from another device.", title="Vault folder")
        screen = self.screen
        refresh = getattr(screen, "refresh_data", None)
        if callable(refresh) and not getattr(screen, "has_unsaved_changes", False):
            refresh()

    # --- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"focus_next", "focus_previous"}:
            # A text area that indents with Tab keeps it.
            focused = self.focused
            return not (isinstance(focused, TextArea) and focused.tab_behavior == "indent")
        if action == "lock":
            return self.vault is not None
        if action in JOURNAL_ACTIONS:
            return self.journal is not None
        return True

    async def action_lock(self) -> None:
        if self.vault is None:
            return
        if isinstance(self.screen, RecoveryKeyScreen):
            # Locking here would drop the key before the mentor confirmed writing it down.
            self.notify(RECOVERY_FIRST, severity="warning", title="Recovery key")
            return
        self.run_worker(self._lock_after_asking(), exclusive=True, group="lock")

    async def _lock_after_asking(self) -> None:
        unsaved = bool(self.unsaved_screens())
        if await self._confirm_discard("lock"):
            await self.lock("Locked." + (DRAFT_KEPT if unsaved and self.vault is not None else ""))

    async def action_quit(self) -> None:
        self.run_worker(self._quit_after_asking(), exclusive=True, group="lock")

    async def _quit_after_asking(self) -> None:
        if isinstance(self.screen, RecoveryKeyScreen):
            question = "You have not confirmed that the recovery key is written down. It is never shown again. Quit?"
            if not await self.push_screen_wait(ConfirmDialog(question, yes="Quit without it", no="Back to the key")):
                return
        if await self._confirm_discard("quit"):
            self._close_and_exit()

    def _close_and_exit(self) -> None:
        """Keep unsaved notes as encrypted drafts, lock the vault, leave."""
        self.keep_drafts()
        self.search_prep.cancel()
        vault, self.vault, self.journal = self.vault, None, None
        if vault is not None:
            vault.lock()
        self.exit(0)

    def action_people(self) -> None:
        if self.journal is not None and not isinstance(self.screen, PeopleScreen):
            self.push_screen(PeopleScreen())

    def action_templates(self) -> None:
        if self.journal is not None and not isinstance(self.screen, TemplatesScreen):
            self.push_screen(TemplatesScreen())

    def action_drafts(self) -> None:
        if self.journal is not None and not drafts(self.journal):
            self.notify("No unsaved notes are waiting.")
        self.offer_drafts()

    def action_change_passphrase(self) -> None:
        vault = self.vault
        if vault is None or self.journal is None:
            return
        fields = [
            FormField("new", "New passphrase", kind="password"),
            FormField("repeat", "Again", kind="password"),
        ]

        def save(values: dict[str, str]) -> bool:
            new, repeat = values["new"], values["repeat"]
            if len(new) < MIN_LENGTH:
                raise InvalidInput(f"the new passphrase needs at least {MIN_LENGTH} characters")
            if new != repeat:
                raise InvalidInput("the two passphrases differ; type the same one twice")
            vault.change_passphrase(new, kdf=vault.kdf)  # the vault's own Argon2 cost
            return True

        def done(changed: bool | None) -> None:
            if changed:
                self.notify("New passphrase set: only the vault header was rewritten.", title="Passphrase")

        self.push_screen(RecordForm("Change the passphrase", fields, save), done)

    def action_how_to_quit(self) -> None:
        self.notify("To quit, press ctrl+q: the vault is locked first. ctrl+l locks without quitting.", title="Quit")

    def action_help(self) -> None:

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_go_home(self) -> None:

        if self.journal is None:
            return
        # Going home leaves editors: each asks about unsaved changes through its own back action.
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MenteesScreen):
                if self.screen is not screen and not self.unsaved_screens():
                    self._pop_to_screen(screen)
                elif self.unsaved_screens():
                    self.notify("Save or close the session note first.", severity="warning")
                return

    def action_due(self) -> None:

        if self.journal is not None and not isinstance(self.screen, DueScreen):
            self.push_screen(DueScreen())

    def action_hours_log(self) -> None:
        if self.journal is not None and not isinstance(self.screen, HoursLogScreen):
            self.push_screen(HoursLogScreen())

    def action_conflicts(self) -> None:

        if self.journal is not None and not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())

    def action_damaged(self) -> None:

        if self.journal is not None:
            self.push_screen(DamagedDialog(self.journal.damaged()))

    def action_new_mentee(self) -> None:

        if self.journal is None:
            return

        def saved(mentee: Mentee | None) -> None:
            refresh = getattr(self.screen, "refresh_data", None)
            if mentee is not None and callable(refresh):
                refresh()

        self.push_screen(MenteeForm(), saved)

    def action_search(self) -> None:

        if self.journal is not None and not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    # --- closing the leaks Textual leaves open by default ------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Nothing: our palette has its own provider, and Textual's list includes "Screenshot"."""
        return ()

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.notify(SCREENSHOTS_OFF, severity="warning")

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        raise MentorJournalError(SCREENSHOTS_OFF)

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        self.notify(SCREENSHOTS_OFF, severity="warning")
        return None

    def _fatal_error(self) -> None:
        """An unexpected error: lock, and say so in one line.

        Textual's own report is a traceback *with local variables*, which can hold decrypted notes
        and would land in the terminal's scrollback. The type of the error is enough to report it.
        """
        import sys

        self.search_prep.cancel()
        vault, self.vault, self.journal = self.vault, None, None
        if vault is not None:
            vault.lock()
        error = sys.exc_info()[1] or self._exception
        name = type(error).__name__ if error is not None else "error"
        self._exit_renderables.append(
            f"MentorJournal stopped on an unexpected error ({name}). The vault is locked; saved notes "
            "are safe (saves are atomic). Please report the error name, never your notes."
        )
        self._close_messages_no_wait()

    def copy_to_clipboard(self, text: str) -> None:
        """Only ever called from an explicit copy key; say what happened (the terminal now holds it)."""
        super().copy_to_clipboard(text)
        self.notify("Copied to the clipboard. Other programs can read it from there.", title="Clipboard")


def on_a_terminal() -> bool:
    """Whether standard input is still a terminal: False once the terminal window was closed (EIO)."""
    stdin = sys.__stdin__
    try:
        return stdin is not None and os.isatty(stdin.fileno())
    except (ValueError, OSError):
        return False
