"""`session` commands: add, list, show, edit, delete, history.

A session is written and read as a note (docs/note-format.md), through the journal's one save path
(``journal.notes``), the same one the app's editor uses.
"""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import (
    command,
    date_or_none,
    group,
    nonnegative,
    read_note_file,
    read_stdin_note,
    time_arg,
)
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import conflict_mark, fmt, incomplete_warning, one_line, record_json, short
from mentorjournal.errors import InvalidInput, UsageError
from mentorjournal.journal import Journal, Session
from mentorjournal.journal.noteformat import Note, parse, render
from mentorjournal.journal.notes import NEW_SESSION_KINDS, note_for_session, save_note


def register(sub: Any) -> None:
    g = group(sub, "session", "record, list, show, edit and delete sessions")
    p = command(g, "add", cmd_session_add, "record a session (note from --file or standard input)", json=True)
    _session_options(p)
    p = command(g, "list", cmd_session_list, "list sessions, newest first", json=True)
    p.add_argument("--mentee", help="name, alias or id prefix")
    p.add_argument("--since", metavar="DATE")
    p.add_argument("--until", metavar="DATE")
    p.add_argument("--tag")
    p.add_argument("--limit", type=int, metavar="N")
    p = command(g, "show", cmd_session_show, "print a session as a note (the format `session edit` reads)", json=True)
    p.add_argument("id", help="session id or unique prefix")
    p = command(g, "edit", cmd_session_edit, "replace a session from a note file (or standard input)", json=True)
    p.add_argument("id", help="session id or unique prefix")
    _session_options(p, edit=True)
    p = command(g, "delete", cmd_session_delete, "delete a session and its action items (history kept)")
    p.add_argument("id", help="session id or unique prefix")
    p = command(g, "history", cmd_session_history, "every saved version of a session", json=True)
    p.add_argument("id", help="session id or unique prefix (deleted sessions too)")


def _session_options(p: argparse.ArgumentParser, *, edit: bool = False) -> None:
    p.add_argument("--mentee", required=False, help="name, alias or id prefix")
    p.add_argument("--date", help="YYYY-MM-DD" + ("" if edit else " (default: today)"))
    p.add_argument("--time", metavar="HH:MM")
    p.add_argument("--duration", type=int, metavar="MIN")
    p.add_argument("--format", help="in person, video, phone...")
    p.add_argument("--title")
    p.add_argument("--tag", action="append", metavar="T", help="topic tag (repeatable; replaces the note's tags)")
    p.add_argument("--next", metavar="DATE", help="next meeting date")
    p.add_argument("--file", metavar="PATH", help="a note file (docs/note-format.md); '-' for standard input")


