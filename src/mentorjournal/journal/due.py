"""What is due: overdue and upcoming action items, next (and missed) meetings, goals past target.

Pure functions over journal objects and an explicit ``today``: no clock is read here, so the
answers are reproducible in tests and the same in the CLI and the TUI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mentorjournal.journal import dates
from mentorjournal.journal.model import ActionItem, DueReport, Goal, Mentee, NextMeeting, Session
from mentorjournal.journal.text import fold


def due_report(
    *,
    today: dt.date,
    horizon_days: int,
    mentees: Iterable[Mentee],
    sessions: Iterable[Session],
    actions: Iterable[ActionItem],
    goals: Iterable[Goal],
) -> DueReport:
    """Build the report. Archived or ended mentees' meetings are left out; their open actions are not."""
    if horizon_days < 0:
        raise ValueError("horizon_days must be >= 0")
    horizon = dates.add_days(today, horizon_days)
    open_actions = [a for a in actions if a.status == "open" and a.due is not None]
    overdue = sorted((a for a in open_actions if a.due is not None and a.due < today), key=_action_key)
    upcoming = sorted((a for a in open_actions if a.due is not None and today <= a.due <= horizon), key=_action_key)

    latest: dict[str, Session] = {}  # mentee id -> their latest session
    for s in sessions:
        cur = latest.get(s.mentee_id)
        if cur is None or (s.date, s.start_time or dt.time.min) > (cur.date, cur.start_time or dt.time.min):
            latest[s.mentee_id] = s
    next_meetings: list[NextMeeting] = []
    missed: list[NextMeeting] = []
    for mentee in mentees:
        if mentee.archived or mentee.status != "active":
            continue
        session = latest.get(mentee.id)
        if session is None or session.next_meeting is None:
            continue
        meeting = NextMeeting(mentee=mentee, on=session.next_meeting, session=session)
        if today <= session.next_meeting <= horizon:
            next_meetings.append(meeting)
        elif session.next_meeting < today:
            missed.append(meeting)
    next_meetings.sort(key=lambda m: (m.on, fold(m.mentee.name)))
    missed.sort(key=lambda m: (m.on, fold(m.mentee.name)))

    past_target = sorted(
        (g for g in goals if g.status == "open" and g.target_date is not None and g.target_date < today),
        key=lambda g: (g.target_date or today, fold(g.title)),
    )
    return DueReport(
        today=today,
        horizon_days=horizon_days,
        overdue_actions=overdue,
        upcoming_actions=upcoming,
        next_meetings=next_meetings,
        missed_meetings=missed,
        goals_past_target=past_target,
    )


def _action_key(a: ActionItem) -> tuple[dt.date, str]:
    return (a.due or dt.date.max, fold(a.text))
