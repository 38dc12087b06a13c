"""Forgot your passphrase? The recovery key opens the vault and sets a new passphrase.

As ``mentorjournal recover`` does: the recovery key unwraps the data key, a new passphrase slot replaces
the old one (only the header is rewritten; the key keeps the vault's Argon2 cost), and the recovery
key stays valid. The key and passphrases leave their fields when submitted and live only in the worker.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import Journal
from mentorjournal.tui.access import journal_app, open_journal
from mentorjournal.tui.screens.create_vault import MIN_LENGTH
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.text_field import TextField
from mentorjournal.vault import LoadReport, Vault


class RecoverScreen(Screen[None]):
    AUTO_FOCUS = "#recovery-key-field"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the passphrase.", id="recover.back"),
        Binding(
            "ctrl+s", "recover", "Unlock", priority=True, tooltip="Unlock and set the new passphrase.", id="recover.go"
        ),
    ]

    class Done(Message):
        def __init__(self, vault: Vault, report: LoadReport, journal: Journal) -> None:
            super().__init__()
            self.vault, self.report, self.journal = vault, report, journal

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="centre-box", id="recover-box"):
            yield Label("Unlock with the recovery key", classes="box-title")
            yield Static(
                "Type the recovery key you wrote down when the vault was made, then a new passphrase twice. "
                "The recovery key keeps working afterwards.",
                classes="hint",
                markup=False,
            )
            yield TextField(placeholder="Recovery key (XXXX-XXXX-…)", id="recovery-key-field")
            yield TextField(placeholder="New passphrase", password=True, id="recover-new")
            yield TextField(placeholder="The new passphrase again", password=True, id="recover-repeat")
            yield Static("", id="recover-status", classes="hint", markup=False)
            yield Static("", id="recover-error", classes="error", markup=False)
        yield KeyFooter()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "recover-repeat":
            self.action_recover()
        else:
            self.focus_next()

    def action_back(self) -> None:
        self.dismiss()

    def action_recover(self) -> None:
        key = self.query_one("#recovery-key-field", Input).value
        new = self.query_one("#recover-new", Input).value
        repeat = self.query_one("#recover-repeat", Input).value
        error = self.query_one("#recover-error", Static)
        if not key.strip():
            error.update("Type the recovery key first.")
            return
        if len(new) < MIN_LENGTH:
            error.update(f"The new passphrase needs at least {MIN_LENGTH} characters.")
            return
        if new != repeat:
            error.update("The two passphrases differ. Type the same one twice.")
            return
        error.update("")
        for field in self.query(Input):
            field.value = ""
            field.disabled = True
        self.query_one("#recover-status", Static).update("Checking the recovery key and setting the new passphrase…")
        self.recover(key, new)

    # A fixed description: Textual's default one shows the call's arguments (the key and passphrase).
    @work(thread=True, exclusive=True, group="recover", description="recover the vault")
    def recover(self, key: str, new: str) -> None:
        app = journal_app(self)
        try:
            vault = Vault.unlock_with_recovery_key(app.vault_dir, key)
            try:
                vault.change_passphrase(new, kdf=vault.kdf)  # the vault's own cost: no recalibration wait
            except BaseException:
                vault.lock()
                raise
            report, journal = open_journal(vault, app.today)
        except MentorJournalError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - shown by type only
            self.post_message(self.Failed(f"unexpected error ({type(exc).__name__}); nothing was changed"))
            return
        self.post_message(self.Done(vault, report, journal))

    def on_recover_screen_failed(self, message: Failed) -> None:
        for field in self.query(Input):
            field.disabled = False
        self.query_one("#recover-status", Static).update("")
        self.query_one("#recover-error", Static).update(message.error[:1].upper() + message.error[1:] + ".")
        self.query_one("#recovery-key-field", Input).focus()

    def on_recover_screen_done(self, message: Done) -> None:
        app = journal_app(self)
        if not self.is_attached or app.screen is not self:
            message.vault.lock()
            return
        app.notify("New passphrase set. The recovery key still works; keep it safe.", title="Recovered")
        app.open_journal(message.vault, message.report, message.journal)
