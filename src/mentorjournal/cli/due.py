"""`due`: overdue and upcoming action items, next and missed meetings, goals past their target, and mentees
past their retention period."""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import command, parse_date_arg
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import action_line, fmt, goal_line, record_json
from mentorjournal.errors import UsageError
from mentorjournal.journal import NextMeeting
from mentorjournal.journal.dates import add_days
from mentorjournal.journal.retention import RetentionDue, due_for_erasure


def register(sub: Any) -> None:
    p = command(sub, "due", cmd_due, "overdue and upcoming actions, meetings and goals", json=True)
    p.add_argument("--today", metavar="DATE", help="pretend today is DATE")
    p.add_argument("--days", type=int, default=14, help="how far ahead to look (default 14)")


def _meeting_json(m: NextMeeting) -> dict[str, str]:
    return {"mentee": m.mentee.name, "mentee_id": m.mentee.id, "date": m.on.isoformat(), "session_id": m.session.id}


def _retention_json(r: RetentionDue) -> dict[str, Any]:
    return {
        "mentee": r.mentee.name,
        "mentee_id": r.mentee.id,
        "ended": r.ended.isoformat(),
        "retain_months": r.months,
        "due_on": r.due_on.isoformat(),
    }


def cmd_due(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    today = parse_date_arg(args.today, "--today") if args.today else journal.today()
    if args.days < 0:
        raise UsageError("--days cannot be negative")
    report = journal.due(today, horizon_days=args.days)
    retention = due_for_erasure(journal, today)
    if args.json:
        ctx.print_json(
            {
                "today": today.isoformat(),
                "horizon_days": args.days,
                "overdue_actions": [record_json(journal, a) for a in report.overdue_actions],
                "upcoming_actions": [record_json(journal, a) for a in report.upcoming_actions],
                "next_meetings": [_meeting_json(m) for m in report.next_meetings],
                "missed_meetings": [_meeting_json(m) for m in report.missed_meetings],
                "goals_past_target": [record_json(journal, g) for g in report.goals_past_target],
                "past_retention": [_retention_json(r) for r in retention],
            }
        )
        return 0
    if report.empty and not retention:
        ctx.print(f"Nothing due between {today.isoformat()} and {add_days(today, args.days).isoformat()}.")
        return 0
    sections: list[tuple[str, list[str]]] = [
        ("Overdue actions", [action_line(journal, a) for a in report.overdue_actions]),
        (f"Due in the next {args.days} days", [action_line(journal, a) for a in report.upcoming_actions]),
        ("Next meetings", [f"{fmt(m.on)}  {m.mentee.name}" for m in report.next_meetings]),
        ("Meetings planned but not recorded", [f"{fmt(m.on)}  {m.mentee.name}" for m in report.missed_meetings]),
        ("Goals past their target date", [goal_line(journal, g) for g in report.goals_past_target]),
        (
            "Past their retention period (erase with `mentee erase`)",
            [f"{fmt(r.due_on)}  {r.mentee.name} (ended {fmt(r.ended)}, kept {r.months} months)" for r in retention],
        ),
    ]
    first = True
    for title, lines in sections:
        if not lines:
            continue
        if not first:
            ctx.print("")
        first = False
        ctx.print(f"{title}:")
        for line in lines:
            ctx.print(f"  {line}")
    return 0
