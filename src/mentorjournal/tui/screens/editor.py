"""The session editor: a new or existing session note, its action items and goal progress.

Everything is typed here, in Textual widgets: no external editor (that would need a plaintext temp
file). Saving builds the same ``Note`` the CLI parses and goes through the journal's plan-and-apply
(``notes.plan_note`` / ``apply_plan``), so the app and ``session add`` normalise, default and check
alike. What is typed but not saved is kept as an encrypted draft in the vault (``journal.drafts``)
every few seconds and whenever the vault locks, and offered back after unlock: never plaintext,
never lost.
"""

from __future__ import annotations

import copy
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import SESSION_FORMATS, ActionItem, Goal, Session
from mentorjournal.journal.drafts import Draft, discard_draft, save_draft
from mentorjournal.journal.noteformat import Note
from mentorjournal.journal.notes import apply_plan, new_session_note, plan_note
from mentorjournal.journal.private import unclosed_warnings
from mentorjournal.journal.templates import Template, templates
from mentorjournal.tui.commands import PaletteCommand
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.forms import parse_date, parse_percent, split_list
from mentorjournal.tui.note_fields import (
    ACTIONS_HINT,
    checklist,
    read_checklist,
    read_minutes,
    wrap_private,
)
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import has_unsafe, inert, visible
from mentorjournal.tui.widgets.text_field import TextField

UNSAFE_NOTICE = (
    "This note held characters that could act on the terminal; they are shown as symbols (such as ␛) "
    "and saving keeps the symbols."
)
DRAFT_SECONDS = 4.0  # how often typed text is kept as an encrypted draft
# The sections, each with its key: every one is reachable at 80×24 without scrolling blind.
SECTIONS = (
    ("f2", "field-date", "Details"),
    ("f3", "field-notes", "Notes"),
    ("f4", "field-summary", "Summary"),
    ("f5", "field-actions", "Actions"),
    ("f6", "field-reflection", "Reflection"),
    ("f7", "editor-goals", "Goals"),
)
SECTION_HINT = " ".join(f"{key.upper()} {name.lower()}" for key, _, name in SECTIONS)


