"""The forms of the records a mentee page edits besides sessions: the agreement (with consent to
share), people named in notes, concern records and goal progress. Each returns a ``RecordForm`` whose
save reads the fields with the app's field readers and stores through ``Journal.save``.
"""

from __future__ import annotations

import copy
import datetime as dt

from mentorjournal.errors import InvalidInput
from mentorjournal.journal import SESSION_FORMATS, Agreement, ConcernRecord, Goal, Journal, Person
from mentorjournal.journal.dates import parse_time
from mentorjournal.tui.dialogs.record_form import FormField, RecordForm
from mentorjournal.tui.forms import parse_date, parse_minutes, parse_percent, split_list


def _date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def agreement_form(journal: Journal, mentee_id: str) -> RecordForm[Agreement]:
    """The mentoring agreement: goals, cadence, length, format, dates, confidentiality, consent to share."""
    current = journal.agreement(mentee_id) or Agreement(mentee_id=mentee_id)
    fields = [
        FormField("goals", "Goals agreed", current.goals, "long"),
        FormField("cadence", "Cadence", current.cadence, placeholder="monthly, every two weeks…"),
        FormField("minutes", "Session minutes", str(current.session_minutes or ""), placeholder="60"),
        FormField("format", "Format", current.format, "choice", SESSION_FORMATS),
        FormField("starts", "Starts", _date_text(current.starts), placeholder="YYYY-MM-DD"),
        FormField("review", "Review on", _date_text(current.review_on), placeholder="YYYY-MM-DD"),
        FormField("ends", "Ends", _date_text(current.ends), placeholder="YYYY-MM-DD"),
        FormField("confidentiality", "Confidentiality", current.confidentiality, "long"),
        FormField("limits", "Its limits", current.confidentiality_limits, "long"),
        FormField(
            "consent",
            "Consent to share",
            "1" if current.consent_share_summaries_with_coordinator else "",
            "check",
            placeholder="progress summaries may go to the coordinator",
        ),
        FormField("coordinator", "Coordinator", current.coordinator, placeholder="a name or role"),
        FormField("consent_notes", "Consent notes", current.consent_notes, "long"),
    ]

    def save(v: dict[str, str]) -> Agreement:
        a = copy.deepcopy(current)
        a.goals, a.cadence, a.format = v["goals"].strip(), v["cadence"].strip(), v["format"]
        a.session_minutes = parse_minutes(v["minutes"], "session minutes")
        a.starts = parse_date(v["starts"], "the start date")
        a.review_on = parse_date(v["review"], "the review date")
        a.ends = parse_date(v["ends"], "the end date")
        a.confidentiality, a.confidentiality_limits = v["confidentiality"].strip(), v["limits"].strip()
        a.consent_share_summaries_with_coordinator = bool(v["consent"])
        a.coordinator, a.consent_notes = v["coordinator"].strip(), v["consent_notes"].strip()
        return journal.save(a)

    return RecordForm("The mentoring agreement", fields, save)


def person_form(journal: Journal, person: Person) -> RecordForm[Person]:
    """A third party named in notes: their name and aliases are replaced in every export."""
    mentees = {m.name: m.id for m in journal.mentees()}
    linked = next((name for name, mid in mentees.items() if mid == person.mentee_id), "")
    fields = [
        FormField("name", "Name", person.name, placeholder="as you write it in notes"),
        FormField("aliases", "Aliases", ", ".join(person.aliases), placeholder="first name, nickname…"),
        FormField("relationship", "Relationship", person.relationship, placeholder="her line manager"),
        FormField("mentee", "Mentee", linked, "choice", tuple(mentees)),
        FormField("notes", "Notes", person.notes, "long"),
    ]

    def save(v: dict[str, str]) -> Person:
        p = copy.deepcopy(person)
        p.name = v["name"].strip()
        if not p.name:
            raise InvalidInput("a person needs a name")
        p.aliases = list(dict.fromkeys(split_list(v["aliases"])))
        p.relationship, p.notes = v["relationship"].strip(), v["notes"].strip()
        p.mentee_id = mentees.get(v["mentee"]) if v["mentee"] else None
        return journal.save(p)

    return RecordForm("Edit person" if person.id else "New person", fields, save)


def concern_form(journal: Journal, concern: ConcernRecord) -> RecordForm[ConcernRecord]:
    """A safeguarding or wellbeing concern, recorded as it happened. Never exported."""
    fields = [
        FormField("date", "Date", _date_text(concern.date), placeholder="YYYY-MM-DD"),
        FormField("time", "Time", concern.time.strftime("%H:%M") if concern.time else "", placeholder="HH:MM"),
        FormField("place", "Where", concern.place, placeholder="session (video), a call…"),
        FormField("words", "Words used", concern.words, "long"),
        FormField("said_by", "Said by", concern.said_by),
        FormField("response", "Your response", concern.response, "long"),
        FormField("action", "Action taken", concern.action_taken, "long"),
        FormField("informed", "Who was informed", concern.informed),
        FormField("consent", "Consent", concern.consent, placeholder="their consent, or why without it"),
    ]

    def save(v: dict[str, str]) -> ConcernRecord:
        c = copy.deepcopy(concern)
        c.date = parse_date(v["date"], "the date", required=True) or c.date
        c.time = parse_time(v["time"], "the time") if v["time"].strip() else None
        c.place, c.words, c.said_by = v["place"].strip(), v["words"].strip(), v["said_by"].strip()
        c.response, c.action_taken = v["response"].strip(), v["action"].strip()
        c.informed, c.consent = v["informed"].strip(), v["consent"].strip()
        if not c.words:
            raise InvalidInput("write down the words used (as close to verbatim as you can)")
        return journal.save(c)

    return RecordForm("Edit concern record" if concern.id else "New concern record", fields, save)


def progress_form(journal: Journal, goals: list[Goal], today: dt.date) -> RecordForm[Goal]:
    """Progress on one of a mentee's goals: a percentage, a comment, or both."""
    titles = {f"{g.title} ({g.percent or 0}%)": g.id for g in goals}
    fields = [
        FormField("goal", "Goal", next(iter(titles), ""), "choice", tuple(titles)),
        FormField("percent", "Percent", "", placeholder="0-100 (optional)"),
        FormField("comment", "Comment", "", "long"),
        FormField("date", "Date", today.isoformat()),
        FormField("status", "Status", "", "choice", ("open", "achieved", "dropped", "paused")),
    ]

    def save(v: dict[str, str]) -> Goal:
        goal_id = titles.get(v["goal"])
        if goal_id is None:
            raise InvalidInput("choose a goal")
        percent = parse_percent(v["percent"], "the percentage")
        comment = v["comment"].strip()
        when = parse_date(v["date"], "the date", required=True) or today
        if percent is None and not comment and not v["status"]:
            raise InvalidInput("give a percentage, a comment or a new status")
        goal = (
            journal.add_progress(goal_id, on=when, percent=percent, comment=comment)
            if (percent is not None or comment)
            else journal.goal(goal_id)
        )
        if v["status"] and v["status"] != goal.status:
            goal.status = v["status"]
            goal = journal.save(goal)
        return goal

    return RecordForm("Goal progress", fields, save)
