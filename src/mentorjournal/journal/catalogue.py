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

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from mentorjournal.journal.model import SCHEMA_VERSION, ActionItem, JournalObject, Person, Session

CACHE_NAME = "journal-cards"
# Bump when a card's fields or their meaning change, or when decoding changes what is readable: cards
# cached by another version are then worked out again.
CARDS_VERSION = f"4/{SCHEMA_VERSION}"


class Card(NamedTuple):
    """Facts about a record's current revision. Dates and times are ISO strings ("" for none), which
    sort like the dates they name."""

    mentee_id: str = ""
    date: str = ""  # a session's date
    start: str = ""  # a session's start time ("00:00:00" when none is recorded, as sessions() orders it)
    next_meeting: str = ""  # a session's next meeting
    status: str = ""  # an action item's status
    due: str = ""  # an action item's due date
    session_id: str = ""  # an action item's session


def card_for(obj: JournalObject) -> Card:
    if isinstance(obj, Session):
        return Card(
            obj.mentee_id,
            obj.date.isoformat(),
            (obj.start_time or dt.time.min).isoformat(),  # as sessions() orders them: no time is 00:00
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


# What the journal knows of a record's displayed revision: a card, or the reason its body cannot be
# read (never its content).
Entry = Card | str


@dataclass
class Snapshot:
    """The journal's view of a revision graph, cached so that the next unlock can take it over whole.

    Column by column, so that taking it over is a few dictionary builds in C rather than a Python loop
    per record (a second at 100,000 records). Its heads (``shown`` and ``other_heads``) say which graph
    state it describes: records whose heads changed since are worked out again.
    """

    records: list[str]  # record ids of the readable records...
    shown: list[str]  # ...the revision id of each one's displayed head...
    cards: list[Card]  # ...and its card
    kinds: dict[str, list[int]]  # kind -> positions in ``records``
    mentees: dict[str, list[int]]  # mentee id -> positions in ``records`` of the records naming them
    other_heads: dict[str, str]  # every other head (tombstones, unreadable, other kinds, conflicts) -> record id
    unreadable: dict[str, str]  # revision id -> reason, for displayed heads whose body cannot be read

    def heads(self) -> set[str]:
        return set(self.shown).union(self.other_heads)


def encode(snapshot: Snapshot) -> bytes:
    """The cache's plaintext (JSON; see docs/vault-format.md)."""
    # Not dataclasses.asdict: it deep-copies every card (0.6 s at 10,000 sessions); the JSON is the same.
    payload = {"version": CARDS_VERSION, **{f.name: getattr(snapshot, f.name) for f in dataclasses.fields(snapshot)}}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(plain: bytes | None) -> Snapshot | None:
    """The snapshot, or None for a missing cache or one written by another version."""
    if plain is None:
        return None
    try:
        data: Any = json.loads(plain)
        if data.get("version") != CARDS_VERSION:
            return None
        records, shown, rows = data["records"], data["shown"], data["cards"]
        kinds, mentees, others, unreadable = data["kinds"], data["mentees"], data["other_heads"], data["unreadable"]
        if not (len(records) == len(shown) == len(rows)) or not all(
            isinstance(x, dict) for x in (kinds, mentees, others, unreadable)
        ):
            return None
        return Snapshot(records, shown, list(map(Card._make, rows)), kinds, mentees, others, unreadable)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None
