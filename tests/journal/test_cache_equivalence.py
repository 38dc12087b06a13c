"""Whatever the device-local caches hold, a journal shows exactly what its record files say.

A journal is loaded warm (the caches of earlier unlocks), cold (every cache deleted) and, in between,
after random saves, deletes and files that "another device" added or took away: every answer must be
the same as the cold one, which reads nothing but the record files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mentorjournal.errors import InvalidInput, NotFound
from mentorjournal.journal import ActionItem, Journal, Mentee, Session
from mentorjournal.journal.notes import NEW_SESSION_KINDS
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault.vault import record_path, remove_local_caches, unlock_cache_dir
from tests.conftest import PASSPHRASE

D = dt.date
TODAY = D(2026, 3, 15)


def _open(path: Path) -> tuple[Vault, Journal]:
    by_need = _by_need_view(path)  # before the full unlock below rewrites any cache
    vault = Vault.unlock(path, PASSPHRASE)
    vault.load()
    journal = Journal(vault, today=lambda: TODAY)
    assert _view(journal) == _cold_view(path), "a journal loaded with this device's caches differs"
    assert by_need == _new_session_view(journal), "a journal opened by need (`session add`) differs"
    return vault, journal


def _new_session_view(journal: Journal) -> dict[str, Any]:
    """What saving a new session reads: the mentees, their goals and agreements."""
    mentees = journal.mentees()
    return {
        "mentees": [(m.id, m.name, m.revision_id) for m in mentees],
        "goals": [(g.id, g.revision_id) for m in mentees for g in journal.goals(m.id)],
        "agreements": [journal.agreement(m.id) for m in mentees],
        "mentee heads": sorted(h.revision_id for m in mentees for h in journal.vault.graph.heads(m.id)),
    }


def _by_need_view(path: Path) -> dict[str, Any]:
    """``_new_session_view`` of a journal opened by need on this device's caches, as they are now."""
    vault = Vault.unlock(path, PASSPHRASE, read_only=True)
    try:
        vault.load(kinds=NEW_SESSION_KINDS)
        return _new_session_view(Journal(vault, today=lambda: TODAY))
    finally:
        vault.lock()


def _cold_view(path: Path) -> dict[str, Any]:
    """What a device with no cache at all shows (its own, empty, cache folder), read-only."""
    saved = os.environ["XDG_CACHE_HOME"]
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="cold-")
    try:
        vault = Vault.unlock(path, PASSPHRASE, read_only=True)
        try:
            vault.load()
            return _view(Journal(vault, today=lambda: TODAY))
        finally:
            vault.lock()
    finally:
        shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
        os.environ["XDG_CACHE_HOME"] = saved


def _view(journal: Journal) -> dict[str, Any]:
    """Everything a mentor can see, as plain data."""
    graph = journal.vault.graph
    return {
        "mentees": [(m.id, m.name, m.revision_id) for m in journal.mentees()],
        "sessions": [(s.id, s.revision_id, s.mentee_id, s.date, s.notes, s.next_meeting) for s in journal.sessions()],
        "actions": [(a.id, a.status, a.due, a.session_id) for a in journal.actions()],
        "overview": journal.overview(),
        "due": journal.due(),
        "conflicts": sorted(
            (c.record_id, tuple(sorted(h.revision_id for h in c.versions))) for c in journal.conflicts()
        ),
        "damaged": sorted(d.name for d in journal.damaged()),
        "heads": sorted(graph.head_ids()),
        "revisions": sorted(graph.revisions()),
        "bodies": sorted((rid, json.dumps(rev.body, sort_keys=True)) for rid, rev in graph.revisions().items()),
    }


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["mentee", "session", "edit", "delete", "action", "lose", "elsewhere", "reopen", "drop-caches"]
        ),
        st.integers(0, 1000),
    ),
    min_size=3,
    max_size=14,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
@example(ops=[("mentee", 0), ("session", 1), ("lose", 0), ("edit", 0), ("reopen", 0), ("session", 3)])
def test_warm_cold_and_stale_caches_give_the_same_journal(tmp_path_factory: Any, ops: list[tuple[str, int]]) -> None:
    folder = tmp_path_factory.mktemp("eq") / "vault"
    Vault.create(folder, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault.lock()
    vault, journal = _open(folder)
    mentee = journal.save(Mentee(name="First"))
    written: list[str] = []  # revision ids written, any of which "another device" may take away
    try:
        for op, n in ops:
            try:
                sessions = journal.sessions()
                mentees = journal.mentees()
                if op == "mentee":
                    written.append(journal.save(Mentee(name=f"M{n}")).revision_id or "")
                elif op == "session" or (op in ("edit", "delete") and not sessions):
                    m = mentees[n % len(mentees)] if mentees else mentee
                    saved = journal.save(
                        Session(mentee_id=m.id, date=D(2025, 1, 1) + dt.timedelta(days=n), notes=f"n{n}")
                    )
                    written.append(saved.revision_id or "")
                elif op == "edit":
                    s = journal.session(sessions[n % len(sessions)].id)
                    s.notes += " edited"
                    s.next_meeting = D(2026, 4, 1)
                    written.append(journal.save(s).revision_id or "")
                elif op == "delete":
                    journal.delete(sessions[n % len(sessions)].id, cascade=True)
                elif op == "action" and sessions:
                    s = sessions[n % len(sessions)]
                    journal.save(ActionItem(mentee_id=s.mentee_id, text=f"do {n}", session_id=s.id, due=D(2026, 3, 20)))
                elif op == "lose" and written:  # a file taken away elsewhere (or not yet synced back)
                    vault.lock()
                    record_path(folder, written.pop(n % len(written))).unlink(missing_ok=True)
                    vault, journal = _open(folder)
                elif op == "elsewhere":  # another device saves while this one is closed
                    vault.lock()
                    other, theirs = _open(folder)
                    listed = theirs.sessions()
                    if listed:
                        s = theirs.session(listed[n % len(listed)].id)
                        s.notes = f"theirs {n}"
                        written.append(theirs.save(s).revision_id or "")
                    other.lock()
                    vault, journal = _open(folder)
                elif op == "reopen":
                    vault.lock()
                    vault, journal = _open(folder)
                elif op == "drop-caches":
                    vault.lock()
                    remove_local_caches(vault.vault_id)
                    vault, journal = _open(folder)
            except (NotFound, InvalidInput):
                pass  # refused by the journal (a file it needs was taken away): nothing was written
        warm = _view(journal)
        vault.lock()
        vault, journal = _open(folder)  # warm: whatever the caches hold now
        again = _view(journal)
        vault.lock()
        shutil.rmtree(unlock_cache_dir(), ignore_errors=True)
        vault, journal = _open(folder)  # cold: the record files alone
        cold = _view(journal)
        assert warm == cold
        assert again == cold
    finally:
        vault.lock()
