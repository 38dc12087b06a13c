"""A form of labelled fields as a dialog: the agreement, a person, a concern record, goal progress.

The caller lists the fields (``FormField``) and passes ``save``, which reads the typed values, checks
and stores them, and raises ``MentorJournalError`` to keep the form open with the message shown.
The dialog dismisses with what ``save`` returned (None on cancel). Texts from the vault are shown
with ``visible`` (never as markup or escapes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Literal, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from mentorjournal.errors import MentorJournalError
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.safe_text import visible
from mentorjournal.tui.widgets.text_field import TextField

T = TypeVar("T")
FieldKind = Literal["text", "long", "choice", "check", "password"]


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    value: str = ""  # for "check": "1" ticked, "" not
    kind: FieldKind = "text"
    choices: tuple[str, ...] = ()
    placeholder: str = ""


class RecordForm(ModalScreen[T | None], Generic[T]):
    DEFAULT_CSS = """
    RecordForm .form-row { height: auto; margin-bottom: 0; }
    RecordForm .form-row Label { width: 18; color: $text-muted; }
    RecordForm .form-row Input, RecordForm .form-row Select, RecordForm .form-row Checkbox { width: 1fr; }
    RecordForm .form-row TextArea { width: 1fr; height: 4; }
    RecordForm #form-fields { height: auto; max-height: 1fr; }
    RecordForm .dialog { height: 100%; max-height: 100%; }
    RecordForm #form-error { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the form.", id="form.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving.", id="form.cancel"),
    ]

    def __init__(self, title: str, fields: Sequence[FormField], save: Callable[[dict[str, str]], T]) -> None:
        super().__init__(classes="dialog-screen")
        self.form_title = title
        self.fields = list(fields)
        self._save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.form_title, classes="box-title", markup=False)
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(f.label, markup=False)
                    yield self._widget(f)
            yield Static("", id="form-error", classes="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyFooter()

    def _widget(self, f: FormField) -> Input | TextArea | Select[str] | Checkbox:
        wid = f"form-{f.key}"
        if f.kind == "long":
            return TextArea(visible(f.value), id=wid, soft_wrap=True, tab_behavior="focus")
        if f.kind == "choice":
            options = list(f.choices) + ([f.value] if f.value and f.value not in f.choices else [])
            return Select(
                [(visible(c), c) for c in options], value=f.value or Select.NULL, id=wid, compact=True, prompt="choose"
            )
        if f.kind == "check":
            return Checkbox(f.placeholder or "yes", value=bool(f.value), id=wid, compact=True)
        return TextField(
            visible(f.value), placeholder=f.placeholder, id=wid, compact=True, password=f.kind == "password"
        )

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#form-{f.key}")
            if isinstance(widget, TextArea):
                out[f.key] = widget.text
            elif isinstance(widget, Checkbox):
                out[f.key] = "1" if widget.value else ""
            elif isinstance(widget, Select):
                out[f.key] = widget.value if isinstance(widget.value, str) else ""
            elif isinstance(widget, Input):
                out[f.key] = widget.value
        return out

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            result = self._save(self.values())
        except MentorJournalError as exc:
            text = str(exc)
            self.query_one("#form-error", Static).update(text[:1].upper() + text[1:] + ".")
            return
        self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()
