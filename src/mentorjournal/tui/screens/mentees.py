"""The main view: every mentee with status, last session, next meeting and open actions."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import Mentee, MenteeOverview
from mentorjournal.journal.retention import due_for_erasure
from mentorjournal.tui.commands import PaletteCommand
from mentorjournal.tui.dialogs.mentee_form import MenteeForm
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.safe_text import inert

NO_MENTEES_HINT = "No mentees yet. Press n to add the first person you mentor."

COLUMNS = (
    Column("Name", min_width=14),
    Column("Status", width=7),
    Column("Last session", width=12),
    Column("Next meeting", width=17),
    Column("Open actions", width=12, align_right=True),
)


def mentee_rows(
    mentees: list[Mentee], overview: dict[str, MenteeOverview], today: dt.date
) -> list[tuple[str, list[str]]]:
    """One row per mentee, from the journal's overview (worked out from its cards: no note is decoded)."""
    rows = []
    for m in mentees:
        o = overview.get(m.id)
        nxt = o.next_meeting if o else None
        if nxt is None:
            next_text = "—"
        elif nxt < today:
            next_text = f"{nxt.isoformat()} missed"
        else:
            next_text = nxt.isoformat()
        last_date = o.last_session if o else None
        rows.append(
            (
                m.id,
                [
                    m.name + (" (archived)" if m.archived else ""),
                    m.status,
                    last_date.isoformat() if last_date else "—",
                    next_text,
                    str((o.open_actions if o else 0) or "—"),
                ],
            )
        )
    return rows


class MenteesScreen(JournalScreen):
    """Home: the list of mentees. Enter opens one; keys add mentees and sessions."""

    AUTO_FOCUS = "#mentees"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_mentee", "New mentee", tooltip="Add someone you mentor.", id="mentees.new"),
        Binding(
            "s",
            "new_session",
            "New session",
            tooltip="Write a note for a meeting with the highlighted mentee.",
            id="mentees.session",
        ),
        Binding(
            "e",
            "edit_mentee",
            "Edit",
            show=False,
            tooltip="Edit the highlighted mentee's details.",
            id="mentees.edit",
        ),
        Binding("d", "app.due", "Due", tooltip="Overdue and upcoming actions and meetings.", id="mentees.due"),
        Binding("slash", "app.search", "Find", tooltip="Search everything as you type.", id="mentees.find"),
        Binding(
            "h",
            "app.hours_log",
            "Hours",
            show=False,
            tooltip="The hours log for the programme.",
            id="mentees.hours",
        ),
        Binding(
            "a",
            "toggle_archived",
            "Archived",
            show=False,
            tooltip="Show or hide archived mentees.",
            id="mentees.archived",
        ),
        Binding(
            "c",
            "app.conflicts",
            "Conflicts",
            show=False,
            tooltip="Notes edited on two machines.",
            id="mentees.conflicts",
        ),
        Binding(
            "x",
            "app.damaged",
            "Damaged",
            show=False,
            tooltip="Vault files that could not be read.",
            id="mentees.damaged",
        ),
        Binding(
            "question_mark", "app.help", "Help", show=False, tooltip="Every key of MentorJournal.", id="mentees.help"
        ),
    ]
    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = (
        PaletteCommand("New session", "Write a note for the highlighted mentee", "new_session"),
        PaletteCommand("Show or hide archived mentees", "Archived mentees are hidden by default", "toggle_archived"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False

    def compose(self) -> ComposeResult:
        yield Static("", id="banner", classes="banner")
        yield Static("", id="notices", classes="notices")
        yield RecordTable(COLUMNS, empty=NO_MENTEES_HINT, id="mentees")
        yield KeyFooter()

    def refresh_data(self) -> None:
        journal = self.journal
        today = self.mj.today()
        mentees = journal.mentees(include_archived=self.show_archived)
        overview = journal.overview()
        rows = mentee_rows(mentees, overview, today)
        table = self.query_one("#mentees", RecordTable)
        late = [m.id for m in mentees if (o := overview.get(m.id)) and o.next_meeting and o.next_meeting < today]
        table.set_rows(rows, muted=[m.id for m in mentees if m.archived or m.status != "active"], overdue=late)
        count = len(mentees)
        title = Text("MentorJournal", style="bold", end="")
        title.append(f" · Mentees ({count})", style="bold")
        title.append(f"   {today.strftime('%A %d %B %Y')}", style="dim")
        if self.show_archived:
            title.append("   archived shown", style="dim")
        self.query_one("#banner", Static).update(title)
        self._update_notices()

    def _update_notices(self) -> None:
        journal = self.journal
        notices = Text(end="")
        vault = self.mj.vault
        if vault is not None and vault.is_cheap:
            notices.append(
                "Test-only vault: its passphrase can be guessed quickly. Do not keep real notes here.\n",
                style="bold yellow",
            )
        damaged = journal.damaged()
        if damaged:
            names = ", ".join(d.name for d in damaged[:3]) + (" …" if len(damaged) > 3 else "")
            notices.append(f"{len(damaged)} damaged record(s) could not be read: ", style="bold red")
            notices.append_text(inert(names))
            notices.append(". Everything else is here. Press x for details.\n", style="red")
        conflicts = journal.conflict_count()
        if conflicts:
            notices.append(
                f"{conflicts} note(s) were edited on two machines. Press c to compare them.\n",
                style="bold yellow",
            )
        past = due_for_erasure(journal, self.mj.today())
        if past:
            notices.append(
                f"{len(past)} mentee(s) are past their retention period. Press d to see who, then erase them "
                "(`mentorjournal mentee erase`).\n",
                style="bold yellow",
            )
        notices.rstrip()
        widget = self.query_one("#notices", Static)
        widget.update(notices)
        widget.display = bool(notices.plain)

    # --- actions -------------------------------------------------------------------------------

    def _current(self) -> str | None:
        return self.query_one("#mentees", RecordTable).current_key

    @on(RecordTable.Selected, "#mentees")
    def _open(self, event: RecordTable.Selected) -> None:

        self.app.push_screen(MenteeScreen(event.key))

    def action_new_mentee(self) -> None:
        self.mj.action_new_mentee()

    def action_edit_mentee(self) -> None:

        key = self._current()
        if key is None:
            return

        def saved(result: Mentee | None) -> None:
            if result is not None:
                self.refresh_data()

        try:
            mentee = self.journal.mentee(key)
        except MentorJournalError as exc:
            self.show_error(exc)
            return
        self.app.push_screen(MenteeForm(mentee), saved)

    def action_new_session(self) -> None:

        key = self._current()
        if key is None:
            self.notify("Add a mentee first (n).", severity="warning")
            return
        self.app.push_screen(SessionEditor(mentee_id=key))

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.refresh_data()
