"""What a mentor records: plain typed dataclasses, one per kind of vault record.

Every object carries ``id`` (its vault record id; empty until first saved), ``schema`` (the version
of its body layout) and ``extra`` (fields a newer version of MentorJournal wrote that this version
does not know: kept and written back untouched, so a round trip through an older reader loses
nothing). ``revision_id`` and ``updated_at`` describe the revision the object was read from; they
are facts about storage, not part of the body, and do not take part in equality.

This module must never import Textual, the vault's crypto, or anything that does I/O: the TUI, the
CLI and the export all build on these classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

SCHEMA_VERSION: Final = 1

MENTEE_STATUSES: Final = ("active", "paused", "ended")
GOAL_STATUSES: Final = ("open", "achieved", "dropped", "paused")
ACTION_STATUSES: Final = ("open", "done", "dropped")
ACTION_OWNERS: Final = ("mentor", "mentee", "other")
SESSION_FORMATS: Final = ("in person", "video", "phone", "chat", "email", "other")


@dataclass(kw_only=True)
class JournalObject:
    """Fields every journal object shares. ``KIND`` is the vault record kind."""

    KIND: ClassVar[str] = ""

    id: str = ""  # vault record id (32 hex); "" for an object not saved yet
    schema: int = SCHEMA_VERSION  # body layout version this object was read with/will be written as
    extra: dict[str, Any] = field(default_factory=dict)  # unknown body fields, kept for round trips
    revision_id: str = field(default="", compare=False)  # revision it was read from ("" if unsaved)
    updated_at: dt.datetime | None = field(default=None, compare=False)  # when that revision was written (UTC)


@dataclass(kw_only=True)
class Mentee(JournalObject):
    """Someone the mentor meets. Names and aliases feed the export's redaction."""

    KIND: ClassVar[str] = "mentee"

    name: str = ""  # display name, as the mentor writes it
    aliases: list[str] = field(default_factory=list)  # nicknames and other spellings
    pseudonym: str = ""  # stable label for exports ("Mentee A"); assigned on first save when empty
    contact: str = ""  # e-mail, phone: free text
    organisation: str = ""
    role: str = ""
    programme: str = ""  # the mentoring programme or scheme, if any
    status: str = "active"  # one of MENTEE_STATUSES
    started: dt.date | None = None
    ended: dt.date | None = None
    archived: bool = False  # hidden from everyday lists; nothing is deleted

    @property
    def names(self) -> list[str]:
        """The name and every alias: what redaction must replace."""
        return [n for n in (self.name, *self.aliases) if n]


@dataclass(kw_only=True)
class Agreement(JournalObject):
    """The mentoring agreement with one mentee (one per mentee, revisable; its history is kept)."""

    KIND: ClassVar[str] = "agreement"

    mentee_id: str = ""
    goals: str = ""  # the goals agreed at the start, in the mentor's words
    cadence: str = ""  # e.g. "monthly", "every two weeks"
    session_minutes: int | None = None  # agreed length of a session
    format: str = ""  # agreed format: in person, video, phone...
    starts: dt.date | None = None
    review_on: dt.date | None = None
    ends: dt.date | None = None
    confidentiality: str = ""  # the confidentiality terms agreed
    confidentiality_limits: str = ""  # when confidentiality does not hold (e.g. risk of harm)
    consent_share_summaries_with_coordinator: bool = False  # may progress summaries go to the coordinator?
    # Special categories (export.sensitive.CATEGORIES names, e.g. "health") the mentee allows the coordinator
    # to read: their sentences are kept by default in coordinator summaries. Older records have none.
    consent_share_categories_with_coordinator: list[str] = field(default_factory=list)
    coordinator: str = ""  # who the coordinator/sponsor is (a name or role)
    consent_notes: str = ""  # what else the mentee consented to share, with whom
    retain_months: int | None = None  # months records are kept after the relationship ends (None: the default)


@dataclass(kw_only=True)
class Session(JournalObject):
    """One meeting with a mentee. ``notes`` and ``reflection`` are private; ``shared_summary`` may leave,
    minus any ``[[private]]...[[/private]]`` passage (the export withholds those)."""

    KIND: ClassVar[str] = "session"

    mentee_id: str = ""
    date: dt.date
    start_time: dt.time | None = None
    duration_minutes: int | None = None
    format: str = ""  # "in person", "video", "phone"... (free text; SESSION_FORMATS are suggestions)
    title: str = ""
    tags: list[str] = field(default_factory=list)  # topics
    notes: str = ""  # private Markdown, never exported
    shared_summary: str = ""  # written to be shared
    reflection: str = ""  # the mentor's own thoughts, never exported
    goal_ids: list[str] = field(default_factory=list)  # goals discussed
    next_meeting: dt.date | None = None


@dataclass(kw_only=True)
class GoalProgress:
    """One progress entry of a goal (not a record of its own: kept inside the goal)."""

    date: dt.date
    percent: int | None = None  # 0..100, or None for a comment without a figure
    comment: str = ""


