"""Search: folding, ranking, prefixes, incremental updates, filters; and a 10,000-session journal."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorjournal.journal import ActionItem, Goal, Journal, Mentee, Person, Session
from mentorjournal.journal.search import SearchIndex, make_snippet
from mentorjournal.journal.text import fold, words
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault, sealed_chunks

D = dt.date


class TestFolding:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("José Núñez", "jose nunez"),
            ("STRASSE", "straße"),
            ("Zoë", "ZOE"),
            ("ﬁle", "FILE"),
            ("Ångström", "angstrom"),
        ],
    )
    def test_equal_after_folding(self, a: str, b: str) -> None:
        assert fold(a) == fold(b)

    def test_words(self) -> None:
        assert words("O'Brien’s café-au-lait, 2026!") == ["o", "brien", "s", "cafe", "au", "lait", "2026"]
        assert words("e\u0301te\u0301") == ["ete"]  # decomposed accents too


class TestIndex:
    """The index alone: BM25 ranking with field weights, AND semantics, prefix of the last word."""

    def test_title_beats_notes(self) -> None:
        index = SearchIndex()
        index.put("notes", {"title": "weekly", "notes": "we talked about the budget a lot"})
        index.put("title", {"title": "Budget", "notes": "we talked about many things at length"})
        assert [h.doc_id for h in index.search("budget")] == ["title", "notes"]
        assert index.search("budget")[0].field == "title"

    def test_rare_words_count_more(self) -> None:
        index = SearchIndex()
        for i in range(20):
            index.put(f"d{i}", {"notes": "team meeting"})
        index.put("x", {"notes": "team meeting promotion"})
        index.put("y", {"notes": "team team team"})
        assert index.search("team promotion")[0].doc_id == "x"

    def test_every_word_must_match(self) -> None:
        index = SearchIndex()
        index.put("a", {"notes": "budget review"})
        index.put("b", {"notes": "budget only"})
        assert [h.doc_id for h in index.search("budget review")] == ["a"]
        assert index.search("budget nothing") == []

    def test_prefix_of_last_word_only(self) -> None:
        index = SearchIndex()
        index.put("a", {"notes": "feedback given"})
        assert [h.doc_id for h in index.search("feedb")] == ["a"]
        assert index.search("feedb ") == []  # a finished word is a whole word
        assert index.search("feedb given") == []
        assert index.search("f") == []  # one letter is too short to expand

    def test_exact_beats_prefix(self) -> None:
        index = SearchIndex()
        index.put("exact", {"notes": "plan"})
        index.put("longer", {"notes": "planning"})
        assert [h.doc_id for h in index.search("plan")] == ["exact", "longer"]

    def test_updates_and_removals_are_incremental(self) -> None:
        index = SearchIndex()
        index.put("a", {"notes": "alpha"})
        index.put("a", {"notes": "beta"})
        assert index.search("alpha") == [] and len(index.search("beta")) == 1
        index.remove("a")
        assert index.search("beta") == [] and len(index) == 0
        index.remove("a")  # twice is harmless

    def test_what_removals_free_is_not_saved(self) -> None:
        index = SearchIndex()
        index.put_new(
            (f"{i:032x}", f"{i:032x}", "", {"notes": f"note{i} " + " ".join(f"w{i}x{j}" for j in range(50))})
            for i in range(3000)
        )
        full = len(index.to_bytes())
        for i in range(2500):
            index.remove(f"{i:032x}")
        assert len(index) == 500 and index.stale == 0
        index.optimize()
        assert len(index.to_bytes()) < full / 3
        assert [h.doc_id for h in index.search("note2999")] == [f"{2999:032x}"] and index.search("note1") == []

    def test_snippet_is_plain_one_line_and_inert(self) -> None:
        text = "x " * 100 + "the \x1b]52;c;AAAA\x07 Café\nplan was agreed " + "y " * 100
        snippet = make_snippet(text, ["cafe"])
        assert "Café plan" in snippet and "\n" not in snippet and "\x1b" not in snippet and "\x07" not in snippet
        assert snippet.startswith("…") and snippet.endswith("…")


class TestIndexedWords:
    """What FTS5 indexes is exactly ``text.words``, the application's one idea of a word."""

    @staticmethod
    def _indexed(text: str) -> list[str]:
        index = SearchIndex()
        index.put("a", {"notes": text})
        db = index._store._db
        db.execute("CREATE VIRTUAL TABLE temp.inst USING fts5vocab(main, fts, 'instance')")
        return [term for (term,) in db.execute("SELECT term FROM temp.inst ORDER BY offset")]

    @pytest.mark.parametrize(
        "text",
        [
            "O'Brien’s café-au-lait, 2026! snake_case `tick` a.b/c",
            "«Zoë» — naïve\u00a0Ångström…🙂 ﬁle İstanbul ß",
            "Łukasz\u200bSøren\u00adx e\u0301te\u0301 ٣ ½ 中文字",
            "tabs\tand\nnewlines\r\n\x00nul",
        ],
    )
    def test_examples(self, text: str) -> None:
        assert self._indexed(text) == words(text)

    @given(st.text(max_size=80))
    @settings(max_examples=200, deadline=None)
    def test_any_text(self, text: str) -> None:
        assert self._indexed(text) == words(text)


