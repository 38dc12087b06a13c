"""Note templates: list, edit, add and delete the headings a new note can start from.

Templates live in the vault (``journal.templates``); the four built-in ones are offered until edited.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal.templates import Template, delete_template, save_template, templates
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.dialogs.record_form import FormField, RecordForm
from mentorjournal.tui.note_fields import read_checklist
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable
from mentorjournal.tui.widgets.safe_text import visible

COLUMNS = (Column("Template", min_width=20), Column("Kept", width=16))


class TemplatesScreen(JournalScreen):
    AUTO_FOCUS = "#templates"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the previous screen.", id="templates.back"),
        Binding("n", "new_template", "New", tooltip="Add a template.", id="templates.new"),
        Binding("e", "edit_template", "Edit", tooltip="Edit the highlighted template.", id="templates.edit"),
        Binding(
            "delete", "delete_template", "Delete", tooltip="Delete the highlighted template.", id="templates.delete"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, Template] = {}

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Note templates: a new note can start from one (kept encrypted in the vault)"), classes="banner"
        )
        yield RecordTable(COLUMNS, empty="No templates. Press n to add one.", id="templates")
        yield KeyFooter()

    def refresh_data(self) -> None:
        found = templates(self.journal)
        self._shown = {t.record_id or f"builtin-{t.builtin}": t for t in found}
        rows = [
            (key, [t.name, t.saved_at.strftime("%Y-%m-%d") if t.saved_at else "built in"])
            for key, t in self._shown.items()
        ]
        self.query_one("#templates", RecordTable).set_rows(rows)

    def _current(self) -> Template | None:
        key = self.query_one("#templates", RecordTable).current_key
        return self._shown.get(key or "")

    def _form(self, template: Template) -> RecordForm[Template]:
        fields = [
            FormField("name", "Name", template.name),
            FormField("notes", "Private notes", template.notes, "long"),
            FormField("shared_summary", "Shared summary", template.shared_summary, "long"),
            FormField("actions", "Actions", template.actions, "long"),
            FormField("reflection", "Reflection", template.reflection, "long"),
        ]

        def save(v: dict[str, str]) -> Template:
            read_checklist(v["actions"])  # the same grammar as a note's: refused here, not when used
            changed = dataclasses.replace(
                template, name=v["name"], notes=v["notes"], shared_summary=v["shared_summary"],
                actions=v["actions"], reflection=v["reflection"],
            )  # fmt: skip
            return save_template(self.journal, changed)

        return RecordForm("Edit template" if template.name else "New template", fields, save)

    def _saved(self, template: Template | None) -> None:
        if template is not None:
            self.refresh_data()
            self.query_one("#templates", RecordTable).move_to(template.record_id)

    def action_new_template(self) -> None:
        self.app.push_screen(self._form(Template("")), self._saved)

    @on(RecordTable.Selected, "#templates")
    def action_edit_template(self) -> None:
        template = self._current()
        if template is not None:
            self.app.push_screen(self._form(template), self._saved)

    def action_delete_template(self) -> None:
        template = self._current()
        if template is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes or template is None:
                return
            try:
                delete_template(self.journal, template)
            except MentorJournalError as exc:
                self.show_error(exc)
                return
            self.refresh_data()

        question = f"Delete the template {visible(template.name)}? Notes written from it are not changed."
        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), answered)
