"""Earlier revisions of one record (a session, usually): the list on the left, one version on the right.

``d`` shows what changed from the highlighted version to the one after it (a line diff of the note as
the note format writes it); ``r`` restores the highlighted version as a new revision (nothing is
overwritten: the versions in between stay in the history).
"""

from __future__ import annotations

import copy
import difflib
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import HistoryEntry, Session
from mentorjournal.journal.noteformat import render
from mentorjournal.journal.notes import note_for_session
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.record_view import describe
from mentorjournal.tui.widgets.safe_text import inert

COLUMNS = (Column("Written (UTC)", width=16), Column("Version", min_width=8))


class HistoryScreen(JournalScreen):
    AUTO_FOCUS = "#revisions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Close the history.", id="history.back"),
        Binding("d", "toggle_diff", "Diff", tooltip="Show what changed in the highlighted version.", id="history.diff"),
        Binding(
            "r",
            "restore",
            "Restore",
            tooltip="Save the highlighted version again, as a new revision.",
            id="history.restore",
        ),
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        self.entries: dict[str, HistoryEntry] = {}
        self.order: list[str] = []  # revision ids, newest first
        self.show_diff = False

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
        self.order = [e.revision_id for e in newest_first]
        total = len(newest_first)
        rows = []
        for i, entry in enumerate(newest_first):
            number = total - i
            what = "deleted" if entry.deleted else ("current" if i == 0 else f"version {number}")
            if len(entry.parents) > 1:
                what += " (merge)"
            rows.append((entry.revision_id, [entry.written_at.strftime("%Y-%m-%d %H:%M"), what]))
        self.query_one("#revisions", RecordTable).set_rows(rows, keep=False)

    def refresh_data(self) -> None:
        """Nothing to redraw on mount (``on_mount`` lists the versions)."""

    def _current(self) -> HistoryEntry | None:
        key = self.query_one("#revisions", RecordTable).current_key
        return self.entries.get(key or "")

    def _as_text(self, entry: HistoryEntry | None) -> str:
        """A version as the lines a diff compares: a session as its note, anything else field by field."""
        if entry is None or entry.obj is None:
            return ""
        if isinstance(entry.obj, Session):
            return render(note_for_session(self.journal, entry.obj, with_id=False))
        return describe(entry.obj).plain

    @on(RecordTable.Highlighted, "#revisions")
    def _show(self, event: RecordTable.Highlighted) -> None:
        self._draw()

    def _draw(self) -> None:
        entry = self._current()
        view = self.query_one("#revision-text", Static)
        if entry is None:
            view.update("")
            return
        if self.show_diff:
            at = self.order.index(entry.revision_id)
            older = self.entries[self.order[at + 1]] if at + 1 < len(self.order) else None
            view.update(diff_text(self._as_text(older), self._as_text(entry)))
            return
        names = {g.id: g.title for g in self.journal.goals()}
        view.update(describe(entry.obj, names=names))

    def action_toggle_diff(self) -> None:
        self.show_diff = not self.show_diff
        self._draw()

    def action_restore(self) -> None:
        entry = self._current()
        if entry is None or entry.obj is None:
            self.notify("Choose a version with content (not a deletion) to restore.", severity="warning")
            return
        if entry.revision_id == self.order[0]:
            self.notify("This is already the current version.")
            return
        obj = copy.deepcopy(entry.obj)
        obj.revision_id = ""  # a new revision on top of every current head: history is kept, nothing forks

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.journal.save(obj)
            except MentorJournalError as exc:
                self.show_error(exc)
                return
            self.notify("Restored as a new revision.", title="History")
            self.on_mount()

        when = entry.written_at.strftime("%Y-%m-%d %H:%M")
        question = f"Restore the version of {when} UTC? It is saved as a new revision; the versions after it stay."
        self.app.push_screen(ConfirmDialog(question, yes="Restore", no="Cancel"), answered)


def diff_text(older: str, newer: str) -> Text:
    """A line diff, removed lines red with ``-``, added lines green with ``+`` (texts drawn inert)."""
    out = Text(end="")
    if not older:
        out.append("The first version: nothing earlier to compare with.\n\n", style="italic")
    lines = list(difflib.unified_diff(older.splitlines(), newer.splitlines(), lineterm="", n=2))
    if older and not lines:
        out.append("No change in the text (a save without edits, or a merge).", style="italic")
    for line in lines[2:]:
        style = (
            "green"
            if line.startswith("+")
            else "red"
            if line.startswith("-")
            else "dim"
            if line.startswith("@@")
            else ""
        )
        out.append_text(inert(line, style))
        out.append("\n")
    return out
