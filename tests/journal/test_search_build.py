"""The search index built on another thread from a snapshot, then caught up on the journal's thread."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mentorjournal.errors import Locked
from mentorjournal.journal import Journal, Mentee, Session
from mentorjournal.journal.index import SEARCH_CACHE_NAME
from mentorjournal.journal.search_build import BuildStopped, SearchBuild
from mentorjournal.vault import Vault
from mentorjournal.vault.vault import unlock_cache_dir

D = dt.date
Filled = tuple[Journal, Mentee, list[Session]]


def _paused_run(build: SearchBuild) -> tuple[threading.Thread, threading.Event, threading.Event, list[BaseException]]:
    """Run ``build`` on a thread that stops at its first progress report until released: the test acts
    on the journal's thread (saves, a lock) while the build has read its snapshot and indexed it."""
    reached, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def progress(done: int, total: int) -> None:
        reached.set()
        assert release.wait(10)

    def run() -> None:
        try:
            build.run(progress)
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert reached.wait(10)
    return worker, reached, release, errors


def _term_documents(journal: Journal, term: str) -> int:
    """How many documents the FTS5 index itself holds ``term`` for (removals included: a removal with
    wrong values would leave the term behind, though no search would show it)."""
    index = journal._records.search_index
    assert index is not None
    db = index._store._db
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, fts, 'row')")
    row = db.execute("SELECT doc FROM temp.vocab WHERE term = ?", (term,)).fetchone()
    return 0 if row is None else int(row[0])


@pytest.fixture
def filled(journal: Journal) -> Filled:
    ann = journal.save(Mentee(name="Ann"))
    sessions = [journal.save(Session(mentee_id=ann.id, date=D(2026, 1, i), notes=f"apple n{i}")) for i in (1, 2, 3)]
    return journal, ann, sessions


class TestBuildOffTheJournalThread:
    def test_saves_made_during_the_build_are_found_after_it(self, filled: Filled) -> None:
        journal, ann, (s1, s2, s3) = filled
        build = journal.search_build()
        assert build is not None
        worker, _, release, errors = _paused_run(build)
        # The journal's thread goes on while the build runs: a new note, an edit, a deletion.
        added = journal.save(Session(mentee_id=ann.id, date=D(2026, 2, 1), notes="apple quince"))
        s1.notes = "banana now"
        journal.save(s1)
        journal.delete(s2.id)
        assert not journal.search_index_ready
        release.set()
        worker.join(10)
        assert not errors
        assert build.finish() and journal.search_index_ready
        assert {h.obj.id for h in journal.search("apple")} == {s3.id, added.id}
        assert [h.obj.id for h in journal.search("banana")] == [s1.id]
        assert [h.obj.id for h in journal.search("quince")] == [added.id]
        # What the build indexed was taken out with its own values: nothing of it lingers in the index.
        assert _term_documents(journal, "n1") == 0 and _term_documents(journal, "n2") == 0
        assert journal._records.search_index is not None and journal._records.search_index.stale == 0

    def test_the_build_indexes_its_snapshot_not_the_records_as_they_became(self, filled: Filled) -> None:
        journal, _, (s1, s2, s3) = filled
        build = journal.search_build()
        assert build is not None
        s1.notes = "banana now"  # saved after the snapshot, before the build reads that note
        journal.save(s1)
        worker = threading.Thread(target=build.run)
        worker.start()
        worker.join(10)
        assert build.finish()
        assert [h.obj.id for h in journal.search("banana")] == [s1.id]
        assert {h.obj.id for h in journal.search("apple")} == {s2.id, s3.id}
        assert _term_documents(journal, "banana") == 1 and _term_documents(journal, "n1") == 0

    def test_nothing_saved_meanwhile_attaches_the_index_as_built(self, filled: Filled) -> None:
        journal, _, sessions = filled
        build = journal.search_build()
        assert build is not None
        worker = threading.Thread(target=build.run)
        worker.start()
        worker.join(10)
        assert build.finish()
        assert {h.obj.id for h in journal.search("apple")} == {s.id for s in sessions}
        assert journal.search_build() is None  # ready: nothing more to build

    def test_a_cancelled_build_attaches_and_seals_nothing(self, filled: Filled) -> None:
        journal, _, sessions = filled
        cache = unlock_cache_dir() / f"{journal.vault.vault_id}.{SEARCH_CACHE_NAME}.mjc"
        build = journal.search_build()
        assert build is not None
        worker, _, release, errors = _paused_run(build)
        build.cancel()
        release.set()
        worker.join(10)
        assert len(errors) == 1 and isinstance(errors[0], BuildStopped)
        assert not build.finish() and not journal.search_index_ready
        assert not cache.exists()
        assert {h.obj.id for h in journal.search("apple")} == {s.id for s in sessions}  # a new build works

    def test_a_lock_during_the_build_leaves_no_index_and_no_cache(self, filled: Filled) -> None:
        journal, _, _ = filled
        vault = journal.vault
        cache = unlock_cache_dir() / f"{vault.vault_id}.{SEARCH_CACHE_NAME}.mjc"
        build = journal.search_build()
        assert build is not None
        worker, _, release, errors = _paused_run(build)
        vault.lock()  # without cancelling: the vault's keys are gone, the build cannot seal
        release.set()
        worker.join(10)
        assert len(errors) == 1 and isinstance(errors[0], Locked)
        assert build.index is None and not build.finish()
        assert not cache.exists()
        assert not [p.name for p in unlock_cache_dir().glob(f"{vault.vault_id}*") if "search" in p.name]

    def test_a_build_that_finishes_after_another_index_was_attached_is_let_go(self, filled: Filled) -> None:
        journal, _, sessions = filled
        build = journal.search_build()
        assert build is not None
        build.run()
        assert journal.search("apple")  # the journal built its own meanwhile (a command, a test)
        attached = journal._records.search_index
        assert not build.finish()
        assert journal._records.search_index is attached
        assert {h.obj.id for h in journal.search("apple")} == {s.id for s in sessions}