class SessionEditor(JournalScreen):
    """``mentee_id`` for a new session (today's date prefilled), ``session_id`` to edit one.

    ``draft`` is a prepared, unsaved version (a merge of conflicting ones); ``resume`` an encrypted
    draft from the vault whose fields are put back as they were typed.
    """

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
        # Enter in a one-line field moves on at once (a priority binding runs before the next key is passed
        # on): as a message handler it ran late, and keys typed or pasted after Enter went to the field left.
        Binding(
            "enter",
            "next_field",
            "Next field",
            show=False,
            priority=True,
            tooltip="In a one-line field: move to the next field.",
            id="editor.next_field",
        ),
        Binding(
            "ctrl+t",
            "mark_private",
            "Private",
            tooltip="Mark the selected text private: [[private]]…[[/private]] never leaves in an export.",
            priority=True,
            id="editor.private",
        ),
        *(
            Binding(
                key,
                f"go_to('{target}')",
                name,
                show=False,
                priority=True,  # the text areas bind F6 and F7 (select line, select all)
                tooltip=f"Go to the {name.lower()} section.",
                id=f"editor.section_{name.lower()}",
            )
            for key, target, name in SECTIONS
        ),
    ]
    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = (
        PaletteCommand("Save session", "Save this session note", "save"),
        PaletteCommand("Mark private", "Mark the selected text private (never exported)", "mark_private"),
        PaletteCommand("Close editor", "Close (asks first if there are unsaved changes)", "back"),
    )

    def __init__(
        self,
        *,
        mentee_id: str | None = None,
        session_id: str | None = None,
        draft: Session | None = None,
        resume: Draft | None = None,
    ) -> None:
        super().__init__()
        if (mentee_id is None) == (session_id is None):
            raise ValueError("give either mentee_id (new session) or session_id (edit)")
        self._mentee_id = mentee_id
        self._session_id = session_id
        self._draft = draft  # a prepared version (a merge of conflicting ones), unsaved
        self._resume = resume
        self.session: Session | None = None
        self._goals: list[Goal] = []
        self._earlier: list[ActionItem] = []  # the previous session's open actions, to tick
        self._templates: dict[str, Template] = {}
        self._saved_state: tuple[object, ...] | None = None
        self._drafted_state: tuple[object, ...] | None = None
        self.draft_id = resume.record_id if resume is not None else ""
        self._draft_timer: Timer | None = None
        self._had_unsafe = False

    # --- building ------------------------------------------------------------------------------

    def _load(self) -> Session:
        journal = self.journal
        if self._draft is not None:
            return self._draft
        if self._session_id is not None:
            return journal.session(self._session_id)
        assert self._mentee_id is not None
        # The journal's one place for a new note's defaults (date, agreed length and format, else 60 min).
        note = new_session_note(journal, self._mentee_id)
        return Session(
            mentee_id=self._mentee_id,
            date=note.date or self.mj.today(),
            duration_minutes=note.duration_minutes,
            format=note.format or "",
        )

    def _previous(self, session: Session | None) -> Session | None:
        """The latest session of this mentee before ``session`` (or before today's new one)."""
        mentee_id = session.mentee_id if session else self._mentee_id
        assert mentee_id is not None
        day = session.date if session else self.mj.today()
        for s in self.journal.sessions(mentee_id=mentee_id):  # newest first
            if s.id != (session.id if session else "") and s.date <= day:
                return s
        return None

    def _shown(self, text: str) -> str:
        if has_unsafe(text):
            self._had_unsafe = True
        return visible(text)

    def compose(self) -> ComposeResult:
        session = self.session = self._load()
        journal = self.journal
        self._goals = [g for g in journal.goals(session.mentee_id) if g.status == "open" or g.id in session.goal_ids]
        previous = self._previous(session if session.id else None)
        self._earlier = [a for a in journal.session_actions(previous.id) if a.status == "open"] if previous else []
        formats = list(SESSION_FORMATS)
        if session.format and session.format not in formats:
            formats.append(session.format)
        heading = Text("Edit session" if session.id else "New session", style="bold", end="")
        heading.append(" with ")
        heading.append_text(inert(journal.mentee_name(session.mentee_id), "bold"))
        yield Static(heading, id="editor-title", classes="banner")
        yield Static(SECTION_HINT, id="editor-sections", classes="hint", markup=False)
        with VerticalScroll(id="editor-form"):
            yield Static("", id="editor-unsafe", classes="warning", markup=False)
            with Grid(classes="form-grid editor-grid", id="editor-details"):
                yield Label("Date")
                yield TextField(session.date.isoformat(), placeholder="YYYY-MM-DD", id="field-date", compact=True)
                yield Label("Minutes")
                yield TextField(
                    str(session.duration_minutes) if session.duration_minutes is not None else "",
                    placeholder="none",
                    id="field-duration",
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
                yield TextField(
                    session.next_meeting.isoformat() if session.next_meeting else "",
                    placeholder="YYYY-MM-DD",
                    id="field-next",
                    compact=True,
                )
            with Grid(classes="form-grid editor-text-grid"):
                if not session.id:
                    self._templates = {t.name: t for t in templates(journal)}
                    yield Label("Start")
                    yield Select(
                        [(inert(name), name) for name in self._templates],
                        prompt="from a template (optional)",
                        id="field-template",
                        compact=True,
                    )
                yield Label("Title")
                yield TextField(
                    self._shown(session.title), placeholder="what the meeting was about", id="field-title", compact=True
                )
                yield Label("Tags")
                yield TextField(
                    self._shown(", ".join(session.tags)),
                    placeholder="career, feedback, …",
                    id="field-tags",
                    compact=True,
                )
            if previous is not None:
                yield from self._compose_previous(previous)
            yield Label("Private notes (never exported)")
            yield self._text_area(session.notes, "field-notes")
            yield Label("Shared summary (may be shared; ^T marks a selection [[private]], withheld)", markup=False)
            yield self._text_area(session.shared_summary, "field-summary")
            yield Label("Action items")
            yield Static(ACTIONS_HINT, classes="hint", markup=False)
            actions = journal.session_actions(session.id) if session.id else []
            yield self._text_area(checklist(actions), "field-actions", classes="short")
            yield Label("Reflection (yours only, never exported)")
            yield self._text_area(session.reflection, "field-reflection")
            with VerticalScroll(id="editor-goals"):
                if self._goals:
                    yield Label("Goals: tick those discussed; type a new percentage to record progress")
                    for goal in self._goals:
                        with Horizontal(classes="goal-row"):
                            yield Checkbox(
                                inert(goal.title, one_line=True),
                                value=goal.id in session.goal_ids,
                                id=f"goal-discussed-{goal.id}",
                                compact=True,
                            )
                            yield TextField(
                                "",
                                placeholder=f"{goal.percent}%" if goal.percent is not None else "%",
                                id=f"goal-percent-{goal.id}",
                                classes="percent",
                                compact=True,
                            )
                else:
                    yield Static("No open goals.", classes="hint", markup=False)
            yield Static("", id="editor-error", classes="error", markup=False)
        yield KeyFooter()

    def _compose_previous(self, previous: Session) -> ComposeResult:
        """Last session's shared summary, and its open actions to tick as done in this note."""
        title = Text(f"Last session, {previous.date.isoformat()}", end="")
        if previous.title:
            title.append(": ")
            title.append_text(inert(previous.title, one_line=True))
        yield Label(title, id="previous-title")
        if previous.shared_summary.strip():
            yield Static(inert(previous.shared_summary, "dim"), id="previous-summary")
        if self._earlier:
            yield Static("Its open actions: tick those now done.", classes="hint", markup=False)
            for action in self._earlier:
                due = f" (due {action.due.isoformat()})" if action.due else ""
                yield Checkbox(
                    inert(f"{action.owner}: {action.text}{due}", one_line=True),
                    id=f"earlier-{action.id}",
                    classes="earlier-action",
                    compact=True,
                )

    def _text_area(self, text: str, widget_id: str, classes: str = "") -> TextArea:
        area = TextArea(self._shown(text), id=widget_id, soft_wrap=True, tab_behavior="focus", classes=classes)
        try:
            area.language = "markdown"
        except Exception:  # noqa: BLE001 - Markdown highlighting is optional (needs tree-sitter)
            area.language = None
        return area

    def on_mount(self) -> None:
        unsafe = self.query_one("#editor-unsafe", Static)
        unsafe.update(UNSAFE_NOTICE if self._had_unsafe else "")
        unsafe.display = self._had_unsafe
        if self._draft is None:
            self.call_after_refresh(self._mark_clean)
        else:
            self._saved_state = ()  # a merged draft is unsaved until the mentor saves it
        if self._resume is not None:
            self.call_after_refresh(self._put_back, self._resume)
        self._draft_timer = self.set_interval(DRAFT_SECONDS, self.keep_draft, name="keep-draft")

    # --- state ---------------------------------------------------------------------------------

    def _fields(self) -> dict[str, str]:
        """Every field as typed, by widget id (what a draft keeps)."""
        values = {i.id: i.value for i in self.query(Input) if i.id}
        values.update({a.id: a.text for a in self.query(TextArea) if a.id})
        values.update({c.id: "1" if c.value else "" for c in self.query(Checkbox) if c.id})
        fmt = self.query_one("#field-format", Select).value
        values["field-format"] = fmt if isinstance(fmt, str) else ""
        return values

    def _snapshot(self) -> tuple[object, ...]:
        return tuple(sorted(self._fields().items()))

    def _put_back(self, draft: Draft) -> None:
        """Fill the fields from a draft (fields the screen no longer has are skipped)."""
        for widget_id, value in draft.fields.items():
            found = self.query(f"#{widget_id}")
            widget = found.first() if found else None
            if isinstance(widget, Input):
                widget.value = value
            elif isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Select):
                options = {str(v) for _, v in widget._options}
                widget.value = value if value in options else Select.NULL
        self._drafted_state = self._snapshot()
        self.notify("Your unsaved note is back. Save it with ctrl+s.", title="Draft")

    def _mark_clean(self) -> None:
        self._saved_state = self._snapshot()
        if self._resume is None:
            self._drafted_state = self._saved_state

    @property
    def has_unsaved_changes(self) -> bool:
        if self._saved_state is None or not self.is_attached:
            return False
        return self._snapshot() != self._saved_state

    # --- drafts --------------------------------------------------------------------------------

    def keep_draft(self) -> bool:
        """Write what is typed to the vault as an encrypted draft, if it changed since the last one.

        Called every few seconds and by the app just before it locks. Returns whether the note is
        safe (nothing unsaved, or a draft holds it).
        """
        if not self.has_unsaved_changes or self.session is None:
            return True
        state = self._snapshot()
        if state == self._drafted_state and self.draft_id:
            return True
        journal = self.mj.journal
        if journal is None:
            return False
        draft = Draft(self.session.mentee_id, self.session.id or None, self._fields(), record_id=self.draft_id)
        try:
            self.draft_id = save_draft(journal, draft).record_id
        except MentorJournalError as exc:
            self.notify(f"The draft could not be kept: {exc}.", severity="error", markup=False)
            return False
        self._drafted_state = state
        return True

    def _drop_draft(self) -> None:
        journal = self.mj.journal
        if self.draft_id and journal is not None:
            try:
                discard_draft(journal, self.draft_id)
            except MentorJournalError as exc:
                self.notify(f"The draft could not be removed: {exc}.", severity="warning", markup=False)
                return
        self.draft_id = ""

    # --- saving --------------------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", TextArea).text

    def _note(self) -> Note:
        """The note the fields hold, as the note format would carry it."""
        fmt = self.query_one("#field-format", Select).value
        known = {g.id for g in self.journal.goals(self.session.mentee_id)} if self.session else set()
        discussed = [g for g in (self.session.goal_ids if self.session else []) if g in known]
        for goal in self._goals:
            ticked = self.query_one(f"#goal-discussed-{goal.id}", Checkbox).value
            if goal.id in discussed and not ticked:
                discussed.remove(goal.id)
            elif ticked and goal.id not in discussed:
                discussed.append(goal.id)
        return Note(
            date=parse_date(self._value("field-date"), "the date", required=True),
            duration_minutes=read_minutes(self._value("field-duration")),
            format=fmt if isinstance(fmt, str) else "",
            title=self._value("field-title"),
            tags=split_list(self._value("field-tags")),
            goals=discussed,
            next_meeting=parse_date(self._value("field-next"), "the next meeting"),
            notes=self._text("field-notes"),
            shared_summary=self._text("field-summary"),
            reflection=self._text("field-reflection"),
            actions=read_checklist(self._text("field-actions")),
        )

    def action_save(self) -> None:
        session = self.session
        assert session is not None
        journal = self.journal
        error = self.query_one("#editor-error", Static)
        try:
            note = self._note()
            progress: list[tuple[Goal, int]] = []
            for goal in self._goals:
                pct = parse_percent(self._value(f"goal-percent-{goal.id}"), f"the percentage for goal {goal.title!r}")
                if pct is not None:
                    progress.append((goal, pct))
                    if note.goals is not None and goal.id not in note.goals:
                        note.goals.append(goal.id)
            # A field left empty clears the stored value: the note gives every field, None means "none".
            base = copy.deepcopy(session)
            base.duration_minutes, base.next_meeting = None, None
            plan = plan_note(journal, note, existing=base)
            saved = apply_plan(journal, plan)
            done = [a for a in self._earlier if self.query_one(f"#earlier-{a.id}", Checkbox).value]
            for action in done:
                journal.mark_action(action.id, "done", on=saved.date)
            for goal, pct in progress:
                journal.add_progress(goal.id, on=saved.date, percent=pct)
        except MentorJournalError as exc:
            text = str(exc)
            error.update(text[:1].upper() + text[1:] + ".")
            self.query_one("#editor-form", VerticalScroll).scroll_to_widget(error)
            return
        error.update("")
        self._drop_draft()
        self.session = saved
        self._session_id = saved.id
        self.query_one("#field-actions", TextArea).text = checklist(journal.session_actions(saved.id))
        for action in done:
            self.query_one(f"#earlier-{action.id}", Checkbox).disabled = True
        self._earlier = [a for a in self._earlier if a not in done]
        for goal, _ in progress:
            field = self.query_one(f"#goal-percent-{goal.id}", Input)
            field.placeholder = f"{self.journal.goal(goal.id).percent}%"
            field.value = ""
        self.call_after_refresh(self._mark_clean)
        self._saved_state = self._drafted_state = self._snapshot()
        self.notify("Session saved.", title="Saved")
        # By field and line, never the text: a [[private]] left open withholds the rest of its field.
        left_open = [w for obj in (saved, *journal.session_actions(saved.id)) for w in unclosed_warnings(obj)]
        if left_open:
            lines = "\n".join(w.removeprefix("warning: ") for w in left_open)
            self.notify(lines, title="A private passage is never closed", severity="warning", markup=False, timeout=12)

    @on(Select.Changed, "#field-template")
    def _template_chosen(self, event: Select.Changed) -> None:
        """Fill the sections still empty from the chosen template (nothing typed is replaced)."""
        template = self._templates.get(event.value) if isinstance(event.value, str) else None
        if template is None:
            return
        filled = 0
        for widget_id, text in (
            ("field-notes", template.notes),
            ("field-summary", template.shared_summary),
            ("field-actions", template.actions),
            ("field-reflection", template.reflection),
        ):
            area = self.query_one(f"#{widget_id}", TextArea)
            if text and not area.text.strip():
                area.text = visible(text)
                filled += 1
        skipped = " (sections with text were left as they are)" if filled < 4 else ""
        self.notify(f"{filled} section(s) filled from the template{skipped}.", markup=False)

    # --- moving around -------------------------------------------------------------------------

    def action_go_to(self, target: str) -> None:
        """Focus a section and scroll it to the top with its heading (the line above it) in view."""
        widget = self.query_one(f"#{target}", Widget)
        focus = widget
        if target == "editor-goals":
            focus = next((w for w in widget.query("Checkbox, Input") if w.focusable), widget)
        if focus.focusable:
            focus.focus(scroll_visible=False)
        form = self.query_one("#editor-form", VerticalScroll)
        block = widget
        while block.parent is not form and isinstance(block.parent, Widget):
            block = block.parent
        form.scroll_to(y=max(0, block.virtual_region.y - 1), animate=False)

    def action_mark_private(self) -> None:
        area = self.focused
        if not isinstance(area, TextArea) or area.id not in {"field-notes", "field-summary", "field-reflection"}:
            self.notify("Select text in the notes, summary or reflection first, then ctrl+t.", severity="warning")
            return
        start, end = sorted(area.selection)
        wrapped, cursor = wrap_private(area.selected_text)
        area.replace(wrapped, start, end)
        # The cursor goes after the passage, or between the markers when nothing was selected.
        lines = wrapped[:cursor].split("\n")
        row, column = start
        area.move_cursor((row + len(lines) - 1, (column if len(lines) == 1 else 0) + len(lines[-1])))

    # --- leaving -------------------------------------------------------------------------------

    def action_back(self) -> None:
        if not self.has_unsaved_changes:
            self._drop_draft()
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._drop_draft()
                self.dismiss()

        self.app.push_screen(
            ConfirmDialog(
                "This session note has unsaved changes. Discard them?",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            return isinstance(self.focused, Input)  # elsewhere Enter keeps its meaning (new line, open, tick)
        return super().check_action(action, parameters)

    def action_next_field(self) -> None:
        self.focus_next()
