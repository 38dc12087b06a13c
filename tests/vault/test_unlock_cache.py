"""The device-local unlock cache: a shortcut that is never trusted beyond what the data key sealed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorjournal.errors import Locked
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault.cache import bodies_path
from mentorjournal.vault.vault import record_path
from tests.conftest import PASSPHRASE

CANARY = "cache-canary-41d9"


def _reopen(vault_dir: Path) -> Vault:
    return Vault.unlock(vault_dir, PASSPHRASE)


class TestUnlockCache:
    def test_second_unlock_reads_from_the_cache_and_the_cache_is_encrypted(self, vault: Vault) -> None:
        for i in range(5):
            vault.put("note", {"i": i, "text": CANARY})
        vault.lock()
        with _reopen(vault.path) as first:
            assert first.load().from_cache == 0
            cache = first.cache_path
        assert cache.is_file() and not cache.is_relative_to(vault.path)
        assert CANARY.encode() not in cache.read_bytes()
        with _reopen(vault.path) as second:
            report = second.load()
            assert report.from_cache == 5 and report.loaded == 5

    def test_cached_bodies_are_parsed_only_when_read(self, vault: Vault) -> None:
        rev = vault.put("note", {"text": CANARY, "n": [1, 2]})
        gone = vault.delete(rev.record_id)
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
        with _reopen(vault.path) as v:
            assert v.load().from_cache == 2
            cached = v.graph.revision(rev.revision_id)
            assert cached is not None and cached.cached_body
            assert repr(cached).find(CANARY) == -1
            assert cached.body == {"text": CANARY, "n": [1, 2]} and cached == rev
            tombstone = v.graph.revision(gone.revision_id)
            assert tombstone is not None and tombstone.deleted and tombstone.body is None

    def test_bodies_are_decrypted_only_when_one_is_read(self, vault: Vault) -> None:
        rev = vault.put("note", {"text": CANARY})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
            bodies = bodies_path(v.cache_path)
        assert bodies.is_file() and CANARY.encode() not in bodies.read_bytes()
        with _reopen(vault.path) as v:
            v.load()
            (source,) = v._cached_bodies
            assert source.decrypted == 0  # the unlock decrypted the index only
            assert v.graph.revision(rev.revision_id).body == {"text": CANARY}  # type: ignore[union-attr]
            assert source.decrypted == 1 and source._plain
        assert not source._plain and source._key is None  # lock forgot both

    @pytest.mark.parametrize("spoil", ["delete", "flip", "older"])
    def test_unusable_bodies_are_read_from_the_record_files(self, vault: Vault, spoil: str) -> None:
        first = vault.put("note", {"v": "first"})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
            bodies = bodies_path(v.cache_path)
        older = bodies.read_bytes()
        with _reopen(vault.path) as v:
            v.load()
            v.cache_path.unlink()
            v.put("note", {"v": "second"})
        with _reopen(vault.path) as v:
            v.load()  # no index: both files rewritten, a new generation
        with _reopen(vault.path) as v:
            v.load()
            if spoil == "delete":
                bodies.unlink()
            elif spoil == "flip":
                raw = bytearray(bodies.read_bytes())
                raw[-1] ^= 1
                bodies.write_bytes(bytes(raw))
            else:
                bodies.write_bytes(older)  # authentic, but of another generation
            assert v.graph.revision(first.revision_id).body == {"v": "first"}  # type: ignore[union-attr]
            assert sorted(r.body["v"] for r in v.graph._by_revision.values() if r.body) == ["first", "second"]

    def test_a_body_cannot_be_read_after_lock(self, vault: Vault) -> None:
        rev = vault.put("note", {"v": 1})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
        v = _reopen(vault.path)
        v.load()
        cached = v.graph.revision(rev.revision_id)
        v.lock()
        assert cached is not None
        with pytest.raises(Locked):
            _ = cached.body

    def test_an_earlier_cache_format_is_ignored(self, vault: Vault) -> None:
        vault.put("note", {"v": 1})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
            cache = v.cache_path
        raw = bytearray(cache.read_bytes())
        raw[6:8] = (1).to_bytes(2, "big")  # version 1 kept (size, mtime) per file and one JSON object
        cache.write_bytes(bytes(raw))
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.loaded == 1 and report.from_cache == 0

    def test_new_and_vanished_files_are_noticed(self, vault: Vault) -> None:
        a = vault.put("note", {"v": "a"})
        vault.put("note", {"v": "b"})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
            c = v.put("note", {"v": "c"})
        record_path(vault.path, a.revision_id).unlink()
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.loaded == 2
            assert v.graph.revision(c.revision_id) is not None
            assert v.graph.revision(a.revision_id) is None

    def test_a_shard_folder_gone_whole_takes_its_cached_rows_with_it(self, vault: Vault) -> None:
        import shutil

        revs = [vault.put("note", {"v": i}) for i in range(40)]
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()  # the cache, with each shard's listing digest
        gone = record_path(vault.path, revs[0].revision_id).parent
        shutil.rmtree(gone)
        with _reopen(vault.path) as v:
            report = v.load()
            lost = {r.revision_id for r in revs if r.revision_id[:2] == gone.name}
            assert report.loaded == len(revs) - len(lost)
            assert all(v.graph.revision(r) is None for r in lost)
            assert all(v.graph.revision(r.revision_id) is not None for r in revs if r.revision_id not in lost)
        with _reopen(vault.path) as v:  # the rewritten cache no longer names them
            assert v.load().from_cache == len(revs) - len(lost)

    def test_a_file_added_beside_cached_ones_is_read_and_an_extra_entry_reported(self, vault: Vault) -> None:
        first = vault.put("note", {"v": 1})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
        with _reopen(vault.path) as v:
            v.load()
            # Another device's save, in the same shard as a cached file, written behind this cache's back.
            added = v.put("note", {"v": 2})
            while added.revision_id[:2] != first.revision_id[:2]:
                added = v.put("note", {"v": 2})
        stray = record_path(vault.path, first.revision_id).with_name("notes.txt")
        stray.write_text("not a record")
        with _reopen(vault.path) as v:
            report = v.load()
            assert v.graph.revision(added.revision_id) is not None
            assert stray in report.ignored

    def test_a_damaged_or_foreign_cache_is_ignored(self, vault: Vault, tmp_path: Path) -> None:
        vault.put("note", {"v": 1})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
            cache = v.cache_path
        raw = bytearray(cache.read_bytes())
        raw[-3] ^= 1
        cache.write_bytes(bytes(raw))
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.loaded == 1 and report.from_cache == 0
        other = Vault.create(tmp_path / "other", PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
        other.put("note", {"v": "other"})
        other.load()
        other.lock()
        with _reopen(other.path) as o:
            o.load()
            cache.write_bytes(o.cache_path.read_bytes())
        with _reopen(vault.path) as v:
            assert v.load().from_cache == 0

    def test_check_reads_every_file_even_when_the_cache_would_hide_damage(self, vault: Vault) -> None:
        rev = vault.put("note", {"v": 1})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
        path = record_path(vault.path, rev.revision_id)
        stat = path.stat()
        raw = bytearray(path.read_bytes())
        raw[-1] ^= 1
        path.write_bytes(bytes(raw))
        import os

        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime: a cache hit
        with _reopen(vault.path) as v:
            assert v.check().damaged and v.check().damaged[0].path == path


class TestRefresh:
    def test_files_arriving_later_are_picked_up_and_half_copies_retried(self, vault: Vault, tmp_path: Path) -> None:
        vault.put("note", {"v": "mine"})
        vault.lock()
        reader = Vault.unlock(vault.path, PASSPHRASE, read_only=True)
        reader.load()
        with Vault.unlock(vault.path, PASSPHRASE) as writer:  # "the other machine"
            arriving = writer.put("note", {"v": "theirs"})
        path = record_path(vault.path, arriving.revision_id)
        whole = path.read_bytes()
        path.write_bytes(whole[: len(whole) // 2])  # the sync engine is half-way through
        assert reader.refresh() == []
        assert reader.last_load is not None and [d.path for d in reader.last_load.damaged] == [path]
        path.write_bytes(whole)
        assert [r.revision_id for r in reader.refresh()] == [arriving.revision_id]
        assert reader.last_load.damaged == []
        reader.lock()


class TestCacheRepairs:
    """Found in review: a cache that fails, or a file damaged after caching, must not stick."""

    def test_bodies_that_fail_make_the_next_unlock_rebuild(self, vault: Vault) -> None:
        revs = [vault.put("note", {"v": i}) for i in range(3)]
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
        with _reopen(vault.path) as v:
            v.load()
            bodies = bodies_path(v.cache_path)
            raw = bytearray(bodies.read_bytes())
            raw[-1] ^= 1
            bodies.write_bytes(bytes(raw))
            assert v.graph.revision(revs[0].revision_id).body == {"v": 0}  # type: ignore[union-attr]
            assert not v.cache_path.exists()  # the index went: the next unlock rebuilds both
        with _reopen(vault.path) as v:
            assert v.load().from_cache == 0
        with _reopen(vault.path) as v:
            assert v.load().from_cache == 3
            assert [v.graph.revision(r.revision_id).body for r in revs] == [{"v": i} for i in range(3)]  # type: ignore[union-attr]

    def test_a_file_damaged_after_caching_does_not_stop_the_cache_being_rewritten(self, vault: Vault) -> None:
        first = vault.put("note", {"v": "first"})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
        with _reopen(vault.path) as v:
            v.load()
            bodies_path(v.cache_path).unlink()  # bodies now come from the files...
            path = record_path(vault.path, first.revision_id)
            path.write_bytes(path.read_bytes()[:-5])  # ...and this one is damaged
            for i in range(70):
                v.put("note", {"v": i})
        with _reopen(vault.path) as v:
            report = v.load()  # 70 new files: the cache is rewritten, without the damaged one
            assert report.damaged and report.damaged[0].path == path
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.from_cache == 70 and [d.path for d in report.damaged] == [path]

    def test_a_copied_shard_under_another_name_is_ignored(self, vault: Vault) -> None:
        import shutil

        rev = vault.put("note", {"v": 1})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()
        shard = record_path(vault.path, rev.revision_id).parent
        shutil.copytree(shard, shard.with_name(shard.name[0]))  # "ab" copied as "a"
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.loaded == 1 and v.graph.conflicts() == {}
            assert shard.with_name(shard.name[0]) in report.ignored

    def test_layers_cannot_take_the_unlock_caches_names(self, vault: Vault) -> None:
        from mentorjournal.errors import UsageError

        for name in ("bodies", "revisions", "revision-bodies"):
            with pytest.raises(UsageError):
                vault.write_local_cache(name, b"x")


def _chunked_vault(vault: Vault, count: int = 8) -> list[str]:
    """A vault whose cached bodies span several chunks (each body ~40 KiB); returns the revision ids."""
    ids = [vault.put("note", {"i": i, "text": f"{CANARY} {i} " + "x" * 40_000}).revision_id for i in range(count)]
    vault.lock()
    with _reopen(vault.path) as v:
        v.load()  # writes the cache
    return ids


def _chunk_table(v: Vault) -> list[tuple[int, int]]:
    (source,) = v._cached_bodies
    return list(zip(source._chunk_at, source._chunk_len, strict=True))


class TestChunkedBodies:
    def test_one_body_decrypts_one_chunk(self, vault: Vault) -> None:
        ids = _chunked_vault(vault)
        with _reopen(vault.path) as v:
            v.load()
            assert len(_chunk_table(v)) >= 4
            (source,) = v._cached_bodies
            body = v.graph.revision(ids[3]).body  # type: ignore[union-attr]
            assert body is not None and body["i"] == 3
            assert source.decrypted == 1 and len(source._plain) == 1

    @pytest.mark.parametrize("spoil", ["swap", "reorder", "older", "truncate"])
    def test_chunks_cannot_be_swapped_moved_or_replaced(self, vault: Vault, spoil: str) -> None:
        ids = _chunked_vault(vault)
        with _reopen(vault.path) as v:
            bodies_file = bodies_path(v.cache_path)
        older = bodies_file.read_bytes()
        with _reopen(vault.path) as v:  # another generation: the same bodies, sealed anew
            v.load()
            v.cache_path.unlink()
        with _reopen(vault.path) as v:
            v.load()
        with _reopen(vault.path) as v:
            v.load()
            table = _chunk_table(v)
            raw = bodies_file.read_bytes()
            (a_at, a_len), (b_at, b_len) = table[0], table[1]
            chunk_a, chunk_b = raw[a_at : a_at + a_len], raw[b_at : b_at + b_len]
            if spoil == "swap" and a_len == b_len:
                raw = raw[:a_at] + chunk_b + chunk_a + raw[b_at + b_len :]
            elif spoil == "swap":  # the same chunk at both places: one of them is misplaced
                raw = raw[:b_at] + chunk_a[:b_len] + raw[b_at + b_len :]
            elif spoil == "reorder":
                raw = raw[:a_at] + b"".join(raw[at : at + n] for at, n in reversed(table))
            elif spoil == "older":
                raw = older  # authentic, of another generation
            else:
                raw = raw[: table[-1][0] + 5]
            bodies_file.write_bytes(raw)
            got = {i: v.graph.revision(i).body["i"] for i in ids}  # type: ignore[union-attr,index]
            assert got == {i: n for n, i in enumerate(ids)}  # every body, from the cache or its file
            assert not v.cache_path.exists()  # a chunk failed: the next unlock reads the files and rebuilds
        with _reopen(vault.path) as v:
            assert v.load().from_cache == 0
        with _reopen(vault.path) as v:
            assert v.load().from_cache == len(ids)

    def test_a_truncated_or_tampered_index_is_ignored(self, vault: Vault) -> None:
        ids = _chunked_vault(vault, count=3)
        with _reopen(vault.path) as v:
            cache = v.cache_path
        whole = cache.read_bytes()
        for spoiled in (
            whole[: len(whole) // 2],
            whole[:-1],
            whole[:30],
            whole[:19] + bytes([whole[19] ^ 1]) + whole[20:],
        ):
            cache.write_bytes(spoiled)
            with _reopen(vault.path) as v:
                report = v.load()
                assert report.from_cache == 0 and report.loaded == 3
                assert sorted(v.graph.revisions()) == sorted(ids)
            cache.write_bytes(whole)

    def test_a_body_read_after_lock_raises_locked_even_from_a_decrypted_chunk(self, vault: Vault) -> None:
        ids = _chunked_vault(vault, count=3)
        v = _reopen(vault.path)
        v.load()
        first, second = v.graph.revision(ids[0]), v.graph.revision(ids[1])
        assert first is not None and second is not None
        assert first.body is not None  # its chunk is decrypted now (and holds the second too)
        v.lock()
        with pytest.raises(Locked):
            _ = second.body
        with pytest.raises(Locked):
            second.body_json()


class TestStaleCache:
    """Another device adds and removes files between unlocks: the cache never hides or invents one."""

    def test_heads_follow_files_added_and_removed_elsewhere(self, vault: Vault, tmp_path: Path) -> None:
        a = vault.put("note", {"v": "a1"})
        b = vault.put("note", {"v": "b1"})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()  # the cache now holds a1 and b1
        with _reopen(vault.path) as other:  # "another device": a new head of a, a new record; b1's file goes
            other.load()
            a2 = other.put("note", {"v": "a2"}, record_id=a.record_id)
            c = other.put("note", {"v": "c"})
        record_path(vault.path, b.revision_id).unlink()
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.from_cache == 1 and report.loaded == 3
            assert [r.revision_id for r in v.graph.heads(a.record_id)] == [a2.revision_id]
            assert v.graph.heads(b.record_id) == [] and v.graph.revision(c.revision_id) is not None
            assert v.graph.head_ids() == {a2.revision_id, c.revision_id}

    def test_a_held_save_in_the_cache_stays_held_until_it_is_whole(self, vault: Vault) -> None:
        with vault.atomic():
            one = vault.put("note", {"v": 1})
            two = vault.put("note", {"v": 2})
        vault.lock()
        with _reopen(vault.path) as v:
            v.load()  # cached: the save record and both revisions
        path = record_path(vault.path, two.revision_id)
        kept = path.read_bytes()
        path.unlink()
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.held == 1 and v.graph.revision(one.revision_id) is None
        path.write_bytes(kept)
        with _reopen(vault.path) as v:
            report = v.load()
            assert report.held == 0 and v.graph.revision(one.revision_id) is not None
            assert v.graph.revision(two.revision_id) is not None


def test_a_revision_the_index_cannot_describe_is_read_from_its_file(vault: Vault) -> None:
    """A kind longer than the index's u16 length field: that row is left out, its file read every time."""
    odd = vault.put("k" * 70_000, {"v": "odd"})
    plain = vault.put("note", {"v": "plain"})
    vault.lock()
    with _reopen(vault.path) as v:
        v.load()
    with _reopen(vault.path) as v:
        report = v.load()
        assert report.from_cache == 1 and report.loaded == 2
        assert v.graph.revision(odd.revision_id).body == {"v": "odd"}  # type: ignore[union-attr]
        assert v.graph.revision(plain.revision_id).cached_body  # type: ignore[union-attr]
