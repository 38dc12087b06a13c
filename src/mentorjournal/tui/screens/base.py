"""What every screen showing journal data shares: access to the journal, the app, and going back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from mentorjournal.errors import MentorJournalError

if TYPE_CHECKING:
    from mentorjournal.journal import Journal
    from mentorjournal.tui.app import MentorJournalApp


class JournalScreen(Screen[None]):
    """A screen that reads the unlocked journal. Locking removes it (it may hold decrypted text)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Go back to the previous screen.", id="screen.back"),
    ]

    @property
    def mj(self) -> MentorJournalApp:
        from mentorjournal.tui.app import MentorJournalApp

        app = self.app
        assert isinstance(app, MentorJournalApp)
        return app

    @property
    def journal(self) -> Journal:
        return self.mj.require_journal()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.dismiss()

    def show_error(self, exc: MentorJournalError) -> None:
        text = str(exc)
        self.notify(text[:1].upper() + text[1:] + ".", severity="error", title="Not saved")