def _parse_with_source(text: str, source: str) -> Note:
    try:
        return parse(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{source}: {exc}") from None


def _note_from_args(args: argparse.Namespace, ctx: CliContext, journal: Journal) -> Note:
    """The note from --file or standard input, with command-line values winning."""
    text: str | None
    source = "standard input"
    if args.file == "-":
        text = read_stdin_note(ctx)
        if text is None:
            raise UsageError("--file - needs the note on standard input")
    elif args.file:
        text, source = read_note_file(args.file), args.file
    else:
        text = read_stdin_note(ctx)
    note = _parse_with_source(text, source) if text is not None else Note()
    return note.with_overrides(
        mentee=args.mentee,
        date=date_or_none(args.date, "--date", journal),
        start_time=time_arg(args.time),
        duration_minutes=nonnegative(args.duration, "--duration"),
        format=args.format,
        title=args.title,
        tags=args.tag,
        next_meeting=date_or_none(args.next, "--next", journal),
    )


def _session_line(journal: Journal, s: Session) -> str:
    when = fmt(s.date) + (f" {fmt(s.start_time)}" if s.start_time else "")
    minutes = f" {s.duration_minutes}min" if s.duration_minutes is not None else ""
    tags = f"  [{', '.join(s.tags)}]" if s.tags else ""
    line = f"{short(s.id)}  {when}{minutes}  {journal.mentee_name(s.mentee_id)}  {one_line(s.title) or '-'}{tags}"
    return line + conflict_mark(journal, s.id)


def _session_json(journal: Journal, s: Session) -> dict[str, Any]:
    out = record_json(journal, s)
    out["actions"] = [record_json(journal, a) for a in journal.session_actions(s.id)]
    return out


def cmd_session_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(kinds=NEW_SESSION_KINDS)  # a new session reads no other session
    note = _note_from_args(args, ctx, journal)
    if note.id:
        raise UsageError(
            f"this note already has an id (line {note.lines.get('id', 1)}); use `session edit` to change a session"
        )
    if note.mentee is None:
        raise UsageError("which mentee? give --mentee NAME (or 'mentee:' in the note)")
    session = save_note(journal, note, default_date=journal.today())
    ctx.warn_unclosed_private(session, *journal.session_actions(session.id))
    if args.json:
        ctx.print_json(_session_json(journal, session))
    else:
        n = len(journal.session_actions(session.id))
        extra = f" with {n} action item(s)" if n else ""
        who = journal.mentee_name(session.mentee_id)
        ctx.print(f"Recorded session {short(session.id)} ({fmt(session.date)}, {who}){extra}.")
    return 0


def cmd_session_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    sessions = journal.sessions(
        mentee_id=mentee_id,
        since=date_or_none(args.since, "--since", journal),
        until=date_or_none(args.until, "--until", journal),
        tag=args.tag,
    )
    if args.limit is not None:
        sessions = sessions[: max(args.limit, 0)]
    if args.json:
        ctx.print_json([record_json(journal, s) for s in sessions])
        return 0
    for s in sessions:
        ctx.print(_session_line(journal, s))
    if not sessions:
        ctx.info("No sessions match.")
    elif warning := incomplete_warning(journal):
        ctx.print(warning)
    return 0


def cmd_session_show(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    session = journal.session(args.id)
    if args.json:
        ctx.print_json(_session_json(journal, session))
    else:
        ctx.print_document(_marked(journal, session, render(note_for_session(journal, session))))
    return 0


def _marked(journal: Journal, session: Session, text: str) -> str:
    """The note with what a reader must know as front-matter comments (ignored when the note is read back)."""
    marks = [m.strip() for m in (conflict_mark(journal, session.id).strip(" []"), incomplete_warning(journal)) if m]
    if not marks or not text.startswith("---\n"):
        return text
    return "---\n" + "".join(f"# {m}\n" for m in marks) + text[4:]


def cmd_session_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    existing = journal.session(args.id)
    note = _note_from_args(args, ctx, journal)
    if note.id and not existing.id.startswith(note.id):
        raise UsageError(f"the note's id (line {note.lines.get('id', 1)}) is another session's")
    note.id = None
    session = save_note(journal, note, existing=existing)
    ctx.warn_unclosed_private(session, *journal.session_actions(session.id))
    if args.json:
        ctx.print_json(_session_json(journal, session))
    else:
        ctx.print(f"Saved session {short(session.id)} (a new revision; `session history` lists them).")
    return 0


def cmd_session_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    session = journal.session(args.id)
    n = len(journal.session_actions(session.id))
    journal.delete(session.id)
    extra = f" and its {n} action item(s)" if n else ""
    ctx.print(f"Deleted session {short(session.id)}{extra}; its history is kept.")
    return 0


def cmd_session_history(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    entries = journal.history(args.id)
    kinds = {e.obj.KIND for e in entries if e.obj is not None}
    if kinds and kinds != {"session"}:
        raise UsageError("that id is not a session")
    if args.json:
        ctx.print_json(
            [
                {
                    "revision_id": e.revision_id,
                    "written_at": e.written_at.isoformat().replace("+00:00", "Z"),
                    "deleted": e.deleted,
                    "parents": list(e.parents),
                    "session": record_json(journal, e.obj) if e.obj is not None else None,
                }
                for e in entries
            ]
        )
        return 0
    for e in entries:
        when = e.written_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if e.deleted:
            what = "deleted"
        elif isinstance(e.obj, Session):
            what = f"{fmt(e.obj.date)}  {one_line(e.obj.title) or '-'}  ({len(e.obj.notes)} characters of notes)"
        else:
            what = "(unreadable by this version)"
        merge = "  merge" if len(e.parents) > 1 else ""
        ctx.print(f"{short(e.revision_id)}  {when}  {what}{merge}")
    return 0
