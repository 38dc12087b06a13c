"""`action` commands: add, list, done (or dropped, or reopened), delete."""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import command, date_or_none, group
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import action_line, print_object, record_json, short
from mentorjournal.errors import UsageError
from mentorjournal.journal import ACTION_OWNERS, ActionItem
from mentorjournal.journal.noteformat import normalise_line


def register(sub: Any) -> None:
    g = group(sub, "action", "add, list and complete action items")
    p = command(g, "add", cmd_action_add, "add an action item", json=True)
    p.add_argument("text")
    p.add_argument("--mentee", required=True)
    p.add_argument("--owner", choices=ACTION_OWNERS, default="mentee")
    p.add_argument("--due", metavar="DATE")
    p.add_argument("--session", metavar="ID")
    p.add_argument("--goal", metavar="ID")
    p = command(g, "list", cmd_action_list, "list action items", json=True)
    p.add_argument("--mentee")
    p.add_argument("--open", action="store_true", help="open items only")
    p = command(g, "done", cmd_action_done, "mark an action item done (or dropped)", json=True)
    p.add_argument("id")
    p.add_argument("--date", help="default: today")
    p.add_argument("--dropped", action="store_true", help="mark it dropped instead")
    p.add_argument("--reopen", action="store_true", help="mark it open again")
    p = command(g, "delete", cmd_action_delete, "delete an action item (its history is kept)")
    p.add_argument("id")


def cmd_action_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    action = ActionItem(
        mentee_id=mentee.id,
        text=normalise_line(args.text),
        owner=args.owner,
        due=date_or_none(args.due, "--due", journal),
        session_id=journal.session(args.session).id if args.session else None,
        goal_id=journal.goal(args.goal).id if args.goal else None,
    )
    saved = journal.save(action)
    print_object(ctx, journal, saved, args, f"Added action item {short(saved.id)} for {mentee.name}.")
    return 0


def cmd_action_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    actions = journal.actions(mentee_id, open_only=args.open)
    if args.json:
        ctx.print_json([record_json(journal, a) for a in actions])
    else:
        for a in actions:
            ctx.print(action_line(journal, a))
    return 0


def cmd_action_done(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    if args.dropped and args.reopen:
        raise UsageError("--dropped and --reopen contradict each other")
    status = "dropped" if args.dropped else "open" if args.reopen else "done"
    saved = journal.mark_action(args.id, status, on=date_or_none(args.date, "--date", journal))
    print_object(ctx, journal, saved, args, f"Action item {short(saved.id)} is now {saved.status}.")
    return 0


def cmd_action_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    action = journal.action(args.id)
    journal.delete(action.id)
    ctx.print(f"Deleted action item {short(action.id)}; its history is kept.")
    return 0
