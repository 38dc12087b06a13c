"""Notes edited on two machines: the competing versions side by side; keep one, or merge them."""

from __future__ import annotations

import copy
import dataclasses
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import Conflict, JournalObject, Session
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.record_view import describe

MERGE_SEPARATOR = "\n\n──── from the other version ────\n"
COLUMNS = (Column("Kind", width=9), Column("Record", min_width=12), Column("Versions", width=8, align_right=True))
_STORAGE_FIELDS = {"id", "schema", "extra", "revision_id", "updated_at"}


def merge_objects(newest: JournalObject, other: JournalObject) -> JournalObject:
    """Both versions in one: differing texts joined (newest first), lists united, other fields from the newest."""
    merged = copy.deepcopy(newest)
    for f in dataclasses.fields(newest):
        if f.name in _STORAGE_FIELDS:
            continue
        a, b = getattr(newest, f.name), getattr(other, f.name)
        if a == b:
            continue
        if isinstance(a, str) and isinstance(b, str):
            value: object = b if not a.strip() else a if not b.strip() else a + MERGE_SEPARATOR + b
        elif isinstance(a, list) and isinstance(b, list):
            value = list(a) + [x for x in b if x not in a]
        else:
            value = a if a is not None else b
        setattr(merged, f.name, value)
    return merged


def conflict_label(conflict: Conflict) -> str:
    obj = next((o for o in conflict.objects if o is not None), None)
    if obj is None:
        return conflict.record_id[:8]
    for name in ("title", "name", "text"):
        value = getattr(obj, name, "")
        if value:
            return str(value)
    date = getattr(obj, "date", None)
    return date.isoformat() if date else conflict.record_id[:8]


class ConflictsScreen(JournalScreen):
    AUTO_FOCUS = "#conflicts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "keep(0)",
            "Keep left",
            tooltip="Keep the left (newest) version; the other stays in history.",
            id="conflicts.keep_left",
        ),
        Binding(
            "2",
            "keep(1)",
            "Keep right",
            tooltip="Keep the right version; the other stays in history.",
            id="conflicts.keep_right",
        ),
        Binding(
            "m",
            "merge",
            "Merge",
            tooltip="Join both versions (a session opens in the editor first).",
            id="conflicts.merge",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.conflicts: dict[str, Conflict] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("Conflicts: notes edited on two machines", style="bold"), classes="banner")
        yield RecordTable(COLUMNS, empty="No conflicts: every note has one current version.", id="conflicts")
        with Horizontal(id="conflict-panes"):
            with VerticalScroll(classes="conflict-side"):
                yield Static("", id="version-left")
            with VerticalScroll(classes="conflict-side"):
                yield Static("", id="version-right")
        yield KeyFooter()

    def refresh_data(self) -> None:
        conflicts = self.journal.conflicts()
        self.conflicts = {c.record_id: c for c in conflicts}
        rows = [(c.record_id, [c.kind, conflict_label(c), str(len(c.versions))]) for c in conflicts]
        table = self.query_one("#conflicts", RecordTable)
        table.set_rows(rows)
        self._show(table.current_key)

    @on(RecordTable.Highlighted, "#conflicts")
    def _highlighted(self, event: RecordTable.Highlighted) -> None:
        self._show(event.key)

    def _show(self, key: str | None) -> None:
        conflict = self.conflicts.get(key or "")
        for index, side in enumerate(("#version-left", "#version-right")):
            widget = self.query_one(side, Static)
            if conflict is None or index >= len(conflict.versions):
                widget.update("")
                continue
            entry = conflict.versions[index]
            text = Text(f"Written {entry.written_at.strftime('%Y-%m-%d %H:%M')} UTC\n\n", style="bold")
            text.append_text(describe(entry.obj))
            widget.update(text)

    def _current(self) -> Conflict | None:
        return self.conflicts.get(self.query_one("#conflicts", RecordTable).current_key or "")

    def action_keep(self, index: int) -> None:
        conflict = self._current()
        if conflict is None or index >= len(conflict.versions):
            return
        keep = conflict.versions[index].obj
        question = "Keep this version? The others stay in the history." if keep else "Keep the deletion?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._resolve(conflict, keep)

        self.app.push_screen(ConfirmDialog(question, yes="Keep it", no="Cancel"), answered)

    def _resolve(self, conflict: Conflict, keep: JournalObject | None) -> None:
        try:
            self.journal.resolve_conflict(conflict.record_id, keep)
        except MentorJournalError as exc:
            self.show_error(exc)
            return
        self.notify("Conflict resolved.")
        self.refresh_data()

    def action_merge(self) -> None:

        conflict = self._current()
        if conflict is None:
            return
        objects = [o for o in conflict.objects if o is not None]
        if not objects:
            self._resolve(conflict, None)
            return
        merged = objects[0]
        for other in objects[1:]:
            merged = merge_objects(merged, other)
        merged.revision_id = ""  # a merge of every side: its save names every current version, ending it
        if isinstance(merged, Session):
            # The editor's save names every current version as a parent: saving ends the conflict.
            self.app.push_screen(SessionEditor(session_id=conflict.record_id, draft=merged))
            return
        self._resolve(conflict, merged)
