"""The Journal service: create, edit, delete, history, lists and filters, conflicts, reopening."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from mentorjournal.errors import InvalidInput, NotFound, UsageError
from mentorjournal.journal import (
    ActionItem,
    Agreement,
    ConcernRecord,
    Goal,
    Journal,
    Mentee,
    Person,
    Session,
    pseudonym_label,
)
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from tests.conftest import PASSPHRASE

D = dt.date


def reopen(journal: Journal) -> Journal:
    path = journal.vault.path
    journal.vault.lock()
    vault = Vault.unlock(path, PASSPHRASE)
    vault.load()
    return Journal(vault, today=journal.today)


class TestMentees:
    """Mentees: pseudonyms, lookup by name/alias/prefix, archive."""

    def test_save_assigns_next_free_pseudonym_and_keeps_it(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="José Núñez"))
        b = journal.save(Mentee(name="Amélie Durand"))
        assert (a.pseudonym, b.pseudonym) == ("Mentee A", "Mentee B")
        a.name = "José Núñez García"
        a = journal.save(a)
        assert a.pseudonym == "Mentee A"
        assert journal.save(Mentee(name="C", pseudonym="Mentee C")).pseudonym == "Mentee C"
        assert journal.save(Mentee(name="D")).pseudonym == "Mentee D"

    def test_pseudonym_labels_go_past_z(self) -> None:
        assert pseudonym_label(0) == "Mentee A"
        assert pseudonym_label(25) == "Mentee Z"
        assert pseudonym_label(26) == "Mentee AA"

    def test_duplicate_pseudonym_refused(self, journal: Journal) -> None:
        journal.save(Mentee(name="A", pseudonym="Mentee A"))
        with pytest.raises(InvalidInput):
            journal.save(Mentee(name="B", pseudonym="mentee a"))

    def test_find_by_name_alias_prefix_accent_case(self, journal: Journal) -> None:
        jose = journal.save(Mentee(name="José Núñez", aliases=["Pepe"]))
        journal.save(Mentee(name="Joanna Smith"))
        assert journal.find_mentee("jose nunez").id == jose.id
        assert journal.find_mentee("PEPE").id == jose.id
        assert journal.find_mentee("josé").id == jose.id
        assert journal.find_mentee(jose.id[:6]).id == jose.id
        with pytest.raises(NotFound, match="2 mentees match"):
            journal.find_mentee("jo")
        with pytest.raises(NotFound):
            journal.find_mentee("nobody")

    def test_same_name_twice_is_ambiguous(self, journal: Journal) -> None:
        journal.save(Mentee(name="Sam"))
        journal.save(Mentee(name="sam"))
        with pytest.raises(NotFound, match="2 mentees have that name"):
            journal.find_mentee("Sam")

    def test_archive_hides_from_default_list(self, journal: Journal) -> None:
        m = journal.save(Mentee(name="Ann"))
        journal.save(Mentee(name="Bob"))
        archived = journal.archive_mentee(m.id)
        assert archived.archived and archived.status == "ended" and archived.ended == dt.date(2026, 3, 15)
        assert [x.name for x in journal.mentees(include_archived=False)] == ["Bob"]
        assert [x.name for x in journal.mentees()] == ["Ann", "Bob"]

    def test_getters_return_copies(self, journal: Journal) -> None:
        m = journal.save(Mentee(name="Ann"))
        got = journal.mentee(m.id)
        got.aliases.append("Annie")
        assert journal.mentee(m.id).aliases == []

    def test_name_required(self, journal: Journal) -> None:
        with pytest.raises(InvalidInput):
            journal.save(Mentee(name="  "))


class TestSessionsAndFilters:
    """Sessions list newest first; filters by mentee, dates and tag; prefixes."""

    def test_filters(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        b = journal.save(Mentee(name="Bob"))
        journal.save(Session(mentee_id=a.id, date=D(2026, 1, 5), tags=["Career"]))
        journal.save(Session(mentee_id=a.id, date=D(2026, 2, 5), tags=["feedback"]))
        journal.save(Session(mentee_id=b.id, date=D(2026, 3, 5), tags=["career"]))
        assert [s.date.month for s in journal.sessions()] == [3, 2, 1]
        assert [s.date.month for s in journal.sessions(mentee_id=a.id)] == [2, 1]
        assert [s.date.month for s in journal.sessions(since=D(2026, 2, 5))] == [3, 2]
        assert [s.date.month for s in journal.sessions(until=D(2026, 2, 4))] == [1]
        assert [s.date.month for s in journal.sessions(tag="CAREER")] == [3, 1]

    def test_unknown_mentee_refused(self, journal: Journal) -> None:
        with pytest.raises(NotFound):
            journal.save(Session(mentee_id="0" * 32, date=D(2026, 1, 1)))

    def test_session_by_prefix(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        s = journal.save(Session(mentee_id=a.id, date=D(2026, 1, 5)))
        assert journal.session(s.id[:5]).id == s.id
        with pytest.raises(NotFound):
            journal.session("zz")
        with pytest.raises(NotFound):
            journal.session(a.id)  # a mentee's id is not a session


class TestEditDeleteHistory:
    """Edits are new revisions, deletes are tombstones, history keeps everything."""

    def test_edit_then_delete_history(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        s = journal.save(Session(mentee_id=a.id, date=D(2026, 1, 5), notes="first"))
        s.notes = "second"
        s2 = journal.save(s)
        assert s2.id == s.id and s2.revision_id != s.revision_id
        journal.delete(s.id[:8])
        assert journal.sessions() == []
        hist = journal.history(s.id)
        assert [h.deleted for h in hist] == [False, False, True]
        assert [getattr(h.obj, "notes", None) for h in hist] == ["first", "second", None]
        assert journal.history(s.id[:6])[0].revision_id == hist[0].revision_id

    def test_session_delete_takes_its_actions(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        s = journal.save(Session(mentee_id=a.id, date=D(2026, 1, 5)))
        journal.save(ActionItem(mentee_id=a.id, text="x", session_id=s.id))
        keep = journal.save(ActionItem(mentee_id=a.id, text="y"))
        journal.delete(s.id)
        assert [x.id for x in journal.actions()] == [keep.id]

    def test_mentee_delete_refused_with_records_unless_cascade(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=a.id, date=D(2026, 1, 5)))
        with pytest.raises(UsageError, match="archive"):
            journal.delete(a.id)
        journal.delete(a.id, cascade=True)
        assert journal.mentees() == [] and journal.sessions() == []

    def test_survives_reopen(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann", aliases=["Annie"], started=D(2025, 9, 1)))
        g = journal.save(Goal(mentee_id=a.id, title="Lead a team", target_date=D(2026, 6, 1)))
        journal.add_progress(g.id, on=D(2026, 1, 1), percent=20, comment="started")
        s = journal.save(
            Session(
                mentee_id=a.id,
                date=D(2026, 1, 5),
                start_time=dt.time(9, 30),
                duration_minutes=60,
                format="video",
                title="Kick-off",
                tags=["career"],
                notes="n",
                shared_summary="s",
                reflection="r",
                goal_ids=[g.id],
                next_meeting=D(2026, 2, 5),
            )
        )
        journal.save(Agreement(mentee_id=a.id, cadence="monthly", consent_share_summaries_with_coordinator=True))
        journal.save(ConcernRecord(mentee_id=a.id, date=D(2026, 1, 5), words="w", informed="nobody"))
        journal.save(Person(name="Carla", aliases=["C."], relationship="manager", mentee_id=a.id))
        again = reopen(journal)
        assert again.session(s.id) == s
        assert again.goal(g.id).progress[0].percent == 20
        agreement = again.agreement(a.id)
        assert agreement is not None and agreement.consent_share_summaries_with_coordinator
        assert again.concerns(a.id)[0].words == "w"
        assert again.people()[0].aliases == ["C."]

    def test_one_agreement_per_mentee(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        first = journal.save(Agreement(mentee_id=a.id, cadence="monthly"))
        second = journal.save(Agreement(mentee_id=a.id, cadence="weekly"))
        assert first.id == second.id
        agreement = journal.agreement(a.id)
        assert agreement is not None and agreement.cadence == "weekly"
        assert len(journal.history(first.id)) == 2


class TestConflicts:
    """Two heads of one record: listed, visible, resolved by a merge revision."""

    def test_conflict_listed_and_resolved(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        s = journal.save(Session(mentee_id=a.id, date=D(2026, 1, 5), notes="base"))
        vault = journal.vault
        base = s.revision_id
        from mentorjournal.journal import codec

        for text in ("laptop edit", "desktop edit"):
            body = codec.to_body(dataclasses.replace(s, notes=text))
            vault.put("session", body, record_id=s.id, parents=(base,))
        journal.reload()
        conflicts = journal.conflicts()
        assert len(conflicts) == 1 and conflicts[0].record_id == s.id
        assert sorted(getattr(o, "notes", "") for o in conflicts[0].objects) == ["desktop edit", "laptop edit"]
        keep = conflicts[0].versions[-1].obj
        assert isinstance(keep, Session)
        journal.resolve_conflict(s.id, keep)
        assert journal.conflicts() == []
        assert journal.session(s.id).notes == keep.notes

    def test_edit_versus_delete_keeps_edit_visible(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        s = journal.save(Session(mentee_id=a.id, date=D(2026, 1, 5), notes="base"))
        from mentorjournal.journal import codec

        journal.vault.put(
            "session", codec.to_body(dataclasses.replace(s, notes="edited")), record_id=s.id, parents=(s.revision_id,)
        )
        journal.vault.put("session", None, record_id=s.id, parents=(s.revision_id,))
        journal.reload()
        assert journal.session(s.id).notes == "edited"
        assert len(journal.conflicts()) == 1


class TestForwardCompatibility:
    """Fields a newer version wrote survive an edit here."""

    def test_unknown_fields_round_trip(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        rev = journal.vault.put(
            "session",
            {"schema": 7, "mentee_id": a.id, "date": "2026-01-05", "mood": {"score": 4}, "notes": "n"},
        )
        journal.reload()
        s = journal.session(rev.record_id)
        assert s.extra == {"mood": {"score": 4}} and s.schema == 7
        s.notes = "edited here"
        journal.save(s)
        body = journal.vault.graph.current(rev.record_id).body  # type: ignore[union-attr]
        assert body is not None and body["mood"] == {"score": 4} and body["schema"] == 7

    def test_malformed_body_listed_as_damaged_not_fatal(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        journal.vault.put("session", {"mentee_id": a.id, "date": "not a date"})
        journal.vault.put("export-log", {"anything": 1})  # another layer's kind: ignored
        journal.reload()
        assert journal.sessions() == []
        damaged = journal.damaged()
        assert len(damaged) == 1 and "date" in damaged[0].reason


class TestValidation:
    def test_bad_values(self, journal: Journal) -> None:
        a = journal.save(Mentee(name="Ann"))
        with pytest.raises(InvalidInput):
            journal.save(ActionItem(mentee_id=a.id, text="x", owner="boss"))
        with pytest.raises(InvalidInput):
            journal.save(ActionItem(mentee_id=a.id, text=" "))
        with pytest.raises(InvalidInput):
            journal.add_progress(journal.save(Goal(mentee_id=a.id, title="g")).id, on=D(2026, 1, 1), percent=101)
        with pytest.raises(InvalidInput):
            journal.save(Mentee(name="B", status="retired"))


def test_journal_package_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, mentorjournal.journal, mentorjournal.journal.importer, mentorjournal.journal.notes, "
        "mentorjournal.cli.commands_registry; print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "False"


def test_cheap_vault_fixture_is_cheap(vault: Vault) -> None:
    assert vault.kdf == CHEAPEST_FOR_TESTS_ONLY