class TestJournalSearch:
    """Through the Journal: every kind, accent/case-insensitive, mentee filter, saves and deletes."""

    def test_kinds_filters_and_updates(self, journal: Journal) -> None:
        jose = journal.save(Mentee(name="José Núñez", aliases=["Pepe"]))
        ann = journal.save(Mentee(name="Ann"))
        s = journal.save(Session(mentee_id=jose.id, date=D(2026, 1, 1), title="Offsite", notes="Café with Carla"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 2), notes="cafe again"))
        journal.save(Goal(mentee_id=jose.id, title="Speak at the café"))
        journal.save(ActionItem(mentee_id=jose.id, text="book the CAFÉ"))
        journal.save(Person(name="Carla Ruiz", relationship="manager"))
        kinds = sorted(h.kind for h in journal.search("cafe"))
        assert kinds == ["action", "goal", "session", "session"]
        assert {h.kind for h in journal.search("cafe", mentee_id=jose.id)} == {"session", "goal", "action"}
        assert [h.kind for h in journal.search("pepe")] == ["mentee"]
        assert sorted(h.kind for h in journal.search("carla")) == ["person", "session"]
        s.notes = "tea instead"
        journal.save(s)
        assert {h.obj.id for h in journal.search("cafe", mentee_id=jose.id)} != {s.id}
        journal.delete(s.id)
        assert all(h.obj.id != s.id for h in journal.search("offsite"))

    def test_unlock_does_not_build_the_index(self, journal: Journal) -> None:
        journal.save(Mentee(name="Ann"))
        assert not journal.search_index_ready
        assert journal.search("ann") and journal.search_index_ready


# --- a heavy user's journal: 10,000 sessions ----------------------------------------------------------

TOPICS = [
    *("career", "feedback", "budget", "team", "lead", "promotion", "conflict", "manager", "presentation"),
    *("confidence", "roadmap", "hiring", "interview", "stakeholder", "deadline", "burnout", "delegation"),
    *("strategy", "review", "café", "résumé", "naïve"),
]
N_SESSIONS = 10_000
N_MENTEES = 30


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    """30 mentees and 10,000 sessions over 27 years, seeded; each session has one unique word."""
    rng = random.Random(20260315)
    path: Path = tmp_path_factory.mktemp("big") / "vault"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "fsync", lambda fd: None)  # durability is not under test here; speed is welcome
        vault = Vault.create(path, "pw", kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False).vault
        vault.load()
        journal = Journal(vault)
        mentees = [journal.save(Mentee(name=f"Mentee number {i}")) for i in range(N_MENTEES)]
        start = D(2000, 1, 1)
        for i in range(N_SESSIONS):
            body = " ".join(rng.choice(TOPICS) for _ in range(60))
            journal.save(
                Session(
                    mentee_id=mentees[i % N_MENTEES].id,
                    date=start + dt.timedelta(days=i),
                    title=f"{rng.choice(TOPICS)} session",
                    tags=[rng.choice(TOPICS)],
                    notes=f"{body} uniqueword{i}",
                    shared_summary=body[:120],
                )
            )
    vault.lock()
    reopened = Vault.unlock(path, "pw", read_only=False)
    reopened.load()
    yield Journal(reopened)
    reopened.lock()


