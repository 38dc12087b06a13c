"""Erasure leaves no trace: every file and every cache decrypted with the vault key holds neither the
mentee's name nor a canary written in their notes, other devices follow the erasure record, and `check`
knows which files are gone on purpose."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.export.exporting import export_log
from mentorjournal.journal import (
    ActionItem,
    Agreement,
    ConcernRecord,
    Goal,
    GoalProgress,
    Journal,
    Mentee,
    Person,
    Session,
    catalogue,
)
from mentorjournal.journal.drafts import Draft, discard_draft, save_draft
from mentorjournal.journal.erasure import erase_mentee, erased, erased_revision_ids, plan_erasure, still_present
from mentorjournal.journal.index import SEARCH_CACHE_NAME
from mentorjournal.journal.search import WEIGHT_CLASSES
from mentorjournal.journal.search_index import FtsStore
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault, sealed_chunks
from mentorjournal.vault.cache import read_cache
from mentorjournal.vault.keys import PURPOSE_CACHE
from mentorjournal.vault.vault import iter_record_files, unlock_cache_dir
from tests.assurance.canaries import scan as scan_bytes
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 3, 15)
NAME = "Zebedee Quillfeather"
ALIAS = "Zeb"
CANARY = "XYLOPHONE-4417-CANARY"
OTHER_CANARY = "MARIMBA-2210-KEPT"


def _open(vault_dir: Path, *, read_only: bool = False) -> Journal:
    vault = Vault.unlock(vault_dir, PASSPHRASE, read_only=read_only)
    vault.load()
    return Journal(vault, today=lambda: TODAY)


def _populate(journal: Journal, fields: list[str], edits: int, deleted: bool) -> tuple[Mentee, Mentee]:
    """The mentee to erase (canary in ``fields`` of their records) and another one whose data must stay."""
    erased_one = journal.save(Mentee(name=NAME, aliases=[ALIAS], contact=f"{CANARY}@example.org"))
    kept = journal.save(Mentee(name="Other Person", programme="Scheme"))
    for mentee, canary in ((erased_one, CANARY), (kept, OTHER_CANARY)):
        text = {f: f"{f} {canary}" for f in fields}
        goal = journal.save(
            Goal(mentee_id=mentee.id, title=text.get("goal", "Goal"),
                 progress=[GoalProgress(date=TODAY, percent=10, comment=text.get("progress", ""))])
        )  # fmt: skip
        session = journal.save(
            Session(mentee_id=mentee.id, date=TODAY, duration_minutes=50, title=text.get("title", ""),
                    notes=text.get("notes", "n"), shared_summary=text.get("summary", ""),
                    reflection=text.get("reflection", ""), tags=[text.get("tag", "t")], goal_ids=[goal.id])
        )  # fmt: skip
        for n in range(edits):  # history: every revision must go
            session = journal.save(dataclasses.replace(session, notes=f"edit {n} {canary} {mentee.name}"))
        journal.save(ActionItem(mentee_id=mentee.id, text=text.get("action", "act"), session_id=session.id))
        journal.save(Agreement(mentee_id=mentee.id, goals=text.get("agreement", "g"), retain_months=12))
        journal.save(ConcernRecord(mentee_id=mentee.id, date=TODAY, words=text.get("concern", "w")))
        journal.save(Person(name=f"Manager of {mentee.name}", mentee_id=mentee.id, notes=canary))
        journal.record_export(
            {"schema": 1, "at": "2026-03-15T10:00:00+00:00", "mentee_id": mentee.id, "audience": "coordinator",
             "format": "md", "destination": "file", "redactions": {"name": 1}}
        )  # fmt: skip
        # Unsaved notes too: a draft being written, and one discarded (its revisions are still files).
        save_draft(journal, Draft(mentee.id, session.id, {"field-summary": f"draft {canary} {mentee.name}"}))
        gone = save_draft(journal, Draft(mentee.id, None, {"field-notes": f"discarded {canary}"}))
        discard_draft(journal, gone.record_id)
        if deleted:
            extra = journal.save(Session(mentee_id=mentee.id, date=TODAY, notes=f"gone {canary}"))
            journal.delete(extra.id)
    return erased_one, kept


def _decrypted_everything(vault_dir: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every record file in the folder and every cache on this device, decrypted."""
    vault = Vault.unlock(vault_dir, PASSPHRASE, read_only=True)
    try:
        for path, revision_id in iter_record_files(vault_dir):
            assert revision_id is not None, f"a stray file was left: {path.name}"
            rev = vault.read_revision(revision_id)
            yield path.name, json.dumps([rev.record_id, rev.kind, rev.body], ensure_ascii=False)
        key = vault.subkey(PURPOSE_CACHE)
        vid = bytes.fromhex(vault.vault_id)
        for cache in sorted(unlock_cache_dir().glob(f"{vault.vault_id}*.mjc")):
            parts = cache.name.split(".")
            if len(parts) == 2:  # the unlock cache: its index and, through it, the bodies
                revisions, bodies = read_cache(cache, key, vid, vault.read_revision)
                for rev in revisions.rows if revisions is not None else []:
                    yield cache.name, json.dumps([rev.record_id, rev.kind, rev.body], ensure_ascii=False)
                if bodies is not None:
                    bodies.close()
            elif parts[1] == SEARCH_CACHE_NAME:  # sealed in chunks (vault/sealed_chunks.py)
                yield cache.name, _index_text(FtsStore.from_chunks(WEIGHT_CLASSES, sealed_chunks.read(vault, parts[1])))
            elif parts[1] != "bodies":
                plain = vault.read_local_cache(parts[1])
                assert plain is not None, f"{cache.name} did not open with the vault key"
                if parts[1] == catalogue.CACHE_NAME:  # binary columns: read as the journal reads them
                    snapshot = catalogue.decode(plain)
                    assert snapshot is not None
                    yield cache.name, json.dumps(dataclasses.asdict(snapshot), ensure_ascii=False)
                else:
                    yield cache.name, plain.decode("utf-8")
    finally:
        vault.lock()


