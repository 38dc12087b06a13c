"""The unlock screen: a masked passphrase, Argon2 in a worker, a clear message on a wrong one.

The passphrase leaves the Input as soon as it is submitted (the field is cleared) and lives only in
the worker's call. Errors are shown as their one-line message, never a traceback.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, LoadingIndicator, Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import Journal
from mentorjournal.tui.access import journal_app, open_journal
from mentorjournal.tui.screens.recover import RecoverScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import inert
from mentorjournal.tui.widgets.text_field import TextField
from mentorjournal.vault import LoadReport, Vault
from mentorjournal.vault.kdf import CHEAP_WARNING


class UnlockScreen(Screen[None]):
    """Asks for the passphrase; on success hands the open vault to ``app.open_journal``."""

    AUTO_FOCUS = "#passphrase"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "clear",
            "Clear",
            tooltip="Clear the passphrase field.",
            id="unlock.clear",
        ),
        Binding(
            "f2",
            "forgot",
            "Forgot passphrase",
            tooltip="Unlock with the recovery key and set a new passphrase.",
            id="unlock.forgot",
        ),
    ]

    class Unlocked(Message):
        def __init__(self, vault: Vault, report: LoadReport, journal: Journal) -> None:
            super().__init__()
            self.vault = vault
            self.report = report
            self.journal = journal

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class Loading(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(self, *, cheap: bool = False, message: str = "", demo_passphrase: str | None = None) -> None:
        super().__init__()
        self.demo_passphrase = demo_passphrase
        self.cheap = cheap
        self.message = message
        self.attempts = 0

    def compose(self) -> ComposeResult:
        vault_dir = journal_app(self).vault_dir
        with Vertical(classes="centre-box", id="unlock-box"):
            yield Label("Unlock your journal", classes="box-title")
            yield Static(inert(str(vault_dir), "dim"), id="vault-path")
            if self.message:
                yield Static(inert(self.message), id="lock-reason", classes="notice")
            if self.demo_passphrase:
                yield Static(
                    f"Demo: a throwaway vault of invented mentees, deleted when you quit. "
                    f"Its passphrase is: {self.demo_passphrase}",
                    markup=False,
                    id="demo-hint",
                    classes="notice",
                )
            if self.cheap:
                yield Static(CHEAP_WARNING, markup=False, id="cheap-warning", classes="warning")
            yield TextField(placeholder="Passphrase", password=True, id="passphrase")
            yield LoadingIndicator(id="unlocking")
            yield Static("", id="unlock-status", classes="hint", markup=False)
            yield Static("", id="unlock-error", classes="error", markup=False)
            yield Static("Forgot your passphrase? Press F2 to use the recovery key.", classes="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#unlocking").display = False

    @on(Input.Submitted, "#passphrase")
    def submit(self, event: Input.Submitted) -> None:
        passphrase = event.value
        event.input.value = ""
        if not passphrase:
            self._show_error("Type your passphrase, then press Enter.")
            return
        self.attempts += 1
        self._busy(True, "Unlocking… (deriving the key takes about a second)")
        self.unlock(passphrase)

    # A fixed description: Textual's default one shows the call's arguments (the passphrase).
    @work(thread=True, exclusive=True, group="unlock", description="unlock the vault")
    def unlock(self, passphrase: str) -> None:
        app = journal_app(self)
        try:
            vault = Vault.unlock(app.vault_dir, passphrase)
            self.post_message(self.Loading(0, 0))  # the key is derived: the spinner gives way to a count

            def progress(done: int, total: int) -> None:
                self.post_message(self.Loading(done, total))

            # Vault.load and Journal keep the cyclic collector off what they load and freeze it until
            # the vault is locked (mentorjournal/bulk.py): nothing to do about it here.
            report, journal = open_journal(vault, app.today, progress)
        except MentorJournalError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - shown by type only: a message could carry content
            self.post_message(self.Failed(f"unexpected error ({type(exc).__name__}); nothing was changed"))
            return
        self.post_message(self.Unlocked(vault, report, journal))

    def on_unlock_screen_loading(self, message: Loading) -> None:
        # The spinner redraws 16 times a second, and each frame takes the GIL from the loading worker:
        # on a big vault that made decrypting a quarter slower. The count says enough from here on.
        self.query_one("#unlocking").display = False
        status = f"Decrypting notes: {message.done}/{message.total}" if message.total else "Decrypting notes…"
        self.query_one("#unlock-status", Static).update(status)

    def on_unlock_screen_failed(self, message: Failed) -> None:
        self._busy(False)
        self._show_error(message.error[:1].upper() + message.error[1:] + ". Try again.")

    def on_unlock_screen_unlocked(self, message: Unlocked) -> None:
        app = journal_app(self)
        if not self.is_attached or app.screen is not self:
            message.vault.lock()  # the app moved on (quit, another screen): do not keep a key around
            return
        app.open_journal(message.vault, message.report, message.journal)

    def _busy(self, busy: bool, status: str = "") -> None:
        self.query_one("#unlocking").display = busy
        field = self.query_one("#passphrase", Input)
        field.disabled = busy
        self.query_one("#unlock-status", Static).update(status)
        if busy:
            self.query_one("#unlock-error", Static).update("")
        else:
            field.focus()

    def _show_error(self, text: str) -> None:
        self.query_one("#unlock-error", Static).update(text)

    def action_forgot(self) -> None:
        self.app.push_screen(RecoverScreen())

    def action_clear(self) -> None:
        self.query_one("#passphrase", Input).value = ""
