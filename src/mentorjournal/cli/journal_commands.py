"""Journal commands: mentee, session, goal, action, agreement, person, concern, search, due, import.

Every command is a thin layer over ``mentorjournal.journal`` (the same services the TUI calls).
Read commands open the vault read-only (no writer lock) and take ``--json``; write commands open it
writable. IDs may be given by any unique prefix; mentees also by name or alias. Errors are one line
(``MentorJournalError``) and never quote note content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mentorjournal.cli.context import CliContext
from mentorjournal.errors import InvalidInput, UsageError
from mentorjournal.journal import (
    ACTION_OWNERS,
    GOAL_STATUSES,
    MENTEE_STATUSES,
    ActionItem,
    Agreement,
    ConcernRecord,
    Goal,
    Journal,
    JournalObject,
    Mentee,
    NextMeeting,
    Person,
    Session,
    codec,
)
from mentorjournal.journal.importer import apply_import, parse_tag_map, plan_import
from mentorjournal.journal.noteformat import Note, normalise_line, parse, render
from mentorjournal.journal.notes import note_for_session, save_note

Handler = Callable[[argparse.Namespace, CliContext], int]


# --- argument helpers ----------------------------------------------------------------------------


def parse_date_arg(value: str, option: str = "date", *, today: dt.date | None = None) -> dt.date:
    """YYYY-MM-DD, or today / yesterday / tomorrow."""
    word = value.strip().lower()
    base = today or dt.date.today()
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if word in relative:
        return base + dt.timedelta(days=relative[word])
    try:
        if len(word) != 10:
            raise ValueError
        return dt.date.fromisoformat(word)
    except ValueError:
        raise UsageError(f"{option} must be a date as YYYY-MM-DD (or today, yesterday, tomorrow)") from None


def _date_or_none(value: str | None, option: str, journal: Journal | None = None) -> dt.date | None:
    if value is None:
        return None
    return parse_date_arg(value, option, today=journal.today() if journal else None)


def _time_arg(value: str | None) -> dt.time | None:
    if value is None:
        return None
    try:
        hour, minute = (int(p) for p in value.strip().split(":"))
        return dt.time(hour, minute)
    except ValueError:
        raise UsageError("--time must be HH:MM") from None


def _nonnegative(value: int | None, option: str) -> int | None:
    if value is not None and value < 0:
        raise UsageError(f"{option} cannot be negative")
    return value


def _fmt(value: dt.date | dt.time | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value.isoformat()


def _short(record_id: str | None) -> str:
    return record_id[:8] if record_id else "-"


def _one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _json(journal: Journal, obj: JournalObject) -> dict[str, Any]:
    out = codec.to_json(obj)
    mentee_id = getattr(obj, "mentee_id", None)
    if mentee_id:
        out["mentee"] = journal.mentee_name(mentee_id)
    return out


def _read_stdin_note(ctx: CliContext) -> str | None:
    """The note body from standard input when it is not a terminal (``echo ... | session add``)."""
    stdin = sys.stdin
    if ctx.passphrase_file == "-":  # noqa: S105 - the stdin marker, not a password
        return None  # standard input carried the passphrase
    try:
        if stdin is None or stdin.isatty():
            return None
        text = stdin.read()
    except (OSError, ValueError):
        return None
    return text if text.strip() else None


def _read_note_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path} ({exc.__class__.__name__})") from None


def _parse_with_source(text: str, source: str) -> Note:
    try:
        return parse(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{source}: {exc}") from None


# --- registration --------------------------------------------------------------------------------


def _group(sub: Any, name: str, help_text: str) -> Any:
    parser = sub.add_parser(name, help=help_text)
    inner = parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)
    return inner


def _cmd(sub: Any, name: str, handler: Handler, help_text: str, *, json: bool = False) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    if json:
        p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=handler)
    return p


def register(sub: Any) -> None:
    # mentee
    g = _group(sub, "mentee", "add, list, show, edit and archive mentees")
    p = _cmd(g, "add", cmd_mentee_add, "add a mentee", json=True)
    p.add_argument("name")
    _mentee_options(p)
    p = _cmd(g, "list", cmd_mentee_list, "list mentees", json=True)
    p.add_argument("--all", action="store_true", help="include archived mentees")
    p = _cmd(g, "show", cmd_mentee_show, "show one mentee", json=True)
    p.add_argument("mentee", help="name, alias or id prefix")
    p = _cmd(g, "edit", cmd_mentee_edit, "change a mentee's details", json=True)
    p.add_argument("mentee", help="name, alias or id prefix")
    p.add_argument("--name", help="new display name")
    p.add_argument("--remove-alias", action="append", default=[], metavar="ALIAS")
    _mentee_options(p)
    p.add_argument("--ended", metavar="DATE")
    p = _cmd(g, "archive", cmd_mentee_archive, "archive a mentee (hidden from lists; nothing deleted)")
    p.add_argument("mentee", help="name, alias or id prefix")
    p.add_argument("--date", help="end date (default: today)")

    # session
    g = _group(sub, "session", "record, list, show, edit and delete sessions")
    p = _cmd(g, "add", cmd_session_add, "record a session (note from --file or standard input)", json=True)
    _session_options(p)
    p = _cmd(g, "list", cmd_session_list, "list sessions, newest first", json=True)
    p.add_argument("--mentee", help="name, alias or id prefix")
    p.add_argument("--since", metavar="DATE")
    p.add_argument("--until", metavar="DATE")
    p.add_argument("--tag")
    p.add_argument("--limit", type=int, metavar="N")
    p = _cmd(g, "show", cmd_session_show, "print a session as a note (the format `session edit` reads)", json=True)
    p.add_argument("id", help="session id or unique prefix")
    p = _cmd(g, "edit", cmd_session_edit, "replace a session from a note file (or standard input)", json=True)
    p.add_argument("id", help="session id or unique prefix")
    _session_options(p, edit=True)
    p = _cmd(g, "delete", cmd_session_delete, "delete a session and its action items (history kept)")
    p.add_argument("id", help="session id or unique prefix")
    p = _cmd(g, "history", cmd_session_history, "every saved version of a session", json=True)
    p.add_argument("id", help="session id or unique prefix (deleted sessions too)")

    # goal
    g = _group(sub, "goal", "add, list, edit goals and record progress")
    p = _cmd(g, "add", cmd_goal_add, "add a goal", json=True)
    p.add_argument("title")
    p.add_argument("--mentee", required=True)
    _goal_options(p)
    p = _cmd(g, "list", cmd_goal_list, "list goals", json=True)
    p.add_argument("--mentee")
    p = _cmd(g, "edit", cmd_goal_edit, "change a goal", json=True)
    p.add_argument("id")
    p.add_argument("--title")
    _goal_options(p)
    p.add_argument("--status", choices=GOAL_STATUSES)
    p = _cmd(g, "progress", cmd_goal_progress, "record progress on a goal", json=True)
    p.add_argument("id")
    p.add_argument("--percent", type=int, help="0..100 (100 marks the goal achieved)")
    p.add_argument("--comment", default="")
    p.add_argument("--date", help="default: today")

    # action
    g = _group(sub, "action", "add, list and complete action items")
    p = _cmd(g, "add", cmd_action_add, "add an action item", json=True)
    p.add_argument("text")
    p.add_argument("--mentee", required=True)
    p.add_argument("--owner", choices=ACTION_OWNERS, default="mentee")
    p.add_argument("--due", metavar="DATE")
    p.add_argument("--session", metavar="ID")
    p.add_argument("--goal", metavar="ID")
    p = _cmd(g, "list", cmd_action_list, "list action items", json=True)
    p.add_argument("--mentee")
    p.add_argument("--open", action="store_true", help="open items only")
    p = _cmd(g, "done", cmd_action_done, "mark an action item done (or dropped)", json=True)
    p.add_argument("id")
    p.add_argument("--date", help="default: today")
    p.add_argument("--dropped", action="store_true", help="mark it dropped instead")
    p.add_argument("--reopen", action="store_true", help="mark it open again")

    # agreement
    g = _group(sub, "agreement", "show and edit a mentee's agreement")
    p = _cmd(g, "show", cmd_agreement_show, "show the agreement", json=True)
    p.add_argument("mentee")
    p = _cmd(g, "edit", cmd_agreement_edit, "create or revise the agreement", json=True)
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

    # person
    g = _group(sub, "person", "third parties named in notes (redaction uses them)")
    p = _cmd(g, "add", cmd_person_add, "add a person", json=True)
    p.add_argument("name")
    p.add_argument("--alias", action="append", default=[])
    p.add_argument("--relationship", default="")
    p.add_argument("--mentee", help="the mentee they relate to")
    p.add_argument("--notes", default="")
    p = _cmd(g, "list", cmd_person_list, "list people", json=True)

    # concern
    g = _group(sub, "concern", "concern records (never exported)")
    p = _cmd(g, "add", cmd_concern_add, "record a concern", json=True)
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
    p = _cmd(g, "list", cmd_concern_list, "list concern records", json=True)
    p.add_argument("--mentee")

    # search, due, import
    p = _cmd(sub, "search", cmd_search, "search everything you wrote (case- and accent-insensitive)", json=True)
    p.add_argument("query", nargs="+")
    p.add_argument("--mentee")
    p.add_argument("--limit", type=int, default=20)
    p = _cmd(sub, "due", cmd_due, "overdue and upcoming actions, meetings and goals", json=True)
    p.add_argument("--today", metavar="DATE", help="pretend today is DATE")
    p.add_argument("--days", type=int, default=14, help="how far ahead to look (default 14)")
    p = _cmd(sub, "import", cmd_import, "import a folder of notes, a note file, or a jrnl JSON export", json=True)
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


def _mentee_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--alias", action="append", default=[], help="another name or spelling (repeatable)")
    p.add_argument("--pseudonym", help='label used in exports (default: the next free "Mentee X")')
    p.add_argument("--contact", help="e-mail, phone...")
    p.add_argument("--organisation")
    p.add_argument("--role")
    p.add_argument("--programme")
    p.add_argument("--status", choices=MENTEE_STATUSES)
    p.add_argument("--started", metavar="DATE")


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


def _goal_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--detail")
    p.add_argument("--measure", help="how success will be recognised")
    p.add_argument("--target", metavar="DATE", help="target date")


# --- mentees -------------------------------------------------------------------------------------


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


def _print_object(ctx: CliContext, journal: Journal, obj: JournalObject, args: argparse.Namespace, line: str) -> None:
    if getattr(args, "json", False):
        ctx.print_json(_json(journal, obj))
    else:
        ctx.print(line)


def cmd_mentee_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = Mentee(name=normalise_line(args.name))
    _apply_mentee_options(mentee, args, journal)
    saved = journal.save(mentee)
    _print_object(ctx, journal, saved, args, f"Added mentee {saved.name} ({saved.pseudonym}, id {_short(saved.id)}).")
    return 0


def cmd_mentee_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentees = journal.mentees(include_archived=args.all)
    if args.json:
        ctx.print_json([_json(journal, m) for m in mentees])
        return 0
    if not mentees:
        ctx.info("No mentees yet: add one with `mentorjournal mentee add NAME`.")
    for m in mentees:
        sessions = journal.sessions(mentee_id=m.id)
        last = _fmt(sessions[0].date) if sessions else "-"
        flag = " (archived)" if m.archived else ""
        ctx.print(f"{_short(m.id)}  {m.name}{flag}  {m.pseudonym}  {m.status}  {len(sessions)} sessions, last {last}")
    return 0


def cmd_mentee_show(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    m = journal.find_mentee(args.mentee)
    sessions = journal.sessions(mentee_id=m.id)
    open_actions = journal.actions(m.id, open_only=True)
    goals = journal.goals(m.id)
    if args.json:
        out = _json(journal, m)
        out["sessions"] = len(sessions)
        out["open_actions"] = len(open_actions)
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
        ("Started", _fmt(m.started)),
        ("Ended", _fmt(m.ended)),
        ("Sessions", f"{len(sessions)}" + (f", last {_fmt(sessions[0].date)}" if sessions else "")),
        ("Goals", str(len(goals))),
        ("Open actions", str(len(open_actions))),
    ]
    for label, value in rows:
        ctx.print(f"{label + ':':14}{value}")
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
    _print_object(ctx, journal, saved, args, f"Saved mentee {saved.name} (id {_short(saved.id)}).")
    return 0


def cmd_mentee_archive(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    m = journal.find_mentee(args.mentee)
    saved = journal.archive_mentee(m.id, on=_date_or_none(args.date, "--date", journal))
    ctx.print(f"Archived {saved.name}; their records are kept (`mentee list --all` shows them).")
    return 0


# --- sessions ------------------------------------------------------------------------------------


def _note_from_args(args: argparse.Namespace, ctx: CliContext, journal: Journal, *, edit: bool) -> Note:
    """The note from --file or standard input, with command-line values winning."""
    text: str | None
    source = "standard input"
    if args.file == "-":
        text = _read_stdin_note(ctx)
        if text is None:
            raise UsageError("--file - needs the note on standard input")
    elif args.file:
        text, source = _read_note_file(args.file), args.file
    else:
        text = _read_stdin_note(ctx)
    note = _parse_with_source(text, source) if text is not None else Note()
    return note.with_overrides(
        mentee=args.mentee,
        date=_date_or_none(args.date, "--date", journal),
        start_time=_time_arg(args.time),
        duration_minutes=_nonnegative(args.duration, "--duration"),
        format=args.format,
        title=args.title,
        tags=args.tag,
        next_meeting=_date_or_none(args.next, "--next", journal),
    )


def _session_line(journal: Journal, s: Session) -> str:
    when = _fmt(s.date) + (f" {_fmt(s.start_time)}" if s.start_time else "")
    minutes = f" {s.duration_minutes}min" if s.duration_minutes is not None else ""
    tags = f"  [{', '.join(s.tags)}]" if s.tags else ""
    return f"{_short(s.id)}  {when}{minutes}  {journal.mentee_name(s.mentee_id)}  {_one_line(s.title) or '-'}{tags}"


def _session_json(journal: Journal, s: Session) -> dict[str, Any]:
    out = _json(journal, s)
    out["actions"] = [_json(journal, a) for a in journal.session_actions(s.id)]
    return out


def cmd_session_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    note = _note_from_args(args, ctx, journal, edit=False)
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
        ctx.print(f"Recorded session {_short(session.id)} ({_fmt(session.date)}, {who}){extra}.")
    return 0


def cmd_session_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    sessions = journal.sessions(
        mentee_id=mentee_id,
        since=_date_or_none(args.since, "--since", journal),
        until=_date_or_none(args.until, "--until", journal),
        tag=args.tag,
    )
    if args.limit is not None:
        sessions = sessions[: max(args.limit, 0)]
    if args.json:
        ctx.print_json([_json(journal, s) for s in sessions])
        return 0
    for s in sessions:
        ctx.print(_session_line(journal, s))
    if not sessions:
        ctx.info("No sessions match.")
    return 0


def cmd_session_show(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    session = journal.session(args.id)
    if args.json:
        ctx.print_json(_session_json(journal, session))
    else:
        ctx.print(render(note_for_session(journal, session)).rstrip("\n"))
    return 0


def cmd_session_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    existing = journal.session(args.id)
    note = _note_from_args(args, ctx, journal, edit=True)
    if note.id and not existing.id.startswith(note.id):
        raise UsageError(f"the note's id (line {note.lines.get('id', 1)}) is another session's")
    note.id = None
    session = save_note(journal, note, existing=existing)
    ctx.warn_unclosed_private(session, *journal.session_actions(session.id))
    if args.json:
        ctx.print_json(_session_json(journal, session))
    else:
        ctx.print(f"Saved session {_short(session.id)} (a new revision; `session history` lists them).")
    return 0


def cmd_session_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    session = journal.session(args.id)
    n = len(journal.session_actions(session.id))
    journal.delete(session.id)
    extra = f" and its {n} action item(s)" if n else ""
    ctx.print(f"Deleted session {_short(session.id)}{extra}; its history is kept.")
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
                    "session": _json(journal, e.obj) if e.obj is not None else None,
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
            what = f"{_fmt(e.obj.date)}  {_one_line(e.obj.title) or '-'}  ({len(e.obj.notes)} characters of notes)"
        else:
            what = "(unreadable by this version)"
        merge = "  merge" if len(e.parents) > 1 else ""
        ctx.print(f"{_short(e.revision_id)}  {when}  {what}{merge}")
    return 0


# --- goals ---------------------------------------------------------------------------------------


def _goal_line(journal: Journal, g: Goal) -> str:
    pct = f"{g.percent}%" if g.percent is not None else "-"
    target = f"  target {_fmt(g.target_date)}" if g.target_date else ""
    return f"{_short(g.id)}  {journal.mentee_name(g.mentee_id)}  {g.status}  {pct}  {_one_line(g.title)}{target}"


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
    _print_object(ctx, journal, saved, args, f"Added goal {_short(saved.id)} for {mentee.name}.")
    return 0


def cmd_goal_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    goals = journal.goals(mentee_id)
    if args.json:
        ctx.print_json([_json(journal, g) for g in goals])
    else:
        for g in goals:
            ctx.print(_goal_line(journal, g))
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
    _print_object(ctx, journal, saved, args, f"Saved goal {_short(saved.id)}.")
    return 0


def cmd_goal_progress(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    if args.percent is None and not args.comment.strip():
        raise UsageError("give --percent N, --comment TEXT, or both")
    on = _date_or_none(args.date, "--date", journal) or journal.today()
    saved = journal.add_progress(args.id, on=on, percent=args.percent, comment=args.comment.strip())
    pct = f"{saved.percent}%" if saved.percent is not None else "no figure yet"
    _print_object(ctx, journal, saved, args, f"Recorded progress on goal {_short(saved.id)} ({pct}, {saved.status}).")
    return 0


# --- actions -------------------------------------------------------------------------------------


def _action_line(journal: Journal, a: ActionItem) -> str:
    box = {"open": "[ ]", "done": "[x]", "dropped": "[-]"}.get(a.status, "[?]")
    due = f"  due {_fmt(a.due)}" if a.due else ""
    return f"{_short(a.id)}  {box} {a.owner}: {_one_line(a.text)}{due}  ({journal.mentee_name(a.mentee_id)})"


def cmd_action_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    action = ActionItem(
        mentee_id=mentee.id,
        text=normalise_line(args.text),
        owner=args.owner,
        due=_date_or_none(args.due, "--due", journal),
        session_id=journal.session(args.session).id if args.session else None,
        goal_id=journal.goal(args.goal).id if args.goal else None,
    )
    saved = journal.save(action)
    _print_object(ctx, journal, saved, args, f"Added action item {_short(saved.id)} for {mentee.name}.")
    return 0


def cmd_action_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    actions = journal.actions(mentee_id, open_only=args.open)
    if args.json:
        ctx.print_json([_json(journal, a) for a in actions])
    else:
        for a in actions:
            ctx.print(_action_line(journal, a))
    return 0


def cmd_action_done(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    if args.dropped and args.reopen:
        raise UsageError("--dropped and --reopen contradict each other")
    status = "dropped" if args.dropped else "open" if args.reopen else "done"
    saved = journal.mark_action(args.id, status, on=_date_or_none(args.date, "--date", journal))
    _print_object(ctx, journal, saved, args, f"Action item {_short(saved.id)} is now {saved.status}.")
    return 0


# --- agreements ----------------------------------------------------------------------------------


def cmd_agreement_show(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee = journal.find_mentee(args.mentee)
    agreement = journal.agreement(mentee.id)
    if args.json:
        ctx.print_json(_json(journal, agreement) if agreement else None)
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
        ("Starts", _fmt(agreement.starts)),
        ("Review", _fmt(agreement.review_on)),
        ("Ends", _fmt(agreement.ends)),
        ("Confidentiality", agreement.confidentiality or "-"),
        ("Limits", agreement.confidentiality_limits or "-"),
        ("Summaries to coordinator", "yes" if agreement.consent_share_summaries_with_coordinator else "no"),
        ("Coordinator", agreement.coordinator or "-"),
        ("Consent notes", agreement.consent_notes or "-"),
    ]
    for label, value in rows:
        ctx.print(f"{label + ':':26}{value}")
    return 0


def cmd_agreement_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    agreement = journal.agreement(mentee.id) or Agreement(mentee_id=mentee.id)
    texts = {
        "goals": "goals",
        "cadence": "cadence",
        "format": "format",
        "confidentiality": "confidentiality",
        "limits": "confidentiality_limits",
        "coordinator": "coordinator",
        "consent_notes": "consent_notes",
    }
    for option, name in texts.items():
        value = getattr(args, option)
        if value is not None:
            setattr(agreement, name, value.strip())
    if args.minutes is not None:
        agreement.session_minutes = _nonnegative(args.minutes, "--minutes")
    for option, name in (("starts", "starts"), ("review", "review_on"), ("ends", "ends")):
        value = getattr(args, option)
        if value is not None:
            setattr(agreement, name, parse_date_arg(value, f"--{option}", today=journal.today()))
    if args.consent_coordinator is not None:
        agreement.consent_share_summaries_with_coordinator = args.consent_coordinator == "yes"
    saved = journal.save(agreement)
    _print_object(ctx, journal, saved, args, f"Saved the agreement with {mentee.name}.")
    return 0


# --- people and concerns -------------------------------------------------------------------------


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
    _print_object(ctx, journal, saved, args, f"Added {saved.name} (id {_short(saved.id)}); exports will redact them.")
    return 0


def cmd_person_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    people = journal.people()
    if args.json:
        ctx.print_json([_json(journal, p) for p in people])
        return 0
    for p in people:
        aliases = f" (also {', '.join(p.aliases)})" if p.aliases else ""
        rel = f"  {p.relationship}" if p.relationship else ""
        ctx.print(f"{_short(p.id)}  {p.name}{aliases}{rel}")
    return 0


def cmd_concern_add(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal()
    mentee = journal.find_mentee(args.mentee)
    concern = ConcernRecord(
        mentee_id=mentee.id,
        date=_date_or_none(args.date, "--date", journal) or journal.today(),
        time=_time_arg(args.time),
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
    _print_object(ctx, journal, saved, args, f"Recorded concern {_short(saved.id)} (never exported).")
    return 0


def cmd_concern_list(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    concerns = journal.concerns(mentee_id)
    if args.json:
        ctx.print_json([_json(journal, c) for c in concerns])
        return 0
    for c in concerns:
        ctx.print(f"{_short(c.id)}  {_fmt(c.date)}  {journal.mentee_name(c.mentee_id)}  {_one_line(c.words) or '-'}")
    return 0


# --- search, due, import -------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    query = " ".join(args.query)
    hits = journal.search(query, mentee_id=mentee_id, limit=max(args.limit, 0))
    if args.json:
        ctx.print_json(
            [
                {
                    "kind": h.kind,
                    "id": h.obj.id,
                    "score": h.score,
                    "field": h.field,
                    "snippet": h.snippet,
                    "mentee": journal.mentee_name(getattr(h.obj, "mentee_id", "") or h.obj.id),
                    "date": _fmt(getattr(h.obj, "date", None)) if isinstance(h.obj, Session | ConcernRecord) else None,
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        ctx.info("No matches.")
    for h in hits:
        when = f"{_fmt(h.obj.date)}  " if isinstance(h.obj, Session | ConcernRecord) else ""
        owner = journal.mentee_name(getattr(h.obj, "mentee_id", "") or h.obj.id) if h.kind != "person" else "-"
        ctx.print(f"{_short(h.obj.id)}  {h.kind:8} {when}{owner}  [{h.field}] {h.snippet}")
    return 0


def _meeting_json(m: NextMeeting) -> dict[str, str]:
    return {"mentee": m.mentee.name, "mentee_id": m.mentee.id, "date": m.on.isoformat(), "session_id": m.session.id}


def cmd_due(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    today = parse_date_arg(args.today, "--today") if args.today else journal.today()
    if args.days < 0:
        raise UsageError("--days cannot be negative")
    report = journal.due(today, horizon_days=args.days)
    if args.json:
        ctx.print_json(
            {
                "today": today.isoformat(),
                "horizon_days": args.days,
                "overdue_actions": [_json(journal, a) for a in report.overdue_actions],
                "upcoming_actions": [_json(journal, a) for a in report.upcoming_actions],
                "next_meetings": [_meeting_json(m) for m in report.next_meetings],
                "missed_meetings": [_meeting_json(m) for m in report.missed_meetings],
                "goals_past_target": [_json(journal, g) for g in report.goals_past_target],
            }
        )
        return 0
    if report.empty:
        ctx.print(f"Nothing due between {today.isoformat()} and {(today + dt.timedelta(days=args.days)).isoformat()}.")
        return 0
    sections: list[tuple[str, list[str]]] = [
        ("Overdue actions", [_action_line(journal, a) for a in report.overdue_actions]),
        (f"Due in the next {args.days} days", [_action_line(journal, a) for a in report.upcoming_actions]),
        ("Next meetings", [f"{_fmt(m.on)}  {m.mentee.name}" for m in report.next_meetings]),
        (
            "Meetings planned but not recorded",
            [f"{_fmt(m.on)}  {m.mentee.name}" for m in report.missed_meetings],
        ),
        ("Goals past their target date", [_goal_line(journal, g) for g in report.goals_past_target]),
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
    if not args.dry_run:
        apply_import(journal, plan, progress=lambda d, t: ctx.progress("Importing", d, t))
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
