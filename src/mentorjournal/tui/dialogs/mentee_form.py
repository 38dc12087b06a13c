"""Add or edit a mentee: a small form as a ``ModalScreen[Mentee | None]`` that saves through the journal."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import MENTEE_STATUSES, Mentee
from mentorjournal.tui.access import journal_app
from mentorjournal.tui.forms import parse_date, split_list
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import visible
from mentorjournal.tui.widgets.text_field import TextField


class MenteeForm(ModalScreen[Mentee | None]):
    """Dismisses with the saved mentee, or None when cancelled."""

    AUTO_FOCUS = "#mentee-name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save this mentee.", priority=True, id="mentee_form.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving.", id="mentee_form.cancel"),
    ]

    def __init__(self, mentee: Mentee | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.mentee = mentee or Mentee()

    def compose(self) -> ComposeResult:
        m = self.mentee
        with VerticalScroll(classes="dialog form"):
            yield Label("Edit mentee" if m.id else "New mentee", classes="box-title")
            with Grid(classes="form-grid"):
                yield Label("Name")
                yield TextField(visible(m.name), placeholder="as you write it in notes", id="mentee-name", compact=True)
                yield Label("Also called")
                yield TextField(
                    visible(", ".join(m.aliases)),
                    placeholder="nicknames, other spellings (comma separated)",
                    id="mentee-aliases",
                    compact=True,
                )
                yield Label("Role")
                yield TextField(visible(m.role), id="mentee-role", compact=True)
                yield Label("Organisation")
                yield TextField(visible(m.organisation), id="mentee-organisation", compact=True)
                yield Label("Programme")
                yield TextField(
                    visible(m.programme), placeholder="mentoring scheme, if any", id="mentee-programme", compact=True
                )
                yield Label("Contact")
                yield TextField(visible(m.contact), placeholder="e-mail, phone", id="mentee-contact", compact=True)
                yield Label("Status")
                yield Select(
                    [(s, s) for s in MENTEE_STATUSES],
                    value=m.status if m.status in MENTEE_STATUSES else "active",
                    allow_blank=False,
                    id="mentee-status",
                    compact=True,
                )
                yield Label("Started")
                yield TextField(
                    m.started.isoformat() if m.started else "",
                    placeholder="YYYY-MM-DD",
                    id="mentee-started",
                    compact=True,
                )
            yield Static("", id="mentee-error", classes="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyFooter()

    def _value(self, field: str) -> str:
        return self.query_one(f"#mentee-{field}", Input).value

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        app = journal_app(self)
        m = self.mentee
        try:
            m.name = self._value("name").strip()
            m.aliases = split_list(self._value("aliases"))
            m.role = self._value("role").strip()
            m.organisation = self._value("organisation").strip()
            m.programme = self._value("programme").strip()
            m.contact = self._value("contact").strip()
            m.status = str(self.query_one("#mentee-status", Select).value)
            m.started = parse_date(self._value("started"), "started")
            if not m.name:
                self.query_one("#mentee-error", Static).update("A mentee needs a name.")
                return
            saved = app.require_journal().save(m)
        except MentorJournalError as exc:
            self.query_one("#mentee-error", Static).update(str(exc)[:1].upper() + str(exc)[1:] + ".")
            return
        self.dismiss(saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
