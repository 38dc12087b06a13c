"""What the journal knows of each record without decoding it: who it belongs to, its dates and status.

Decoding every note at unlock cost most of a second at 10,000 sessions, yet the first screen needs only
a few facts per record: whose it is, when a session was and what it planned next, whether an action is
open and when it is due. A ``Card`` holds those facts; the journal decodes a record itself only when
something asks for it (a mentee's page, an export, a search).

A card is worked out by decoding the record once, on the first unlock that meets its revision; that
decode is also what finds a body this version cannot read, so damage is still reported at unlock. The
cards of current revisions are kept in a device-local cache sealed like the unlock cache
(``Vault.write_local_cache``), keyed by revision id: a revision never changes, so neither does its card.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from mentorjournal.journal.model import SCHEMA_VERSION, ActionItem, JournalObject, Person, Session

CACHE_NAME = "journal-cards"
# Bump when a card's fields or their meaning change, or when decoding changes what is readable: cards
# cached by another version are then worked out again.
CARDS_VERSION = f"1/{SCHEMA_VERSION}"


class Card(NamedTuple):
    """Facts about a record's current revision. Dates and times are ISO strings ("" for none), which
    sort like the dates they name."""

    mentee_id: str = ""
    date: str = ""  # a session's date
    start: str = ""  # a session's start time
    next_meeting: str = ""  # a session's next meeting
    status: str = ""  # an action item's status
    due: str = ""  # an action item's due date
    session_id: str = ""  # an action item's session


def card_for(obj: JournalObject) -> Card:
    if isinstance(obj, Session):
        return Card(
            obj.mentee_id,
            obj.date.isoformat(),
            obj.start_time.isoformat() if obj.start_time else "",
            obj.next_meeting.isoformat() if obj.next_meeting else "",
        )
    if isinstance(obj, ActionItem):
        return Card(
            obj.mentee_id,
            status=obj.status,
            due=obj.due.isoformat() if obj.due else "",
            session_id=obj.session_id or "",
        )
    if isinstance(obj, Person):
        return Card(obj.mentee_id or "")
    return Card(getattr(obj, "mentee_id", "") or "")


# A cached entry is a card, or the reason the revision's body cannot be read (never its content).
Entry = Card | str


def encode(entries: dict[str, Entry]) -> bytes:
    """The cache's plaintext: {"version": ..., "cards": {revision id: [fields...] or "reason"}}."""
    rows = {rid: (e if isinstance(e, str) else list(e)) for rid, e in entries.items()}
    return json.dumps({"version": CARDS_VERSION, "cards": rows}, ensure_ascii=False, separators=(",", ":")).encode()


def decode(plain: bytes | None) -> dict[str, Entry]:
    """Entries by revision id; {} for a missing cache or one written by another version."""
    if plain is None:
        return {}
    try:
        data: Any = json.loads(plain)
        if data.get("version") != CARDS_VERSION:
            return {}
        make = Card._make
        return {rid: (row if isinstance(row, str) else make(row)) for rid, row in data["cards"].items()}
    except (ValueError, TypeError, AttributeError, KeyError):
        return {}