def _index_text(store: FtsStore | None) -> str:
    """Every word the search index knows (its FTS5 vocabulary) and every id it names, as one text."""
    assert store is not None, "the search index did not open"
    db = store._db
    db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, 'row')")
    found = [term for (term,) in db.execute("SELECT term FROM temp.vocab")]
    found += [bytes(r).hex() for (r,) in db.execute("SELECT record FROM docs")]
    found += [m for (m,) in db.execute("SELECT mentee FROM owners")]
    return " ".join(found)


def _assert_no_trace(vault_dir: Path, mentee_id: str, home: Path) -> None:
    folded = [NAME, NAME.lower(), "zebedee", "quillfeather", CANARY, CANARY.lower(), "xylophone"]
    seen = 0
    for where, text in _decrypted_everything(vault_dir):
        seen += 1
        low = text.lower()
        for needle in folded:
            assert needle.lower() not in low, f"{where} still holds a trace of the erased mentee"
        if '"erasure"' not in text:  # the erasure record names the random id, and nothing else does
            assert mentee_id not in text, f"{where} still refers to the erased mentee"
    assert seen > 0
    assert scan_bytes([vault_dir, home], [NAME, CANARY]) == []


FIELDS = ["goal", "progress", "title", "notes", "summary", "reflection", "tag", "action", "agreement", "concern"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.lists(st.sampled_from(FIELDS), min_size=1, unique=True),
    edits=st.integers(min_value=0, max_value=2),
    deleted=st.booleans(),
    searched=st.booleans(),
)
def test_erasure_leaves_no_trace_in_any_record(
    tmp_path_factory: pytest.TempPathFactory, fields: list[str], edits: int, deleted: bool, searched: bool
) -> None:
    import os

    home = Path(os.environ["HOME"])
    vault_dir = tmp_path_factory.mktemp("erase") / "vault"
    Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False).vault.lock()
    journal = _open(vault_dir)
    target, kept = _populate(journal, fields, edits, deleted)
    if searched:
        assert journal.search(CANARY)  # the search cache now holds the folded words
    journal.vault.lock()
    journal = _open(vault_dir)  # the unlock cache and the cards cache hold everything now
    plan = plan_erasure(journal, target.id)
    assert plan.counts()["session"] >= 1 and plan.counts()["export-log"] == 1 and plan.counts()["person"] == 1
    result = erase_mentee(journal, plan)
    assert result.files_removed == len(plan.revision_ids)
    # What is left is whole: the other mentee, their history and their log entry.
    assert [m.id for m in journal.mentees()] == [kept.id]
    assert len(journal.sessions()) == 1 and journal.search(OTHER_CANARY)
    assert [e["mentee_id"] for e in export_log(journal)] == [kept.id]
    assert journal.search(CANARY) == [] and journal.damaged() == []
    journal.vault.lock()
    _assert_no_trace(vault_dir, target.id, home)
    # Unlocking again rebuilds every cache: still nothing, and `check` has nothing to say.
    journal = _open(vault_dir)
    journal.search(OTHER_CANARY)
    report = journal.vault.check()
    assert report.damaged == [] and journal.vault.graph.missing_parents() == set()
    journal.vault.lock()
    _assert_no_trace(vault_dir, target.id, home)


