"""What is due, on a fixed date."""

from __future__ import annotations

import datetime as dt

from mentorjournal.journal import ActionItem, Goal, Journal, Mentee, Session

D = dt.date


def test_due_report(journal: Journal) -> None:
    ann = journal.save(Mentee(name="Ann"))
    bob = journal.save(Mentee(name="Bob"))
    paused = journal.save(Mentee(name="Cy", status="paused"))
    journal.save(ActionItem(mentee_id=ann.id, text="late", due=D(2026, 3, 1)))
    journal.save(ActionItem(mentee_id=ann.id, text="today", due=D(2026, 3, 15)))
    journal.save(ActionItem(mentee_id=ann.id, text="in two weeks", due=D(2026, 3, 29)))
    journal.save(ActionItem(mentee_id=ann.id, text="too far", due=D(2026, 3, 30)))
    journal.save(ActionItem(mentee_id=ann.id, text="done late", due=D(2026, 3, 1), status="done"))
    journal.save(ActionItem(mentee_id=ann.id, text="no date"))
    journal.save(Session(mentee_id=ann.id, date=D(2026, 2, 1), next_meeting=D(2026, 3, 1)))
    journal.save(Session(mentee_id=ann.id, date=D(2026, 3, 1), next_meeting=D(2026, 3, 20)))  # latest wins
    journal.save(Session(mentee_id=bob.id, date=D(2026, 2, 1), next_meeting=D(2026, 3, 10)))  # missed
    journal.save(Session(mentee_id=paused.id, date=D(2026, 3, 1), next_meeting=D(2026, 3, 16)))  # paused
    journal.save(Goal(mentee_id=ann.id, title="past", target_date=D(2026, 3, 14)))
    journal.save(Goal(mentee_id=ann.id, title="achieved", target_date=D(2026, 1, 1), status="achieved"))
    journal.save(Goal(mentee_id=ann.id, title="future", target_date=D(2026, 3, 15)))

    report = journal.due()  # the fixture's clock says 2026-03-15
    assert report.today == D(2026, 3, 15)
    assert [a.text for a in report.overdue_actions] == ["late"]
    assert [a.text for a in report.upcoming_actions] == ["today", "in two weeks"]
    assert [(m.mentee.name, m.on) for m in report.next_meetings] == [("Ann", D(2026, 3, 20))]
    assert [(m.mentee.name, m.on) for m in report.missed_meetings] == [("Bob", D(2026, 3, 10))]
    assert [g.title for g in report.goals_past_target] == ["past"]
    assert not report.empty
    assert journal.due(D(2000, 1, 1), horizon_days=0).empty
