"""What a progress summary holds, built from the journal before any redaction.

Structured facts first (engagement, goals, action items, each action once with its latest status),
then only the passages the mentor wrote to be shared. Every text field is ``Shareable``: the dataclasses
below inherit ``ExportFields``, so whatever string is put in them has been through ``exportable``, and
no ``[[private]]`` passage can reach a format whichever field it was written in.
Private notes, reflections, concern records, contact details, session titles, goal details and progress
comments, and the agreement's terms are never read into a summary at all: what is not here cannot leak.
The shared summaries go to the coordinator only where the agreement records the mentee's consent.

A ``Summary`` lives in memory only; ``review.SummaryReview`` redacts it and ``render`` writes it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from mentorjournal.errors import UsageError
from mentorjournal.export.exportable import ExportFields, exportable
from mentorjournal.export.findings import KnownPerson
from mentorjournal.export.formats import AUDIENCES as AUDIENCES  # re-exported: callers import them from here too
from mentorjournal.export.formats import Audience as Audience
from mentorjournal.journal import Journal
from mentorjournal.journal.model import ActionItem, Mentee
from mentorjournal.journal.text import words


@dataclass
class GoalLine(ExportFields):
    title: str
    status: str
    percent: int | None
    target_date: dt.date | None


@dataclass
class ActionLine(ExportFields):
    text: str
    owner: str
    due: dt.date | None
    status: str
    done_on: dt.date | None


@dataclass
class SharedPassage(ExportFields):
    # Only the date: a session's title is the mentor's own label and may name the very thing disclosed.
    date: dt.date
    text: str


@dataclass
class Engagement(ExportFields):
    sessions_held: int
    total_minutes: int
    session_dates: list[dt.date]
    first_meeting: dt.date | None
    last_meeting: dt.date | None
    next_meeting: dt.date | None


@dataclass
class Summary(ExportFields):
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
    private_passages_withheld: int = 0  # in every field: goal titles, action texts, shared summaries
    passages_without_consent: int = 0  # shared summaries left out: no consent for this audience
    # Special categories the agreement lets the coordinator read (their sentences are kept by default).
    shared_categories: list[str] = field(default_factory=list)


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
    withheld = 0

    def shared(text: str) -> str:
        nonlocal withheld
        gate = exportable(text)
        withheld += gate.withheld_count
        return gate.text

    goals = [GoalLine(shared(g.title), g.status, g.percent, g.target_date) for g in journal.goals(mentee.id)]

    def in_period(day: dt.date | None) -> bool:
        return day is None or ((since is None or day >= since) and (until is None or day <= until))

    session_dates = {s.id: s.date for s in journal.sessions(mentee_id=mentee.id)}
    actions = [
        ActionLine(shared(a.text), a.owner, a.due, a.status, a.done_on)
        for a in actions_once(journal.actions(mentee.id), session_dates, in_period)
    ]
    agreement = journal.agreement(mentee.id)
    consented = audience == "mentee" or bool(agreement and agreement.consent_share_summaries_with_coordinator)
    passages: list[SharedPassage] = []
    without_consent = 0
    for s in sessions:
        if not s.shared_summary.strip():
            continue
        if not consented:
            without_consent += 1
            continue
        text = shared(s.shared_summary)
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
        shared_categories=list(agreement.consent_share_categories_with_coordinator) if agreement else [],
    )


def action_key(action: ActionItem) -> tuple[str, str]:
    """Who does it and what, in words: "Send the CV to Jo." and "send the CV to Jo" are one action."""
    return action.owner, " ".join(words(action.text))


def actions_once(
    actions: list[ActionItem], session_dates: dict[str, dt.date], in_period: Callable[[dt.date | None], bool]
) -> list[ActionItem]:
    """Each action once, as its latest listing says, even where old data lists it in several sessions.

    The latest listing is that of the latest session (an action with no session counts from when it was
    last saved); its status, due and done dates are the action's. An action is in the summary when any
    listing's session falls in the period, or while it is still open.
    """

    def when(a: ActionItem) -> tuple[dt.date, int]:
        day = session_dates.get(a.session_id or "")
        if day is None:
            day = a.updated_at.date() if a.updated_at else dt.date.min
        return day, a.position

    groups: dict[tuple[str, str], list[ActionItem]] = {}
    for a in actions:
        groups.setdefault(action_key(a), []).append(a)
    out: list[ActionItem] = []
    for listings in groups.values():
        listings.sort(key=when)
        latest = listings[-1]
        due = latest.due or next((a.due for a in reversed(listings) if a.due), None)
        merged = ActionItem(
            mentee_id=latest.mentee_id, text=latest.text, owner=latest.owner, due=due, status=latest.status,
            done_on=latest.done_on, session_id=latest.session_id, position=latest.position,
        )  # fmt: skip
        if merged.status == "open" or any(in_period(session_dates.get(a.session_id or "")) for a in listings):
            out.append(merged)
    return sorted(out, key=lambda a: (a.status != "open", a.due or dt.date.max, " ".join(words(a.text))))


def known_people(journal: Journal, mentee: Mentee) -> list[KnownPerson]:
    """Everyone redaction must replace: the mentee by their pseudonym, every other name by its stable
    "Person N" (see ``labels``). Other mentees are people too here: their pseudonyms would tell the reader
    that they exist."""
    from mentorjournal.export.labels import known_people as stable_known_people

    return stable_known_people(journal, mentee)
