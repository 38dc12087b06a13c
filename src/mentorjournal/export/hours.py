"""The hours log a programme office or an accreditation body asks for: when, with whom, how long, how.

A row per session holds the date, the mentee's label (their pseudonym, or their name only when the mentor
confirms a plaintext copy), the minutes, the kind of contact and the programme. Nothing else of a session
is ever read into a ``HoursLog``: no notes, summaries, titles or tags, so none can leak from it. The kind
of contact is free text in a session; the log keeps it only when it is one of ``SESSION_FORMATS`` and
writes "other" for anything else, since a mentor may have typed a name or a place into it.

Totals come per mentee, per month and overall. Sessions without a recorded duration count as sessions
but add no minutes; the log says how many there were. Rendering is Markdown, CSV or JSON; a CSV cell that
a spreadsheet would run as a formula is neutralised (``csv_cell``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from mentorjournal.errors import UsageError
from mentorjournal.inert import inert_for_terminal
from mentorjournal.journal import SESSION_FORMATS, Journal
from mentorjournal.journal.text import fold

HoursFormat = Literal["md", "csv", "json"]
HOURS_FORMATS: tuple[HoursFormat, ...] = ("md", "csv", "json")
JSON_SCHEMA_VERSION = 1
COLUMNS = ("date", "mentee", "minutes", "format", "programme")

# A spreadsheet runs a cell starting with one of these as a formula (or DDE command); tab and carriage
# return are how some importers hide such a start. See OWASP's "CSV Injection".
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class HoursRow:
    date: dt.date
    mentee: str  # the label: a pseudonym, or the name when names were asked for
    minutes: int | None
    format: str  # one of SESSION_FORMATS, "other", or "" when none was recorded
    programme: str


@dataclass(frozen=True)
class Total:
    key: str  # the mentee label, or the month as YYYY-MM
    sessions: int
    minutes: int
    without_duration: int


@dataclass
class HoursLog:
    since: dt.date | None
    until: dt.date | None
    generated_on: dt.date
    names: bool  # True: labels are real names (a plaintext document about people)
    rows: list[HoursRow] = field(default_factory=list)

    @property
    def per_mentee(self) -> list[Total]:
        return _totals(self.rows, lambda r: r.mentee)

    @property
    def per_month(self) -> list[Total]:
        return _totals(self.rows, lambda r: r.date.strftime("%Y-%m"))

    @property
    def overall(self) -> Total:
        return _total("all", self.rows)


def _total(key: str, rows: list[HoursRow]) -> Total:
    return Total(
        key=key,
        sessions=len(rows),
        minutes=sum(r.minutes or 0 for r in rows),
        without_duration=sum(1 for r in rows if r.minutes is None),
    )


def _totals(rows: list[HoursRow], key_of: Any) -> list[Total]:
    groups: dict[str, list[HoursRow]] = {}
    for row in rows:
        groups.setdefault(key_of(row), []).append(row)
    return [_total(key, groups[key]) for key in sorted(groups, key=lambda k: (fold(k), k))]


def contact_kind(value: str) -> str:
    """A session's format as the log may show it: a known kind, "other", or "" for none."""
    folded = " ".join(fold(value).replace("-", " ").split())
    if not folded:
        return ""
    for kind in SESSION_FORMATS:
        if folded == kind:
            return kind
    return "other"


def build_hours_log(
    journal: Journal,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    names: bool = False,
    mentee_ids: set[str] | None = None,
) -> HoursLog:
    """Every session in the period (inclusive), oldest first, labelled by pseudonym unless ``names``."""
    if since and until and since > until:
        raise UsageError("--since is after --until")
    mentees = {m.id: m for m in journal.mentees()}
    rows = []
    for s in journal.sessions(since=since, until=until):
        mentee = mentees.get(s.mentee_id)
        if mentee is None or (mentee_ids is not None and mentee.id not in mentee_ids):
            continue
        label = mentee.name if names else (mentee.pseudonym or "Mentee")
        rows.append(HoursRow(s.date, label, s.duration_minutes, contact_kind(s.format), mentee.programme))
    rows.sort(key=lambda r: (r.date, fold(r.mentee), r.mentee))
    return HoursLog(since=since, until=until, generated_on=journal.today(), names=names, rows=rows)


