"""The app as screens, dialogs and widgets see it, without importing ``app.py`` at run time.

``app.py`` imports the screens it shows; a screen importing ``app.py`` back would make a circle.
As in posting, the App class is imported for the type checker only and reached with ``cast``:
every screen of this package only ever runs inside ``MentorJournalApp``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from mentorjournal.tui.app import MentorJournalApp


def journal_app(node: MessagePump) -> MentorJournalApp:
    """The running MentorJournal app of ``node`` (a screen, dialog or widget)."""
    return cast("MentorJournalApp", node.app)
