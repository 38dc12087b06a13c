"""`import`: a folder of notes, one note file, or a jrnl JSON export; checked whole before anything is written."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mentorjournal.cli.arguments import command
from mentorjournal.cli.context import CliContext
from mentorjournal.journal.importer import apply_import, parse_tag_map, plan_import


def register(sub: Any) -> None:
    p = command(sub, "import", cmd_import, "import a folder of notes, a note file, or a jrnl JSON export", json=True)
    p.add_argument("path")
    p.add_argument(
        "--map-tag",
        action="append",
        default=[],
        metavar="TAG=MENTEE",
        help='jrnl: entries with TAG belong to MENTEE, e.g. --map-tag @jose="José Núñez"',
    )
    p.add_argument("--default-mentee", help="mentee for notes or entries that name none")
    p.add_argument(
        "--create-mentees", action="store_true", help="create mentees the import names but the journal lacks"
    )
    p.add_argument("--skip-unmapped", action="store_true", help="jrnl: skip entries with no (or several) mapped tags")
    p.add_argument("--dry-run", action="store_true", help="check everything and report; write nothing")


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=args.dry_run)
    path = Path(args.path)
    plan = plan_import(
        journal,
        path,
        tag_map=parse_tag_map(args.map_tag),
        default_mentee=args.default_mentee,
        create_mentees=args.create_mentees,
        skip_unmapped=args.skip_unmapped,
        progress=lambda d, t: ctx.progress("Checking", d, t),
    )
    summary = plan.summary()
    summary["dry_run"] = bool(args.dry_run)
    summary["new_mentee_names"] = [m.name for m in plan.new_mentees]
    # The dry run takes the same path as the import, writing nothing: it fails wherever the import would.
    apply_import(journal, plan, progress=lambda d, t: ctx.progress("Importing", d, t), dry_run=args.dry_run)
    if args.json:
        ctx.print_json(summary)
        return 0
    verb = "Would import" if args.dry_run else "Imported"
    ctx.print(
        f"{verb} {summary['sessions']} session(s) with {summary['actions']} action item(s) "
        f"from the {plan.source}; {summary['duplicates_skipped']} already in the journal."
    )
    if plan.new_mentees:
        created = "would create" if args.dry_run else "created"
        ctx.print(f"Mentees {created}: {', '.join(m.name for m in plan.new_mentees)}.")
    for reason in plan.skipped:
        ctx.print(f"skipped {reason}")
    if args.dry_run:
        ctx.print("Dry run: nothing was written.")
    return 0
