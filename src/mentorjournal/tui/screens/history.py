"""Earlier revisions of one record (a session, usually): the list on the left, one version on the right."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import HistoryEntry
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.record_view import describe

COLUMNS = (Column("Written (UTC)", width=16), Column("Version", min_width=8))


class HistoryScreen(JournalScreen):
    AUTO_FOCUS = "#revisions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Close the history.", id="history.back"),
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        self.entries: dict[str, HistoryEntry] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("History: every saved version, newest first", style="bold"), classes="banner")
        with Horizontal(id="history-panes"):
            with Vertical(id="history-list"):
                yield RecordTable(COLUMNS, empty="No history.", id="revisions")
            with VerticalScroll(id="history-view"):
                yield Static("", id="revision-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        try:
            history = self.journal.history(self.record_id)
        except MentorJournalError as exc:
            self.show_error(exc)
            return
        newest_first = list(reversed(history))
        self.entries = {e.revision_id: e for e in newest_first}
        total = len(newest_first)
        rows = []
        for i, entry in enumerate(newest_first):
            number = total - i
            what = "deleted" if entry.deleted else ("current" if i == 0 else f"version {number}")
            if len(entry.parents) > 1:
                what += " (merge)"
            rows.append((entry.revision_id, [entry.written_at.strftime("%Y-%m-%d %H:%M"), what]))
        self.query_one("#revisions", RecordTable).set_rows(rows, keep=False)

    @on(RecordTable.Highlighted, "#revisions")
    def _show(self, event: RecordTable.Highlighted) -> None:
        entry = self.entries.get(event.key or "")
        view = self.query_one("#revision-text", Static)
        if entry is None:
            view.update("")
            return
        names = {g.id: g.title for g in self.journal.goals()}
        view.update(describe(entry.obj, names=names))
