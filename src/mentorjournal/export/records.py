"""The export layer's own vault records: one per purpose, at an id only this vault can compute.

Person labels and the review's memory are journal knowledge the export keeps, encrypted in the vault like
every other record (the export log is the model). Each lives at a record id derived from a vault subkey, so
two devices that create it independently write the same record, and a sync conflict between them is merged
here (by the caller's ``merge``) rather than forking the knowledge in two.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from mentorjournal.journal import Journal

PURPOSE = b"export-memory"

Body = dict[str, Any]


def record_id(journal: Journal, name: str) -> str:
    """The id of the export record ``name``: an HMAC under a vault subkey, so it reveals nothing."""
    return hmac.new(journal.subkey(PURPOSE), name.encode(), hashlib.sha256).hexdigest()[:32]


def keyed_hash(journal: Journal, purpose: str, text: str) -> str:
    """A keyed hash of ``text`` for use as a key inside a record: equal texts match, the text is not kept."""
    key = hmac.new(journal.subkey(PURPOSE), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def load(journal: Journal, name: str, kind: str, merge: Callable[[list[Body]], Body]) -> tuple[Body, bool]:
    """The record's body (heads merged by ``merge``) and whether it needs writing back (a conflict)."""
    # A damaged copy is left out (`check` lists it): the labels start again from what is readable.
    bodies = journal.kept_versions(kind, record_id(journal, name))
    if not bodies:
        return {}, False
    return merge(bodies), len(bodies) > 1


def save(journal: Journal, name: str, kind: str, body: Body) -> bool:
    """Write the record; False (and nothing written) when the vault is open read-only."""
    if journal.read_only:
        return False
    journal.keep_record(kind, body, record_id=record_id(journal, name))
    return True
