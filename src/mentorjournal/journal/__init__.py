"""The mentoring domain: mentees, sessions, goals, action items, agreements, concerns and people.

``Journal`` is the one API over an unlocked vault that the CLI, the TUI and the export share. This
package never imports Textual (a test checks it) and never writes anything but vault records and
its sealed device-local caches.
"""

from mentorjournal.journal.journal import Journal, pseudonym_label
from mentorjournal.journal.kept import EXPORT_LOG_KIND
from mentorjournal.journal.model import (
    ACTION_OWNERS,
    ACTION_STATUSES,
    GOAL_STATUSES,
    MENTEE_STATUSES,
    SCHEMA_VERSION,
    SESSION_FORMATS,
    ActionItem,
    Agreement,
    AnyObject,
    ConcernRecord,
    Conflict,
    DamagedRecord,
    DueReport,
    Goal,
    GoalProgress,
    HistoryEntry,
    JournalObject,
    Mentee,
    MenteeOverview,
    NextMeeting,
    Person,
    SearchHit,
    Session,
)
from mentorjournal.journal.text import fold

__all__ = [
    "ACTION_OWNERS",
    "ACTION_STATUSES",
    "EXPORT_LOG_KIND",
    "GOAL_STATUSES",
    "MENTEE_STATUSES",
    "SCHEMA_VERSION",
    "SESSION_FORMATS",
    "ActionItem",
    "Agreement",
    "AnyObject",
    "ConcernRecord",
    "Conflict",
    "DamagedRecord",
    "DueReport",
    "Goal",
    "GoalProgress",
    "HistoryEntry",
    "Journal",
    "JournalObject",
    "Mentee",
    "MenteeOverview",
    "NextMeeting",
    "Person",
    "SearchHit",
    "Session",
    "fold",
    "pseudonym_label",
]
