"""Add or edit a goal: a ``ModalScreen[Goal | None]`` that saves through the journal."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import Goal
from mentorjournal.tui.access import journal_app
from mentorjournal.tui.forms import parse_date
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import visible
from mentorjournal.tui.widgets.text_field import TextField


class GoalForm(ModalScreen[Goal | None]):
    AUTO_FOCUS = "#goal-title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save this goal.", priority=True, id="goal_form.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving.", id="goal_form.cancel"),
    ]

    def __init__(self, goal: Goal) -> None:
        super().__init__(classes="dialog-screen")
        self.goal = goal

    def compose(self) -> ComposeResult:
        g = self.goal
        with VerticalScroll(classes="dialog form"):
            yield Label("Edit goal" if g.id else "New goal", classes="box-title")
            with Grid(classes="form-grid"):
                yield Label("Goal")
                yield TextField(visible(g.title), placeholder="in the mentee's words", id="goal-title", compact=True)
                yield Label("Measure")
                yield TextField(
                    visible(g.measure), placeholder="how will you both know?", id="goal-measure", compact=True
                )
                yield Label("Target date")
                yield TextField(
                    g.target_date.isoformat() if g.target_date else "",
                    placeholder="YYYY-MM-DD",
                    id="goal-target",
                    compact=True,
                )
            yield Static("", id="goal-error", classes="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyFooter()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        app = journal_app(self)
        g = self.goal
        try:
            g.title = self.query_one("#goal-title", Input).value.strip()
            g.measure = self.query_one("#goal-measure", Input).value.strip()
            g.target_date = parse_date(self.query_one("#goal-target", Input).value, "target date")
            if not g.title:
                self.query_one("#goal-error", Static).update("A goal needs a title.")
                return
            saved = app.require_journal().save(g)
        except MentorJournalError as exc:
            self.query_one("#goal-error", Static).update(str(exc)[:1].upper() + str(exc)[1:] + ".")
            return
        self.dismiss(saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
