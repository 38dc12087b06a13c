"""What needs attention: overdue and upcoming actions, next and missed meetings, goals past target."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable

HORIZON_DAYS = 14
COLUMNS = (
    Column("What", width=16),
    Column("Date", width=10),
    Column("Mentee", width=16),
    Column("Details", min_width=16),
)


class DueScreen(JournalScreen):
    AUTO_FOCUS = "#due"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the previous screen.", id="due.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._targets: dict[str, tuple[str, str]] = {}  # row key -> (mentee id, tab to open)

    def compose(self) -> ComposeResult:
        yield Static("", id="due-title", classes="banner")
        yield RecordTable(COLUMNS, empty="Nothing due: no open actions, meetings or goals need you now.", id="due")
        yield KeyFooter()

    def refresh_data(self) -> None:
        journal = self.journal
        today = self.mj.today()
        report = journal.due(today, horizon_days=HORIZON_DAYS)
        title = Text("Due", style="bold", end="")
        title.append(f"   today {today.isoformat()}, looking {HORIZON_DAYS} days ahead", style="dim")
        self.query_one("#due-title", Static).update(title)
        self._targets = {}
        rows: list[tuple[str, list[str]]] = []

        def add(key: str, what: str, date: str, mentee_id: str, details: str, tab: str = "tab-actions") -> None:
            self._targets[key] = (mentee_id, tab)
            rows.append((key, [what, date, journal.mentee_name(mentee_id), details]))

        for a in report.overdue_actions:
            add(a.id, "Overdue action", a.due.isoformat() if a.due else "", a.mentee_id, f"{a.text} ({a.owner})")
        for m in report.missed_meetings:
            add(
                f"missed-{m.mentee.id}",
                "Missed meeting",
                m.on.isoformat(),
                m.mentee.id,
                "no session since",
                "tab-sessions",
            )
        for g in report.goals_past_target:
            add(
                g.id,
                "Goal past target",
                g.target_date.isoformat() if g.target_date else "",
                g.mentee_id,
                g.title,
                "tab-goals",
            )
        for m in report.next_meetings:
            add(f"next-{m.mentee.id}", "Meeting", m.on.isoformat(), m.mentee.id, m.session.title or "", "tab-sessions")
        for a in report.upcoming_actions:
            add(a.id, "Action due", a.due.isoformat() if a.due else "", a.mentee_id, f"{a.text} ({a.owner})")
        self.query_one("#due", RecordTable).set_rows(rows)

    @on(RecordTable.Selected, "#due")
    def _open(self, event: RecordTable.Selected) -> None:

        target = self._targets.get(event.key)
        if target is not None:
            self.app.push_screen(MenteeScreen(target[0], tab=target[1]))
