"""Session notes to journal objects and back: the one save path of a session.

Every session a mentor writes is saved as a ``Note`` (docs/note-format.md): ``session add`` and
``session edit`` parse one, ``import`` parses a folder of them, and the app's editor builds one from
its fields (``new_session_note`` gives a new session's defaults; the action box is read with
``noteformat.parse_actions``). Saving happens in two steps so that nothing is stored unless
everything is valid: ``plan_note`` resolves names, normalises text (one-line values, blocks, tags
without duplicates) and checks every value without writing; ``apply_plan`` writes. ``save_note``
does both. Errors name the note's line (and file, when the caller passes ``source``), never its
content.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from mentorjournal.errors import InvalidInput, NotFound
from mentorjournal.journal.erasure_records import ERASURE_KIND
from mentorjournal.journal.journal import Journal
from mentorjournal.journal.model import ActionItem, Agreement, Goal, Mentee, Session
from mentorjournal.journal.noteformat import Note, NoteAction, normalise_block, normalise_line
from mentorjournal.journal.rules import DEFAULT_SESSION_MINUTES, MAX_MINUTES
from mentorjournal.journal.text import fold, words

# What saving a new session's note reads, so ``session add`` can open the vault by need
# (``Vault.load(kinds=...)``): the mentees it may name, the goals and agreements the rules and defaults
# consult, the erasure records every unlock follows. A ticked action item reads the mentee's sessions
# and actions too (``close_earlier_listings``): ``plan_note`` asks for them before anything is saved.
NEW_SESSION_KINDS = (Mentee.KIND, Goal.KIND, Agreement.KIND, ERASURE_KIND)


@dataclass
class NotePlan:
    """What saving one note will write. ``mentee`` may be new (id "") when an import creates it."""

    mentee: Mentee
    session: Session
    actions: list[ActionItem]  # in checklist order; new ones have id ""
    delete_action_ids: list[str] = field(default_factory=list)
    source: str = ""


def _where(source: str, note: Note, key: str) -> str:
    line = note.lines.get(key)
    parts = [p for p in (source, f"line {line}" if line else "") if p]
    return ": ".join(parts) + ": " if parts else ""


def unique_tags(tags: list[str]) -> list[str]:
    """Tags as one-line values, each once (case- and accent-insensitive; the first spelling kept)."""
    kept: dict[str, str] = {}
    for tag in tags:
        line = normalise_line(tag)
        if line:
            kept.setdefault(fold(line), line)
    return list(kept.values())


def resolve_goals(journal: Journal, mentee_id: str, names: list[str], where: str) -> list[str]:
    goals = journal.goals(mentee_id) if mentee_id else []
    out: list[str] = []
    for name in names:
        wanted = fold(name)
        by_title = [g for g in goals if fold(g.title) == wanted]
        by_id = [g for g in goals if g.id.startswith(wanted.lower())] if wanted.isalnum() else []
        found = by_title or by_id
        if len(found) != 1:
            problem = "no goal" if not found else f"{len(found)} goals"
            raise InvalidInput(f"{where}{problem} of this mentee match a name in 'goals'")
        out.append(found[0].id)
    return out


def plan_note(
    journal: Journal,
    note: Note,
    *,
    existing: Session | None = None,
    default_date: dt.date | None = None,
    mentees: dict[str, Mentee] | None = None,
    create_mentees: bool = False,
    source: str = "",
) -> NotePlan:
    """Check a note against the journal and work out what to write; writes nothing.

    ``mentees`` (folded name -> Mentee) lets an import share mentees it creates between notes.
    With ``existing``, values the note does not give keep the session's stored ones.
    """
    # The mentee.
    if note.mentee is not None:
        key = fold(note.mentee.strip())
        if mentees is not None and key in mentees:
            mentee = mentees[key]
        else:
            try:
                mentee = journal.find_mentee(note.mentee)
            except NotFound as exc:
                if not create_mentees:
                    if not source and "mentee" not in note.lines:
                        raise  # named on the command line: the plain "not found"
                    raise InvalidInput(f"{_where(source, note, 'mentee')}{exc}") from None
                mentee = Mentee(name=normalise_line(note.mentee))
            if mentees is not None:
                mentees[key] = mentee
    elif existing is not None:
        mentee = journal.mentee(existing.mentee_id)
    else:
        raise InvalidInput(f"{source + ': ' if source else ''}no mentee given (front matter 'mentee:' or --mentee)")

    # The session.
    session = copy.deepcopy(existing) if existing is not None else None
    when = note.date or (session.date if session else None) or default_date
    if when is None:
        raise InvalidInput(f"{source + ': ' if source else ''}no date given (front matter 'date:' or --date)")
    if session is None:
        session = Session(mentee_id=mentee.id, date=when)
    session.mentee_id = mentee.id
    session.date = when
    for name in ("start_time", "duration_minutes", "next_meeting"):
        value = getattr(note, name)
        if value is not None:
            setattr(session, name, value)
    for name in ("format", "title"):
        value = getattr(note, name)
        if value is not None:
            setattr(session, name, normalise_line(value))
    if note.tags is not None:
        session.tags = unique_tags(note.tags)
    for name in ("notes", "shared_summary", "reflection"):
        value = getattr(note, name)
        if value is not None:
            setattr(session, name, normalise_block(value))
    if note.goals is not None:
        session.goal_ids = resolve_goals(journal, mentee.id, note.goals, _where(source, note, "goals"))
    if session.duration_minutes is not None and not 0 <= session.duration_minutes <= MAX_MINUTES:
        raise InvalidInput(f"{_where(source, note, 'duration_minutes')}duration must be 0 to {MAX_MINUTES} minutes")

    # The action items: the checklist replaces the session's list when the note has one. One ticked
    # closes its earlier listings (``close_earlier_listings``), which reads the mentee's sessions and actions.
    if note.actions is not None and any(a.status == "done" for a in note.actions):
        journal.need(Session.KIND, ActionItem.KIND)
    old = journal.session_actions(session.id) if session.id else []
    actions = [copy.deepcopy(a) for a in old]
    delete: list[str] = []
    if note.actions is not None:
        actions, delete = _match_actions(old, note.actions)
        for position, action in enumerate(actions):
            action.position = position
            if action.status == "done" and action.done_on is None:
                action.done_on = session.date
            if action.status != "done":
                action.done_on = None
    for action in actions:
        action.mentee_id = mentee.id
    return NotePlan(mentee, session, actions, delete, source)


def _match_actions(old: list[ActionItem], new: list[NoteAction]) -> tuple[list[ActionItem], list[str]]:
    """Pair checklist lines with stored items: same text first, then the rest in order."""
    unused = {a.id: a for a in old}
    paired: list[ActionItem | None] = []
    for item in new:
        match = next((a for a in unused.values() if fold(a.text) == fold(item.text)), None)
        if match is not None:
            del unused[match.id]
        paired.append(match)
    leftovers = list(unused.values())
    out: list[ActionItem] = []
    for item, match in zip(new, paired, strict=True):
        if match is None and leftovers:
            match = leftovers.pop(0)
        action = copy.deepcopy(match) if match is not None else ActionItem()
        action.text = normalise_line(item.text)
        action.owner = item.owner
        action.status = item.status
        action.due = item.due
        action.done_on = item.done_on
        out.append(action)
    return out, [a.id for a in leftovers]


def apply_plan(journal: Journal, plan: NotePlan) -> Session:
    """Write a checked plan as one save (all of it or nothing): the mentee if new, the session, its action items."""
    with journal.atomic():
        return _apply(journal, plan)


def _apply(journal: Journal, plan: NotePlan) -> Session:
    if not plan.mentee.id:
        saved = journal.save(plan.mentee)
        plan.mentee.id = saved.id
        plan.mentee.pseudonym = saved.pseudonym
    plan.session.mentee_id = plan.mentee.id
    session = journal.save(plan.session)
    for action_id in plan.delete_action_ids:
        journal.delete(action_id)
    for action in plan.actions:
        action.mentee_id = plan.mentee.id
        action.session_id = session.id
        journal.save(action)
    close_earlier_listings(journal, session, plan.actions)
    return session


def close_earlier_listings(journal: Journal, session: Session, actions: list[ActionItem]) -> list[ActionItem]:
    """An action listed again, ticked, closes the same action still open from an earlier session.

    "The same action" is the same owner and the same words (case, accents and punctuation aside), for
    the same mentee, from a session on or before this one (or from no session). Returns those closed.
    """
    done = {(a.owner, " ".join(words(a.text))): a for a in actions if a.status == "done"}
    if not done:
        return []
    dates = {s.id: s.date for s in journal.sessions(mentee_id=session.mentee_id)}
    closed = []
    for earlier in journal.actions(session.mentee_id, open_only=True):
        ticked = done.get((earlier.owner, " ".join(words(earlier.text))))
        listed_on = dates.get(earlier.session_id or "")
        if ticked is None or earlier.session_id == session.id or (listed_on and listed_on > session.date):
            continue
        earlier.status = "done"
        earlier.done_on = ticked.done_on or session.date
        closed.append(journal.save(earlier))
    return closed


def save_note(
    journal: Journal, note: Note, *, existing: Session | None = None, default_date: dt.date | None = None
) -> Session:
    """Plan and apply one note (``session add`` / ``session edit``)."""
    return apply_plan(journal, plan_note(journal, note, existing=existing, default_date=default_date))


def new_session_note(journal: Journal, mentee_id: str) -> Note:
    """A new session's note with its defaults filled in, so that a field showing a default saves it:
    today's date, the agreed session length and format (else ``DEFAULT_SESSION_MINUTES``)."""
    mentee = journal.mentee(mentee_id)
    agreement = journal.agreement(mentee.id)
    minutes = agreement.session_minutes if agreement and agreement.session_minutes else DEFAULT_SESSION_MINUTES
    return Note(
        mentee=mentee.id,
        date=journal.today(),
        duration_minutes=minutes,
        format=(agreement.format or None) if agreement else None,
    )


def note_for_session(journal: Journal, session: Session, *, with_id: bool = True) -> Note:
    """The note that renders a stored session (``session show``)."""
    goals: dict[str, Goal] = {g.id: g for g in journal.goals(session.mentee_id)}
    titles = [fold(g.title) for g in goals.values()]
    goal_names = []
    for gid in session.goal_ids:
        goal = goals.get(gid)
        if goal is not None and titles.count(fold(goal.title)) == 1:
            goal_names.append(goal.title)
        else:
            goal_names.append(gid)
    return Note(
        id=session.id if with_id else None,
        mentee=journal.mentee_name(session.mentee_id),
        date=session.date,
        start_time=session.start_time,
        duration_minutes=session.duration_minutes,
        format=session.format or None,
        title=session.title or None,
        tags=list(session.tags) or None,
        goals=goal_names or None,
        next_meeting=session.next_meeting,
        notes=session.notes,
        shared_summary=session.shared_summary,
        reflection=session.reflection,
        actions=[
            NoteAction(text=a.text, owner=a.owner, status=a.status, due=a.due, done_on=a.done_on)
            for a in journal.session_actions(session.id)
        ],
    )
