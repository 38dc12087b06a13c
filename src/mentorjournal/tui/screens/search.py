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
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.screens.mentee import MenteeScreen
from mentorjournal.tui.screens.session import SessionScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.record_table import Column, RecordTable

DEBOUNCE_SECONDS = 0.2
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


def hit_title(hit: SearchHit) -> str:
    obj = hit.obj
    title = getattr(obj, "title", "") or getattr(obj, "name", "") or getattr(obj, "text", "")
    return f"{title} — {hit.snippet}" if title and hit.snippet and title not in hit.snippet else (hit.snippet or title)


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

    def compose(self) -> ComposeResult:
        yield Static(Text("Find", style="bold"), classes="banner")
        yield Input(self.initial_query, placeholder="Type words to find (names, notes, goals, actions…)", id="query")
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
        self.searches_run += 1
        journal = self.journal
        hits = journal.search(query, limit=200)
        self.hits = {h.obj.id: h for h in hits}
        names: dict[str, str] = {}
        rows = []
        for h in hits:
            mentee_id = h.obj.id if isinstance(h.obj, Mentee) else getattr(h.obj, "mentee_id", None) or ""
            if mentee_id and mentee_id not in names:
                names[mentee_id] = journal.mentee_name(mentee_id)
            rows.append(
                (h.obj.id, [KIND_LABELS.get(h.kind, h.kind), names.get(mentee_id, ""), hit_date(h.obj), hit_title(h)])
            )
        table.set_rows(rows, keep=False)
        table.empty = "Nothing found."
        status.update(f"{len(hits)} result(s)" + (" (the first 200)" if len(hits) == 200 else ""))

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
