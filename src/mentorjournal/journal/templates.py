"""Note templates: the headings a mentor starts a session note from, stored encrypted in the vault.

Four come built in (a first meeting and agreement, a regular GROW session, a mid-point review, a
closing session). They are offered until the mentor edits one: an edit is saved as a ``template``
record (sealed like every record, through ``Journal.keep_record``) and from then on the vault's
version is the one offered. Deleting a built-in one keeps a record marked ``hidden``, so it does not
come back; deleting one of the mentor's own writes a tombstone.

Templates hold no mentee data, but they are the mentor's words: they stay in the vault. This module
must never import Textual.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from mentorjournal.errors import InvalidInput
from mentorjournal.journal.journal import Journal

TEMPLATE_KIND = "template"
TEMPLATE_SCHEMA = 1
TEMPLATE_FIELDS = ("notes", "shared_summary", "actions", "reflection")


@dataclass(frozen=True)
class Template:
    name: str
    notes: str = ""
    shared_summary: str = ""
    actions: str = ""  # checklist lines in the note format
    reflection: str = ""
    builtin: str = ""  # the built-in template this one is (or replaces), by key
    record_id: str = ""  # "" for a built-in one not edited yet
    saved_at: dt.datetime | None = None


BUILT_IN: tuple[Template, ...] = (
    Template(
        "First meeting and agreement",
        notes="Who they are, where they work, what brought them to mentoring:\n\n"
        "What they hope to get from it:\n\nHow they like to work (format, cadence, contact between sessions):\n",
        shared_summary="We met for the first time and agreed how we will work together.\n\n"
        "Goals for the mentoring:\n- \n\nHow we will meet:\n",
        actions="- [ ] mentor: write up and share the agreement\n- [ ] mentee: think about a first goal",
        reflection="First impressions, and what I need to be careful about:\n",
        builtin="first",
    ),
    Template(
        "Regular session (GROW)",
        notes="Goal: what they want from this session\n\nReality: where things stand now\n\n"
        "Options: what they could do\n\nWill: what they will do, by when\n",
        shared_summary="We discussed \n\nAgreed next steps:\n",
        actions="",
        reflection="What went well, what I would do differently:\n",
        builtin="grow",
    ),
    Template(
        "Mid-point review",
        notes="Progress on each goal since we started:\n\nWhat has helped, what has not:\n\n"
        "Is the agreement still right (cadence, format, goals)?\n",
        shared_summary="We reviewed progress half-way through the mentoring.\n\nProgress:\n- \n\n"
        "For the second half:\n",
        actions="- [ ] mentor: update the agreement if anything changed",
        reflection="How the relationship is going:\n",
        builtin="midpoint",
    ),
    Template(
        "Closing session",
        notes="What has changed since the first meeting:\n\nWhat they will keep doing on their own:\n",
        shared_summary="Our final session. Looking back on the goals:\n- \n\nWhat comes next:\n",
        actions="",
        reflection="What I learnt as a mentor:\n",
        builtin="closing",
    ),
)


def _body(t: Template, *, hidden: bool = False) -> dict[str, Any]:
    fields = {f: getattr(t, f) for f in TEMPLATE_FIELDS}
    return {"schema": TEMPLATE_SCHEMA, "name": t.name, "builtin": t.builtin, "hidden": hidden, **fields}


def _from_body(body: dict[str, Any], record_id: str, saved_at: dt.datetime) -> Template | None:
    values = {k: body.get(k, "") for k in ("name", "builtin", *TEMPLATE_FIELDS)}
    if not all(isinstance(v, str) for v in values.values()) or not values["name"]:
        return None
    return dataclasses.replace(Template(""), **values, record_id=record_id, saved_at=saved_at)


def templates(journal: Journal) -> list[Template]:
    """The templates offered: the vault's, then the built-in ones not replaced or hidden; by name."""
    stored: list[Template] = []
    replaced: set[str] = set()
    for record_id, body, written in journal.kept_records(TEMPLATE_KIND):
        template = _from_body(body, record_id, written)
        if template is None:
            continue
        if template.builtin:
            replaced.add(template.builtin)
        if body.get("hidden") is not True:
            stored.append(template)
    offered = stored + [t for t in BUILT_IN if t.builtin not in replaced]
    return sorted(offered, key=lambda t: t.name.casefold())


def save_template(journal: Journal, template: Template) -> Template:
    """Store a template (a new revision when it was stored before; a built-in one becomes the vault's)."""
    if not template.name.strip():
        raise InvalidInput("a template needs a name")
    record_id, written = journal.keep_record(TEMPLATE_KIND, _body(template), record_id=template.record_id)
    return dataclasses.replace(template, name=template.name.strip(), record_id=record_id, saved_at=written)


def delete_template(journal: Journal, template: Template) -> None:
    """Remove a template. A built-in one is kept as hidden (so it is not offered again); others go."""
    if template.builtin:
        journal.keep_record(TEMPLATE_KIND, _body(template, hidden=True), record_id=template.record_id)
    else:
        journal.drop_record(TEMPLATE_KIND, template.record_id)
