"""What is due: overdue and upcoming action items, next (and missed) meetings, goals past target.

The next-meeting rule lives here, once: a mentee's next meeting is the date their latest session
(``session_order``: by date, then start time, then id) planned, while the mentoring is active (not
paused, ended or archived); a date before today is a missed meeting. The home screen (through
``Journal.overview``), ``due`` and the export (``Journal.next_meeting``) all apply it.

Pure functions over journal objects and an explicit ``today``: no clock is read here, so the
answers are reproducible in tests and the same in the CLI and the TUI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mentorjournal.journal import dates
from mentorjournal.journal.model import ActionItem, DueReport, Goal, Mentee, NextMeeting, Session
from mentorjournal.journal.text import fold


def session_order(s: Session) -> tuple[dt.date, dt.time, str]:
    """How sessions are ordered in time (the latest is the greatest); the index's cards sort alike."""
    return (s.date, s.start_time or dt.time.min, s.id)


def next_meeting(mentee: Mentee, planned: dt.date | None) -> dt.date | None:
    """The mentee's next meeting, given what their latest session planned (see the module docstring)."""
    if mentee.archived or mentee.status != "active":
        return None
    return planned


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
        if cur is None or session_order(s) > session_order(cur):
            latest[s.mentee_id] = s
    next_meetings: list[NextMeeting] = []
    missed: list[NextMeeting] = []
    for mentee in mentees:
        session = latest.get(mentee.id)
        on = next_meeting(mentee, session.next_meeting) if session is not None else None
        if session is None or on is None:
            continue
        meeting = NextMeeting(mentee=mentee, on=on, session=session)
        if today <= on <= horizon:
            next_meetings.append(meeting)
        elif on < today:
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
