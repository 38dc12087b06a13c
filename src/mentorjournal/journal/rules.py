"""What a saved object must satisfy: one table of rules, checked on every save (``Journal.validate``).

Every front end (the CLI, the app's forms and editor, the importer) saves through ``Journal.save``, so
a rule written here holds everywhere; a front end may check earlier for a friendlier message, using
the same constants. Messages name fields, never content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from mentorjournal.errors import InvalidInput, NotFound
from mentorjournal.journal.model import (
    ACTION_OWNERS,
    ACTION_STATUSES,
    GOAL_STATUSES,
    MENTEE_STATUSES,
    ActionItem,
    Agreement,
    ConcernRecord,
    Goal,
    JournalObject,
    Mentee,
    Person,
    Session,
)

MAX_MINUTES = 24 * 60  # a session (or an agreed session length) of more than a day is a typing error
DEFAULT_SESSION_MINUTES = 60  # a new session's length when the agreement names none


class Required(NamedTuple):
    """A text field that must not be blank."""

    field: str
    message: str


class Choice(NamedTuple):
    """A field whose value must be one of ``choices``."""

    field: str
    choices: tuple[str, ...]


class Between(NamedTuple):
    """A number (when given) within ``low..high``; with ``each``, the field is a list of objects whose
    attribute ``each`` is checked."""

    field: str
    low: int
    high: int
    message: str
    each: str = ""


class Refers(NamedTuple):
    """A field naming another record (or a list of them) that must exist and be of ``kind``.
    Empty (``""``/None) is allowed only when ``optional``."""

    field: str
    kind: str
    message: str
    optional: bool = False


Rule = Required | Choice | Between | Refers

_NAMES_MENTEE = Refers("mentee_id", Mentee.KIND, "the {kind} names a mentee that does not exist")

RULES: dict[type[JournalObject], tuple[Rule, ...]] = {
    Mentee: (Required("name", "a mentee needs a name"), Choice("status", MENTEE_STATUSES)),
    Person: (
        Required("name", "a person needs a name"),
        Refers("mentee_id", Mentee.KIND, "the person names a mentee that does not exist", optional=True),
    ),
    Agreement: (
        _NAMES_MENTEE,
        Between("session_minutes", 0, MAX_MINUTES, f"an agreed session length must be 0 to {MAX_MINUTES} minutes"),
    ),
    Session: (
        _NAMES_MENTEE,
        Between("duration_minutes", 0, MAX_MINUTES, f"a session's duration must be 0 to {MAX_MINUTES} minutes"),
        Refers("goal_ids", Goal.KIND, "the session names a goal that does not exist"),
    ),
    Goal: (
        _NAMES_MENTEE,
        Choice("status", GOAL_STATUSES),
        Required("title", "a goal needs a title"),
        Between("progress", 0, 100, "a progress percentage must be between 0 and 100", each="percent"),
    ),
    ActionItem: (
        _NAMES_MENTEE,
        Choice("status", ACTION_STATUSES),
        Choice("owner", ACTION_OWNERS),
        Required("text", "an action item needs a text"),
        Refers("session_id", Session.KIND, "the action item names a session that does not exist", optional=True),
        Refers("goal_id", Goal.KIND, "the action item names a goal that does not exist", optional=True),
    ),
    ConcernRecord: (_NAMES_MENTEE,),
}


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidInput(f"{name} must be one of: {', '.join(choices)}")


def check(obj: JournalObject, kind_of: Callable[[str], str | None]) -> None:
    """Apply the object's rules; ``kind_of`` tells the kind of an existing record (None: no such record)."""
    for rule in RULES.get(type(obj), ()):
        value: Any = getattr(obj, rule.field)
        if isinstance(rule, Required):
            if not value.strip():
                raise InvalidInput(rule.message)
        elif isinstance(rule, Choice):
            check_choice(rule.field, value, rule.choices)
        elif isinstance(rule, Between):
            numbers = [getattr(v, rule.each) for v in value] if rule.each else [value]
            if any(n is not None and not rule.low <= n <= rule.high for n in numbers):
                raise InvalidInput(rule.message)
        else:
            ids = value if isinstance(value, list) else [value]
            for record_id in ids:
                if not record_id and rule.optional:
                    continue
                if kind_of(record_id or "") != rule.kind:
                    raise NotFound(rule.message.format(kind=obj.KIND))
