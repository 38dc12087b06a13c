"""No plaintext leaves, through the app: write, edit, search, lock, unlock, auto-lock, export review.

The app runs headless (Pilot) with HOME, every XDG folder and TMPDIR inside the test's own folder; at
the end every file there is scanned for each canary in UTF-8, UTF-16 and base64.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.screens.search import SearchScreen
from mentorjournal.tui.screens.unlock import UnlockScreen
from tests.assurance.canaries import scan
from tests.tui.helpers import fill_vault, make_app, press, unlock, wait_for

CANARIES = {
    "title": "canarytuititle",
    "tags": "canarytuitag",
    "notes": "canarytuinotes",
    "summary": "canarytuishared",
    "reflection": "canarytuireflection",
    "edited": "canarytuiedited",
}


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


async def test_a_session_written_in_the_app_leaves_no_plaintext(tmp_path: Path, private_tmp: Path) -> None:
    vault_dir = tmp_path / "vault"
    fill_vault(vault_dir)
    app = make_app(vault_dir, idle_lock_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await press(pilot, "s")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionEditor))
        editor = app.screen
        editor.query_one("#field-title", Input).value = CANARIES["title"]
        editor.query_one("#field-tags", Input).value = CANARIES["tags"]
        editor.query_one("#field-notes", TextArea).text = CANARIES["notes"]
        editor.query_one("#field-summary", TextArea).text = CANARIES["summary"]
        editor.query_one("#field-reflection", TextArea).text = CANARIES["reflection"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        editor.query_one("#field-notes", TextArea).text = CANARIES["notes"] + " " + CANARIES["edited"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.journal is not None and app.journal.search(CANARIES["edited"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
        await press(pilot, "slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        app.screen.query_one("#query", Input).value = CANARIES["notes"]
        await pilot.pause(0.5)
        await press(pilot, "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert app.journal is None and app.vault is None
        await unlock(pilot)
        app.idle_lock_seconds = 0.2  # and an auto-lock, as after a mentor walks away
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), timeout=10)
        assert app.journal is None
    home = Path(os.environ["HOME"])
    hits = scan([vault_dir, home, private_tmp], CANARIES.values())
    assert hits == [], hits
