"""`agreement` commands: show and edit a mentee's mentoring agreement."""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import command, group, nonnegative, parse_date_arg
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import fmt, print_object, print_table, record_json
from mentorjournal.errors import UsageError
from mentorjournal.export.sensitive import CATEGORIES, parse_categories
from mentorjournal.journal import Agreement
from mentorjournal.journal.retention import MAX_RETENTION_MONTHS

# option -> Agreement field, for the free-text terms
_TEXT_OPTIONS = {
    "goals": "goals",
    "cadence": "cadence",
    "format": "format",
    "confidentiality": "confidentiality",
    "limits": "confidentiality_limits",
    "coordinator": "coordinator",
    "consent_notes": "consent_notes",
}
_DATE_OPTIONS = {"starts": "starts", "review": "review_on", "ends": "ends"}


def register(sub: Any) -> None:
    g = group(sub, "agreement", "show and edit a mentee's agreement")
    p = command(g, "show", cmd_agreement_show, "show the agreement", json=True)
    p.add_argument("mentee")
    p = command(g, "edit", cmd_agreement_edit, "create or revise the agreement", json=True)
    p.add_argument("mentee")
    p.add_argument("--goals", help="goals agreed at the start")
    p.add_argument("--cadence", help="e.g. monthly")
    p.add_argument("--minutes", type=int, help="agreed session length")
    p.add_argument("--format")
    p.add_argument("--starts", metavar="DATE")
    p.add_argument("--review", metavar="DATE")
    p.add_argument("--ends", metavar="DATE")
    p.add_argument("--confidentiality", help="the confidentiality terms")
    p.add_argument("--limits", help="the limits of confidentiality (e.g. risk of harm)")
    p.add_argument(
        "--consent-coordinator",
        choices=["yes", "no"],
        help="may progress summaries be shared with the coordinator?",
    )
    p.add_argument("--coordinator", help="who the coordinator or sponsor is")
    p.add_argument("--consent-notes", help="what else the mentee consented to share, with whom")
    p.add_argument(
        "--retain-months",
        type=int,
        metavar="N",
        help="keep the records N months after the relationship ends (default: the settings', see docs/usage.md)",
    )
    p.add_argument(
        "--share-category",
        action="append",
        metavar="CATEGORY",
        help="a special category the mentee allows the coordinator to read (repeatable; replaces the list; "
        "'none' clears it): " + ", ".join(CATEGORIES),
    )


def cmd_agreement_show(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee = journal.find_mentee(args.mentee)
    agreement = journal.agreement(mentee.id)
    if args.json:
        ctx.print_json(record_json(journal, agreement) if agreement else None)
        return 0
    if agreement is None:
        ctx.print(f"No agreement recorded for {mentee.name}; create one with `agreement edit`.")
        return 0
    rows = [
        ("Mentee", mentee.name),
        ("Goals", agreement.goals or "-"),
        ("Cadence", agreement.cadence or "-"),
        ("Session length", f"{agreement.session_minutes} min" if agreement.session_minutes else "-"),
        ("Format", agreement.format or "-"),
        ("Starts", fmt(agreement.starts)),
        ("Review", fmt(agreement.review_on)),
        ("Ends", fmt(agreement.ends)),
        ("Confidentiality", agreement.confidentiality or "-"),
        ("Limits", agreement.confidentiality_limits or "-"),
        ("Summaries to coordinator", "yes" if agreement.consent_share_summaries_with_coordinator else "no"),
        ("Categories to coordinator", ", ".join(agreement.consent_share_categories_with_coordinator) or "-"),
        ("Coordinator", agreement.coordinator or "-"),
        ("Consent notes", agreement.consent_notes or "-"),
        ("Kept after the end", f"{agreement.retain_months} months" if agreement.retain_months is not None else "-"),
    ]
    print_table(ctx, rows, 26)
    return 0


def cmd_agreement_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    agreement = journal.agreement(mentee.id) or Agreement(mentee_id=mentee.id)
    for option, name in _TEXT_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            setattr(agreement, name, value.strip())
    if args.minutes is not None:
        agreement.session_minutes = nonnegative(args.minutes, "--minutes")
    for option, name in _DATE_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            setattr(agreement, name, parse_date_arg(value, f"--{option}", today=journal.today()))
    if args.consent_coordinator is not None:
        agreement.consent_share_summaries_with_coordinator = args.consent_coordinator == "yes"
    if args.retain_months is not None:
        if not 0 <= args.retain_months <= MAX_RETENTION_MONTHS:
            raise UsageError(f"--retain-months must be 0 to {MAX_RETENTION_MONTHS}")
        agreement.retain_months = args.retain_months
    if args.share_category is not None:
        names = [] if [v.strip().casefold() for v in args.share_category] == ["none"] else args.share_category
        chosen = parse_categories(names, option="--share-category")
        agreement.consent_share_categories_with_coordinator = [c for c in CATEGORIES if c in chosen]
    saved = journal.save(agreement)
    print_object(ctx, journal, saved, args, f"Saved the agreement with {mentee.name}.")
    return 0
