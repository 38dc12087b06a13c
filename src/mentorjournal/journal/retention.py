"""How long a mentee's records are kept after the relationship ends, and whose time is up.

Data-protection law asks that notes about a person are kept no longer than needed. Each agreement may
say how many months records are kept after the relationship ends (``Agreement.retain_months``); without
one, the default from the settings applies (``[retention] default_months`` in config.toml), and without
that, six years: the limitation period for most claims in England and Wales, the period UK coaching and
mentoring bodies commonly advise. Past that date the mentee shows in ``due`` and on the app's Due and
home screens, for the mentor to erase (``journal/erasure.py``). Nothing is ever erased without the mentor.

A relationship has ended when the mentee has an end date, or is ended or archived and their agreement
has an end date (then that date). An active mentee is never due, whatever the dates say.
"""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mentorjournal.journal.model import Agreement, Mentee
from mentorjournal.journal.text import fold
from mentorjournal.paths import locations

if TYPE_CHECKING:
    from mentorjournal.journal.journal import Journal

DEFAULT_RETENTION_MONTHS = 72
MAX_RETENTION_MONTHS = 1200  # a hundred years: anything longer is a typing mistake
CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class RetentionDue:
    """A mentee whose retention period has passed."""

    mentee: Mentee
    ended: dt.date  # when the relationship ended
    months: int  # the retention period that applied
    due_on: dt.date  # the first day past it


def check_months(months: int) -> int:
    if not 0 <= months <= MAX_RETENTION_MONTHS:
        raise ValueError(f"a retention period is 0 to {MAX_RETENTION_MONTHS} months")
    return months


def default_retention_months(path: Path | None = None) -> int:
    """The settings' default period; a missing or malformed setting gives ``DEFAULT_RETENTION_MONTHS``."""
    path = path or locations().config / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return DEFAULT_RETENTION_MONTHS
    section = data.get("retention")
    months = section.get("default_months") if isinstance(section, dict) else None
    if isinstance(months, bool) or not isinstance(months, int) or not 0 <= months <= MAX_RETENTION_MONTHS:
        return DEFAULT_RETENTION_MONTHS
    return months


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def relationship_end(mentee: Mentee, agreement: Agreement | None) -> dt.date | None:
    if mentee.ended is not None:
        return mentee.ended
    if (mentee.status == "ended" or mentee.archived) and agreement is not None and agreement.ends is not None:
        return agreement.ends
    return None


def retention_of(mentee: Mentee, agreement: Agreement | None, default_months: int) -> RetentionDue | None:
    """When ``mentee``'s records are due for erasure (a date that may still be ahead), or None: not ended."""
    ended = relationship_end(mentee, agreement)
    if ended is None:
        return None
    months = agreement.retain_months if agreement is not None and agreement.retain_months is not None else None
    months = default_months if months is None else months
    return RetentionDue(mentee=mentee, ended=ended, months=months, due_on=add_months(ended, months))


def past_retention(
    mentees: list[Mentee], agreements: dict[str, Agreement], *, today: dt.date, default_months: int
) -> list[RetentionDue]:
    """Mentees whose retention period has passed by ``today``, longest overdue first."""
    out = []
    for mentee in mentees:
        due = retention_of(mentee, agreements.get(mentee.id), default_months)
        if due is not None and due.due_on <= today:
            out.append(due)
    return sorted(out, key=lambda d: (d.due_on, fold(d.mentee.name), d.mentee.id))


def due_for_erasure(
    journal: Journal, today: dt.date | None = None, default_months: int | None = None
) -> list[RetentionDue]:
    """``past_retention`` over a journal: reads mentees and their agreements only, never a note."""
    mentees = journal.mentees()
    agreements = {m.id: a for m in mentees if (a := journal.agreement(m.id)) is not None}
    months = default_retention_months() if default_months is None else default_months
    return past_retention(mentees, agreements, today=today or journal.today(), default_months=months)
