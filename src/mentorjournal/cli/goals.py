"""`goal` commands: add, list, edit, progress, delete."""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import command, date_or_none, group, parse_date_arg
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import goal_line, print_object, record_json, short
from mentorjournal.errors import UsageError
from mentorjournal.journal import GOAL_STATUSES, Goal, Journal
from mentorjournal.journal.noteformat import normalise_line


def register(sub: Any) -> None:
    g = group(sub, "goal", "add, list, edit goals and record progress")
    p = command(g, "add", cmd_goal_add, "add a goal", json=True)
    p.add_argument("title")
    p.add_argument("--mentee", required=True)
    _goal_options(p)
    p = command(g, "list", cmd_goal_list, "list goals", json=True)
    p.add_argument("--mentee")
    p = command(g, "edit", cmd_goal_edit, "change a goal", json=True)
    p.add_argument("id")
    p.add_argument("--title")
    _goal_options(p)
    p.add_argument("--status", choices=GOAL_STATUSES)
    p = command(g, "progress", cmd_goal_progress, "record progress on a goal", json=True)
    p.add_argument("id")
    p.add_argument("--percent", type=int, help="0..100 (100 marks the goal achieved)")
    p.add_argument("--comment", default="")
    p.add_argument("--date", help="default: today")
    p = command(g, "delete", cmd_goal_delete, "delete a goal (its history is kept)")
    p.add_argument("id")
    p.add_argument(
        "--unlink", action="store_true", help="also remove it from the sessions and action items that name it"
    )


def _goal_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--detail")
    p.add_argument("--measure", help="how success will be recognised")
    p.add_argument("--target", metavar="DATE", help="target date")


def _apply_goal_options(g: Goal, args: argparse.Namespace, journal: Journal) -> None:
    if args.detail is not None:
        g.detail = args.detail
    if args.measure is not None:
        g.measure = args.measure
    if args.target is not None:
        g.target_date = parse_date_arg(args.target, "--target", today=journal.today())


def cmd_goal_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    goal = Goal(mentee_id=mentee.id, title=normalise_line(args.title))
    _apply_goal_options(goal, args, journal)
    saved = journal.save(goal)
    print_object(ctx, journal, saved, args, f"Added goal {short(saved.id)} for {mentee.name}.")
    return 0


def cmd_goal_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    goals = journal.goals(mentee_id)
    if args.json:
        ctx.print_json([record_json(journal, g) for g in goals])
    else:
        for g in goals:
            ctx.print(goal_line(journal, g))
    return 0


def cmd_goal_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    goal = journal.goal(args.id)
    if args.title is not None:
        goal.title = normalise_line(args.title)
    if args.status is not None:
        goal.status = args.status
    _apply_goal_options(goal, args, journal)
    saved = journal.save(goal)
    print_object(ctx, journal, saved, args, f"Saved goal {short(saved.id)}.")
    return 0


def cmd_goal_progress(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    if args.percent is None and not args.comment.strip():
        raise UsageError("give --percent N, --comment TEXT, or both")
    on = date_or_none(args.date, "--date", journal) or journal.today()
    saved = journal.add_progress(args.id, on=on, percent=args.percent, comment=args.comment.strip())
    pct = f"{saved.percent}%" if saved.percent is not None else "no figure yet"
    print_object(ctx, journal, saved, args, f"Recorded progress on goal {short(saved.id)} ({pct}, {saved.status}).")
    return 0


def cmd_goal_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    goal = journal.goal(args.id)
    sessions = [s for s in journal.sessions(mentee_id=goal.mentee_id) if goal.id in s.goal_ids]
    actions = [a for a in journal.actions(goal.mentee_id) if a.goal_id == goal.id]
    if (sessions or actions) and not args.unlink:
        raise UsageError(
            f"goal {short(goal.id)} is named by {len(sessions)} session(s) and {len(actions)} action item(s); "
            "mark it dropped (`goal edit ID --status dropped`) or delete with --unlink"
        )
    with journal.atomic():  # the unlinking and the delete go together, or not at all
        for session in sessions:
            session.goal_ids = [g for g in session.goal_ids if g != goal.id]
            journal.save(session)
        for action in actions:
            action.goal_id = None
            journal.save(action)
        journal.delete(goal.id)
    unlinked = f", unlinked from {len(sessions)} session(s) and {len(actions)} action(s)" if args.unlink else ""
    ctx.print(f"Deleted goal {short(goal.id)}{unlinked}; its history is kept.")
    return 0
