"""People named in notes (a manager, a colleague): add, edit (name, aliases, relationship), delete.

Their names and aliases are what the export replaces with labels, so keeping this list right is part
of keeping summaries clean.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import Person
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.journal_forms import person_form
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.safe_text import visible

COLUMNS = (
    Column("Name", min_width=14),
    Column("Aliases", min_width=10),
    Column("Relationship", min_width=14),
)


class PeopleScreen(JournalScreen):
    AUTO_FOCUS = "#people"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the previous screen.", id="people.back"),
        Binding("n", "new_person", "New person", tooltip="Add someone named in your notes.", id="people.new"),
        Binding("e", "edit_person", "Edit", tooltip="Edit the highlighted person.", id="people.edit"),
        Binding("delete", "delete_person", "Delete", tooltip="Delete the highlighted person.", id="people.delete"),
    ]

    def __init__(self, *, mentee_id: str | None = None) -> None:
        super().__init__()
        self.mentee_id = mentee_id

    def compose(self) -> ComposeResult:
        yield Static("", id="people-title", classes="banner")
        yield RecordTable(COLUMNS, empty="No one yet. Press n to add a person named in your notes.", id="people")
        yield KeyFooter()

    def _people(self) -> list[Person]:
        people = self.journal.people()
        if self.mentee_id is None:
            return people
        return [p for p in people if p.mentee_id in {self.mentee_id, None}]

    def refresh_data(self) -> None:
        title = Text("People named in notes", style="bold", end="")
        if self.mentee_id:
            title.append(f"   with {visible(self.journal.mentee_name(self.mentee_id))}, and unlinked", style="dim")
        self.query_one("#people-title", Static).update(title)
        rows = [(p.id, [p.name, ", ".join(p.aliases), p.relationship]) for p in self._people()]
        self.query_one("#people", RecordTable).set_rows(rows)

    def _current(self) -> Person | None:
        key = self.query_one("#people", RecordTable).current_key
        return self.journal.person(key) if key else None

    def _saved(self, person: Person | None) -> None:
        if person is not None:
            self.refresh_data()
            self.query_one("#people", RecordTable).move_to(person.id)

    def action_new_person(self) -> None:
        self.app.push_screen(person_form(self.journal, Person(mentee_id=self.mentee_id)), self._saved)

    @on(RecordTable.Selected, "#people")
    def action_edit_person(self) -> None:
        person = self._current()
        if person is not None:
            self.app.push_screen(person_form(self.journal, person), self._saved)

    def action_delete_person(self) -> None:
        person = self._current()
        if person is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.journal.delete(person.id)
            except MentorJournalError as exc:
                self.show_error(exc)
                return
            self.refresh_data()

        question = f"Delete {visible(person.name)}? Exports will no longer replace this name."
        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), answered)
