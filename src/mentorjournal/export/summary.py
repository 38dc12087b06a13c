"""What a progress summary holds, built from the journal before any redaction.

Structured facts first (engagement, goals, action items), then only the passages the mentor wrote to be
shared, minus every ``[[private]]`` passage. Private notes, reflections, concern records, contact details,
session titles, goal details and progress comments, and the agreement's terms are never read into a
summary at all: what is not here cannot leak.
The shared summaries go to the coordinator only where the agreement records the mentee's consent.

A ``Summary`` lives in memory only; ``review.SummaryReview`` redacts it and ``render`` writes it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from mentorjournal.errors import UsageError
from mentorjournal.export.contacts import contact_details
from mentorjournal.export.findings import KnownPerson
from mentorjournal.export.redaction import withhold_private
from mentorjournal.journal import Journal
from mentorjournal.journal.model import Mentee

Audience = Literal["coordinator", "mentee"]
AUDIENCES: tuple[Audience, ...] = ("coordinator", "mentee")


@dataclass
class GoalLine:
    title: str
    status: str
    percent: int | None
    target_date: dt.date | None


@dataclass
class ActionLine:
    text: str
    owner: str
    due: dt.date | None
    status: str
    done_on: dt.date | None


@dataclass
class SharedPassage:
    # Only the date: a session's title is the mentor's own label and may name the very thing disclosed.
    date: dt.date
    text: str


@dataclass
class Engagement:
    sessions_held: int
    total_minutes: int
    session_dates: list[dt.date]
    first_meeting: dt.date | None
    last_meeting: dt.date | None
    next_meeting: dt.date | None


@dataclass
class Summary:
    """A progress summary before redaction. Free-text fields are redacted by ``SummaryReview``."""

    pseudonym: str
    audience: Audience
    since: dt.date | None
    until: dt.date | None
    generated_on: dt.date
    engagement: Engagement
    goals: list[GoalLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    passages: list[SharedPassage] = field(default_factory=list)
    private_passages_withheld: int = 0
    passages_without_consent: int = 0  # shared summaries left out: no consent for this audience


def build_summary(
    journal: Journal,
    mentee: Mentee,
    *,
    audience: Audience,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> Summary:
    if audience not in AUDIENCES:
        raise UsageError(f"audience must be one of {', '.join(AUDIENCES)}")
    if since and until and since > until:
        raise UsageError("--since is after --until")
    today = today or journal.today()
    sessions = sorted(journal.sessions(mentee_id=mentee.id, since=since, until=until), key=lambda s: s.date)
    dates = [s.date for s in sessions]
    engagement = Engagement(
        sessions_held=len(sessions),
        total_minutes=sum(s.duration_minutes or 0 for s in sessions),
        session_dates=dates,
        first_meeting=dates[0] if dates else None,
        last_meeting=dates[-1] if dates else None,
        next_meeting=journal.next_meeting(mentee.id, today),  # the journal's one rule; a missed one is not shown
    )
    goals = [
        GoalLine(
            title=g.title,
            status=g.status,
            percent=g.percent,
            target_date=g.target_date,
        )
        for g in journal.goals(mentee.id)
    ]

    def in_period(day: dt.date | None) -> bool:
        return day is None or ((since is None or day >= since) and (until is None or day <= until))

    session_dates = {s.id: s.date for s in journal.sessions(mentee_id=mentee.id)}
    actions = [
        ActionLine(a.text, a.owner, a.due, a.status, a.done_on)
        for a in journal.actions(mentee.id)
        if in_period(session_dates.get(a.session_id or "")) or a.status == "open"
    ]
    agreement = journal.agreement(mentee.id)
    consented = audience == "mentee" or bool(agreement and agreement.consent_share_summaries_with_coordinator)
    passages: list[SharedPassage] = []
    withheld = 0
    without_consent = 0
    for s in sessions:
        if not s.shared_summary.strip():
            continue
        if not consented:
            without_consent += 1
            continue
        text, count = withhold_private(s.shared_summary)
        withheld += count
        if text.strip():
            passages.append(SharedPassage(s.date, text.strip()))
    return Summary(
        pseudonym=mentee.pseudonym or "Mentee",
        audience=audience,
        since=since,
        until=until,
        generated_on=today,
        engagement=engagement,
        goals=goals,
        actions=actions,
        passages=passages,
        private_passages_withheld=withheld,
        passages_without_consent=without_consent,
    )


def known_people(journal: Journal, mentee: Mentee) -> list[KnownPerson]:
    """Everyone redaction must replace: the mentee by their pseudonym, every other name by "Person N".

    Other mentees are people too here: their pseudonyms would tell the reader that they exist. Labels
    are numbered in a fixed order (by name) so they are stable within an export.
    """
    people: list[KnownPerson] = [KnownPerson(mentee.pseudonym or "Mentee", tuple(mentee.names), (mentee.contact,))]
    # Stored contact details go with each person: the mentee's contact field, and e-mails and phone
    # numbers written in a person's notes. They are removed wherever they appear, valid-looking or not.
    others = [(tuple(p.names), contact_details(p.notes)) for p in journal.people()] + [
        (tuple(m.names), (m.contact,)) for m in journal.mentees() if m.id != mentee.id
    ]
    for n, (names, contacts) in enumerate(sorted((x for x in others if x[0]), key=lambda t: t[0][0].casefold()), 1):
        people.append(KnownPerson(f"Person {n}", names, contacts))
    return people
