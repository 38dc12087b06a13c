"""Dates and times as a mentor types them: the one reader used by the note format, the CLI and the app.

A date is ``YYYY-MM-DD`` exactly (Python's ``fromisoformat`` also takes ``20250314`` and week dates,
which no mentor means); where a "today" is given, ``today``, ``yesterday`` and ``tomorrow`` too.
Errors are ``InvalidInput`` naming the field only, never the text typed.
"""

from __future__ import annotations

import datetime as dt
import re

from mentorjournal.errors import InvalidInput

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{1,2}:\d{2}$")
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``, held within the calendar (year 1 to 9999) rather than overflowing."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def parse_date(text: str, what: str = "date", *, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM-DD``; with ``today`` given, also today / yesterday / tomorrow."""
    value = text.strip()
    if today is not None and value.lower() in RELATIVE_DAYS:
        return add_days(today, RELATIVE_DAYS[value.lower()])
    if not DATE_RE.match(value):
        raise InvalidInput(f"{what} must be YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{what} is not a real date") from None


def parse_time(text: str, what: str = "time") -> dt.time:
    """``HH:MM`` (one-digit hours allowed)."""
    value = text.strip()
    if not TIME_RE.match(value):
        raise InvalidInput(f"{what} must be HH:MM")
    hour, minute = (int(p) for p in value.split(":"))
    try:
        return dt.time(hour, minute)
    except ValueError:
        raise InvalidInput(f"{what} is not a real time of day") from None
