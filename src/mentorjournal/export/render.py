"""A (redacted) summary as Markdown, a standalone printable HTML page, plain text, or JSON.

One function per format, named by the format table (export/formats.py); ``render`` picks it.

Rendering adds only structure; every word of content comes from the ``Summary`` it is given. HTML is
escaped field by field. The JSON layout is documented in docs/export.md and docs/export-schema.json.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
from collections.abc import Callable
from typing import Any, cast

from mentorjournal.export.formats import FORMAT_NAMES, Format, export_format
from mentorjournal.export.summary import Summary
from mentorjournal.inert import inert_for_terminal

FORMATS = FORMAT_NAMES  # the registry's names (export/formats.py), for callers that list them
JSON_SCHEMA_VERSION = 1

_AUDIENCE = {"coordinator": "the programme coordinator", "mentee": "the mentee"}


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def _period(s: Summary) -> str:
    if s.since or s.until:
        return f"{_d(s.since) if s.since else 'the start'} to {_d(s.until) if s.until else _d(s.generated_on)}"
    return f"all sessions to {_d(s.generated_on)}"


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def _percent(p: int | None) -> str:
    return f"{p}%" if p is not None else "—"


def _facts(s: Summary) -> list[tuple[str, str]]:
    e = s.engagement
    return [
        ("Sessions held", str(e.sessions_held)),
        ("Total time", _hours(e.total_minutes)),
        ("First session", _d(e.first_meeting)),
        ("Last session", _d(e.last_meeting)),
        ("Next meeting", _d(e.next_meeting)),
    ]


def _notes(s: Summary) -> list[str]:
    out = []
    if s.passages_without_consent:
        out.append(
            f"{s.passages_without_consent} shared session summary(ies) are not included: the agreement does "
            "not record the mentee's consent to share them with the coordinator."
        )
    if s.private_passages_withheld:
        out.append(f"{s.private_passages_withheld} passage(s) marked private were withheld.")
    return out


def to_markdown(s: Summary) -> str:
    lines = [
        f"# Progress summary: {s.pseudonym}",
        "",
        f"For {_AUDIENCE[s.audience]}. Period: {_period(s)}. Prepared on {_d(s.generated_on)}.",
        "",
        "## Engagement",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in _facts(s)]
    if s.engagement.session_dates:
        lines.append("- Session dates: " + ", ".join(d.isoformat() for d in s.engagement.session_dates))
    lines += ["", "## Goals", ""]
    lines += [
        f"- {g.title} — {g.status}, progress {_percent(g.percent)}, target {_d(g.target_date)}" for g in s.goals
    ] or ["No goals recorded."]
    lines += ["", "## Action items", ""]
    lines += [
        f"- [{'x' if a.status == 'done' else ' '}] {a.text} (owner: {a.owner}; due {_d(a.due)}; {a.status})"
        for a in s.actions
    ] or ["No action items."]
    if s.passages:
        lines += ["", "## From the sessions", ""]
        for p in s.passages:
            lines += [f"### {p.date.isoformat()}", "", p.text, ""]
    notes = _notes(s)
    if notes:
        lines += ["", "## Notes", ""][1 if lines[-1] == "" else 0 :] + [f"- {n}" for n in notes]  # one blank line
    return "\n".join(lines).rstrip() + "\n"


def to_text(s: Summary) -> str:
    title = f"Progress summary: {s.pseudonym}"
    lines = [title, "=" * len(title), "", f"For {_AUDIENCE[s.audience]}. Period: {_period(s)}."]
    lines += [f"Prepared on {_d(s.generated_on)}.", "", "ENGAGEMENT"]
    lines += [f"  {k + ':':15} {v}" for k, v in _facts(s)]
    lines += ["", "GOALS"]
    lines += [f"  * {g.title}: {g.status}, {_percent(g.percent)}, target {_d(g.target_date)}" for g in s.goals] or [
        "  (none)"
    ]
    lines += ["", "ACTION ITEMS"]
    lines += [f"  * {a.text} [{a.owner}, due {_d(a.due)}, {a.status}]" for a in s.actions] or ["  (none)"]
    if s.passages:
        lines += ["", "FROM THE SESSIONS"]
        for p in s.passages:
            lines += ["", f"  {p.date.isoformat()}"] + [f"    {line}" for line in p.text.splitlines()]
    notes = _notes(s)
    if notes:
        lines += ["", "NOTES"] + [f"  * {n}" for n in notes]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font: 11pt/1.45 Georgia, serif; max-width: 44em; margin: 2em auto; color: #222; }
h1 { font-size: 1.6em; border-bottom: 2px solid #444; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { padding: .2em .8em .2em 0; text-align: left; vertical-align: top; }
.meta, .notes { color: #555; } blockquote { margin: .4em 0 1em 1em; white-space: pre-wrap; }
@media print { body { margin: 0; } }
"""


