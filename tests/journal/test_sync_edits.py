"""Edits arriving from another machine: picked up by refresh, never buried by a stale save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mentorjournal.journal import Journal
from mentorjournal.journal.model import Mentee, Session
from mentorjournal.vault import Vault
from tests.conftest import PASSPHRASE


def test_refresh_picks_up_records_and_a_stale_save_becomes_a_conflict(vault: Vault, vault_dir: Path) -> None:
    here = Journal(vault)
    mentee = here.save(Mentee(name="Sync Test"))
    session = here.save(Session(mentee_id=mentee.id, date=dt.date(2026, 1, 1), notes="first"))
    open_in_editor = here.session(session.id)  # the mentor starts editing here...

    # ...while "another machine" (a second writer of the same folder, as a sync engine would deliver it)
    # edits the same session and adds a mentee.
    vault._lock.release()  # type: ignore[union-attr]  # stand-in for a second machine's own folder
    with Vault.unlock(vault_dir, PASSPHRASE) as there_vault:
        there = Journal(there_vault)
        theirs = there.session(session.id)
        theirs.notes = "edited on the laptop"
        there.save(theirs)
        there.save(Mentee(name="Arrived Later"))
    vault._lock.acquire()  # type: ignore[union-attr]

    assert here.refresh() == 2
    assert {m.name for m in here.mentees()} == {"Sync Test", "Arrived Later"}
    assert here.session(session.id).notes == "edited on the laptop"

    open_in_editor.notes = "edited on the desktop"
    here.save(open_in_editor)
    [conflict] = here.conflicts()
    assert {v.obj.notes for v in conflict.versions if isinstance(v.obj, Session)} == {
        "edited on the laptop",
        "edited on the desktop",
    }


def test_an_edit_of_one_side_keeps_the_conflict_and_a_merge_ends_it(vault: Vault) -> None:
    journal = Journal(vault)
    mentee = journal.save(Mentee(name="Merge Test"))
    base = vault.graph.current(mentee.id)
    assert base is not None
    body = dict(base.body or {})
    vault.put("mentee", {**body, "name": "Version A"}, record_id=mentee.id, parents=(base.revision_id,))
    vault.put("mentee", {**body, "name": "Version B"}, record_id=mentee.id, parents=(base.revision_id,))
    journal.reload()
    assert journal.conflicts()
    one_side = journal.mentee(mentee.id)
    one_side.role = "edited on this side"
    journal.save(one_side)
    [conflict] = journal.conflicts()  # the other side's edit is still there to see
    assert {v.obj.name for v in conflict.versions if isinstance(v.obj, Mentee)} == {"Version A", "Version B"}
    merged = journal.mentee(mentee.id)
    merged.name = "Merged"
    merged.revision_id = ""  # prepared from every side, as the app's merge does
    journal.save(merged)
    assert journal.conflicts() == [] and journal.mentee(mentee.id).name == "Merged"
