"""The session editor: a new or existing session note, its action items and goal progress.

Everything is typed here, in Textual widgets: no external editor (that would need a plaintext
temp file). Nothing reaches the disk except through ``Journal.save``. Leaving or locking with
unsaved changes asks first (``ConfirmDialog``); only the idle lock discards without asking, and the
unlock screen says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from mentorjournal.errors import InvalidInput, MentorJournalError
from mentorjournal.journal import SESSION_FORMATS, ActionItem, Goal, Session
from mentorjournal.tui.commands import PaletteCommand
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.forms import parse_date, parse_minutes, parse_percent, split_list
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_view import action_line
from mentorjournal.tui.widgets.safe_text import has_unsafe, inert, visible

ACTIONS_HINT = (
    "New action items, one per line. Start a line with “me:” for your own; end it with “| 2025-04-01” for a due date."
)
UNSAFE_NOTICE = (
    "This note held characters that could act on the terminal; they are shown as symbols (such as ␛) "
    "and saving keeps the symbols."
)


@dataclass(frozen=True)
class ActionDraft:
    text: str
    owner: str
    due: dt.date | None


def parse_action_lines(text: str) -> list[ActionDraft]:
    """``"me: send the CV | 2025-04-01"`` -> an action for the mentor, due on that date."""
    drafts = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().lstrip("-*").strip()
        if not line:
            continue
        owner = "mentee"
        if line.lower().startswith("me:"):
            owner, line = "mentor", line[3:].strip()
        due = None
        if "|" in line:
            line, _, when = line.rpartition("|")
            due = parse_date(when, f"the due date on action line {number}")
            line = line.strip()
        if not line:
            raise InvalidInput(f"action line {number} has no text")
        drafts.append(ActionDraft(line, owner, due))
    return drafts


class SessionEditor(JournalScreen):
    """Pass ``mentee_id`` for a new session (today's date prefilled) or ``session_id`` to edit one."""

    AUTO_FOCUS = "#field-title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save this session note.", priority=True, id="editor.save"),
        Binding(
            "escape",
            "back",
            "Close",
            tooltip="Close the editor (asks first if there are unsaved changes).",
            id="editor.close",
        ),
    ]
    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = (
        PaletteCommand("Save session", "Save this session note", "save"),
        PaletteCommand("Close editor", "Close (asks first if there are unsaved changes)", "back"),
    )

    def __init__(
        self, *, mentee_id: str | None = None, session_id: str | None = None, draft: Session | None = None
    ) -> None:
        super().__init__()
        if (mentee_id is None) == (session_id is None):
            raise ValueError("give either mentee_id (new session) or session_id (edit)")
        self._mentee_id = mentee_id
        self._session_id = session_id
        self._draft = draft  # a prepared version (a merge of conflicting ones), unsaved
        self.session: Session | None = None
        self._goals: list[Goal] = []
        self._saved_state: tuple[object, ...] | None = None
        self._had_unsafe = False

    # --- building ------------------------------------------------------------------------------

    def _load(self) -> Session:
        journal = self.journal
        if self._draft is not None:
            return self._draft
        if self._session_id is not None:
            return journal.session(self._session_id)
        assert self._mentee_id is not None
        return Session(mentee_id=self._mentee_id, date=self.mj.today())

    def _shown(self, text: str) -> str:
        if has_unsafe(text):
            self._had_unsafe = True
        return visible(text)

    def compose(self) -> ComposeResult:
        session = self.session = self._load()
        journal = self.journal
        self._goals = [g for g in journal.goals(session.mentee_id) if g.status == "open" or g.id in session.goal_ids]
        formats = list(SESSION_FORMATS)
        if session.format and session.format not in formats:
            formats.append(session.format)
        heading = Text("Edit session" if session.id else "New session", style="bold", end="")
        heading.append(" with ")
        heading.append_text(inert(journal.mentee_name(session.mentee_id), "bold"))
        yield Static(heading, id="editor-title", classes="banner")
        with VerticalScroll(id="editor-form"):
            yield Static("", id="editor-unsafe", classes="warning", markup=False)
            with Grid(classes="form-grid editor-grid"):
                yield Label("Date")
                yield Input(session.date.isoformat(), placeholder="YYYY-MM-DD", id="field-date", compact=True)
                yield Label("Minutes")
                yield Input(
                    str(session.duration_minutes) if session.duration_minutes is not None else "",
                    placeholder="60",
                    id="field-duration",
                    type="integer",
                    compact=True,
                )
                yield Label("Format")
                yield Select(
                    [(inert(f), f) for f in formats],
                    value=session.format if session.format else Select.NULL,
                    prompt="choose",
                    id="field-format",
                    compact=True,
                )
                yield Label("Next")
                yield Input(
                    session.next_meeting.isoformat() if session.next_meeting else "",
                    placeholder="YYYY-MM-DD",
                    id="field-next",
                    compact=True,
                )
            with Grid(classes="form-grid"):
                yield Label("Title")
                yield Input(
                    self._shown(session.title), placeholder="what the meeting was about", id="field-title", compact=True
                )
                yield Label("Tags")
                yield Input(
                    self._shown(", ".join(session.tags)),
                    placeholder="career, feedback, …",
                    id="field-tags",
                    compact=True,
                )
            yield Label("Private notes (never exported)")
            yield self._text_area(session.notes, "field-notes")
            yield Label("Shared summary (may be shared; [[private]]…[[/private]] is withheld)", markup=False)
            yield self._text_area(session.shared_summary, "field-summary")
            yield Label("Reflection (yours only, never exported)")
            yield self._text_area(session.reflection, "field-reflection")
            yield Label("Action items")
            yield Static("", id="existing-actions")
            yield Static(ACTIONS_HINT, classes="hint", markup=False)
            yield TextArea("", id="field-actions", classes="short")
            if self._goals:
                yield Label("Goals: tick those discussed; type a new percentage to record progress")
                for goal in self._goals:
                    with Horizontal(classes="goal-row"):
                        yield Checkbox(
                            inert(goal.title, one_line=True),
                            value=goal.id in session.goal_ids,
                            id=f"goal-discussed-{goal.id}",
                        )
                        yield Input(
                            "",
                            placeholder=f"{goal.percent}%" if goal.percent is not None else "%",
                            id=f"goal-percent-{goal.id}",
                            classes="percent",
                            compact=True,
                        )
            yield Static("", id="editor-error", classes="error", markup=False)
        yield KeyFooter()

    def _text_area(self, text: str, widget_id: str) -> TextArea:
        area = TextArea(self._shown(text), id=widget_id, soft_wrap=True, tab_behavior="focus")
        try:
            area.language = "markdown"
        except Exception:  # noqa: BLE001 - Markdown highlighting is optional (needs tree-sitter)
            area.language = None
        return area

    def on_mount(self) -> None:
        unsafe = self.query_one("#editor-unsafe", Static)
        unsafe.update(UNSAFE_NOTICE if self._had_unsafe else "")
        unsafe.display = self._had_unsafe
        self._show_existing_actions()
        if self._draft is None:
            self.call_after_refresh(self._mark_clean)
        else:
            self._saved_state = ()  # a merged draft is unsaved until the mentor saves it

    def _show_existing_actions(self) -> None:
        session = self.session
        assert session is not None
        actions = self.journal.session_actions(session.id) if session.id else []
        widget = self.query_one("#existing-actions", Static)
        widget.update(inert("\n".join(action_line(a) for a in actions)))
        widget.display = bool(actions)

    # --- state ---------------------------------------------------------------------------------

    def _snapshot(self) -> tuple[object, ...]:
        values: list[object] = [i.value for i in self.query(Input)]
        values += [a.text for a in self.query(TextArea)]
        values += [c.value for c in self.query(Checkbox)]
        values.append(self.query_one("#field-format", Select).value)
        return tuple(values)

    def _mark_clean(self) -> None:
        self._saved_state = self._snapshot()

    @property
    def has_unsaved_changes(self) -> bool:
        if self._saved_state is None or not self.is_attached:
            return False
        return self._snapshot() != self._saved_state

    # --- saving --------------------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def action_save(self) -> None:
        session = self.session
        assert session is not None
        journal = self.journal
        error = self.query_one("#editor-error", Static)
        try:
            session.date = parse_date(self._value("field-date"), "the date", required=True) or session.date
            session.duration_minutes = parse_minutes(self._value("field-duration"))
            fmt = self.query_one("#field-format", Select).value
            session.format = fmt if isinstance(fmt, str) else ""
            session.next_meeting = parse_date(self._value("field-next"), "the next meeting")
            session.title = self._value("field-title").strip()
            session.tags = split_list(self._value("field-tags"))
            session.notes = self.query_one("#field-notes", TextArea).text
            session.shared_summary = self.query_one("#field-summary", TextArea).text
            session.reflection = self.query_one("#field-reflection", TextArea).text
            drafts = parse_action_lines(self.query_one("#field-actions", TextArea).text)
            progress: list[tuple[Goal, int]] = []
            discussed = [g for g in session.goal_ids if g not in {goal.id for goal in self._goals}]
            for goal in self._goals:
                pct = parse_percent(self._value(f"goal-percent-{goal.id}"), f"the percentage for goal {goal.title!r}")
                ticked = self.query_one(f"#goal-discussed-{goal.id}", Checkbox).value
                if ticked or pct is not None:
                    discussed.append(goal.id)
                if pct is not None:
                    progress.append((goal, pct))
            session.goal_ids = discussed
            saved = journal.save(session)
            start = len(journal.session_actions(saved.id))
            for position, draft in enumerate(drafts, start):
                journal.save(
                    ActionItem(
                        mentee_id=saved.mentee_id,
                        text=draft.text,
                        owner=draft.owner,
                        due=draft.due,
                        session_id=saved.id,
                        position=position,
                    )
                )
            for goal, pct in progress:
                journal.add_progress(goal.id, on=saved.date, percent=pct)
        except MentorJournalError as exc:
            text = str(exc)
            error.update(text[:1].upper() + text[1:] + ".")
            return
        error.update("")
        self.session = saved
        self._session_id = saved.id
        self.query_one("#field-actions", TextArea).text = ""
        for goal, _ in progress:
            field = self.query_one(f"#goal-percent-{goal.id}", Input)
            field.placeholder = f"{self.journal.goal(goal.id).percent}%"
            field.value = ""
        self._show_existing_actions()
        self._mark_clean()
        self.notify("Session saved.", title="Saved")

    # --- leaving -------------------------------------------------------------------------------

    def action_back(self) -> None:
        if not self.has_unsaved_changes:
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(
            ConfirmDialog(
                "This session note has unsaved changes. Discard them?",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()