@pytest.mark.slow
class TestTenThousandSessions:
    """Correctness at scale (timings live in benchmarks, not here)."""

    def test_everything_loaded(self, big_journal: Journal) -> None:
        assert len(big_journal.sessions()) == N_SESSIONS
        assert len(big_journal.mentees()) == N_MENTEES

    def test_unique_word_finds_exactly_its_session(self, big_journal: Journal) -> None:
        for i in (0, 1234, 9999):
            hits = big_journal.search(f"UNIQUEWORD{i}")
            assert len(hits) == 1
            hit = hits[0]
            assert isinstance(hit.obj, Session) and hit.obj.date == D(2000, 1, 1) + dt.timedelta(days=i)
            assert hit.field == "notes" and f"uniqueword{i}" in hit.snippet

    def test_common_word_is_ranked_and_limited(self, big_journal: Journal) -> None:
        hits = big_journal.search("resume", limit=25)
        assert len(hits) == 25
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    def test_filters_at_scale(self, big_journal: Journal) -> None:
        mentee = big_journal.mentees()[0]
        theirs = big_journal.sessions(mentee_id=mentee.id)
        assert mentee.name == "Mentee number 0" and len(theirs) == 334  # sessions 0, 30, ..., 9990
        assert all(s.mentee_id == mentee.id for s in theirs)
        assert [s.date for s in theirs] == sorted((s.date for s in theirs), reverse=True)
        year = big_journal.sessions(since=D(2010, 1, 1), until=D(2010, 12, 31))
        assert len(year) == 365
        tagged = big_journal.sessions(tag="BUDGET")
        assert tagged and all("budget" in s.tags for s in tagged)
        hits = big_journal.search("budget", mentee_id=mentee.id, limit=10_000)
        assert hits and all(getattr(h.obj, "mentee_id", None) == mentee.id for h in hits)

    def test_a_save_updates_the_live_index_in_place(self, big_journal: Journal) -> None:
        big_journal.search("budget")  # index built
        index = big_journal._records.search_index
        mentee = big_journal.mentees()[0]
        saved = big_journal.save(Session(mentee_id=mentee.id, date=D(2030, 1, 1), notes="brandnewword"))
        assert big_journal._records.search_index is index  # not rebuilt
        assert [h.obj.id for h in big_journal.search("brandnewword")] == [saved.id]
        big_journal.delete(saved.id)
        assert big_journal.search("brandnewword") == []


