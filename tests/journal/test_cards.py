"""The journal's cards: an unlock decodes no note, yet every answer is the one a full decode gives."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.journal import ActionItem, Journal, Mentee, Session, catalogue
from mentorjournal.journal.due import due_report, next_meeting
from mentorjournal.vault import Vault
from mentorjournal.vault.vault import record_path, remove_local_caches, unlock_cache_dir
from tests.conftest import PASSPHRASE

D = dt.date
TODAY = D(2026, 3, 15)
CANARY = "cards-canary-7f3e"


def _reopen(path: Path) -> tuple[Vault, Journal]:
    vault = Vault.unlock(path, PASSPHRASE)
    vault.load()
    return vault, Journal(vault, today=lambda: TODAY)


def _fill(journal: Journal, seed: int = 1, sessions: int = 40) -> list[Mentee]:
    rnd = random.Random(seed)
    mentees = [journal.save(Mentee(name=f"Person {i}")) for i in range(4)]
    for i in range(sessions):
        m = rnd.choice(mentees)
        s = journal.save(
            Session(
                mentee_id=m.id,
                date=D(2025, 1, 1) + dt.timedelta(days=rnd.randrange(400)),
                start_time=rnd.choice([None, dt.time(9, 0), dt.time(14, 30)]),
                next_meeting=rnd.choice([None, D(2026, 3, 1), D(2026, 3, 20), D(2026, 5, 1)]),
                notes=f"{CANARY} note {i}",
            )
        )
        if rnd.random() < 0.6:
            journal.save(
                ActionItem(
                    mentee_id=m.id,
                    text=f"do thing {i}",
                    session_id=s.id,
                    due=rnd.choice([None, D(2026, 3, 10), D(2026, 3, 25)]),
                    status=rnd.choice(["open", "open", "done"]),
                )
            )
    return mentees


class TestCards:
    def test_a_second_unlock_decodes_nothing_until_asked(self, vault: Vault) -> None:
        vault.load()
        mentees = _fill(Journal(vault, today=lambda: TODAY))
        vault.lock()
        v1, _ = _reopen(vault.path)  # works out the cards and caches them
        v1.lock()
        v2, journal = _reopen(vault.path)
        assert journal._records.objects == {}
        journal.overview()  # reads the mentees (the next-meeting rule needs their status), no note
        assert all(isinstance(o, Mentee) for o in journal._records.objects.values())
        journal.due()
        decoded = list(journal._records.objects.values())
        # The due report reads each mentee's latest session and the open actions with a due date only.
        assert len([o for o in decoded if isinstance(o, Session)]) <= len(mentees)
        assert all(o.status == "open" and o.due for o in decoded if isinstance(o, ActionItem))
        mine = journal.sessions(mentee_id=mentees[0].id)
        assert mine and all(s.mentee_id == mentees[0].id for s in mine)
        others = [
            o for o in journal._records.objects.values() if isinstance(o, Session) and o.mentee_id != mentees[0].id
        ]
        assert len(others) <= len(mentees) - 1
        v2.lock()

    def test_the_card_cache_is_encrypted_and_outside_the_vault(self, vault: Vault) -> None:
        vault.load()
        _fill(Journal(vault))
        vault.lock()
        v, _ = _reopen(vault.path)
        path = unlock_cache_dir() / f"{v.vault_id}.{catalogue.CACHE_NAME}.mjc"
        v.lock()
        raw = path.read_bytes()
        assert not path.is_relative_to(vault.path)
        assert b"Person" not in raw and CANARY.encode() not in raw and b"2025-" not in raw
        assert path.stat().st_mode & 0o077 == 0

    def test_answers_equal_a_full_decode(self, vault: Vault) -> None:
        vault.load()
        _fill(Journal(vault), seed=7, sessions=60)
        vault.lock()
        _reopen(vault.path)[0].lock()
        v, lazy = _reopen(vault.path)
        # A journal that decodes everything first: what the answers must be.
        full = Journal(v, today=lambda: TODAY)
        full.search("note")
        assert lazy.sessions() == full.sessions()
        assert lazy.actions(open_only=True) == full.actions(open_only=True)
        assert lazy.due() == due_report(
            today=TODAY,
            horizon_days=14,
            mentees=full.mentees(),
            sessions=full.sessions(),
            actions=full.actions(),
            goals=full.goals(),
        )
        overview = lazy.overview()
        for m in full.mentees():
            sessions = full.sessions(mentee_id=m.id)
            o = overview[m.id]
            assert o.sessions == len(sessions)
            assert o.last_session == (sessions[0].date if sessions else None)
            assert o.next_meeting == (next_meeting(m, sessions[0].next_meeting) if sessions else None)
            assert o.open_actions == len(full.actions(m.id, open_only=True))
        v.lock()

    def test_a_damaged_record_is_reported_from_the_cards_too(self, vault: Vault) -> None:
        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        vault.put("session", {"mentee_id": ann.id, "date": "not a date"})
        vault.lock()
        _reopen(vault.path)[0].lock()
        v, again = _reopen(vault.path)
        assert [d.reason for d in again.damaged()] and again.sessions() == []
        v.lock()

    def test_a_foreign_damaged_or_outdated_card_cache_is_ignored(self, vault: Vault, tmp_path: Path) -> None:
        vault.load()
        journal = Journal(vault)
        ann = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 5)))
        vault.lock()
        v, _ = _reopen(vault.path)
        cards = unlock_cache_dir() / f"{v.vault_id}.{catalogue.CACHE_NAME}.mjc"
        v.lock()
        # The vault's own revisions cache under the cards' name: the name is authenticated.
        cards.write_bytes((unlock_cache_dir() / f"{v.vault_id}.mjc").read_bytes())
        v, j = _reopen(vault.path)
        assert j.overview()[ann.id].sessions == 1
        v.lock()
        raw = bytearray(cards.read_bytes())
        raw[-1] ^= 1
        cards.write_bytes(bytes(raw))
        v, j = _reopen(vault.path)
        assert j.overview()[ann.id].sessions == 1
        # Cards of another version: worked out again, not misread.
        empty = catalogue.encode(catalogue.Snapshot([], [], [], {}, {}, {}, {}))
        assert catalogue.decode(empty) is not None
        assert catalogue.decode(empty.replace(catalogue.CARDS_VERSION.encode(), b"0/0")) is None
        v.lock()

    def test_saves_and_deletes_keep_the_cards_true(self, journal: Journal) -> None:
        ann = journal.save(Mentee(name="Ann"))
        bob = journal.save(Mentee(name="Bob"))
        s = journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 5), next_meeting=D(2026, 2, 1)))
        journal.save(ActionItem(mentee_id=ann.id, text="x", session_id=s.id))
        assert journal.overview()[ann.id].open_actions == 1
        moved = journal.session(s.id)
        moved.mentee_id = bob.id
        moved.date = D(2026, 1, 9)
        journal.save(moved)
        o = journal.overview()
        assert o[ann.id].sessions == 0 and o[bob.id].sessions == 1 and o[bob.id].last_session == D(2026, 1, 9)
        journal.delete(s.id)  # takes its action item with it
        o = journal.overview()
        assert o[bob.id].sessions == 0 and o[ann.id].open_actions == 0
        assert journal.stats() == {"mentee": 2}

    def test_local_caches_are_removed_together(self, vault: Vault) -> None:
        vault.load()
        _fill(Journal(vault), sessions=3)
        vault.lock()
        v, _ = _reopen(vault.path)
        v.lock()
        assert sorted(p.name.split(".", 1)[1] for p in unlock_cache_dir().iterdir()) == [
            "bodies.mjc",
            f"{catalogue.CACHE_NAME}.mjc",
            "mjc",
        ]
        remove_local_caches(v.vault_id)
        assert list(unlock_cache_dir().iterdir()) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 60), st.sampled_from(["open", "done"]), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_overview_matches_the_objects_whatever_the_edits(vault: Vault, edits: list[tuple[int, int, str, bool]]) -> None:
    vault.load()
    journal = Journal(vault, today=lambda: TODAY)
    mentees = [m for m in journal.mentees()] or [journal.save(Mentee(name=f"M{i}")) for i in range(3)]
    for who, day, status, with_action in edits:
        s = journal.save(Session(mentee_id=mentees[who].id, date=D(2026, 1, 1) + dt.timedelta(days=day)))
        if with_action:
            journal.save(ActionItem(mentee_id=mentees[who].id, text="t", session_id=s.id, status=status))
    fresh = Journal(vault, today=lambda: TODAY)
    for journal_ in (journal, fresh):
        overview = journal_.overview()
        for m in mentees:
            sessions = journal_.sessions(mentee_id=m.id)
            assert overview[m.id].sessions == len(sessions)
            assert overview[m.id].last_session == (sessions[0].date if sessions else None)
            assert overview[m.id].open_actions == len(journal_.actions(m.id, open_only=True))


def _state(journal: Journal) -> tuple[object, ...]:
    return (
        journal.mentees(),
        journal.sessions(),
        journal.actions(),
        journal.overview(),
        [(d.name, d.reason) for d in journal.damaged()],
        journal.stats(),
        journal.conflict_count(),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(["edit", "delete", "add", "conflict", "damage", "vanish"]), st.integers(0, 99)),
        max_size=10,
    )
)
def test_a_stale_snapshot_gives_what_a_full_decode_gives(tmp_path_factory: object, ops: list[tuple[str, int]]) -> None:
    """Whatever changed since the cached snapshot (edits, deletes, new records, conflicts, damage,
    vanished files), the journal after unlock is the one built from nothing."""
    import tempfile

    from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vault"
        created = Vault.create(path, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
        created.load()
        _fill(Journal(created, today=lambda: TODAY), seed=3, sessions=12)
        created.lock()
        _reopen(path)[0].lock()  # writes the snapshot
        vault, journal = _reopen(path)  # another machine's changes, made through the journal
        for op, n in ops:
            sessions = journal.sessions()
            if not sessions:
                break
            s = sessions[n % len(sessions)]
            if op == "edit":
                edited = journal.session(s.id)
                edited.date = D(2026, 1, 1) + dt.timedelta(days=n)
                journal.save(edited)
            elif op == "delete":
                journal.delete(s.id)
            elif op == "add":
                journal.save(Session(mentee_id=s.mentee_id, date=D(2026, 2, 1) + dt.timedelta(days=n)))
            elif op == "conflict":
                head = vault.graph.current(s.id)
                assert head is not None and head.body is not None
                vault.put("session", {**head.body, "title": f"other side {n}"}, record_id=s.id, parents=head.parents)
            elif op == "damage":
                vault.put("session", {"mentee_id": s.mentee_id, "date": "not a date"}, record_id=s.id)
            else:  # the file of its current revision disappears (a sync engine, a restore)
                head = vault.graph.current(s.id)
                assert head is not None
                record_path(path, head.revision_id).unlink(missing_ok=True)
        vault.lock()
        v1, from_snapshot = _reopen(path)
        lazy = _state(from_snapshot)
        v1.lock()
        remove_local_caches(v1.vault_id)
        v2, from_nothing = _reopen(path)
        assert lazy == _state(from_nothing)
        v2.lock()


def test_a_record_that_cannot_be_read_again_is_skipped_not_fatal_and_not_cached(vault: Vault) -> None:
    """Found in review: the cache's bodies stop opening and a record file vanishes after unlock."""
    from mentorjournal.vault.cache import bodies_path

    vault.load()
    journal = Journal(vault)
    ann = journal.save(Mentee(name="Ann"))
    sessions = [journal.save(Session(mentee_id=ann.id, date=D(2026, 1, i + 1), notes=f"zebra{i}")) for i in range(3)]
    journal.search("zebra0")  # caches the folded words
    vault.lock()
    _reopen(vault.path)[0].lock()
    v, j = _reopen(vault.path)
    bodies = bodies_path(v.cache_path)
    raw = bytearray(bodies.read_bytes())
    raw[-1] ^= 1
    bodies.write_bytes(bytes(raw))
    gone = sessions[2]
    record_path(vault.path, gone.revision_id).unlink()
    assert j.search("zebra2") == []  # its folded words were cached, its body cannot be read: no hit
    assert [h.obj.id for h in j.search("zebra1")] == [sessions[1].id]
    assert gone.id in {d.name for d in j.damaged()}
    snapshot = j._records.snapshot(v.graph.head_ids())
    assert gone.revision_id not in {*snapshot.shown, *snapshot.other_heads, *snapshot.unreadable}
    v.lock()