def _table(headings: tuple[str, ...], rows: str, empty: str) -> str:
    if not rows:
        return f"<p>{html.escape(empty)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headings)
    return f"<table><tr>{head}</tr>{rows}</table>"


def to_html(s: Summary) -> str:
    e = html.escape
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _facts(s))
    goals = "".join(
        f"<tr><td>{e(g.title)}</td><td>{e(g.status)}</td><td>{e(_percent(g.percent))}</td>"
        f"<td>{e(_d(g.target_date))}</td></tr>"
        for g in s.goals
    )
    actions = "".join(
        f"<tr><td>{e(a.text)}</td><td>{e(a.owner)}</td><td>{e(_d(a.due))}</td><td>{e(a.status)}</td></tr>"
        for a in s.actions
    )
    passages = "".join(f"<h3>{e(p.date.isoformat())}</h3><blockquote>{e(p.text)}</blockquote>" for p in s.passages)
    notes = "".join(f"<li>{e(n)}</li>" for n in _notes(s))
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Progress summary: {e(s.pseudonym)}</title><style>{_CSS}</style></head><body>"
        f"<h1>Progress summary: {e(s.pseudonym)}</h1>"
        f"<p class='meta'>For {e(_AUDIENCE[s.audience])}. Period: {e(_period(s))}. "
        f"Prepared on {e(_d(s.generated_on))}.</p>"
        f"<h2>Engagement</h2><table>{rows}</table>"
        f"<h2>Goals</h2>{_table(('Goal', 'Status', 'Progress', 'Target'), goals, 'No goals recorded.')}"
        f"<h2>Action items</h2>{_table(('Action', 'Owner', 'Due', 'Status'), actions, 'No action items.')}"
        f"{'<h2>From the sessions</h2>' + passages if passages else ''}"
        f"{'<h2>Notes</h2><ul class=notes>' + notes + '</ul>' if notes else ''}"
        "</body></html>\n"
    )


def to_json_value(s: Summary) -> dict[str, Any]:
    e = s.engagement
    return {
        "schema": JSON_SCHEMA_VERSION,
        "mentee": s.pseudonym,
        "audience": s.audience,
        "period": {"since": _iso(s.since), "until": _iso(s.until)},
        "generated_on": s.generated_on.isoformat(),
        "engagement": {
            "sessions_held": e.sessions_held,
            "total_minutes": e.total_minutes,
            "session_dates": [d.isoformat() for d in e.session_dates],
            "first_meeting": _iso(e.first_meeting),
            "last_meeting": _iso(e.last_meeting),
            "next_meeting": _iso(e.next_meeting),
        },
        "goals": [
            {"title": g.title, "status": g.status, "percent": g.percent, "target_date": _iso(g.target_date)}
            for g in s.goals
        ],
        "actions": [
            {"text": a.text, "owner": a.owner, "due": _iso(a.due), "status": a.status, "done_on": _iso(a.done_on)}
            for a in s.actions
        ],
        "passages": [{"date": p.date.isoformat(), "text": p.text} for p in s.passages],
        "withheld": {
            "private_passages": s.private_passages_withheld,
            "passages_without_consent": s.passages_without_consent,
        },
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _inert(s: Summary) -> Summary:
    """Control characters from the vault become visible escapes: whoever `cat`s the file is not attacked."""
    out = copy.deepcopy(s)
    for goal in out.goals:
        goal.title = inert_for_terminal(goal.title)
        goal.status = inert_for_terminal(goal.status)
    for action in out.actions:
        action.text = inert_for_terminal(action.text)
        action.owner = inert_for_terminal(action.owner)
        action.status = inert_for_terminal(action.status)
    for passage in out.passages:
        passage.text = inert_for_terminal(passage.text)
    out.pseudonym = inert_for_terminal(out.pseudonym)
    return out


def to_json_text(s: Summary) -> str:
    return json.dumps(to_json_value(s), ensure_ascii=False, indent=2) + "\n"


def render(s: Summary, fmt: Format) -> str:
    """The summary in the format named ``fmt`` (a name in ``formats.FORMATS``)."""
    renderer = cast(Callable[[Summary], str], globals()[export_format(fmt).renderer])
    return renderer(_inert(s))
