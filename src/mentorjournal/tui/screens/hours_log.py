"""The hours log in the app: the same table as `mentorjournal log`, for a chosen period, and a way to write it.

A row per session (date, pseudonym, minutes, format, programme) and the totals; never a note, summary,
title or tag, because ``export.hours`` never reads them. Writing makes a private file (0600), or an age
file sealed in memory for the recipients typed in (export.handoff), so a plaintext copy is never written
when the log is to travel. Mentees appear by pseudonym here: real names are for the command line's
confirmed ``--names``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from mentorjournal.errors import ExportRefused, MentorJournalError, UsageError
from mentorjournal.export.exporting import write_private_file
from mentorjournal.export.handoff import AGE_SUFFIX, sealing_from_text
from mentorjournal.export.hours import HOURS_FORMATS, HoursLog, build_hours_log, render_hours
from mentorjournal.tui.export_text import sentence
from mentorjournal.tui.forms import parse_date
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.safe_text import visible

COLUMNS = (
    Column("Date", width=10),
    Column("Mentee", width=14),
    Column("Minutes", width=7, align_right=True),
    Column("Format", width=10),
    Column("Programme", min_width=10),
)
FORMAT_LABELS = {"md": "Markdown", "csv": "CSV (spreadsheet)", "json": "JSON"}


def first_of_month(today: dt.date) -> dt.date:
    return today.replace(day=1)


class HoursLogScreen(JournalScreen):
    AUTO_FOCUS = "#hours-since"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the previous screen.", id="hours.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hours: HoursLog | None = None

    def compose(self) -> ComposeResult:
        today = self.mj.today()
        yield Static(Text("Hours log", style="bold"), id="hours-title", classes="banner")
        with Vertical(id="hours-form"):
            with Horizontal(classes="export-row"):
                yield Label("Since")
                yield Input(first_of_month(today).isoformat(), placeholder="YYYY-MM-DD", id="hours-since")
                yield Label("Until")
                yield Input(today.isoformat(), placeholder="YYYY-MM-DD", id="hours-until")
            yield RecordTable(COLUMNS, empty="No sessions in this period.", id="hours-table")
            yield Static("", id="hours-totals", markup=False)
            with Horizontal(classes="export-row"):
                yield Label("Format")
                yield Select(
                    [(FORMAT_LABELS[f], f) for f in HOURS_FORMATS], value="csv", allow_blank=False, id="hours-format"
                )
                yield Label("Save to")
                yield Input(str(Path.cwd() / f"hours-{today:%Y-%m}.csv"), id="hours-path")
            with Horizontal(classes="export-row"):
                yield Label("Encrypt to")
                yield Input(
                    placeholder="age1… or ssh-ed25519 … key(s), comma-separated (empty: not encrypted)",
                    id="hours-encrypt",
                )
                yield Button("Write", id="hours-write", variant="primary")
            yield Static("", id="hours-error", classes="export-error", markup=False)
        yield KeyFooter()

    # --- the table -----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        try:
            since = parse_date(self.query_one("#hours-since", Input).value, "since")
            until = parse_date(self.query_one("#hours-until", Input).value, "until")
            self.hours = build_hours_log(self.journal, since=since, until=until)
        except MentorJournalError as exc:
            self._error(sentence(exc))
            return
        self._error("")
        log = self.hours
        rows = [
            (
                str(i),
                [r.date.isoformat(), r.mentee, "" if r.minutes is None else str(r.minutes), r.format, r.programme],
            )
            for i, r in enumerate(log.rows)
        ]
        self.query_one("#hours-table", RecordTable).set_rows(rows)
        total = log.overall
        per_mentee = ", ".join(f"{t.key} {t.minutes} min" for t in log.per_mentee)
        per_month = ", ".join(f"{t.key} {t.minutes} min" for t in log.per_month)
        lines = [f"Total: {total.sessions} session(s), {total.minutes} minutes."]
        if per_mentee:
            lines += [f"Per mentee: {per_mentee}", f"Per month: {per_month}"]
        if total.without_duration:
            lines.append(f"{total.without_duration} session(s) have no recorded duration.")
        self.query_one("#hours-totals", Static).update(visible("\n".join(lines)))

    @on(Input.Changed, "#hours-since")
    @on(Input.Changed, "#hours-until")
    def _period_changed(self) -> None:
        self.refresh_data()

    @on(Select.Changed, "#hours-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#hours-path", Input)
        stem, dot, suffix = path.value.rpartition(".")
        if dot and suffix in HOURS_FORMATS and isinstance(event.value, str):
            path.value = f"{stem}.{event.value}"

    # --- writing -------------------------------------------------------------------------------

    @on(Button.Pressed, "#hours-write")
    def action_write(self) -> None:
        try:
            written = self._write()
        except MentorJournalError as exc:
            message = sentence(exc)
            self._error(message)
            self.notify(message, severity="error", title="Not written", markup=False)
            return
        self._error("")
        self.notify(f"Wrote {visible(str(written))} (mode 0600).", title="Hours log written", markup=False)

    def _write(self) -> Path:
        self.refresh_data()
        if self.hours is None:
            raise UsageError("fix the period first")
        fmt = next((f for f in HOURS_FORMATS if f == self.query_one("#hours-format", Select).value), None)
        if fmt is None:
            raise UsageError("choose a format")
        sealing = sealing_from_text(self.query_one("#hours-encrypt", Input).value)
        text = self.query_one("#hours-path", Input).value.strip()
        if not text:
            raise UsageError("say where to save the log")
        if sealing is not None and not text.endswith(AGE_SUFFIX):
            text += AGE_SUFFIX
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if not path.parent.is_dir():
            raise UsageError(f"the folder {visible(str(path.parent))} does not exist")
        if path.exists():
            raise ExportRefused(f"{visible(str(path))} already exists; choose another name")
        rendered = render_hours(self.hours, fmt)
        write_private_file(
            path, sealing.seal(rendered) if sealing is not None else rendered, vault_dir=self.journal.vault.path
        )
        return path

    def _error(self, message: str) -> None:
        shown = self.query_one("#hours-error", Static)
        shown.update(message)
        shown.display = bool(message)
