"""How commands show journal objects: short ids, dates, one-line text, JSON, and the shared list lines.

Printing itself goes through ``CliContext`` (which makes vault text inert on a terminal).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from mentorjournal.cli.context import CliContext
from mentorjournal.journal import ActionItem, Goal, Journal, JournalObject, codec

ACTION_BOX = {"open": "[ ]", "done": "[x]", "dropped": "[-]"}


def fmt(value: dt.date | dt.time | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value.isoformat()


def short(record_id: str | None) -> str:
    return record_id[:8] if record_id else "-"


def one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def record_json(journal: Journal, obj: JournalObject) -> dict[str, Any]:
    """The object's stored fields, plus its mentee's name when it belongs to one, and what a reader must
    know about the version shown: a conflict (``conflict``), or a vault whose damaged or misplaced files
    may hide a newer version (``vault_incomplete``)."""
    out = codec.to_json(obj)
    mentee_id = getattr(obj, "mentee_id", None)
    if mentee_id:
        out["mentee"] = journal.mentee_name(mentee_id)
    versions = conflict_versions(journal, obj.id)
    if versions > 1:
        out["conflict"] = {"versions": versions, "shown": "newest"}
    incomplete = vault_incomplete(journal)
    if incomplete:
        out["vault_incomplete"] = incomplete
    return out


def conflict_versions(journal: Journal, record_id: str) -> int:
    """How many current versions the record has (more than one: edited on two machines, unresolved)."""
    return len(journal.vault.graph.heads(record_id)) if record_id else 0


def vault_incomplete(journal: Journal) -> dict[str, Any] | None:
    """Damaged or misplaced record files at the last load: any record shown may be an older version."""
    report = journal.vault.last_load
    if report is None or not (report.damaged or report.unexpected):
        return None
    return {"damaged_files": len(report.damaged), "unexpected_files": len(report.unexpected), "may_be_older": True}


def conflict_mark(journal: Journal, record_id: str) -> str:
    """A line's marker for a record in conflict ("" when it is not)."""
    versions = conflict_versions(journal, record_id)
    return f"  [CONFLICT: {versions} versions, the newest shown; see `mentorjournal conflicts`]" if versions > 1 else ""


def incomplete_warning(journal: Journal) -> str:
    """One line for stdout when a shown record may be an older version ("" when not)."""
    found = vault_incomplete(journal)
    if found is None:
        return ""
    return (
        f"warning: {found['damaged_files']} damaged and {found['unexpected_files']} misplaced record file(s) in the "
        "vault: what is shown may be an older version (run `mentorjournal check`)"
    )


def print_object(ctx: CliContext, journal: Journal, obj: JournalObject, args: argparse.Namespace, line: str) -> None:
    """After a write: the saved object as JSON with ``--json``, else the one-line confirmation."""
    if getattr(args, "json", False):
        ctx.print_json(record_json(journal, obj))
    else:
        ctx.print(line)


def print_table(ctx: CliContext, rows: list[tuple[str, str]], width: int) -> None:
    for label, value in rows:
        ctx.print(f"{label + ':':{width}}{value}")


def goal_line(journal: Journal, g: Goal) -> str:
    pct = f"{g.percent}%" if g.percent is not None else "-"
    target = f"  target {fmt(g.target_date)}" if g.target_date else ""
    return f"{short(g.id)}  {journal.mentee_name(g.mentee_id)}  {g.status}  {pct}  {one_line(g.title)}{target}"


def action_line(journal: Journal, a: ActionItem) -> str:
    box = ACTION_BOX.get(a.status, "[?]")
    due = f"  due {fmt(a.due)}" if a.due else ""
    return f"{short(a.id)}  {box} {a.owner}: {one_line(a.text)}{due}  ({journal.mentee_name(a.mentee_id)})"
