"""First run: choose a passphrase (twice, masked), calibrate Argon2 in a worker, show the recovery key once."""

from __future__ import annotations

import math
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, LoadingIndicator, Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.tui.access import journal_app
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import inert
from mentorjournal.tui.widgets.text_field import TextField
from mentorjournal.vault import CreatedVault, LoadReport, Vault

MIN_LENGTH = 8
_COMMON = frozenset({"password", "passphrase", "12345678", "123456789", "qwertyuiop", "letmein", "iloveyou"})


def strength_hint(passphrase: str) -> tuple[str, str]:
    """A rough strength estimate (level, sentence). Encourages long passphrases of several words."""
    if not passphrase:
        return "empty", "Choose a passphrase: four or more unrelated words are strong and easy to type."
    if len(passphrase) < MIN_LENGTH:
        return "too-short", f"Too short: use at least {MIN_LENGTH} characters (several words are best)."
    if passphrase.lower() in _COMMON or len(set(passphrase)) <= 2:
        return "weak", "Weak: this is one of the first passphrases anyone would try."
    pool = 0
    pool += 26 if any(c.islower() for c in passphrase) else 0
    pool += 26 if any(c.isupper() for c in passphrase) else 0
    pool += 10 if any(c.isdigit() for c in passphrase) else 0
    pool += 33 if any(not c.isalnum() for c in passphrase) else 0
    bits = len(passphrase) * math.log2(max(pool, 2))
    words = len(passphrase.split())
    if words >= 4 or bits >= 80:
        return "strong", "Strong."
    if words >= 3 or bits >= 55:
        return "fair", "Fair: one or two more words would make it strong."
    return "weak", "Weak: add words, e.g. four unrelated words separated by spaces."


class CreateVaultScreen(Screen[None]):
    """No vault in the folder yet: make one."""

    AUTO_FOCUS = "#new-passphrase"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "create",
            "Create vault",
            tooltip="Create the vault with this passphrase.",
            id="create.create",
        ),
    ]

    class Calibrating(Message):
        def __init__(self, status: str) -> None:
            super().__init__()
            self.status = status

    class Created(Message):
        def __init__(self, created: CreatedVault) -> None:
            super().__init__()
            self.created = created

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def compose(self) -> ComposeResult:
        vault_dir = journal_app(self).vault_dir
        with Vertical(classes="centre-box", id="create-box"):
            yield Label("Welcome to MentorJournal", classes="box-title")
            yield Static(
                "Your notes are kept encrypted in this folder. Choose a passphrase: it cannot be reset, "
                "only replaced by the recovery key shown next.",
                markup=False,
                classes="hint",
            )
            yield Static(inert(str(vault_dir), "dim"), id="vault-path")
            yield TextField(placeholder="New passphrase", password=True, id="new-passphrase")
            yield TextField(placeholder="The same passphrase again", password=True, id="repeat-passphrase")
            yield Static("", id="strength", markup=False)
            yield Button("Create vault", id="create", variant="primary")
            yield LoadingIndicator(id="creating")
            yield Static("", id="create-status", classes="hint", markup=False)
            yield Static("", id="create-error", classes="error", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#creating").display = False
        self._update_strength("")

    @on(Input.Changed, "#new-passphrase")
    def _passphrase_changed(self, event: Input.Changed) -> None:
        self._update_strength(event.value)

    def _update_strength(self, value: str) -> None:
        level, text = strength_hint(value)
        strength = self.query_one("#strength", Static)
        strength.update(text)
        strength.set_classes(f"strength-{level}")

    @on(Input.Submitted, "#new-passphrase")
    def _next_field(self) -> None:
        self.query_one("#repeat-passphrase", Input).focus()

    @on(Input.Submitted, "#repeat-passphrase")
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        first = self.query_one("#new-passphrase", Input).value
        second = self.query_one("#repeat-passphrase", Input).value
        error = self.query_one("#create-error", Static)
        if len(first) < MIN_LENGTH:
            error.update(f"The passphrase needs at least {MIN_LENGTH} characters.")
            self.query_one("#new-passphrase", Input).focus()
            return
        if first != second:
            error.update("The two passphrases differ. Type the same one twice.")
            self.query_one("#repeat-passphrase", Input).value = ""
            self.query_one("#repeat-passphrase", Input).focus()
            return
        error.update("")
        for field in self.query(Input):
            field.value = ""
            field.disabled = True
        self.query_one("#create", Button).disabled = True
        self.query_one("#creating").display = True
        self.query_one("#create-status", Static).update("Measuring this computer to tune the key derivation…")
        self.create(first)

    # A fixed description: Textual's default one shows the call's arguments (the passphrase).
    @work(thread=True, exclusive=True, group="create", description="create the vault")
    def create(self, passphrase: str) -> None:
        app = journal_app(self)

        def calibrating(status: str) -> None:
            self.post_message(self.Calibrating(status))

        try:
            created = Vault.create(
                app.vault_dir,
                passphrase,
                kdf=app.kdf,
                calibration_progress=calibrating,
            )
            created.vault.load()
        except MentorJournalError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - shown by type only
            self.post_message(self.Failed(f"unexpected error ({type(exc).__name__})"))
            return
        self.post_message(self.Created(created))

    def on_create_vault_screen_calibrating(self, message: Calibrating) -> None:
        self.query_one("#create-status", Static).update(message.status)

    def on_create_vault_screen_failed(self, message: Failed) -> None:
        self.query_one("#creating").display = False
        self.query_one("#create-status", Static).update("")
        self.query_one("#create-error", Static).update(message.error[:1].upper() + message.error[1:] + ".")
        for field in self.query(Input):
            field.disabled = False
        self.query_one("#create", Button).disabled = False
        self.query_one("#new-passphrase", Input).focus()

    def on_create_vault_screen_created(self, message: Created) -> None:
        app = journal_app(self)
        created = message.created
        app.adopt_vault(created.vault)
        if created.recovery_key:
            app.switch_screen(RecoveryKeyScreen(created))
        else:
            app.open_journal(created.vault, created.vault.last_load or LoadReport())


class RecoveryKeyScreen(Screen[None]):
    """The recovery key, shown once. Continuing needs the mentor to confirm they wrote it down."""

    AUTO_FOCUS = "#written-down"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "continue",
            "Continue",
            tooltip="Open the new, empty journal (after confirming the key is written down).",
            id="recovery.continue",
        ),
    ]

    def __init__(self, created: CreatedVault) -> None:
        super().__init__()
        self._created: CreatedVault | None = created

    def compose(self) -> ComposeResult:
        key = self._created.recovery_key if self._created else ""
        with Vertical(classes="centre-box", id="recovery-box"):
            yield Label("Your recovery key", classes="box-title")
            yield Static(
                "If you forget your passphrase, this key is the only way back into your notes. "
                "Write it on paper and keep it somewhere safe. It is shown now and never again.",
                markup=False,
                classes="hint",
            )
            yield Static(inert(key or ""), id="recovery-key")
            yield Checkbox("I have written it down", id="written-down")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Continue", id="continue", variant="primary", disabled=True)
        yield KeyFooter()

    @on(Checkbox.Changed, "#written-down")
    def _confirmed(self, event: Checkbox.Changed) -> None:
        self.query_one("#continue", Button).disabled = not event.value

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        if not self.query_one("#written-down", Checkbox).value or self._created is None:
            self.notify("Tick “I have written it down” first.", severity="warning")
            return
        created, self._created = self._created, None
        self.query_one("#recovery-key", Static).update("")
        journal_app(self).open_journal(created.vault, created.vault.last_load or LoadReport())
