"""Each action once: listed again ticked, it closes the earlier listing; the summary lists it once."""

from __future__ import annotations

import datetime as dt

from mentorjournal.export.summary import build_summary
from mentorjournal.journal import Journal
from mentorjournal.journal.model import ActionItem, Mentee, Session
from mentorjournal.journal.noteformat import parse
from mentorjournal.journal.notes import save_note
from mentorjournal.vault import Vault

TODAY = dt.date(2026, 6, 1)


def _note(day: str, actions: str, mentee: str = "Ada Quist") -> str:
    return f"---\nmentee: {mentee}\ndate: {day}\n---\n# Shared summary\nWe met.\n# Actions\n{actions}\n"


def _journal(vault: Vault) -> Journal:
    journal = Journal(vault, today=lambda: TODAY)
    journal.save(Mentee(name="Ada Quist"))
    journal.save(Mentee(name="Bo Lind"))
    return journal


class TestTheJournalClosesTheEarlierListing:
    def test_ticked_in_a_later_session_closes_the_open_one(self, vault: Vault) -> None:
        journal = _journal(vault)
        save_note(journal, parse(_note("2026-05-01", "- [ ] mentee: Send the CV to Jo.\n- [ ] mentor: book a room")))
        save_note(journal, parse(_note("2026-05-15", "- [x] mentee: send the  CV to jo")))
        ada = journal.find_mentee("Ada")
        by_text = {(a.text, a.session_id is not None): a for a in journal.actions(ada.id)}
        earlier = by_text[("Send the CV to Jo.", True)]
        assert earlier.status == "done" and earlier.done_on == dt.date(2026, 5, 15)
        assert [a.status for a in journal.actions(ada.id, open_only=True)] == ["open"]  # only "book a room"

    def test_only_the_same_owner_and_mentee_and_not_a_later_session(self, vault: Vault) -> None:
        journal = _journal(vault)
        save_note(journal, parse(_note("2026-05-01", "- [ ] mentor: send the CV")))  # another owner
        save_note(journal, parse(_note("2026-05-01", "- [ ] mentee: send the CV", mentee="Bo Lind")))  # another mentee
        save_note(journal, parse(_note("2026-05-30", "- [ ] mentee: send the CV")))  # a later session
        save_note(journal, parse(_note("2026-05-10", "- [x] mentee: send the CV")))
        ada, bo = journal.find_mentee("Ada"), journal.find_mentee("Bo")
        still_open = {(a.owner, a.mentee_id) for a in journal.actions(open_only=True)}
        assert still_open == {("mentor", ada.id), ("mentee", bo.id), ("mentee", ada.id)}
        assert len(journal.actions(ada.id, open_only=True)) == 2

    def test_an_action_added_outside_a_session_is_closed_too(self, vault: Vault) -> None:
        journal = _journal(vault)
        ada = journal.find_mentee("Ada")
        journal.save(ActionItem(mentee_id=ada.id, text="Read chapter 3"))
        save_note(journal, parse(_note("2026-05-10", "- [x] mentee: read chapter 3 (done 2026-05-09)")))
        assert {(a.status, a.done_on) for a in journal.actions(ada.id)} == {("done", dt.date(2026, 5, 9))}


class TestTheSummaryListsEachActionOnce:
    def test_old_data_with_duplicates_shows_the_latest_status(self, vault: Vault) -> None:
        journal = _journal(vault)
        ada = journal.find_mentee("Ada")
        # Saved directly, as older versions left them: both listings still there, the first still open.
        s1 = journal.save(Session(mentee_id=ada.id, date=dt.date(2026, 4, 1)))
        s2 = journal.save(Session(mentee_id=ada.id, date=dt.date(2026, 5, 1)))
        s3 = journal.save(Session(mentee_id=ada.id, date=dt.date(2026, 5, 20)))
        journal.save(ActionItem(mentee_id=ada.id, session_id=s1.id, text="Draft the charter", due=dt.date(2026, 4, 20)))
        journal.save(ActionItem(mentee_id=ada.id, session_id=s2.id, text="draft the charter!", status="done",
                                done_on=dt.date(2026, 5, 1)))  # fmt: skip
        journal.save(ActionItem(mentee_id=ada.id, session_id=s1.id, text="Ask for feedback", status="done"))
        journal.save(ActionItem(mentee_id=ada.id, session_id=s3.id, text="ask for feedback"))  # open again
        journal.save(ActionItem(mentee_id=ada.id, session_id=s3.id, text="Ask for feedback", owner="mentor"))
        actions = build_summary(journal, ada, audience="mentee", today=TODAY).actions
        got = sorted((a.text, a.owner, a.status, a.due) for a in actions)
        assert got == [
            ("Ask for feedback", "mentor", "open", None),
            ("ask for feedback", "mentee", "open", None),
            ("draft the charter!", "mentee", "done", dt.date(2026, 4, 20)),
        ]

    def test_an_action_in_the_period_by_any_listing(self, vault: Vault) -> None:
        journal = _journal(vault)
        ada = journal.find_mentee("Ada")
        s1 = journal.save(Session(mentee_id=ada.id, date=dt.date(2026, 1, 10)))
        s2 = journal.save(Session(mentee_id=ada.id, date=dt.date(2026, 3, 10)))
        journal.save(ActionItem(mentee_id=ada.id, session_id=s1.id, text="Write the plan"))
        journal.save(ActionItem(mentee_id=ada.id, session_id=s2.id, text="Write the plan", status="done"))
        journal.save(ActionItem(mentee_id=ada.id, session_id=s2.id, text="Old and done", status="done"))
        until_feb = build_summary(journal, ada, audience="mentee", until=dt.date(2026, 2, 1), today=TODAY)
        assert [(a.text, a.status) for a in until_feb.actions] == [("Write the plan", "done")]
