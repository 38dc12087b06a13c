"""A locked, dropped journal leaves nothing decrypted behind for the cyclic collector to find some day.

Reference counting frees what nothing points to at once; what sits in a reference cycle waits for a full
collection, which after an unlock (``bulk.gc_paused`` freezes the loaded objects) may not come for a long
time. A journal caught in a cycle kept every card, revision and the search index (every word indexed)
in memory after the lock, and each lock and unlock of the app added another.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
import weakref
from typing import Any

import pytest

from mentorjournal.journal import Journal, Mentee, Session
from mentorjournal.vault import Vault


def test_a_locked_journal_is_freed_by_reference_counting_alone(vault: Vault) -> None:
    vault.load()
    journal = Journal(vault)
    ann = journal.save(Mentee(name="Ann"))
    journal.save(Session(mentee_id=ann.id, date=dt.date(2026, 1, 5), notes="Worried about the reorg."))
    assert journal.search("reorg")  # the search index is built and held
    records = journal._records
    index = records.search_index
    assert index is not None
    db = index._store._db
    alive: list[weakref.ref[Any]] = [
        weakref.ref(journal),
        weakref.ref(records),
        weakref.ref(index),
        weakref.ref(index._store),
    ]
    del records, index
    gc.disable()  # only reference counting may free them
    try:
        vault.lock()
        del journal
        assert [ref() for ref in alive] == [None] * len(alive)
        with pytest.raises(sqlite3.ProgrammingError):  # the in-memory database went with its store
            db.execute("SELECT 1")
    finally:
        gc.enable()


def test_a_search_index_outliving_its_journal_says_so(vault: Vault) -> None:
    vault.load()
    journal = Journal(vault)
    journal.save(Mentee(name="Ann"))
    journal.search("ann")
    index = journal._records.search_index
    assert index is not None
    del journal
    with pytest.raises(ReferenceError):
        index._original("any")
