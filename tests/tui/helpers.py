"""Shared helpers for the TUI tests: a journal with fixed content, and waiting for the app."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.pilot import Pilot
from textual.widgets import Input

from mentorjournal.journal import ActionItem, Goal, GoalProgress, Journal, Mentee, Session
from mentorjournal.tui.app import MentorJournalApp
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault

if TYPE_CHECKING:
    from mentorjournal.tui.screens.search import SearchScreen

PASSPHRASE = "correct horse battery staple"
TODAY = dt.date(2025, 3, 14)
FIXED_TIME = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)


def make_app(vault_dir: Path, *, idle_lock_seconds: float = 3600, today: dt.date = TODAY) -> MentorJournalApp:
    return MentorJournalApp(
        vault_dir=vault_dir, kdf=CHEAPEST_FOR_TESTS_ONLY, idle_lock_seconds=idle_lock_seconds, today=today
    )


def fill_vault(vault_dir: Path, *, sessions: int = 3, fill: Callable[[Journal], None] | None = None) -> None:
    """A cheap vault with two mentees, goals, actions and ``sessions`` sessions for the first one."""
    created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
    vault = created.vault
    try:
        journal = Journal(vault, today=lambda: TODAY)
        amara = journal.save(
            Mentee(
                name="Amara Okafor",
                role="Staff engineer",
                organisation="Northwind",
                programme="Women in Tech",
                started=dt.date(2024, 1, 10),
            )
        )
        journal.save(Mentee(name="Bilal Hussain", role="Junior developer", started=dt.date(2024, 9, 2)))
        goal = journal.save(
            Goal(
                mentee_id=amara.id,
                title="Lead the platform migration",
                target_date=dt.date(2025, 9, 1),
                progress=[GoalProgress(date=dt.date(2025, 1, 15), percent=40)],
            )
        )
        for i in range(sessions):
            day = dt.date(2025, 3, 7) - dt.timedelta(days=14 * i)
            session = journal.save(
                Session(
                    mentee_id=amara.id,
                    date=day,
                    duration_minutes=60,
                    format="video",
                    title=f"Check-in {sessions - i}",
                    tags=["career"],
                    notes=f"Discussed the migration plan, part {sessions - i}.",
                    shared_summary="Agreed next steps for the migration.",
                    goal_ids=[goal.id],
                    next_meeting=dt.date(2025, 3, 21) if i == 0 else None,
                )
            )
            if i == 0:
                journal.save(
                    ActionItem(
                        mentee_id=amara.id, text="Draft the RFC", due=dt.date(2025, 3, 10), session_id=session.id
                    )
                )
        if fill is not None:
            fill(journal)
    finally:
        vault.lock()


async def wait_for(pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Sleep until ``condition()`` holds (workers run Argon2 in threads), then let the screen settle.

    Plain sleeps, not ``Pilot.pause``: a pause waits on the widgets of the screen active when it
    starts, and a worker finishing meanwhile may replace that screen (the wait then times out).
    """
    waited = 0.0
    while not condition():
        if waited >= timeout:
            raise AssertionError("timed out waiting for the app")
        await asyncio.sleep(0.05)
        waited += 0.05
    await pilot.pause()


async def press(pilot: Pilot[object], *keys: str) -> None:
    """Press keys without waiting on the current screen's widgets.

    ``Pilot.press`` waits until every widget of the screen active *before* the key has handled its
    messages; when the key replaces that screen (unlock, lock, create), those widgets are gone and
    the wait only ends by timing out after 30 s. Here the keys go through the same driver path.
    """
    for key in keys:
        pilot.app.simulate_key(key)
        await asyncio.sleep(0.05)


async def unlock(pilot: Pilot[object], passphrase: str = PASSPHRASE) -> None:
    from mentorjournal.tui.screens.mentees import MenteesScreen

    app = pilot.app
    await wait_for(pilot, lambda: app.screen.query("#passphrase").first() is not None)
    app.screen.query_one("#passphrase", Input).value = passphrase
    await press(pilot, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen), timeout=60)


async def open_search(pilot: Pilot[object], query: str = "") -> SearchScreen:
    """Open the search screen from where the app is ("/") and type ``query``, if any."""
    from mentorjournal.tui.screens.search import SearchScreen

    app = pilot.app
    await pilot.press("slash")
    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    if query:
        await pilot.press(*query)
    return screen
