"""`search`: everything the mentor wrote, case- and accent-insensitive, in memory."""

from __future__ import annotations

import argparse
from typing import Any

from mentorjournal.cli.arguments import command
from mentorjournal.cli.context import CliContext
from mentorjournal.cli.output import fmt, short
from mentorjournal.journal import ConcernRecord, Journal, SearchHit, Session


def register(sub: Any) -> None:
    p = command(sub, "search", cmd_search, "search everything you wrote (case- and accent-insensitive)", json=True)
    p.add_argument("query", nargs="+")
    p.add_argument("--mentee")
    p.add_argument("--limit", type=int, default=20)


def _owner(journal: Journal, h: SearchHit) -> str:
    return journal.mentee_name(getattr(h.obj, "mentee_id", "") or h.obj.id)


def _hit_json(journal: Journal, h: SearchHit) -> dict[str, Any]:
    return {
        "kind": h.kind,
        "id": h.obj.id,
        "score": h.score,
        "field": h.field,
        "snippet": h.snippet,
        "mentee": _owner(journal, h),
        "date": fmt(h.obj.date) if isinstance(h.obj, Session | ConcernRecord) else None,
    }


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.open_journal(read_only=True)
    mentee_id = journal.find_mentee(args.mentee).id if args.mentee else None
    query = " ".join(args.query)
    hits = journal.search(query, mentee_id=mentee_id, limit=max(args.limit, 0))
    if args.json:
        ctx.print_json([_hit_json(journal, h) for h in hits])
        return 0
    if not hits:
        ctx.info("No matches.")
    for h in hits:
        when = f"{fmt(h.obj.date)}  " if isinstance(h.obj, Session | ConcernRecord) else ""
        owner = _owner(journal, h) if h.kind != "person" else "-"
        ctx.print(f"{short(h.obj.id)}  {h.kind:8} {when}{owner}  [{h.field}] {h.snippet}")
    return 0
