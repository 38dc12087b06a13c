"""Reading form fields: dates, numbers and lists typed by the mentor. Messages name the field only."""

from __future__ import annotations

import datetime as dt

from mentorjournal.errors import InvalidInput
from mentorjournal.journal import dates
from mentorjournal.journal.rules import MAX_MINUTES


def parse_date(text: str, field: str, *, required: bool = False) -> dt.date | None:
    text = text.strip()
    if not text:
        if required:
            raise InvalidInput(f"{field} is needed (YYYY-MM-DD)")
        return None
    try:
        return dates.parse_date(text, field)
    except InvalidInput:
        raise InvalidInput(f"{field} must be a date like 2025-03-14") from None


def parse_minutes(text: str, field: str = "duration") -> int | None:
    text = text.strip().lower().removesuffix("min").removesuffix("minutes").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput(f"{field} must be a whole number of minutes") from None
    if not 0 <= value <= MAX_MINUTES:
        raise InvalidInput(f"{field} must be between 0 and {MAX_MINUTES} minutes")
    return value


def parse_percent(text: str, field: str) -> int | None:
    text = text.strip().removesuffix("%").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput(f"{field} must be a whole number from 0 to 100") from None
    if not 0 <= value <= 100:
        raise InvalidInput(f"{field} must be from 0 to 100")
    return value


def split_list(text: str) -> list[str]:
    """``"a, b ,,c"`` -> ``["a", "b", "c"]`` (tags, aliases)."""
    return [part.strip() for part in text.split(",") if part.strip()]
