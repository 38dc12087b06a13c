"""A vault opened by need (``Vault.load(kinds=...)``, vault/by_need.py) holds exactly what a full unlock
holds of those kinds, makes every check a full unlock makes, and unlocks in full whenever its cache cannot
say cheaply what the folder holds."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault, by_need, cache
from mentorjournal.vault import vault as vault_module
from mentorjournal.vault.vault import record_path, remove_local_caches, unlock_cache_dir
from tests.conftest import PASSPHRASE

KINDS = ("mentee", "goal")


def _state(vault: Vault, kinds: tuple[str, ...] = KINDS) -> dict[str, object]:
    """The graph of ``kinds``: every revision (id, record, parents, time, body) and every head."""
    graph = vault.graph
    revs = [r for kind in kinds for r in graph.of_kind(kind)]
    return {
        "revisions": sorted((r.revision_id, r.record_id, r.parents, r.written_at, repr(r.body)) for r in revs),
        "heads": sorted(h.revision_id for r in revs for h in graph.heads(r.record_id)),
    }


def _full(path: Path) -> dict[str, object]:
    vault = Vault.unlock(path, PASSPHRASE, read_only=True)
    try:
        vault.load()
        return _state(vault)
    finally:
        vault.lock()


def _by_need(path: Path, *, read_only: bool = True) -> tuple[Vault, dict[str, object]]:
    vault = Vault.unlock(path, PASSPHRASE, read_only=read_only)
    vault.load(kinds=KINDS)
    return vault, _state(vault)


@pytest.fixture
def folder(vault_dir: Path) -> Path:
    """A vault of mentees, goals (one edited, one deleted) and sessions, with a warm unlock cache."""
    vault = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
    mentees = [vault.put("mentee", {"name": f"M{i}"}) for i in range(5)]
    goal = vault.put("goal", {"mentee_id": mentees[0].record_id, "title": "g"})
    vault.put("goal", {"mentee_id": mentees[0].record_id, "title": "g2"}, record_id=goal.record_id)
    vault.delete(vault.put("goal", {"mentee_id": mentees[1].record_id, "title": "gone"}).record_id)
    for i in range(40):
        vault.put("session", {"mentee_id": mentees[i % 5].record_id, "date": "2026-01-01", "notes": f"n{i}"})
    vault.lock()
    warm = Vault.unlock(vault_dir, PASSPHRASE)
    warm.load()  # writes the unlock cache
    warm.lock()
    return vault_dir


class TestSameAsAFullUnlock:
    def test_warm_cache(self, folder: Path) -> None:
        vault, state = _by_need(folder)
        try:
            assert vault.kinds == frozenset(KINDS)
            assert state == _full(folder)
            assert not vault.graph.of_kind("session")  # the point: sessions are not made into revisions
            assert vault.last_load is not None and vault.last_load.from_cache == len(_files(folder))
        finally:
            vault.lock()

    def test_files_another_device_added(self, folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        this_device = os.environ["XDG_CACHE_HOME"]
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-device"))
        other = Vault.unlock(folder, PASSPHRASE)
        other.load()
        new = other.put("mentee", {"name": "New elsewhere"})
        first = next(r for r in other.graph.of_kind("mentee") if r.body == {"name": "M0"})
        other.delete(first.record_id)  # a tombstone: the mentee is gone on the other device
        other.put("session", {"mentee_id": new.record_id, "date": "2026-02-02"})
        other.lock()
        monkeypatch.setenv("XDG_CACHE_HOME", this_device)
        vault, state = _by_need(folder)
        try:
            assert vault.kinds is not None  # a few new files: still by need
            assert state == _full(folder)
            assert vault.graph.current(first.record_id).deleted  # type: ignore[union-attr]
            assert vault.graph.current(new.record_id) is not None
        finally:
            vault.lock()

    def test_saves_of_this_device_since_the_cache_was_written(self, folder: Path) -> None:
        vault, _ = _by_need(folder, read_only=False)
        vault.put("session", {"mentee_id": "0" * 32, "date": "2026-02-02"})  # a new record of a kind not loaded
        mentee = vault.put("mentee", {"name": "Added by need"})
        vault.lock()
        again, state = _by_need(folder)
        try:
            assert again.kinds is not None and again.graph.current(mentee.record_id) is not None
            assert state == _full(folder)
        finally:
            again.lock()


class TestUnlocksInFullWhenTheCacheCannotSay:
    def test_no_cache(self, folder: Path) -> None:
        vault = Vault.unlock(folder, PASSPHRASE, read_only=True)
        remove_local_caches(vault.vault_id)
        vault.load(kinds=KINDS)
        try:
            assert vault.kinds is None and _state(vault) == _full(folder)
        finally:
            vault.lock()

    def test_files_gone(self, folder: Path) -> None:
        vault, _ = _by_need(folder)
        goal = vault.graph.of_kind("goal")[0]
        vault.lock()
        record_path(folder, goal.revision_id).unlink()
        again, state = _by_need(folder)
        try:
            assert again.kinds is None  # what vanished may have superseded anything: a full unlock decides
            assert goal.revision_id not in again.graph.revisions()
            assert state == _full(folder)
        finally:
            again.lock()

    def test_a_shard_folder_gone_whole(self, folder: Path) -> None:
        vault, _ = _by_need(folder)
        shard = record_path(folder, vault.graph.of_kind("mentee")[0].revision_id).parent
        vault.lock()
        for f in shard.iterdir():
            f.unlink()
        shard.rmdir()
        again, state = _by_need(folder)
        try:
            assert again.kinds is None and state == _full(folder)
        finally:
            again.lock()

    def test_many_new_files(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(by_need, "READ_AT_MOST", 2)
        monkeypatch.setattr(vault_module, "CACHE_REWRITE_AFTER", 2)
        writer = Vault.unlock(folder, PASSPHRASE)
        writer.load(kinds=KINDS)
        for i in range(3):
            writer.put("mentee", {"name": f"late {i}"})
        writer.lock()
        vault, state = _by_need(folder, read_only=False)
        try:
            assert vault.kinds is None and state == _full(folder)  # and the full unlock rewrote the cache:
        finally:
            vault.lock()
        again, _ = _by_need(folder)
        try:
            assert again.kinds is not None and again.last_load is not None
            assert again.last_load.from_cache == len(_files(folder))
        finally:
            again.lock()

    @pytest.mark.parametrize("where", ["index", "bodies"])
    def test_tampered_cache(self, folder: Path, where: str) -> None:
        index = _index_path(folder)
        path = index if where == "index" else cache.bodies_path(index)
        if where == "index":
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 1
            path.write_bytes(bytes(data))
            vault, state = _by_need(folder)
            assert vault.kinds is None  # the index does not open: a full unlock
        else:
            path.write_bytes(path.read_bytes()[:40])  # every chunk gone: bodies read from the record files
            vault, state = _by_need(folder)
        try:
            assert state == _full(folder)
        finally:
            vault.lock()

    def test_an_older_cache_version_is_not_read(self, folder: Path) -> None:
        assert cache.VERSION == 5  # 5: the shard digests by_need.py matches listings with
        index = _index_path(folder)
        raw = bytearray(index.read_bytes())
        raw[6:8] = (4).to_bytes(2, "big")
        index.write_bytes(bytes(raw))
        vault, state = _by_need(folder)
        try:
            assert vault.kinds is None and state == _full(folder)
        finally:
            vault.lock()


def _index_path(folder: Path) -> Path:
    return unlock_cache_dir() / f"{Vault.read_header(folder).vault_id.hex()}.mjc"


def _files(folder: Path) -> list[Path]:
    return [p for p in (folder / "records").rglob("*.mjr")]


class TestTheChecksOfAnUnlock:
    def test_a_damaged_new_file_is_reported(self, folder: Path) -> None:
        bad = record_path(folder, "ab" + "0" * 30)
        bad.parent.mkdir(exist_ok=True)
        bad.write_bytes(b"MJVREC" + os.urandom(300))
        vault, state = _by_need(folder)
        try:
            assert vault.kinds is not None
            assert [d.path for d in vault.last_load.damaged] == [bad]  # type: ignore[union-attr]
            assert state == _full(folder)
        finally:
            vault.lock()

    def test_entries_not_of_the_layout_and_orphan_temp_files(self, folder: Path) -> None:
        shard = next(p for p in (folder / "records").iterdir())
        (shard / "notes.txt").write_text("x")
        temp = shard / ".tmp-0123456789abcdef"
        temp.write_bytes(b"x")
        os.utime(temp, (1, 1))
        (folder / "records" / "stray").mkdir()
        full = Vault.unlock(folder, PASSPHRASE, read_only=True)
        expected = full.load()
        full.lock()
        vault, _ = _by_need(folder, read_only=False)
        try:
            report = vault.last_load
            assert report is not None and vault.kinds is not None
            assert sorted(d.path for d in report.unexpected) == sorted(d.path for d in expected.unexpected)
            assert len(report.unexpected) == 2
            assert report.temp_files_swept == 1 and not temp.exists()  # swept by a writable unlock, as in full
        finally:
            vault.lock()

    def test_a_save_not_yet_whole_is_held(self, folder: Path) -> None:
        writer = Vault.unlock(folder, PASSPHRASE)
        writer.load()
        with writer.atomic():
            mentee = writer.put("mentee", {"name": "Arriving"})
            goal = writer.put("goal", {"mentee_id": mentee.record_id, "title": "with her"})
        writer.lock()
        record_path(folder, mentee.revision_id).unlink()  # the save is still arriving through a sync engine
        vault, state = _by_need(folder)
        try:
            assert vault.kinds is not None
            assert vault.graph.revision(goal.revision_id) is None and vault.last_load.held == 1  # type: ignore[union-attr]
            assert state == _full(folder)
        finally:
            vault.lock()

    def test_a_save_cached_while_not_yet_whole_is_still_held(self, folder: Path) -> None:
        writer = Vault.unlock(folder, PASSPHRASE)
        writer.load()
        with writer.atomic():
            mentee = writer.put("mentee", {"name": "Half arrived"})
            session = writer.put("session", {"mentee_id": mentee.record_id, "date": "2026-01-02"})
        writer.lock()
        record_path(folder, session.revision_id).unlink()  # not yet synced when this device cached the save
        rewrite = Vault.unlock(folder, PASSPHRASE)
        remove_local_caches(rewrite.vault_id)
        rewrite.load()  # the cache holds the save record and the mentee, held
        rewrite.lock()
        vault, state = _by_need(folder)
        try:
            assert vault.kinds is not None  # nothing gone since the cache: by need, from the parents column
            assert vault.graph.revision(mentee.revision_id) is None and vault.last_load.held == 1  # type: ignore[union-attr]
            assert state == _full(folder)
        finally:
            vault.lock()

    def test_a_cached_save_that_lost_a_revision_is_held(self, folder: Path) -> None:
        writer = Vault.unlock(folder, PASSPHRASE)
        writer.load()
        with writer.atomic():
            mentee = writer.put("mentee", {"name": "Saved whole"})
            session = writer.put("session", {"mentee_id": mentee.record_id, "date": "2026-01-02"})
        writer.lock()
        rewrite = Vault.unlock(folder, PASSPHRASE)
        remove_local_caches(rewrite.vault_id)
        rewrite.load()  # the cache now holds the whole save
        rewrite.lock()
        record_path(folder, session.revision_id).unlink()
        vault, state = _by_need(folder)
        try:
            assert vault.kinds is None  # a cached file gone: a full unlock, which holds the mentee back
            assert vault.graph.revision(mentee.revision_id) is None
            assert state == _full(folder)
        finally:
            vault.lock()


class TestWritingByNeed:
    def test_an_existing_record_of_a_kind_not_loaded_is_not_written(self, folder: Path) -> None:
        full = Vault.unlock(folder, PASSPHRASE, read_only=True)
        full.load()
        session = full.graph.of_kind("session")[0]
        full.lock()
        vault, _ = _by_need(folder, read_only=False)
        try:
            with pytest.raises(RuntimeError):  # its heads are not known here: the parents would be wrong
                vault.put("session", {"mentee_id": "0" * 32, "date": "2026-01-01"}, record_id=session.record_id)
            new = vault.put("session", {"mentee_id": "0" * 32, "date": "2026-01-01"})  # a new record: fine
            vault.put("session", {"mentee_id": "0" * 32, "date": "2026-01-03"}, record_id=new.record_id)
            with pytest.raises(RuntimeError):
                vault.refresh()
        finally:
            vault.lock()


def test_a_record_of_two_kinds_keeps_each_revision_under_its_own_record(vault_dir: Path) -> None:
    """Rows are sorted by kind, then record: a record with a goal and a mentee revision sits at the end of
    the goals and the start of the mentees. Each kind must still be a slice of whole runs, or the rows of
    the next record would be read under its id (a session then added to the wrong mentee)."""
    vault = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
    both = "8" + "0" * 31
    vault.put("goal", {"title": "low"}, record_id="1" + "0" * 31)
    vault.put("goal", {"title": "last goal"}, record_id=both)
    vault.put("mentee", {"name": "first mentee"}, record_id=both)
    vault.put("mentee", {"name": "last mentee"}, record_id="f" + "0" * 31)
    vault.lock()
    with Vault.unlock(vault_dir, PASSPHRASE) as warm:
        warm.load()  # writes the unlock cache
    opened, state = _by_need(vault_dir)
    try:
        assert opened.kinds is not None  # really opened by need
        assert state == _full(vault_dir)
        names = {r.record_id: r.body["name"] for r in opened.graph.of_kind("mentee") if r.body}
        assert names == {both: "first mentee", "f" + "0" * 31: "last mentee"}
    finally:
        opened.lock()


def test_an_index_whose_kind_ends_inside_a_run_is_not_used(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index with one run across two kinds (as written before runs were cut at kinds) is ignored."""
    vault = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
    both = "8" + "0" * 31
    vault.put("goal", {"title": "last goal"}, record_id=both)
    vault.put("mentee", {"name": "first mentee"}, record_id=both)
    vault.lock()
    grouped = cache._runs

    def runs_by_record_alone(values: Iterable[Any]) -> list[tuple[Any, int]]:
        values = list(values)
        if values and isinstance(values[0], tuple):  # (kind, record id): group by the record id alone
            return [(("", record_id), n) for record_id, n in grouped(v[1] for v in values)]
        return grouped(values)

    with monkeypatch.context() as patch:
        patch.setattr(cache, "_runs", runs_by_record_alone)
        with Vault.unlock(vault_dir, PASSPHRASE) as writer:
            writer.load()  # writes an index whose one run covers the goal and the mentee
    with Vault.unlock(vault_dir, PASSPHRASE) as reader:
        assert reader.load().from_cache == 0  # not used: every file read, and the cache written anew
    with Vault.unlock(vault_dir, PASSPHRASE) as reader:
        assert reader.load().from_cache == 2
