"""The Textual app. The only package that imports Textual."""

from __future__ import annotations

from pathlib import Path


def run_tui(vault_dir: Path) -> int:
    from mentorjournal.tui.app import MentorJournalApp

    app = MentorJournalApp(vault_dir=vault_dir)
    try:
        app.run()
    finally:
        if app.vault is not None:  # an unexpected exit: never leave the key or the writer lock behind
            app.vault.lock()
    return app.return_code or 0
