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

import datetime as dt
import json
import struct
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import Any, NamedTuple

from mentorjournal.journal.model import SCHEMA_VERSION, ActionItem, JournalObject, Person, Session

CACHE_NAME = "journal-cards"
# Bump when a card's fields or their meaning change, or when decoding changes what is readable: cards
# cached by another version are then worked out again.
CARDS_VERSION = f"5/{SCHEMA_VERSION}"  # 5: binary columns (4 was JSON)


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


_HEAD = struct.Struct(">IIHII")  # counts: records, mentees, kinds, other heads, card-text bytes
_NONE = 0xFFFFFFFF  # a card naming no mentee
_LITTLE = sys.byteorder == "little"


def _u32(values: Iterable[int]) -> bytes:
    col = array("I", values)
    if _LITTLE:
        col.byteswap()  # stored big-endian
    return col.tobytes()


def _ids(ids: Iterable[str]) -> bytes:
    return bytes.fromhex("".join(ids))


def encode(snapshot: Snapshot) -> bytes:
    """The cache's plaintext: binary columns (see docs/vault-format.md, "the journal's snapshot")."""
    n = len(snapshot.records)
    table = list(dict.fromkeys(card.mentee_id for card in snapshot.cards if card.mentee_id))
    number = {mentee_id: i for i, mentee_id in enumerate(table)}
    # The card's text fields, one JSON array per field: parsed in C, whatever characters they hold.
    text = json.dumps([[card[i] for card in snapshot.cards] for i in range(1, len(Card._fields))],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # fmt: skip
    rest = json.dumps(snapshot.unreadable, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    version = CARDS_VERSION.encode("ascii")
    parts = [
        struct.pack(">H", len(version)) + version,
        _HEAD.pack(n, len(snapshot.mentees), len(snapshot.kinds), len(snapshot.other_heads), len(text)),
        _ids(snapshot.records),
        _ids(snapshot.shown),
        struct.pack(">I", len(table)) + _ids(table),
        _u32(number[card.mentee_id] if card.mentee_id else _NONE for card in snapshot.cards),
        text,
    ]
    for kind, positions in snapshot.kinds.items():
        name = kind.encode("utf-8")
        parts += [struct.pack(">HI", len(name), len(positions)), name, _u32(positions)]
    for mentee_id, positions in snapshot.mentees.items():
        parts += [bytes.fromhex(mentee_id), struct.pack(">I", len(positions)), _u32(positions)]
    parts += [_ids(snapshot.other_heads), _ids(snapshot.other_heads.values()), rest]
    return b"".join(parts)


class _Reader:
    def __init__(self, plain: bytes) -> None:
        self.plain = plain
        self.at = 0

    def take(self, size: int) -> bytes:
        end = self.at + size
        if end > len(self.plain):
            raise ValueError("truncated")
        out = self.plain[self.at : end]
        self.at = end
        return out

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))

    def ids(self, count: int) -> list[str]:
        text = self.take(16 * count).hex()
        return [text[i : i + 32] for i in range(0, 32 * count, 32)]

    def u32(self, count: int) -> array[int]:
        col = array("I")
        col.frombytes(self.take(4 * count))
        if _LITTLE:
            col.byteswap()
        return col


def decode(plain: bytes | None) -> Snapshot | None:
    """The snapshot, or None for a missing cache or one written by another version."""
    if plain is None:
        return None
    try:
        read = _Reader(plain)
        (size,) = read.unpack(">H")
        if read.take(size) != CARDS_VERSION.encode("ascii"):
            return None
        n, mentee_count, kind_count, other_count, text_size = read.unpack(">IIHII")
        records, shown = read.ids(n), read.ids(n)
        (table_size,) = read.unpack(">I")
        table = [*read.ids(table_size), ""]
        mentee_col = [table[i] if i != _NONE else "" for i in read.u32(n)]
        text = json.loads(read.take(text_size))
        if len(text) != len(Card._fields) - 1 or any(len(col) != n for col in text):
            return None
        # tuple.__new__ makes each card in C: Card(...) would run Python code per record.
        cards = list(map(tuple.__new__, repeat(Card), zip(mentee_col, *text, strict=True)))
        kinds: dict[str, list[int]] = {}
        for _ in range(kind_count):
            name_size, count = read.unpack(">HI")
            name = read.take(name_size).decode("utf-8")
            kinds[name] = read.u32(count).tolist()
        mentees: dict[str, list[int]] = {}
        for _ in range(mentee_count):
            mentee_id = read.take(16).hex()
            (count,) = read.unpack(">I")
            mentees[mentee_id] = read.u32(count).tolist()
        other_heads = dict(zip(read.ids(other_count), read.ids(other_count), strict=True))
        unreadable = json.loads(read.take(len(plain) - read.at))
        if not isinstance(unreadable, dict) or not all(isinstance(v, str) for v in unreadable.values()):
            return None
        return Snapshot(records, shown, cards, kinds, mentees, other_heads, unreadable)
    except (ValueError, TypeError, IndexError, struct.error, UnicodeDecodeError):
        return None
