"""A vault that cannot be opened at all (damaged header, foreign file): say why, offer only quitting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, Static

from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import inert


class ProblemScreen(Screen[None]):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="centre-box"):
            yield Label("This vault cannot be opened", classes="box-title")
            yield Static(inert(self.message), id="problem-message", classes="error")
            yield Static(
                "Nothing was changed. `mentorjournal check` names damaged files; a copy of the vault "
                "folder from a backup or another machine can replace them.",
                markup=False,
                classes="hint",
            )
        yield KeyFooter()
