"""The session editor's fields read with the note format's grammar: one grammar for the app and the CLI.

The action list is the note format's checklist (``- [ ] mentee: text (due YYYY-MM-DD)``), read with
``noteformat.parse_actions``; minutes are read as the note's ``duration`` is. Nothing here touches
widgets: the editor hands in texts and gets values or one ``InvalidInput``.
"""

from __future__ import annotations

import re

from mentorjournal.errors import InvalidInput
from mentorjournal.journal import ActionItem
from mentorjournal.journal.noteformat import (
    PRIVATE_CLOSE,
    PRIVATE_OPEN,
    NoteAction,
    parse_actions,
    parse_duration,
    render_actions,
)

ACTIONS_HINT = "One per line: - [ ] mentee: text (due 2025-04-01). Owners mentee, mentor, other; [x] done, [-] dropped."
_CHECKBOX_RE = re.compile(r"^\s*[-*+]\s+\[")
_BULLET_RE = re.compile(r"^\s*[-*+]\s+")


def checklist(actions: list[ActionItem]) -> str:
    """A session's action items as the note format writes its ``# Actions`` list."""
    return render_actions(
        [NoteAction(text=a.text, owner=a.owner, status=a.status, due=a.due, done_on=a.done_on) for a in actions]
    )


def read_checklist(text: str) -> list[NoteAction]:
    """The action list typed in the editor. A line without its ``- [ ]`` box is an open item."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    boxed = [
        raw if not raw.strip() or _CHECKBOX_RE.match(raw) else "- [ ] " + _BULLET_RE.sub("", raw, count=1).strip()
        for raw in lines
    ]
    try:
        return parse_actions("\n".join(boxed))  # line numbers stay those typed: blank lines are kept
    except InvalidInput as exc:
        raise InvalidInput(f"action {exc}") from None  # "action line 2: ..."


def read_minutes(text: str) -> int | None:
    """The Minutes field: ``60``, ``60 min``, ``1h30``; empty for none."""
    if not text.strip():
        return None
    try:
        return parse_duration(text, 0)
    except InvalidInput:
        raise InvalidInput("minutes must be a duration like 60, 45 min or 1h30") from None


def wrap_private(text: str) -> tuple[str, int]:
    """``text`` marked private, and where the cursor goes (inside the markers when ``text`` is empty)."""
    if not text:
        return PRIVATE_OPEN + PRIVATE_CLOSE, len(PRIVATE_OPEN)
    return PRIVATE_OPEN + text + PRIVATE_CLOSE, len(PRIVATE_OPEN) + len(text) + len(PRIVATE_CLOSE)
