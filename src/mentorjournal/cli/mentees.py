"""`mentee` commands: add, list, show, edit, archive."""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import command, date_or_none, group, parse_date_arg
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import fmt, print_object, print_table, record_json, short
from mentorjournal.journal import MENTEE_STATUSES, Journal, Mentee
from mentorjournal.journal.noteformat import normalise_line


def register(sub: Any) -> None:
    g = group(sub, "mentee", "add, list, show, edit and archive mentees")
    p = command(g, "add", cmd_mentee_add, "add a mentee", json=True)
    p.add_argument("name")
    _mentee_options(p)
    p = command(g, "list", cmd_mentee_list, "list mentees", json=True)
    p.add_argument("--all", action="store_true", help="include archived mentees")
    p = command(g, "show", cmd_mentee_show, "show one mentee", json=True)
    p.add_argument("mentee", help="name, alias or id prefix")
    p = command(g, "edit", cmd_mentee_edit, "change a mentee's details", json=True)
    p.add_argument("mentee", help="name, alias or id prefix")
    p.add_argument("--name", help="new display name")
    p.add_argument("--remove-alias", action="append", default=[], metavar="ALIAS")
    _mentee_options(p)
    p.add_argument("--ended", metavar="DATE")
    p = command(g, "archive", cmd_mentee_archive, "archive a mentee (hidden from lists; nothing deleted)")
    p.add_argument("mentee", help="name, alias or id prefix")
    p.add_argument("--date", help="end date (default: today)")


def _mentee_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--alias", action="append", default=[], help="another name or spelling (repeatable)")
    p.add_argument("--pseudonym", help='label used in exports (default: the next free "Mentee X")')
    p.add_argument("--contact", help="e-mail, phone...")
    p.add_argument("--organisation")
    p.add_argument("--role")
    p.add_argument("--programme")
    p.add_argument("--status", choices=MENTEE_STATUSES)
    p.add_argument("--started", metavar="DATE")


def _apply_mentee_options(m: Mentee, args: argparse.Namespace, journal: Journal) -> None:
    for alias in args.alias:
        alias = normalise_line(alias)
        if alias and alias not in m.aliases:
            m.aliases.append(alias)
    for name in ("pseudonym", "contact", "organisation", "role", "programme", "status"):
        value = getattr(args, name)
        if value is not None:
            setattr(m, name, normalise_line(value) if name != "contact" else value.strip())
    if args.started is not None:
        m.started = parse_date_arg(args.started, "--started", today=journal.today())


def cmd_mentee_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = Mentee(name=normalise_line(args.name))
    _apply_mentee_options(mentee, args, journal)
    saved = journal.save(mentee)
    print_object(ctx, journal, saved, args, f"Added mentee {saved.name} ({saved.pseudonym}, id {short(saved.id)}).")
    return 0


def cmd_mentee_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentees = journal.mentees(include_archived=args.all)
    if args.json:
        ctx.print_json([record_json(journal, m) for m in mentees])
        return 0
    if not mentees:
        ctx.info("No mentees yet: add one with `mentorjournal mentee add NAME`.")
    overview = journal.overview()  # from the index: no session is decoded
    for m in mentees:
        o = overview[m.id]
        flag = " (archived)" if m.archived else ""
        ctx.print(
            f"{short(m.id)}  {m.name}{flag}  {m.pseudonym}  {m.status}  "
            f"{o.sessions} sessions, last {fmt(o.last_session)}"
        )
    return 0


def cmd_mentee_show(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    m = journal.find_mentee(args.mentee)
    o = journal.overview()[m.id]
    goals = journal.goals(m.id)
    if args.json:
        out = record_json(journal, m)
        out["sessions"] = o.sessions
        out["open_actions"] = o.open_actions
        out["goals"] = len(goals)
        agreement = journal.agreement(m.id)
        out["agreement_id"] = agreement.id if agreement else None
        ctx.print_json(out)
        return 0
    rows = [
        ("Name", m.name),
        ("Id", m.id),
        ("Aliases", ", ".join(m.aliases) or "-"),
        ("Pseudonym", m.pseudonym),
        ("Status", m.status + (" (archived)" if m.archived else "")),
        ("Contact", m.contact or "-"),
        ("Organisation", m.organisation or "-"),
        ("Role", m.role or "-"),
        ("Programme", m.programme or "-"),
        ("Started", fmt(m.started)),
        ("Ended", fmt(m.ended)),
        ("Sessions", f"{o.sessions}" + (f", last {fmt(o.last_session)}" if o.last_session else "")),
        ("Goals", str(len(goals))),
        ("Open actions", str(o.open_actions)),
    ]
    print_table(ctx, rows, 14)
    return 0


def cmd_mentee_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    m = journal.find_mentee(args.mentee)
    if args.name is not None:
        m.name = normalise_line(args.name)
    removed = {a.casefold() for a in args.remove_alias}
    m.aliases = [a for a in m.aliases if a.casefold() not in removed]
    _apply_mentee_options(m, args, journal)
    if args.ended is not None:
        m.ended = parse_date_arg(args.ended, "--ended", today=journal.today())
    saved = journal.save(m)
    print_object(ctx, journal, saved, args, f"Saved mentee {saved.name} (id {short(saved.id)}).")
    return 0


def cmd_mentee_archive(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    m = journal.find_mentee(args.mentee)
    saved = journal.archive_mentee(m.id, on=date_or_none(args.date, "--date", journal))
    ctx.print(f"Archived {saved.name}; their records are kept (`mentee list --all` shows them).")
    return 0
