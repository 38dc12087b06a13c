"""One mentee: sessions, goals (progress bars), actions, agreement, concern records, and a timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, ProgressBar, Sparkline, Static, TabbedContent, TabPane

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import ConcernRecord, Goal, Mentee, Session
from mentorjournal.tui.commands import PaletteCommand
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.dialogs.goal_form import GoalForm
from mentorjournal.tui.dialogs.mentee_form import MenteeForm
from mentorjournal.tui.journal_forms import agreement_form, concern_form, progress_form
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.export_review import ExportReviewScreen
from mentorjournal.tui.screens.people import PeopleScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.record_view import describe, goal_line, progress_line
from mentorjournal.tui.widgets.safe_text import inert, visible

TIMELINE_MONTHS = 24

SESSION_COLUMNS = (
    Column("Date", width=10),
    Column("Title", min_width=12),
    Column("Format", width=9),
    Column("Min", width=4, align_right=True),
    Column("Tags", width=18),
)
ACTION_COLUMNS = (
    Column("Status", width=7),
    Column("Due", width=10),
    Column("Owner", width=6),
    Column("Action", min_width=20),
)


def sessions_per_month(sessions: list[Session], today: dt.date, months: int = TIMELINE_MONTHS) -> list[float]:
    """Counts for the ``months`` calendar months ending with today's, oldest first."""
    first_year, first_month = divmod(today.year * 12 + today.month - 1 - (months - 1), 12)
    start = first_year * 12 + first_month
    counts = [0.0] * months
    for s in sessions:
        index = s.date.year * 12 + s.date.month - 1 - start
        if 0 <= index < months:
            counts[index] += 1
    return counts


def session_rows(sessions: list[Session]) -> list[tuple[str, list[str]]]:
    return [
        (
            s.id,
            [
                s.date.isoformat(),
                s.title or "(untitled)",
                s.format or "",
                str(s.duration_minutes) if s.duration_minutes else "",
                ", ".join(s.tags),
            ],
        )
        for s in sessions
    ]


class GoalView(Vertical):
    """A goal's title line and a progress bar."""

    DEFAULT_CSS = """
    GoalView { height: auto; margin-bottom: 1; }
    GoalView ProgressBar { height: 1; }
    """

    def __init__(self, goal: Goal) -> None:
        super().__init__(classes="goal")
        self.goal = goal

    def compose(self) -> ComposeResult:
        yield Static(inert(goal_line(self.goal)), classes="goal-title")
        bar = ProgressBar(total=100, show_eta=False, show_percentage=True)
        yield bar
        if self.goal.progress:
            yield Static(inert(progress_line(self.goal.progress[-1]), "dim"), classes="goal-last")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).update(progress=self.goal.percent or 0)


