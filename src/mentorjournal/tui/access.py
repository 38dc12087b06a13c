"""The app as screens, dialogs and widgets see it, without importing ``app.py`` at run time.

``app.py`` imports the screens it shows; a screen importing ``app.py`` back would make a circle.
As in posting, the App class is imported for the type checker only and reached with ``cast``:
every screen of this package only ever runs inside ``MentorJournalApp``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from mentorjournal.journal import Journal
from mentorjournal.vault import LoadReport, Vault

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from mentorjournal.tui.app import MentorJournalApp


def journal_app(node: MessagePump) -> MentorJournalApp:
    """The running MentorJournal app of ``node`` (a screen, dialog or widget)."""
    return cast("MentorJournalApp", node.app)


def open_journal(
    vault: Vault, today: Callable[[], dt.date], progress: Callable[[int, int], None] | None = None
) -> tuple[LoadReport, Journal]:
    """Load an unlocked vault and build its journal, in a worker thread; the vault is locked if either fails.

    Building the journal takes a while on a big vault: it happens here, off the UI thread, and the journal
    is handed over whole and only ever touched by the UI thread afterwards.
    """
    try:
        report = vault.load(progress)
        return report, Journal(vault, today=today)
    except BaseException:
        vault.lock()
        raise