@pytest.fixture
def two_devices(tmp_path: Path) -> tuple[Path, Path, str]:
    """Device A's folder and device B's copy of it (as a sync engine made it), before A erases."""
    a = tmp_path / "a"
    Vault.create(a, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False).vault.lock()
    journal = _open(a)
    target, _kept = _populate(journal, ["notes", "title"], 1, False)
    journal.vault.lock()
    b = tmp_path / "b"
    shutil.copytree(a, b, ignore=shutil.ignore_patterns(".lock"))
    return a, b, target.id


def _sync(source: Path, target: Path) -> None:
    """What a sync engine that never deletes does: every record file of ``source`` appears in ``target``."""
    for path, _rid in iter_record_files(source):
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            shutil.copy2(path, dest)


class TestOtherDevices:
    def test_device_b_follows_the_erasure_record(self, two_devices: tuple[Path, Path, str]) -> None:
        a, b, target = two_devices
        # Before the erasure arrives, B writes a new session for the mentee: it must go too.
        journal_b = _open(b)
        journal_b.save(Session(mentee_id=target, date=TODAY, notes=f"late {CANARY} {NAME}"))
        journal_b.vault.lock()
        journal_a = _open(a)
        erase_mentee(journal_a, plan_erasure(journal_a, target))
        journal_a.vault.lock()
        _sync(a, b)
        # A read-only view hides them at once; `check` says files await removal, not damage.
        reader = _open(b, read_only=True)
        assert [m.name for m in reader.mentees()] == ["Other Person"]
        covered = erased(reader.vault)
        assert still_present(reader.vault, covered) == set()  # hidden from this view's graph
        reader.vault.lock()
        checker = Vault.unlock(b, PASSPHRASE, read_only=True)
        checker.check()
        assert still_present(checker, erased(checker))
        checker.lock()
        # B's next writable unlock removes the files and its caches.
        journal_b = _open(b)
        assert [m.name for m in journal_b.mentees()] == ["Other Person"]
        assert journal_b.sessions(mentee_id=target) == []
        journal_b.vault.lock()
        import os

        _assert_no_trace(b, target, Path(os.environ["HOME"]))

    def test_missing_parents_erased_on_purpose_are_not_a_sync_in_progress(self, tmp_path: Path) -> None:
        vault_dir = tmp_path / "v"
        Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False).vault.lock()
        journal = _open(vault_dir)
        target, kept = _populate(journal, ["notes"], 0, False)
        linked = next(p for p in journal.people() if p.mentee_id == target.id)
        # A record keyed by person, as the export's stable labels are: one entry per id, numbers never reused.
        first = {"labels": {target.id: 1, kept.id: 2}, "next": 3}
        shared = journal.vault.put("person-labels", first)
        second = {"labels": {target.id: 1, kept.id: 2, linked.id: 3}, "next": 4}
        journal.vault.put("person-labels", second, record_id=shared.record_id)
        plan = plan_erasure(journal, target.id)
        assert len(plan.rewrites) == 1 and shared.record_id not in plan.records
        erase_mentee(journal, plan)
        graph = journal.vault.graph
        current = graph.current(shared.record_id)
        assert current is not None and current.body == {"labels": {kept.id: 2}, "next": 4}
        assert len(graph.history(shared.record_id)) == 1
        assert graph.missing_parents() and graph.missing_parents() <= erased_revision_ids(journal.vault)
        journal.vault.lock()
        import os

        _assert_no_trace(vault_dir, target.id, Path(os.environ["HOME"]))

    def test_a_copy_a_sync_engine_left_is_removed_too(self, tmp_path: Path) -> None:
        vault_dir = tmp_path / "v"
        Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False).vault.lock()
        journal = _open(vault_dir)
        target, _kept = _populate(journal, ["notes"], 0, False)
        session = journal.sessions(mentee_id=target.id)[0]
        original = next(p for p, rid in iter_record_files(vault_dir) if rid == session.revision_id)
        copy = original.with_name(original.stem + ".sync-conflict-20260315-120000-ABCDEFG.mjr")
        shutil.copy2(original, copy)
        erase_mentee(journal, plan_erasure(journal, target.id))
        assert not copy.exists() and not original.exists()
        journal.vault.lock()
