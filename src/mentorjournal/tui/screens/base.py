"""What every screen showing journal data shares: access to the journal, the app, and going back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from mentorjournal.errors import MentorJournalError
from mentorjournal.tui.access import journal_app

if TYPE_CHECKING:
    from mentorjournal.journal import Journal
    from mentorjournal.tui.app import MentorJournalApp


class JournalScreen(Screen[None]):
    """A screen that reads the unlocked journal. Locking removes it (it may hold decrypted text)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Go back to the previous screen.", id="screen.back"),
    ]

    _resumed_once = False

    def refresh_data(self) -> None:
        """Redraw from the journal (screens that show journal data override this)."""

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        # The first resume comes with mounting (already drawn); later ones follow an edit elsewhere.
        if self._resumed_once and self.mj.journal is not None:
            self.refresh_data()
        self._resumed_once = True

    @property
    def mj(self) -> MentorJournalApp:
        return journal_app(self)

    @property
    def journal(self) -> Journal:
        return self.mj.require_journal()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return len(self.app.screen_stack) > 2  # the first journal screen has nowhere to go back to
        return True

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.dismiss()

    def show_error(self, exc: MentorJournalError) -> None:
        text = str(exc)
        self.notify(text[:1].upper() + text[1:] + ".", severity="error", title="Not saved", markup=False)
