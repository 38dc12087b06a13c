"""The list of vault files that could not be read (names and reasons only, never content)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mentorjournal.journal import DamagedRecord
from mentorjournal.tui.widgets.safe_text import inert


class DamagedDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", tooltip="Close this list.", id="damaged.close"),
    ]

    def __init__(self, damaged: list[DamagedRecord]) -> None:
        super().__init__(classes="dialog-screen")
        self.damaged = damaged

    def compose(self) -> ComposeResult:
        text = Text(end="")
        if not self.damaged:
            text.append("No damaged records: every file in the vault could be read.")
        for d in self.damaged:
            text.append_text(inert(d.name, "bold"))
            text.append(": ")
            text.append_text(inert(d.reason))
            text.append("\n")
        text.rstrip()
        with VerticalScroll(classes="dialog"):
            yield Static(Text("Damaged records", style="bold"), classes="box-title")
            yield Static(text, id="damaged-list")
            yield Static(
                "The rest of the journal is unaffected. `mentorjournal check` lists these too; a copy of "
                "the file from a backup or another machine repairs it. Press Escape to close.",
                markup=False,
                classes="hint",
            )

    def action_close(self) -> None:
        self.dismiss()
