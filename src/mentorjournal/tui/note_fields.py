"""The session editor's fields read with the note format's grammar: one grammar for the app and the CLI.

The action list is the note format's checklist (``- [ ] mentee: text (due YYYY-MM-DD)``), read line by
line with ``noteformat.parse_action_line``; minutes are read as the note's ``duration`` is. Nothing
here touches widgets: the editor hands in texts and gets values or one ``InvalidInput``.
"""

from __future__ import annotations

import re

from mentorjournal.errors import InvalidInput
from mentorjournal.journal import ActionItem
from mentorjournal.journal.noteformat import (
    PRIVATE_CLOSE,
    PRIVATE_OPEN,
    NoteAction,
    parse_action_line,
    parse_duration,
    render_action,
)

ACTIONS_HINT = "One per line: - [ ] mentee: text (due 2025-04-01). Owners mentee, mentor, other; [x] done, [-] dropped."
DEFAULT_MINUTES = 60  # a new session's length when the agreement names none
_CHECKBOX_RE = re.compile(r"^\s*[-*+]\s+\[")
_BULLET_RE = re.compile(r"^\s*[-*+]\s+")


def checklist(actions: list[ActionItem]) -> str:
    """A session's action items as the note format writes its ``# Actions`` list."""
    return "\n".join(
        render_action(NoteAction(text=a.text, owner=a.owner, status=a.status, due=a.due, done_on=a.done_on))
        for a in actions
    )


def read_checklist(text: str) -> list[NoteAction]:
    """The action list typed in the editor. A line without its ``- [ ]`` box is an open item."""
    out = []
    for number, raw in enumerate(text.replace("\r", "\n").split("\n"), 1):
        if not raw.strip():
            continue
        line = raw if _CHECKBOX_RE.match(raw) else "- [ ] " + _BULLET_RE.sub("", raw, count=1).strip()
        try:
            out.append(parse_action_line(line, number))
        except InvalidInput as exc:
            raise InvalidInput(f"action {exc}") from None  # "action line 2: ..."
    return out


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
