"""What needs attention: overdue and upcoming actions, next and missed meetings, goals past target, and
mentees past their retention period (to erase).

Overdue rows are drawn in the error colour. Enter opens what a row is about: an action in its
mentee's Actions tab, a meeting's session, a goal in the Goals tab. Space marks an action done,
``-`` drops it, without leaving the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal.retention import due_for_erasure
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable

HORIZON_DAYS = 14
COLUMNS = (
    Column("What", width=16),
    Column("Date", width=10),
    Column("Mentee", width=16),
    Column("Details", min_width=16),
)


@dataclass(frozen=True)
class DueTarget:
    """What a row opens: a session, or a mentee's tab (with the row's record highlighted there)."""

    mentee_id: str
    tab: str
    record_id: str = ""
    session_id: str = ""
    is_action: bool = False


class DueScreen(JournalScreen):
    AUTO_FOCUS = "#due"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the previous screen.", id="due.back"),
        Binding("enter", "open", "Open", tooltip="Open the action, meeting or goal of this row.", id="due.open"),
        Binding("space", "set_status('done')", "Done", tooltip="Mark the highlighted action done.", id="due.done"),
        Binding("minus", "set_status('dropped')", "Drop", tooltip="Drop the highlighted action.", id="due.drop"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._targets: dict[str, DueTarget] = {}

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
        late: list[str] = []

        def add(key: str, what: str, date: str, target: DueTarget, details: str, *, overdue: bool = False) -> None:
            self._targets[key] = target
            rows.append((key, [what, date, journal.mentee_name(target.mentee_id), details]))
            if overdue:
                late.append(key)

        for a in report.overdue_actions:
            target = DueTarget(a.mentee_id, "tab-actions", a.id, is_action=True)
            add(
                a.id,
                "Overdue action",
                a.due.isoformat() if a.due else "",
                target,
                f"{a.text} ({a.owner})",
                overdue=True,
            )
        for m in report.missed_meetings:
            target = DueTarget(m.mentee.id, "tab-sessions", session_id=m.session.id)
            add(f"missed-{m.mentee.id}", "Missed meeting", m.on.isoformat(), target, "no session since", overdue=True)
        for g in report.goals_past_target:
            target = DueTarget(g.mentee_id, "tab-goals", g.id)
            date = g.target_date.isoformat() if g.target_date else ""
            add(g.id, "Goal past target", date, target, g.title, overdue=True)
        for m in report.next_meetings:
            target = DueTarget(m.mentee.id, "tab-sessions", session_id=m.session.id)
            add(f"next-{m.mentee.id}", "Meeting", m.on.isoformat(), target, m.session.title or "")
        for a in report.upcoming_actions:
            target = DueTarget(a.mentee_id, "tab-actions", a.id, is_action=True)
            add(a.id, "Action due", a.due.isoformat() if a.due else "", target, f"{a.text} ({a.owner})")
        for r in due_for_erasure(journal, today):
            add(
                f"retention-{r.mentee.id}",
                "Past retention",
                r.due_on.isoformat(),
                DueTarget(r.mentee.id, "tab-sessions"),
                f"ended {r.ended.isoformat()}, kept {r.months} months: erase (mentee erase)",
                overdue=True,
            )
        self.query_one("#due", RecordTable).set_rows(rows, overdue=late)

    def _current(self) -> DueTarget | None:
        key = self.query_one("#due", RecordTable).current_key
        return self._targets.get(key) if key is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "set_status":
            target = self._current() if self.is_mounted else None
            return target is not None and target.is_action
        return super().check_action(action, parameters)

    @on(RecordTable.Highlighted, "#due")
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(RecordTable.Selected, "#due")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        target = self._current()
        if target is None:
            return
        if target.session_id:
            self.app.push_screen(SessionScreen(target.session_id))
        else:
            self.app.push_screen(MenteeScreen(target.mentee_id, tab=target.tab, highlight=target.record_id))

    def action_set_status(self, status: str) -> None:
        target = self._current()
        if target is None or not target.is_action:
            return
        try:
            self.journal.mark_action(target.record_id, status, on=self.mj.today())
        except MentorJournalError as exc:
            self.show_error(exc)
            return
        self.notify("Action marked done." if status == "done" else "Action dropped.")
        self.refresh_data()
