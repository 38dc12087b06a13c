"""The review remembered: the mentor's decisions, encrypted in the vault, re-applied while a passage is unchanged.

- **Per passage.** Accept (redact), reject (keep) and manual selections are stored under a keyed hash of the
  passage's text (HMAC under a vault subkey), inside an export record: the record holds no passage text, and
  the hash of a passage says nothing without the vault's key. While the passage is unchanged its decisions are
  re-applied, so the review counter asks only about what is new; an edited passage is asked about again.
- **"Not a name".** A word the mentor said is not a name is never flagged again, in any summary.
- **"A name".** A flagged word the mentor says is a name is offered as a new person (``add_person``), so the
  next export replaces it with a stable label.

Stored like the export log: a vault record, encrypted, never a file of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mentorjournal.export import records
from mentorjournal.journal import Journal
from mentorjournal.journal.model import Person
from mentorjournal.journal.text import fold

MEMORY_KIND = "review-memory"
_RECORD = "review-memory"
_KEEP_PASSAGES = 20000  # the newest decisions kept; older passages are asked about again, which is safe

# One decision: (kind, start, end, accepted) of a finding; manual selections are ("manual", start, end, True).
Decision = tuple[str, int, int, bool]


@dataclass
class ReviewMemory:
    """What the mentor decided before. ``key_of`` turns a passage's text into its keyed hash."""

    key_of: Callable[[str], str]
    not_names: set[str] = field(default_factory=set)
    passages: dict[str, dict[str, Any]] = field(default_factory=dict)

    def decisions_for(self, text: str) -> list[Decision]:
        entry = self.passages.get(self.key_of(text))
        if not entry:
            return []
        return [(str(k), int(s), int(e), bool(a)) for k, s, e, a in entry.get("decisions", [])]

    def remember_passage(self, text: str, decisions: Iterable[Decision], on: dt.date) -> None:
        listed = sorted(decisions, key=lambda d: (d[1], d[2], d[0]))
        key = self.key_of(text)
        if listed:
            self.passages[key] = {"at": on.isoformat(), "decisions": [list(d) for d in listed]}
        else:
            self.passages.pop(key, None)

    def not_a_name(self, words: str) -> None:
        self.not_names.add(" ".join(fold(words).split()))

    def body(self) -> dict[str, Any]:
        newest = sorted(self.passages.items(), key=lambda kv: str(kv[1].get("at", "")), reverse=True)
        return {
            "schema": 1,
            "not_names": sorted(self.not_names),
            "passages": dict(newest[:_KEEP_PASSAGES]),
        }


def _merge(bodies: list[records.Body]) -> records.Body:
    """Two devices' memories: every "not a name" of either, and per passage the newer decision."""
    not_names: set[str] = set()
    passages: dict[str, dict[str, Any]] = {}
    for body in bodies:
        not_names.update(str(w) for w in body.get("not_names", []))
        for key, entry in dict(body.get("passages", {})).items():
            if key not in passages or str(entry.get("at", "")) > str(passages[key].get("at", "")):
                passages[key] = entry
    return {"schema": 1, "not_names": sorted(not_names), "passages": passages}


def load_memory(journal: Journal) -> ReviewMemory:
    body, _conflicted = records.load(journal, _RECORD, MEMORY_KIND, _merge)

    def key_of(text: str) -> str:
        return records.keyed_hash(journal, "review-passage", text)

    return ReviewMemory(
        key_of=key_of,
        not_names={str(w) for w in body.get("not_names", [])},
        passages={str(k): dict(v) for k, v in dict(body.get("passages", {})).items()},
    )


def save_memory(journal: Journal, memory: ReviewMemory) -> bool:
    """Store the memory in the vault; False when the vault is open read-only."""
    return records.save(journal, _RECORD, MEMORY_KIND, memory.body())


def add_person(journal: Journal, words: str, *, relationship: str = "", mentee_id: str | None = None) -> Person:
    """The flagged words the mentor said are a name, added as a person: from now on a known name."""
    name = " ".join(words.split())
    return journal.save(Person(name=name, relationship=relationship, mentee_id=mentee_id))
