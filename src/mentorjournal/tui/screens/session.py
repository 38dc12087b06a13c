"""One session, read-only: its fields, action items and goals, all drawn as inert text."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.tui.commands import PaletteCommand
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.history import HistoryScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_view import action_line, goal_line, session_summary_line
from mentorjournal.tui.widgets.safe_text import inert


class SessionScreen(JournalScreen):
    AUTO_FOCUS = "#session-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", tooltip="Edit this session note.", id="session.edit"),
        Binding("h", "history", "History", tooltip="Earlier versions of this note.", id="session.history"),
        Binding(
            "delete", "delete", "Delete", tooltip="Delete this session (its history is kept).", id="session.delete"
        ),
    ]
    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = (
        PaletteCommand("Edit session", "Edit this session note", "edit"),
        PaletteCommand("Session history", "Earlier versions of this note", "history"),
        PaletteCommand("Delete session", "Delete this session (its history is kept)", "delete"),
    )

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        yield Static("", id="session-title", classes="banner")
        with VerticalScroll(id="session-body"):
            yield Static("", id="session-text")
        yield KeyFooter()

    def refresh_data(self) -> None:
        journal = self.journal
        try:
            session = journal.session(self.session_id)
        except MentorJournalError:
            self.dismiss()
            return
        title = inert(journal.mentee_name(session.mentee_id), "bold")
        title.append(" — ")
        title.append_text(inert(session.title or "(untitled)", "bold"))
        title.append("\n")
        title.append_text(inert(session_summary_line(session), "dim"))
        self.query_one("#session-title", Static).update(title)

        body = Text(end="")
        for label, value in (
            ("Private notes", session.notes),
            ("Shared summary", session.shared_summary),
            ("Reflection", session.reflection),
        ):
            body.append(f"{label}\n", style="bold underline")
            body.append_text(inert(value) if value.strip() else Text("—", style="dim"))
            body.append("\n\n")
        actions = journal.session_actions(session.id)
        body.append("Action items\n", style="bold underline")
        body.append_text(inert("\n".join(action_line(a) for a in actions)) if actions else Text("—", style="dim"))
        body.append("\n\n")
        goals = {g.id: g for g in journal.goals(session.mentee_id)}
        discussed = [goals[g] for g in session.goal_ids if g in goals]
        body.append("Goals discussed\n", style="bold underline")
        body.append_text(inert("\n".join(goal_line(g) for g in discussed)) if discussed else Text("—", style="dim"))
        if session.next_meeting:
            body.append("\n\nNext meeting: ", style="bold")
            body.append(session.next_meeting.isoformat())
        self.query_one("#session-text", Static).update(body)

    def action_edit(self) -> None:

        self.app.push_screen(SessionEditor(session_id=self.session_id))

    def action_history(self) -> None:

        self.app.push_screen(HistoryScreen(self.session_id))

    def action_delete(self) -> None:
        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.journal.delete(self.session_id)
            except MentorJournalError as exc:
                self.show_error(exc)
                return
            self.notify("Session deleted. Its earlier versions stay in the vault's history.")
            self.dismiss()

        self.app.push_screen(
            ConfirmDialog("Delete this session and its action items?", yes="Delete", no="Keep"), answered
        )
