"""Issue 17 in the app (Pilot, real vault): the hours log screen, and the export screen's age choice."""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import io
import stat
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

from mentorjournal.export.exporting import export_log
from mentorjournal.journal import Agreement, Journal
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.screens.due import DueScreen
from mentorjournal.tui.screens.hours_log import HoursLogScreen
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.widgets.record_table import RecordTable

from .helpers import fill_vault, make_app, press, unlock, wait_for
from .test_export_review import KNOWN, PRIVATE, export_screen, review_everything, start_review


async def _hours_screen(pilot: Pilot[Any]) -> HoursLogScreen:
    await press(pilot, "h")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HoursLogScreen))
    screen = pilot.app.screen
    assert isinstance(screen, HoursLogScreen)
    return screen


class TestHoursLogScreen:
    async def test_table_for_a_period_and_a_written_csv(self, tmp_path: Path) -> None:
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir, sessions=3)  # 2025-03-07, 2025-02-21, 2025-02-07; 60 minutes each, video
        app = make_app(vault_dir)
        async with app.run_test(size=(110, 32)) as pilot:
            await unlock(pilot)
            screen = await _hours_screen(pilot)
            table = screen.query_one("#hours-table", RecordTable)
            assert table.row_count == 1  # this month so far (today is 2025-03-14)
            screen.query_one("#hours-since", Input).value = "2025-02-01"
            await pilot.pause()
            assert table.row_count == 3
            rows = [table.row(str(i)) for i in range(3)]
            assert rows[0] == ("2025-02-07", "Mentee A", "60", "video", "Women in Tech")
            totals = str(screen.query_one("#hours-totals", Static).render())
            assert "3 session(s), 180 minutes" in totals and "2025-02 120 min" in totals
            for word in ("Amara", "Check-in", "migration", "career"):
                assert word not in totals and all(word not in " ".join(r) for r in rows)
            out = tmp_path / "hours.csv"
            screen.query_one("#hours-path", Input).value = str(out)
            screen.query_one("#hours-write", Button).press()
            await wait_for(pilot, out.exists)
            screen.query_one("#hours-since", Input).value = "not a date"
            await pilot.pause()
            assert "since" in str(screen.query_one("#hours-error", Static).render()).lower()
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        written = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert written[0] == ["date", "mentee", "minutes", "format", "programme"]
        assert len([r for r in written if r[0].startswith("2025-")]) == 3
        assert "Amara" not in out.read_text(encoding="utf-8")

    async def test_sealed_for_a_recipient_and_never_over_a_file(self, tmp_path: Path) -> None:
        identity = x25519.Identity.generate()
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir, sessions=2)
        app = make_app(vault_dir)
        async with app.run_test(size=(110, 32)) as pilot:
            await unlock(pilot)
            screen = await _hours_screen(pilot)
            screen.query_one("#hours-since", Input).value = "2025-01-01"
            screen.query_one("#hours-format", Select).value = "json"
            out = tmp_path / "hours.json"
            screen.query_one("#hours-path", Input).value = str(out)
            screen.query_one("#hours-encrypt", Input).value = str(identity.to_public())
            screen.query_one("#hours-write", Button).press()
            sealed = tmp_path / "hours.json.age"
            await wait_for(pilot, sealed.exists)
            assert not out.exists()
            screen.query_one("#hours-write", Button).press()  # the same name again: refused
            await pilot.pause()
            assert "already exists" in str(screen.query_one("#hours-error", Static).render())
            screen.query_one("#hours-encrypt", Input).value = "age1broken"
            screen.query_one("#hours-path", Input).value = str(tmp_path / "other.json")
            screen.query_one("#hours-write", Button).press()
            await pilot.pause()
            assert "not a valid" in str(screen.query_one("#hours-error", Static).render())
            assert not (tmp_path / "other.json.age").exists() and not (tmp_path / "other.json").exists()
        text = pyrage.decrypt(sealed.read_bytes(), [identity]).decode()
        assert '"kind": "hours-log"' in text and '"minutes": 120' in text


class TestEncryptedExport:
    async def test_export_sealed_with_age_writes_no_plaintext(self, tmp_path: Path) -> None:
        identity = x25519.Identity.generate()
        out = tmp_path / "summary.md"
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, out, encrypt=str(identity.to_public()))
            await review_everything(pilot, screen)
            await pilot.press("ctrl+e")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            dialog = app.screen
            assert isinstance(dialog, ConfirmDialog) and "sealed with age" in dialog.question
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            assert export_log(app.journal)[0]["destination"] == "age-file"
        sealed = tmp_path / "summary.md.age"
        assert not out.exists() and stat.S_IMODE(sealed.stat().st_mode) == 0o600
        data = sealed.read_bytes()
        assert data.startswith(b"age-encryption.org/v1") and b"Mentee A" not in data
        text = pyrage.decrypt(data, [identity]).decode()
        assert text.startswith("# Progress summary: Mentee A")
        for word in (*KNOWN, PRIVATE):
            assert word not in text

    async def test_a_bad_recipient_keeps_the_form_open(self, tmp_path: Path) -> None:
        async with export_screen(tmp_path) as (_app, pilot, screen):
            screen.query_one("#export-path", Input).value = str(tmp_path / "s.md")
            screen.query_one("#export-encrypt", Input).value = "AGE-SECRET-KEY-1ABC"
            screen.query_one("#export-start", Button).press()
            await pilot.pause()
            assert not screen.in_review
            assert "private key" in str(screen.query_one("#export-form-error", Static).render())


def _ended_long_ago(journal: Journal) -> None:
    bilal = next(m for m in journal.mentees() if m.name == "Bilal Hussain")
    journal.save(dataclasses.replace(copy.deepcopy(bilal), status="ended", ended=dt.date(2023, 1, 31)))
    journal.save(Agreement(mentee_id=bilal.id, retain_months=12))


class TestRetentionInTheApp:
    async def test_home_and_due_screens_show_mentees_past_retention(self, tmp_path: Path) -> None:
        vault_dir = tmp_path / "vault"
        fill_vault(vault_dir, sessions=1, fill=_ended_long_ago)
        app = make_app(vault_dir)
        async with app.run_test(size=(110, 32)) as pilot:
            await unlock(pilot)
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            notices = str(app.screen.query_one("#notices", Static).render())
            assert "1 mentee(s) are past their retention period" in notices
            assert app.journal is not None
            bilal_id = next(m.id for m in app.journal.mentees() if m.name == "Bilal Hussain")
            await press(pilot, "d")
            await wait_for(pilot, lambda: isinstance(app.screen, DueScreen))
            table = app.screen.query_one("#due", RecordTable)
            row = table.row(f"retention-{bilal_id}")
            assert row[0] == "Past retention"
            assert row[1] == "2024-01-31" and row[2] == "Bilal Hussain"
