"""A read-only table that draws only the rows on screen: fast with 10,000 sessions.

Its first line is the column titles (drawn by the table itself, so they always line up with the
rows whatever the scrollbar takes); the rows scroll beneath it.

Textual's DataTable and OptionList do work per row when rows are added or first drawn (about a
second for 10,000 rows); this widget keeps the raw rows in a list and renders the visible lines
only, so loading a mentee with a career of sessions costs nothing noticeable.

Every cell is made inert when drawn (``safe_text.visible`` plus whitespace folding): a cell can
never be markup or a terminal escape, whatever the vault holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mentorjournal.tui.widgets.safe_text import visible

GAP = 2


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 0  # 0: takes the room left over (at least ``min_width``)
    min_width: int = 8
    align_right: bool = False


def cell_text(value: str) -> str:
    """What a cell shows for ``value``: visible control characters, one line."""
    return " ".join(visible(value).split())


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - length)
    return pad + text if right else text + pad


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    fixed = sum(c.width for c in columns if c.width) + GAP * (len(columns) - 1)
    flexible = [c for c in columns if not c.width]
    room = max(0, total - fixed)
    share = room // len(flexible) if flexible else 0
    return [c.width or max(c.min_width, share) for c in columns]


class RecordTable(ScrollView, can_focus=True):
    """Rows of strings with a cursor; ``Selected`` on Enter or click, ``Highlighted`` on move."""

    DEFAULT_CSS = """
    RecordTable { height: 1fr; padding: 0 1; overflow-x: hidden; }  /* columns fit the width: no stray bar */
    RecordTable > .record-table--cursor { background: $block-cursor-blurred-background; }
    RecordTable:focus > .record-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    RecordTable > .record-table--empty { color: $text-muted; text-style: italic; }
    RecordTable > .record-table--muted { color: $text-muted; }
    RecordTable > .record-table--overdue { color: $error; text-style: bold; }
    RecordTable > .record-table--header { color: $text-muted; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--cursor",
        "record-table--empty",
        "record-table--muted",
        "record-table--overdue",
        "record-table--header",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, tooltip="Previous row.", id="table.up"),
        Binding("down,j", "move(1)", "Down", show=False, tooltip="Next row.", id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="One page up.", id="table.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="One page down.", id="table.pagedown"),
        Binding("home", "first", "First", show=False, tooltip="First row.", id="table.first"),
        Binding("end", "last", "Last", show=False, tooltip="Last row.", id="table.last"),
        Binding("enter", "select", "Open", show=False, tooltip="Open the highlighted row.", id="table.open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, table: RecordTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RecordTable:
            return self.table

    class Selected(Message):
        def __init__(self, table: RecordTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty: str = "Nothing here yet.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self.empty = empty
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[str] = []
        self._muted: set[int] = set()
        self._overdue: set[int] = set()

    # --- data ----------------------------------------------------------------------------------

    def set_rows(
        self,
        rows: Sequence[tuple[str, Sequence[str]]],
        *,
        muted: Sequence[str] = (),
        overdue: Sequence[str] = (),
        keep: bool = True,
    ) -> None:
        """Replace the rows: (key, cells) pairs. Keeps the cursor on the same key when it is still there.

        ``muted`` rows are dimmed (done, dropped); ``overdue`` rows are drawn in the error colour."""
        old_key = self.current_key if keep else None
        self._keys = [key for key, _ in rows]
        self._rows = [tuple(cells) for _, cells in rows]
        muted_keys = set(muted)
        self._muted = {i for i, key in enumerate(self._keys) if key in muted_keys}
        overdue_keys = set(overdue)
        self._overdue = {i for i, key in enumerate(self._keys) if key in overdue_keys}
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        index = self._keys.index(old_key) if old_key in self._keys else 0
        self.cursor = min(index, max(0, len(self._rows) - 1))
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def current_key(self) -> str | None:
        return self._keys[self.cursor] if 0 <= self.cursor < len(self._keys) else None

    def is_overdue(self, key: str) -> bool:
        return key in self._keys and self._keys.index(key) in self._overdue

    def row(self, key: str) -> tuple[str, ...]:
        return self._rows[self._keys.index(key)]

    def move_to(self, key: str) -> None:
        if key in self._keys:
            self.cursor = self._keys.index(key)

    # --- drawing -------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._rows) + 1)

    def _line(self, cells: Sequence[str], widths: list[int], width: int) -> str:
        parts = [
            fit(cell_text(cells[i] if i < len(cells) else ""), w, right=c.align_right)
            for i, (c, w) in enumerate(zip(self.columns, widths, strict=True))
        ]
        return fit((" " * GAP).join(parts), width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        widths = column_widths(self.columns, width)
        if y == 0:
            header = self.get_component_rich_style("record-table--header")
            return Strip([Segment(self._line([c.title for c in self.columns], widths, width), base + header)], width)
        index = self.scroll_offset.y + y - 1
        if not self._rows:
            if y == 1:
                empty_style = self.get_component_rich_style("record-table--empty")
                return Strip([Segment(fit(self.empty, width), base + empty_style)], width)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        line = self._line(self._rows[index], widths, width)
        style: Style = base
        if index in self._muted:
            style = style + self.get_component_rich_style("record-table--muted")
        if index in self._overdue:
            style = style + self.get_component_rich_style("record-table--overdue")
        if index == self.cursor:
            style = style + self.get_component_rich_style("record-table--cursor")
        return Strip([Segment(line, style)], width)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line_at(old)
        self.refresh_line_at(new)
        # Virtual lines ``new`` and ``new + 1`` visible = the row shows just below the pinned titles.
        self.scroll_to_region(Region(0, new, 1, 2), animate=False, force=True)
        self.post_message(self.Highlighted(self, self.current_key))

    def refresh_line_at(self, index: int) -> None:
        y = index - self.scroll_offset.y + 1
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # --- moving --------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        if self._rows:
            self.cursor = max(0, min(len(self._rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 2))

    def action_first(self) -> None:
        self.action_move(-len(self._rows))

    def action_last(self) -> None:
        self.action_move(len(self._rows))

    def action_select(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < len(self._rows):
            if index == self.cursor and event.chain >= 1:
                self.action_select()
            else:
                self.cursor = index
