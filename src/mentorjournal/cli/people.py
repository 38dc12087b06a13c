"""`person` and `concern` commands: third parties named in notes, and concern records (never exported)."""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import command, date_or_none, group, time_arg
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import fmt, one_line, print_object, record_json, short
from mentorjournal.errors import NotFound
from mentorjournal.journal import ConcernRecord, Journal, Person
from mentorjournal.journal.noteformat import normalise_line
from mentorjournal.journal.text import fold


def register(sub: Any) -> None:
    g = group(sub, "person", "third parties named in notes (redaction uses them)")
    p = command(g, "add", cmd_person_add, "add a person", json=True)
    p.add_argument("name")
    p.add_argument("--alias", action="append", default=[])
    p.add_argument("--relationship", default="")
    p.add_argument("--mentee", help="the mentee they relate to")
    p.add_argument("--notes", default="")
    command(g, "list", cmd_person_list, "list people", json=True)
    p = command(g, "edit", cmd_person_edit, "change a person", json=True)
    p.add_argument("id", help="an id prefix, or a name or alias")
    p.add_argument("--name")
    p.add_argument("--alias", action="append", default=[], help="add an alias (repeatable)")
    p.add_argument("--remove-alias", action="append", default=[], help="remove an alias (repeatable)")
    p.add_argument("--relationship")
    p.add_argument("--mentee", help="the mentee they relate to ('' for none)")
    p.add_argument("--notes")
    p = command(g, "delete", cmd_person_delete, "delete a person (exports stop replacing the name)")
    p.add_argument("id", help="an id prefix, or a name or alias")

    g = group(sub, "concern", "concern records (never exported)")
    p = command(g, "add", cmd_concern_add, "record a concern", json=True)
    p.add_argument("--mentee", required=True)
    p.add_argument("--date", help="default: today")
    p.add_argument("--time", metavar="HH:MM")
    p.add_argument("--place", default="")
    p.add_argument("--session", metavar="ID")
    p.add_argument("--words", default="", help="the words used")
    p.add_argument("--said-by", default="")
    p.add_argument("--response", default="", help="the mentor's response")
    p.add_argument("--action-taken", default="")
    p.add_argument("--informed", default="", help="who was informed")
    p.add_argument("--consent", default="", help="consent, or the justification without it")
    p = command(g, "list", cmd_concern_list, "list concern records", json=True)
    p.add_argument("--mentee")


def cmd_person_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    person = Person(
        name=normalise_line(args.name),
        aliases=[normalise_line(a) for a in args.alias if normalise_line(a)],
        relationship=args.relationship.strip(),
        mentee_id=journal.find_mentee(args.mentee).id if args.mentee else None,
        notes=args.notes,
    )
    saved = journal.save(person)
    print_object(ctx, journal, saved, args, f"Added {saved.name} (id {short(saved.id)}); exports will redact them.")
    return 0


def cmd_person_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    people = journal.people()
    if args.json:
        ctx.print_json([record_json(journal, p) for p in people])
        return 0
    for p in people:
        aliases = f" (also {', '.join(p.aliases)})" if p.aliases else ""
        rel = f"  {p.relationship}" if p.relationship else ""
        ctx.print(f"{short(p.id)}  {p.name}{aliases}{rel}")
    return 0


def find_person(journal: Journal, key: str) -> Person:
    """By id prefix, or by name or alias (case- and accent-insensitive); ambiguity is an error."""
    wanted = fold(key.strip())
    named = [p for p in journal.people() if wanted in {fold(n) for n in p.names}]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise NotFound(f"{len(named)} people have that name; use the id (`person list`)")
    return journal.person(key)


def cmd_person_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    person = find_person(journal, args.id)
    if args.name is not None:
        person.name = normalise_line(args.name)
    removed = {fold(a) for a in args.remove_alias}
    aliases = [a for a in person.aliases if fold(a) not in removed]
    aliases += [normalise_line(a) for a in args.alias if normalise_line(a)]
    person.aliases = list(dict.fromkeys(aliases))
    if args.relationship is not None:
        person.relationship = args.relationship.strip()
    if args.mentee is not None:
        person.mentee_id = journal.find_mentee(args.mentee).id if args.mentee.strip() else None
    if args.notes is not None:
        person.notes = args.notes
    saved = journal.save(person)
    print_object(ctx, journal, saved, args, f"Saved {saved.name} (id {short(saved.id)}).")
    return 0


def cmd_person_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    person = find_person(journal, args.id)
    journal.delete(person.id)
    ctx.print(f"Deleted {person.name} (id {short(person.id)}); exports no longer replace that name.")
    return 0


def cmd_concern_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    concern = ConcernRecord(
        mentee_id=mentee.id,
        date=date_or_none(args.date, "--date", journal) or journal.today(),
        time=time_arg(args.time),
        place=args.place,
        session_id=journal.session(args.session).id if args.session else None,
        words=args.words,
        said_by=args.said_by,
        response=args.response,
        action_taken=args.action_taken,
        informed=args.informed,
        consent=args.consent,
    )
    saved = journal.save(concern)
    print_object(ctx, journal, saved, args, f"Recorded concern {short(saved.id)} (never exported).")
    return 0


def cmd_concern_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    concerns = journal.concerns(mentee_id)
    if args.json:
        ctx.print_json([record_json(journal, c) for c in concerns])
        return 0
    for c in concerns:
        ctx.print(f"{short(c.id)}  {fmt(c.date)}  {journal.mentee_name(c.mentee_id)}  {one_line(c.words) or '-'}")
    return 0
