"""Export commands: a redacted summary (non-interactive), the export log, and the confirmed plaintext copy.

The CLI cannot ask the mentor about each finding, so it redacts every finding, flagged words included,
and reports kinds and counts (never values) on standard error. Review finding by finding in the app.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mentorjournal.cli.arguments import parse_date_arg
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.handoff_options import (
    add_output_options,
    confirm_plaintext,
    destination,
    report_written,
    sealing_from_args,
)
from mentorjournal.cli.output import conflict_versions, incomplete_warning
from mentorjournal.errors import UsageError
from mentorjournal.export.formats import AUDIENCES, DEFAULT_FORMAT, FORMAT_NAMES
from mentorjournal.export.sensitive import CATEGORIES, parse_categories

if TYPE_CHECKING:
    from mentorjournal.journal import Journal

# The export engine (and phonenumbers' metadata) is imported by the commands that use it, not by every
# `mentorjournal` start: the format table (export/formats.py) and the special categories' names
# (export/sensitive.py, whose lexicons compile on first use) load nothing else.

PLAINTEXT_WARNING = (
    "warning: this is an UNREDACTED, unencrypted copy of everything recorded about this mentee, including "
    "private notes, reflections and concern records. Anyone who can read the file can read it all."
)


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="write a redacted progress summary of one mentee")
    p.add_argument("--mentee", required=True, help="name, alias or id prefix")
    p.add_argument("--since", metavar="DATE")
    p.add_argument("--until", metavar="DATE")
    p.add_argument("--audience", choices=AUDIENCES, default="coordinator")
    p.add_argument("--format", choices=FORMAT_NAMES, default=DEFAULT_FORMAT, dest="fmt")
    p.add_argument(
        "--mentee-name",
        choices=("pseudonym", "name"),
        default=None,
        help="how the summary names its mentee: default their own name for --audience mentee, else the pseudonym",
    )
    p.add_argument(
        "--keep-sensitive",
        action="append",
        default=[],
        metavar="CATEGORY",
        help="keep sentences of this special category in a coordinator summary (repeatable): " + ", ".join(CATEGORIES),
    )
    p.add_argument(
        "--unredacted",
        action="store_true",
        help="a full plaintext copy of every record of the mentee (needs confirmation); not a summary",
    )
    p.add_argument(
        "--subject-access",
        action="store_true",
        help="everything held about the mentee, third parties removed, for their access request (md or json)",
    )
    add_output_options(p, confirm_help="confirm --unredacted or --subject-access without a prompt (for scripts)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("export-log", help="list the exports recorded in the vault (counts only, never values)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_export_log)


def _findings_line(counts: dict[str, int]) -> str:
    if not counts:
        return "redactions: none"
    return "redactions: " + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))


def _sensitive_lines(counts: dict[str, dict[str, int]]) -> Iterable[str]:
    for outcome in ("withheld", "kept"):
        found = counts.get(outcome) or {}
        if found:
            yield f"special-category sentences {outcome}: " + ", ".join(f"{c} {n}" for c, n in sorted(found.items()))


def _warn_what_is_shown(
    ctx: CliContext, journal: Journal, mentee_id: str, since: dt.date | None, until: dt.date | None
) -> None:
    """An export shows the newest side of a conflict, and may show an older version when record files are
    damaged or misplaced: said before anything is written (the export log records that it happened)."""
    sessions = journal.sessions(mentee_id=mentee_id, since=since, until=until)
    conflicted = sum(1 for s in sessions if conflict_versions(journal, s.id) > 1)
    if conflicted:
        ctx.info(
            f"warning: {conflicted} session(s) of this export are in conflict (edited on two machines); the "
            "newest version of each is used. Resolve them first to choose: `mentorjournal conflicts`."
        )
    if warning := incomplete_warning(journal):
        ctx.info(warning)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from mentorjournal.export.exporting import export_summary, export_unredacted

    if args.force and not args.output:
        raise UsageError("--force only makes sense with --output")
    if args.unredacted and args.subject_access:
        raise UsageError("--unredacted and --subject-access are two different documents; choose one")
    keep = sorted(parse_categories(args.keep_sensitive, option="--keep-sensitive"))
    if keep and args.unredacted:
        raise UsageError("--keep-sensitive is for a redacted summary; --unredacted keeps everything")
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    since = parse_date_arg(args.since, "--since", today=journal.today()) if args.since else None
    until = parse_date_arg(args.until, "--until", today=journal.today()) if args.until else None
    _warn_what_is_shown(ctx, journal, mentee.id, since, until)
    sealing = sealing_from_args(args, ctx)
    if args.subject_access:
        from mentorjournal.cli.access_commands import export_subject_access

        return export_subject_access(args, ctx, journal, mentee, sealing)
    if args.unredacted:
        if args.fmt != "md":
            raise UsageError("--unredacted writes Markdown only")
        if sealing is None:
            confirm_plaintext(args, ctx, PLAINTEXT_WARNING, "--unredacted")
        result = export_unredacted(journal, mentee, destination(ctx, args, sealing), since=since, until=until)
        report_written(ctx, args, result.destination)
        return 0
    if args.confirm_plaintext:
        raise UsageError("--confirm-plaintext only goes with --unredacted or --subject-access")
    # Non-interactive: every finding is redacted, flagged words too; special categories by audience and
    # --keep-sensitive (each finding's default decision).
    result = export_summary(
        journal, mentee, audience=args.audience, fmt=args.fmt, destination=destination(ctx, args, sealing),
        since=since, until=until, mentee_name=args.mentee_name, keep_sensitive=keep,
    )  # fmt: skip
    report_written(ctx, args, result.destination)
    ctx.info(_findings_line(result.counts))
    for line in _sensitive_lines(result.sensitive):
        ctx.info(line)
    if result.private_withheld:
        ctx.info(f"private passages withheld: {result.private_withheld}")
    if result.without_consent:
        ctx.info(f"shared summaries left out (no recorded consent for the coordinator): {result.without_consent}")
    return 0


def _log_lines(entries: Iterable[dict[str, Any]], names: dict[str, str]) -> Iterable[str]:
    for e in entries:
        who = names.get(str(e.get("mentee_id")), "(deleted mentee)")
        period = f"{e.get('since') or 'start'}..{e.get('until') or 'now'}"
        kind = "UNREDACTED" if e.get("unredacted") else f"{e.get('audience')} {e.get('format')}"
        counts = ", ".join(f"{k} {n}" for k, n in (e.get("redactions") or {}).items()) or "no redactions"
        withheld = (e.get("sensitive") or {}).get("withheld") or {}
        if withheld:
            counts += "; special categories withheld: " + ", ".join(f"{k} {n}" for k, n in withheld.items())
        yield f"{str(e.get('at'))[:19]}  {who}  {kind}  {period}  {e.get('destination')}  {counts}"


def cmd_export_log(args: argparse.Namespace, ctx: CliContext) -> int:
    from mentorjournal.export.exporting import export_log

    journal = ctx.open_journal(read_only=True)
    entries = export_log(journal)
    if args.json:
        ctx.print_json(entries)
        return 0
    if not entries:
        ctx.print("No exports recorded.")
    names = {m.id: f"{m.name} ({m.pseudonym})" for m in journal.mentees()}
    for line in _log_lines(entries, names):
        ctx.print(line)
    return 0
