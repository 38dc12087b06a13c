"""The demo: realistic fictional content through the Journal API, and a folder that never outlives it."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from mentorjournal.journal import Journal
from mentorjournal.tui import demo
from mentorjournal.tui.app import MentorJournalApp
from mentorjournal.tui.screens.unlock import UnlockScreen
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault

from .helpers import TODAY, wait_for


class TestDemo:
    def test_fills_mentees_sessions_goals_and_actions(self, tmp_path: Path) -> None:
        """Four mentees, many sessions, goals, open actions, a concern; deterministic."""
        created = Vault.create(tmp_path / "v", "pass phrase one", kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
        try:
            journal = Journal(created.vault)
            demo.fill_demo_journal(journal, TODAY)
            assert len(journal.mentees()) == 4
            assert len(journal.sessions()) > 40
            assert journal.goals() and journal.actions(open_only=True) and journal.concerns()
            assert not journal.due(TODAY).empty
        finally:
            created.vault.lock()

    @pytest.mark.parametrize("fails", [False, True])
    def test_folder_removed_on_exit_and_on_error(self, monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
        """Whatever happens in the app, the temporary vault folder is gone afterwards."""
        seen: list[Path] = []

        def fake_run(self: MentorJournalApp, *args: object, **kwargs: object) -> None:
            seen.append(self.vault_dir)
            assert (self.vault_dir / "vault.mjv").is_file()
            assert self.demo_passphrase == demo.DEMO_PASSPHRASE
            if fails:
                raise RuntimeError("boom")

        monkeypatch.setattr(MentorJournalApp, "run", fake_run)
        if fails:
            with pytest.raises(RuntimeError):
                demo.run_demo(today=TODAY)
        else:
            assert demo.run_demo(today=TODAY) == 0
        assert seen and not seen[0].exists() and not seen[0].parent.exists()
        assert seen[0].parent.parent == Path(tempfile.gettempdir())

    async def test_unlock_screen_shows_the_demo_passphrase(self, tmp_path: Path) -> None:
        """The throwaway vault's passphrase is on screen."""
        created = Vault.create(tmp_path / "v", demo.DEMO_PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
        created.vault.lock()
        app = MentorJournalApp(
            vault_dir=tmp_path / "v", today=dt.date(2025, 3, 14), demo_passphrase=demo.DEMO_PASSPHRASE
        )
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
            assert demo.DEMO_PASSPHRASE in str(app.screen.query_one("#demo-hint").render())
