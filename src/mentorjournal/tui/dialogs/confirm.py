"""A yes/no question as a ``ModalScreen[bool]`` (the unsaved-changes guard uses it)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from mentorjournal.tui.widgets.footer import KeyFooter


class ConfirmDialog(ModalScreen[bool]):
    """Asks one question; dismisses with True (yes) or False (no, escape). The question is app text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "No", tooltip="Close without doing it.", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", tooltip="Do it.", id="confirm.yes"),
        Binding("n", "answer(False)", "No", show=False, tooltip="Close without doing it.", id="confirm.n"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, id="yes", variant="warning", compact=True)
                yield Button(self.no_label, id="no", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