@dataclass(kw_only=True)
class Goal(JournalObject):
    """A goal a mentee works towards, with its progress history."""

    KIND: ClassVar[str] = "goal"

    mentee_id: str = ""
    title: str = ""
    detail: str = ""
    measure: str = ""  # how success will be recognised
    target_date: dt.date | None = None
    status: str = "open"  # one of GOAL_STATUSES
    progress: list[GoalProgress] = field(default_factory=list)  # oldest first

    @property
    def percent(self) -> int | None:
        """The latest recorded percentage, if any."""
        for entry in reversed(self.progress):
            if entry.percent is not None:
                return entry.percent
        return None


@dataclass(kw_only=True)
class ActionItem(JournalObject):
    """Something someone agreed to do, usually in a session."""

    KIND: ClassVar[str] = "action"

    mentee_id: str = ""
    text: str = ""
    owner: str = "mentee"  # one of ACTION_OWNERS
    due: dt.date | None = None
    status: str = "open"  # one of ACTION_STATUSES
    done_on: dt.date | None = None
    session_id: str | None = None  # the session it came from
    goal_id: str | None = None  # the goal it serves
    position: int = 0  # its place in the session note's "# Actions" list


@dataclass(kw_only=True)
class ConcernRecord(JournalObject):
    """A safeguarding or wellbeing concern, recorded as it happened. Never exported; listed only to the mentor."""

    KIND: ClassVar[str] = "concern"

    mentee_id: str = ""
    date: dt.date
    time: dt.time | None = None
    place: str = ""  # where it was raised (a session, a call, an e-mail...)
    session_id: str | None = None
    words: str = ""  # the words used, as close to verbatim as possible
    said_by: str = ""  # who said them
    response: str = ""  # what the mentor said or did in the moment
    action_taken: str = ""
    informed: str = ""  # who was informed, and when
    consent: str = ""  # the mentee's consent to that, or the justification for acting without it


@dataclass(kw_only=True)
class Person(JournalObject):
    """A third party named in notes (a manager, a colleague). Names and aliases feed redaction."""

    KIND: ClassVar[str] = "person"

    name: str = ""
    aliases: list[str] = field(default_factory=list)
    relationship: str = ""  # e.g. "José's line manager"
    mentee_id: str | None = None  # the mentee they relate to, if one
    notes: str = ""

    @property
    def names(self) -> list[str]:
        return [n for n in (self.name, *self.aliases) if n]


AnyObject = Mentee | Agreement | Session | Goal | ActionItem | ConcernRecord | Person

MODEL_CLASSES: Final[tuple[type[JournalObject], ...]] = (
    Mentee,
    Agreement,
    Session,
    Goal,
    ActionItem,
    ConcernRecord,
    Person,
)
CLASS_BY_KIND: Final[dict[str, type[JournalObject]]] = {cls.KIND: cls for cls in MODEL_CLASSES}


@dataclass(frozen=True)
class HistoryEntry:
    """One revision of a record, as the mentor sees it in a history list."""

    revision_id: str
    written_at: dt.datetime  # UTC
    deleted: bool  # a tombstone
    obj: JournalObject | None  # None for a tombstone or a body this version cannot read
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """A record edited on two machines: several current versions, newest first. Nothing is dropped."""

    record_id: str
    kind: str
    versions: list[HistoryEntry]

    @property
    def objects(self) -> list[JournalObject | None]:
        """The competing objects, newest first (None for a competing delete)."""
        return [v.obj for v in self.versions]


@dataclass(frozen=True)
class DamagedRecord:
    """A vault file that could not be read, or a record whose body this version cannot decode."""

    name: str  # file name, or record id for an undecodable body
    reason: str  # never note content


@dataclass(frozen=True)
class SearchHit:
    """One search result: the object, where the match is, and a plain-text snippet around it."""

    obj: JournalObject
    kind: str
    score: float
    field: str  # the best-matching field ("title", "notes", ...)
    snippet: str  # plain text, one line

    @property
    def record_id(self) -> str:
        return self.obj.id


@dataclass(frozen=True)
class NextMeeting:
    """A mentee's next meeting, as the latest session recorded it."""

    mentee: Mentee
    on: dt.date
    session: Session  # the session that set it


@dataclass(frozen=True)
class MenteeOverview:
    """What the home screen shows of a mentee, worked out without decoding any note."""

    sessions: int
    last_session: dt.date | None  # date of their latest session
    next_meeting: dt.date | None  # the next meeting that latest session planned
    open_actions: int


@dataclass(frozen=True)
class DueReport:
    """What needs attention around ``today``."""

    today: dt.date
    horizon_days: int
    overdue_actions: list[ActionItem]  # open, due before today; oldest due first
    upcoming_actions: list[ActionItem]  # open, due today..today+horizon
    next_meetings: list[NextMeeting]  # today..today+horizon, soonest first
    missed_meetings: list[NextMeeting]  # planned before today with no session since
    goals_past_target: list[Goal]  # open goals whose target date has passed

    @property
    def empty(self) -> bool:
        return not (
            self.overdue_actions
            or self.upcoming_actions
            or self.next_meetings
            or self.missed_meetings
            or self.goals_past_target
        )
