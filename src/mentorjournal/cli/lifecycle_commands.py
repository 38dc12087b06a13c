"""A record's later life from the command line: the hours log, retention and erasure.

``log`` writes the programme's hours log (no content, pseudonyms unless ``--names`` is confirmed), to
standard output, a private file, or an age file. ``mentee erase`` removes a mentee and everything about
them from this vault folder and this device's caches, after the mentor types the name.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mentorjournal.cli.context import CliContext
from mentorjournal.cli.handoff_options import (
    add_output_options,
    confirm_plaintext,
    destination,
    report_written,
    sealing_from_args,
)
from mentorjournal.errors import UsageError

NAMES_WARNING = (
    "warning: --names writes your mentees' real names. Anyone who can read the file learns whom you mentor "
    "and when. Prefer pseudonyms, or seal the file with --encrypt-to."
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "log",
        help="the hours log for a programme: a row per session (date, mentee, minutes, format, programme)",
        description="The hours log: date, mentee label, minutes, format and programme of each session, with "
        "totals per mentee, per month and overall. It never holds notes, summaries, titles or tags.",
    )
    p.add_argument("--since", metavar="DATE", help="first day (inclusive)")
    p.add_argument("--until", metavar="DATE", help="last day (inclusive)")
    p.add_argument("--format", choices=("md", "csv", "json"), default="md", dest="fmt")
    p.add_argument("--mentee", action="append", default=[], metavar="NAME", help="only this mentee (repeatable)")
    p.add_argument("--names", action="store_true", help="real names instead of pseudonyms (needs confirmation)")
    add_output_options(p, confirm_help="confirm --names without a prompt (for scripts)")
    p.set_defaults(handler=cmd_log)

    register_erase(sub)


def _subcommands(sub: Any, group: str) -> Any:
    """The subparsers of an existing command group (``mentee``), to add an action to it from here."""
    parser = sub.choices.get(group)
    if parser is None:
        raise RuntimeError(f"the {group} command group is registered after this module")
    for action in parser._actions:  # argparse keeps no public handle on a parser's subparsers
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError(f"the {group} command has no subcommands")


def register_erase(sub: Any) -> None:
    g = _subcommands(sub, "mentee")
    p = g.add_parser(
        "erase",
        help="erase a mentee and every record and revision about them (asks you to type the name)",
        description="Erase a mentee: every record and every revision about them, from this vault folder and "
        "this device's caches. Leaves an erasure record with the date and counts only.",
    )
    p.add_argument("mentee", help="name, alias or id prefix")
    p.add_argument("--yes", action="store_true", help="do not ask to type the name (for scripts)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_mentee_erase)


def cmd_log(args: argparse.Namespace, ctx: CliContext) -> int:
    from mentorjournal.cli.arguments import parse_date_arg
    from mentorjournal.export.hours import build_hours_log, render_hours

    journal = ctx.open_journal(read_only=True)
    today = journal.today()
    since = parse_date_arg(args.since, "--since", today=today) if args.since else None
    until = parse_date_arg(args.until, "--until", today=today) if args.until else None
    wanted = {journal.find_mentee(name).id for name in args.mentee} if args.mentee else None
    log = build_hours_log(journal, since=since, until=until, names=args.names, mentee_ids=wanted)
    sealing = sealing_from_args(args, ctx)
    if args.names and sealing is None:
        confirm_plaintext(args, ctx, NAMES_WARNING, "--names")
    elif args.confirm_plaintext and not args.names:
        raise UsageError("--confirm-plaintext only goes with --names")
    from mentorjournal.export.exporting import write_export

    where = write_export(journal, destination(ctx, args, sealing), render_hours(log, args.fmt))
    report_written(ctx, args, where)
    total = log.overall
    ctx.info(f"{total.sessions} session(s), {total.minutes} minute(s).")
    return 0


def cmd_mentee_erase(args: argparse.Namespace, ctx: CliContext) -> int:
    from mentorjournal.export.forgetting import erasure_scrubbers
    from mentorjournal.journal.erasure import erase_mentee, plan_erasure

    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    plan = plan_erasure(journal, mentee.id, erasure_scrubbers(journal, mentee))
    ctx.info(f"This erases {mentee.name} ({mentee.pseudonym}): {plan.describe()}.")
    ctx.info("It cannot be undone from this vault.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("erasing needs the name typed on a terminal, or --yes in a script")
        typed = input("Type the mentee's name to erase them: ")
        if typed.strip() != mentee.name.strip():
            raise UsageError("the name typed does not match; nothing was erased")
    result = erase_mentee(journal, plan)
    if args.json:
        ctx.print_json(result.as_json())
    else:
        ctx.print(f"Erased: {result.describe()}.")
        ctx.print("An erasure record (date and counts only) tells your other devices to do the same when they sync.")
    for line in result.limits():
        ctx.info(line)
    return 0
