"""The mentor's full plaintext copy of one mentee's records: the one export that is NOT redacted.

For a subject access request, a hand-over, or leaving the tool. It is reached only through an explicit,
confirmed act (``export --unredacted`` and a typed confirmation, or the app's confirm dialog), and the
caller warns that the result is plaintext. Sessions use the note format, so the copy can be re-imported.
"""

from __future__ import annotations

import datetime as dt

from mentorjournal.journal import Journal
from mentorjournal.journal.model import Mentee
from mentorjournal.journal.noteformat import render
from mentorjournal.journal.notes import note_for_session


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def full_record(journal: Journal, mentee: Mentee, *, since: dt.date | None = None, until: dt.date | None = None) -> str:
    out = [
        f"# {mentee.name} — full record (UNREDACTED PLAINTEXT)",
        "",
        "> This file holds everything recorded about this mentee, unredacted. Keep it encrypted or delete it.",
        "",
        "## Mentee",
        "",
        f"- Name: {mentee.name}",
        f"- Aliases: {', '.join(mentee.aliases) or '—'}",
        f"- Pseudonym: {mentee.pseudonym}",
        f"- Contact: {mentee.contact or '—'}",
        f"- Organisation / role: {mentee.organisation or '—'} / {mentee.role or '—'}",
        f"- Programme: {mentee.programme or '—'}",
        f"- Status: {mentee.status}; started {_d(mentee.started)}; ended {_d(mentee.ended)}",
    ]
    agreement = journal.agreement(mentee.id)
    if agreement:
        out += ["", "## Agreement", ""]
        out += [
            f"- Goals: {agreement.goals or '—'}",
            f"- Cadence: {agreement.cadence or '—'}; session length: {agreement.session_minutes or '—'} min",
            f"- Dates: starts {_d(agreement.starts)}, review {_d(agreement.review_on)}, ends {_d(agreement.ends)}",
            f"- Confidentiality: {agreement.confidentiality or '—'}",
            f"- Limits of confidentiality: {agreement.confidentiality_limits or '—'}",
            f"- Consent to share summaries with the coordinator: {agreement.consent_share_summaries_with_coordinator}",
            f"- Consent notes: {agreement.consent_notes or '—'}",
        ]
    goals = journal.goals(mentee.id)
    if goals:
        out += ["", "## Goals", ""]
        for g in goals:
            out.append(f"- {g.title} ({g.status}, target {_d(g.target_date)}): {g.detail}".rstrip(": "))
            out += [f"  - {p.date.isoformat()}: {p.percent if p.percent is not None else '—'}% {p.comment}"
                    for p in g.progress]  # fmt: skip
    concerns = journal.concerns(mentee.id)
    if concerns:
        out += ["", "## Concern records", ""]
        for c in concerns:
            out += [
                f"### {c.date.isoformat()} {c.place}".rstrip(),
                "",
                f"- Words used ({c.said_by or 'unknown'}): {c.words}",
                f"- Response: {c.response}",
                f"- Action taken: {c.action_taken}",
                f"- Informed: {c.informed}",
                f"- Consent or justification: {c.consent}",
                "",
            ]
    out += ["", "## Sessions", ""]
    for session in sorted(journal.sessions(mentee_id=mentee.id, since=since, until=until), key=lambda s: s.date):
        out += [render(note_for_session(journal, session)).rstrip(), "", "---", ""]
    return "\n".join(out).rstrip() + "\n"