class TestErasureDuringTheBuild:
    """An erasure followed while a build runs (here, or arriving from another device at a refresh): the
    build read the erased records' words, so it seals nothing, attaches nothing, and removes what it sealed."""

    def test_an_erasure_while_the_build_runs_stops_it(self, filled: Filled) -> None:
        from mentorjournal.journal.erasure import erase_mentee, plan_erasure

        journal, ann, _ = filled
        other = journal.save(Mentee(name="Bo"))
        kept = journal.save(Session(mentee_id=other.id, date=D(2026, 1, 9), notes="apple kept"))
        cache = unlock_cache_dir() / f"{journal.vault.vault_id}.{SEARCH_CACHE_NAME}.mjc"
        build = journal.search_build()
        assert build is not None
        worker, _, release, errors = _paused_run(build)
        erase_mentee(journal, plan_erasure(journal, ann.id))
        release.set()
        worker.join(10)
        assert len(errors) == 1 and isinstance(errors[0], BuildStopped)
        assert not build.finish() and not journal.search_index_ready
        assert not cache.exists()
        assert [h.obj.id for h in journal.search("apple")] == [kept.id]  # a new build, without Ann's notes

    def test_an_index_sealed_just_before_the_erasure_is_removed(self, filled: Filled) -> None:
        from mentorjournal.journal.erasure import erase_mentee, plan_erasure

        journal, ann, _ = filled
        cache = unlock_cache_dir() / f"{journal.vault.vault_id}.{SEARCH_CACHE_NAME}.mjc"
        build = journal.search_build()
        assert build is not None
        worker = threading.Thread(target=build.run)
        worker.start()
        worker.join(10)
        assert cache.exists()  # a fresh build sealed what it read: Ann's notes among it
        erase_mentee(journal, plan_erasure(journal, ann.id))  # before the app took the index in
        assert not build.finish()
        assert not cache.exists()
        assert journal.search("apple") == []


def test_a_lock_while_the_index_is_being_sealed_stops_the_seal(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorjournal.journal.search import SearchIndex

    journal, _, _ = filled
    vault = journal.vault
    cache = unlock_cache_dir() / f"{vault.vault_id}.{SEARCH_CACHE_NAME}.mjc"
    inside, go = threading.Event(), threading.Event()
    chunks = SearchIndex.to_chunks

    def paused(index: SearchIndex) -> Iterator[bytes]:
        for number, chunk in enumerate(chunks(index)):
            yield chunk
            if number == 0:
                inside.set()
                assert go.wait(10)

    monkeypatch.setattr(SearchIndex, "to_chunks", paused)
    build = journal.search_build()
    assert build is not None
    errors: list[BaseException] = []

    def run() -> None:
        try:
            build.run()
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert inside.wait(10)
    build.cancel()  # as the app does when it locks
    vault.lock()
    go.set()
    worker.join(10)
    assert len(errors) == 1 and isinstance(errors[0], BuildStopped)
    assert not cache.exists() and not build.finish()
    assert not [p.name for p in unlock_cache_dir().glob(f"{vault.vault_id}*") if "search" in p.name]


def test_a_build_reads_the_sealed_index_back_and_catches_up_with_saves(vault: Vault, tmp_path: Path) -> None:
    from tests.conftest import PASSPHRASE

    vault.load()
    journal = Journal(vault)
    ann = journal.save(Mentee(name="Ann"))
    first = journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), notes="cherry"))
    assert journal.search("cherry")
    vault.lock()
    again = Vault.unlock(vault.path, PASSPHRASE)
    again.load()
    reopened = Journal(again)
    build = reopened.search_build()
    assert build is not None
    run: Callable[[], None] = build.run
    worker = threading.Thread(target=run)
    worker.start()
    second = reopened.save(Session(mentee_id=ann.id, date=D(2026, 1, 2), notes="cherry two"))
    worker.join(10)
    assert build.finish()
    assert {h.obj.id for h in reopened.search("cherry")} == {first.id, second.id}
    again.lock()


