"""Journal objects drawn as inert text: a session page, a generic record (history, conflicts).

Every value goes through ``safe_text.inert``; field labels are our own words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from rich.text import Text

from mentorjournal.journal import ActionItem, Goal, GoalProgress, JournalObject, Session
from mentorjournal.tui.widgets.safe_text import inert

_HIDDEN_FIELDS = {"id", "schema", "extra", "revision_id", "updated_at", "mentee_id", "session_id", "goal_id"}
_LABELS = {
    "duration_minutes": "Duration (minutes)",
    "shared_summary": "Shared summary",
    "notes": "Private notes",
    "reflection": "Reflection",
    "goal_ids": "Goals discussed",
    "next_meeting": "Next meeting",
    "start_time": "Start time",
    "target_date": "Target date",
    "done_on": "Done on",
}


def label_for(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def show_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if value and isinstance(value[0], GoalProgress):
            return "; ".join(progress_line(p) for p in value)
        return ", ".join(str(v) for v in value)
    return str(value)


def progress_line(p: GoalProgress) -> str:
    figure = f"{p.percent}%" if p.percent is not None else "note"
    return f"{p.date.isoformat()} {figure}" + (f" {p.comment}" if p.comment else "")


def describe(obj: JournalObject | None, *, names: dict[str, str] | None = None) -> Text:
    """Every field of ``obj``, one "Label: value" block each (multi-line values indented)."""
    if obj is None:
        return Text("(deleted, or written by a newer MentorJournal)", style="italic", end="")
    out = Text(end="")
    for f in dataclasses.fields(obj):
        if f.name in _HIDDEN_FIELDS:
            continue
        value = getattr(obj, f.name)
        if f.name == "goal_ids" and names:
            value = [names.get(v, v[:8]) for v in value]
        shown = show_value(value)
        out.append(f"{label_for(f.name)}: ", style="bold")
        if "\n" in shown:
            out.append("\n")
            out.append_text(inert("  " + shown.replace("\n", "\n  ")))
        else:
            out.append_text(inert(shown))
        out.append("\n")
    out.rstrip()
    return out


def session_summary_line(session: Session) -> str:
    """Date · format · duration · tags: plain string (draw it with ``inert``)."""
    parts = [session.date.isoformat()]
    if session.start_time:
        parts.append(session.start_time.strftime("%H:%M"))
    if session.format:
        parts.append(session.format)
    if session.duration_minutes:
        parts.append(f"{session.duration_minutes} min")
    if session.tags:
        parts.append("tags: " + ", ".join(session.tags))
    return " · ".join(parts)


def action_line(action: ActionItem) -> str:
    mark = {"open": "[ ]", "done": "[x]", "dropped": "[-]"}.get(action.status, "[?]")
    due = f" (due {action.due.isoformat()})" if action.due else ""
    return f"{mark} {action.text} — {action.owner}{due}"


def goal_line(goal: Goal) -> str:
    pct = goal.percent
    figure = f"{pct}%" if pct is not None else "no progress yet"
    target = f", target {goal.target_date.isoformat()}" if goal.target_date else ""
    return f"{goal.title} ({goal.status}, {figure}{target})"