class TestPersistentIndex:
    """The index is kept sealed on the device between unlocks; only what changed is indexed again."""

    def test_the_next_first_search_indexes_nothing_and_finds_the_same(
        self, vault: Vault, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from mentorjournal.journal import search as search_module
        from mentorjournal.vault.vault import unlock_cache_dir

        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        for i in range(5):
            journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1 + i), title=f"Week {i}", notes="Zoë's pivot plan"))
        before = [(h.obj.id, h.field, h.snippet, h.score) for h in journal.search("zoe pivot")]
        assert len(before) == 5
        vault.lock()
        v, again = _reopen(vault.path)
        cache = unlock_cache_dir() / f"{v.vault_id}.search-index.mjc"
        raw = cache.read_bytes()
        assert b"pivot" not in raw and b"zoe" not in raw and b"SQLite" not in raw

        def no_indexing(fields: dict[str, str]) -> list[str]:
            raise AssertionError("indexed again although cached")

        monkeypatch.setattr(search_module, "index_columns", no_indexing)
        assert [(h.obj.id, h.field, h.snippet, h.score) for h in again.search("zoe pivot")] == before
        v.lock()

    def test_an_edit_made_elsewhere_is_indexed_anew(self, vault: Vault) -> None:
        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        s = journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), notes="old words"))
        journal.search("old")  # builds and caches
        vault.lock()
        v, other = _reopen(vault.path)
        edited = other.session(s.id)
        edited.notes = "fresh wording"
        other.save(edited)
        v.lock()
        v, again = _reopen(vault.path)
        assert [h.obj.id for h in again.search("fresh")] == [s.id]
        assert again.search("old") == []
        v.lock()

    def test_another_devices_adds_edits_deletes_and_vanished_files(
        self, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Between two unlocks here, another device (its own cache folder) adds, edits and deletes
        records, and a sync removes every file of one record: the stale index gives the right results."""
        from mentorjournal.vault.vault import record_path

        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        bob = journal.save(Mentee(name="Bob"))
        kept = journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), notes="apple kept"))
        edited = journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 2), notes="apple before"))
        deleted = journal.save(Session(mentee_id=bob.id, date=D(2026, 1, 3), notes="apple deleted"))
        vanished = journal.save(Session(mentee_id=bob.id, date=D(2026, 1, 4), notes="apple vanished"))
        assert len(journal.search("apple")) == 4  # index built and sealed
        vanished_files = [record_path(vault.path, e.revision_id) for e in journal.history(vanished.id)]
        vault.lock()
        here = os.environ["XDG_CACHE_HOME"]
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-device-cache"))
        v, other = _reopen(vault.path)
        assert len(other.search("apple")) == 4
        change = other.session(edited.id)
        change.notes = "banana after"
        other.save(change)
        other.delete(deleted.id)
        added = other.save(Session(mentee_id=bob.id, date=D(2026, 1, 5), notes="apple added"))
        v.lock()
        for file in vanished_files:
            file.unlink()
        monkeypatch.setenv("XDG_CACHE_HOME", here)
        v, again = _reopen(vault.path)
        assert {h.obj.id for h in again.search("apple")} == {kept.id, added.id}
        assert [h.obj.id for h in again.search("banana")] == [edited.id]
        assert again.search("before") == [] and again.search("vanished") == [] and again.search("deleted") == []
        assert {h.obj.id for h in again.search("apple", mentee_id=bob.id)} == {added.id}
        assert {h.obj.id for h in again.search("bob")} == {bob.id}
        assert again._records.search_index is not None and again._records.search_index.stale == 1  # vanished
        v.lock()

    def test_a_save_updates_one_document_and_never_rewrites_the_cache(self, vault: Vault) -> None:
        from mentorjournal.vault.vault import unlock_cache_dir

        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), notes="first note"))
        journal.search("first")
        cache = unlock_cache_dir() / f"{vault.vault_id}.search-index.mjc"
        sealed = cache.read_bytes()
        s = journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 2), notes="second note"))
        s.notes = "third note"
        journal.save(s)
        assert [h.obj.id for h in journal.search("third")] == [s.id] and journal.search("second") == []
        assert cache.read_bytes() == sealed

    def test_many_changes_rewrite_the_cache_at_the_next_first_search(self, vault: Vault) -> None:
        from mentorjournal.journal.index import CACHE_REWRITE_AFTER
        from mentorjournal.vault.vault import unlock_cache_dir

        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        journal.search("ann")
        cache = unlock_cache_dir() / f"{vault.vault_id}.search-index.mjc"
        sealed = cache.read_bytes()
        for i in range(CACHE_REWRITE_AFTER):
            journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1) + dt.timedelta(days=i), notes=f"note{i}"))
        vault.lock()
        v, again = _reopen(vault.path)
        assert len(again.search("note7")) == 1
        assert cache.read_bytes() != sealed
        v.lock()
        v, third = _reopen(vault.path)
        assert len(third.search("note63")) == 1
        v.lock()

    def test_the_folded_words_of_earlier_versions_are_removed(self, vault: Vault) -> None:
        from mentorjournal.vault.vault import unlock_cache_dir

        vault.load()
        journal = Journal(vault)
        journal.save(Mentee(name="Ann"))
        vault.write_local_cache("search-words", b'{"version": 3, "folded": {}}')
        legacy = unlock_cache_dir() / f"{vault.vault_id}.search-words.mjc"
        assert legacy.is_file()
        assert len(journal.search("ann")) == 1
        assert not legacy.exists()

    def test_built_in_one_thread_searched_in_another(self, journal: Journal) -> None:
        import threading

        ann = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), notes="threaded words"))
        seen: list[int] = []
        worker = threading.Thread(target=journal.build_search_index, args=(lambda done, total: seen.append(done),))
        worker.start()
        worker.join()
        assert journal.search_index_ready and seen
        assert len(journal.search("threaded")) == 1


def test_an_index_that_opens_but_does_not_hold_together_is_built_anew(vault: Vault) -> None:
    from mentorjournal.journal.index import SEARCH_CACHE_NAME
    from mentorjournal.journal.search import WEIGHT_CLASSES
    from mentorjournal.journal.search_index import FtsStore

    vault.load()
    journal = Journal(vault)
    ann = journal.save(Mentee(name="Ann"))
    s = journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), notes="plum tart"))
    assert journal.search("plum")
    store = FtsStore.from_chunks(WEIGHT_CLASSES, sealed_chunks.read(vault, SEARCH_CACHE_NAME))
    assert store is not None
    store._db.execute("DELETE FROM fts_data WHERE id > 10")  # the FTS5 structure now points at nothing
    store._db.commit()
    sealed_chunks.write(vault, SEARCH_CACHE_NAME, store.to_chunks())
    vault.lock()
    v, again = _reopen(vault.path)
    assert [h.obj.id for h in again.search("plum")] == [s.id]
    v.lock()


SPOILS = [
    *("tampered", "truncated", "last-chunk-cut", "chunks-swapped", "appended", "another-vaults", "another-caches"),
    *("another-writes", "outdated", "sealed-whole", "not-a-database", "blocks-missing", "empty"),
]


def _chunk_spans(raw: bytes) -> list[tuple[int, int]]:
    """(start, end) of each sealed chunk of a cache written by ``sealed_chunks`` (length-prefixed)."""
    spans, at = [], 24  # magic, version, generation
    while at < len(raw):
        length = int.from_bytes(raw[at : at + 4], "big")
        spans.append((at, at + 4 + length))
        at += 4 + length
    return spans


class TestUnusableIndexCache:
    """A damaged, truncated, swapped or outdated index cache is ignored and rebuilt; results stay right."""

    @pytest.mark.parametrize("spoil", SPOILS)
    def test_ignored_and_rebuilt(self, vault: Vault, tmp_path: Path, spoil: str) -> None:
        from mentorjournal.journal import search_index
        from mentorjournal.journal.index import SEARCH_CACHE_NAME
        from mentorjournal.journal.search import WEIGHT_CLASSES, index_columns, searchable_fields
        from mentorjournal.vault.vault import unlock_cache_dir
        from tests.conftest import PASSPHRASE

        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        by_n = {i: journal.save(Session(mentee_id=ann.id, date=D(2026, 1, i), notes=f"kiwi n{i}")).id for i in (1, 2)}
        ids = set(by_n.values())
        assert {h.obj.id for h in journal.search("kiwi")} == ids
        cache = unlock_cache_dir() / f"{vault.vault_id}.{SEARCH_CACHE_NAME}.mjc"
        good = cache.read_bytes()
        if spoil == "tampered":
            raw = bytearray(good)
            raw[len(raw) // 2] ^= 1
            cache.write_bytes(bytes(raw))
        elif spoil == "truncated":
            cache.write_bytes(good[: len(good) // 2])
        elif spoil == "last-chunk-cut":  # cut exactly after a chunk: every chunk left opens, but not as the last
            spans = _chunk_spans(good)
            assert len(spans) >= 3
            cache.write_bytes(good[: spans[-1][0]])
        elif spoil == "chunks-swapped":  # two chunks of the same write, in each other's place
            spans = _chunk_spans(good)
            (a0, a1), (b0, b1) = spans[1], spans[2]
            cache.write_bytes(good[:a0] + good[b0:b1] + good[a0:a1] + good[b1:])
        elif spoil == "appended":
            cache.write_bytes(good + good[24:])
        elif spoil == "another-vaults":  # a valid index of another vault, under this vault's name
            other = Vault.create(tmp_path / "other", PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
            other.load()
            oj = Journal(other)
            bob = oj.save(Mentee(name="Bob"))
            oj.save(Session(mentee_id=bob.id, date=D(2026, 1, 1), notes="kiwi elsewhere"))
            oj.search("kiwi")
            cache.write_bytes((unlock_cache_dir() / f"{other.vault_id}.{SEARCH_CACHE_NAME}.mjc").read_bytes())
            other.lock()
        elif spoil == "another-caches":  # this very index sealed as another cache, renamed to the index's name
            sealed_chunks.write(vault, "search-elsewhere", sealed_chunks.read(vault, SEARCH_CACHE_NAME))
            cache.write_bytes((unlock_cache_dir() / f"{vault.vault_id}.search-elsewhere.mjc").read_bytes())
        elif spoil == "another-writes":  # the first chunks of this write, the rest of another (same index)
            sealed_chunks.write(vault, SEARCH_CACHE_NAME, sealed_chunks.read(vault, SEARCH_CACHE_NAME))
            other = cache.read_bytes()
            cut = _chunk_spans(good)[1][1]
            cache.write_bytes(good[:cut] + other[cut:])
        elif spoil in {"outdated", "sealed-whole", "blocks-missing"}:
            store = search_index.FtsStore.from_chunks(WEIGHT_CLASSES, sealed_chunks.read(vault, SEARCH_CACHE_NAME))
            assert store is not None
            key = bytes.fromhex(by_n[2])
            (rowid,) = store._db.execute("SELECT rowid FROM docs WHERE record = ?", (key,)).fetchone()
            store._db.execute(store._delete, (rowid, *index_columns(searchable_fields(journal.session(by_n[2])))))
            store._db.commit()
            if spoil == "outdated":  # sealed properly, but an index of an earlier version (used, it would miss n2)
                store._db.execute(f"PRAGMA user_version = {search_index.SCHEMA_VERSION - 1}")
                sealed_chunks.write(vault, SEARCH_CACHE_NAME, store.to_chunks())
            elif spoil == "sealed-whole":  # the layout of version 1: ``serialize()`` sealed in one message
                vault.write_local_cache(SEARCH_CACHE_NAME, store.to_bytes())
            else:  # a write that lost its last pieces of blocks, its chunks sealed properly
                pieces = list(store.to_chunks())
                sealed_chunks.write(vault, SEARCH_CACHE_NAME, pieces[:-1])
        elif spoil == "not-a-database":
            head = search_index._CHUNKS_HEAD.pack(search_index._CHUNKS_MAGIC, search_index.CHUNKS_VERSION, 5016, 0)
            sealed_chunks.write(vault, SEARCH_CACHE_NAME, [head, b"SQLite format 3\0" + os.urandom(5000)])
        else:
            sealed_chunks.write(vault, SEARCH_CACHE_NAME, [b""])
        assert cache.read_bytes() != good
        try:  # the cache itself does not open (not merely: the search happens to come out right)
            opened = search_index.FtsStore.from_chunks(WEIGHT_CLASSES, sealed_chunks.read(vault, SEARCH_CACHE_NAME))
        except sealed_chunks.Unusable:
            opened = None
        assert opened is None
        vault.lock()
        v, again = _reopen(vault.path)
        assert {h.obj.id for h in again.search("kiwi")} == ids
        assert [h.obj.id for h in again.search("kiwi n2")] == [by_n[2]]
        assert again.search("elsewhere") == []
        v.lock()
        rebuilt = cache.read_bytes()
        assert rebuilt != good and len(rebuilt) > 1000  # written anew, and usable:
        v, third = _reopen(vault.path)
        assert third._records.search_index is None
        assert {h.obj.id for h in third.search("kiwi")} == ids
        assert cache.read_bytes() == rebuilt  # read, not rebuilt
        v.lock()


def _reopen(path: Path) -> tuple[Vault, Journal]:
    from tests.conftest import PASSPHRASE

    vault = Vault.unlock(path, PASSPHRASE)
    vault.load()
    return vault, Journal(vault)


def test_the_sealed_layout_reads_back_the_same_index() -> None:
    """``to_chunks``: a database image with the first blocks (under IMAGE_SHARE of it), then the other
    blocks; read back, the index answers as the one saved, and its FTS5 data are the same blocks."""
    from mentorjournal.journal import search_index

    index = SearchIndex()
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(3000)]
    index.put_new(
        (f"{i:032x}", f"{i + 7:032x}", f"m{i % 3}", {"notes": " ".join(rng.choices(vocabulary, k=300))})
        for i in range(600)
    )
    index.optimize()
    store = index._store
    last = store._blocks_in_image()
    assert last > 0 and store._db.execute("SELECT count(*) FROM fts_data WHERE id > ?", (last,)).fetchone()[0] > 0
    pieces = list(index.to_chunks())
    assert max(map(len, pieces)) <= search_index.PIECE + 100_000
    again = SearchIndex.from_chunks(iter(pieces), lambda d: {}, lambda d, r: None)
    assert again is not None and len(again) == len(index)
    blocks = "SELECT id, block FROM fts_data ORDER BY id"
    assert again._store._db.execute(blocks).fetchall() == store._db.execute(blocks).fetchall()
    for word in ("w1", "w2999", "w15"):
        assert [h.doc_id for h in again.search(word, limit=100)] == [h.doc_id for h in index.search(word, limit=100)]
        assert again._store.query(f'"{word}"', owner="m1", limit=9) == store.query(f'"{word}"', owner="m1", limit=9)
    assert again.holds(len(index), [f"{i + 7:032x}" for i in range(600)])
