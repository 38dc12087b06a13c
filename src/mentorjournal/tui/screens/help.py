"""Every key of the app: everywhere, on the screen you came from, and on each other screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.dialogs.drafts import DraftsDialog
from mentorjournal.tui.dialogs.goal_form import GoalForm
from mentorjournal.tui.dialogs.mentee_form import MenteeForm
from mentorjournal.tui.dialogs.record_form import RecordForm
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.conflicts import ConflictsScreen
from mentorjournal.tui.screens.create_vault import CreateVaultScreen, RecoveryKeyScreen
from mentorjournal.tui.screens.due import DueScreen
from mentorjournal.tui.screens.editor import SessionEditor
from mentorjournal.tui.screens.export_review import ExportReviewScreen
from mentorjournal.tui.screens.history import HistoryScreen
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.screens.people import PeopleScreen
from mentorjournal.tui.screens.recover import RecoverScreen
from mentorjournal.tui.screens.search import SearchScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.screens.templates import TemplatesScreen
from mentorjournal.tui.screens.unlock import UnlockScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import RecordTable


def _bindings(cls: type) -> list[Binding]:
    return [b for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding)]


def screen_sections() -> list[tuple[str, type]]:
    """(title, screen class) for every screen and dialog with keys of its own."""

    return [
        ("Mentees (home)", MenteesScreen),
        ("A mentee", MenteeScreen),
        ("A session", SessionScreen),
        ("Session editor", SessionEditor),
        ("Export summary", ExportReviewScreen),
        ("Find", SearchScreen),
        ("Due", DueScreen),
        ("History", HistoryScreen),
        ("People", PeopleScreen),
        ("Templates", TemplatesScreen),
        ("Conflicts", ConflictsScreen),
        ("Lists", RecordTable),
        ("Any journal screen", JournalScreen),
        ("Unlock", UnlockScreen),
        ("Forgot passphrase", RecoverScreen),
        ("New vault", CreateVaultScreen),
        ("Recovery key", RecoveryKeyScreen),
        ("Mentee form", MenteeForm),
        ("Goal form", GoalForm),
        ("Forms (agreement, person, concern, progress)", RecordForm),
        ("Unsaved notes", DraftsDialog),
        ("Questions", ConfirmDialog),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", tooltip="Close the help.", id="help.close"),
    ]

    def __init__(self, came_from: Screen[object] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.came_from = came_from
        self.group: RenderableType = ""

    def _table(self, title: str, bindings: Iterable[Binding]) -> Table:
        table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None, expand=True)
        table.add_column("Key", style="bold", no_wrap=True, min_width=12)
        table.add_column("Does")
        for b in bindings:
            keys = ", ".join(self.app.get_key_display(Binding(k, b.action)) for k in b.key.split(","))
            what = b.description or b.action
            if b.tooltip:
                what = f"{what}: {b.tooltip}" if b.description else b.tooltip
            table.add_row(Text(keys), Text(what))
        return table

    def compose(self) -> ComposeResult:
        from rich.console import Group

        parts: list[Table | Text] = [self._table("Everywhere", _bindings(type(self.app)))]
        sections = screen_sections()
        if self.came_from is not None:
            here = type(self.came_from)
            for title, cls in sections:
                if cls is here:
                    parts.append(Text(""))
                    parts.append(self._table(f"Here: {title}", _bindings(cls)))
        for title, cls in sections:
            if self.came_from is not None and cls is type(self.came_from):
                continue
            if _bindings(cls):
                parts.append(Text(""))
                parts.append(self._table(title, _bindings(cls)))
        self.group = Group(*parts)
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("MentorJournal keys", style="bold"), classes="box-title")
            yield Static(self.group, id="help-text")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss()
