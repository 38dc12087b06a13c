"""Unsaved notes found after unlock: resume one, keep them for later, or discard one.

The drafts are the encrypted ones the editor kept (``journal.drafts``). Dismisses with
``("resume", draft)``, ``("discard", draft)`` or None (later: they are offered again next unlock).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from mentorjournal.journal.drafts import Draft
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import inert

DraftChoice = tuple[str, Draft] | None


def draft_line(draft: Draft, mentee_name: str) -> Text:
    """``Amara Okafor · new session · kept 2026-11-29 14:05 UTC · "Quarterly review"``."""
    line = inert(mentee_name or "(a mentee no longer in the journal)", "bold", one_line=True)
    line.append(" · ")
    line.append("edit of a saved session" if draft.session_id else "new session")
    if draft.saved_at is not None:
        line.append(f" · kept {draft.saved_at.strftime('%Y-%m-%d %H:%M')} UTC", style="dim")
    title = draft.fields.get("field-title", "").strip()
    if title:
        line.append(" · ")
        line.append_text(inert(title, one_line=True))
    return line


class DraftsDialog(ModalScreen[DraftChoice]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose('resume')", "Resume", tooltip="Open the highlighted note again.", id="drafts.resume"),
        Binding(
            "d",
            "choose('discard')",
            "Discard",
            tooltip="Throw the highlighted unsaved note away (asks first).",
            id="drafts.discard",
        ),
        Binding("escape", "later", "Later", tooltip="Keep them as drafts; they are offered again.", id="drafts.later"),
    ]

    def __init__(self, drafts: list[Draft], names: dict[str, str]) -> None:
        super().__init__(classes="dialog-screen")
        self.drafts = drafts
        self.names = names

    def compose(self) -> ComposeResult:
        count = len(self.drafts)
        with Vertical(classes="dialog", id="drafts-box"):
            yield Label(
                f"{count} unsaved note{'s' if count != 1 else ''} kept as encrypted draft{'s' if count != 1 else ''}",
                classes="box-title",
            )
            yield OptionList(
                *(Option(draft_line(d, self.names.get(d.mentee_id, "")), id=str(i)) for i, d in enumerate(self.drafts)),
                id="drafts-list",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume", id="resume", variant="primary", compact=True)
                yield Button("Later", id="later", compact=True)
                yield Button("Discard", id="discard", variant="warning", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        listing = self.query_one("#drafts-list", OptionList)
        listing.highlighted = 0
        listing.focus()

    def _current(self) -> Draft | None:
        position = self.query_one("#drafts-list", OptionList).highlighted
        return self.drafts[position] if position is not None and 0 <= position < len(self.drafts) else None

    @on(OptionList.OptionSelected, "#drafts-list")
    def _selected(self) -> None:
        self.action_choose("resume")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "later":
            self.action_later()
        elif event.button.id in {"resume", "discard"}:
            self.action_choose(event.button.id)

    def action_choose(self, what: str) -> None:
        draft = self._current()
        if draft is not None:
            self.dismiss((what, draft))

    def action_later(self) -> None:
        self.dismiss(None)