# --- rendering -----------------------------------------------------------------------------------


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe.

    Control characters are shown as escapes, as everywhere vault text leaves the vault."""
    shown = inert_for_terminal(value)
    return "'" + shown if value.startswith(_FORMULA_STARTS) or shown.startswith(_FORMULA_STARTS) else shown


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min"


def _period(log: HoursLog) -> str:
    start = log.since.isoformat() if log.since else "the first session"
    end = log.until.isoformat() if log.until else log.generated_on.isoformat()
    return f"{start} to {end}"


def _md_cell(value: str) -> str:
    return inert_for_terminal(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(log: HoursLog) -> str:
    lines = [
        "# Mentoring hours",
        "",
        f"Period: {_period(log)}. Prepared on {log.generated_on.isoformat()}."
        + (" Mentees are named (plaintext)." if log.names else " Mentees appear by pseudonym."),
        "",
        "## Sessions",
        "",
        "| Date | Mentee | Minutes | Format | Programme |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for r in log.rows:
        minutes = str(r.minutes) if r.minutes is not None else "—"
        cells = (r.date.isoformat(), r.mentee, minutes, r.format or "—", r.programme or "—")
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    if not log.rows:
        lines.append("| — | no sessions in this period | | | |")
    for title, totals in (("Per mentee", log.per_mentee), ("Per month", log.per_month)):
        lines += ["", f"## {title}", "", "| | Sessions | Minutes | Hours |", "| --- | ---: | ---: | ---: |"]
        for t in totals:
            lines.append(f"| {_md_cell(t.key)} | {t.sessions} | {t.minutes} | {_hours(t.minutes)} |")
    total = log.overall
    lines += ["", f"**Total:** {total.sessions} session(s), {total.minutes} minutes ({_hours(total.minutes)})."]
    if total.without_duration:
        lines.append(f"{total.without_duration} session(s) have no recorded duration and add no minutes.")
    return "\n".join(lines) + "\n"


def to_csv(log: HoursLog) -> str:
    """One row per session, then the totals as rows whose date column says what they total."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends: what spreadsheets expect
    writer.writerow(COLUMNS)
    for r in log.rows:
        minutes = str(r.minutes) if r.minutes is not None else ""
        writer.writerow([csv_cell(c) for c in (r.date.isoformat(), r.mentee, minutes, r.format, r.programme)])
    for t in log.per_mentee:
        writer.writerow([csv_cell(c) for c in ("total (mentee)", t.key, str(t.minutes), "", "")])
    for t in log.per_month:
        writer.writerow([csv_cell(c) for c in (f"total ({t.key})", "", str(t.minutes), "", "")])
    writer.writerow(["total", "", str(log.overall.minutes), "", ""])
    return out.getvalue()


def to_json_value(log: HoursLog) -> dict[str, Any]:
    def total(t: Total) -> dict[str, Any]:
        return {"sessions": t.sessions, "minutes": t.minutes, "without_duration": t.without_duration}

    return {
        "schema": JSON_SCHEMA_VERSION,
        "kind": "hours-log",
        "since": log.since.isoformat() if log.since else None,
        "until": log.until.isoformat() if log.until else None,
        "generated_on": log.generated_on.isoformat(),
        "labels": "names" if log.names else "pseudonyms",
        "sessions": [
            {
                "date": r.date.isoformat(),
                "mentee": r.mentee,
                "minutes": r.minutes,
                "format": r.format,
                "programme": r.programme,
            }
            for r in log.rows
        ],
        "per_mentee": [{"mentee": t.key, **total(t)} for t in log.per_mentee],
        "per_month": [{"month": t.key, **total(t)} for t in log.per_month],
        "total": total(log.overall),
    }


def render_hours(log: HoursLog, fmt: HoursFormat) -> str:
    if fmt == "md":
        return to_markdown(log)
    if fmt == "csv":
        return to_csv(log)
    if fmt == "json":
        return json.dumps(to_json_value(log), ensure_ascii=False, indent=2) + "\n"
    raise UsageError(f"format must be one of {', '.join(HOURS_FORMATS)}")
