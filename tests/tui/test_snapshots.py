"""SVG snapshots of the unlock screen, the main view, the editor, a mentee and Due (fixed dates, cheap KDF).

``snap_compare`` runs the app with ``asyncio.run``: these tests are plain ``def``. The vault is
opened by a relative path so the folder shown on screen is the same on every machine. Update the
baselines with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from mentorjournal.tui.screens.due import DueScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.screens.unlock import UnlockScreen

from .helpers import fill_vault, make_app, unlock, wait_for

SIZE = (100, 30)


def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursors: a blink caught half-way would make the picture differ between runs."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


@pytest.fixture
def relative_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    fill_vault(Path("vault"), sessions=3)
    return Path("vault")


def test_unlock_screen(relative_vault: Path, snap_compare: Any) -> None:
    """The unlock screen of a test-only vault: masked field and the cheap-KDF warning."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, UnlockScreen))
        steady(pilot)
        await pilot.pause()

    assert snap_compare(make_app(relative_vault), terminal_size=SIZE, run_before=ready)


def test_main_view(relative_vault: Path, snap_compare: Any) -> None:
    """The mentee list after unlocking."""

    async def unlocked(pilot: Pilot[Any]) -> None:
        await unlock(pilot)

    assert snap_compare(make_app(relative_vault), terminal_size=SIZE, run_before=unlocked)


def test_session_editor(relative_vault: Path, snap_compare: Any) -> None:
    """A new session for the first mentee: today's date prefilled, the goal listed."""

    async def editing(pilot: Pilot[Any]) -> None:
        await unlock(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SessionEditor))
        steady(pilot)
        await pilot.pause()

    assert snap_compare(make_app(relative_vault), terminal_size=SIZE, run_before=editing)


async def new_note(pilot: Pilot[Any]) -> None:
    await unlock(pilot)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SessionEditor))
    steady(pilot)
    await pilot.pause()


def test_session_editor_80x24(relative_vault: Path, snap_compare: Any) -> None:
    """The editor at 80×24: section keys, details in two rows, last session's actions to tick."""
    assert snap_compare(make_app(relative_vault), terminal_size=(80, 24), run_before=new_note)


def test_session_editor_60x20(relative_vault: Path, snap_compare: Any) -> None:
    """The editor at 60×20: the Format drop-down keeps its width; no stray character after the footer."""
    assert snap_compare(make_app(relative_vault), terminal_size=(60, 20), run_before=new_note)


def test_mentee_page_80x24(relative_vault: Path, snap_compare: Any) -> None:
    """A mentee's page at 80×24: title, timeline, tabs and sessions."""

    async def opened(pilot: Pilot[Any]) -> None:
        await unlock(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MenteeScreen))
        await pilot.pause()

    assert snap_compare(make_app(relative_vault), terminal_size=(80, 24), run_before=opened)


def test_due_screen_80x24(relative_vault: Path, snap_compare: Any) -> None:
    """The Due screen at 80×24: the overdue action highlighted, the next meeting listed."""

    async def due(pilot: Pilot[Any]) -> None:
        await unlock(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DueScreen))
        await pilot.pause()

    assert snap_compare(make_app(relative_vault), terminal_size=(80, 24), run_before=due)