class MenteeScreen(JournalScreen):
    AUTO_FOCUS = "#sessions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_session", "New session", tooltip="Write a note for a new meeting.", id="mentee.session"),
        Binding("e", "edit_mentee", "Edit", tooltip="Edit this mentee's details.", id="mentee.edit"),
        Binding("g", "new_goal", "New goal", tooltip="Add a goal for this mentee.", id="mentee.goal"),
        Binding(
            "a",
            "edit_agreement",
            "Agreement",
            tooltip="Edit the mentoring agreement and consent to share.",
            id="mentee.agreement",
        ),
        Binding("p", "progress", "Progress", show=False, tooltip="Record progress on a goal.", id="mentee.progress"),
        Binding(
            "c", "new_concern", "Concern", show=False, tooltip="Record a concern (never exported).", id="mentee.concern"
        ),
        Binding(
            "o", "people", "People", show=False, tooltip="People named in this mentee's notes.", id="mentee.people"
        ),
        Binding(
            "space",
            "toggle_action",
            "Done/open",
            tooltip="Mark the highlighted action item done (or open again, if done or dropped).",
            id="mentee.toggle_action",
        ),
        Binding(
            "minus",
            "drop_action",
            "Drop",
            tooltip="Drop the highlighted action item (no longer wanted).",
            id="mentee.drop_action",
        ),
        Binding(
            "x",
            "export_summary",
            "Export summary",
            tooltip="Review and write a redacted progress summary of this mentee.",
            id="mentee.export",
        ),
        Binding("slash", "app.search", "Find", tooltip="Search everything as you type.", id="mentee.find"),
        # Priority: the lists scroll sideways on ← and →, which kept → from leaving the Actions tab.
        Binding(
            "right", "tab(1)", "Next tab", show=False, priority=True, tooltip="Show the next tab.", id="mentee.next_tab"
        ),
        Binding(
            "left",
            "tab(-1)",
            "Previous tab",
            show=False,
            priority=True,
            tooltip="Show the previous tab.",
            id="mentee.prev_tab",
        ),
    ]
    TABS = ("tab-sessions", "tab-goals", "tab-actions", "tab-agreement", "tab-concerns")
    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = (
        PaletteCommand("New session", "Write a note for a new meeting with this mentee", "new_session"),
        PaletteCommand("New goal", "Add a goal for this mentee", "new_goal"),
        PaletteCommand("Edit mentee", "Change this mentee's details", "edit_mentee"),
        PaletteCommand("Export summary", "Review and write a redacted summary of this mentee", "export_summary"),
        PaletteCommand("Edit agreement", "Goals, cadence, confidentiality and consent to share", "edit_agreement"),
        PaletteCommand("Goal progress", "Record progress on one of this mentee's goals", "progress"),
        PaletteCommand("New concern record", "Record a safeguarding or wellbeing concern", "new_concern"),
        PaletteCommand("People", "Third parties named in this mentee's notes", "people"),
        PaletteCommand("Archive mentee", "Hide this mentee from lists and end the relationship", "archive"),
    )

    def __init__(self, mentee_id: str, *, tab: str = "tab-sessions", highlight: str = "") -> None:
        super().__init__()
        self.mentee_id = mentee_id
        self.first_tab = tab
        self.highlight = highlight  # a record to put the cursor on (an action opened from Due)
        # Goals are drawn with a few widgets each (a progress bar is four): mounting them costs more
        # than the rest of the screen, so they are mounted when their tab is first shown, not before.
        self._goals_stale = True

    def compose(self) -> ComposeResult:
        yield Static("", id="mentee-title", classes="banner")
        with Horizontal(id="timeline-row"):
            yield Label(f"Sessions per month, last {TIMELINE_MONTHS}: ", id="timeline-label")
            yield Sparkline([], summary_function=max, id="timeline")
        with TabbedContent(initial=self.first_tab, id="mentee-tabs"):
            with TabPane("Sessions", id="tab-sessions"):
                yield RecordTable(
                    SESSION_COLUMNS, empty="No sessions yet. Press n to write the first note.", id="sessions"
                )
            with TabPane("Goals", id="tab-goals"):
                yield VerticalScroll(id="goals")
            with TabPane("Actions", id="tab-actions"):
                yield RecordTable(ACTION_COLUMNS, empty="No action items.", id="actions")
            with TabPane("Agreement", id="tab-agreement"), VerticalScroll():
                yield Static("", id="agreement")
            with TabPane("Concerns", id="tab-concerns"), VerticalScroll():
                yield Static("", id="concerns")
        yield KeyFooter()

    def refresh_data(self) -> None:
        journal = self.journal
        try:
            mentee = journal.mentee(self.mentee_id)
        except MentorJournalError:
            self.dismiss()
            return
        self._show_title(mentee)
        sessions = journal.sessions(mentee_id=mentee.id)
        self.query_one("#timeline", Sparkline).data = sessions_per_month(sessions, self.mj.today())
        self.query_one("#sessions", RecordTable).set_rows(session_rows(sessions))
        actions = journal.actions(mentee.id)
        today = self.mj.today()
        table = self.query_one("#actions", RecordTable)
        table.set_rows(
            [(a.id, [a.status, a.due.isoformat() if a.due else "", a.owner, a.text]) for a in actions],
            muted=[a.id for a in actions if a.status != "open"],
            overdue=[a.id for a in actions if a.status == "open" and a.due is not None and a.due < today],
        )
        if self.highlight:
            table.move_to(self.highlight)
            self.highlight = ""
        self._goals_stale = True
        if self.query_one("#mentee-tabs", TabbedContent).active == "tab-goals":
            self._show_goals()
        agreement = journal.agreement(mentee.id)
        self.query_one("#agreement", Static).update(
            describe(agreement) if agreement else Text("No agreement recorded.", style="italic")
        )
        concerns = journal.concerns(mentee.id)
        shown = Text(end="")
        for i, c in enumerate(concerns):
            if i:
                shown.append("\n\n")
            shown.append(f"Concern of {c.date.isoformat()}\n", style="bold")
            shown.append_text(describe(c))
        self.query_one("#concerns", Static).update(shown if concerns else Text("No concern records.", style="italic"))

    def _show_goals(self) -> None:
        self._goals_stale = False
        goals_box = self.query_one("#goals", VerticalScroll)
        goals_box.remove_children()
        goals = self.journal.goals(self.mentee_id)
        if goals:
            goals_box.mount_all([GoalView(g) for g in goals])
        else:
            goals_box.mount(Static("No goals yet. Press g to add one.", classes="hint", markup=False))

    def _show_title(self, mentee: Mentee) -> None:
        title = inert(mentee.name, "bold")
        details = [d for d in (mentee.role, mentee.organisation, mentee.programme) if d]
        if details:
            title.append("  ")
            title.append_text(inert(" · ".join(details), "dim"))
        title.append(f"  [{mentee.status}]", style="italic")
        if mentee.started:
            title.append(f"  since {mentee.started.isoformat()}", style="dim")
        self.query_one("#mentee-title", Static).update(title)

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"toggle_action", "drop_action"}:
            tabs = self.query("#mentee-tabs")
            return bool(tabs) and tabs.first(TabbedContent).active == "tab-actions"
        return super().check_action(action, parameters)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-goals" and self._goals_stale and self.mj.journal is not None:
            self._show_goals()
        self.refresh_bindings()

    @on(RecordTable.Selected, "#sessions")
    def _open_session(self, event: RecordTable.Selected) -> None:

        self.app.push_screen(SessionScreen(event.key))

    def action_tab(self, step: int) -> None:
        tabs = self.query_one("#mentee-tabs", TabbedContent)
        current = self.TABS.index(tabs.active) if tabs.active in self.TABS else 0
        tabs.active = self.TABS[(current + step) % len(self.TABS)]
        focus = {"tab-sessions": "#sessions", "tab-actions": "#actions"}.get(tabs.active)
        if focus:
            self.query_one(focus).focus()

    def action_new_session(self) -> None:

        self.app.push_screen(SessionEditor(mentee_id=self.mentee_id))

    def action_edit_mentee(self) -> None:

        def saved(result: Mentee | None) -> None:
            if result is not None:
                self.refresh_data()

        self.app.push_screen(MenteeForm(self.journal.mentee(self.mentee_id)), saved)

    def action_export_summary(self) -> None:

        self.app.push_screen(ExportReviewScreen(self.journal, self.journal.mentee(self.mentee_id)))

    def action_new_goal(self) -> None:

        def saved(result: Goal | None) -> None:
            if result is not None:
                self.refresh_data()
                self.query_one("#mentee-tabs", TabbedContent).active = "tab-goals"

        self.app.push_screen(GoalForm(Goal(mentee_id=self.mentee_id)), saved)

    def action_toggle_action(self) -> None:
        self._set_action_status(lambda status: "done" if status == "open" else "open")

    def action_drop_action(self) -> None:
        self._set_action_status(lambda status: "dropped")

    def _set_action_status(self, new_status: Callable[[str], str]) -> None:
        table = self.query_one("#actions", RecordTable)
        if self.query_one("#mentee-tabs", TabbedContent).active != "tab-actions" or table.current_key is None:
            return
        try:
            action = self.journal.action(table.current_key)
            status = new_status(action.status)
            self.journal.mark_action(action.id, status, on=self.mj.today())
        except MentorJournalError as exc:
            self.show_error(exc)
            return
        self.notify({"done": "Action done.", "open": "Action open again.", "dropped": "Action dropped."}[status])
        self.refresh_data()

    # --- the other records of this mentee ------------------------------------------------------

    def _after(self, tab: str) -> Callable[[object], None]:
        def saved(result: object) -> None:
            if result is not None:
                self.refresh_data()
                self.query_one("#mentee-tabs", TabbedContent).active = tab

        return saved

    def action_edit_agreement(self) -> None:
        self.app.push_screen(agreement_form(self.journal, self.mentee_id), self._after("tab-agreement"))

    def action_new_concern(self) -> None:
        concern = ConcernRecord(mentee_id=self.mentee_id, date=self.mj.today())
        self.app.push_screen(concern_form(self.journal, concern), self._after("tab-concerns"))

    def action_progress(self) -> None:
        goals = [g for g in self.journal.goals(self.mentee_id) if g.status in {"open", "paused"}]
        if not goals:
            self.notify("No open goals: press g to add one.", severity="warning")
            return
        self.app.push_screen(progress_form(self.journal, goals, self.mj.today()), self._after("tab-goals"))

    def action_people(self) -> None:
        self.app.push_screen(PeopleScreen(mentee_id=self.mentee_id))

    def action_archive(self) -> None:
        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.journal.archive_mentee(self.mentee_id, on=self.mj.today())
            except MentorJournalError as exc:
                self.show_error(exc)
                return
            self.notify("Archived: hidden from the list (press a on the mentees list to show archived ones).")
            self.dismiss()

        name = self.journal.mentee_name(self.mentee_id)
        self.app.push_screen(
            ConfirmDialog(
                f"Archive {visible(name)}? The relationship is ended and they are hidden from everyday lists. "
                "Nothing is deleted.",
                yes="Archive",
                no="Keep",
            ),
            answered,
        )
