"""Everything held about a mentee, for answering their request for access (UK/EU GDPR, article 15).

Unlike a summary, this holds all of it: the profile, the agreement, goals with their progress, every
session with every section (private notes and reflections included: they are about the mentee), action
items, concern records, and the export log's entries about them. What it must not disclose is other
people: every free-text field goes through the redaction engine with every other mentee and every known
person as a third party ("Person N"), and personal data the engine finds (e-mail addresses, phone numbers,
identifiers...) is removed unless it is the mentee's own (their name, aliases, contact, organisation and
role stay). The review is the same as an export's (``AccessReview``: each finding accepted or rejected,
known third-party names never kept), and every free-text field is re-scanned after redaction, before
anything is rendered or written.

The document is Markdown for reading, or JSON for a machine; both come from the same reviewed dict. The
mentor should still read it before it goes: the law lets some things be withheld (e.g. a safeguarding
concern where disclosure would put someone at risk), and that is a judgement no program makes.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from mentorjournal.errors import ExportRefused, UsageError
from mentorjournal.export.findings import Finding, KnownPerson
from mentorjournal.export.redaction import apply, residue, scan
from mentorjournal.inert import inert_for_terminal
from mentorjournal.journal import Journal, Mentee, codec
from mentorjournal.journal.model import JournalObject
from mentorjournal.journal.text import fold

AccessFormat = Literal["md", "json"]
ACCESS_FORMATS: tuple[AccessFormat, ...] = ("md", "json")
JSON_SCHEMA_VERSION = 1
UNREJECTABLE = frozenset({"name"})  # a third party's known name always goes

# Fields that are dates, times, numbers or fixed choices: not free text, never scanned.
_NOT_TEXT = frozenset(
    {"schema", "date", "time", "start_time", "due", "done_on", "target_date", "next_meeting", "starts", "ends",
     "review_on", "status", "owner", "percent", "position", "started", "ended", "duration_minutes",
     "session_minutes", "retain_months", "consent_share_summaries_with_coordinator", "archived", "pseudonym"}
)  # fmt: skip


def _record(obj: JournalObject) -> dict[str, Any]:
    """A record as the mentee may read it: its body without the vault's internal ids."""
    body = codec.to_body(obj)
    return {k: v for k, v in body.items() if k != "schema" and not k.endswith("_id") and not k.endswith("_ids")}


def _export_entry(entry: dict[str, Any]) -> dict[str, Any]:
    keep = ("at", "audience", "format", "since", "until", "destination", "redactions", "unredacted")
    return {k: entry.get(k) for k in keep}


def collect(journal: Journal, mentee: Mentee, export_log: list[dict[str, Any]]) -> dict[str, Any]:
    """Every record about ``mentee`` (unredacted, in memory only). ``export_log``: the vault's export log."""
    sessions = sorted(journal.sessions(mentee_id=mentee.id), key=lambda s: (s.date, s.start_time is None, s.id))
    agreement = journal.agreement(mentee.id)
    profile = _record(mentee)
    return {
        "schema": JSON_SCHEMA_VERSION,
        "kind": "subject-access",
        "generated_on": journal.today().isoformat(),
        "mentee": profile,
        "agreement": _record(agreement) if agreement else None,
        "goals": [_record(g) for g in journal.goals(mentee.id)],
        "sessions": [_record(s) for s in sessions],
        "actions": [_record(a) for a in journal.actions(mentee.id)],
        "concerns": [_record(c) for c in journal.concerns(mentee.id)],
        "exports": [_export_entry(e) for e in export_log if e.get("mentee_id") == mentee.id],
    }


def _texts(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every free-text string in the document, with its path (the profile and the export log are not text)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if path == () and key in ("mentee", "exports", "schema", "kind", "generated_on", "third_parties_removed"):
                continue
            if key in _NOT_TEXT:
                continue
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, str) and value.strip():
        yield path, value


def _set(doc: dict[str, Any], path: tuple[Any, ...], text: str) -> None:
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = text


@dataclass
class AccessItem:
    index: int
    path: tuple[Any, ...]
    finding: Finding
    accepted: bool | None = None