@pytest.mark.parametrize("summed_at_end", [False, True], ids=["record by record", "summed at the end"])
def test_the_digest_kept_with_the_tables_is_the_digest_of_the_heads(
    vault: Vault, summed_at_end: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``RecordIndex.shown_sum``, kept as the tables change, equals the digest of the heads worked out
    afresh: after saves, edits, deletions, a reload from the snapshot and one from the files (where many
    records are worked out at once, as after a cold unlock, it is summed once at the end)."""
    from mentorjournal.journal import index as index_module
    from mentorjournal.journal.search_index import revision_sum
    from tests.conftest import PASSPHRASE

    monkeypatch.setattr(index_module, "SUM_AT_END_FROM", 0 if summed_at_end else 10**9)

    def digest_holds(journal: Journal) -> None:
        records = journal._records
        assert records.shown_sum == revision_sum([rev.revision_id for rev in records.heads.values()])

    vault.load()
    journal = Journal(vault)
    digest_holds(journal)
    ann = journal.save(Mentee(name="Ann"))
    sessions = [journal.save(Session(mentee_id=ann.id, date=D(2026, 1, i), notes=f"fig {i}")) for i in (1, 2, 3)]
    digest_holds(journal)
    sessions[0].notes = "fig edited"
    journal.save(sessions[0])
    journal.delete(sessions[1].id)
    digest_holds(journal)
    assert journal.search("fig") and journal._records.search_index is not None
    journal.reload()  # from the snapshot
    digest_holds(journal)
    journal.reload(use_snapshot=False)  # from the files
    digest_holds(journal)
    vault.lock()
    again = Vault.unlock(vault.path, PASSPHRASE)
    again.load()
    reopened = Journal(again)
    digest_holds(reopened)
    # The index sealed at the first search is current: the digest alone says so.
    build = reopened.search_build()
    assert build is not None
    build.run()
    assert build.indexed == 0 and build.finish()
    assert {h.obj.id for h in reopened.search("fig")} == {sessions[0].id, sessions[2].id}
    again.lock()


def test_a_few_saves_since_the_snapshot_are_caught_up_record_by_record(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index sealed at the state the cards snapshot was taken over from: only the records touched
    since load are compared (no set differences over every record), with the same result."""
    from mentorjournal.journal.search import SearchIndex
    from tests.conftest import PASSPHRASE

    def reopen() -> tuple[Vault, Journal]:
        again = Vault.unlock(vault.path, PASSPHRASE)
        again.load()
        return again, Journal(again)

    vault.load()
    journal = Journal(vault)
    ann = journal.save(Mentee(name="Ann"))
    sessions = [journal.save(Session(mentee_id=ann.id, date=D(2026, 1, i), notes=f"grape n{i}")) for i in (1, 2, 3, 4)]
    vault.lock()
    v2, second = reopen()  # no snapshot yet: worked out from the files, snapshot written
    assert second.search("grape")  # the index sealed at that same state
    edited = second.session(sessions[0].id)
    edited.notes = "melon now"
    second.save(edited)
    second.delete(sessions[1].id)
    added = second.save(Session(mentee_id=ann.id, date=D(2026, 2, 1), notes="grape and lime"))
    v2.lock()
    v3, third = reopen()
    records = third._records
    assert records.adopted is not None and records.touched == {sessions[0].id, sessions[1].id, added.id}
    full_catch_up: list[int] = []
    original = SearchIndex.catch_up

    def spy(index: SearchIndex, *args: object, **kwargs: object) -> int:
        full_catch_up.append(1)
        return original(index, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "catch_up", spy)
    assert {h.obj.id for h in third.search("grape")} == {sessions[2].id, sessions[3].id, added.id}
    assert full_catch_up == []
    assert [h.obj.id for h in third.search("melon")] == [sessions[0].id]
    assert _term_documents(third, "n1") == 0 and _term_documents(third, "n2") == 0
    index = records.search_index
    assert index is not None and index.stale == 0
    indexed = dict(zip(*index._store.revisions(), strict=True))
    assert indexed == {rid: rev.revision_id for rid, rev in records.heads.items()}
    v3.lock()
