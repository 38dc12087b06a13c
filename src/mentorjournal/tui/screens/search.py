"""Search as you type across everything the mentor wrote; Enter jumps to the result."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Input, Static

from mentorjournal.journal import JournalObject, Mentee, Person, SearchHit, Session
from mentorjournal.journal.search import searchable_fields
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.snippets import result_snippet
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable, column_widths
from mentorjournal.tui.widgets.text_field import TextField

DEBOUNCE_SECONDS = 0.2
# Said before the first search of an unlock, which may read every note (a new device: seconds at 100,000).
PREPARING = "Preparing search… (on a new device the first search reads every note once)"
TITLE_ROOM = 24  # at most this much of a title before the words that matched
KIND_LABELS = {
    "mentee": "mentee",
    "session": "session",
    "goal": "goal",
    "action": "action",
    "agreement": "agreement",
    "concern": "concern",
    "person": "person",
}
COLUMNS = (
    Column("Kind", width=9),
    Column("Mentee", width=16),
    Column("Date", width=10),
    Column("Found", min_width=20),
)


def hit_date(obj: JournalObject) -> str:
    for name in ("date", "due", "target_date", "starts", "started"):
        value = getattr(obj, name, None)
        if value is not None:
            return str(value.isoformat())
    return ""


def hit_title(hit: SearchHit, query: str, width: int) -> str:
    """What was found, in ``width`` characters: the title, then the match in its words, the match always in view."""
    obj = hit.obj
    title = " ".join(str(getattr(obj, "title", "") or getattr(obj, "name", "") or getattr(obj, "text", "")).split())
    text = searchable_fields(obj).get(hit.field, "") or hit.snippet
    if hit.field in {"title", "name", "text"} or not text:
        return result_snippet(text or title, query, width)
    if title and width >= 2 * TITLE_ROOM:
        room = min(len(title), TITLE_ROOM)
        shown_title = title if len(title) <= room else title[: room - 1] + "…"
        return f"{shown_title} — {result_snippet(text, query, width - len(shown_title) - 3)}"
    return result_snippet(text, query, width)


class SearchScreen(JournalScreen):
    AUTO_FOCUS = "#query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Close the search.", id="search.back"),
        Binding("down", "to_results", "Results", show=False, tooltip="Move into the results.", id="search.results"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self._timer: Timer | None = None
        self.hits: dict[str, SearchHit] = {}
        self.searches_run = 0
        self._shown_width = 0
        self._prepare_said = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Find", style="bold"), classes="banner")
        yield TextField(
            self.initial_query, placeholder="Type words to find (names, notes, goals, actions…)", id="query"
        )
        yield Static("", id="search-status", classes="hint", markup=False)
        yield RecordTable(COLUMNS, empty="Type to search.", id="results")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.initial_query:
            self.run_search()

    @on(Input.Changed, "#query")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.run_search, name="search-debounce")

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        self.run_search()
        results = self.query_one("#results", RecordTable)
        if results.row_count:
            results.focus()

    def run_search(self) -> None:
        if self.mj.journal is None:
            return
        query = self.query_one("#query", Input).value.strip()
        table = self.query_one("#results", RecordTable)
        status = self.query_one("#search-status", Static)
        if not query:
            self.hits = {}
            table.set_rows([], keep=False)
            status.update("")
            return
        journal = self.journal
        if not journal.search_index_ready and self.mj.search_prep.start(journal):
            # Made (or read back) in a worker thread: typing goes on; ``search_index_ready`` searches then.
            if not self._prepare_said:
                self._prepare_said = True
                status.update(PREPARING)
            return
        self.searches_run += 1
        hits = journal.search(query, limit=200)
        self.hits = {h.obj.id: h for h in hits}
        names: dict[str, str] = {}
        rows = []
        width = self._found_width()
        for h in hits:
            mentee_id = h.obj.id if isinstance(h.obj, Mentee) else getattr(h.obj, "mentee_id", None) or ""
            if mentee_id and mentee_id not in names:
                names[mentee_id] = journal.mentee_name(mentee_id)
            rows.append(
                (
                    h.obj.id,
                    [
                        KIND_LABELS.get(h.kind, h.kind),
                        names.get(mentee_id, ""),
                        hit_date(h.obj),
                        hit_title(h, query, width),
                    ],
                )
            )
        table.set_rows(rows, keep=False)
        self._shown_width = width
        table.empty = "Nothing found."
        status.update(f"{len(hits)} result(s)" + (" (the first 200)" if len(hits) == 200 else ""))

    def search_index_ready(self) -> None:
        """The app's worker has made the index: search for what is typed now."""
        if self.mj.journal is not None:
            self.run_search()

    def _found_width(self) -> int:
        table = self.query_one("#results", RecordTable)
        return column_widths(COLUMNS, max(20, table.scrollable_content_region.width or self.size.width - 3))[-1]

    def on_resize(self) -> None:
        # The snippets are cut for the column's width: cut them again when it changes.
        if self.hits and self._found_width() != self._shown_width:
            self.run_search()

    def action_to_results(self) -> None:
        self.query_one("#results", RecordTable).focus()

    @on(RecordTable.Selected, "#results")
    def _open(self, event: RecordTable.Selected) -> None:

        hit = self.hits.get(event.key)
        if hit is None:
            return
        obj = hit.obj
        if isinstance(obj, Session):
            self.app.push_screen(SessionScreen(obj.id))
        elif isinstance(obj, Mentee):
            self.app.push_screen(MenteeScreen(obj.id))
        elif isinstance(obj, Person) and not obj.mentee_id:
            self.notify("This person is not linked to a mentee.")
        else:
            tab = {
                "goal": "tab-goals",
                "action": "tab-actions",
                "agreement": "tab-agreement",
                "concern": "tab-concerns",
            }.get(hit.kind, "tab-sessions")
            mentee_id = getattr(obj, "mentee_id", "") or ""
            if mentee_id:
                self.app.push_screen(MenteeScreen(mentee_id, tab=tab))