class AccessReview:
    """Findings of third parties in the document, to accept (remove) or reject (keep), then the re-scan."""

    def __init__(self, doc: dict[str, Any], mentee: Mentee, third_parties: list[KnownPerson]) -> None:
        self.doc = doc
        self.third_parties = third_parties
        self.own = _own_values(mentee)
        own_label = "\x00own"  # matched as a known person so it outranks pattern and possible-name findings
        people = [KnownPerson(own_label, tuple(mentee.names)), *third_parties]
        self.texts = dict(_texts(doc))
        self.items: list[AccessItem] = []
        self.kept_own = 0
        for path, text in self.texts.items():
            for finding in scan(text, people):
                if finding.replacement == own_label or self._is_own(finding):
                    self.kept_own += 1
                    continue
                self.items.append(AccessItem(len(self.items), path, finding))

    def _is_own(self, finding: Finding) -> bool:
        value = fold(finding.text).strip()
        return bool(value) and any(value == own or (len(value) > 3 and value in own) for own in self.own)

    @property
    def complete(self) -> bool:
        return all(item.accepted is not None for item in self.items)

    def decide(self, index: int, accept: bool) -> None:
        item = self.items[index]
        if not accept and item.finding.kind in UNREJECTABLE:
            raise UsageError("a third party's known name is always removed")
        item.accepted = accept

    def accept_all(self) -> None:
        for item in self.items:
            item.accepted = True

    def counts(self) -> dict[str, int]:
        return dict(Counter(i.finding.kind for i in self.items if i.accepted))

    def redacted(self) -> dict[str, Any]:
        if not self.complete:
            raise ExportRefused(f"{sum(i.accepted is None for i in self.items)} finding(s) not reviewed yet")
        out = copy.deepcopy(self.doc)
        for path, text in self.texts.items():
            chosen = [i.finding for i in self.items if i.path == path and i.accepted]
            if chosen:
                _set(out, path, apply(text, chosen))
        out["third_parties_removed"] = dict(sorted(self.counts().items()))
        return out

    def final_check(self, redacted: dict[str, Any]) -> None:
        """Refuse to write if a free-text field of ``redacted`` still holds a known third party's name or
        personal data not kept. The fields are re-scanned one by one, as written: the rest of the document is
        dates, numbers, fixed choices and the mentee's own profile, which the rendering only lays out (and in
        which a timestamp's digits could pass for a phone number)."""
        kept = {(i.finding.kind, fold(i.finding.text)) for i in self.items if i.accepted is False}
        left: list[Finding] = []
        for _path, text in _texts(redacted):
            left += [f for f in residue(text, self.third_parties) if not self._is_own(f)]
        left = [f for f in left if (f.kind, fold(f.text)) not in kept]
        if left:
            kinds = Counter(f.kind for f in left)
            listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
            raise ExportRefused(f"the final re-scan still finds {listed} of third parties; nothing was written")


def _own_values(mentee: Mentee) -> list[str]:
    values = [*mentee.names, mentee.contact, mentee.organisation, mentee.role, mentee.programme]
    return [fold(v).strip() for v in values if v and v.strip()]


def third_parties(journal: Journal, mentee: Mentee) -> list[KnownPerson]:
    """Every other known person and mentee, as "Person N" (numbered by name, stable within a document)."""
    others = [p.names for p in journal.people()] + [m.names for m in journal.mentees() if m.id != mentee.id]
    named = sorted((tuple(x) for x in others if x), key=lambda t: t[0].casefold())
    return [KnownPerson(f"Person {n}", names) for n, names in enumerate(named, 1)]


# --- rendering -----------------------------------------------------------------------------------

_SECTIONS = (
    ("agreement", "Agreement"),
    ("goals", "Goals"),
    ("sessions", "Sessions"),
    ("actions", "Action items"),
    ("concerns", "Concern records"),
    ("exports", "Exports made about you"),
)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)}: {_value(v)}" for k, v in value.items())
    return inert_for_terminal(str(value))


def _fields(record: dict[str, Any]) -> list[str]:
    out = []
    for key, value in record.items():
        text = _value(value)
        if "\n" in text:
            out += [f"- {_label(key)}:", "", *("    " + line for line in text.splitlines()), ""]
        else:
            out.append(f"- {_label(key)}: {text}")
    return out


def to_markdown(doc: dict[str, Any]) -> str:
    name = _value(doc["mentee"].get("name"))
    lines = [
        f"# Everything held about {name}",
        "",
        f"Prepared on {doc['generated_on']} in answer to a request for access. Names and details of other "
        "people have been removed.",
        "",
        "## Profile",
        "",
        *_fields(doc["mentee"]),
    ]
    for key, title in _SECTIONS:
        value = doc.get(key)
        lines += ["", f"## {title}", ""]
        if not value:
            lines.append("None recorded.")
            continue
        for n, record in enumerate(value if isinstance(value, list) else [value], 1):
            if isinstance(value, list):
                lines += [f"### {n}. {_value(record.get('date') or record.get('title') or record.get('at') or '')}", ""]
            lines += [*_fields(record), ""]
    removed = doc.get("third_parties_removed") or {}
    if removed:
        lines += ["", "## Removed", "", "Details of other people removed: "
                  + ", ".join(f"{kind} {n}" for kind, n in removed.items()) + "."]  # fmt: skip
    return "\n".join(lines).rstrip() + "\n"


def render_access(doc: dict[str, Any], fmt: AccessFormat) -> str:
    if fmt == "md":
        return to_markdown(doc)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    raise UsageError(f"a subject access document is one of: {', '.join(ACCESS_FORMATS)}")
